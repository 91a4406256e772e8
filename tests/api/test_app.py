"""How create_app puts the service together: CORS only for configured
origins (no wildcard by default), and the OpenAPI document telling the truth
about keys and limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

ALLOWED = "https://sag.kommune.dk"


@pytest.fixture(scope="module")
def cors_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(cors_origins=(ALLOWED, "http://localhost:3000/"))


def preflight(client: TestClient, origin: str) -> object:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-api-key",
    }
    return client.options("/v1/analyze", headers=headers)


# (origin, allowed)
ORIGINS: list[tuple[str, bool]] = [
    (ALLOWED, True),
    ("http://localhost:3000", True),  # configured with a trailing slash, which browsers never send
    ("https://sag.kommune.dk.ondsindet.example", False),
    ("http://sag.kommune.dk", False),  # another scheme is another origin
    ("https://kommune.dk", False),
    ("null", False),
]


@pytest.mark.parametrize(("origin", "allowed"), ORIGINS)
def test_only_configured_origins_may_call_from_a_browser(cors_client: TestClient, origin: str, allowed: bool) -> None:
    response = preflight(cors_client, origin)
    simple = cors_client.post("/v1/analyze", json={"text": "Borgeren kan selv handle ind."}, headers={"Origin": origin})
    if allowed:
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == origin
        assert "x-api-key" in response.headers["access-control-allow-headers"].lower()
        assert simple.headers["access-control-allow-origin"] == origin
    else:
        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-origin" not in simple.headers


def test_by_default_no_origin_is_allowed(client: TestClient) -> None:
    response = preflight(client, ALLOWED)
    assert "access-control-allow-origin" not in response.headers
    simple = client.post("/v1/analyze", json={"text": "Borgeren kan selv."}, headers={"Origin": ALLOWED})
    assert "access-control-allow-origin" not in simple.headers


def test_the_openapi_document_asks_for_a_key_only_when_keys_are_configured(
    client: TestClient, make_client: Callable[..., TestClient]
) -> None:
    open_schema = client.get("/openapi.json").json()
    assert "securitySchemes" not in open_schema.get("components", {})
    assert "401" not in open_schema["paths"]["/v1/analyze"]["post"]["responses"]
    keyed_schema = make_client(api_keys=("kvalitet-2b8e41",)).get("/openapi.json").json()
    assert keyed_schema["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
    for path, method in [("/v1/analyze", "post"), ("/v1/examples", "get"), ("/v1/labels", "get")]:
        operation = keyed_schema["paths"][path][method]
        assert operation["security"] == [{"APIKeyHeader": []}] and "401" in operation["responses"]
    assert "security" not in keyed_schema["paths"]["/v1/health"]["get"]
