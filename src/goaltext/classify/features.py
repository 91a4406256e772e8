"""Evidence features: what the extractors found, as numbers a model can weigh.

The classifiers see the text (character n-grams) and these counts, so a
decision can rest on the same evidence the spans show, and the explanation
can name it in Danish.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np

from goaltext.components.labeler import PROCESS_CUES, LabelDecision, rule_decisions
from goaltext.evidence import ClauseIndex, Evidence
from goaltext.language import LexiconGroup, language_data, word_runs
from goaltext.schema import DIRECTIONS
from goaltext.summary import main_consequence

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
    # Set by the model, not the extractors: the consequence locator's score
    # (log-odds) of the goal's likeliest clause (``with_consequence_clause``).
    ("consequence_clause", "en sætning, der ligner en konsekvens for ydelsen"),
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
# A feature that can be negative names its absence when it is: the locator's
# score of a goal whose clauses all read unlike a consequence.
FEATURE_DANISH_NEGATIVE = {"consequence_clause": "ingen sætning, der ligner en konsekvens for ydelsen"}
INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
Clause = tuple[int, int]  # start and end offset of a clause in its goal
# The columns by span kind, looked up once rather than as f-string keys per span.
_TIME_ROLE = {role: INDEX[f"time_{role}"] for role in ("deadline", "follow_up", "frequency", "vague")}
_CRITERION = {n.removeprefix("criterion_"): i for n, i in INDEX.items() if n.startswith("criterion_")}
_CONSEQUENCE = {n.removeprefix("consequence_"): i for n, i in INDEX.items() if n.startswith("consequence_")}
_RULE = {n.removeprefix("rule_"): i for n, i in INDEX.items() if n.startswith("rule_")}


def evidence_vector(
    text: str,
    evidence: list[Evidence],
    decisions: dict[str, LabelDecision] | None = None,
    lowered: str | None = None,
) -> list[float]:
    """The evidence of one goal as a fixed-length vector (counts, flags, log
    length); pass the rule decisions and the lower-cased text when you
    already have them."""
    row = [0.0] * len(FEATURE_NAMES)
    for item in evidence:
        label = item.label
        if label == "TIME":
            assert item.role is not None, "a time span always has a role"
            row[_TIME_ROLE[item.role]] += 1
            if item.role == "deadline" and item.value:
                row[INDEX["time_deadline_resolved"]] += 1
        elif label == "CRITERION":
            row[_CRITERION[(item.kind or "amount").removeprefix("criterion_")]] += 1
        elif label == "CONSEQUENCE":
            row[_CONSEQUENCE[item.direction or "other"]] += 1
        elif label == "FOLLOW_UP":
            row[INDEX["follow_up"]] += 1
        elif label == "VAGUE":
            row[INDEX["vague"]] += 1
            if " ".join(item.text.lower().split()) in PROCESS_CUES:
                row[INDEX["process"]] += 1
    for name, decision in (decisions or rule_decisions(evidence)).items():
        row[_RULE[name]] = float(decision.value)
    if lowered is None:
        lowered = text.lower()
    row[INDEX["first_person"]] = float(language_data().lexicon_words("first_person").occurs_in(text, lowered))
    row[INDEX["log_length"]] = math.log1p(len(text.split()))
    return row


def evidence_matrix(
    texts: list[str],
    evidence_lists: list[list[Evidence]],
    decisions: list[dict[str, LabelDecision]] | None = None,
    lowered: list[str] | None = None,
) -> np.ndarray:
    """The evidence vectors of a batch as one (goals x features) array."""
    if decisions is None:
        decisions = [rule_decisions(evidence) for evidence in evidence_lists]
    lowered_texts: Sequence[str | None] = lowered or [None] * len(texts)
    rows = [
        evidence_vector(t, e, d, low)
        for t, e, d, low in zip(texts, evidence_lists, decisions, lowered_texts, strict=True)
    ]
    return np.array(rows, dtype=np.float64).reshape(len(texts), len(FEATURE_NAMES))


# -- the consequence direction ---------------------------------------------------
# The direction model sees, besides the whole goal, the sentence that holds the
# main consequence (its n-grams, as a block of its own) and these features:
# the rules' direction of the main span and of all spans, and the part-vs-whole
# and destination cues in that sentence and in the text from the span on
# ("ledsagelsen kan bortfalde" = reduce, "§ 107 afsluttes, og der bevilges
# § 85" = transfer: label-spec Directions, GUIDELINES 24 and 43).
DIRECTION_LEXICONS = (
    "service_part",
    "lighter_form",
    "informal_help",
    "destination",
    "end_verb",
    "reduce_verb",
    "move_verb",
    "increase_verb",
    "service",
)
DIRECTION_FEATURE_NAMES = (
    *(f"main_{d}" for d in DIRECTIONS),
    "main_none",
    *(f"spans_{d}" for d in DIRECTIONS),
    "spans",
    *(f"sentence_{name}" for name in DIRECTION_LEXICONS),
    *(f"onwards_{name}" for name in DIRECTION_LEXICONS),
)
DIRECTION_INDEX = {name: i for i, name in enumerate(DIRECTION_FEATURE_NAMES)}


@cache
def _direction_lexicons() -> tuple[LexiconGroup, tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """The direction lexicons as one group, and per mask of the group's
    answer the sentence and the onwards columns it sets. A text's runs
    outside the group's ``sought`` cannot change an answer, so the group is
    asked with the few runs inside it (a two-element set instead of the
    sentence's twenty-odd)."""
    data = language_data()
    group = LexiconGroup([data.lexicon_words(name) for name in DIRECTION_LEXICONS])
    sentence = [DIRECTION_INDEX[f"sentence_{name}"] for name in DIRECTION_LEXICONS]
    onwards = [DIRECTION_INDEX[f"onwards_{name}"] for name in DIRECTION_LEXICONS]
    masks = range(1 << len(DIRECTION_LEXICONS))
    return (
        group,
        tuple(tuple(column for bit, column in enumerate(sentence) if mask >> bit & 1) for mask in masks),
        tuple(tuple(column for bit, column in enumerate(onwards) if mask >> bit & 1) for mask in masks),
    )


def direction_focus(
    text: str, evidence: list[Evidence], clauses: ClauseIndex | None = None, located: Clause | None = None
) -> tuple[str, Evidence | None]:
    """The sentence(s) holding the main consequence span (else those of the
    ``located`` clause, else the whole goal) and that span; pass the goal's
    clause index when you have it."""
    main = main_consequence(evidence)
    if main is not None:
        first, last = main.start, max(main.end - 1, main.start)
    elif located is not None:
        first, last = located[0], max(located[1] - 1, located[0])
    else:
        return text, None
    clauses = clauses or ClauseIndex.of(text)
    start, _ = clauses.sentence(first)
    _, end = clauses.sentence(last)
    return text[start:end], main


def direction_vector(
    text: str, evidence: list[Evidence], clauses: ClauseIndex | None = None, located: Clause | None = None
) -> tuple[str, list[float]]:
    """The focus text and the direction features of one goal; ``located``:
    the clause the consequence locator chose, for a goal without a rule span
    (its lexicon columns are then read from that clause's sentence on)."""
    focus, main = direction_focus(text, evidence, clauses, located)
    row = [0.0] * len(DIRECTION_FEATURE_NAMES)
    consequences = [e for e in evidence if e.label == "CONSEQUENCE"]
    row[DIRECTION_INDEX[f"main_{main.direction or 'other'}" if main is not None else "main_none"]] = 1.0
    for item in consequences:
        row[DIRECTION_INDEX[f"spans_{item.direction or 'other'}"]] += 1
    row[DIRECTION_INDEX["spans"]] = float(len(consequences))
    start = main.start if main is not None else located[0] if located is not None else None
    if start is not None:
        group, sentence_columns, onwards_columns = _direction_lexicons()
        sought = group.sought
        onwards = text[start:]
        focus_lowered, onwards_lowered = focus.lower(), onwards.lower()
        focus_runs, onwards_runs = word_runs(focus_lowered) & sought, word_runs(onwards_lowered) & sought
        for column in sentence_columns[group.found_in(focus, focus_lowered, focus_runs)]:
            row[column] = 1.0
        for column in onwards_columns[group.found_in(onwards, onwards_lowered, onwards_runs)]:
            row[column] = 1.0
    return focus, row


def direction_inputs(
    texts: list[str],
    evidence_lists: list[list[Evidence]],
    clause_indexes: Sequence[ClauseIndex | None] | None = None,
    located: Sequence[Clause | None] | None = None,
) -> tuple[list[str], np.ndarray]:
    """Focus texts and direction features of a batch (goals x features); pass
    the goals' clause indexes where the docs already have them, and the
    located consequence clauses (``ClauseScores.located``) where the model has a locator."""
    indexes = clause_indexes or [None] * len(texts)
    places = located or [None] * len(texts)
    pairs = [direction_vector(t, e, c, p) for t, e, c, p in zip(texts, evidence_lists, indexes, places, strict=True)]
    matrix = np.array([row for _, row in pairs], dtype=np.float64).reshape(len(texts), len(DIRECTION_FEATURE_NAMES))
    return [focus for focus, _ in pairs], matrix


# -- the consequence locator -------------------------------------------------------
# A model trained on the corpus's CONSEQUENCE spans scores each clause of a
# goal: does it state the service consequence? Its best clause's score is an
# evidence feature of the consequence label (a consequence in one clause of a
# long goal is diluted in the goal's n-grams), and where no rule finds the
# consequence (one goal in ten with one), the direction model reads the
# sentence of that clause.
CONSEQUENCE_CLAUSE = INDEX["consequence_clause"]
# The locator's scores are log-odds, kept within these bounds (a goal without
# a clause gets the lower one). In 5-fold cross-validation on the original
# train and dev goals (session 13) the log-odds cut the consequence label's
# errors from 57 to 43, the probability only to 51.
CLAUSE_SCORE_BOUND = 10.0


def candidate_clauses(text: str, clauses: ClauseIndex | None = None) -> list[Clause]:
    """The clauses of a goal that hold a word: what the locator chooses among."""
    index = clauses or ClauseIndex.of(text)
    bounds = [*index.clause_starts, index.length]
    return [(start, end) for start, end in pairwise(bounds) if any(char.isalnum() for char in text[start:end])]


@dataclass
class ClauseScores:
    """The locator's score of each candidate clause of a batch of goals:
    scored once, read both for the evidence column and for the located clause."""

    clauses: list[list[Clause]]  # per goal, its candidate clauses
    scores: np.ndarray  # one goal's clauses after the other
    starts: list[int]  # where each goal's scores start

    @classmethod
    def of(
        cls,
        texts: list[str],
        clause_indexes: Sequence[ClauseIndex | None] | None,
        score: Callable[[list[str], list[list[Clause]]], np.ndarray],
    ) -> ClauseScores:
        """``score``: a model's scores of each goal's clauses, one goal's
        after the other (its ``score_clauses``); pass the goals' clause
        indexes where the docs already have them."""
        indexes = clause_indexes or [None] * len(texts)
        clauses = [candidate_clauses(text, index) for text, index in zip(texts, indexes, strict=True)]
        starts = np.cumsum([0, *(len(goal) for goal in clauses)])[:-1].tolist()
        return cls(clauses, score(texts, clauses) if any(clauses) else np.zeros(0), starts)

    def best(self) -> np.ndarray:
        """Per goal, its likeliest clause's score: the evidence feature
        ``consequence_clause`` (within ``CLAUSE_SCORE_BOUND``)."""
        best = np.full(len(self.clauses), -CLAUSE_SCORE_BOUND)
        with_clauses = [row for row, goal in enumerate(self.clauses) if goal]
        if with_clauses:
            best[with_clauses] = np.maximum.reduceat(self.scores, np.array(self.starts, dtype=np.int64)[with_clauses])
        return np.clip(best, -CLAUSE_SCORE_BOUND, CLAUSE_SCORE_BOUND)

    def located(self, rows: Sequence[int], evidence_lists: list[list[Evidence]]) -> list[Clause | None]:
        """Per goal of ``rows``: its likeliest clause where no rule span states
        the consequence, else None; ``evidence_lists``: the whole batch's."""
        located: list[Clause | None] = []
        for row in rows:
            goal = self.clauses[row]
            if main_consequence(evidence_lists[row]) is not None or not goal:
                located.append(None)
            else:
                start = self.starts[row]
                located.append(goal[int(np.argmax(self.scores[start : start + len(goal)]))])
        return located


def clause_texts(texts: list[str], clauses: list[list[Clause]]) -> list[str]:
    """The text of each goal's clauses, one goal's after the other."""
    return [text[start:end] for text, goal in zip(texts, clauses, strict=True) for start, end in goal]


def with_consequence_clause(evidence: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The evidence matrix with the locator's column set (a copy)."""
    filled = evidence.copy()
    filled[:, CONSEQUENCE_CLAUSE] = scores
    return filled
