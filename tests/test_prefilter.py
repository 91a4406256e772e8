"""The prefilter is a necessary condition: scans with it find exactly what the full regex finds."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goaltext.data_files import Rule, RuleExample
from goaltext.language import (
    CompiledRules,
    FoldedRegex,
    LanguageDataError,
    LexiconGroup,
    LexiconWords,
    _check_requirement,
    alternation,
    language_data,
    word_runs,
)
from goaltext.prefilter import (
    ANYTHING,
    _class_pattern,
    literal_prefixes,
    prefilter_pattern,
    prefixes,
    rejected_by_first_character,
    whitespace,
)

CORPUS = Path(__file__).resolve().parents[1] / "annotations" / "corpus.jsonl"
EXTRACTORS = ("time", "criterion", "consequence")


def readable(pattern: str, length: int) -> set[str]:
    """Prefixes as strings, for prefixes that are all single characters."""
    return {"".join(next(iter(chars)) for chars in prefix) for prefix, _ in prefixes(pattern, length)}


@pytest.mark.parametrize(
    ("pattern", "length", "expected"),
    [
        ("senest", 3, {"sen"}),
        ("(?:inden for|senest)\\s*x", 3, {"ind", "sen"}),
        ("(?:inden )?uge", 3, {"ind", "uge"}),
        ("ab?c", 3, {"abc", "ac"}),  # "ac" is complete: the whole match
        ("(?:ab)*c", 3, {"c", "abc", "aba"}),
        ("x(?=y)z", 2, {"xz"}),  # a lookahead narrows nothing (kept necessary)
        ("uge\\b", 5, {"uge"}),
    ],
)
def test_prefixes_of_patterns(pattern: str, length: int, expected: set[str]) -> None:
    assert readable(pattern, length) == expected


@pytest.mark.parametrize("pattern", [".x", "\\w+", "[^a]b", "(a|.)"])
def test_a_pattern_that_can_start_anywhere_has_no_prefilter(pattern: str) -> None:
    assert ANYTHING in prefixes(pattern, 4)
    assert prefilter_pattern([pattern, "abc"]) is None


def test_digits_and_spaces_are_character_sets() -> None:
    (prefix, _), *rest = prefixes("\\d\\s", 2)
    assert not rest
    assert prefix[0] == frozenset("0123456789")
    assert {" ", "\t", "\n", "\xa0"} <= prefix[1]


@cache
def compiled(name: str) -> CompiledRules:
    return language_data().compile_rules(name)


@pytest.mark.parametrize("name", EXTRACTORS)
def test_the_rule_files_keep_a_prefilter(name: str) -> None:
    # A rule that may start with any word (e.g. a free noun phrase) switches
    # the prefilter off unless it names the phrase it requires.
    rules = compiled(name)
    assert (rules.without or rules.regex).prefilter is not None


@cache
def reference(name: str) -> re.Pattern[str]:
    """The rules of ``rules/NAME.yaml`` as one plain regex, with their named
    groups, tried in file order at each word start: the definition of what
    CompiledRules.finditer finds (with prefilter, guards and two steps)."""
    data = language_data()
    rule_file = data.rule_file(name)
    alternatives = []
    for rule in rule_file.rules:
        body = data.expand(rule.pattern, rule_file.fragments, rule.id)
        body = re.sub(r"\(\?P<(\w+)>", lambda m, rule_id=rule.id: f"(?P<{rule_id}__{m.group(1)}>", body)
        alternatives.append(f"(?P<{rule.id}>{body}(?!\\w))")
    return re.compile("(?<!\\w)(?:" + "|".join(alternatives) + ")")


def full_and_prefiltered(name: str, text: str) -> tuple[list, list]:
    """Matches of a plain scan of all rules, and of the scan goaltext runs."""
    regex = reference(name)
    lowered = text.lower()
    plain = []
    scan = regex.finditer(lowered) if len(lowered) == len(text) else re.compile(regex.pattern, re.I).finditer(text)
    for match in scan:
        rule_id = match.lastgroup
        groups = {
            group[len(rule_id) + 2 :]: text[match.start(group) : match.end(group)]
            for group in regex.groupindex
            if group.startswith(f"{rule_id}__") and match.end(group) > match.start(group)
        }
        start, end = match.span(f"{rule_id}__span") if "span" in groups else match.span()
        plain.append((rule_id, start, end, text[start:end], groups))
    found = [(m.rule.id, m.start, m.end, m.text, m.groups) for m in compiled(name).finditer(text)]
    return plain, found


@pytest.mark.parametrize("name", EXTRACTORS)
def test_the_prefiltered_scan_equals_the_full_scan_on_the_corpus(name: str) -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    for text in texts:
        full, prefiltered = full_and_prefiltered(name, text)
        assert prefiltered == full


danish_text = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzæøå 0123456789.,-/§½\n")) | st.characters(),
    max_size=200,
)
words = st.lists(
    st.sampled_from(
        [
            *["inden", "for", "senest", "uge", "40", "3", "mdr.", "1/6-26", "halvt", "år", "efter", "jul", "İ", "("],
            *["ikke", "komme", "mere", "i stedet for", "bostøtten", "reduceres", "fra", "til", "timer", "selv", "-"],
        ]
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=danish_text | words)
def test_the_prefiltered_scan_equals_the_full_scan_on_any_text(text: str) -> None:
    for name in EXTRACTORS:
        full, prefiltered = full_and_prefiltered(name, text)
        assert prefiltered == full


def test_a_lowering_that_changes_the_length_falls_back_to_the_ignorecase_regex() -> None:
    regex = compiled("time").regex
    text = "İnden 3 måneder"
    assert len(text.lower()) != len(text)
    assert [m.span() for m in regex.finditer(text)] == [m.span() for m in regex.ignorecase.finditer(text)]
    full, found = full_and_prefiltered("time", text)
    assert found == full


@pytest.mark.parametrize("name", ["follow_up_cue", "vague_word", "service"])
@settings(max_examples=100, deadline=None)
@given(text=danish_text | words)
def test_a_prefiltered_lexicon_finds_what_the_plain_one_finds(name: str, text: str) -> None:
    data = language_data()
    plain, prefiltered = data.compile_lexicon(name), data.compile_lexicon(name, prefiltered=True)
    assert [m.span() for m in prefiltered.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("ikke\\s+(?:\\S+\\s+){0,3}komme|stedet\\s+for|frem\\s*for", ("frem", "ikke", "sted")),
        ("§\\s*\\d+|pakke\\s*\\d", ("pakk", "§")),  # cut where a character set begins
        ("(?:ab|abcd)", ("ab",)),  # "abcd" starts with "ab": one search covers both
        ("[ab]c", None),
        ("\\w+x", None),
    ],
)
def test_literal_prefixes(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert literal_prefixes(pattern, 4) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("borgeren deltager i gruppeforløb i stedet for individuel bostøtte", "instead_of"),
        ("Mit mål er at I ikke skal komme om morgenen mere", "provider_not_any_more"),
    ],
)
def test_rules_that_require_a_phrase_still_match_where_it_is(text: str, rule: str) -> None:
    assert rule in [m.rule.id for m in compiled("consequence").finditer(text)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Nedtrappes i stedet for gradvist", "instead_of"),  # before "reduce" in the file
        ("jeg vil gerne have at I kun kommer en frem for gang om ugen", "comes_less"),  # before "instead_of"
    ],
)
def test_where_a_common_and_a_requiring_rule_start_together_the_file_order_decides(text: str, rule: str) -> None:
    full, found = full_and_prefiltered("consequence", text)
    assert found == full
    rules, lowered = compiled("consequence"), text.lower()
    start = next(start for rule_id, start, *_ in found if rule_id == rule)
    assert rules.without.folded.match(lowered, start) and rules.requiring.folded.match(lowered, start)  # type: ignore[union-attr]


def test_a_required_phrase_missing_from_an_example_is_refused() -> None:
    rule = Rule(
        id="demo",
        pattern="x",
        requires="i stedet for",
        examples=[RuleExample(text="hjemmehjælp frem for bostøtte", match="x")],
    )
    with pytest.raises(LanguageDataError, match="lacks the required"):
        _check_requirement(rule, "rules/demo.yaml rule 'demo'")


@pytest.mark.parametrize("others", ["", "-x§"])
def test_a_class_with_every_whitespace_character_is_written_with_backslash_s(others: str) -> None:
    chars = whitespace() | frozenset(others)
    pattern = _class_pattern(chars)
    assert len(pattern) < 10
    compiled = re.compile(pattern)
    assert all((compiled.fullmatch(chr(code)) is not None) == (chr(code) in chars) for code in range(0x3100))


LEXICONS = sorted(
    path.stem for path in (Path(__file__).resolve().parents[1] / "src/goaltext/data/lexicon").glob("*.yaml")
)


def same_as_the_search(name: str, text: str) -> None:
    """``LexiconWords.occurs_in`` answers what the lexicon regex's search
    answers, on the text and on its slices."""
    data = language_data()
    regex, words = data.compile_lexicon(name), data.lexicon_words(name)
    for part in {text, text[len(text) // 3 :], text[: len(text) // 2], text[1:-1]}:
        lowered = part.lower()
        expected = regex.search(part, lowered) is not None
        assert words.occurs_in(part, lowered) == expected, (name, part)


@pytest.mark.parametrize("name", LEXICONS)
def test_lexicon_words_answer_as_the_regex_on_the_corpus(name: str) -> None:
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[::4]:
        same_as_the_search(name, json.loads(line)["text"])


@settings(max_examples=150, deadline=None)
@given(text=danish_text | words | st.sampled_from(["trappes  ned", "hj.pleje", "1:1-støtten", "İ trappes ned", "mig"]))
def test_lexicon_words_answer_as_the_regex_on_any_text(text: str) -> None:
    for name in LEXICONS:
        same_as_the_search(name, text)


@cache
def every_lexicon() -> LexiconGroup:
    """All lexicons in one group: words shared by several, openers and
    lexicons that must always be searched all occur among them."""
    return LexiconGroup([language_data().lexicon_words(name) for name in LEXICONS])


def group_same_as_the_searches(text: str) -> None:
    """Bit ``i`` of the group's answer is lexicon ``i``'s search, on the text
    and its slices, with all its runs or only those the group seeks."""
    data, group = language_data(), every_lexicon()
    for part in {text, text[len(text) // 3 :], text[1:-1]}:
        lowered = part.lower()
        expected = sum(1 << i for i, name in enumerate(LEXICONS) if data.compile_lexicon(name).search(part, lowered))
        runs = word_runs(lowered)
        assert group.found_in(part, lowered, runs) == expected, part
        assert group.found_in(part, lowered, runs & group.sought) == expected, part


def test_the_lexicon_group_has_words_that_several_lexicons_share() -> None:
    assert any(bits & (bits - 1) for bits in every_lexicon().word_bits.values()), "the test lost its case"


ANYWHERE_PHRASES = ["§ 85", "trappes ned", "hjemmehjælp"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("§ 85-støtten ophører", 0b11),  # "ophører": a word; "§ 85": found only by searching
        ("Bostøtten trappes ned og ophører", 0b11),  # "trappes ned": an opener, then the search
        ("Hjemmehjælpen afsluttes", 0b01),  # a compound is not the word "hjemmehjælp"
        ("hjemmehjælp efter behov", 0b10),
        ("Indsatsen fortsætter", 0b00),
        ("İ ophører", 0b01),  # lower-casing changes the length: every lexicon searched
    ],
)
def test_a_lexicon_whose_phrase_may_start_anywhere_is_always_searched(text: str, expected: int) -> None:
    whole_words = r"(?<!\w)" + alternation(ANYWHERE_PHRASES) + r"(?!\w)"  # as compile_lexicon builds it
    anywhere = LexiconWords(FoldedRegex(whole_words), ANYWHERE_PHRASES)
    assert anywhere.openers is None
    group = LexiconGroup([language_data().lexicon_words("end_verb"), anywhere])
    assert group.always == 0b10
    lowered = text.lower()
    assert group.found_in(text, lowered, word_runs(lowered)) == expected


def test_the_lexicon_group_answers_as_the_searches_on_the_corpus() -> None:
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[::16]:
        group_same_as_the_searches(json.loads(line)["text"])


@settings(max_examples=100, deadline=None)
@given(text=danish_text | words | st.sampled_from(["trappes  ned", "hj.pleje", "İ trappes ned", "§ 85 ophører", ""]))
def test_the_lexicon_group_answers_as_the_searches_on_any_text(text: str) -> None:
    group_same_as_the_searches(text)


@pytest.mark.parametrize(
    "text",
    [
        "borgeren deltager i gruppeforløb i stedet for individuel bostøtte",
        "Mit mål er at I ikke skal komme om morgenen mere, men gruppeforløb i stedet for bostøtte",
        "Målet er at hjemmeplejen kun hjælper med strømperne frem for hele badet",
    ],
)
def test_the_requiring_rules_of_the_phrases_a_text_has_find_what_all_find(text: str) -> None:
    full, found = full_and_prefiltered("consequence", text)
    assert found == full
    rules = compiled("consequence")
    assert rules._requiring_in(text.lower()).pattern.count("(?P<") < rules.requiring.pattern.count("(?P<")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("ikke", True),
        ("(?:ikke|ingen)\\s+x", True),  # the compiler inlines the group
        ("[0-3]\\d", True),
        ("(?:x|(?:y|z))w", True),  # every branch opens with a character
        ("(?:a|b*)c", False),  # a branch may open with nothing
        ("(?:senest\\s+)?uge", False),  # an optional prefix: a repeat comes first
        ("(a)b", False),  # a capture group opens with a mark
        ("(?i:a)", False),
        ("(?<!\\w)a", False),
        ("", False),
        ("(", False),  # not a regex
    ],
)
def test_a_rule_needs_no_guard_where_its_first_character_rules_it_out(pattern: str, expected: bool) -> None:
    assert rejected_by_first_character(pattern) is expected
