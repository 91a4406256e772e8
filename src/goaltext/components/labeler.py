"""Label decisions from the extractors' evidence (the rule-based labeler).

This is the transparent baseline: each label follows from the evidence the
label spec asks for. Its probabilities are fixed confidence levels chosen by
hand, not calibrated; the trained classifiers (goaltext.classify) replace it
when a model is installed and keep its evidence lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from goaltext.components.batching import BatchComponent
from goaltext.evidence import Evidence, finalise_evidence, state_of, token_spans

PROCESS_CUES = frozenset(
    {"arbejde med", "arbejder med", "arbejde på", "arbejder på", "øve sig", "øver sig", "fokus på"}
)


@dataclass(slots=True)
class LabelDecision:
    """One label: its value, probability and the evidence behind it."""

    value: bool
    probability: float
    evidence: list[str] = field(default_factory=list)
    source: str = "rules"
    cues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EvidenceGroups:
    """The evidence sorted by what the labels and the summary rest on, in one
    pass: the horizon (deadline and follow-up times, also apart), the
    criteria (criterion spans and frequencies), the consequences, the vague
    words and the vague times, each in text order.
    The labels' decisions and ``summary.to_analysis`` both read it, so a
    goal's evidence is sorted by one loop."""

    horizon: list[Evidence]  # deadlines and follow-ups, in text order
    deadlines: list[Evidence]
    follow_ups: list[Evidence]
    criteria: list[Evidence]
    consequences: list[Evidence]
    vague: list[Evidence]
    vague_times: list[Evidence]

    @classmethod
    def of(cls, evidence: list[Evidence]) -> EvidenceGroups:
        groups = cls([], [], [], [], [], [], [])
        horizon, deadlines, follow_ups = groups.horizon, groups.deadlines, groups.follow_ups
        criteria, consequences, vague, vague_times = (
            groups.criteria,
            groups.consequences,
            groups.vague,
            groups.vague_times,
        )
        for e in evidence:
            label = e.label
            if label == "TIME":
                role = e.role
                if role == "deadline":
                    horizon.append(e)
                    deadlines.append(e)
                elif role == "follow_up":
                    horizon.append(e)
                    follow_ups.append(e)
                elif role == "frequency":
                    criteria.append(e)
                elif role == "vague":
                    vague_times.append(e)
            elif label == "CRITERION":
                criteria.append(e)
            elif label == "CONSEQUENCE":
                consequences.append(e)
            elif label == "VAGUE":
                vague.append(e)
        return groups

    def label_ids(self) -> dict[str, list[str]]:
        """Per label, the ids of the evidence the label spec names for it
        (what a trained model's decisions cite)."""
        return {
            "measurable": [e.id for e in self.criteria],
            "time_horizon": [e.id for e in self.horizon],
            "service_consequence": [e.id for e in self.consequences],
        }


def rule_decisions(evidence: list[Evidence] | EvidenceGroups) -> dict[str, LabelDecision]:
    """The three labels as the label spec defines them, from evidence alone
    (pass the ``EvidenceGroups`` when you have them)."""
    groups = evidence if isinstance(evidence, EvidenceGroups) else EvidenceGroups.of(evidence)
    criteria, vague = groups.criteria, groups.vague
    process = [e for e in vague if " ".join(e.text.lower().split()) in PROCESS_CUES]
    if criteria and not process:
        measurable = LabelDecision(True, 0.9 if not vague else 0.75, [e.id for e in criteria])
    elif criteria:
        measurable = LabelDecision(False, 0.4, [e.id for e in criteria + process])
    else:
        measurable = LabelDecision(False, 0.08, [e.id for e in vague])
    horizon, consequences = groups.horizon, groups.consequences
    return {
        "measurable": measurable,
        "time_horizon": LabelDecision(True, 0.95, [e.id for e in horizon])
        if horizon
        else LabelDecision(False, 0.05, [e.id for e in groups.vague_times]),
        "service_consequence": LabelDecision(True, 0.9, [e.id for e in consequences])
        if consequences
        else LabelDecision(False, 0.07, []),
    }


class RuleLabeler(BatchComponent):
    """Numbers the evidence and decides the labels from it; with
    ``span_group`` set, also writes the evidence to ``doc.spans[span_group]``."""

    description = "rules"

    def __init__(self, nlp: Language, name: str, span_group: str | None = None) -> None:
        self.name = name
        self.span_group = span_group

    def __call__(self, doc: Doc) -> Doc:
        state_of(doc).labels = rule_decisions(finalise_evidence(doc))
        if self.span_group:
            doc.spans[self.span_group] = token_spans(doc)
        return doc


@Language.factory("goaltext_labeler", default_config={"span_group": None})
def make_labeler(nlp: Language, name: str, span_group: str | None) -> RuleLabeler:
    return RuleLabeler(nlp, name, span_group)
