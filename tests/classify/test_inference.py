"""The numpy-only inference: the keyed n-gram lookup, the cached word scores
and the two-phase direction give what the plain computations give."""

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
from goaltext.classify.inference import KEYED_WORDS, WordGramKeys, WordScores, focus_word_grams
from goaltext.classify.model import WORD_GRAM_WEIGHT, GoalModel, word_gram_tfidf, word_tfidf
from goaltext.classify.train import model_inputs

CORPUS = Path(__file__).parents[2] / "annotations" / "corpus.jsonl"


def test_directions_of_some_goals_equal_those_of_the_whole_batch(rules_analyzer: Analyzer) -> None:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()[:300]]
    inference, _ = load_model()
    texts, evidence, _ = model_inputs(rules_analyzer, records, inference)
    evidence_lists = rules_analyzer.evidence(texts)
    everything = inference.predict(texts, evidence, direction_inputs(texts, evidence_lists))
    chosen = np.arange(0, len(texts), 3)
    scored = inference.score(texts, evidence)
    some = inference.directions(
        scored,
        chosen,
        direction_inputs([texts[i] for i in chosen], [evidence_lists[i] for i in chosen]),
    )
    assert some.names == [everything.directions[i] for i in chosen]
    assert some.probabilities == [everything.direction_probabilities[i] for i in chosen]
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


def toy_store(ngram_range: tuple[int, int], outputs: int = 4) -> WordScores:
    """A store over the toy vocabulary with made-up idf and weights."""
    vocabulary = toy_vocabulary(ngram_range)
    rng = np.random.default_rng(0)
    return WordScores(
        vocabulary, ngram_range, rng.uniform(1, 5, len(vocabulary)), rng.normal(size=(len(vocabulary), outputs))
    )


def plain_scores(store: WordScores, word: str) -> tuple[np.ndarray, float]:
    """A word's weighted sums and squared length the obvious way: TF-IDF with
    1 + log(count) over the word's own n-grams."""
    columns, counts = np.unique(plain_columns(word, store.vocabulary, store.ngram_range), return_counts=True)
    values = (1.0 + np.log(counts)) * store.idf[columns] if len(columns) else np.zeros(0)
    return values @ store.weights[columns.astype(np.int64)], float(values @ values)


WORDS = st.lists(st.text(alphabet="abgkrst§ø1:-İ\U0001f600\ud800", min_size=1, max_size=14), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(WORDS)
def test_keyed_ngram_lookup_matches_the_plain_loop(words: list[str]) -> None:
    for ngram_range in [(2, 5), (4, 6)]:
        store = toy_store(ngram_range)
        for batch in ([*TOY_WORDS, *words], words[: KEYED_WORDS - 1]):  # keyed, and one n-gram at a time
            columns, counts = store._columns(batch)
            found = np.split(columns, np.cumsum(counts)[:-1]) if len(counts) else []
            for word, word_columns in zip(batch, found, strict=True):
                assert word_columns.tolist() == plain_columns(word, store.vocabulary, ngram_range)


@settings(max_examples=50, deadline=None)
@given(WORDS, WORDS)
def test_cached_word_scores_equal_the_plain_computation(first: list[str], second: list[str]) -> None:
    store = toy_store((2, 5))
    for batch in ([*TOY_WORDS, *first], second, first):  # new words, a mix, then all known
        outputs, squares = store.gather(batch)
        for word, word_outputs, square in zip(batch, outputs, squares, strict=True):
            expected_outputs, expected_square = plain_scores(store, word)
            assert np.allclose(word_outputs, expected_outputs, rtol=1e-12, atol=1e-12)
            assert square == pytest.approx(expected_square, rel=1e-12, abs=1e-12)


def test_a_full_word_store_forgets_and_gives_the_same_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    import goaltext.classify.inference as inference

    words = [f"{a}{b}" for a in TOY_WORDS for b in TOY_WORDS]
    expected = toy_store((2, 5)).gather(words)
    monkeypatch.setattr(inference, "WORD_CACHE_LIMIT", 30)
    store = toy_store((2, 5))
    for start in range(0, len(words), 20):
        outputs, squares = store.gather(words[start : start + 20])
        assert len(store.places) <= 30
        assert np.array_equal(outputs, expected[0][start : start + 20])
        assert np.array_equal(squares, expected[1][start : start + 20])
    assert np.array_equal(np.vstack([store.gather([word])[0] for word in words]), expected[0])


def test_text_scores_equal_the_word_tfidf_design_times_the_weights() -> None:
    from goaltext.classify import default_model_dir

    model, _ = load_model()
    vectorizer = GoalModel.load(default_model_dir()).vectorizer
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][:300]
    texts += ["", "   ", "ja " * 400, "Hjælpen ophører. " * 60]  # no words; counts past the table of 1 + log(count)
    expected = word_tfidf(vectorizer, texts) @ model.word_scores.weights
    assert np.allclose(model.text_scores(texts), expected, rtol=1e-9, atol=1e-12)


