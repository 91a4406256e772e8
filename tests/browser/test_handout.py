"""View 3, "Handout": examples picked in the gallery, good and bad side by side,
printed as a clean A4 page (no navigation, no buttons, nothing cut in two)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import screenshot, visible_text, wait_for_gallery

pytestmark = pytest.mark.browser

A4_AT_96_DPI = {"width": 794, "height": 1123}
A4_POINTS = (595.0, 842.0)


def pick(page: Any, good: int, bad: int) -> list[str]:
    """Tick `good` good and `bad` bad examples in the gallery; return their ids."""
    wait_for_gallery(page)
    ids = []
    for quality, count in (("good", good), ("bad", bad)):
        cards = page.locator(f"#gallery .card[data-quality='{quality}']")
        assert cards.count() >= count, f"the synthetic corpus has at least {count} {quality} examples on page one"
        for index in range(count):
            card = cards.nth(index)
            card.get_by_label("Vælg til handout").check()
            ids.append(card.get_attribute("data-id"))
    return ids


def add_to_handout(page: Any, good: int, bad: int) -> list[str]:
    ids = pick(page, good, bad)
    button = page.locator("#add-to-handout")
    expect(button).to_have_text(f"Tilføj {len(ids)} til handout")
    button.click()
    return ids


def test_picked_examples_go_to_the_handout_good_beside_bad(page, artifacts) -> None:
    ids = add_to_handout(page, good=2, bad=3)
    expect(page.locator("#selection-status")).to_have_text("5 eksempler tilføjet. Handoutet har nu 5.")
    expect(page.locator("#handout-count")).to_have_text("5")
    for goal_id in ids:
        card = page.locator(f"#gallery .card[data-id='{goal_id}']")
        expect(card.locator(".pick-box")).to_be_disabled()
        expect(card.locator(".pick-label")).to_have_text("I handoutet")
    expect(page.locator("#add-to-handout")).to_be_disabled()

    page.click("#tab-handout")
    rows = page.locator("#handout-rows .handout-row")
    expect(rows).to_have_count(3)
    qualities = rows.evaluate_all(
        "rows => rows.map((row) => [...row.children].map((cell) => cell.dataset.quality || 'tom'))"
    )
    assert qualities == [["good", "bad"], ["good", "bad"], ["tom", "bad"]]
    shown = page.locator("#handout-rows .handout-item[data-id]").evaluate_all("items => items.map((i) => i.dataset.id)")
    assert sorted(shown) == sorted(ids)
    for item in page.locator(".handout-item.handout-bad").all():
        rewrite = item.locator(".handout-rewrite")
        if rewrite.count():
            assert visible_text(rewrite).startswith("Bedre: ")
            assert rewrite.locator("ins").count() >= 1
        expect(item.locator(".verdict-no").first).to_be_visible()
    page.fill("#handout-title-input", "Kursus i målformulering, 12. marts")
    expect(page.locator("#handout-title")).to_have_text("Kursus i målformulering, 12. marts")
    screenshot(page, artifacts, "06-handout-screen.png", full_page=True)


def test_the_handout_prints_alone_on_a4(page, artifacts) -> None:
    add_to_handout(page, good=3, bad=3)
    page.click("#tab-handout")
    page.fill("#handout-title-input", "Gode og dårlige mål – kursusmateriale")
    page.click("#tab-examples")  # printing from another view still prints the handout
    page.set_viewport_size(A4_AT_96_DPI)
    page.emulate_media(media="print")

    for hidden in (".site-header", "#panel-examples", ".handout-tools", "#print-handout", ".handout-remove >> nth=0"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("#handout")).to_be_visible()
    expect(page.locator("#handout-title")).to_have_text("Gode og dårlige mål – kursusmateriale")
    assert page.locator("button:visible").count() == 0, "no buttons on paper"

    rows = page.locator("#handout-rows .handout-row")
    expect(rows).to_have_count(3)
    for row in rows.all():
        good, bad = row.locator(".handout-good").bounding_box(), row.locator(".handout-bad").bounding_box()
        assert good["x"] + good["width"] <= bad["x"], "good on the left, bad on the right"
        assert abs(good["y"] - bad["y"]) < 1, "side by side, starting on one line"
        assert row.evaluate("r => getComputedStyle(r).breakInside") == "avoid"
    width = page.locator("#handout").bounding_box()["width"]
    assert width >= 0.8 * A4_AT_96_DPI["width"], "the handout uses the paper's width, not the screen layout's"

    page_rule = page.evaluate(
        """() => [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules])
              .filter((rule) => rule instanceof CSSPageRule).map((rule) => rule.style.size)"""
    )
    assert [size.upper() for size in page_rule] == ["A4"]
    screenshot(page, artifacts, "07-handout-print.png", full_page=True)

    pdf = page.pdf(path=str(artifacts / "handout.pdf"), prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    boxes = {
        tuple(round(float(v)) for v in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    }
    assert boxes == {A4_POINTS}, f"every page is A4 portrait: {boxes}"
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()


def test_items_can_be_removed_and_the_handout_emptied(page) -> None:
    add_to_handout(page, good=1, bad=1)
    page.click("#tab-handout")
    expect(page.locator("#handout-empty")).to_be_hidden()
    page.locator(".handout-remove").first.click()
    expect(page.locator("#handout-rows .handout-item[data-id]")).to_have_count(1)
    expect(page.locator("#handout-status")).to_have_text("Eksemplet er fjernet. Handoutet har nu 1.")
    expect(page.locator(".handout-remove").first).to_be_focused()
    page.click("#clear-handout")
    expect(page.locator("#handout-rows .handout-item")).to_have_count(0)
    expect(page.locator("#handout-empty")).to_be_visible()
    expect(page.locator("#handout-count")).to_have_text("0")
    expect(page.locator("#print-handout")).to_be_disabled()
    page.click("#tab-examples")  # the examples can be picked again
    expect(page.locator("#gallery .pick-box:disabled")).to_have_count(0)


def test_an_empty_handout_says_how_to_fill_it(page) -> None:
    page.click("#tab-handout")
    expect(page.locator("#handout-empty")).to_have_text(
        "Der er ingen eksempler i handoutet endnu. Vælg eksempler under «Eksempler», og tryk «Tilføj til handout»."
    )
    expect(page.locator("#print-handout")).to_be_disabled()
