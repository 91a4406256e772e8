"""View 1, "Eksempler": the gallery shows exactly the examples the service
gives for the chosen filters, each with its marked spans, its three verdicts
in words and, for bad ones, the rewrite as a before/after diff."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve, service
from tests.browser.helpers import GOAL_TEXT_JS, api_get, screenshot, visible_text, wait_for_gallery

pytestmark = pytest.mark.browser

PAGE_SIZE = 12
DIMENSIONS = ("measurable", "time_horizon", "service_consequence")
# The verdict words a trainee reads, per dimension: (yes, no).
VERDICTS = {
    "measurable": ("Målbart", "Ikke målbart"),
    "time_horizon": ("Har en tidshorisont", "Ingen tidshorisont"),
    "service_consequence": ("Har en konsekvens for ydelsen", "Ingen konsekvens for ydelsen"),
}
FILTER_FIELDS = {"dimension": "#filter-dimension", "area": "#filter-area", "quality": "#filter-quality"}


def shown_ids(page: Any) -> list[str]:
    return page.locator("#gallery .card").evaluate_all("cards => cards.map((card) => card.dataset.id)")


def merged_span_texts(text: str, spans: list[dict]) -> list[str]:
    """The marked pieces a reader should see: overlapping spans form one mark."""
    groups: list[list[int]] = []
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if groups and span["start"] < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], span["end"])
        else:
            groups.append([span["start"], span["end"]])
    return [text[start:end] for start, end in groups]


def check_card(card: Any, item: dict) -> None:
    """One card against the service's item: text, marks, verdicts, rewrite."""
    analysis = item["analysis"]
    goal = card.locator(".goal")
    assert goal.evaluate(GOAL_TEXT_JS) == item["text"], "the goal text is shown whole and unchanged"
    marks = goal.locator("mark")
    assert [m.evaluate(GOAL_TEXT_JS) for m in marks.all()] == merged_span_texts(item["text"], analysis["spans"])
    for mark in marks.all():
        assert mark.locator(".hl-tag").inner_text().strip(), "every mark has a visible text label"
    verdicts = card.locator(".verdicts > li")
    assert verdicts.evaluate_all("items => items.map((i) => i.dataset.value)") == [
        str(analysis["labels"][d]["value"]).lower() for d in DIMENSIONS
    ]
    for dimension, verdict in zip(DIMENSIONS, verdicts.all(), strict=True):
        value = analysis["labels"][dimension]["value"]
        head = verdict.locator(".verdict-head").inner_text()
        assert head == ("✓ " if value else "✗ ") + VERDICTS[dimension][0 if value else 1]
        assert analysis["explanations"][dimension] in verdict.inner_text()
    assert card.get_attribute("data-quality") == item["quality"]
    assert card.locator(".quality").inner_text() == (
        "✓ Godt eksempel" if item["quality"] == "good" else "✗ Kan blive bedre"
    )
    rewrite = card.locator(".rewrite")
    if item["quality"] == "bad" and item["suggestion"]:
        expect(rewrite).to_be_visible()
        assert visible_text(rewrite.locator(".diff-before")) == item["text"]
        assert visible_text(rewrite.locator(".diff-after")) == item["suggestion"]["text"]
        assert rewrite.locator(".diff-after ins").count() >= 1, "what the rewrite adds is marked as inserted"
        assert rewrite.locator(".diff-after ins .sr-only").first.text_content() == "tilføjet: "
    else:
        expect(rewrite).to_be_hidden()


def test_the_gallery_opens_with_the_services_examples(page, live_server: str, artifacts) -> None:
    wait_for_gallery(page)
    expected = api_get(live_server, "v1/examples", limit=PAGE_SIZE)
    assert shown_ids(page) == [item["id"] for item in expected["items"]]
    expect(page.locator("#example-count")).to_have_text(
        f"Viser {len(expected['items'])} af {expected['total']} eksempler."
    )
    area_options = page.locator("#filter-area option").evaluate_all("options => options.map((o) => o.textContent)")
    assert area_options == ["Alle områder", *expected["areas"]]
    for card, item in zip(page.locator("#gallery .card").all(), expected["items"], strict=True):
        check_card(card, item)
    screenshot(page, artifacts, "01-gallery.png")
    rewritten = page.locator("#gallery .card-bad").filter(has=page.locator(".rewrite:not([hidden])")).first
    rewritten.screenshot(path=str(artifacts / "01b-gallery-bad-card-with-rewrite.png"))


