"""Prefilters for the combined rule regexes: where can a match start at all?

Python's regex engine tries a combined alternation of 30 rules at every word
start of a text, and most rules begin with optional prepositions ("inden
for", "senest", "i", ...), so a one-character guard rarely rules a position
out. From the parsed pattern of each rule we derive the first few
characters any match must start with, as a sequence of character sets (e.g.
"sen", "ind", a digit, "uge"), and join those of all rules into one small
trie. Scanning a text with that trie is cheap; the full regex then runs only
at the positions the trie accepts. The prefixes are a necessary condition
(every construct we cannot reason about counts as "anything may follow"),
so the matches are exactly those of the full scan (tested on the corpus).
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # private but stable since 3.11; read-only use
import re._parser as sre_parser
from collections.abc import Iterable
from functools import cache
from itertools import takewhile
from typing import Any, cast

CharSet = frozenset[str]
Prefix = tuple[CharSet, ...]
# (characters so far, complete): complete means the sub-pattern ends right
# there, so what follows it continues the prefix; an incomplete prefix is a
# truncation, after which anything may follow.
Item = tuple[Prefix, bool]
EMPTY: Item = ((), True)
ANYTHING: Item = ((), False)
LARGEST_CLASS = 64  # a wider character class counts as "any character"
LIMIT = 4_000  # prefixes per pattern before they are shortened


@cache
def whitespace() -> CharSet:
    """What ``\\s`` matches in a str pattern (str.isspace; all below U+3001)."""
    return frozenset(chr(code) for code in range(0x3001) if chr(code).isspace())


def prefixes(pattern: str, length: int) -> set[Item]:
    """The character-set prefixes (up to ``length``) every match of ``pattern``
    starts with; ``{ANYTHING}`` when a match could start anywhere."""
    try:
        parsed = sre_parser.parse(pattern)
    except re.error:
        return {ANYTHING}
    return _sequence(list(parsed), length)


def _sequence(items: list, length: int) -> set[Item]:
    result = {EMPTY}
    for op, argument in items:
        if all(not complete or len(chars) >= length for chars, complete in result):
            break  # nothing later can change the prefixes
        result = _concat(result, _item(op, argument, length), length)
    return result


def _concat(left: set[Item], right: set[Item], length: int) -> set[Item]:
    result: set[Item] = set()
    for chars, complete in left:
        if not complete or len(chars) >= length:
            result.add((chars[:length], False))
            continue
        for more, more_complete in right:
            joined = chars + more
            result.add((joined[:length], False) if len(joined) >= length else (joined, more_complete))
    return _shorten(result, length)


def _shorten(items: set[Item], length: int) -> set[Item]:
    """Keep the set small: cut every prefix shorter (a weaker condition) until it fits."""
    while len(items) > LIMIT and length > 1:
        length -= 1
        items = {(chars[:length], complete and len(chars) <= length) for chars, complete in items}
    return items


def _item(op: object, argument: object, length: int) -> set[Item]:
    c = sre_constants
    if op is c.LITERAL:
        return {((frozenset(chr(argument)),), True)}  # type: ignore[arg-type]
    if op is c.IN:
        chars = _class(argument)  # type: ignore[arg-type]
        return {((chars,), True)} if chars else {ANYTHING}
    if op is c.SUBPATTERN:
        return _sequence(list(argument[-1]), length)  # type: ignore[index]
    if op is c.BRANCH:
        result: set[Item] = set()
        for branch in argument[1]:  # type: ignore[index]
            result |= _sequence(list(branch), length)
        return _shorten(result, length)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, body = cast(tuple[int, int, Any], argument)
        return _repeat(low, high, _sequence(list(body), length), length)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {EMPTY}  # zero width: ignoring a condition keeps the prefix necessary
    return {ANYTHING}


def _repeat(low: int, high: int, body: set[Item], length: int) -> set[Item]:
    result: set[Item] = {EMPTY} if low == 0 else set()
    current = {EMPTY}
    count = 0
    rounds = max(low, length)  # after this many, every prefix is long enough or open
    while count < high and count < rounds:
        current = _concat(current, body, length)
        count += 1
        if count < low:
            continue
        if count == rounds and count < high:  # more repetitions may follow these
            result |= {(chars, False) for chars, _ in current}
        else:
            result |= current
    return _shorten(result, length)


def _class(items: list) -> CharSet | None:
    """The characters of a ``[...]`` class, or None when it is too wide or negated."""
    c = sre_constants
    chars: set[str] = set()
    for op, argument in items:
        if op is c.LITERAL:
            chars.add(chr(argument))
        elif op is c.RANGE and argument[1] - argument[0] < LARGEST_CLASS:
            chars.update(chr(code) for code in range(argument[0], argument[1] + 1))
        elif op is c.CATEGORY and argument is c.CATEGORY_DIGIT:
            chars.update("0123456789")  # rules read ASCII digits (as the guards do)
        elif op is c.CATEGORY and argument is c.CATEGORY_SPACE:
            chars.update(whitespace())
        else:
            return None
    return frozenset(chars)


def prefilter_pattern(patterns: Iterable[str], length: int = 4) -> str | None:
    """One lookahead that accepts a position only where some pattern could
    match; None when one of them could start anywhere (no prefilter then)."""
    items: set[Item] = set()
    for pattern in patterns:
        found = prefixes(pattern, length)
        if any(not chars for chars, _ in found):
            return None
        items |= found
    trie: dict = {}
    for chars, _ in sorted(items, key=lambda item: len(item[0])):
        node = trie
        for charset in chars:
            if "" in node:
                break  # a shorter prefix already accepts this position
            node = node.setdefault(_class_pattern(charset), {})
        else:
            node.clear()
            node[""] = {}
    return f"(?={_trie(trie)})"


def rejected_by_first_character(pattern: str) -> bool:
    """Whether the regex engine, trying ``pattern`` as one alternative of an
    alternation, rules it out by the first character alone: Python's matcher
    skips a branch that opens with a literal or a character class that does
    not match, without entering it. Such a rule needs no guard of its own in
    front (a guard is a lookahead, which the matcher must enter at every
    position), and dropping it took 0.7 us per goal off the consequence scan
    and 0.3 off the time scan. A branch of such branches counts too."""
    try:
        return _opens_with_character(list(sre_parser.parse(pattern)))
    except re.error:
        return False


def _opens_with_character(items: list) -> bool:
    c = sre_constants
    while items and items[0][0] is c.SUBPATTERN and items[0][1][0] is None and not any(items[0][1][1:3]):
        items = list(items[0][1][-1])  # a non-capturing group without flags is inlined by the compiler
    if not items:
        return False
    op, argument = items[0]
    if op in (c.LITERAL, c.IN):
        return True
    return op is c.BRANCH and all(_opens_with_character(list(branch)) for branch in argument[1])  # type: ignore[index]


def literal_prefixes(pattern: str, length: int) -> tuple[str, ...] | None:
    """Plain strings (up to ``length`` characters) one of which every match of
    ``pattern`` starts with, for a substring search before the regex; None
    when a match may start with one of several characters or anywhere."""
    found: set[str] = set()
    for chars, _ in prefixes(pattern, length):
        literal = "".join(next(iter(charset)) for charset in takewhile(lambda charset: len(charset) == 1, chars))
        if not literal:
            return None
        found.add(literal)
    # A string that starts with another one adds nothing to the search.
    return tuple(sorted(text for text in found if not any(text != other and text.startswith(other) for other in found)))


@cache
def _class_pattern(chars: CharSet) -> str:
    """A character set as a regex. All whitespace is written ``\\s`` (the same
    characters): spelled out, it made up most of the prefilters' text, and
    parsing that was most of the time it took to compile them."""
    if len(chars) == 1:
        return re.escape(next(iter(chars)))
    space = whitespace()
    if space <= chars:
        rest = "".join(re.escape(char) for char in sorted(chars - space))
        return f"[\\s{rest}]" if rest else "\\s"
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def _trie(node: dict) -> str:
    branches = [key + _trie(child) for key, child in sorted(node.items()) if key != ""]
    if "" in node or not branches:
        return ""
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
