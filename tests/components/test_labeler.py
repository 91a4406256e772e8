"""The rule labeler's decisions rest on exactly the evidence the label spec names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goaltext.components.labeler import PROCESS_CUES, EvidenceGroups, rule_decisions
from goaltext.evidence import Evidence

LABELS = ["TIME", "CRITERION", "CONSEQUENCE", "FOLLOW_UP", "VAGUE"]
ROLES = [None, "deadline", "follow_up", "frequency", "vague"]
TEXTS = ["arbejde med", "bedre", "4 måneder", "Fokus  på"]


def horizon_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """What the label spec defines a horizon by: deadline and follow-up times."""
    return [e for e in evidence if e.label == "TIME" and e.role in ("deadline", "follow_up")]


def criterion_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """What makes a goal checkable: criterion spans and frequencies."""
    return [e for e in evidence if e.label == "CRITERION" or (e.label == "TIME" and e.role == "frequency")]


@st.composite
def evidence_lists(draw: st.DrawFn) -> list[Evidence]:
    kinds = draw(st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(ROLES), st.sampled_from(TEXTS))))
    return [
        Evidence(n, n + 1, label, text, rule="r", role=role, id=f"s{n + 1}")  # type: ignore[arg-type]
        for n, (label, role, text) in enumerate(kinds)
    ]


@settings(max_examples=300, deadline=None)
@given(evidence_lists())
def test_rule_decisions_cite_the_evidence_the_spec_names(evidence: list[Evidence]) -> None:
    decisions = rule_decisions(evidence)
    criteria = criterion_evidence(evidence)
    vague = [e for e in evidence if e.label == "VAGUE"]
    process = [e for e in vague if " ".join(e.text.lower().split()) in PROCESS_CUES]
    expected = criteria + process if criteria else vague
    assert decisions["measurable"].evidence == [e.id for e in expected]
    assert decisions["measurable"].value == bool(criteria and not process)
    horizon = horizon_evidence(evidence)
    vague_times = [e for e in evidence if e.label == "TIME" and e.role == "vague"]
    assert decisions["time_horizon"].evidence == [e.id for e in (horizon or vague_times)]
    assert decisions["time_horizon"].value == bool(horizon)
    consequences = [e for e in evidence if e.label == "CONSEQUENCE"]
    assert decisions["service_consequence"].evidence == [e.id for e in consequences]
    assert decisions["service_consequence"].value == bool(consequences)


@settings(max_examples=300, deadline=None)
@given(evidence_lists())
def test_a_models_decisions_cite_the_evidence_the_spec_names(evidence: list[Evidence]) -> None:
    groups = EvidenceGroups.of(evidence)
    assert groups.label_ids() == {
        "measurable": [e.id for e in criterion_evidence(evidence)],
        "time_horizon": [e.id for e in horizon_evidence(evidence)],
        "service_consequence": [e.id for e in evidence if e.label == "CONSEQUENCE"],
    }
    assert rule_decisions(groups) == rule_decisions(evidence)


@settings(max_examples=300, deadline=None)
@given(evidence_lists())
def test_the_groups_the_summary_reads_are_the_evidence_filtered_once_each(evidence: list[Evidence]) -> None:
    groups = EvidenceGroups.of(evidence)

    def time(role: str) -> list[Evidence]:
        return [e for e in evidence if e.label == "TIME" and e.role == role]

    assert groups.deadlines == time("deadline")
    assert groups.follow_ups == time("follow_up")
    assert groups.vague_times == time("vague")
    assert groups.horizon == horizon_evidence(evidence)
    assert groups.criteria == criterion_evidence(evidence)
    assert groups.consequences == [e for e in evidence if e.label == "CONSEQUENCE"]
    assert groups.vague == [e for e in evidence if e.label == "VAGUE"]
