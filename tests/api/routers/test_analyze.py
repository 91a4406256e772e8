"""POST /v1/analyze: the library's analysis contract plus its ranked
suggestions, for goals as case workers write them, traps included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer
from goaltext.schema import Context
from goaltext_api.dependencies import Service, app_service

REFERENCE = "2026-03-02"

# (goal, measurable, time_horizon, service_consequence): what the API must report, as the label spec reads it.
GOALS: list[tuple[str, bool, bool, bool]] = [
    # complete goals
    (
        "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1. "
        "Der følges op efter 4 måneder.",
        False,
        True,
        True,
    ),
    (
        "Borgeren kan selv rydde op og tage opvasken mindst 3 gange om ugen. Når det er nået, nedsættes "
        "bostøtten fra 4 til 2 timer om ugen. Opfølgning efter 4 mdr.",
        True,
        True,
        True,
    ),
    ("Borgeren tager selv bussen til aktivitetscentret to gange om ugen.", True, False, False),
    ("Borgeren er flyttet i egen lejlighed.", True, False, False),
    ("Efter 3 mdr. vurderes, om støtten kan omlægges til gruppeforløb.", False, True, True),
    # traps: a frequency is not a horizon, a vague time is not one, a duration inside the criterion is not one
    ("Borgeren går en tur hver morgen.", True, False, False),
    ("Borgeren skal på sigt blive mere selvstændig.", False, False, False),
    ("Borgeren har ingen restancer 3 måneder i træk.", True, False, False),
    # no change is no consequence; a consequence for the citizen is not one for the service
    ("Støtten fortsætter uændret.", False, False, False),
    ("Så borgeren kan få et bedre liv.", False, False, False),
    # terse, lower case, abbreviations, bullet fragments
    ("- selv i bad\n- opf. efter 6 uger", True, True, False),
    ("Øget trivsel og livskvalitet.", False, False, False),
]


@pytest.mark.parametrize(("goal", "measurable", "time_horizon", "consequence"), GOALS)
def test_the_answer_is_the_librarys_analysis_plus_its_suggestions(
    client: TestClient, analyzer: Analyzer, goal: str, measurable: bool, time_horizon: bool, consequence: bool
) -> None:
    response = client.post("/v1/analyze", json={"text": goal, "reference_date": REFERENCE})
    assert response.status_code == 200, response.text
    body = response.json()
    suggestions = body.pop("suggestions")
    expected = analyzer.analyze(goal, reference_date=REFERENCE)
    assert body == expected.to_dict()
    assert [s.model_dump(mode="json") for s in analyzer.suggest(goal, reference_date=REFERENCE)] == suggestions
    assert (body["labels"]["measurable"]["value"], body["labels"]["time_horizon"]["value"]) == (
        measurable,
        time_horizon,
    )
    assert body["labels"]["service_consequence"]["value"] is consequence


def test_a_complete_goal_gets_no_suggestions_and_an_incomplete_one_gets_them_ranked(client: TestClient) -> None:
    complete = GOALS[1][0]
    assert client.post("/v1/analyze", json={"text": complete}).json()["suggestions"] == []
    answer = client.post("/v1/analyze", json={"text": "Borgeren skal have det bedre.", "reference_date": REFERENCE})
    suggestions = answer.json()["suggestions"]
    assert suggestions, "an incomplete goal must get suggestions"
    assert [len(s["adds"]) for s in suggestions] == sorted((len(s["adds"]) for s in suggestions), reverse=True)
    for suggestion in suggestions:  # each suggestion's edits, applied to the original, give its text
        text = "Borgeren skal have det bedre."
        for edit in sorted(suggestion["edits"], key=lambda e: e["offset"], reverse=True):
            text = text[: edit["offset"]] + edit["replacement"] + text[edit["offset"] + edit["length"] :]
        assert text == suggestion["text"]


# (request fields, expected reference_date in the analysis)
REFERENCE_DATES: list[tuple[dict, str]] = [
    ({"reference_date": "2026-03-02"}, "2026-03-02"),
    ({"context": {"reference_date": "2025-11-20"}}, "2025-11-20"),
    ({"reference_date": "2026-03-02", "context": {"reference_date": "2025-11-20"}}, "2026-03-02"),  # top level wins
    ({}, "2026-05-04"),  # not given: today (in Denmark)
    ({"context": {"area": "§ 85"}}, "2026-05-04"),
]


@pytest.mark.parametrize(("fields", "expected"), REFERENCE_DATES)
def test_the_reference_date_is_the_requests_else_the_contexts_else_today(
    make_client: Callable[..., TestClient], fields: dict, expected: str
) -> None:
    client = make_client()
    service: Service = client.app.state.service
    client.app.dependency_overrides[app_service] = lambda: replace(service, clock=lambda: date(2026, 5, 4))
    response = client.post(
        "/v1/analyze", json={"text": "Borgeren kan selv handle ind inden udgangen af året.", **fields}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reference_date"] == expected
    assert body["horizon"] == f"{expected[:4]}-12-31"  # "udgangen af året" resolved against that date


def test_without_any_date_the_goal_is_dated_today(client: TestClient) -> None:
    body = client.post("/v1/analyze", json={"text": "Borgeren kan selv handle ind."}).json()
    # Danish time may be a day ahead of or behind the test machine's clock around midnight.
    assert abs(date.fromisoformat(body["reference_date"]) - date.today()) <= timedelta(days=1)


def test_the_case_context_reaches_the_suggestions(client: TestClient, analyzer: Analyzer) -> None:
    goal = "Borgeren kan selv handle ind en gang om ugen. Der følges op efter 4 måneder."
    context = {"current_package": "ydelsespakke 3", "area": "§ 85"}
    body = client.post("/v1/analyze", json={"text": goal, "context": context, "reference_date": REFERENCE}).json()
    expected = analyzer.suggest(goal, context=Context(reference_date=date(2026, 3, 2), **context))
    assert body["suggestions"] == [s.model_dump(mode="json") for s in expected]
    assert any("ydelsespakke 2" in s["text"] for s in body["suggestions"]), "the next lighter package of the catalogue"


def test_offsets_point_into_the_original_text_with_emoji_and_line_breaks(client: TestClient) -> None:
    goal = "👍 Borgeren kan selv tage bad 🛁\r\nDer følges op efter 4 mdr."
    body = client.post("/v1/analyze", json={"text": goal, "reference_date": REFERENCE}).json()
    assert body["text"] == goal
    assert body["spans"], "the goal has evidence"
    for span in body["spans"]:
        assert goal[span["start"] : span["end"]] == span["text"]


def test_a_goal_of_exactly_the_maximum_length_is_analysed(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_text_chars=120)
    goal = "Borgeren kan selv handle ind. " * 4
    assert len(goal) == 120
    assert client.post("/v1/analyze", json={"text": goal}).status_code == 200
    assert client.post("/v1/analyze", json={"text": goal + "x"}).json()["error"]["code"] == "text_too_long"
