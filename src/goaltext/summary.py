"""From a processed Doc to the public Analysis: horizon, main consequence,
score and the Danish explanation per dimension."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml
from spacy.tokens import Doc

from goaltext.components.labeler import EvidenceGroups, LabelDecision
from goaltext.evidence import Evidence, state_of
from goaltext.normalize import approximate_days
from goaltext.schema import (
    Analysis,
    ConsequenceResult,
    Direction,
    Explanations,
    LabelResult,
    Labels,
    Role,
    SpanResult,
)


@cache
def messages() -> dict[str, Any]:
    """Danish message templates (data/messages.yaml)."""
    text = (resources.files("goaltext.data") / "messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def choose_horizon(found: EvidenceGroups, reference: date | None) -> Evidence | None:
    """The goal's deadline (the latest, when there are several delmål), else its
    first follow-up; a resolved value wins over an unresolved one."""
    deadlines, follow_ups = found.deadlines, found.follow_ups
    resolved = [e for e in deadlines if e.value]
    if resolved:
        return max(resolved, key=lambda e: approximate_days(e.value, reference) or 0)
    resolved_follow_ups = [e for e in follow_ups if e.value]
    if resolved_follow_ups:
        return resolved_follow_ups[0]
    first = deadlines or follow_ups
    return first[0] if first else None


def main_consequence(evidence: list[Evidence]) -> Evidence | None:
    """The consequence of reaching the goal: the last stage stated; an increase
    only when nothing else is stated."""
    return last_stage([e for e in evidence if e.label == "CONSEQUENCE"])


def last_stage(consequences: list[Evidence]) -> Evidence | None:
    """``main_consequence`` of the consequence spans alone."""
    reaching = [e for e in consequences if e.direction != "increase"]
    stages = reaching or consequences
    return stages[-1] if stages else None


def quoted(items: list[Evidence], limit: int = 3) -> str:
    texts = list(dict.fromkeys(f"«{e.text}»" for e in items))[:limit]
    return " og ".join([", ".join(texts[:-1]), texts[-1]]) if len(texts) > 1 else (texts[0] if texts else "")


def explain(
    found: EvidenceGroups,
    decisions: dict[str, LabelDecision],
    horizon: Evidence | None,
    consequence: Evidence | None,
    main_direction: str | None,
) -> Explanations:
    """The Danish explanation per dimension. It follows the label: where the
    model judges the goal as a whole otherwise than its spans alone would
    (a yes with no span behind it, a criterion it finds too weak), the
    explanation says so rather than contradict the label. ``main_direction``
    is the direction the analysis reports (the model's, where one decided);
    the explanation names it, not the span's own."""
    text = messages()
    vague, criteria = found.vague, found.criteria
    if decisions["measurable"].value and criteria:
        key = "found_despite_vague" if vague else "found"
        measurable = text["measurable"][key].format(cues=quoted(criteria), vague=quoted(vague))
    elif decisions["measurable"].value:
        measurable = text["measurable"]["found_without_span"]
    elif criteria and vague:
        measurable = text["measurable"]["missing_process"].format(vague=quoted(vague))
    elif vague:
        measurable = text["measurable"]["missing_vague"].format(vague=quoted(vague))
    elif criteria:
        measurable = text["measurable"]["missing_despite_criterion"].format(cues=quoted(criteria))
    else:
        measurable = text["measurable"]["missing"]

    vague_times = found.vague_times
    if decisions["time_horizon"].value and horizon is not None:
        if horizon.value is None:
            time_text = text["time_horizon"]["found_unresolved"].format(text=f"«{horizon.text}»")
        else:
            key = "found_follow_up" if horizon.role == "follow_up" else "found_deadline"
            time_text = text["time_horizon"][key].format(text=f"«{horizon.text}»", value=horizon.value)
    elif decisions["time_horizon"].value:
        time_text = text["time_horizon"]["found_without_span"]
    elif vague_times:
        time_text = text["time_horizon"]["missing_vague"].format(text=quoted(vague_times))
    else:
        time_text = text["time_horizon"]["missing"]

    direction = text["directions"][main_direction or "other"]
    if decisions["service_consequence"].value and consequence is not None:
        target = f": {consequence.target}" if consequence.target else ""
        consequence_text = text["service_consequence"]["found"].format(
            text=f"«{consequence.text}»", direction=direction, target=target
        )
    elif decisions["service_consequence"].value:
        consequence_text = text["service_consequence"]["found_without_span"].format(direction=direction)
    else:
        consequence_text = text["service_consequence"]["missing"]
    return Explanations(measurable=measurable, time_horizon=time_text, service_consequence=consequence_text)


def to_analysis(doc: Doc, pipeline_name: str) -> Analysis:
    """Build the public Analysis of a Doc that went through the goaltext pipeline.

    The evidence carries the rules' roles and directions as plain strings;
    the rule files are validated against the contract's literals when they
    load, so they are cast, not checked again.

    The result is built from the pipeline's own data, so it is not validated
    again (see ``Analysis``); the tests check the contract's constraints.
    """
    state = state_of(doc)
    evidence = state.evidence
    decisions: dict[str, LabelDecision] = state.labels or {}
    reference = state.context.reference_date
    found = state.groups if state.groups is not None else EvidenceGroups.of(evidence)
    horizon = choose_horizon(found, reference) if decisions["time_horizon"].value else None
    consequence = last_stage(found.consequences) if decisions["service_consequence"].value else None
    # The direction model weighs the whole goal, the sentence of this span and
    # the rules' directions as features, so it decides (dev: 0.938 of the
    # directions where a span was found, against 0.869 for the span's own
    # direction). The span keeps its own direction as evidence.
    direction = state.direction or (consequence.direction if consequence is not None else None)
    if consequence is not None or (decisions["service_consequence"].value and state.direction):
        target = consequence.target if consequence is not None else None
        probability = state.direction_probability  # None unless the model decided the direction
        main = ConsequenceResult(
            direction=cast(Direction, direction),
            target=target,
            probability=round(probability, 4) if probability is not None else None,
        )
    else:
        main = None
    labels = {
        name: LabelResult(
            value=d.value, probability=round(d.probability, 4), evidence=list(d.evidence), cues=list(d.cues)
        )
        for name, d in decisions.items()
    }
    probabilities = [d.probability for d in decisions.values()]
    return Analysis(
        text=state.text,
        labels=Labels(**labels),
        horizon=horizon.value if horizon else None,
        horizon_days=approximate_days(horizon.value, reference) if horizon else None,
        consequence=main,
        spans=[
            SpanResult(
                id=e.id,
                start=e.start,
                end=e.end,
                label=e.label,
                text=e.text,
                role=cast(Role | None, e.role),
                value=e.value,
                direction=cast(Direction | None, e.direction),
                target=e.target,
                rule=e.rule,
            )
            for e in evidence
        ],
        # The float start: compiled (setup.py), a sum() from 0 is an int to
        # mypyc, and round() of it then fails with "int object expected".
        score=round(100 * sum(probabilities, 0.0) / len(probabilities)),
        explanations=explain(found, decisions, horizon, consequence, main.direction if main else None),
        pipeline=pipeline_name,
        reference_date=reference,
    )
