"""The page as the service delivers it: under the service's Content Security
Policy, loading nothing from anywhere but the service itself, in Danish."""

from __future__ import annotations

import pytest

from tests.browser.conftest import STATIC, VIEWPORT

pytestmark = pytest.mark.browser


def test_the_page_loads_only_its_own_files_under_the_csp(browser, live_server: str) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    page = context.new_page()
    requested: list[str] = []
    violations: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    response = page.goto(live_server)
    page.wait_for_selector("html[data-ready='true']")
    page.wait_for_load_state("networkidle")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert violations == []
    assert requested and all(url.startswith(live_server) for url in requested), requested
    own_files = {
        f"{live_server}static/{path.relative_to(STATIC).as_posix()}" for path in STATIC.rglob("*") if path.is_file()
    }
    loaded = {url for url in requested if "/static/" in url}
    assert loaded == own_files - {f"{live_server}static/index.html"}, "every asset is used, nothing else is fetched"
    assert page.evaluate("document.documentElement.lang") == "da"
    context.close()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("", "text/html"),
        ("static/app.css", "text/css"),
        ("static/js/main.js", "javascript"),  # modules need a JavaScript MIME type
        ("static/favicon.svg", "image/svg+xml"),
    ],
)
def test_assets_are_served_with_their_type(page, live_server: str, path: str, content_type: str) -> None:
    response = page.request.get(live_server + path)
    assert response.status == 200
    assert content_type in response.headers["content-type"]
