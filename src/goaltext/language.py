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

from goaltext.prefilter import prefilter_pattern

DATA_PACKAGE = "goaltext.data"
PREFIX_LENGTH = 5  # characters of each rule's prefix in the prefilter (speed vs regex size)
GUARD_LENGTH = 3  # characters of a rule's own guard inside the combined regex
REFERENCE = re.compile(r"<<(\w+)>>")
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
UPPERCASE_LITERAL = re.compile(r"(?<!\\)(?<!\(\?P<)[A-ZÆØÅ](?![^\[]*\])")


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


class FoldedRegex:
    """A case-insensitive regex that runs case-sensitively on lower-cased text.

    Python's regex engine skips an alternative whose first literal does not
    match only when matching case-sensitively, so patterns (all lower case)
    run on ``text.lower()``; offsets are the same as in the original as long
    as lower-casing keeps the length, which it does for all but a few
    characters ("İ"). For those texts the IGNORECASE twin is used.
    """

    def __init__(self, pattern: str, prefilter: str | None = None) -> None:
        self.folded = re.compile(pattern)
        self.ignorecase = re.compile(pattern, re.IGNORECASE)
        self.groupindex = self.folded.groupindex
        # Where a match can start at all (see goaltext.prefilter); the full
        # pattern runs only there. Same matches, far fewer attempts.
        self.prefilter = re.compile(prefilter) if prefilter else None

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """Matches with offsets into ``text``; pass ``lowered`` when you have it."""
        if lowered is None:
            lowered = text.lower()
        if len(lowered) != len(text):
            return self.ignorecase.finditer(text)
        if self.prefilter is None:
            return self.folded.finditer(lowered)
        return self._prefiltered(lowered)

    def _prefiltered(self, lowered: str) -> Iterator[re.Match[str]]:
        """``finditer`` on the lower-cased text, trying only the positions the
        prefilter accepts (a necessary condition, so nothing is missed)."""
        candidate, match = self.prefilter.search, self.folded.match  # type: ignore[union-attr]
        position = 0
        while (found := candidate(lowered, position)) is not None:
            start = found.start()
            result = match(lowered, start)
            if result is None:
                position = start + 1
                continue
            yield result
            position = max(result.end(), start + 1)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """The first match in ``text``; pass ``lowered`` when you have it."""
        if lowered is None:
            lowered = text.lower()
        return self.folded.search(lowered) if len(lowered) == len(text) else self.ignorecase.search(text)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A candidate found by a rule: where, which rule, and its named groups."""

    rule: Rule
    start: int
    end: int
    text: str
    groups: dict[str, str]


class CompiledRules:
    """All rules of one extractor as one regex; ``finditer`` yields RuleMatch.

    A rule whose match can start at any word (e.g. with a free noun phrase,
    "X i stedet for Y") would switch the prefilter off for every text. Such
    a rule names a phrase every match of it contains (``requires``); texts
    without any of those phrases, nearly all, are scanned by ``without``, the
    same rules minus the requiring ones, which keeps its prefilter. Both
    regexes find the same matches in such a text, since the requiring rules
    cannot match there.
    """

    def __init__(
        self,
        rules: list[Rule],
        regex: FoldedRegex,
        without: FoldedRegex | None = None,
        requirement: re.Pattern[str] | None = None,
    ) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self.regex = regex
        self.without = without
        self.requirement = requirement
        prefix_groups: dict[str, list[tuple[str, str]]] = {rule.id: [] for rule in rules}
        for group_name in regex.groupindex:
            rule_id, sep, local = group_name.partition("__")
            if sep:
                prefix_groups[rule_id].append((group_name, local))
        self._groups = prefix_groups

    def regex_for(self, text: str, lowered: str) -> FoldedRegex:
        """The regex to scan ``text`` with (see the class docstring)."""
        if self.without is not None and len(lowered) == len(text) and self.requirement.search(lowered) is None:  # type: ignore[union-attr]
            return self.without
        return self.regex

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[RuleMatch]:
        """Candidates with text and groups cut from the original ``text``."""
        if lowered is None:
            lowered = text.lower()
        for match in self.regex_for(text, lowered).finditer(text, lowered):
            rule_id = match.lastgroup
            if rule_id is None:  # pragma: no cover - every alternative is a named group
                continue
            groups = {}
            start, end = match.start(), match.end()
            for name, local in self._groups[rule_id]:
                group_start, group_end = match.span(name)
                if group_end > group_start:
                    groups[local] = text[group_start:group_end]
                    if local == "span":  # the rule marks the part that is the evidence
                        start, end = group_start, group_end
            yield RuleMatch(self.rules[rule_id], start, end, text[start:end], groups)


def _combined(alternatives: dict[str, str], bodies: dict[str, str]) -> FoldedRegex:
    """The rules as one alternation, with the prefilter of their prefixes.
    One word-start check stands in front of the whole alternation: mid-word
    positions fail at once instead of in every rule."""
    combined = "(?<!\\w)(?:" + "|".join(alternatives.values()) + ")"
    prefilter = prefilter_pattern(bodies.values(), PREFIX_LENGTH)
    return FoldedRegex(combined, prefilter and "(?<!\\w)" + prefilter)


def _check_requirement(rule: Rule, where: str) -> None:
    """A rule's required phrase must occur in each of its examples."""
    try:
        required = re.compile(rule.requires or "")
    except re.error as error:
        raise LanguageDataError(f"{where}: invalid requires: {error}") from error
    for example in rule.examples:
        if not required.search(example.text.lower()):
            raise LanguageDataError(f"{where}: example {example.text!r} lacks the required {rule.requires!r}")


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


