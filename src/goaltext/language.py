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
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from goaltext.data_files import NAMED_GROUP, REFERENCE, LexiconFile, Rule, RuleFile
from goaltext.prefilter import literal_prefixes, prefilter_pattern, rejected_by_first_character

DATA_PACKAGE = "goaltext.data"
PREFIX_LENGTH = 5  # characters of each rule's prefix in the prefilter (speed vs regex size)
GUARD_LENGTH = 3  # characters of a rule's own guard inside the combined regex
REQUIREMENT_PREFIX_LENGTH = 4  # characters of the substrings that pre-test a required phrase
WORD_RUN = re.compile(r"\w+")
# Every word character (``\w``) below U+0100, for a character class: what
# cannot precede a word start. Other characters count as possible word ends
# (a necessary condition; the rules check ``(?<!\w)`` themselves).
WORD_CHARACTERS = "".join(re.escape(char) for char in map(chr, range(256)) if re.fullmatch(r"\w", char))


class LanguageDataError(ValueError):
    """A data file is malformed; the message names the file and the problem."""


class FoldedRegex:
    """A case-insensitive regex that runs case-sensitively on lower-cased text.

    Python's regex engine skips an alternative whose first literal does not
    match only when matching case-sensitively, so patterns (all lower case)
    run on ``text.lower()``; offsets are the same as in the original as long
    as lower-casing keeps the length, which it does for all but a few
    characters ("İ"). For those texts the IGNORECASE twin is used.

    A pattern that matches only at word starts may come with a prefilter (a
    lookahead from goaltext.prefilter) that accepts every position where a
    match can start; the full pattern then runs only there. Same matches, far
    fewer attempts. The empty prefilter accepts every word start. A ``lazy``
    regex is compiled when first used (for one that few texts need).
    """

    # The compiled regexes are made when first used and kept in plain
    # attributes, not ``functools.cached_property``: mypyc compiles this
    # module (setup.py), and its classes have no instance dict for such a
    # property to cache in, so each use would compile again.
    def __init__(self, pattern: str, word_start_prefilter: str | None = None, lazy: bool = False) -> None:
        self.pattern = pattern
        self.prefilter: re.Pattern[str] | None = None
        self._word_start_prefilter = word_start_prefilter
        self._folded: re.Pattern[str] | None = None
        self._groupindex: dict[str, int] | None = None
        self._scan_regex: re.Pattern[str] | None = None
        self._ignorecase: re.Pattern[str] | None = None
        if word_start_prefilter is not None:
            self.prefilter = re.compile(word_start_prefilter)
        if not lazy:  # compile now: a malformed pattern fails when the data is loaded
            self.folded  # noqa: B018
            if self.prefilter is not None:
                self._scan  # noqa: B018

    @property
    def folded(self) -> re.Pattern[str]:
        """The pattern, to run on lower-cased text."""
        if self._folded is None:
            self._folded = re.compile(self.pattern)
        return self._folded

    @property
    def groupindex(self) -> dict[str, int]:
        """The pattern's named groups and their numbers."""
        if self._groupindex is None:
            self._groupindex = dict(self.folded.groupindex)
        return self._groupindex

    @property
    def _scan(self) -> re.Pattern[str]:
        """The next match after the start of the text in one search: a
        character that may end a word, the prefilter, then the pattern itself.
        The class is a bitmap test that steps over the letters of a word
        cheaply, where a ``(?<!\\w)`` would enter the matcher at every
        character; and a candidate the pattern refuses costs no call from
        Python (one search per match, not per candidate: about 2.5 us per goal
        over the five prefiltered scans of the pipeline)."""
        if self._scan_regex is None:
            self._scan_regex = re.compile(f"[^{WORD_CHARACTERS}]{self._word_start_prefilter}(?:{self.pattern})")
        return self._scan_regex

    @property
    def ignorecase(self) -> re.Pattern[str]:
        """The IGNORECASE twin, compiled when first needed: few texts need it,
        and compiling the large rule regexes twice doubled the start-up time."""
        if self._ignorecase is None:
            self._ignorecase = re.compile(self.pattern, re.IGNORECASE)
        return self._ignorecase

    @classmethod
    def at_word_starts(cls, pattern: str) -> FoldedRegex:
        """``pattern`` where a word starts, with the prefilter of its prefixes."""
        return cls(f"(?<!\\w)(?:{pattern})", prefilter_pattern([pattern], PREFIX_LENGTH))

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """Matches with offsets into ``text``; pass ``lowered`` when you have it."""
        if lowered is None:
            lowered = text.lower()
        if len(lowered) != len(text):
            return self.ignorecase.finditer(text)
        if self.prefilter is None:
            return self.folded.finditer(lowered)
        # The prefiltered scan finds where each match starts; the match
        # objects come from the pattern alone, run there.
        match = self.folded.match
        return (match(lowered, start) for start, _, _ in self._prefiltered(lowered))  # type: ignore[misc]

    def matches(self, text: str, lowered: str) -> list[tuple[int, int, str | None]]:
        """Start, end and ``lastgroup`` of each match ``finditer`` finds, without
        match objects (what the extractors read)."""
        if len(lowered) == len(text) and self.prefilter is not None:
            return self._prefiltered(lowered)
        return [(found.start(), found.end(), found.lastgroup) for found in self.finditer(text, lowered)]

    def _prefiltered(self, lowered: str) -> list[tuple[int, int, str | None]]:
        """``matches`` on the lower-cased text, trying only the positions the
        prefilter accepts (a necessary condition, so nothing is missed):
        ``next_match`` called until it finds nothing, inlined into one loop."""
        found = []
        position = 0
        if self.prefilter.match(lowered) and (first := self.folded.match(lowered)) is not None:  # type: ignore[union-attr]
            found.append((0, first.end(), first.lastgroup))
            position = max(first.end(), 1)
        # The search from ``position - 1`` may take the character there as the
        # one before a word: a match may start right where the last one ended.
        search = self._scan.search
        while (result := search(lowered, max(position - 1, 0))) is not None:
            start, end = result.start() + 1, result.end()
            found.append((start, end, result.lastgroup))
            position = max(end, start + 1)
        return found

    def next_match(self, lowered: str, position: int) -> tuple[int, int, str | None] | None:
        """Start, end and ``lastgroup`` of the first match in the lower-cased
        text that starts at or after ``position``, for a regex with a prefilter."""
        if position == 0 and self.prefilter.match(lowered):  # type: ignore[union-attr]
            if (first := self.folded.match(lowered)) is not None:
                return 0, first.end(), first.lastgroup
            position = 1
        if (result := self._scan.search(lowered, max(position - 1, 0))) is not None:
            return result.start() + 1, result.end(), result.lastgroup
        return None

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """The first match in ``text``; pass ``lowered`` when you have it."""
        if lowered is None:
            lowered = text.lower()
        return self.folded.search(lowered) if len(lowered) == len(text) else self.ignorecase.search(text)