def test_more_examples_are_appended_until_all_are_shown(page, live_server: str) -> None:
    wait_for_gallery(page)
    total = api_get(live_server, "v1/examples", limit=1)["total"]
    assert total > PAGE_SIZE, "the synthetic corpus is larger than one page"
    more = page.locator("#more-examples")
    with page.expect_response(lambda r: "v1/examples" in r.url and "offset=12" in r.url):
        more.click()
    wait_for_gallery(page)
    expected = api_get(live_server, "v1/examples", limit=100)
    assert shown_ids(page) == [item["id"] for item in expected["items"]]
    expect(more).to_be_hidden()
    expect(page.locator("#gallery .card").nth(PAGE_SIZE).locator(".pick-box")).to_be_focused()


FILTERS = [
    {"quality": "bad"},
    {"quality": "good"},
    {"area": "Barnets Lov"},
    {"dimension": "time_horizon", "quality": "good"},
    {"dimension": "service_consequence", "quality": "bad", "area": "§ 85"},
    {"dimension": "measurable", "quality": "bad", "area": "hjemmepleje"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f.values()))
def test_filters_show_what_the_service_selects(page, live_server: str, filters: dict[str, str]) -> None:
    wait_for_gallery(page)
    apply_filters(page, filters)
    expected = api_get(live_server, "v1/examples", limit=PAGE_SIZE, **filters)
    assert expected["items"], "the synthetic corpus has examples for every filter in this table"
    assert shown_ids(page) == [item["id"] for item in expected["items"]]
    for card, item in zip(page.locator("#gallery .card").all(), expected["items"], strict=True):
        check_card(card, item)
        if "area" in filters:
            assert card.locator(".area").inner_text() == f"Område: {filters['area']}"
        if "quality" in filters:
            assert card.get_attribute("data-quality") == filters["quality"]


def apply_filters(page: Any, filters: dict[str, str]) -> None:
    """Choose the filters as a user does; wait for the request that carries all of them."""

    def carries_all(response: Any) -> bool:
        query = {k: v[0] for k, v in parse_qs(urlparse(response.url).query).items()}
        return "v1/examples" in response.url and all(query.get(k) == v for k, v in filters.items())

    with page.expect_response(carries_all):
        for name, value in filters.items():
            page.select_option(FILTER_FIELDS[name], value)
    wait_for_gallery(page)


def test_filtered_view_of_bad_examples(page, live_server: str, artifacts) -> None:
    wait_for_gallery(page)
    apply_filters(page, {"quality": "bad", "dimension": "time_horizon"})
    cards = page.locator("#gallery .card")
    assert cards.count() > 0
    for card in cards.all():
        expect(card.locator(".quality")).to_have_text("✗ Kan blive bedre")
    screenshot(page, artifacts, "02-gallery-filtered-bad-time-horizon.png")


def test_a_filter_without_matches_says_so(page) -> None:
    wait_for_gallery(page)
    apply_filters(page, {"area": "§ 83a", "quality": "good"})  # both § 83a goals lack a service consequence
    expect(page.locator("#gallery .card")).to_have_count(0)
    expect(page.locator("#example-count")).to_have_text(
        "Ingen eksempler passer til filtrene. Prøv et andet område eller krav."
    )
    expect(page.locator("#more-examples")).to_be_hidden()


def test_a_missing_corpus_is_a_visible_danish_error(browser, tmp_path) -> None:
    """The service answers 503 when the corpus is missing; the page says so instead of showing nothing."""
    with serve(service(tmp_path / "findes-ikke.jsonl")) as url:
        context = browser.new_context(locale="da-DK")
        page = context.new_page()
        page.goto(url)
        alert = page.locator("#examples-error")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("Eksemplerne kunne ikke hentes.")
        expect(alert).to_contain_text("GOALTEXT_CORPUS")
        assert alert.get_attribute("role") == "alert"
        expect(page.locator("#gallery .card")).to_have_count(0)
        context.close()
