"""TIME: time expressions with their role and ISO value (rules/time.yaml)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from goaltext.components.base import RuleExtractor
from goaltext.evidence import Evidence, clauses_of, overlaps_any, state_of
from goaltext.language import RuleMatch
from goaltext.normalize import NORMALISERS, ImplausibleTimeError

SERVICE_SPANS = frozenset({"CONSEQUENCE"})
WORD = re.compile(r"\w+")


class TimeExtractor(RuleExtractor):
    """Finds time expressions, normalises them and decides their role.

    A deadline, or an interval such as "hver 3. måned", in the same clause as
    a follow-up cue ("Der følges op efter 4 mdr.") is a follow-up time. A
    frequency inside a consequence ("fra 4 til 2 timer om ugen") describes
    the service, not the goal, and is left to the consequence.
    """

    rule_file = "time"
    service_window = 6

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.service_regex = self.data.compile_lexicon("service", prefiltered=True)  # the consequence extractor's

    def accept(self, doc: Doc, match: RuleMatch) -> Evidence | None:
        rule = match.rule
        if rule.service_before and not self._service_just_before(doc, match):
            return None  # "stoffri i 3 måneder" is a criterion, "behandling i 12 uger" a course
        state = state_of(doc)  # looked up once for the context and the evidence
        try:
            value = NORMALISERS[rule.kind or "vague"](match.groups, self.data, state.context.reference_date)
        except ImplausibleTimeError:
            return None
        role = rule.role or "deadline"
        evidence = state.evidence
        if role == "frequency" and value is None and overlaps_any(evidence, match.start, match.end, SERVICE_SPANS):
            return None
        if (role == "deadline" or (role == "frequency" and value)) and self._in_follow_up_clause(doc, evidence, match):
            role = "follow_up"
        return Evidence(
            match.start, match.end, "TIME", match.text, rule=rule.id, role=role, value=value, kind=rule.kind
        )

    def _service_just_before(self, doc: Doc, match: RuleMatch) -> bool:
        state = state_of(doc)
        clause_start, _ = clauses_of(doc).clause(match.start)
        before = state.lowered[clause_start : match.start]
        last = None
        for found in self.service_regex.finditer(before, before):
            last = found
        return last is not None and len(WORD.findall(before[last.end() :])) <= self.service_window

    @staticmethod
    def _in_follow_up_clause(doc: Doc, evidence: list[Evidence], match: RuleMatch) -> bool:
        # Most goals have no follow-up cue: then no clause index is needed.
        cues = [e.start for e in evidence if e.label == "FOLLOW_UP"]
        if not cues:
            return False
        clauses = clauses_of(doc)
        clause = clauses.clause(match.start)
        return any(clauses.clause(start) == clause for start in cues)


@Language.factory("goaltext_time")
def make_time(nlp: Language, name: str) -> TimeExtractor:
    return TimeExtractor(nlp, name)
