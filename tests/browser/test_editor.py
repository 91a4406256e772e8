"""View 2, "Skriv et mål": the live editor. The verdicts follow the text as it
is typed (one request per pause), suggestions apply their edits to the text,
the case context goes with the request, and errors are said in Danish."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.helpers import GOAL_TEXT_JS, api_post, screenshot, visible_text

pytestmark = pytest.mark.browser

DIMENSIONS = ("measurable", "time_horizon", "service_consequence")
NO_HORIZON = "Borgeren kan selv handle ind i Netto to gange om ugen"
HORIZON = " inden for 3 måneder"


def open_editor(page: Any) -> Any:
    page.click("#tab-editor")
    textarea = page.locator("#goal-input")
    expect(textarea).to_be_visible()
    return textarea


def verdict(page: Any, dimension: str) -> Any:
    return page.locator(f"#editor-verdicts > li[data-dimension='{dimension}']")


def is_analyze(request: Any) -> bool:
    return request.url.endswith("/v1/analyze") and request.method == "POST"


def shown_values(page: Any) -> list[str]:
    return page.locator("#editor-verdicts > li").evaluate_all("items => items.map((i) => i.dataset.value)")


def wait_until_current(page: Any) -> None:
    """The results belong to the text in the box (no pause pending, no request in flight)."""
    expect(page.locator("#editor-result")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#editor-body")).to_be_visible()


def test_typing_a_horizon_turns_the_time_verdict_to_yes(page, artifacts) -> None:
    textarea = open_editor(page)
    sent: list[Any] = []
    page.on("request", lambda request: sent.append(request) if is_analyze(request) else None)

    textarea.press_sequentially(NO_HORIZON, delay=15)
    wait_until_current(page)
    expect(verdict(page, "time_horizon")).to_have_attribute("data-value", "false")
    expect(verdict(page, "time_horizon").locator(".verdict-head")).to_have_text("✗ Ingen tidshorisont")
    expect(verdict(page, "measurable")).to_have_attribute("data-value", "true")
    expect(page.locator("#editor-mirror .hl-time")).to_have_count(0)
    screenshot(page, artifacts, "03-editor-without-horizon.png")

    textarea.press_sequentially(HORIZON, delay=15)
    expect(verdict(page, "time_horizon")).to_have_attribute("data-value", "true")
    wait_until_current(page)
    expect(verdict(page, "time_horizon").locator(".verdict-head")).to_have_text("✓ Har en tidshorisont")
    expect(verdict(page, "time_horizon")).to_contain_text("inden for 3 måneder")
    mark = page.locator("#editor-mirror mark.hl-time")
    expect(mark).to_have_count(1)
    assert visible_text(mark.locator(".hl-tag")) == "tid: 3 måneder"
    expect(page.locator("#editor-score")).to_have_text(
        f"{page.locator('#editor-score-meter').get_attribute('value')} af 100"
    )
    expect(textarea).to_have_value(NO_HORIZON + HORIZON)
    screenshot(page, artifacts, "04-editor-with-horizon.png")

    keystrokes = len(NO_HORIZON) + len(HORIZON)
    assert 2 <= len(sent) <= keystrokes // 10, f"{len(sent)} requests for {keystrokes} keystrokes: not debounced"
    assert json.loads(sent[-1].post_data)["text"] == NO_HORIZON + HORIZON


def suggestions_for(live_server: str, text: str) -> list[dict]:
    """What the service suggests for the text, asked the way the page asks."""
    return api_post(live_server, "v1/analyze", {"text": text, "context": {}})["suggestions"]


@pytest.mark.parametrize("how", ["click", "Enter"])
def test_applying_a_suggestion_rewrites_the_text_and_updates_the_verdicts(
    page, live_server: str, artifacts, how: str
) -> None:
    original = "Borgeren skal have det bedre."
    textarea = open_editor(page)
    textarea.fill(original)
    wait_until_current(page)
    expected = suggestions_for(live_server, original)
    assert expected, "a goal that lacks all three dimensions gets suggestions"
    buttons = page.locator("#editor-suggestions button.suggestion")
    expect(buttons).to_have_count(len(expected))
    assert visible_text(buttons.first.locator(".suggestion-preview")).replace("−", "") != ""
    assert buttons.first.locator(".suggestion-reason").inner_text() == expected[0]["reason"]

    with page.expect_response(lambda r: is_analyze(r.request)) as answer:
        if how == "click":
            buttons.first.click()
        else:
            buttons.first.focus()
            page.keyboard.press("Enter")
    expect(textarea).to_have_value(expected[0]["text"])
    analysis = answer.value.json()
    assert analysis["text"] == expected[0]["text"]
    wait_until_current(page)
    assert shown_values(page) == [str(analysis["labels"][d]["value"]).lower() for d in DIMENSIONS]
    for dimension in expected[0]["adds"]:
        if not expected[0]["needs_input"]:
            assert analysis["labels"][dimension]["value"], f"the rewrite adds {dimension}"
    expect(page.locator("#editor-status")).to_contain_text("Forslaget er indsat.")
    placeholders = [p for p in expected[0]["needs_input"] if p in expected[0]["text"]]
    todo = page.locator("#editor-todo")
    if placeholders:
        selected = textarea.evaluate("t => t.value.slice(t.selectionStart, t.selectionEnd)")
        assert selected == placeholders[0], "the first placeholder to fill is selected"
        expect(todo).to_have_text(f"Målet er ikke færdigt: udfyld {', '.join(placeholders)}.")
    else:
        expect(todo).to_be_hidden()
    if how == "click":
        screenshot(page, artifacts, "05-editor-suggestion-applied.png")

    textarea.press("Control+z")  # the browser's own undo takes the rewrite back
    expect(textarea).to_have_value(original)
    wait_until_current(page)
    expect(todo).to_be_hidden()
    if placeholders:  # filling in a placeholder removes it from the reminder
        textarea.fill(expected[0]["text"].replace(placeholders[0], "3"))
        wait_until_current(page)
        if placeholders[1:]:
            expect(todo).to_have_text(f"Målet er ikke færdigt: udfyld {', '.join(placeholders[1:])}.")
        else:
            expect(todo).to_be_hidden()


def test_suggestions_for_an_older_text_cannot_be_applied(page) -> None:
    textarea = open_editor(page)
    textarea.fill("Øget trivsel.")
    wait_until_current(page)
    first = page.locator("#editor-suggestions button.suggestion").first
    expect(first).to_be_enabled()
    textarea.press("End")
    textarea.press_sequentially(" Mere ro", delay=10)
    expect(first).to_be_disabled()  # until the new text is analysed
    expect(page.locator("#editor-result")).to_have_attribute("aria-busy", "true")
    wait_until_current(page)
    expect(page.locator("#editor-suggestions button.suggestion").first).to_be_enabled()


def test_a_newer_keystroke_aborts_the_request_in_flight(page) -> None:
    """Held back by the test, the first request is still open when the text
    changes; the page aborts it and shows only the newer text's analysis."""
    held: list[Any] = []
    page.route("**/v1/analyze", lambda route: held.append(route))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.failure or "") if is_analyze(request) else None)
    textarea = open_editor(page)
    textarea.fill(NO_HORIZON)
    for _ in range(100):  # the debounced request reaches the route within ~0.3 s
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1
    textarea.fill(NO_HORIZON + HORIZON)
    for _ in range(100):
        if len(held) == 2:
            break
        page.wait_for_timeout(20)
    assert len(held) == 2
    page.unroute("**/v1/analyze")
    for route in held:
        with contextlib.suppress(PlaywrightError):  # the aborted one cannot be continued any more
            route.continue_()
    wait_until_current(page)
    expect(verdict(page, "time_horizon")).to_have_attribute("data-value", "true")
    assert any("ABORTED" in reason for reason in failed), failed


