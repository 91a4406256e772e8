"""static/js/diff.js: the word-level diff behind every before/after view,
run in the browser it ships to."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.helpers import call_module

pytestmark = pytest.mark.browser

# (before, after, expected operations as (type, text))
CASES = [
    (
        "Borgeren kan selv handle ind.",
        "Borgeren kan selv handle ind. Der følges op efter 4 måneder.",
        [("equal", "Borgeren kan selv handle ind."), ("ins", " Der følges op efter 4 måneder.")],
    ),
    (
        "Borgeren skal have det bedre.",
        "Borgeren kan selv lave mad.",
        [("equal", "Borgeren "), ("del", "skal have det bedre"), ("ins", "kan selv lave mad"), ("equal", ".")],
    ),
    (
        "Borgeren kan selv handle ind på sigt.",
        "Borgeren kan selv handle ind inden for 3 måneder.",
        [
            ("equal", "Borgeren kan selv handle ind "),
            ("del", "på sigt"),
            ("ins", "inden for 3 måneder"),
            ("equal", "."),
        ],
    ),
    # A date with slashes and a dash is one word: changed as a whole, not digit by digit.
    (
        "Status til visitationen 1/6-26.",
        "Status til visitationen 1/9-26.",
        [("equal", "Status til visitationen "), ("del", "1/6-26"), ("ins", "1/9-26"), ("equal", ".")],
    ),
    # Paragraph numbers keep their sign.
    (
        "Støtten efter § 85 fortsætter.",
        "Støtten efter § 85 kan afsluttes.",
        [("equal", "Støtten efter § 85 "), ("del", "fortsætter"), ("ins", "kan afsluttes"), ("equal", ".")],
    ),
    # Short words the two texts happen to share ("med", "at") do not cut a rewrite into confetti.
    (
        "Borgeren arbejder med at blive bedre til at handle ind på sigt.",
        "Borgeren handler selv ind 2 gange om ugen inden for 4 måneder. Indsatsen gives med forventning om, at "
        "borgeren herefter kan overgå til ydelsespakke 1.",
        [
            ("equal", "Borgeren "),
            ("del", "arbejder med at blive bedre til at handle ind på sigt"),
            (
                "ins",
                "handler selv ind 2 gange om ugen inden for 4 måneder. Indsatsen gives med forventning om, at "
                "borgeren herefter kan overgå til ydelsespakke 1",
            ),
            ("equal", "."),
        ],
    ),
    # ... while a longer stretch kept between two additions stays visible as kept.
    (
        "Familien skal have det bedre sammen, og indsatsen evalueres løbende.",
        "Familien skal have det bedre sammen inden for 4 måneder, og indsatsen evalueres løbende. Der følges op "
        "efter 3 måneder.",
        [
            ("equal", "Familien skal have det bedre sammen"),
            ("ins", " inden for 4 måneder"),
            ("equal", ", og indsatsen evalueres løbende"),
            ("ins", ". Der følges op efter 3 måneder"),
            ("equal", "."),
        ],
    ),
    ("Øget trivsel.", "Øget trivsel.", [("equal", "Øget trivsel.")]),
    ("", "Borgeren kan selv tage bad.", [("ins", "Borgeren kan selv tage bad.")]),
    ("Borgeren kan selv tage bad.", "", [("del", "Borgeren kan selv tage bad.")]),
    # Trap: a change in case only is a change.
    (
        "borgeren kan selv tage bad.",
        "Borgeren kan selv tage bad.",
        [("del", "borgeren"), ("ins", "Borgeren"), ("equal", " kan selv tage bad.")],
    ),
]


@pytest.mark.parametrize(("before", "after", "expected"), CASES)
def test_word_diff(module_page, before: str, after: str, expected: list[tuple[str, str]]) -> None:
    ops = call_module(module_page, "diff.js", "wordDiff", before, after)
    assert [(op["type"], op["text"]) for op in ops] == expected


RECONSTRUCTION = [
    ("Borgeren møder til 80 % af aftalerne.", "Borgeren møder til 90 % af aftalerne inden for 6 uger."),
    ("Jeg vil gerne klare mig selv 🙂", "Jeg vil gerne klare mig selv 🙂 inden jul 2026."),
    ("A\nB\n\nC", "A\nX\n\nC D"),
    ("  mellemrum  ", "mellemrum"),
    ("Borgeren, borgeren, borgeren.", "Borgeren og borgeren."),
]


@pytest.mark.parametrize(("before", "after"), RECONSTRUCTION)
def test_diff_loses_no_text(module_page, before: str, after: str) -> None:
    """Equal + deleted parts give the old text back, equal + inserted the new one."""
    ops = call_module(module_page, "diff.js", "wordDiff", before, after)
    assert "".join(op["text"] for op in ops if op["type"] != "ins") == before
    assert "".join(op["text"] for op in ops if op["type"] != "del") == after
    assert all(op["text"] for op in ops)
    assert all(a["type"] != b["type"] for a, b in itertools.pairwise(ops)), "neighbours of one type are merged"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Der følges op efter 4 mdr.", ["Der", " ", "følges", " ", "op", " ", "efter", " ", "4", " ", "mdr", "."]),
        ("pr. 1/3-27", ["pr", ".", " ", "1/3-27"]),
        ("§ 83a-forløb", ["§", " ", "83a-forløb"]),
    ],
)
def test_tokens_are_danish_words(module_page, text: str, tokens: list[str]) -> None:
    assert call_module(module_page, "diff.js", "tokenize", text) == tokens
