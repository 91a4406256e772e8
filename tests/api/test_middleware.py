"""Security headers on every answer, the body-size limit (413) and the
catch-all: an unexpected error is a 500 with only an error id, logged by type
and id, never with the goal text."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer

GOAL = "Borgeren kan selv handle ind to gange om ugen."


@pytest.fixture(scope="module")
def small_body_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(max_body_bytes=2048)


REQUESTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/v1/analyze", {"text": GOAL}),
    ("POST", "/v1/analyze", {"text": ""}),  # 422
    ("GET", "/v1/labels", None),
    ("GET", "/v1/health", None),
    ("GET", "/v1/findes-ikke", None),  # 404
    ("GET", "/docs", None),
    ("GET", "/openapi.json", None),
]


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_every_answer_carries_the_security_headers(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = client.request(method, path, json=body)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy
    # answers under /v1 carry goal texts: no cache may keep them
    assert (headers.get("cache-control") == "no-store") is path.startswith("/v1")
    assert "server" not in headers or "uvicorn" not in headers["server"]


def test_a_body_over_the_limit_is_refused_from_its_content_length(small_body_client: TestClient) -> None:
    response = small_body_client.post("/v1/analyze", json={"text": GOAL * 50})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "body_too_large" and "2048" in error["message_da"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_streamed_body_over_the_limit_is_refused_while_it_arrives(small_body_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(60):  # about 2.8 kB in 62 chunks, no Content-Length
            yield GOAL.encode() + b" "
        yield b'"}'

    response = small_body_client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "body_too_large"


def test_a_body_under_the_limit_passes(small_body_client: TestClient) -> None:
    assert small_body_client.post("/v1/analyze", json={"text": GOAL * 10}).status_code == 200


class Exploding:
    """The real Analyzer, except that analysing raises with the goal text in the
    message, as a careless library error would."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.pipeline_name = analyzer.pipeline_name
        self.catalogue = analyzer.catalogue

    def info(self) -> dict[str, Any]:
        return self.analyzer.info()

    def analyze(self, text: str, **kwargs: Any) -> Any:
        raise RuntimeError(f"could not analyse {text!r}")


def test_an_unexpected_error_is_a_500_with_an_error_id_and_no_goal_text(
    make_client: Callable[..., TestClient], analyzer: Analyzer, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(service_analyzer=Exploding(analyzer))
    goal = "Borgeren Ib Spang Olsen skal selv handle ind."
    with caplog.at_level(logging.DEBUG):
        response = client.post("/v1/analyze", json={"text": goal})
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "internal_error" and len(error["error_id"]) == 12
    assert error["error_id"] in error["message_da"] and error["error_id"] in error["message_en"]
    assert "Spang" not in response.text and "RuntimeError" not in response.text
    assert f"unexpected RuntimeError (error id {error['error_id']})" in caplog.text
    assert "Spang" not in caplog.text
    assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/v1/health").status_code == 200  # the service goes on
