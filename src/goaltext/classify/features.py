"""Evidence features: what the extractors found, as numbers a model can weigh.

The classifiers see the text (character n-grams) and these counts, so a
decision can rest on the same evidence the spans show, and the explanation
can name it in Danish.
"""

from __future__ import annotations

import math

import numpy as np

from goaltext.components.labeler import PROCESS_CUES, rule_decisions
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


def evidence_vector(text: str, evidence: list[Evidence]) -> np.ndarray:
    """The evidence of one goal as a fixed-length vector (counts, flags, log length)."""
    row = np.zeros(len(FEATURE_NAMES), dtype=np.float64)
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
    for name, decision in rule_decisions(evidence).items():
        row[INDEX[f"rule_{name}"]] = float(decision.value)
    row[INDEX["first_person"]] = float(language_data().compile_lexicon("first_person").search(text) is not None)
    row[INDEX["log_length"]] = math.log1p(len(text.split()))
    return row


def evidence_matrix(texts: list[str], evidence_lists: list[list[Evidence]]) -> np.ndarray:
    if not texts:
        return np.zeros((0, len(FEATURE_NAMES)))
    return np.vstack([evidence_vector(t, e) for t, e in zip(texts, evidence_lists, strict=True)])
