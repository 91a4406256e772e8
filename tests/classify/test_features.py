"""The features the models read: the direction inputs follow the main
consequence span, or the clause the locator picks where there is none."""

from __future__ import annotations

import numpy as np
import pytest

from goaltext.classify.features import (
    DIRECTION_INDEX,
    Clause,
    ClauseScores,
    candidate_clauses,
    clause_texts,
    direction_inputs,
)
from goaltext.evidence import Evidence

GOAL = "Borgeren tager selv bussen. Herefter kan ledsagelsen bortfalde. Der følges op."


def consequence(text: str, phrase: str, direction: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(start, start + len(phrase), "CONSEQUENCE", phrase, rule=direction, direction=direction)


def test_direction_features_follow_the_main_consequence() -> None:
    span = consequence(GOAL, "ledsagelsen bortfalde", "end")
    (focus,), features = direction_inputs([GOAL], [[span]])
    assert focus.strip() == "Herefter kan ledsagelsen bortfalde."
    assert features[0].tolist()[:6] == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    (whole,), none = direction_inputs([GOAL], [[]])
    assert whole == GOAL and none[0, 5] == 1.0 and none[0].sum() == 1.0


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (GOAL, ["Borgeren tager selv bussen. ", "Herefter kan ledsagelsen bortfalde. ", "Der følges op."]),
        ("Når Ib selv kan handle, kan bostøtten ophøre", ["Når Ib selv kan handle, ", "kan bostøtten ophøre"]),
        # a list: each line an item
        (
            "Mål: bad selv\n- klæde sig på\n- hjemmeplejen ophører",
            ["Mål: ", "bad selv\n", "- klæde sig på\n", "- hjemmeplejen ophører"],
        ),
        ("- bad selv\n- \n- hjemmeplejen ophører", ["- bad selv\n", "- hjemmeplejen ophører"]),  # an empty item: none
        ("", []),
    ],
)
def test_the_candidates_are_the_clauses_that_hold_a_word(text: str, clauses: list[str]) -> None:
    assert [text[start:end] for start, end in candidate_clauses(text)] == clauses


def test_the_located_clause_takes_the_place_of_a_missing_span() -> None:
    texts = [GOAL, "Borgeren lærer at handle ind. Så kan hjemmeplejen droppe indkøbet. Opfølgning efter 3 mdr."]
    evidence = [[consequence(GOAL, "ledsagelsen bortfalde", "end")], []]
    asked: list[str] = []

    def second_clause_best(goals: list[str], clauses: list[list[Clause]]) -> np.ndarray:
        asked.extend(clause_texts(goals, clauses))
        return np.array(
            [1.0 if clause.startswith(("Herefter", "Så")) else 0.0 for clause in clause_texts(goals, clauses)]
        )

    located = ClauseScores.of(texts, None, second_clause_best).located([0, 1], evidence)
    assert located[0] is None  # a rule span stands, however well a clause scores
    assert asked == [
        *("Borgeren tager selv bussen. ", "Herefter kan ledsagelsen bortfalde. ", "Der følges op."),
        *("Borgeren lærer at handle ind. ", "Så kan hjemmeplejen droppe indkøbet. ", "Opfølgning efter 3 mdr."),
    ]
    start, end = located[1]
    assert texts[1][start:end] == "Så kan hjemmeplejen droppe indkøbet. "
    (_, focus), features = direction_inputs(texts, evidence, located=located)
    assert focus == "Så kan hjemmeplejen droppe indkøbet. "
    row = dict(zip(DIRECTION_INDEX, features[1].tolist(), strict=True))
    assert row["main_none"] == 1.0  # the direction model still knows no rule found it
    assert row["sentence_service"] == row["onwards_service"] == 1.0
    assert not any(row[f"main_{d}"] for d in ("reduce", "end", "transfer", "increase", "other"))
    _, unlocated = direction_inputs(texts, evidence)
    assert unlocated[1].sum() == 1.0  # without the locator only main_none is set


def test_a_goal_without_a_clause_is_not_located() -> None:
    def no_clauses_expected(goals: list[str], clauses: list[list[Clause]]) -> np.ndarray:
        raise AssertionError(f"scored {clauses}")

    assert ClauseScores.of(["", "..."], None, no_clauses_expected).located([0, 1], [[], []]) == [None, None]
