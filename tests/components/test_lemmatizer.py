"""The compact lookup lemmatizer gives exactly spaCy's lookup lemmas."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.language import Language

from goaltext import Analyzer
from goaltext.components.lemmatizer import CompactLookupTable, LemmaTableError

CORPUS = Path(__file__).resolve().parents[2] / "annotations" / "corpus.jsonl"


@pytest.fixture(scope="module")
def spacy_lookup() -> Language:
    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@pytest.mark.parametrize(
    ("text", "lemmas"),
    [
        ("borgeren skal have hjælp til indkøb i butikkerne", {"borgeren": "borger", "butikkerne": "butik"}),
        ("Borgeren skal selv handle ind", {"borgeren": "Borgeren", "skal": "skulle"}),  # the table is case-sensitive
        ("Hjemmeplejen reduceres til ydelsespakke 1", {"reduceres": "reducere"}),
        ("Xyzqv 4 mdr.", {"xyzqv": "Xyzqv", "4": "4"}),  # unknown forms are their own lemma
    ],
)
def test_lemmas_of_danish_phrasings(analyzer: Analyzer, text: str, lemmas: dict[str, str]) -> None:
    doc = analyzer.nlp(text)
    found = {token.text.lower(): token.lemma_ for token in doc}
    for form, lemma in lemmas.items():
        assert found[form] == lemma


def test_same_lemmas_as_spacys_lookup_lemmatizer_on_the_corpus(analyzer: Analyzer, spacy_lookup: Language) -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()[:600]]
    texts += ["", "   ", "Æ Ø Å æøå ÆØÅ", "BORGEREN SKAL", "borgeren skal"]
    with analyzer.nlp.select_pipes(enable=["lemmatizer"]):
        ours = list(analyzer.nlp.pipe(texts, batch_size=64))
    theirs = list(spacy_lookup.pipe(texts))
    assert [[t.lemma_ for t in doc] for doc in ours] == [[t.lemma_ for t in doc] for doc in theirs]
    single = analyzer.nlp.get_pipe("lemmatizer")(analyzer.nlp.make_doc(texts[0]))
    assert [t.lemma_ for t in single] == [t.lemma_ for t in theirs[0]]


def test_the_table_is_compact() -> None:
    nlp = spacy.blank("da")
    table = CompactLookupTable.from_lookups("da", "lemma_lookup", nlp.vocab.strings)
    assert len(table) > 500_000
    assert table.forms.nbytes + table.lemmas.nbytes < 10_000_000
    assert np.all(np.diff(table.forms.astype(np.float64)) >= 0)


def test_a_language_without_a_table_is_refused_clearly() -> None:
    nlp = spacy.blank("xx")
    with pytest.raises(LemmaTableError, match="lemma_lookup"):
        CompactLookupTable.from_lookups("xx", "lemma_lookup", nlp.vocab.strings)


def test_the_bucketed_search_finds_every_form_and_only_those() -> None:
    nlp = spacy.blank("da")
    table = CompactLookupTable.from_lookups("da", "lemma_lookup", nlp.vocab.strings)
    assert np.array_equal(table.lemmatize(table.forms.copy()), table.lemmas)
    unknown = np.random.default_rng(0).integers(0, 2**64 - 1, 50_000, dtype=np.uint64, endpoint=True)
    unknown = np.concatenate([unknown, np.array([0, 1, 2**64 - 2, 2**64 - 1], dtype=np.uint64)])
    unknown = unknown[~np.isin(unknown, table.forms)]
    assert np.array_equal(table.lemmatize(unknown), unknown)


@pytest.mark.parametrize("forms", [[], [7], [0, 2**64 - 1], [5, 5 + 1, 5 + 2, 2**63, 2**63 + 1]])
def test_small_tables_and_extreme_hashes(forms: list[int]) -> None:
    lemmas = np.array([form // 2 + 3 for form in forms], dtype=np.uint64)
    table = CompactLookupTable(np.array(forms, dtype=np.uint64)[::-1].copy(), lemmas[::-1].copy())
    queries = np.array([*forms, 2, 6, 2**64 - 1, 2**63 + 2], dtype=np.uint64)
    expected = [dict(zip(forms, lemmas.tolist(), strict=True)).get(int(q), int(q)) for q in queries]
    assert table.lemmatize(queries).tolist() == expected
