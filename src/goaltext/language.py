"""Danish language data: lexicons and rule files, validated and compiled once.

Word lists live in ``data/lexicon/*.yaml`` (one concept per file, with its
source) and patterns in ``data/rules/*.yaml``. A rule pattern refers to a
lexicon or a fragment as ``<<name>>``; compiling expands those into regex
alternations, so a list is named once and shared by every rule that needs it.
All rules of one extractor are compiled into a single regex, so one scan of
the text finds every candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DATA_PACKAGE = "goaltext.data"
REFERENCE = re.compile(r"<<(\w+)>>")
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
FLAGS = re.IGNORECASE | re.UNICODE


class LanguageDataError(ValueError):
    """A data file is malformed; the message names the file and the problem."""


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
    window: int = 6
    examples: list[RuleExample] = Field(min_length=1)
    counterexamples: list[str] = Field(default_factory=list)


class RuleFile(BaseModel):
    """Schema of one ``data/rules/*.yaml`` file."""

    model_config = ConfigDict(extra="forbid")
    extractor: str
    description: str
    fragments: dict[str, str] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A candidate found by a rule: where, which rule, and its named groups."""

    rule: Rule
    start: int
    end: int
    text: str
    groups: dict[str, str]


class CompiledRules:
    """All rules of one extractor as one regex; ``finditer`` yields RuleMatch."""

    def __init__(self, rules: list[Rule], regex: re.Pattern[str]) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self.regex = regex
        prefix_groups: dict[str, list[tuple[str, str]]] = {rule.id: [] for rule in rules}
        for group_name in regex.groupindex:
            rule_id, sep, local = group_name.partition("__")
            if sep:
                prefix_groups[rule_id].append((group_name, local))
        self._groups = prefix_groups

    def finditer(self, text: str) -> Iterator[RuleMatch]:
        for match in self.regex.finditer(text):
            rule_id = match.lastgroup
            if rule_id is None:  # pragma: no cover - every alternative is a named group
                continue
            groups = {local: match.group(name) for name, local in self._groups[rule_id] if match.group(name)}
            yield RuleMatch(self.rules[rule_id], match.start(), match.end(), match.group(), groups)


def _read_yaml(folder: str, name: str) -> Any:
    path = resources.files(DATA_PACKAGE) / folder / f"{name}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LanguageDataError(f"{folder}/{name}.yaml: no such data file") from error
    except yaml.YAMLError as error:
        raise LanguageDataError(f"{folder}/{name}.yaml: invalid YAML: {error}") from error


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise LanguageDataError(f"{where}: {problems}") from error


def phrase_pattern(phrase: str) -> str:
    """Regex for a lexicon phrase: literal, any run of white space between words."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def alternation(phrases: list[str]) -> str:
    """A non-capturing alternation, longest phrase first so it wins."""
    ordered = sorted({str(p) for p in phrases}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(phrase_pattern(p) for p in ordered) + ")"


class LanguageData:
    """Loads, validates and compiles the package's Danish language data."""

    def __init__(self) -> None:
        self._lexicons: dict[str, LexiconFile] = {}
        self._rule_files: dict[str, RuleFile] = {}

    def lexicon(self, name: str) -> LexiconFile:
        if name not in self._lexicons:
            lexicon = _validate(LexiconFile, _read_yaml("lexicon", name), f"lexicon/{name}.yaml")
            if lexicon.concept != name:
                raise LanguageDataError(f"lexicon/{name}.yaml: concept {lexicon.concept!r} must match the file name")
            self._lexicons[name] = lexicon
        return self._lexicons[name]

    def entries(self, name: str) -> dict[str, Any]:
        """A lexicon as a case-folded mapping (list lexicons map to True)."""
        entries = self.lexicon(name).entries
        if isinstance(entries, list):
            return {str(e).lower(): True for e in entries}
        return {str(k).lower(): v for k, v in entries.items()}

    def lookup(self, name: str, phrase: str) -> Any:
        """Value of a matched phrase in a lexicon, tolerant of case and spacing."""
        return self.entries(name).get(" ".join(phrase.lower().split()))

    def rule_file(self, name: str) -> RuleFile:
        if name not in self._rule_files:
            self._rule_files[name] = _validate(RuleFile, _read_yaml("rules", name), f"rules/{name}.yaml")
        return self._rule_files[name]

    def expand(self, pattern: str, fragments: dict[str, str], where: str, depth: int = 0) -> str:
        """Replace every ``<<name>>`` by its fragment or lexicon alternation."""
        if depth > 5:
            raise LanguageDataError(f"{where}: fragments refer to each other in a loop")

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in fragments:
                return "(?:" + self.expand(fragments[name], fragments, where, depth + 1) + ")"
            try:
                return alternation(list(self.lexicon(name).entries))
            except LanguageDataError as error:
                raise LanguageDataError(f"{where}: <<{name}>> is neither a fragment nor a lexicon") from error

        return REFERENCE.sub(replace, pattern)

    def compile_rules(self, name: str) -> CompiledRules:
        """One regex for all rules of ``rules/NAME.yaml``, in their file order."""
        rule_file = self.rule_file(name)
        alternatives = []
        for rule in rule_file.rules:
            where = f"rules/{name}.yaml rule {rule.id!r}"
            body = self.expand(rule.pattern, rule_file.fragments, where)
            body = NAMED_GROUP.sub(lambda m, rid=rule.id: f"(?P<{rid}__{m.group(1)}>", body)
            try:
                re.compile(body, FLAGS)
            except re.error as error:
                raise LanguageDataError(f"{where}: invalid pattern: {error}") from error
            alternatives.append(f"(?P<{rule.id}>(?<!\\w){body}(?!\\w))")
        return CompiledRules(rule_file.rules, re.compile("|".join(alternatives), FLAGS))

    def compile_lexicon(self, name: str) -> re.Pattern[str]:
        """A whole-word regex that finds any phrase of a lexicon."""
        return re.compile(r"(?<!\w)" + alternation(list(self.lexicon(name).entries)) + r"(?!\w)", FLAGS)


@cache
def language_data() -> LanguageData:
    """The process-wide language data (files are read once, when first needed)."""
    return LanguageData()
