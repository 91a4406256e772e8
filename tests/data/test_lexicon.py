"""Language data lints: every file validates, and the number words add up.

dateparser-style integrity tests: data without a lint test rots (spaCy's own
Danish list misspells 45 as "femgogfyrre" and nothing notices).
"""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources

import pytest
import yaml

from goaltext.language import LanguageData, LanguageDataError, language_data

LEXICONS = sorted(p.name.removesuffix(".yaml") for p in (resources.files("goaltext.data") / "lexicon").iterdir())
RULE_FILES = sorted(p.name.removesuffix(".yaml") for p in (resources.files("goaltext.data") / "rules").iterdir())
UNITS = {"en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9}
TENS = {"tyve": 20, "tredive": 30, "fyrre": 40, "halvtreds": 50, "tres": 60}


@pytest.mark.parametrize("name", LEXICONS)
def test_every_lexicon_validates_and_names_its_source(name: str) -> None:
    lexicon = language_data().lexicon(name)
    assert lexicon.concept == name
    assert lexicon.source.strip()
    assert lexicon.entries


class _KeyCountingLoader(yaml.SafeLoader):
    """A YAML loader that records keys a mapping repeats (plain YAML keeps the last one silently)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = Counter(self.construct_object(key) for key, _ in node.value)
        self.repeated.extend(str(key) for key, count in keys.items() if count > 1)
        return super().construct_mapping(node, deep)


@pytest.mark.parametrize(
    "path", ["lexicon/" + n + ".yaml" for n in LEXICONS] + ["rules/" + n + ".yaml" for n in RULE_FILES]
)
def test_no_data_file_repeats_a_key(path: str) -> None:
    # A repeated entry or rule field hides its first value ("counterexamples"
    # twice drops the first list), so it is always a mistake.
    loader = _KeyCountingLoader((resources.files("goaltext.data") / path).read_text(encoding="utf-8"))
    try:
        loader.get_single_data()
    finally:
        loader.dispose()
    assert loader.repeated == []


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_rule_file_compiles(name: str) -> None:
    compiled = language_data().compile_rules(name)
    assert compiled.rules


def test_compound_number_words_are_unit_og_tens() -> None:
    for word, value in language_data().lexicon("number").entries.items():
        found = re.fullmatch(r"(\w+?)og(\w+)", word)
        if found and found.group(2) in TENS:
            assert found.group(1) in UNITS, f"{word}: unknown unit part"
            assert UNITS[found.group(1)] + TENS[found.group(2)] == value, f"{word} != {value}"


def test_units_map_to_iso_designators() -> None:
    assert set(language_data().entries("unit").values()) <= {"D", "W", "M", "Q", "Y"}


def test_months_cover_the_year() -> None:
    assert set(language_data().entries("month").values()) == set(range(1, 13))


def test_period_positions_are_start_mid_or_end() -> None:
    assert set(language_data().entries("period_position").values()) == {"start", "mid", "end"}


def test_a_missing_lexicon_reference_is_a_clear_error() -> None:
    data = LanguageData()
    with pytest.raises(LanguageDataError, match="neither a fragment nor a lexicon"):
        data.expand("<<no_such_list>>", {}, "test")


def test_fragments_that_refer_to_each_other_in_a_loop_are_refused() -> None:
    with pytest.raises(LanguageDataError, match="loop"):
        LanguageData().expand("<<a>>", {"a": "<<b>>", "b": "<<a>>"}, "test")