def word_runs(lowered: str) -> set[str]:
    """The distinct runs of word characters (``\\w+``) of a text, what
    ``LexiconGroup.found_in`` reads."""
    return set(WORD_RUN.findall(lowered))


class LexiconWords:
    """Whether a lexicon has a phrase in a text, mostly without scanning it.

    A whole-word search walks the whole text (about 2.5 us for a goal), and
    the direction features ask nine lexicons about two parts of each goal. A
    phrase of word characters alone ("ophører") matches exactly where it is
    one of the text's runs of word characters, so the set of runs answers for
    those; any other phrase ("trappes ned", "hj.pleje") can match only where
    its first run (its opener) is one of the text's runs, and only then does
    the regex search. ``LexiconGroup`` asks several lexicons so; same answers
    as ``regex.search``, for a tenth of the time.
    """

    def __init__(self, regex: FoldedRegex, phrases: list[str]) -> None:
        self.regex = regex
        normalised = {" ".join(str(phrase).lower().split()) for phrase in phrases}
        self.words = frozenset(phrase for phrase in normalised if WORD_RUN.fullmatch(phrase))
        others = normalised - self.words
        openers = [WORD_RUN.match(phrase) for phrase in others]
        # A phrase that starts with another character may match anywhere: then always search.
        self.openers = None if None in openers else frozenset(found.group() for found in openers)  # type: ignore[union-attr]
        self.parts = tuple(self.words | (self.openers or frozenset()))

    def occurs_in(self, text: str, lowered: str) -> bool:
        """Whether the lexicon has a phrase in ``text``, for a short lexicon
        asked alone: every match contains a single-word phrase or an opener
        as a substring, and ``str.find`` rules out most texts faster than the
        regex search does."""
        if self.openers is None or len(lowered) != len(text) or any(part in lowered for part in self.parts):
            return self.regex.search(text, lowered) is not None
        return False


