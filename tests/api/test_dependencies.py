"""Optional API keys: when GOALTEXT_API_KEYS is set, everything under /v1 but
the health check needs a valid X-API-Key; the pages and the docs stay open."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

KEYS = ("sagssystem-7f3a9c", "kvalitet-2b8e41")


@pytest.fixture(scope="module")
def keyed(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(api_keys=KEYS)


CALLS: list[tuple[str, str, dict | None]] = [
    ("POST", "/v1/analyze", {"text": "Borgeren kan selv handle ind."}),
    ("POST", "/v1/analyze/batch", {"items": [{"id": 1, "text": "Borgeren kan selv handle ind."}]}),
    ("POST", "/v1/suggest", {"text": "Borgeren kan selv handle ind."}),
    ("GET", "/v1/examples", None),
    ("GET", "/v1/labels", None),
]

# (X-API-Key header, allowed)
KEY_HEADERS: list[tuple[str | bytes | None, bool]] = [
    (None, False),
    ("", False),
    ("forkert-nøgle".encode("latin-1"), False),  # not ASCII
    ("sagssystem-7f3a9", False),  # a prefix of a key
    ("sagssystem-7f3a9c ", False),  # trailing space
    ("SAGSSYSTEM-7F3A9C", False),  # keys are case sensitive
    ("sagssystem-7f3a9c", True),
    ("kvalitet-2b8e41", True),
]


@pytest.mark.parametrize(("method", "path", "body"), CALLS)
@pytest.mark.parametrize(("key", "allowed"), KEY_HEADERS)
def test_api_calls_need_one_of_the_configured_keys(
    keyed: TestClient, method: str, path: str, body: dict | None, key: str | bytes | None, allowed: bool
) -> None:
    headers = {"X-API-Key": key} if key is not None else {}
    response = keyed.request(method, path, json=body, headers=headers)
    if allowed:
        assert response.status_code == 200, response.text
        return
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert "X-API-Key" in response.json()["error"]["message_da"]
    assert response.headers["www-authenticate"].startswith("ApiKey")
    assert all(k not in response.text for k in KEYS)


@pytest.mark.parametrize("path", ["/v1/health", "/docs", "/openapi.json", "/docs/assets/docs.js"])
def test_health_pages_and_docs_stay_open(keyed: TestClient, path: str) -> None:
    assert keyed.get(path).status_code == 200


def test_a_wrong_key_is_refused_before_the_body_is_looked_at(keyed: TestClient) -> None:
    response = keyed.post("/v1/analyze", json={"text": ""}, headers={"X-API-Key": "forkert"})
    assert response.status_code == 401


def test_without_configured_keys_no_key_is_asked_for(client: TestClient) -> None:
    response = client.post("/v1/analyze", json={"text": "Borgeren kan selv handle ind."}, headers={"X-API-Key": "x"})
    assert response.status_code == 200