INTERVALS = [
    ("1 måned", "P1M"),
    ("2 måneder", "P2M"),
    ("3 måneder", "P3M"),
    ("4 måneder", "P4M"),
    ("6 måneder", "P6M"),
    ("12 måneder", "P12M"),
]


def test_the_case_context_goes_with_the_request(page) -> None:
    textarea = open_editor(page)
    page.fill("#ctx-package", "ydelsespakke 3")
    with page.expect_request(is_analyze) as sent:
        textarea.fill("Borgeren kan selv tage bad.")
    assert json.loads(sent.value.post_data)["context"] == {"current_package": "ydelsespakke 3"}
    for label, iso in INTERVALS:  # every choice of the select, as its ISO 8601 duration
        wait_until_current(page)
        with page.expect_request(is_analyze) as again:
            page.select_option("#ctx-interval", label=label)
        assert json.loads(again.value.post_data) == {
            "text": "Borgeren kan selv tage bad.",
            "context": {"current_package": "ydelsespakke 3", "follow_up_interval": iso},
        }
    wait_until_current(page)


def test_blank_text_is_not_sent(page) -> None:
    textarea = open_editor(page)
    sent: list[Any] = []
    page.on("request", lambda request: sent.append(request) if is_analyze(request) else None)
    textarea.fill("   \n  ")
    page.wait_for_timeout(400)  # longer than the pause that would send it
    assert sent == []
    expect(page.locator("#editor-status")).to_have_text("Skriv et mål for at se analysen.")
    expect(page.locator("#editor-body")).to_be_hidden()