class LexiconGroup:
    """Several lexicons asked about one text together: the answer is a bit
    mask, bit ``i`` set where ``lexicons[i]``'s regex finds a phrase.

    Each run of the text is looked up once for all lexicons (a word's bits,
    an opener's bits), where asking the nine direction lexicons one by one
    cost nine calls and eighteen set tests per part of a goal; only a
    lexicon whose opener is there and whose words are not is searched.
    """

    def __init__(self, lexicons: list[LexiconWords]) -> None:
        self.lexicons = lexicons
        self.word_bits: dict[str, int] = {}
        self.opener_bits: dict[str, int] = {}
        self.always = 0  # lexicons with a phrase that may match anywhere: always searched
        for index, lexicon in enumerate(lexicons):
            bit = 1 << index
            for word in lexicon.words:
                self.word_bits[word] = self.word_bits.get(word, 0) | bit
            if lexicon.openers is None:
                self.always |= bit
            else:
                for opener in lexicon.openers:
                    self.opener_bits[opener] = self.opener_bits.get(opener, 0) | bit
        self.sought = frozenset(self.word_bits) | frozenset(self.opener_bits)

    def found_in(self, text: str, lowered: str, runs: set[str]) -> int:
        """The mask of the lexicons with a phrase in ``text``; ``runs``:
        ``word_runs(lowered)``, or any part of it that keeps the runs in
        ``sought``."""
        if len(lowered) != len(text):
            return self._searched(text, lowered, (1 << len(self.lexicons)) - 1)  # the IGNORECASE twins
        found, searched = 0, self.always
        word_bits, opener_bits = self.word_bits, self.opener_bits
        for run in runs:
            found |= word_bits.get(run, 0)
            searched |= opener_bits.get(run, 0)
        return found | self._searched(text, lowered, searched & ~found)

    def _searched(self, text: str, lowered: str, mask: int) -> int:
        """The lexicons of ``mask`` whose regex finds a phrase in ``text``."""
        found = 0
        while mask:
            bit = mask & -mask
            if self.lexicons[bit.bit_length() - 1].regex.search(text, lowered) is not None:
                found |= bit
            mask ^= bit
        return found


@dataclass(slots=True)
class RuleMatch:
    """A candidate found by a rule: where, which rule, and its named groups.
    Not frozen: a frozen dataclass sets each field through
    ``object.__setattr__``, which made building one four times as slow."""

    rule: Rule
    start: int
    end: int
    text: str
    groups: dict[str, str]


@dataclass(frozen=True, slots=True)
class Requirement:
    """The phrases that some rules require (see CompiledRules), with the
    plain strings one of which every such phrase starts with, when it has
    such: then the regex runs only where ``str.find`` finds one of them,
    and most texts have none."""

    regex: re.Pattern[str]
    prefixes: tuple[str, ...] | None

    def found_in(self, lowered: str) -> bool:
        if self.prefixes is None:
            return self.regex.search(lowered) is not None
        match = self.regex.match
        for prefix in self.prefixes:
            position = lowered.find(prefix)
            while position >= 0:
                if match(lowered, position) is not None:
                    return True
                position = lowered.find(prefix, position + 1)
        return False


