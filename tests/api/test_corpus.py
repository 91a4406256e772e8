"""Reading the annotated corpus: what counts as one area, what is good."""

from __future__ import annotations

from pathlib import Path

import pytest

from goaltext_api.corpus import Corpus, CorpusItem, CorpusUnavailableError, area_key
from tests.api.conftest import CORPUS_ROWS, corpus_line, write_corpus


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("§ 83a", "§ 83 a", True),
        ("§ 83a", "§83A", True),
        ("Barnets Lov", "barnets  lov", True),
        ("§ 83", "§ 83a", False),
        ("§ 85", "§ 58", False),
        ("beskæftigelse", "Beskæftigelse", True),
    ],
)
def test_areas_are_the_same_whatever_the_spacing_and_case(first: str, second: str, same: bool) -> None:
    assert (area_key(first) == area_key(second)) is same


@pytest.mark.parametrize(
    ("labels", "dimension", "good"),
    [
        ((True, True, True), None, True),
        ((True, True, False), None, False),  # without a dimension: good on all three
        ((True, True, False), "measurable", True),
        ((True, True, False), "service_consequence", False),
        ((False, False, False), "time_horizon", False),
    ],
)
def test_good_means_the_annotators_said_yes(labels: tuple[bool, bool, bool], dimension: str | None, good: bool) -> None:
    names = ("measurable", "time_horizon", "service_consequence")
    item = CorpusItem(id="x", text="Borgeren kan selv.", labels=dict(zip(names, labels, strict=True)))
    assert item.is_good(dimension) is good


def test_a_missing_file_is_unavailable_and_a_present_one_is_read_once(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "corpus.jsonl")
    with pytest.raises(CorpusUnavailableError):
        corpus.snapshot()
    write_corpus(corpus.path, [corpus_line(row) for row in CORPUS_ROWS])
    first = corpus.snapshot()
    assert len(first.items) == len(CORPUS_ROWS) and corpus.snapshot() is first


def test_a_file_that_is_not_utf8_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes('{"id": "a", "text": "Københavns Kommune"}'.encode("utf-16"))
    with pytest.raises(CorpusUnavailableError):
        Corpus(path).snapshot()
