"""CONSEQUENCE: what reaching the goal means for the service (rules/consequence.yaml).

A change verb alone says nothing about the service ("reducere sit forbrug"),
so a rule that is not self-contained needs a service mention (a service noun,
a package, a § number) within its window of words in the same clause. A
negation before the verb in the same clause cancels it ("kan ikke reduceres
endnu"). The direction comes from the rule, or from the target when the rule
says ``by_target`` (lighter package = reduce) or ``by_numbers`` (fewer hours).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from goaltext.components.base import RuleExtractor
from goaltext.evidence import Evidence, clauses_of, context_of, state_of
from goaltext.language import FoldedRegex, RuleMatch, language_data

WORD = re.compile(r"\w+")
COMPLEMENT = re.compile(r"\s*(?:at|om)\s", re.I)
PACKAGE = re.compile(r"(?:ydelses)?pakke\s*(?:nr\.\s*)?(\d+|[a-e])(?!\w)|(?:funktions|visitations)?niveau\s*(\d)", re.I)
PARAGRAPH = re.compile(r"§\s*(\d+)\s*([a-e](?!\w))?", re.I)
HOURS = re.compile(r"(\d+(?:[,.]\d+)?)\s*(?:timer|t\.|besøg|gange|støttetimer|dage)", re.I)


@dataclass(slots=True)
class ServiceMention:
    start: int
    end: int
    name: str


def package_level(text: str | None) -> float | None:
    """'ydelsespakke 3' -> 3, 'pakke B' -> 2, 'niveau 2' -> 2 (lower is lighter)."""
    if not text:
        return None
    found = PACKAGE.search(text)
    if not found:
        return None
    token = (found.group(1) or found.group(2)).lower()
    return float(token) if token.isdigit() else float(ord(token) - ord("a") + 1)


def hours_amount(text: str | None) -> float | None:
    if not text:
        return None
    found = HOURS.search(text)
    if found:
        return float(found.group(1).replace(",", "."))
    number = language_data().lookup("number", text.split()[0]) if text.split() else None
    if number is not None:
        return float(number)
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def canonical_target(text: str) -> str:
    """A readable target: '§ 85-støtten' -> '§ 85', 'bostøtten' -> 'bostøtte'."""
    cleaned = " ".join(text.split()).strip(" ,.")
    paragraph = PARAGRAPH.fullmatch(cleaned) or re.fullmatch(r"(§\s*\d+\s*[a-e]?)-\w+", cleaned, re.I)
    if paragraph:
        return re.sub(
            r"§\s*(\d+)\s*([a-e]?)",
            lambda m: f"§ {m.group(1)}{(' ' + m.group(2)) if m.group(2) else ''}",
            paragraph.group(0).split("-")[0],
        ).strip()
    service = language_data().lookup("service", cleaned)
    if isinstance(service, str):
        return service
    last_word = cleaned.split()[-1] if cleaned.split() else cleaned
    service = language_data().lookup("service", last_word)
    if isinstance(service, str) and len(cleaned.split()) <= 2:
        return " ".join([*cleaned.split()[:-1], service]).lower()
    return cleaned.lower() if not PACKAGE.search(cleaned) else cleaned


SPECIFICITY = {"by_numbers": 3, "by_target": 2}
DETERMINISTIC = 2  # from here up a rule compared packages or hours: its direction is not a guess


def merge(first: Evidence, second: Evidence, text: str) -> Evidence:
    """One consequence from two overlapping finds ("reduceres bostøtten" and
    "fra 4 til 2 timer"): the union of both, with the direction and target of
    the more specific rule (numbers, then target, then the later verb)."""
    start, end = min(first.start, second.start), max(first.end, second.end)
    best = second if second.specificity >= first.specificity else first
    return Evidence(
        start,
        end,
        "CONSEQUENCE",
        text[start:end],
        rule=best.rule,
        direction=best.direction,
        target=best.target or first.target or second.target,
        specificity=best.specificity,
    )


class ConsequenceExtractor(RuleExtractor):
    """Finds stated changes to the service and their direction and target."""

    rule_file = "consequence"

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.service_regex = self.data.compile_lexicon("service")
        self.negation_regex = self.data.compile_lexicon("negation")
        paragraph = self.data.rule_file("consequence").fragments["paragraph"]
        package = self.data.rule_file("consequence").fragments["package"]
        self.mention_regex = FoldedRegex(rf"(?<!\w)(?:{paragraph}|{package})")

    def find(self, doc: Doc) -> Iterator[Evidence]:
        state = state_of(doc)
        text = state.text
        mentions = self._service_mentions(text, state.lowered)
        found: list[Evidence] = []
        for match in self.rules.finditer(text, state.lowered):
            evidence = self._accept(doc, match, mentions, found)
            if evidence is None:
                continue
            previous = found[-1] if found else None
            if previous is not None and previous.overlaps(evidence.start, evidence.end):
                found[-1] = merge(previous, evidence, text)
            else:
                found.append(evidence)
        return iter(found)

    def _service_mentions(self, text: str, lowered: str) -> list[ServiceMention]:
        """Service nouns, packages and § numbers; a noun inside a § mention
        ("støtten" in "§ 85-støtten") gives way to the § mention."""
        specific = [
            ServiceMention(m.start(), m.end(), text[m.start() : m.end()])
            for m in self.mention_regex.finditer(text, lowered)
        ]
        nouns = [
            ServiceMention(m.start(), m.end(), text[m.start() : m.end()])
            for m in self.service_regex.finditer(text, lowered)
            if not any(s.start <= m.start() and m.end() <= s.end for s in specific)
        ]
        return specific + nouns

    def _accept(
        self, doc: Doc, match: RuleMatch, mentions: list[ServiceMention], found: list[Evidence]
    ) -> Evidence | None:
        rule = match.rule
        text = state_of(doc).text
        clauses = clauses_of(doc)
        clause_start, clause_end = clauses.clause(match.start)
        if self._negated(text[clause_start : match.start]):
            return None
        if clause_start > 0 and COMPLEMENT.match(text, clause_start):
            # "Det forventes ikke, at hjemmehjælpen kan afsluttes": the
            # negated main clause governs its at-clause.
            matrix_start, _ = clauses.clause(clause_start - 1)
            if self._negated(text[matrix_start:clause_start]):
                return None
        mention = None
        if not rule.self_contained:
            inside, mention = self._nearest_mention(text, match, mentions, (clause_start, clause_end), rule.window)
            has_own_target = rule.direction == "by_target" and "target" in match.groups
            if mention is None and not inside and not has_own_target:
                return None
        start, end = match.start, match.end
        if mention is not None and mention.end <= match.start:
            if not any(e.overlaps(mention.start, match.start) for e in found):
                start = mention.start
        elif mention is not None and "target" not in match.groups:
            end = mention.end  # "reduceres bostøtten": the service named after the verb
        target_text, target_end = self._target(text, match, mention, clause_end)
        end = max(end, target_end)
        direction = self._direction(doc, rule.direction or "other", match, target_text)
        if direction is None:
            return None
        target = canonical_target(target_text) if target_text else None
        specificity = SPECIFICITY.get(rule.direction or "", 1 if rule.self_contained else 0)
        return Evidence(
            start,
            end,
            "CONSEQUENCE",
            text[start:end],
            rule=rule.id,
            direction=direction,
            target=target,
            specificity=specificity,
        )

    def _negated(self, before: str) -> bool:
        return self.negation_regex.search(before) is not None

    @staticmethod
    def _nearest_mention(
        text: str, match: RuleMatch, mentions: list[ServiceMention], clause: tuple[int, int], window: int
    ) -> tuple[bool, ServiceMention | None]:
        """Whether the match names a service itself, and the nearest service
        mention outside it within ``window`` words in the same clause."""
        clause_start, clause_end = clause
        inside = False
        best: tuple[int, ServiceMention] | None = None
        for mention in mentions:
            if mention.start < clause_start or mention.end > clause_end:
                continue
            if match.start <= mention.start < match.end:
                inside = True
                continue
            between = text[mention.end : match.start] if mention.end <= match.start else text[match.end : mention.start]
            distance = len(WORD.findall(between))
            if distance <= window and (best is None or distance < best[0]):
                best = (distance, mention)
        return inside, (best[1] if best else None)

    def _target(
        self, text: str, match: RuleMatch, mention: ServiceMention | None, clause_end: int
    ) -> tuple[str | None, int]:
        """The target the rule captured, else one right after the verb
        ("reduceres til 2 timer", "afsluttes"), else the service mentioned."""
        if "target" in match.groups:
            return match.groups["target"], match.end
        following = text[match.end : clause_end]
        found = re.match(
            r"\s+(?:\w+\s+){0,3}?(?:fra\s+\S+(?:\s+\S+)?\s+)?til\s+((?:\d+(?:[,.]\d+)?\s*(?:timer|t\.|besøg)"
            r"(?:\s+(?:om|pr\.?|per|i)\s+(?:ugen|uge|måneden|måned))?)|(?:ydelses)?pakke\s*\S+|niveau\s*\d|§\s*\d+\s*[a-e]?)",
            following,
            re.I,
        )
        if found:
            return found.group(1), match.end + found.end()
        if mention is not None:
            return mention.name, 0
        return None, 0

    def _direction(self, doc: Doc, rule_direction: str, match: RuleMatch, target: str | None) -> str | None:
        if rule_direction == "by_numbers":
            source, goal = hours_amount(match.groups.get("source")), hours_amount(target)
            if source is None or goal is None or source == goal:
                return "other"
            return "reduce" if goal < source else "increase"
        if rule_direction != "by_target":
            return rule_direction
        comparative = next(
            (
                language_data().lookup("package_comparative", word)
                for word in (target or "").lower().split()
                if language_data().lookup("package_comparative", word)
            ),
            None,
        )
        if comparative:
            return comparative
        target_level = package_level(target)
        if target_level is not None:
            current = package_level(match.groups.get("source")) or package_level(context_of(doc).current_package)
            if current is not None and target_level > current:
                return "increase"
            if current is not None and target_level == current:
                return None
            return "reduce"
        if target and HOURS.match(target.strip()):
            current_hours = hours_amount(match.groups.get("source")) or context_of(doc).hours_per_week
            goal = hours_amount(target)
            if current_hours is not None and goal is not None and goal > current_hours:
                return "increase"
            return "reduce"
        return "transfer"


@Language.factory("goaltext_consequence")
def make_consequence(nlp: Language, name: str) -> ConsequenceExtractor:
    return ConsequenceExtractor(nlp, name)
