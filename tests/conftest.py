"""Shared fixtures: real pipelines, loaded once for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from goaltext import Analyzer

SOURCES = Path(__file__).resolve().parents[1] / "src"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test stale compiled modules: the install compiles the hot
    path next to its sources (setup.py), and Python imports an extension
    before its source, so a changed source would not be what runs."""
    stale = [
        source.relative_to(SOURCES).as_posix()
        for extension in SOURCES.rglob("*.cpython-*.so")
        if (source := extension.with_name(extension.name.split(".")[0] + ".py")).exists()
        and source.stat().st_mtime > extension.stat().st_mtime
    ]
    if stale:
        pytest.exit(f"compiled modules older than their sources ({', '.join(stale)}): run scripts/setup.sh", 2)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The pipeline as users get it: the fallback base with the trained model."""
    return Analyzer(base="blank")


@pytest.fixture(scope="session")
def rules_analyzer() -> Analyzer:
    """The extractors with the rule labeler: what the spans alone decide."""
    return Analyzer(base="blank", model="rules")
