"""Every rule carries its examples (LanguageTool style); this one test runs them all.

Adding a rule to data/rules/*.yaml adds its test cases here automatically.
"""

from __future__ import annotations

import pytest

from goaltext import Analyzer
from goaltext.language import language_data

LABEL_OF_RULE_FILE = {"time": "TIME", "criterion": "CRITERION", "consequence": "CONSEQUENCE"}
DEFAULT_REFERENCE = "2026-01-15"

EXAMPLES = [
    pytest.param(file_name, rule, example, id=f"{file_name}:{rule.id}:{example.text[:40]}")
    for file_name in LABEL_OF_RULE_FILE
    for rule in language_data().rule_file(file_name).rules
    for example in rule.examples
]
COUNTEREXAMPLES = [
    pytest.param(file_name, rule, text, id=f"{file_name}:{rule.id}:not:{text[:40]}")
    for file_name in LABEL_OF_RULE_FILE
    for rule in language_data().rule_file(file_name).rules
    for text in rule.counterexamples
]


@pytest.mark.parametrize(("file_name", "rule", "example"), EXAMPLES)
def test_rule_finds_its_example(rules_analyzer: Analyzer, file_name: str, rule, example) -> None:
    analysis = rules_analyzer.analyze(example.text, reference_date=example.reference_date or DEFAULT_REFERENCE)
    label = LABEL_OF_RULE_FILE[file_name]
    found = [s for s in analysis.spans if s.label == label and s.text == example.match]
    assert found, f"{rule.id} did not find {example.match!r}; spans: {[(s.label, s.text) for s in analysis.spans]}"
    span = found[0]
    assert span.rule == rule.id
    assert analysis.text[span.start : span.end] == example.match
    for attribute in ("value", "role", "direction", "target"):
        expected = getattr(example, attribute)
        if expected is not None:
            assert getattr(span, attribute) == expected, attribute


@pytest.mark.parametrize(("file_name", "rule", "text"), COUNTEREXAMPLES)
def test_rule_does_not_fire_on_its_counterexample(rules_analyzer: Analyzer, file_name: str, rule, text: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date=DEFAULT_REFERENCE)
    assert not [s for s in analysis.spans if s.rule == rule.id]
