"""POST /v1/suggest: the library's ranked suggestions, nothing else."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer

# (goal, context, a dimension some suggestion must add)
CASES: list[tuple[str, dict, str | None]] = [
    ("Borgeren skal have det bedre.", {}, "time_horizon"),
    ("Borgeren kan selv handle ind en gang om ugen.", {"current_package": "ydelsespakke 3"}, "service_consequence"),
    ("Støtten efter § 85 ophører, når borgeren er klar.", {"area": "§ 85"}, "time_horizon"),
    ("Jeg vil gerne kunne lave mad selv.", {}, None),  # the citizen's own voice
    (
        "Borgeren kan selv rydde op mindst 3 gange om ugen. Når det er nået, nedsættes bostøtten fra 4 til 2 "
        "timer om ugen. Der følges op efter 4 måneder.",
        {},
        None,  # complete: nothing to add
    ),
]


@pytest.mark.parametrize(("goal", "context", "adds"), CASES)
def test_suggestions_are_the_librarys_for_the_same_goal_and_context(
    client: TestClient, analyzer: Analyzer, goal: str, context: dict, adds: str | None
) -> None:
    response = client.post("/v1/suggest", json={"text": goal, "context": context, "reference_date": "2026-03-02"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"suggestions"}
    expected = analyzer.suggest(goal, reference_date="2026-03-02", context=context)
    assert body["suggestions"] == [s.model_dump(mode="json") for s in expected]
    if adds is not None:
        assert any(adds in s["adds"] for s in body["suggestions"])


def test_suggest_and_analyze_agree(client: TestClient) -> None:
    request = {"text": "Borgeren bliver mere selvstændig i hverdagen.", "reference_date": "2026-03-02"}
    suggested = client.post("/v1/suggest", json=request).json()["suggestions"]
    assert suggested == client.post("/v1/analyze", json=request).json()["suggestions"]