class CompiledRules:
    """All rules of one extractor; ``finditer`` yields RuleMatch.

    Finding takes two steps. One regex of all rules, with their named groups
    left out, scans the text; an empty group named after the rule closes
    each rule's alternative and says which rule matched. Only then does that
    rule's own regex, with its named groups, run once at the match to read
    them. Capture groups are what makes a combined regex slow: inside a
    repetition every branch saves and restores all groups set so far, at
    every position tried, and most positions tried match nothing.

    A rule whose match can start at any word (e.g. with a free noun phrase,
    "X i stedet for Y") would switch the prefilter off for every text. Such
    a rule names a phrase every match of it contains (``requires``). The
    other rules form ``without``, which keeps its prefilter, and texts
    without any required phrase, nearly all, are scanned by it alone: the
    requiring rules cannot match there. In the others, the requiring rules
    (``requiring``) are searched for on their own and the two scans merged;
    only those whose own phrase the text has take part (``requiring_rules``):
    each such rule scans the whole text slowly, and a text rarely has the
    phrases of two (less than half the time on those texts, which are 7 % of
    the benchmark's goals: about 1 us per goal).
    """

    def __init__(
        self,
        rules: list[Rule],
        regex: FoldedRegex,
        readers: dict[str, FoldedRegex | None],
        without: FoldedRegex | None = None,
        requiring: FoldedRegex | None = None,
        requirement: Requirement | None = None,
        requiring_rules: dict[str, tuple[str, Requirement]] | None = None,
    ) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self.order = {rule.id: index for index, rule in enumerate(rules)}
        self.regex = regex  # all rules; no prefilter when some rule requires a phrase
        self.readers = readers  # rule id -> the rule alone with its named groups (None: it has none)
        self.without = without
        self.requiring = requiring
        self.requirement = requirement
        self.requiring_rules = requiring_rules or {}  # rule id -> its alternative and its own required phrase
        self._requiring_by_rules: dict[tuple[str, ...], FoldedRegex] = {}

    def finditer(self, text: str, lowered: str | None = None) -> list[RuleMatch]:
        """Candidates with text and groups cut from the original ``text`` (a
        list: the extractors take them all)."""
        if lowered is None:
            lowered = text.lower()
        folded = len(lowered) == len(text)
        if self.without is None or not folded:
            matches = self.regex.matches(text, lowered)
        elif self.requirement.found_in(lowered):  # type: ignore[union-attr]
            matches = self._merged(lowered, self._requiring_in(lowered))
        else:
            matches = self.without.matches(text, lowered)
        if not matches:
            return []  # most texts: no comprehension (a function call) to run
        read = self._read
        return [read(text, lowered, folded, *match) for match in matches]

    def _read(self, text: str, lowered: str, folded: bool, start: int, end: int, rule_id: str | None) -> RuleMatch:
        """The candidate of rule ``rule_id`` at ``start``, with its named groups."""
        groups = {}
        reader = self.readers[rule_id]  # type: ignore[index]
        if reader is not None:
            read = reader.folded.match(lowered, start) if folded else reader.ignorecase.match(text, start)
            for name, index in reader.groupindex.items():
                group_start, group_end = read.span(index)  # type: ignore[union-attr]
                if group_end > group_start:
                    groups[name] = text[group_start:group_end]
                    if name == "span":  # the rule marks the part that is the evidence
                        start, end = group_start, group_end
        return RuleMatch(self.rules[rule_id], start, end, text[start:end], groups)  # type: ignore[index]

    def _requiring_in(self, lowered: str) -> FoldedRegex:
        """The requiring rules whose required phrase the text has, as one
        regex in file order (compiled when first needed): the others cannot
        match there."""
        present = tuple(rule_id for rule_id, (_, needs) in self.requiring_rules.items() if needs.found_in(lowered))
        if not present or len(present) == len(self.requiring_rules):
            return self.requiring  # type: ignore[return-value]
        regex = self._requiring_by_rules.get(present)
        if regex is None:
            alternatives = "|".join(self.requiring_rules[rule_id][0] for rule_id in present)
            regex = self._requiring_by_rules[present] = _requiring_regex(alternatives)
        return regex

    def _merged(self, lowered: str, requiring: FoldedRegex) -> list[tuple[int, int, str | None]]:
        """What the scan with all rules finds, from the scans of ``without``
        and ``requiring``: the match that starts first, and of two that start
        together the one whose rule comes first in the file, as in one
        alternation; each scan resumes after the match taken."""
        next_common, next_requiring = self.without.next_match, requiring.next_match  # type: ignore[union-attr]
        common, required = next_common(lowered, 0), next_requiring(lowered, 0)
        found = []
        while common is not None or required is not None:
            if required is None or (
                common is not None and (common[0], self.order[common[2]]) < (required[0], self.order[required[2]])  # type: ignore[index]
            ):
                match = common
            else:
                match = required
            found.append(match)
            position = max(match[1], match[0] + 1)  # type: ignore[index]
            if common is not None and common[0] < position:
                common = next_common(lowered, position)
            if required is not None and required[0] < position:
                required = next_requiring(lowered, position)
        return found  # type: ignore[return-value]


def _requiring_regex(alternatives: str) -> FoldedRegex:
    """Rules that may start at any word, tried at word starts only (the empty
    prefilter). Compiled when first needed: few texts need them (7 % of the
    benchmark's goals), and each rule was compiled alone (its reader) when
    the data was loaded, so a malformed one fails then."""
    return FoldedRegex(f"(?<!\\w)(?:{alternatives})", "", lazy=True)


