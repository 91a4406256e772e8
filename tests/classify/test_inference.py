"""The numpy-only inference: its batch counting and the two-phase direction
give exactly what the plain computations give."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from goaltext import Analyzer
from goaltext.classify import load_model
from goaltext.classify.features import direction_inputs
from goaltext.classify.inference import ROWS_PER_SORT, _counted_per_row
from goaltext.classify.train import model_inputs

CORPUS = Path(__file__).parents[2] / "annotations" / "corpus.jsonl"
SENTINEL = 50


def plain_counts(rows: list[list[int]]) -> list[tuple[int, int, int]]:
    """(row, column, count) the obvious way: np.unique row by row."""
    found = []
    for row, columns in enumerate(rows):
        values, counts = np.unique(np.array(columns, dtype=np.int64), return_counts=True)
        found += [(row, int(v), int(c)) for v, c in zip(values, counts, strict=True)]
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, SENTINEL - 1), max_size=40), max_size=3 * ROWS_PER_SORT + 5))
def test_counting_per_row_matches_unique_row_by_row(rows: list[list[int]]) -> None:
    columns = np.array([c for row in rows for c in row], dtype=np.int32)
    entries = np.array([len(row) for row in rows], dtype=np.int64)
    found_rows, found_columns, counts = _counted_per_row(columns, entries, sentinel=SENTINEL)
    assert list(zip(found_rows.tolist(), found_columns.tolist(), counts.tolist(), strict=True)) == plain_counts(rows)


def test_directions_of_some_goals_equal_those_of_the_whole_batch(rules_analyzer: Analyzer) -> None:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()[:300]]
    inference, _ = load_model()
    texts, evidence, _ = model_inputs(rules_analyzer, records)
    evidence_lists = rules_analyzer.evidence(texts)
    everything = inference.predict(texts, evidence, direction_inputs(texts, evidence_lists))
    chosen = np.arange(0, len(texts), 3)
    scored = inference.score(texts, evidence)
    some = inference.directions(
        scored,
        chosen,
        direction_inputs([texts[i] for i in chosen], [evidence_lists[i] for i in chosen]),
    )
    assert some == [everything.directions[i] for i in chosen]
    assert np.array_equal(scored.probabilities, everything.probabilities)
