"""Evidence on the Doc: what the extractors found, and the clause structure.

Extractors *find* candidates with their rules and *write* them here, in one
place. ``doc._.goal_evidence`` keeps exact character offsets into the
original text (a rule may start or end inside a spaCy token, e.g. "85" in
"§ 85-støtten"); ``doc.spans["goaltext"]`` carries the same evidence as
token-aligned spaCy spans for displaCy and other spaCy consumers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from spacy.tokens import Doc, Span

from goaltext.schema import Context

if TYPE_CHECKING:
    from goaltext.components.labeler import EvidenceGroups

SpanLabel = Literal["TIME", "CRITERION", "CONSEQUENCE", "FOLLOW_UP", "VAGUE"]
EMPTY_CONTEXT = Context()

# A sentence ends at ., ! or ? followed by space and a capital letter, a list
# marker or a § ("... støtte. § 107-opholdet afsluttes", but not "jf. § 85"),
# or at a line break; a sub-clause also ends at , ; : and " - ". Each pattern
# opens with the one character class every break starts with, so the regex
# engine skips ahead to candidates instead of trying every alternative at
# every position (twice as fast as the plain alternation; the same breaks).
_NEXT_SENTENCE = r"(?=[A-ZÆØÅ\-•*]|(?<![jJ]f\.\s)(?<![jJ]vf\.\s)(?<![iI]ht\.\s)(?<![sS]tk\.\s)§)"
SENTENCE_BREAK = re.compile(rf"[.!?\n](?:(?<=[.!?])\s+{_NEXT_SENTENCE}|(?<=\n)\n*)")
CLAUSE_BREAK = re.compile(rf"[.!?\n,;:\s](?:(?<=[.!?])\s+{_NEXT_SENTENCE}|(?<=\n)\n*|(?<=[,;:])\s|(?<=\s)[-–]\s)")
# Only a dash before a space makes a space start a clause break; in a text
# without one, a space starts none, and the scan without that branch stops
# at punctuation and line breaks only instead of at every space (the same
# breaks in a third of the time).
CLAUSE_BREAK_WITHOUT_DASH = re.compile(rf"[.!?\n,;:](?:(?<=[.!?])\s+{_NEXT_SENTENCE}|(?<=\n)\n*|(?<=[,;:])\s)")


@dataclass(slots=True)
class Evidence:
    """One span of evidence, with offsets into the original text."""

    start: int
    end: int
    label: SpanLabel
    text: str
    rule: str
    role: str | None = None
    value: str | None = None
    direction: str | None = None
    target: str | None = None
    id: str = ""
    kind: str | None = None
    specificity: int = 0

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def dash_before_space(text: str) -> bool:
    """Whether a "-" or "–" stands right before whitespace (regex ``[-–]\\s``;
    ``\\s`` is ``str.isspace`` in a str pattern). ``str.find`` jumps from dash
    to dash in half the time the regex search takes (0.4 instead of 0.8 us
    a text; every goal of the benchmark has a dash, in "(sag r0-1)")."""
    for dash in "-–":
        position = text.find(dash)
        while position >= 0:
            if text[position + 1 : position + 2].isspace():
                return True
            position = text.find(dash, position + 1)
    return False


@dataclass(slots=True)
class ClauseIndex:
    """Boundaries of sentences and sub-clauses, for 'in the same clause' tests."""

    sentence_starts: list[int]
    clause_starts: list[int]
    length: int

    @classmethod
    def of(cls, text: str) -> ClauseIndex:
        sentences = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
        breaks = CLAUSE_BREAK if dash_before_space(text) else CLAUSE_BREAK_WITHOUT_DASH
        clauses = [0] + [m.end() for m in breaks.finditer(text)]
        return cls(sentences, clauses, len(text))

    @staticmethod
    def _bounds(starts: list[int], position: int, length: int) -> tuple[int, int]:
        index = bisect_right(starts, position) - 1
        end = starts[index + 1] if index + 1 < len(starts) else length
        return starts[index], end

    def sentence(self, position: int) -> tuple[int, int]:
        return self._bounds(self.sentence_starts, position, self.length)

    def clause(self, position: int) -> tuple[int, int]:
        return self._bounds(self.clause_starts, position, self.length)

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause(a) == self.clause(b)


@dataclass(slots=True)
class GoalState:
    """Everything goaltext keeps on one Doc, in one plain object.

    Components read and write it through ``state_of(doc)``; a dict lookup is
    far cheaper on the hot path than spaCy's ``doc._`` attributes, which stay
    available to other spaCy code as read-only views of the same state.
    """

    text: str
    context: Context = field(default_factory=lambda: EMPTY_CONTEXT)
    lowered: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    clauses: ClauseIndex | None = None
    labels_only: bool = False  # only the label decisions are wanted (no cues, no direction)
    labels: dict[str, Any] | None = None
    direction: str | None = None  # the model's consequence direction, when a model decided
    direction_probability: float | None = None  # and how likely the model finds it
    # The final evidence sorted by labeler.EvidenceGroups, kept by the
    # classifier so the summary does not sort it again (about 1 us per goal).
    groups: EvidenceGroups | None = None

    def __post_init__(self) -> None:
        self.lowered = self.text.lower()  # what the rules match on (language.FoldedRegex)


STATE_KEY = "goaltext"


def state_of(doc: Doc) -> GoalState:
    state = doc.user_data.get(STATE_KEY)
    if state is None:
        state = doc.user_data[STATE_KEY] = GoalState(doc.text)
    return state


def register_extensions() -> None:
    """Read-only ``doc._`` views of the goaltext state (idempotent)."""
    views = {
        "goal_evidence": lambda doc: state_of(doc).evidence,
        "goal_context": lambda doc: state_of(doc).context,
        "goal_labels": lambda doc: state_of(doc).labels,
        "goal_spans": token_spans,
    }
    for name, getter in views.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)


def evidence_of(doc: Doc) -> list[Evidence]:
    return state_of(doc).evidence


def clauses_of(doc: Doc) -> ClauseIndex:
    state = state_of(doc)
    if state.clauses is None:
        state.clauses = ClauseIndex.of(state.text)
    return state.clauses


def context_of(doc: Doc) -> Context:
    return state_of(doc).context


def overlaps_any(evidence: list[Evidence], start: int, end: int, labels: frozenset[str]) -> bool:
    """Whether evidence with one of ``labels`` already covers part of [start, end)."""
    return any(e.label in labels and e.overlaps(start, end) for e in evidence)


_POSITION = attrgetter("start", "end")
_IDS = tuple(f"s{number}" for number in range(1, 33))  # the ids of most goals' evidence, made once


def finalise_evidence(doc: Doc) -> list[Evidence]:
    """Sort the evidence by position and number it s1, s2, ..."""
    evidence = state_of(doc).evidence
    evidence.sort(key=_POSITION)
    for index, item in enumerate(evidence):
        item.id = _IDS[index] if index < len(_IDS) else f"s{index + 1}"
    return evidence


def token_spans(doc: Doc) -> list[Span]:
    """The evidence as token-aligned spaCy spans (for displaCy and other spaCy
    code). Built on request, not on the hot path: ``doc._.goal_spans``, or
    ``doc.spans["goaltext"]`` when the labeler is configured to write it."""
    spans = []
    for item in evidence_of(doc):
        span = doc.char_span(item.start, item.end, label=item.label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


register_extensions()
