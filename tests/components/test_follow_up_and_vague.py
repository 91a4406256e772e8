"""FOLLOW_UP cues and VAGUE words."""

from __future__ import annotations

import pytest

from goaltext import Analyzer

FOLLOW_UPS = [
    ("Der følges op efter 4 måneder.", "følges op"),
    ("Opfølgning hver 3. måned.", "Opfølgning"),
    ("Indsatsen evalueres ved opfølgning.", "evalueres"),
    ("indsatsen revurderes", "revurderes"),
    ("opføling efter 3 mdr", "opføling"),
    ("Statusmøde i uge 40.", "Statusmøde"),
]


@pytest.mark.parametrize(("text", "cue"), FOLLOW_UPS)
def test_follow_up_cue(rules_analyzer: Analyzer, text: str, cue: str) -> None:
    spans = rules_analyzer.analyze(text).spans
    assert cue in [s.text for s in spans if s.label == "FOLLOW_UP"]


VAGUE = [
    ("Borgeren skal have det bedre.", "have det bedre"),
    ("Øget trivsel og livskvalitet.", "Øget"),
    ("Øget trivsel og livskvalitet.", "trivsel"),
    ("Øget trivsel og livskvalitet.", "livskvalitet"),
    ("Borgeren bliver mere selvstændig i hverdagen.", "mere selvstændig"),
    ("Borgeren arbejder med at blive bedre til at handle ind.", "arbejder med"),
    ("Borgeren arbejder med at blive bedre til at handle ind.", "bedre"),
    ("større tryghed i eget hjem", "tryghed"),
]


@pytest.mark.parametrize(("text", "word"), VAGUE)
def test_vague_word(rules_analyzer: Analyzer, text: str, word: str) -> None:
    spans = rules_analyzer.analyze(text).spans
    assert word in [s.text for s in spans if s.label == "VAGUE"]


def test_vague_times_are_time_spans_not_vague_words(rules_analyzer: Analyzer) -> None:
    spans = rules_analyzer.analyze("Borgeren skal på sigt kunne bo selv.").spans
    assert [(s.label, s.role) for s in spans if s.text == "på sigt"] == [("TIME", "vague")]