def _combined(alternatives: dict[str, str], bodies: dict[str, str], lazy: bool = False) -> FoldedRegex:
    """The rules as one alternation, with the prefilter of their prefixes.
    One word-start check stands in front of the whole alternation: mid-word
    positions fail at once instead of in every rule."""
    combined = "(?<!\\w)(?:" + "|".join(alternatives.values()) + ")"
    return FoldedRegex(combined, prefilter_pattern(bodies.values(), PREFIX_LENGTH), lazy=lazy)


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
        self._lexicon_regexes: dict[tuple[str, bool], FoldedRegex] = {}
        self._lexicon_words: dict[str, LexiconWords] = {}
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
        them for the texts that lack every such phrase; and each rule's own
        regex to read its named groups (see CompiledRules)."""
        rule_file = self.rule_file(name)
        alternatives: dict[str, str] = {}
        bodies: dict[str, str] = {}
        readers: dict[str, FoldedRegex | None] = {}
        for rule in rule_file.rules:
            where = f"rules/{name}.yaml rule {rule.id!r}"
            body = self.expand(rule.pattern, rule_file.fragments, where)
            try:
                reader = FoldedRegex(f"(?:{body})(?!\\w)")
            except re.error as error:
                raise LanguageDataError(f"{where}: invalid pattern: {error}") from error
            if rule.requires:
                _check_requirement(rule, where)
            readers[rule.id] = reader if reader.groupindex else None
            bodies[rule.id] = body = NAMED_GROUP.sub("(?:", body)
            # Each rule is guarded by the first characters its matches can
            # start with, so the engine leaves it at once where it cannot match;
            # one whose first character does that already goes without.
            guard = "" if rejected_by_first_character(body) else prefilter_pattern([body], GUARD_LENGTH) or ""
            alternatives[rule.id] = f"{guard}(?:{body})(?!\\w)(?P<{rule.id}>)"
        required = [rule for rule in rule_file.rules if rule.requires]
        # With rules that require a phrase, the regex of all rules serves only
        # texts whose lower-casing changes their length (its IGNORECASE twin
        # does): compiled when first needed, it saves about 0.3 s of start-up,
        # most of what the scans' own regexes (FoldedRegex._scan) add.
        everything = _combined(alternatives, bodies, lazy=bool(required))
        if not required:
            return CompiledRules(rule_file.rules, everything, readers)
        common = [rule.id for rule in rule_file.rules if not rule.requires]
        without = _combined({i: alternatives[i] for i in common}, {i: bodies[i] for i in common})
        requiring = _requiring_regex("|".join(alternatives[rule.id] for rule in required))
        requires = "|".join(f"(?:{rule.requires})" for rule in required)
        requirement = Requirement(re.compile(requires), literal_prefixes(requires, REQUIREMENT_PREFIX_LENGTH))
        requiring_rules = {
            rule.id: (
                alternatives[rule.id],
                Requirement(re.compile(rule.requires), literal_prefixes(rule.requires, REQUIREMENT_PREFIX_LENGTH)),  # type: ignore[arg-type]
            )
            for rule in required
        }
        return CompiledRules(rule_file.rules, everything, readers, without, requiring, requirement, requiring_rules)

    def compile_lexicon(self, name: str, prefiltered: bool = False) -> FoldedRegex:
        """A whole-word regex that finds any phrase of a lexicon (compiled once).

        ``prefiltered`` adds the prefilter of the phrases' prefixes to its
        ``finditer``: that pays for a lexicon scanned across whole texts
        where few word starts pass it (also the 216 service nouns: 3.9
        instead of 4.4 us a goal), not for one searched in short slices.
        """
        key = (name, prefiltered)
        if key not in self._lexicon_regexes:
            phrases = alternation(list(self.lexicon(name).entries)) + r"(?!\w)"
            if prefiltered:
                self._lexicon_regexes[key] = FoldedRegex.at_word_starts(phrases)
            else:
                self._lexicon_regexes[key] = FoldedRegex(r"(?<!\w)" + phrases)
        return self._lexicon_regexes[key]

    def lexicon_words(self, name: str) -> LexiconWords:
        """The lexicon's phrases for ``LexiconGroup`` and ``occurs_in`` (built once)."""
        if name not in self._lexicon_words:
            self._lexicon_words[name] = LexiconWords(self.compile_lexicon(name), list(self.lexicon(name).entries))
        return self._lexicon_words[name]


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
