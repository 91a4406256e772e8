"""The report opens offline in headless Chromium and draws every chart.

Every request other than the file itself is blocked and recorded, so a chart
that needed the internet (a CDN script, a font, a map tile) fails the test.
Skips, saying why, when Debian's /usr/bin/chromium is missing (bash
scripts/browser.sh installs it); a screenshot goes to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goaltext.archive.figures import report_figures
from goaltext.archive.html import render_report
from goaltext.archive.report import build_report
from tests.archive.test_report import OPTIONS, scored_frame

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_the_report_renders_every_chart_without_network(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (bash scripts/browser.sh)")
    from playwright.sync_api import sync_playwright

    tables = build_report(scored_frame(), OPTIONS)
    charts = report_figures(tables)
    report = tmp_path / "rapport.html"
    report.write_text(render_report(tables, charts, OPTIONS, "mål.csv"), encoding="utf-8")

    blocked: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="da-DK")
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith("file://")
                    else (blocked.append(route.request.url), route.abort())
                ),
            )
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.goto(report.as_uri())
            page.wait_for_function(
                f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * len(charts)}", timeout=20_000
            )
            drawn = page.evaluate(  # bars and markers are ".point" elements in plotly's SVG
                "[...document.querySelectorAll('.js-plotly-plot')].map(p => p.querySelectorAll('.point').length)"
            )
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "archive-report.png"), full_page=True)
        finally:
            browser.close()
    assert blocked == []
    assert problems == []
    assert len(drawn) == len(charts)
    assert all(marks > 0 for marks in drawn), drawn