def alternation(phrases: list[str]) -> str:
    """A regex for any of the phrases (lower-cased), built as a prefix trie so
    the engine tests each shared prefix once; at every branch the longer
    continuation is tried before stopping, so the longest phrase wins."""
    trie: dict = {}
    for phrase in {" ".join(str(p).lower().split()) for p in phrases}:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body


class LanguageData:
    """Loads, validates and compiles the package's Danish language data."""

    def __init__(self) -> None:
        self._lexicons: dict[str, LexiconFile] = {}
        self._entries: dict[str, dict[str, Any]] = {}
        self._lexicon_regexes: dict[str, FoldedRegex] = {}
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
        if name not in self._entries:
            entries = self.lexicon(name).entries
            if isinstance(entries, list):
                self._entries[name] = {" ".join(str(e).lower().split()): True for e in entries}
            else:
                self._entries[name] = {" ".join(str(k).lower().split()): v for k, v in entries.items()}
        return self._entries[name]

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
        """One regex for all rules of ``rules/NAME.yaml``, in their file order,
        and, when some rules name a phrase they require, a second one without
        them for the texts that lack every such phrase."""
        rule_file = self.rule_file(name)
        alternatives: dict[str, str] = {}
        bodies: dict[str, str] = {}
        for rule in rule_file.rules:
            where = f"rules/{name}.yaml rule {rule.id!r}"
            body = self.expand(rule.pattern, rule_file.fragments, where)
            body = NAMED_GROUP.sub(lambda m, rid=rule.id: f"(?P<{rid}__{m.group(1)}>", body)
            try:
                re.compile(body)
            except re.error as error:
                raise LanguageDataError(f"{where}: invalid pattern: {error}") from error
            if rule.requires:
                _check_requirement(rule, where)
            bodies[rule.id] = body
            # Each rule is guarded by the first characters its matches can
            # start with, so the engine leaves it at once where it cannot match.
            guard = prefilter_pattern([body], GUARD_LENGTH) or ""
            alternatives[rule.id] = f"{guard}(?P<{rule.id}>{body}(?!\\w))"
        everything = _combined(alternatives, bodies)
        required = [rule for rule in rule_file.rules if rule.requires]
        if not required:
            return CompiledRules(rule_file.rules, everything)
        common = [rule.id for rule in rule_file.rules if not rule.requires]
        requirement = re.compile("|".join(f"(?:{rule.requires})" for rule in required))
        without = _combined({i: alternatives[i] for i in common}, {i: bodies[i] for i in common})
        return CompiledRules(rule_file.rules, everything, without, requirement)

    def compile_lexicon(self, name: str) -> FoldedRegex:
        """A whole-word regex that finds any phrase of a lexicon (compiled once)."""
        if name not in self._lexicon_regexes:
            pattern = r"(?<!\w)" + alternation(list(self.lexicon(name).entries)) + r"(?!\w)"
            self._lexicon_regexes[name] = FoldedRegex(pattern)
        return self._lexicon_regexes[name]


def month_names() -> tuple[str, ...]:
    """The twelve Danish month names in calendar order, from the month lexicon
    (the longest spelling of each month: "januar", not "jan.")."""
    names: dict[int, str] = {}
    for spelling, number in language_data().lexicon("month").entries.items():  # type: ignore[union-attr]
        if len(spelling) > len(names.get(number, "")):
            names[number] = spelling
    return tuple(names[number] for number in range(1, 13))


@cache
def language_data() -> LanguageData:
    """The process-wide language data (files are read once, when first needed)."""
    return LanguageData()