def test_a_text_over_the_limit_gets_the_services_danish_message(page, artifacts) -> None:
    page.expected_problems.append(r"status of 422")
    textarea = open_editor(page)
    textarea.fill("Borgeren kan selv tage bad. " * 200)  # 5,600 characters; the service allows 5,000
    alert = page.locator("#editor-error")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Målet kunne ikke analyseres.")
    expect(alert).to_contain_text("for langt")
    expect(alert).to_contain_text("5000 tegn")
    expect(page.locator("#goal-length")).to_have_text("5.600 tegn")
    screenshot(page, artifacts, "08-editor-error-too-long.png")
    textarea.fill("Borgeren kan selv tage bad.")
    expect(alert).to_be_hidden()
    wait_until_current(page)


def test_a_lost_connection_is_said_not_swallowed(page) -> None:
    page.expected_problems.append(r"net::ERR_FAILED")
    textarea = open_editor(page)
    textarea.fill("Borgeren kan selv tage bad.")
    wait_until_current(page)
    page.route("**/v1/analyze", lambda route: route.abort())
    textarea.fill("Borgeren kan selv tage bad inden for 2 uger.")
    alert = page.locator("#editor-error")
    expect(alert).to_have_text(
        "Målet kunne ikke analyseres. "
        "Kunne ikke få forbindelse til goaltext-tjenesten. Tjek forbindelsen, og prøv igen."
    )
    expect(page.locator("#editor-status")).to_have_text("Analysen herunder er ikke opdateret.")
    expect(page.locator("#editor-suggestions button.suggestion").first).to_be_disabled()


@pytest.mark.parametrize(
    ("text", "marked", "tag"),
    [
        # Offsets are code points: after an emoji the mark must still sit on the right words.
        ("🙂 Borgeren kan selv handle ind inden for 3 måneder", "inden for 3 måneder", "tid: 3 måneder"),
        ("Jeg vil 👍🏽 selv tage bad på sigt", "på sigt", "upræcist"),
        ("Mål:\n- Borgeren kan selv handle ind\n- Der følges op efter 4 måneder", "efter 4 måneder", "tid: 4 måneder"),
    ],
)
def test_marks_land_on_the_right_words(page, text: str, marked: str, tag: str) -> None:
    textarea = open_editor(page)
    textarea.fill(text)
    wait_until_current(page)
    expect(page.locator("#goal-length")).to_have_text(f"{len(text)} tegn")  # code points, as the service counts
    marks = page.locator("#editor-mirror mark")
    pieces = [m.evaluate("m => m.firstChild.textContent") for m in marks.all()]
    assert marked in pieces
    index = pieces.index(marked)
    assert visible_text(marks.nth(index).locator(".hl-tag")) == tag
    assert page.locator("#editor-mirror").evaluate(GOAL_TEXT_JS) == text, "the mirror shows the whole text"


def test_goal_text_is_shown_as_text_never_as_markup(page) -> None:
    trap = "<img src=x id=injected onerror=\"document.title='hacket'\"><b>Borgeren</b> kan selv tage bad."
    textarea = open_editor(page)
    textarea.fill(trap)
    wait_until_current(page)
    assert page.locator("#injected").count() == 0
    assert page.locator("#editor-mirror b").count() == 0
    assert page.title() != "hacket"
    expect(page.locator("#editor-mirror")).to_contain_text("<img src=x id=injected")
