"""Sentence and clause boundaries of a goal: where one statement ends, so
extractors can ask whether two phrases belong together."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goaltext.evidence import CLAUSE_BREAK, ClauseIndex, dash_before_space


def pieces(text: str, starts: list[int]) -> list[str]:
    ends = [*starts[1:], len(text)]
    return [text[start:end] for start, end in zip(starts, ends, strict=True)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Borgeren handler selv ind. Herefter ophører hjælpen.",
            ["Borgeren handler selv ind. ", "Herefter ophører hjælpen."],
        ),
        # abbreviations, clock times and dates do not end a sentence
        ("Opf. efter 3 mdr. mhp. reduktion", ["Opf. efter 3 mdr. mhp. reduktion"]),
        ("Møder kl. 9.15 hver dag. Status 1.6.", ["Møder kl. 9.15 hver dag. ", "Status 1.6."]),
        ("Mål: stå op kl. 8. Æbler spises dagligt", ["Mål: stå op kl. 8. ", "Æbler spises dagligt"]),
        # list items and line breaks
        ("Delmål:\n- handle ind\n\n- gøre rent", ["Delmål:\n", "- handle ind\n\n", "- gøre rent"]),
        ("Klarer bad selv! • Hjælp ophører", ["Klarer bad selv! ", "• Hjælp ophører"]),
        # a sentence may open with a § number, but "jf. § 85" goes on
        (
            "Ønsker ikke mere støtte. § 107-opholdet afsluttes.",
            ["Ønsker ikke mere støtte. ", "§ 107-opholdet afsluttes."],
        ),
        ("Støtte jf. § 85 og Jf. § 97 i 6 mdr.", ["Støtte jf. § 85 og Jf. § 97 i 6 mdr."]),
        ("", [""]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    assert pieces(text, ClauseIndex.of(text).sentence_starts) == sentences


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "Når hun kan handle selv, kan hjælpen ophøre; status efter 3 mdr.",
            ["Når hun kan handle selv, ", "kan hjælpen ophøre; ", "status efter 3 mdr."],
        ),
        ("Mål: rengøring - ikke bad", ["Mål: ", "rengøring - ", "ikke bad"]),
        # a hyphen inside a word or a number range is no break
        ("§ 83-hjælp 2-3 gange, derefter pakke 1", ["§ 83-hjælp 2-3 gange, ", "derefter pakke 1"]),
        ("kl.9,30", ["kl.9,30"]),
    ],
)
def test_clauses(text: str, clauses: list[str]) -> None:
    assert pieces(text, ClauseIndex.of(text).clause_starts) == clauses


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .,;:!?-–\n\t\r\xa0\u2028§•*AÆ")) | st.characters(), max_size=80))
def test_clause_starts_are_those_of_the_full_scan(text: str) -> None:
    # ClauseIndex.of leaves out the dash branch for texts without a dash before a space.
    assert ClauseIndex.of(text).clause_starts == [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)]


def test_same_clause() -> None:
    text = "Hun går selv, og ledsagelsen ophører."
    index = ClauseIndex.of(text)
    assert index.same_clause(text.index("ledsagelsen"), text.index("ophører"))
    assert not index.same_clause(text.index("går"), text.index("ophører"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("-–a \n\t\u00a0\u2003.,"), max_size=20) | st.text(max_size=40))
def test_a_dash_before_space_is_found_as_the_regex_finds_it(text: str) -> None:
    assert dash_before_space(text) == (re.search(r"[-–]\s", text) is not None)
