"""Goal texts are never logged: not by the service, not by uvicorn, not by
FastAPI, not when a request fails. Many distinct synthetic goals go through a
real ``goaltext serve`` that logs everything at DEBUG, access log included, and
through an in-process service whose library fails; then the logs are searched
for every one of them."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer
from tests.api.conftest import Served

ACTIVITIES = ["handle ind", "tage bad", "lave mad", "tage bussen", "gøre rent", "møde på jobcentret"]


def goal(n: int) -> str:
    """A distinct synthetic goal; its marker (e.g. 'Qz017k') appears nowhere else."""
    return (
        f"Borgeren Qz{n:03d}k kan selv {ACTIVITIES[n % len(ACTIVITIES)]} {n % 5 + 1} gange om ugen "
        f"inden for {n % 11 + 1} måneder."
    )


def marker(n: int) -> str:
    return f"Qz{n:03d}k"


def wrong_key(text: str) -> bytes:
    """A goal sent where the key belongs, as a confused client might."""
    return text.replace(" ", "-").encode("utf-8")


def send_traffic(service: Served) -> tuple[list[int], dict[int, int]]:
    """Valid and failing requests of every kind, each with its own goals; returns the
    goal numbers used and a count of the statuses seen."""
    used: list[int] = []
    statuses: dict[int, int] = {}
    counter = iter(range(1000))

    def next_goal() -> tuple[int, str]:
        n = next(counter)
        used.append(n)
        return n, goal(n)

    headers = {"X-API-Key": service.api_key}
    json_headers = {**headers, "content-type": "application/json"}
    with httpx.Client(base_url=service.url, timeout=30) as client:

        def send(method: str, path: str, **kwargs: Any) -> None:
            response = client.request(method, path, **kwargs)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        for _ in range(40):
            send("POST", "/v1/analyze", json={"text": next_goal()[1], "reference_date": "2026-03-02"}, headers=headers)
        for _ in range(15):
            send("POST", "/v1/suggest", json={"text": next_goal()[1]}, headers=headers)
        for _ in range(4):
            items = [{"id": f"b{n}", "text": text} for n, text in (next_goal() for _ in range(8))]
            items.append({"id": "tom", "text": "   "})
            items.append({"id": "lang", "text": next_goal()[1] * 200})  # over 5000 characters: an error entry
            send("POST", "/v1/analyze/batch", json={"items": items, "suggestions": True}, headers=headers)
        # failures of every kind, each carrying goal texts
        send("POST", "/v1/analyze", json={"text": next_goal()[1]})  # 401: no key
        send("POST", "/v1/analyze", json={"text": next_goal()[1]}, headers={"X-API-Key": wrong_key(next_goal()[1])})
        send("POST", "/v1/analyze", content=f'{{"text": "{next_goal()[1]}",}}', headers=json_headers)  # 400
        send("POST", "/v1/analyze", content=f'{{"text": "{next_goal()[1]} \\ud800"}}', headers=json_headers)
        send("POST", "/v1/analyze", json={"text": next_goal()[1], "note": next_goal()[1]}, headers=headers)  # 422
        send("POST", "/v1/analyze", json={"text": [next_goal()[1]]}, headers=headers)
        send("POST", "/v1/analyze", json={"text": next_goal()[1] * 100}, headers=headers)  # too long
        send("POST", "/v1/analyze", json={"text": next_goal()[1], "reference_date": next_goal()[1]}, headers=headers)
        send("POST", "/v1/analyze", content=next_goal()[1].encode(), headers={**headers, "content-type": "text/plain"})
        send("POST", "/v1/analyze", json={"text": next_goal()[1] * 1000}, headers=headers)  # 413: over 64 KiB
        send("POST", "/v1/analyze/batch", json={"items": [{"id": next_goal()[1], "text": 5}]}, headers=headers)
        send("PUT", "/v1/analyze", json={"text": next_goal()[1]}, headers=headers)  # 405
        send("GET", "/v1/examples", params={"limit": 10, "quality": "bad"}, headers=headers)
    return used, statuses


def test_a_full_run_of_the_real_service_logs_no_goal_text(served: Served) -> None:
    used, statuses = send_traffic(served)
    logged = served.stop()
    assert set(statuses) >= {200, 400, 401, 405, 413, 415, 422}, statuses
    # the log did capture the traffic (or this test could not fail) ...
    assert logged.count('"POST /v1/analyze HTTP/1.1" 200') >= 40
    assert "DEBUG" in logged and "401" in logged and "413" in logged
    # ... and no goal text, not even its marker, is in it
    leaked = [marker(n) for n in used if marker(n) in logged]
    assert leaked == [], f"goal texts in the log: {leaked[:5]}"
    assert "Borgeren" not in logged and "gange om ugen" not in logged


class FailsOnEveryThird:
    """The real Analyzer, except that every third goal makes it raise with the goal
    in the message, as a careless library error would."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.pipeline_name = analyzer.pipeline_name
        self.calls = 0

    def _maybe_fail(self, text: str) -> None:
        self.calls += 1
        if self.calls % 3 == 0:
            raise ValueError(f"kunne ikke analysere {text!r}")

    def analyze(self, text: str, **kwargs: Any) -> Any:
        self._maybe_fail(text)
        return self.analyzer.analyze(text, **kwargs)

    def pipe(self, items: Any, **kwargs: Any) -> Any:
        for text, context in items:
            yield self.analyze(text, context=context)

    def suggest(self, text: str, **kwargs: Any) -> Any:
        self._maybe_fail(text)
        return self.analyzer.suggest(text, **kwargs)


def test_failures_inside_the_service_log_no_goal_text(
    make_client: Callable[..., TestClient], analyzer: Analyzer, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(service_analyzer=FailsOnEveryThird(analyzer))
    numbers = range(500, 560)
    with caplog.at_level(logging.DEBUG):
        statuses = [client.post("/v1/analyze", json={"text": goal(n)}).status_code for n in numbers[:30]]
        items = [{"id": n, "text": goal(n)} for n in numbers[30:]]
        batch = client.post(
            "/v1/analyze/batch",
            content=json.dumps({"items": items, "suggestions": True}),
            headers={"content-type": "application/json"},
        )
    assert 500 in statuses and 200 in statuses
    assert any("error" in result for result in batch.json()["results"])
    assert "unexpected ValueError" in caplog.text
    leaked = [marker(n) for n in numbers if marker(n) in caplog.text]
    assert leaked == []
