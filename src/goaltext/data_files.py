"""Schemas of the Danish data files (``data/lexicon/*.yaml``, ``data/rules/*.yaml``).

They are pydantic models, validated when the files load (goaltext.language).
They live apart from the matching code in goaltext.language, which mypyc
compiles (setup.py): mypyc cannot compile a pydantic model.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

REFERENCE = re.compile(r"<<(\w+)>>")  # a lexicon or fragment named in a pattern
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
UPPERCASE_LITERAL = re.compile(r"(?<!\\)(?<!\(\?P<)[A-ZÆØÅ](?![^\[]*\])")


class LexiconFile(BaseModel):
    """Schema of one ``data/lexicon/*.yaml`` file."""

    model_config = ConfigDict(extra="forbid")
    concept: str
    description: str
    source: str
    entries: dict[str, Any] | list[str]

    @field_validator("entries")
    @classmethod
    def _no_empty_or_duplicate_entries(cls, entries: dict[str, Any] | list[str]) -> dict[str, Any] | list[str]:
        keys = list(entries)
        if any(not str(key).strip() for key in keys):
            raise ValueError("empty entry")
        folded = [str(key).lower() for key in keys]
        duplicates = sorted({key for key in folded if folded.count(key) > 1})
        if duplicates:
            raise ValueError(f"duplicate entries: {duplicates}")
        return entries


class RuleExample(BaseModel):
    """A sentence a rule must match, with what it must find there."""

    model_config = ConfigDict(extra="forbid")
    text: str
    match: str
    value: str | None = None
    role: str | None = None
    direction: str | None = None
    target: str | None = None
    reference_date: str | None = None


class Rule(BaseModel):
    """One pattern of an extractor, with the examples that specify it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    pattern: str
    kind: str | None = None
    role: Literal["deadline", "follow_up", "frequency", "vague"] | None = None
    direction: Literal["reduce", "end", "transfer", "increase", "other", "by_target", "by_numbers"] | None = None
    self_contained: bool = False
    service_before: bool = False  # only with a service noun shortly before, in the same clause
    requires: str | None = None  # a regex every match contains (for rules that may start at any word)
    window: int = 6
    examples: list[RuleExample] = Field(min_length=1)
    counterexamples: list[str] = Field(default_factory=list)

    @field_validator("pattern")
    @classmethod
    def _lowercase_literals(cls, pattern: str) -> str:
        # Rules match a lower-cased copy of the text (see FoldedRegex), so an
        # upper-case letter in a pattern could never match.
        if UPPERCASE_LITERAL.search(REFERENCE.sub("", NAMED_GROUP.sub("(", pattern))):
            raise ValueError("patterns match lower-cased text: write literal letters in lower case")
        return pattern


class RuleFile(BaseModel):
    """Schema of one ``data/rules/*.yaml`` file."""

    model_config = ConfigDict(extra="forbid")
    extractor: str
    description: str
    fragments: dict[str, str] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)
