"""Horizon choice, the main consequence, the score and the Danish explanations."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from goaltext import Analyzer
from goaltext.components.labeler import LabelDecision
from goaltext.evidence import state_of
from goaltext.pipeline import as_context
from goaltext.summary import messages, to_analysis


def extracted(analyzer: Analyzer, text: str) -> Doc:
    """The goal through the pipeline, as a Doc whose labels and direction a
    test may then set as a model would, before building its analysis."""
    return analyzer.nlp(analyzer._doc(text, as_context(None, None)))


@pytest.mark.parametrize(
    ("text", "horizon"),
    [
        ("Delmål 1 inden for 2 mdr. Delmål 2 inden for 6 mdr. Der følges op efter 1 md.", "P6M"),
        ("Borgeren skal inden 1/6-26 kunne handle ind, og der følges op efter 3 mdr.", "2026-06-01"),
        ("Der følges op efter 3 mdr. og igen efter 6 mdr.", "P3M"),
        ("Borgeren skal selv kunne handle ind på sigt.", None),
    ],
)
def test_horizon_is_the_latest_deadline_else_the_first_follow_up(analyzer: Analyzer, text: str, horizon: str) -> None:
    assert analyzer.analyze(text, reference_date="2026-01-15").horizon == horizon


def test_main_consequence_is_the_last_stage_and_increase_only_as_a_last_resort(analyzer: Analyzer) -> None:
    text = "Hvis målet ikke nås, øges støtten. Når målet er nået, reduceres bostøtten fra 4 til 2 timer om ugen."
    consequence = analyzer.analyze(text).consequence
    assert consequence is not None and consequence.direction == "reduce"


def test_score_rises_with_each_dimension(analyzer: Analyzer) -> None:
    scores = [
        analyzer.analyze(text, reference_date="2026-01-15").score
        for text in (
            "Borgeren skal have det bedre.",
            "Borgeren kan selv tage bad.",
            "Borgeren kan selv tage bad inden for 3 måneder.",
            "Borgeren kan selv tage bad inden for 3 måneder, hvorefter hjemmeplejen kan afsluttes.",
        )
    ]
    assert scores == sorted(scores) and len(set(scores)) == 4
    assert scores[0] < 20 and scores[-1] > 80


def test_explanations_are_danish_and_say_what_is_missing(analyzer: Analyzer) -> None:
    explanations = analyzer.analyze("Borgeren skal have det bedre på sigt.").explanations
    assert explanations.measurable.startswith("Ikke målbart")
    assert "«have det bedre»" in explanations.measurable
    assert explanations.time_horizon.startswith("Ingen tidshorisont") and "«på sigt»" in explanations.time_horizon
    assert explanations.service_consequence.startswith("Ingen konsekvens for ydelsen")


def test_explanations_quote_the_evidence_found(analyzer: Analyzer) -> None:
    text = "Borgeren kan selv tage bad. Der følges op efter 4 mdr., hvorefter hjemmeplejen kan afsluttes."
    explanations = analyzer.analyze(text).explanations
    assert "«selv»" in explanations.measurable
    assert "«efter 4 mdr.»" in explanations.time_horizon and "P4M" in explanations.time_horizon
    assert "ophør" in explanations.service_consequence


def test_the_direction_model_decides_and_the_span_keeps_the_rules_direction(rules_analyzer: Analyzer) -> None:
    doc = extracted(rules_analyzer, "Borgeren kan selv tage bad. Herefter kan hjælpen til bad afsluttes.")
    rules_only = to_analysis(doc, "test")
    assert rules_only.consequence is not None
    span_direction = rules_only.consequence.direction
    state_of(doc).direction = "transfer"  # what a direction model would write
    analysis = to_analysis(doc, "test")
    assert analysis.consequence is not None and analysis.consequence.direction == "transfer"
    assert [s.direction for s in analysis.spans if s.label == "CONSEQUENCE"][-1] == span_direction
    # the explanation names the direction the analysis reports, not the span's own
    assert "(overgang til en anden ydelse" in analysis.explanations.service_consequence


def test_a_label_the_model_finds_without_a_span_is_explained_as_found(rules_analyzer: Analyzer) -> None:
    """A yes from the model with no span behind it (the goal as a whole reads
    as one) must not be explained as missing next to a label that says yes."""
    doc = extracted(rules_analyzer, "Peter skal kunne bo i egen lejlighed.")
    state = state_of(doc)
    assert not any(e.label in ("TIME", "CONSEQUENCE") for e in state.evidence)
    for name in ("measurable", "time_horizon", "service_consequence"):
        state.labels[name] = LabelDecision(True, 0.8, [], "model")  # what a model may decide
    state.direction = "transfer"
    explanations = to_analysis(doc, "test").explanations
    assert explanations.measurable.startswith("Målbart, vurderet ud fra hele målet")
    assert explanations.time_horizon.startswith("Tidshorisont, vurderet ud fra hele målet")
    assert explanations.service_consequence.startswith(
        "Konsekvens for ydelsen, vurderet ud fra hele målet (overgang til en anden ydelse)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Målet er, at Peter kan bo i egen lejlighed med § 85-støtte 2 t/uge fra sommerferien.",
        "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1. "
        "Der følges op efter 4 måneder.",
        "Jeg vil gerne blive bedre til at handle ind selv.",
        "borger skal på sigt klare sig med mindre hjælp",
        "Hjemmeplejen reduceres fra 5 til 2 besøg om ugen, når borgeren selv kan klare morgenplejen.",
    ],
)
def test_explanations_agree_with_the_labels(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text, reference_date="2026-11-24")
    for name, missing in (("time_horizon", "Ingen tidshorisont"), ("service_consequence", "Ingen konsekvens")):
        explanation = getattr(analysis.explanations, name)
        assert explanation.startswith(missing) is not getattr(analysis.labels, name).value, (name, explanation)
    assert analysis.explanations.measurable.startswith("Ikke målbart") is not analysis.labels.measurable.value
    if analysis.consequence is not None:
        direction = messages()["directions"][analysis.consequence.direction]
        assert f"({direction}" in analysis.explanations.service_consequence


def test_a_criterion_the_model_finds_too_weak_is_quoted_not_called_missing(rules_analyzer: Analyzer) -> None:
    doc = extracted(rules_analyzer, "jeg vil gerne have mindre hjælp, jeg kan godt selv")
    state = state_of(doc)
    assert any(e.label == "CRITERION" and e.text == "selv" for e in state.evidence)
    state.labels["measurable"] = LabelDecision(False, 0.3, [], "model")
    explanation = to_analysis(doc, "test").explanations.measurable
    assert explanation.startswith("Ikke målbart, vurderet ud fra hele målet: «selv» er ikke nok")
