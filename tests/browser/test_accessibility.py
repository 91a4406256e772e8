"""The page for keyboard and screen-reader users: ARIA tabs that work with the
arrow keys, a focus ring on everything reachable, text labels beside every
colour, and WCAG AA contrast measured on the text as rendered."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import low_contrast, wait_for_gallery

pytestmark = pytest.mark.browser

TABS = ["tab-examples", "tab-editor", "tab-handout"]
PANELS = {"tab-examples": "panel-examples", "tab-editor": "panel-editor", "tab-handout": "panel-handout"}
HASHES = {"tab-examples": "#eksempler", "tab-editor": "#skriv", "tab-handout": "#handout"}


@pytest.mark.parametrize(
    ("start", "key", "expected"),
    [
        ("tab-examples", "ArrowRight", "tab-editor"),
        ("tab-editor", "ArrowRight", "tab-handout"),
        ("tab-handout", "ArrowRight", "tab-examples"),  # wraps around
        ("tab-examples", "ArrowLeft", "tab-handout"),
        ("tab-handout", "Home", "tab-examples"),
        ("tab-examples", "End", "tab-handout"),
        ("tab-editor", "Tab", "tab-editor"),  # Tab leaves the tab list instead of moving along it
    ],
)
def test_tabs_follow_the_arrow_keys(page, start: str, key: str, expected: str) -> None:
    page.click(f"#{start}")
    page.keyboard.press(key)
    selected = page.locator("[role='tab'][aria-selected='true']")
    expect(selected).to_have_count(1)
    expect(selected).to_have_id(expected)
    expect(page.locator(f"#{PANELS[expected]}")).to_be_visible()
    for other in TABS:
        if other != expected:
            expect(page.locator(f"#{PANELS[other]}")).to_be_hidden()
            expect(page.locator(f"#{other}")).to_have_attribute("tabindex", "-1")
    if key != "Tab":
        expect(page.locator(f"#{expected}")).to_be_focused()
        assert page.evaluate("location.hash") == HASHES[expected]


@pytest.mark.parametrize("tab", TABS)
def test_a_view_can_be_linked_to(page, live_server: str, tab: str) -> None:
    page.goto(live_server + HASHES[tab])
    page.wait_for_selector("html[data-ready='true']")
    expect(page.locator(f"#{tab}")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"#{PANELS[tab]}")).to_be_visible()


def focus_by_keyboard(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


@pytest.mark.parametrize(
    ("view", "selector"),
    [
        (None, ".skip-link"),
        (None, "#tab-examples"),
        (None, "#filter-dimension"),
        (None, "#gallery .card >> nth=0 >> .pick-box"),
        ("tab-editor", "#goal-input"),
        ("tab-editor", "#ctx-interval"),
        ("tab-editor", "#editor-suggestions button >> nth=0"),
        ("tab-handout", "#handout-title-input"),
    ],
)
def test_keyboard_focus_is_always_visible(page, view: str | None, selector: str) -> None:
    wait_for_gallery(page)
    if view == "tab-editor":
        page.click(f"#{view}")
        page.fill("#goal-input", "Øget trivsel.")
        page.wait_for_selector("#editor-suggestions button:enabled")
    if view:
        page.click(f"#{view}")  # start from the tab, as after choosing the view
    focus_by_keyboard(page, selector)
    ring = page.locator(selector).evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring[0] == "solid" and ring[1] >= 2, f"{selector}: {ring}"
    assert ring[2] == "rgb(91, 42, 134)", "the focus colour is used for nothing else"


def test_the_skip_link_appears_on_focus(page) -> None:
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    expect(link).to_be_focused()
    box = link.bounding_box()
    assert box["y"] >= 0, "visible inside the viewport while focused"
    assert link.get_attribute("href") == "#main"


def test_colour_is_never_the_only_signal(page) -> None:
    """Every mark has a text tag, every verdict its words, every card its quality in words."""
    wait_for_gallery(page)
    marks = page.locator("#gallery mark")
    assert marks.count() > 0
    tags = marks.evaluate_all("marks => marks.map((m) => m.querySelector('.hl-tag')?.textContent.trim() ?? '')")
    assert all(tags), "a mark without a text label"
    known = ("tid", "kriterium", "konsekvens", "upræcist")
    assert all(tag.strip("[] ").startswith((*known, "opfølgning")) for tag in tags), tags
    heads = page.locator("#gallery .verdict-head").all_inner_texts()
    assert heads and all(head[0] in "✓✗" and len(head) > 3 for head in heads)
    legend = page.locator("#legend-examples li .hl-tag").all_text_contents()  # inside a closed <details>
    assert legend == list(known)


def test_the_page_has_one_main_landmark_and_labelled_regions(page) -> None:
    assert page.locator("main").count() == 1
    assert page.locator("h1").count() == 1
    for panel in PANELS.values():
        labelled_by = page.locator(f"#{panel}").get_attribute("aria-labelledby")
        assert page.locator(f"#{labelled_by}").count() == 1
    expect(page.locator("#editor-status")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#example-count")).to_have_attribute("role", "status")


@pytest.mark.parametrize("view", TABS)
def test_rendered_text_meets_wcag_aa_contrast(page, view: str) -> None:
    """Measured on the page as drawn, marks, tags, verdicts and diffs included."""
    wait_for_gallery(page)
    if view == "tab-handout":
        boxes = page.locator("#gallery .pick-box")
        for index in range(4):
            boxes.nth(index).check()
        page.click("#add-to-handout")
    page.click(f"#{view}")
    if view == "tab-editor":
        page.fill("#goal-input", "Borgeren skal have det bedre på sigt. Der følges op efter 3 mdr.")
        page.wait_for_selector("#editor-result[aria-busy='false'] #editor-suggestions button")
    problems = low_contrast(page, "body")
    assert problems == [], problems
