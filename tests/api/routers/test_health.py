"""GET /v1/health: what the service runs, open even when API keys are required."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

import goaltext
from goaltext import Analyzer


def test_health_names_the_pipeline_the_components_the_catalogue_and_the_limits(
    make_client: Callable[..., TestClient], analyzer: Analyzer
) -> None:
    client = make_client(max_text_chars=1200, max_batch=50)
    body = client.get("/v1/health").json()
    assert body["status"] == "ok" and body["version"] == goaltext.__version__
    assert body["pipeline"] == analyzer.pipeline_name
    assert body["analyzer"] == analyzer.info()
    assert body["analyzer"]["components"], "the components in use are listed"
    assert body["catalogue"] == analyzer.catalogue.info()
    assert body["limits"] == {"max_text_chars": 1200, "max_batch": 50, "max_body_bytes": 16 * 1024 * 1024}
    assert body["api_key_required"] is False


def test_health_stays_open_when_keys_are_required(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys=("sagssystem-noegle-77",))
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json()["api_key_required"] is True
    assert "sagssystem-noegle-77" not in response.text