CLAUSE_TRAPS = [
    "Borgeren tager selv bussen. Herefter kan ledsagelsen bortfalde. Der følges op.",
    "Mål: bad selv\n- klæde sig på\n- hjemmeplejen ophører",
    "- bad selv\n- \n- hjemmeplejen ophører",  # an empty item between two clauses
    "... Støtten  ophører,\tnår  hun selv kan handle ind ...",  # no words before, double spaces, a tab
    "Når İlayda kan tage bussen - så kan kørslen stoppe; opfølgning 1. marts",  # İ lower-cases to two characters
    "",
]


def test_clauses_scored_from_the_goals_words_equal_the_locator_on_their_texts() -> None:
    from goaltext.classify import default_model_dir
    from goaltext.classify.features import candidate_clauses

    model, _ = load_model()
    reference = GoalModel.load(default_model_dir())
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][:300]
    texts += CLAUSE_TRAPS
    clauses = [candidate_clauses(text) for text in texts]
    from_words = model.score_clauses(texts, clauses, words=model.word_rows(texts))
    assert len(from_words) == sum(map(len, clauses))
    assert np.allclose(from_words, reference.score_clauses(texts, clauses), rtol=1e-9, atol=1e-9)
    one_by_one = [model.score_clauses([text], [goal]) for text, goal in zip(texts, clauses, strict=True)]
    assert np.allclose(from_words, np.concatenate(one_by_one), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        (
            "Aflastning visiteres op.",
            ["aflastning", "visiteres", "op", "aflastning visiteres", "visiteres op", "aflastning visiteres op"],
        ),
        # punctuation and § signs go, case goes, numbers and Danish letters stay
        (
            "§ 83 a-forløbet ØGES!",
            ["83", "a", "forløbet", "øges", "83 a", "a forløbet", "forløbet øges", "83 a forløbet", "a forløbet øges"],
        ),
        ("ophører", ["ophører"]),
        ("  …  ", []),
    ],
)
def test_focus_word_grams_are_the_lowered_words_and_their_pairs_and_triples(focus: str, expected: list[str]) -> None:
    assert sorted(focus_word_grams(focus)) == sorted(expected)


WORD_GRAMS = ["hjælpen", "ophører", "hjælpen ophører", "tager", "over", "tager over", "skolen tager over", "§"]


@pytest.mark.parametrize(
    "texts",
    [
        # the last word of one text and the first of the next make no gram
        ["Hjælpen", "ophører. Skolen tager over!"],
        ["hjælpen XYZ ophører"],  # an unknown word between: no pair
        ["Skolen"],  # a word of a longer gram only, no gram of its own
        ["Hjælpen ophører, hjælpen ophører", "", "  …  "],  # a repeated gram; no words
        ["tager over tager over", "over"],
        [],
    ],
)
@pytest.mark.parametrize("keyed_texts", [0, 1_000])  # the array operations; one gram at a time
def test_word_grams_found_are_those_the_analyzer_finds(
    texts: list[str], keyed_texts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import goaltext.classify.inference as inference

    monkeypatch.setattr(inference, "KEYED_TEXTS", keyed_texts)
    keys = WordGramKeys.of(WORD_GRAMS)
    text_of, columns = keys.columns(texts)
    found = sorted(zip(text_of.tolist(), (WORD_GRAMS[column] for column in columns.tolist()), strict=True))
    expected = sorted(
        (i, gram) for i, text in enumerate(texts) for gram in focus_word_grams(text) if gram in WORD_GRAMS
    )
    assert found == expected


def test_the_word_block_equals_its_tfidf_design_times_the_weights() -> None:
    """The word grams of a focus sentence score as scikit-learn's matrix of
    them (sublinear TF-IDF, rows of length 1) times the direction weights."""
    from goaltext.classify import default_model_dir

    model, _ = load_model()
    reference = GoalModel.load(default_model_dir())
    assert reference.word_grams == model.word_grams and model.word_gram_weight == WORD_GRAM_WEIGHT
    focus = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][:300]
    # nothing, a repeated gram, unknown grams only, a goal's last word and the next one's first
    focus += ["", "Hjælpen ophører ophører ophører.", "xyzzy qwerty", "Støtten", "ophører."]
    design = word_gram_tfidf(reference.word_grams, reference.word_gram_idf, focus)
    expected = WORD_GRAM_WEIGHT * design @ model.word_gram_weights
    assert np.allclose(model.focus_word_scores(focus), expected, rtol=1e-9, atol=1e-12)
    assert not model.focus_word_scores(["xyzzy qwerty"]).any()
