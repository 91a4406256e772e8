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
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc

from goaltext.schema import Context

SpanLabel = Literal["TIME", "CRITERION", "CONSEQUENCE", "FOLLOW_UP", "VAGUE"]
SPAN_GROUP = "goaltext"
EMPTY_CONTEXT = Context()

# A sentence ends at ., ! or ? followed by space and a capital letter or a
# list marker, or at a line break; a sub-clause also ends at , ; : and " - ".
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\-•*])|\n+|(?<=[.!?])$")
CLAUSE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\-•*])|\n+|[,;:]\s|\s[-–]\s")


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


@dataclass(slots=True)
class ClauseIndex:
    """Boundaries of sentences and sub-clauses, for 'in the same clause' tests."""

    sentence_starts: list[int]
    clause_starts: list[int]
    length: int

    @classmethod
    def of(cls, text: str) -> ClauseIndex:
        sentences = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
        clauses = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)]
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


def register_extensions() -> None:
    """Register the Doc attributes goaltext uses (idempotent)."""
    for name in ("goal_evidence", "goal_context", "goal_clauses", "goal_labels"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def evidence_of(doc: Doc) -> list[Evidence]:
    if doc._.goal_evidence is None:
        doc._.goal_evidence = []
    return doc._.goal_evidence


def clauses_of(doc: Doc) -> ClauseIndex:
    if doc._.goal_clauses is None:
        doc._.goal_clauses = ClauseIndex.of(doc.text)
    return doc._.goal_clauses


def context_of(doc: Doc) -> Context:
    if doc._.goal_context is None:
        doc._.goal_context = EMPTY_CONTEXT
    return doc._.goal_context


def write_evidence(doc: Doc, found: list[Evidence]) -> None:
    """Add an extractor's findings to the Doc."""
    evidence_of(doc).extend(found)


def overlaps_any(doc: Doc, start: int, end: int, labels: frozenset[str]) -> bool:
    """Whether evidence with one of ``labels`` already covers part of [start, end)."""
    return any(e.label in labels and e.overlaps(start, end) for e in evidence_of(doc))


def finalise_evidence(doc: Doc) -> list[Evidence]:
    """Sort the evidence by position, number it s1, s2, ... and mirror it as
    token-aligned spaCy spans in ``doc.spans["goaltext"]``."""
    evidence = evidence_of(doc)
    evidence.sort(key=lambda e: (e.start, e.end))
    spans = []
    for number, item in enumerate(evidence, start=1):
        item.id = f"s{number}"
        span = doc.char_span(item.start, item.end, label=item.label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[SPAN_GROUP] = spans
    return evidence


register_extensions()
