"""Evidence features: what the extractors found, as numbers a model can weigh.

The classifiers see the text (character n-grams) and these counts, so a
decision can rest on the same evidence the spans show, and the explanation
can name it in Danish.
"""

from __future__ import annotations

import math

import numpy as np

from goaltext.components.labeler import PROCESS_CUES, LabelDecision, rule_decisions
from goaltext.evidence import Evidence
from goaltext.language import language_data

FEATURES: tuple[tuple[str, str], ...] = (
    ("time_deadline", "en frist"),
    ("time_deadline_resolved", "en frist med dato eller varighed"),
    ("time_follow_up", "en opfølgningstid"),
    ("time_frequency", "en hyppighed"),
    ("time_vague", "en upræcis tid"),
    ("criterion_independence", "et selvstændighedskriterium"),
    ("criterion_amount", "et antal eller en mængde"),
    ("criterion_scale", "et niveau på en skala"),
    ("criterion_event", "en konkret hændelse"),
    ("criterion_duration", "en varighed i kriteriet"),
    ("consequence_reduce", "en nedsættelse af ydelsen"),
    ("consequence_end", "et ophør af ydelsen"),
    ("consequence_transfer", "en overgang til en anden ydelse"),
    ("consequence_increase", "en udvidelse af ydelsen"),
    ("consequence_other", "en ændring af ydelsen"),
    ("follow_up", "et opfølgningsord"),
    ("vague", "upræcise ord"),
    ("process", "en beskrivelse af processen"),
    ("rule_measurable", "reglernes vurdering: målbart"),
    ("rule_time_horizon", "reglernes vurdering: tidshorisont"),
    ("rule_service_consequence", "reglernes vurdering: konsekvens"),
    ("first_person", "jeg-form"),
    ("log_length", "målets længde"),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)
FEATURE_DANISH = dict(FEATURES)
INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
FIRST_PERSON = language_data().compile_lexicon("first_person")


def evidence_vector(
    text: str, evidence: list[Evidence], decisions: dict[str, LabelDecision] | None = None
) -> list[float]:
    """The evidence of one goal as a fixed-length vector (counts, flags, log
    length); pass the rule decisions when you already have them."""
    row = [0.0] * len(FEATURE_NAMES)
    for item in evidence:
        if item.label == "TIME":
            row[INDEX[f"time_{item.role}"]] += 1
            if item.role == "deadline" and item.value:
                row[INDEX["time_deadline_resolved"]] += 1
        elif item.label == "CRITERION":
            kind = (item.kind or "amount").removeprefix("criterion_")
            row[INDEX[f"criterion_{kind}"]] += 1
        elif item.label == "CONSEQUENCE":
            row[INDEX[f"consequence_{item.direction or 'other'}"]] += 1
        elif item.label == "FOLLOW_UP":
            row[INDEX["follow_up"]] += 1
        elif item.label == "VAGUE":
            row[INDEX["vague"]] += 1
            if " ".join(item.text.lower().split()) in PROCESS_CUES:
                row[INDEX["process"]] += 1
    for name, decision in (decisions or rule_decisions(evidence)).items():
        row[INDEX[f"rule_{name}"]] = float(decision.value)
    row[INDEX["first_person"]] = float(FIRST_PERSON.search(text) is not None)
    row[INDEX["log_length"]] = math.log1p(len(text.split()))
    return row


def evidence_matrix(
    texts: list[str],
    evidence_lists: list[list[Evidence]],
    decisions: list[dict[str, LabelDecision]] | None = None,
) -> np.ndarray:
    """The evidence vectors of a batch as one (goals x features) array."""
    if decisions is None:
        decisions = [rule_decisions(evidence) for evidence in evidence_lists]
    rows = [evidence_vector(t, e, d) for t, e, d in zip(texts, evidence_lists, decisions, strict=True)]
    return np.array(rows, dtype=np.float64).reshape(len(texts), len(FEATURE_NAMES))
