"""CONSEQUENCE: what reaching the goal means for the service, with direction and target."""

from __future__ import annotations

import pytest

from goaltext import Analyzer

# (goal, direction of the main consequence, target)
CONSEQUENCES = [
    (
        "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1.",
        "reduce",
        "ydelsespakke 1",
    ),
    ("Herefter forventes borgeren at kunne overgå til ydelsespakke 1.", "reduce", "ydelsespakke 1"),
    ("Når målet er nået, reduceres bostøtten fra 4 til 2 timer om ugen.", "reduce", "2 timer om ugen"),
    ("Forventningen er, at § 85-støtten kan afsluttes.", "end", "§ 85"),
    (
        "Borgeren forventes at kunne flytte fra botilbud til egen bolig med bostøtte.",
        "transfer",
        "egen bolig med bostøtte",
    ),
    ("Støtten nedtrappes gradvist og ophører ved udgangen af forløbet.", "end", "støtte"),
    ("Efter 3 mdr. vurderes, om støtten kan omlægges til gruppeforløb.", "transfer", "gruppeforløb"),
    ("jeg vil gerne have mindre hjælp", "reduce", "hjælp"),
    ("Jeg vil gerne klare mig uden hjemmehjælp.", "end", "hjemmehjælp"),
    ("Borgeren har ikke længere behov for hjemmehjælp.", "end", "hjemmehjælp"),
    ("Hvis målet ikke nås, øges støtten.", "increase", "støtte"),
    ("Det forventes, at hjemmeplejen kan reduceres.", "reduce", "hjemmepleje"),
    ("ressourceforløbet afsluttes og borgeren overgår til fleksjob", "transfer", "fleksjob"),
    ("kan overgå fra pakke C til pakke E", "increase", "pakke E"),
    ("sagen kan lukkes, når borgeren selv handler ind", "end", "sag"),
    ("herefter overgår borgeren til § 104", "transfer", "§ 104"),
    ("bostøtten halveres", "reduce", "bostøtte"),
    ("støtten forventes udfaset inden sommer", "reduce", "støtte"),
    # lower case, no full stop, abbreviations
    ("herefter overgang til ydelsespakke 2", "reduce", "ydelsespakke 2"),
    ("hj.plejen ophører", "end", "hjemmepleje"),
]


@pytest.mark.parametrize(("text", "direction", "target"), CONSEQUENCES)
def test_service_consequence_with_direction_and_target(
    rules_analyzer: Analyzer, text: str, direction: str, target: str
) -> None:
    analysis = rules_analyzer.analyze(text, reference_date="2026-01-15")
    assert analysis.labels.service_consequence.value is True
    assert analysis.consequence is not None
    assert (analysis.consequence.direction, analysis.consequence.target) == (direction, target)
    for span in analysis.spans:
        assert analysis.text[span.start : span.end] == span.text


def test_the_current_package_decides_the_direction_of_a_package_move(rules_analyzer: Analyzer) -> None:
    text = "Borgeren forventes at kunne overgå til ydelsespakke 3."
    assert rules_analyzer.analyze(text, context={"current_package": "ydelsespakke 4"}).consequence.direction == "reduce"
    assert (
        rules_analyzer.analyze(text, context={"current_package": "ydelsespakke 2"}).consequence.direction == "increase"
    )


# Traps: no consequence for the service.
NOT_A_CONSEQUENCE = [
    "Så borgeren kan få et bedre liv.",
    "Indsatsen evalueres ved opfølgning.",
    "Borgeren modtager socialpædagogisk støtte efter § 85.",
    "Støtten fortsætter uændret.",
    "Støtten kan ikke reduceres endnu.",
    "Borgeren bliver boende i botilbuddet.",
    "Indsatsen revurderes.",
    "Borgeren skal reducere sit forbrug af hash.",
    "Borgeren skal afslutte sin uddannelse.",
    "Øget trivsel og livskvalitet.",
    "Borgeren bliver mere selvstændig i hverdagen.",
    "Borgeren skal flytte til Aarhus.",
    "kan klare sig uden hjælp til indkøb",
    "Det forventes ikke, at hjemmehjælpen kan afsluttes.",
]


@pytest.mark.parametrize("text", NOT_A_CONSEQUENCE)
def test_no_service_consequence(rules_analyzer: Analyzer, text: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date="2026-01-15")
    assert analysis.labels.service_consequence.value is False
    assert analysis.consequence is None
    assert not [s for s in analysis.spans if s.label == "CONSEQUENCE"]
