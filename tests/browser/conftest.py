"""Fixtures for the trainers' page: the real service on a free localhost port,
fed a small synthetic corpus, and Debian's headless Chromium driven by
Playwright. The browser is never downloaded: without /usr/bin/chromium the
browser tests skip and say why (scripts/browser.sh installs it, CI runs that)."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.corpus import write_corpus

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STATIC = Path(__file__).resolve().parents[2] / "api" / "goaltext_api" / "static"
VIEWPORT = {"width": 1280, "height": 900}
START_TIMEOUT_S = 30.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the trainers' page in headless Chromium (/usr/bin/chromium)")


def free_port() -> int:
    """A port nothing listens on right now, on the loopback interface only."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl")


@contextmanager
def serve(app: object) -> Iterator[str]:
    """Run an ASGI app under uvicorn in a background thread on 127.0.0.1 and a
    free port; yield its base URL; stop it on the way out."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="goaltext-test-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail(f"the goaltext service did not start on 127.0.0.1:{port} within {START_TIMEOUT_S:.0f} s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def service(corpus: Path) -> object:
    """The real goaltext service, as the README's command starts it, on the given corpus."""
    from goaltext_api.app import create_app
    from goaltext_api.settings import Settings

    return create_app(Settings(corpus=corpus))


@pytest.fixture(scope="session")
def live_server(corpus_file: Path) -> Iterator[str]:
    with serve(service(corpus_file)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (bash scripts/browser.sh) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def module_page(browser, live_server: str) -> Iterator[object]:
    """One page for a module of pure-function checks of the page's JavaScript
    modules (they change nothing on the page, so they can share it)."""
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    page = context.new_page()
    page.goto(live_server)
    page.wait_for_selector("html[data-ready='true']")
    yield page
    context.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator[object]:
    """A fresh page at the service's root. Any script error, CSP violation or
    failed request on the page fails the test that caused it."""
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK", base_url=live_server)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None,
    )
    page.set_default_timeout(10_000)
    page.problems = problems  # type: ignore[attr-defined]
    page.expected_problems = []  # type: ignore[attr-defined]  # regexes a test that provokes an error may add
    page.goto(live_server)
    page.wait_for_selector("html[data-ready='true']")
    yield page
    context.close()
    unexpected = [p for p in problems if not any(re.search(pattern, p) for pattern in page.expected_problems)]
    assert not unexpected, "the page reported problems:\n" + "\n".join(unexpected)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (gitignored): screenshots and the handout PDF."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
