"""POST /v1/analyze/batch: one result per goal, same order, same ids; a bad
goal gets an error entry of its own and the others are analysed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer
from goaltext.schema import Analysis
from goaltext_api.routers.analyze import PIPE_BATCH

GOALS = [
    "Borgeren kan selv handle ind i Netto en gang om ugen inden 1. juni 2026.",
    "Borgeren skal opnå øget trivsel i eget hjem.",
    "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1. Opfølgning efter 4 mdr.",
    "Jeg vil gerne kunne tage bussen selv.",
]


def test_results_keep_the_order_and_the_ids_of_the_request(client: TestClient, analyzer: Analyzer) -> None:
    ids: list[Any] = ["sag-7", 3, "sag-7", 0]  # strings and integers; duplicates are the caller's business
    items = [{"id": goal_id, "text": text} for goal_id, text in zip(ids, GOALS, strict=True)]
    response = client.post("/v1/analyze/batch", json={"items": items, "reference_date": "2026-03-02"})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["id"] for r in results] == ids
    for result, text in zip(results, GOALS, strict=True):
        assert result.pop("suggestions") is None  # not asked for
        result.pop("id")
        assert result == analyzer.analyze(text, reference_date="2026-03-02").to_dict()


# (bad item, error code): the bad item gets an error entry, its neighbours are analysed.
BAD_ITEMS: list[tuple[dict[str, Any], str]] = [
    ({"id": "tom", "text": ""}, "empty_text"),
    ({"id": "mellemrum", "text": "  \n\t "}, "empty_text"),
    ({"id": "ideografisk", "text": "\u3000\u00a0"}, "empty_text"),
    ({"id": "lang", "text": "Borgeren kan selv handle ind. " * 200}, "text_too_long"),
]


@pytest.mark.parametrize(("bad", "code"), BAD_ITEMS)
def test_one_bad_goal_gets_its_own_error_and_the_batch_goes_on(
    client: TestClient, bad: dict[str, Any], code: str
) -> None:
    items = [{"id": "før", "text": GOALS[0]}, bad, {"id": "efter", "text": GOALS[2]}]
    response = client.post("/v1/analyze/batch", json={"items": items})
    assert response.status_code == 200, response.text
    before, error, after = response.json()["results"]
    assert (before["id"], after["id"]) == ("før", "efter")
    assert "labels" in before and "labels" in after
    assert error["id"] == bad["id"]
    assert error["error"]["code"] == code and error["error"]["field"] == "text"
    assert error["error"]["message_da"] and error["error"]["message_en"]
    assert "labels" not in error


# (item fields, batch default, expected reference date)
DATES: list[tuple[dict[str, Any], str | None, str]] = [
    ({"reference_date": "2026-01-15"}, "2026-03-02", "2026-01-15"),
    ({"context": {"reference_date": "2025-12-01"}}, "2026-03-02", "2025-12-01"),
    ({}, "2026-03-02", "2026-03-02"),
]


@pytest.mark.parametrize(("fields", "default", "expected"), DATES)
def test_each_goal_has_its_own_date_else_the_batchs(
    client: TestClient, fields: dict[str, Any], default: str | None, expected: str
) -> None:
    item = {"id": 1, "text": "Borgeren kan selv handle ind inden udgangen af året.", **fields}
    result = client.post("/v1/analyze/batch", json={"items": [item], "reference_date": default}).json()["results"][0]
    assert result["reference_date"] == expected
    assert result["horizon"] == f"{expected[:4]}-12-31"


def test_suggestions_on_request_are_the_librarys(client: TestClient, analyzer: Analyzer) -> None:
    items = [{"id": n, "text": text, "context": {"current_package": "ydelsespakke 3"}} for n, text in enumerate(GOALS)]
    body = {"items": items, "reference_date": "2026-03-02", "suggestions": True}
    results = client.post("/v1/analyze/batch", json=body).json()["results"]
    for result, text in zip(results, GOALS, strict=True):
        expected = analyzer.suggest(text, reference_date="2026-03-02", context={"current_package": "ydelsespakke 3"})
        assert result["suggestions"] == [s.model_dump(mode="json") for s in expected]


def test_a_batch_of_many_pipe_batches_comes_back_whole_and_in_order(client: TestClient) -> None:
    items = [
        {"id": f"m{n}", "text": f"Borgeren går {n} km om ugen inden for {n % 11 + 1} måneder."}
        for n in range(PIPE_BATCH * 9 + 5)
    ]
    results = client.post("/v1/analyze/batch", json={"items": items}).json()["results"]
    assert [r["id"] for r in results] == [i["id"] for i in items]
    assert [r["text"] for r in results] == [i["text"] for i in items]


def test_the_batch_limit_is_the_configured_one(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_batch=3)
    items = [{"id": n, "text": GOALS[0]} for n in range(3)]
    assert client.post("/v1/analyze/batch", json={"items": items}).status_code == 200
    response = client.post("/v1/analyze/batch", json={"items": [*items, {"id": 3, "text": GOALS[1]}]})
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (422, "batch_too_large", "items")
    assert "højst 3" in error["message_da"] and "at most 3" in error["message_en"]


def test_an_empty_batch_is_refused(client: TestClient) -> None:
    response = client.post("/v1/analyze/batch", json={"items": []})
    assert response.status_code == 422 and response.json()["error"]["code"] == "empty_list"


class FailsOnMarker:
    """The real Analyzer, except that goals containing MARKER make it raise: the
    library failing on one goal of a batch."""

    MARKER = "§§fejl§§"

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.pipeline_name = analyzer.pipeline_name

    def _check(self, text: str) -> None:
        if self.MARKER in text:
            raise ValueError(f"cannot analyse {text!r}")

    def analyze(self, text: str, **kwargs: Any) -> Analysis:
        self._check(text)
        return self.analyzer.analyze(text, **kwargs)

    def pipe(self, items: Any, **kwargs: Any) -> Iterator[Analysis]:
        for text, context in items:
            self._check(text)
            yield self.analyzer.analyze(text, context=context)

    def suggest(self, text: str, **kwargs: Any) -> Any:
        self._check(text)
        return self.analyzer.suggest(text, **kwargs)


def test_a_goal_the_library_fails_on_costs_only_that_goal(
    make_client: Callable[..., TestClient], analyzer: Analyzer, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(service_analyzer=FailsOnMarker(analyzer))
    failing = f"Borgeren Åse {FailsOnMarker.MARKER} skal selv handle ind."
    items = [{"id": "a", "text": GOALS[0]}, {"id": "b", "text": failing}, {"id": "c", "text": GOALS[1]}]
    for suggestions in (False, True):
        response = client.post("/v1/analyze/batch", json={"items": items, "suggestions": suggestions})
        assert response.status_code == 200, response.text
        first, broken, last = response.json()["results"]
        assert "labels" in first and "labels" in last
        assert broken["id"] == "b" and broken["error"]["code"] == "internal_error"
        assert broken["error"]["error_id"] in caplog.text
        assert "Åse" not in response.text and "Åse" not in caplog.text


def test_a_live_request_is_answered_while_a_long_batch_runs(client: TestClient) -> None:
    long_goal = " ".join(
        f"Borgeren kan selv handle ind {n % 7 + 1} gange om ugen inden for {n} uger." for n in range(40)
    )
    # Some seconds of work even on a fast machine: each item brings words of
    # its own ("sag17-3"), so no cache in the pipeline shortens the batch.
    items = [
        {"id": n, "text": long_goal[: 2400 + n] + " " + " ".join(f"sag{n}-{k}" for k in range(40))} for n in range(400)
    ]
    batch_done = threading.Event()

    def send_batch() -> None:
        client.post("/v1/analyze/batch", json={"items": items})
        batch_done.set()

    worker = threading.Thread(target=send_batch)
    worker.start()
    try:
        time.sleep(0.3)  # the batch is under way
        assert not batch_done.is_set(), "the batch must take long enough for this test to mean something"
        started = time.perf_counter()
        live = client.post("/v1/analyze", json={"text": "Borgeren kan selv tage bad."})
        waited = time.perf_counter() - started
        assert live.status_code == 200
        assert not batch_done.is_set(), f"the live request waited {waited:.2f} s, for the whole batch"
    finally:
        worker.join(timeout=120)
