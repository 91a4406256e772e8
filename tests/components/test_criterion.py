"""CRITERION: the checkable measure that makes a goal measurable."""

from __future__ import annotations

import pytest

from goaltext import Analyzer

# (goal, the criterion span it must contain)
CRITERIA = [
    ("Borgeren kan selv tage bad.", "selv"),
    ("Borgeren tager medicin uden påmindelse.", "uden påmindelse"),
    ("Borgeren kan selv lave aftensmad tre dage om ugen uden guidning.", "uden guidning"),
    ("Borgeren møder til 80 % af de planlagte behandlingsaftaler.", "80 % af de planlagte behandlingsaftaler"),
    ("Borgeren er flyttet i egen lejlighed.", "er flyttet i egen lejlighed"),
    ("Borgeren har fået fleksjob.", "har fået fleksjob"),
    ("Borgerens trivsel er steget fra 40 til 60 på WHO-5.", "fra 40 til 60 på WHO-5"),
    ("ingen restancer 3 måneder i træk", "3 måneder i træk"),
    ("ingen udeblivelser fra skolen", "ingen udeblivelser"),
    ("kan gå 500 meter med rollator", "500 meter"),
    ("kan klare sig på funktionsevneniveau 1", "funktionsevneniveau 1"),
    ("handler ind på egen hånd", "på egen hånd"),
    ("deltager i 4 ud af 5 aftaler", "4 ud af 5 aftaler"),
    ("kommer til alle planlagte aftaler", "alle planlagte aftaler"),
    ("Borgeren er i ordinært job", "er i ordinært job"),
    ("har været stoffri i 3 måneder", "stoffri i 3 måneder"),
]


@pytest.mark.parametrize(("text", "criterion"), CRITERIA)
def test_criterion_is_found(rules_analyzer: Analyzer, text: str, criterion: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date="2026-01-15")
    assert criterion in [s.text for s in analysis.spans if s.label == "CRITERION"]
    assert analysis.labels.measurable.value is True


# Traps: no criterion, or one that belongs to something else.
NO_CRITERION = [
    "Borgeren skal have det bedre.",
    "Borgeren bliver mere selvstændig i hverdagen.",
    "Øget trivsel og livskvalitet.",
    "Borgeren skal passe på sig selv.",
    "selv om det er svært",
    "Når målet er nået, reduceres bostøtten fra 4 til 2 timer om ugen.",
]


@pytest.mark.parametrize("text", NO_CRITERION)
def test_no_criterion(rules_analyzer: Analyzer, text: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date="2026-01-15")
    assert not [s for s in analysis.spans if s.label == "CRITERION"]
    assert analysis.labels.measurable.value is False


def test_a_process_goal_with_a_frequency_is_not_measurable(rules_analyzer: Analyzer) -> None:
    analysis = rules_analyzer.analyze("Borgeren arbejder med at handle ind to gange om ugen.")
    assert analysis.labels.measurable.value is False
