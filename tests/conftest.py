"""Shared fixtures: one real pipeline for the whole session (it loads in ~1 s)."""

from __future__ import annotations

import pytest

from goaltext import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer(base="blank")
