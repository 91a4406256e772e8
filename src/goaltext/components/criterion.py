"""CRITERION: the checkable measure of a goal (rules/criterion.yaml)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from goaltext.components.base import RuleExtractor
from goaltext.evidence import Evidence, evidence_of, overlaps_any
from goaltext.language import RuleMatch

TAKEN = frozenset({"CONSEQUENCE", "TIME"})


class CriterionExtractor(RuleExtractor):
    """Finds criteria; one inside a consequence or time span is not the citizen's."""

    rule_file = "criterion"

    def accept(self, doc: Doc, match: RuleMatch) -> Evidence | None:
        if overlaps_any(evidence_of(doc), match.start, match.end, TAKEN):
            return None
        return Evidence(match.start, match.end, "CRITERION", match.text, rule=match.rule.id, kind=match.rule.kind)


@Language.factory("goaltext_criterion")
def make_criterion(nlp: Language, name: str) -> CriterionExtractor:
    return CriterionExtractor(nlp, name)
