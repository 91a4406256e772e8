"""goaltext: checks Danish goal statements for measurability, time horizon and
service consequence, and suggests what is missing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from goaltext.pipeline import Analyzer
from goaltext.schema import Analysis, Context, Suggestion

__all__ = ["Analysis", "Analyzer", "Context", "Suggestion", "analyze", "default_analyzer", "suggest"]
__version__ = "0.1.0"


@cache
def default_analyzer() -> Analyzer:
    """The process-wide Analyzer, loaded on first use."""
    return Analyzer()


def analyze(
    text: str,
    reference_date: date | str | None = None,
    context: Context | Mapping[str, Any] | None = None,
) -> Analysis:
    """Analyse one Danish goal statement (see ``Analysis`` for the result)."""
    return default_analyzer().analyze(text, reference_date=reference_date, context=context)


def suggest(
    text: str,
    context: Context | Mapping[str, Any] | None = None,
    reference_date: date | str | None = None,
) -> list[Suggestion]:
    """Ranked rewrites that add what a goal statement is missing."""
    return default_analyzer().suggest(text, reference_date=reference_date, context=context)
