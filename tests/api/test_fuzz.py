"""Fuzzing with schemathesis against the service's own OpenAPI document, in
process: for every operation, requests the schema allows must never get a
5xx and must be answered as documented; requests it forbids must be refused
with a 4xx. The number of examples is bounded (about 20 s in all)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

OPERATIONS = [
    ("POST", "/v1/analyze"),
    ("POST", "/v1/analyze/batch"),
    ("POST", "/v1/suggest"),
    ("GET", "/v1/examples"),
    ("GET", "/v1/labels"),
    ("GET", "/v1/health"),
]
WITHOUT_INPUT = {"/v1/labels", "/v1/health"}  # nothing to get wrong
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 25}


@pytest.fixture(scope="module")
def api_schema(make_client: Callable[..., TestClient]) -> Any:
    # small limits keep generated batches and texts quick to analyse
    client = make_client(max_text_chars=600, max_batch=20)
    return schemathesis.openapi.from_asgi("/openapi.json", client.app)


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    listed = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert listed == set(OPERATIONS)


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_server_errors_and_answers_as_documented(
    api_schema: Any, method: str, path: str, mode: GenerationMode
) -> None:
    if mode is GenerationMode.NEGATIVE and path in WITHOUT_INPUT:
        pytest.skip("an operation without input has no invalid requests")
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def fuzz(case: Any) -> None:
        case.call_and_validate()

    fuzz()
