"""The OpenAPI document: every endpoint described in Danish with realistic
examples that really work, the configured limits in the schema, and the error
body wherever an error can come back."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from goaltext_api.errors import ErrorResponse
from goaltext_api.openapi import openapi_examples
from goaltext_api.schemas import (
    AnalyzeResponse,
    BatchResponse,
    ExamplesResponse,
    HealthResponse,
    LabelsResponse,
    SuggestResponse,
)

OPERATIONS = [
    ("post", "/v1/analyze"),
    ("post", "/v1/analyze/batch"),
    ("post", "/v1/suggest"),
    ("get", "/v1/examples"),
    ("get", "/v1/labels"),
    ("get", "/v1/health"),
]
RESPONSE_MODELS: dict[str, type] = {
    "POST /v1/analyze": AnalyzeResponse,
    "POST /v1/analyze/batch": BatchResponse,
    "POST /v1/suggest": SuggestResponse,
    "GET /v1/examples": ExamplesResponse,
    "GET /v1/health": HealthResponse,
    "GET /v1/labels": LabelsResponse,
}


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def test_the_document_lists_exactly_the_api(schema: dict[str, Any]) -> None:
    listed = [(method, path) for path, item in schema["paths"].items() for method in item]
    assert sorted(listed) == sorted(OPERATIONS)
    assert schema["openapi"].startswith("3.1")
    assert "HTTPValidationError" not in schema["components"]["schemas"]  # FastAPI's {"detail": ...} is not ours


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_each_operation_is_described_in_danish_and_documents_its_errors(
    schema: dict[str, Any], method: str, path: str
) -> None:
    operation = schema["paths"][path][method]
    assert operation["summary"] and operation["description"]
    assert re.search(r"[æøå]| og | med | af | til ", operation["summary"] + operation["description"])
    error_ref = "#/components/schemas/ErrorResponse"
    for status, response in operation["responses"].items():
        if status.startswith(("4", "5")):
            assert response["content"]["application/json"]["schema"]["$ref"] == error_ref
    assert "500" in operation["responses"]
    if method == "post":
        assert {"400", "413", "415", "422"} <= set(operation["responses"])


@pytest.mark.parametrize(("key", "model"), sorted(RESPONSE_MODELS.items()))
def test_each_response_example_is_a_valid_answer(schema: dict[str, Any], key: str, model: type) -> None:
    method, path = key.split(" ")
    example = schema["paths"][path][method.lower()]["responses"]["200"]["content"]["application/json"]["example"]
    TypeAdapter(model).validate_python(example)


ERROR_EXAMPLES = [(key, int(status)) for key, by_status in openapi_examples()["errors"].items() for status in by_status]


@pytest.mark.parametrize(("key", "status"), ERROR_EXAMPLES)
def test_each_error_example_is_a_valid_error_body(schema: dict[str, Any], key: str, status: int) -> None:
    method, path = key.split(" ")
    example = schema["paths"][path][method.lower()]["responses"][str(status)]["content"]["application/json"]["example"]
    error = ErrorResponse.model_validate(example).error
    assert error.code == openapi_examples()["errors"][key][status][0]
    assert "{" not in error.message_da + error.message_en  # every placeholder filled


@pytest.mark.parametrize("key", sorted(openapi_examples()["requests"]))
def test_the_request_examples_get_the_documented_answer(client: TestClient, schema: dict[str, Any], key: str) -> None:
    method, path = key.split(" ")
    content = schema["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]
    request = content["examples"]["eksempel"]["value"]
    documented = schema["paths"][path][method.lower()]["responses"]["200"]["content"]["application/json"]["example"]
    response = client.post(path, json=request)
    assert response.status_code == 200, response.text
    assert response.json() == documented


def test_the_configured_limits_are_in_the_schema(make_client: Callable[..., TestClient]) -> None:
    schema = make_client(max_text_chars=1200, max_batch=50).get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["AnalyzeRequest"]["properties"]["text"]["maxLength"] == 1200
    assert components["SuggestRequest"]["properties"]["text"]["maxLength"] == 1200
    assert components["BatchRequest"]["properties"]["items"]["maxItems"] == 50
    # a batch item's text has no limit in the schema: a bad item is an error entry, not a refused batch
    assert "maxLength" not in components["BatchItemIn"]["properties"]["text"]
