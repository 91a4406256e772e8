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
