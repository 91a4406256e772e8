"""Shared fixtures: real pipelines, loaded once for the whole session."""

from __future__ import annotations

import pytest

from goaltext import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The pipeline as users get it: the fallback base with the trained model."""
    return Analyzer(base="blank")


@pytest.fixture(scope="session")
def rules_analyzer() -> Analyzer:
    """The extractors with the rule labeler: what the spans alone decide."""
    return Analyzer(base="blank", model="rules")
