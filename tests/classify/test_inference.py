"""The numpy-only inference: its batch counting, the keyed n-gram lookup and
the two-phase direction give exactly what the plain computations give."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goaltext import Analyzer
from goaltext.classify import load_model
from goaltext.classify.features import direction_inputs
from goaltext.classify.inference import ROWS_PER_SORT, WordColumns, _counted_per_row
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


def char_wb_grams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's "char_wb" n-grams of one word."""
    padded, (low, high), grams = f" {word} ", ngram_range, []
    for n in range(low, high + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def plain_columns(word: str, vocabulary: dict[str, int], ngram_range: tuple[int, int]) -> list[int]:
    return [vocabulary[g] for g in char_wb_grams(word, ngram_range) if g in vocabulary]


TOY_WORDS = ["borgeren", "kan", "selv", "tage", "bad", "§", "85", "støtte", "i", "ydelsespakke", "1:1-støtte"]


def toy_vocabulary(ngram_range: tuple[int, int]) -> dict[str, int]:
    grams = sorted({gram for word in TOY_WORDS for gram in char_wb_grams(word, ngram_range)})
    return {gram: column for column, gram in enumerate(grams)}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abgkrst§ø1:-İ\U0001f600\ud800", min_size=1, max_size=14), min_size=1, max_size=40))
def test_keyed_ngram_lookup_matches_the_plain_loop(words: list[str]) -> None:
    for ngram_range in [(2, 5), (4, 6)]:
        vocabulary = toy_vocabulary(ngram_range)
        store = WordColumns(vocabulary, ngram_range, np.int16)
        words_in_batches = [*TOY_WORDS, *words]
        columns, counts = store.gather(words_in_batches)
        found = np.split(columns, np.cumsum(counts)[:-1]) if len(counts) else []
        for word, word_columns in zip(words_in_batches, found, strict=True):
            assert word_columns.tolist() == plain_columns(word, vocabulary, ngram_range)


def test_a_full_word_store_forgets_and_gives_the_same_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    import goaltext.classify.inference as inference

    vocabulary = toy_vocabulary((2, 5))
    words = [f"{a}{b}" for a in TOY_WORDS for b in TOY_WORDS]
    expected = WordColumns(vocabulary, (2, 5), np.int16).gather(words)
    monkeypatch.setattr(inference, "WORD_CACHE_LIMIT", 30)
    store = WordColumns(vocabulary, (2, 5), np.int16)
    for start in range(0, len(words), 20):
        columns, counts = store.gather(words[start : start + 20])
        assert len(store.places) <= 30
        assert counts.tolist() == expected[1][start : start + 20].tolist()
        assert columns.tolist() == [
            c for word in words[start : start + 20] for c in plain_columns(word, vocabulary, (2, 5))
        ]
    assert [store.gather([word])[0].tolist() for word in words] == [
        plain_columns(word, vocabulary, (2, 5)) for word in words
    ]


def plain_design(model, texts: list[str], evidence: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The batch's design the obvious way: 1 + log(count) computed, text and
    evidence entries concatenated and put in row order by a stable sort."""
    words = [text.lower().split() for text in texts]
    columns, counts_per_word = model.word_store.gather([w for split in words for w in split])
    word_ends = np.concatenate([[0], np.cumsum(counts_per_word)])
    text_ends = np.concatenate([[0], np.cumsum([len(split) for split in words])]).astype(np.int64)
    rows, text_columns, counts = _counted_per_row(columns, np.diff(word_ends[text_ends]), sentinel=model.n_text)
    values = (1.0 + np.log(counts)) * model.idf[text_columns]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    values /= np.where(norms > 0, norms, 1.0)[rows]
    scaled = evidence / model.scale
    evidence_rows, evidence_columns = np.nonzero(scaled)
    all_rows = np.concatenate([rows, evidence_rows])
    order = np.argsort(all_rows, kind="stable")
    all_columns = np.concatenate([text_columns, model.n_text + evidence_columns])
    all_values = np.concatenate([values, scaled[evidence_rows, evidence_columns]])
    return all_rows[order], all_columns[order], all_values[order]


def test_the_design_equals_the_plain_construction() -> None:
    model, _ = load_model()
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][:300]
    texts += ["", "ja " * 400, "Hjælpen ophører. " * 60]  # no words; counts past the table of 1 + log(count)
    rng = np.random.default_rng(0)
    evidence = rng.integers(0, 3, size=(len(texts), len(model.evidence_names))).astype(np.float64)
    found = model.design(texts, evidence)
    for got, expected in zip(found, plain_design(model, texts, evidence), strict=True):
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected)
