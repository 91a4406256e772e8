"""static/js/text.js: applying suggestion edits and placing spans, with the
API's offsets counted in code points (Python's), not JavaScript's UTF-16 units."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import call_module

pytestmark = pytest.mark.browser


def edit(offset: int, length: int, replacement: str) -> dict:
    return {"offset": offset, "length": length, "replacement": replacement}


APPLY = [
    # (text, edits, expected)
    (
        "Borgeren kan selv handle ind",
        [edit(28, 0, " inden for 3 måneder")],
        "Borgeren kan selv handle ind inden for 3 måneder",
    ),
    (
        "Borgeren kan selv handle ind på sigt.",
        [edit(29, 7, "inden for 3 måneder")],
        "Borgeren kan selv handle ind inden for 3 måneder.",
    ),
    # Several edits given in order of offset: applied from the highest down, every offset still refers to the original.
    (
        "Øget trivsel på sigt.",
        [edit(0, 12, "Borgeren deltager i 2 aktiviteter om ugen"), edit(13, 7, "inden for 6 måneder")],
        "Borgeren deltager i 2 aktiviteter om ugen inden for 6 måneder.",
    ),
    # Two insertions at the same place keep their order.
    (
        "Borgeren kan selv tage bad.",
        [edit(26, 0, " inden for 4 uger"), edit(26, 0, ", og hjemmeplejen ophører")],
        "Borgeren kan selv tage bad inden for 4 uger, og hjemmeplejen ophører.",
    ),
    # Trap: an emoji is one code point for the API but two UTF-16 units in JavaScript.
    ("🙂 Jeg vil selv tage bad", [edit(23, 0, " inden jul")], "🙂 Jeg vil selv tage bad inden jul"),
    ("Mål:\n- selv handle ind", [edit(22, 0, " inden for 2 måneder")], "Mål:\n- selv handle ind inden for 2 måneder"),
    ("Borgeren kan selv tage bad.", [], "Borgeren kan selv tage bad."),
]


@pytest.mark.parametrize(("text", "edits", "expected"), APPLY)
def test_apply_edits(module_page, text: str, edits: list[dict], expected: str) -> None:
    assert call_module(module_page, "text.js", "applyEdits", text, edits) == expected


@pytest.mark.parametrize(
    ("text", "edits"),
    [
        ("Kort mål.", [edit(5, 10, "x")]),  # runs past the end
        ("Kort mål.", [edit(-1, 0, "x")]),
        ("Borgeren kan selv tage bad.", [edit(0, 10, "A"), edit(5, 10, "B")]),  # overlapping
        ("🙂 mål", [edit(5, 1, "x")]),  # one past the end in code points, inside in UTF-16 units
    ],
)
def test_edits_that_do_not_fit_are_refused(module_page, text: str, edits: list[dict]) -> None:
    with pytest.raises(PlaywrightError, match=r"passer ikke|ugyldig placering"):
        call_module(module_page, "text.js", "applyEdits", text, edits)


def span(start: int, end: int, text: str, label: str = "TIME") -> dict:
    return {"start": start, "end": end, "text": text, "label": label}


SEGMENTS = [
    # (text, spans, expected [(segment text, number of spans)])
    (
        "Borgeren kan selv handle ind inden for 3 måneder.",
        [span(13, 17, "selv", "CRITERION"), span(29, 48, "inden for 3 måneder")],
        [("Borgeren kan ", 0), ("selv", 1), (" handle ind ", 0), ("inden for 3 måneder", 1), (".", 0)],
    ),
    # Code points: the span after an emoji lands on the right words.
    ("🙂 selv inden jul", [span(7, 16, "inden jul")], [("🙂 selv ", 0), ("inden jul", 1)]),
    # Overlapping spans become one marked segment carrying both.
    (
        "efter 4 måneder i træk",
        [span(0, 15, "efter 4 måneder"), span(6, 22, "4 måneder i træk", "CRITERION")],
        [("efter 4 måneder i træk", 2)],
    ),
    # Trap: a span whose offsets do not match its text is left out, not drawn in the wrong place.
    ("Borgeren kan selv handle ind.", [span(0, 4, "selv", "CRITERION")], [("Borgeren kan selv handle ind.", 0)]),
    ("Borgeren kan selv.", [span(10, 99, "for langt")], [("Borgeren kan selv.", 0)]),
    ("", [], []),
]


@pytest.mark.parametrize(("text", "spans", "expected"), SEGMENTS)
def test_span_segments(module_page, text: str, spans: list[dict], expected: list[tuple[str, int]]) -> None:
    segments = call_module(module_page, "text.js", "spanSegments", text, spans)
    assert [(s["text"], len(s["spans"])) for s in segments] == expected
    assert "".join(s["text"] for s in segments) == text


@pytest.mark.parametrize(
    ("value", "danish"),
    [
        ("P4M", "4 måneder"),
        ("P1M", "1 måned"),
        ("P6W", "6 uger"),
        ("P14D", "14 dage"),
        ("P1Y", "1 år"),
        ("2026-06-01", "1. juni 2026"),
        ("2026-12-24", "24. december 2026"),
        ("--08-01", "1. august"),
        ("2026-W40", "uge 40 2026"),
        ("P1Y6M", "P1Y6M"),  # a form the page does not know is shown as it is
    ],
)
def test_time_values_in_plain_danish(module_page, value: str, danish: str) -> None:
    assert call_module(module_page, "text.js", "danishTime", value) == danish
