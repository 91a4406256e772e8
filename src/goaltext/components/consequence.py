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
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from goaltext.components.base import RuleExtractor
from goaltext.evidence import Evidence, clauses_of, context_of, state_of
from goaltext.language import REQUIREMENT_PREFIX_LENGTH, FoldedRegex, RuleMatch, alternation, language_data
from goaltext.prefilter import literal_prefixes

WORD = re.compile(r"\w+")
COMPLEMENT = re.compile(r"\s*(?:at|om)\s", re.I)
PARAGRAPH = re.compile(r"§\s*(\d+)\s*([a-e](?!\w))?", re.I)
LEVEL = re.compile(r"(\d+|[a-e])\W*$", re.I)
NUMBER = re.compile(r"\d+(?:[,.]\d+)?")
PARAGRAPH_COMPOUND = re.compile(r"(§\s*\d+\s*[a-e]?)-\w+", re.I)
PARAGRAPH_PARTS = re.compile(r"§\s*(\d+)\s*([a-e]?)")
NEXT_WORDS = re.compile(r"(?:\s+\S+){0,4}")
EVERY_NTH_END = re.compile(r"hver\s+\d+\.$")
TARGET_AFTER_VERB = re.compile(
    r"\s+(?:\w+\s+){0,3}?(?:fra\s+\S+(?:\s+\S+)?\s+)?til\s+((?:\d+(?:[,.]\d+)?\s*(?:timer|t\.|besøg)"
    r"(?:\s+(?:om|pr\.?|per|i)\s+(?:ugen|uge|måneden|måned))?)|(?:ydelses)?pakke\s*\S+|niveau\s*\d|§\s*\d+\s*[a-e]?)",
    re.I,
)
COMPOUND_LEAD = r"[\w'-]*"  # how the compound fragment starts: the word before its service head
WEEKS_PER_UNIT = {"D": 1 / 7, "W": 1.0, "M": 4.33, "Q": 13.0, "Y": 52.0}


@cache
def _fragment(name: str) -> FoldedRegex:
    """A fragment of rules/consequence.yaml as a regex of its own."""
    data = language_data()
    fragments = data.rule_file("consequence").fragments
    return FoldedRegex(data.expand(f"<<{name}>>", fragments, f"rules/consequence.yaml fragment {name!r}"))


@dataclass(slots=True)
class ServiceMention:
    start: int
    end: int
    name: str


def _spans(regex: FoldedRegex, text: str, lowered: str) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _ in regex.matches(text, lowered)]


def package_level(text: str | None) -> float | None:
    """'ydelsespakke 3' -> 3, 'pakke B' -> 2, 'niveau 2' -> 2, 'takst 3' -> 3
    (lower is lighter)."""
    if not text:
        return None
    found = _fragment("package").search(text)
    if not found:
        return None
    level = LEVEL.search(found.group(0))
    if not level:
        return None
    token = level.group(1).lower()
    return float(token) if token.isdigit() else float(ord(token) - ord("a") + 1)


def _number(token: str) -> float | None:
    token = token.strip().lstrip("x").replace(",", ".")
    try:
        return float(token)
    except ValueError:
        value = language_data().lookup("number", token)
        return float(value) if value is not None else None


def hours_amount(text: str | None) -> float | None:
    if not text:
        return None
    found = _fragment("hours").search(text)
    if found:
        number = NUMBER.search(found.group(0))
        if number:
            return float(number.group(0).replace(",", "."))
        return _number(found.group(0).split()[0])
    return _number(text.split()[0]) if text.split() else None


@cache
def _unit_at_word_end() -> re.Pattern[str]:
    """Any unit (lexicon unit) that ends a run of word characters."""
    units = [unit for unit in language_data().entries("unit") if WORD.fullmatch(unit)]
    return re.compile(f"(?:{alternation(units)})(?!\\w)")


@cache
def _rate_openers() -> frozenset[str]:
    """The first word of every phrase of the frequency_rate lexicon."""
    return frozenset(phrase.split()[0] for phrase in language_data().entries("frequency_rate"))


def weekly_rate(text: str | None) -> float | None:
    """Occasions per week of a frequency ('hver 3. uge' -> 1/3, 'daglig' -> 7,
    '2 gange om ugen' -> 2), from the frequency_rate and unit lexicons."""
    if not text:
        return None
    lowered = " ".join(text.lower().split())
    data = language_data()
    every = _fragment("every_nth").search(lowered)
    if every and data.lookup("unit", every.group("unit")):
        return 1 / (float(every.group("count")) * WEEKS_PER_UNIT[data.lookup("unit", every.group("unit"))])
    # The count counts only when its unit (the word run's end after "om",
    # "pr." ...) is a unit: where no unit ends a word run, the search, which
    # tries every start in every word, is skipped (2.7 us a call; most
    # targets, "fleksjob" or "3", have none).
    count = _fragment("count_per").search(lowered) if _unit_at_word_end().search(lowered) else None
    if count and data.lookup("unit", count.group("unit")):
        amount = _number(count.group("count"))
        if amount is not None:
            return amount / WEEKS_PER_UNIT[data.lookup("unit", count.group("unit"))]
    rates = data.entries("frequency_rate")
    words = lowered.split()
    # A window can be a phrase only where one of its words opens one, once
    # the window's ends are trimmed of "," and "."; most targets have no such
    # word and no such end, and then none of the windows (0.3 us each, ten for
    # four words) is looked up.
    if _rate_openers().isdisjoint(words) and not any(word[0] in ",." or word[-1] in ",." for word in words):
        return None
    for size in (4, 3, 2, 1):
        for index in range(len(words) - size + 1):
            # What data.lookup would do: the words are lower case already and
            # joined by single spaces, so only the ends need trimming.
            value = rates.get(" ".join(words[index : index + size]).strip(",.").strip())
            if value is not None:
                return float(value)
    return None


def canonical_target(text: str) -> str:
    """A readable target: '§ 85-støtten' -> '§ 85', 'bostøtten' -> 'bostøtte'."""
    cleaned = " ".join(text.split()).strip(" ,.")
    paragraph = PARAGRAPH.fullmatch(cleaned) or PARAGRAPH_COMPOUND.fullmatch(cleaned)
    if paragraph:
        return PARAGRAPH_PARTS.sub(
            lambda m: f"§ {m.group(1)}{(' ' + m.group(2)) if m.group(2) else ''}",
            paragraph.group(0).split("-")[0],
        ).strip()
    # ``data.lookup`` of text already single-spaced: its entries' ``get`` of the lower case.
    services = language_data().entries("service")
    service = services.get(cleaned.lower())
    if isinstance(service, str):
        return service
    last_word = cleaned.split()[-1] if cleaned.split() else cleaned
    service = services.get(last_word.lower())
    if isinstance(service, str) and len(cleaned.split()) <= 2:
        return " ".join([*cleaned.split()[:-1], service]).lower()
    return cleaned.lower() if not _fragment("package").search(cleaned) else cleaned


SPECIFICITY = {"by_numbers": 3, "by_target": 2}
DETERMINISTIC = 2  # from here up a rule is sure of its direction (the rules-only labeler reports it as is)
GUESS = "guess"  # rules/consequence.yaml: a rule with `kind: guess` leaves the direction to the model


def specificity_of(rule_direction: str | None, kind: str | None, self_contained: bool) -> int:
    """How sure a rule is of its direction: 3 when it compared numbers, 2 when
    it compared packages or targets or its phrase fixes the direction, below
    DETERMINISTIC for a rule marked ``kind: guess``."""
    if kind == GUESS:
        return 1 if self_contained else 0
    return SPECIFICITY.get(rule_direction or "", DETERMINISTIC)


def merge(first: Evidence, second: Evidence, text: str) -> Evidence:
    """One consequence from two overlapping finds ("reduceres bostøtten" and
    "fra 4 til 2 timer"): the union of both, with the direction and target of
    the more specific rule (numbers, then target, then the later verb)."""
    start, end = min(first.start, second.start), max(first.end, second.end)
    best = second if second.specificity >= first.specificity else first
    if second.specificity == first.specificity and second.direction == "increase" != first.direction:
        best = first  # "bortfalder de ekstra timer": the ending, not the extra hours
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
        self.service_regex = self.data.compile_lexicon("service", prefiltered=True)  # scanned across the text
        self.negation_regex = self.data.compile_lexicon("negation")
        fragments = self.data.rule_file("consequence").fragments
        where = "rules/consequence.yaml fragments"
        paragraph, package = fragments["paragraph"], fragments["package"]
        mention = self.data.expand(f"{paragraph}|{package}", fragments, where)
        self.mention_regex = FoldedRegex.at_word_starts(mention)
        # Every § number or package starts with one of a few strings ("§",
        # "pakk", "nive", ...): most texts have none, and ``in`` rules that out
        # faster than the scan (2.7 us a text).
        self.mention_prefixes = literal_prefixes(mention, REQUIREMENT_PREFIX_LENGTH)
        self.compound_regex = FoldedRegex(self.data.expand(r"(?<!\w)<<compound>>", fragments, where))
        compound = fragments["compound"]
        self.compound_tail = (
            re.compile(self.data.expand(compound.removeprefix(COMPOUND_LEAD), fragments, where))
            if compound.startswith(COMPOUND_LEAD)
            else None
        )
        self.part_regex = _fragment("part")
        self.citizen_move_regex = re.compile(self.data.expand("<<citizen_move>>", fragments, where))
        self.lead_regex = FoldedRegex(self.data.expand(r"(?<!\w)<<subject_lead>>$", fragments, where))
        self.continuation_regex = _fragment("continuation")
        self.informal_regex = self.data.compile_lexicon("informal_help")
        self.comparatives = (self.data.entries("package_comparative"), self.data.entries("lighter_form"))
        coordination = self.data.expand(r"(?<!\w)<<coordination>>\s+(?:\S+\s+){0,3}$", fragments, where)
        self.coordination_regex = FoldedRegex(coordination)
        self.pronoun_regex = FoldedRegex(self.data.expand(r"(?<!\w)<<pronoun_subject>>(?!\w)", fragments, where))

    def evidence_from(self, doc: Doc, matches: list[RuleMatch]) -> list[Evidence]:
        """The consequences of the candidates, weighed together (service
        mentions are found once per goal) and merged where they touch."""
        state = state_of(doc)
        text = state.text
        # Service mentions matter only to rules that need a service nearby;
        # most goals have no such candidate, so the three scans are skipped.
        needs_mentions = any(not match.rule.self_contained for match in matches)
        mentions = self._service_mentions(text, state.lowered) if needs_mentions else []
        found: list[Evidence] = []
        for match in matches:
            evidence = self._accept(doc, match, mentions, found)
            if evidence is None:
                continue
            previous = found[-1] if found else None
            adjacent = previous is not None and not text[previous.end : evidence.start].strip()
            if previous is not None and (adjacent or previous.overlaps(evidence.start, evidence.end)):
                found[-1] = merge(previous, evidence, text)
            else:
                found.append(evidence)
        return found

    def _service_mentions(self, text: str, lowered: str) -> list[ServiceMention]:
        """Service nouns, packages and § numbers; a noun inside a § mention
        ("støtten" in "§ 85-støtten") gives way to the § mention, and a
        compound that starts inside another mention to that mention."""
        prefixes = self.mention_prefixes
        may_mention = prefixes is None or len(lowered) != len(text) or any(prefix in lowered for prefix in prefixes)
        specific = (
            [ServiceMention(start, end, text[start:end]) for start, end in _spans(self.mention_regex, text, lowered)]
            if may_mention
            else []
        )
        nouns = [
            ServiceMention(start, end, text[start:end])
            for start, end in _spans(self.service_regex, text, lowered)
            if not any(s.start <= start and end <= s.end for s in specific)
        ]
        taken = specific + nouns
        compounds = [
            ServiceMention(start, end, text[start:end])
            for start, end in self._compound_spans(text, lowered)
            if not any(t.start <= start < t.end for t in taken)
        ]
        return taken + compounds

    def _compound_spans(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """The compound regex's matches, found from its tail (service head and
        ending): a match is a run of word characters, hyphens and apostrophes
        that ends in a tail, so none starts before the run of the first tail
        found (searched fast for its first letters), and the full regex, which
        backtracks through every word of the text, runs from the space before
        it. Same matches as its ``finditer``, in about two thirds of the time."""
        if self.compound_tail is None or len(lowered) != len(text):
            return _spans(self.compound_regex, text, lowered)
        spans = []
        position = 0
        search, tail = self.compound_regex.folded.search, self.compound_tail.search
        while (found := tail(lowered, position)) is not None:
            match = search(lowered, max(position, lowered.rfind(" ", 0, found.start()) + 1))
            if match is None:
                break
            spans.append(match.span())
            position = match.end()
        return spans

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
            if (
                mention is None
                and not inside
                and not has_own_target
                and not self._shared_subject(doc, match, found, mentions)
            ):
                return None
        start, end = match.start, match.end
        if mention is not None and mention.end <= match.start:
            if not any(e.overlaps(mention.start, match.start) for e in found):
                start = mention.start
                lead = self.lead_regex.search(text[clause_start:start])
                if lead and not any(e.overlaps(clause_start + lead.start(), start) for e in found):
                    start = clause_start + lead.start()  # "Hjælpen til tøjvask afsluttes"
        elif mention is not None and "target" not in match.groups:
            end = mention.end  # "reduceres bostøtten": the service named after the verb
        if not match.groups.get("source") and self.citizen_move_regex.fullmatch(match.text.lower()):
            return None  # "Borgeren flytter i egen bolig": the citizen moves, the service is not named
        target_text, target_end = self._target(text, match, mention, clause_end)
        end = max(end, target_end)
        direction = self._direction(doc, rule.direction or "other", match, target_text)
        if direction is None:
            return None
        if direction == "end" and self._part_only(doc, start, end):
            direction = "reduce"  # "Hjælpen til tøjvask afsluttes, mens rengøring fortsætter"
        target = canonical_target(target_text) if target_text else None
        specificity = specificity_of(rule.direction, rule.kind, rule.self_contained)
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

    def _shared_subject(
        self, doc: Doc, match: RuleMatch, found: list[Evidence], mentions: list[ServiceMention]
    ) -> bool:
        """A verb without a service of its own that shares one: coordinated with
        an earlier consequence in the same sentence ("nedtrappes ... og ophører
        derefter"), or with a pronoun subject ("forventes den afsluttet") after
        a sentence that names the service."""
        text = state_of(doc).text
        clause_start, _ = clauses_of(doc).clause(match.start)
        before = WORD.findall(text[clause_start : match.start].lower())
        elided = match.rule.direction in ("reduce", "end")
        if elided and all(self.data.lookup("clause_filler", word) for word in before):
            return True  # "Kan reduceres", "Herefter forventes afsluttet": the subject is elided
        sentence_start, _ = clauses_of(doc).sentence(match.start)
        if any(sentence_start <= e.start < match.start for e in found):
            return self.coordination_regex.search(text[sentence_start : match.start]) is not None
        window = text[max(sentence_start, match.start - 20) : match.end + 8]
        return self.pronoun_regex.search(window) is not None and any(m.start < sentence_start for m in mentions)

    def _negated(self, before: str) -> bool:
        return self.negation_regex.search(before) is not None

    def _part_only(self, doc: Doc, start: int, end: int) -> bool:
        """Whether an ending concerns one part of the service: its phrase (and
        the words right after it) names a part, or the sentence says the rest
        goes on."""
        text = state_of(doc).text
        _, clause_end = clauses_of(doc).clause(start)
        after = text[end:clause_end]
        following = NEXT_WORDS.match(after)
        phrase = text[start : end + (following.end() if following else 0)]
        if self.part_regex.search(phrase):
            return True
        _, sentence_end = clauses_of(doc).sentence(start)
        return self.continuation_regex.search(text[start:sentence_end]) is not None

    @staticmethod
    def _nearest_mention(
        text: str, match: RuleMatch, mentions: list[ServiceMention], clause: tuple[int, int], window: int
    ) -> tuple[bool, ServiceMention | None]:
        """Whether the match names a service itself, and the nearest service
        mention outside it within ``window`` words in the same clause."""
        clause_start, clause_end = clause
        inside = False
        best: tuple[float, ServiceMention] | None = None
        for mention in mentions:
            if mention.start < clause_start or mention.end > clause_end:
                continue
            if match.start <= mention.start < match.end:
                inside = True
                continue
            between = text[mention.end : match.start] if mention.end <= match.start else text[match.end : mention.start]
            # on a tie the service before the verb (its subject) wins
            distance = len(WORD.findall(between)) + (0.5 if mention.start >= match.end else 0)
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
        found = TARGET_AFTER_VERB.match(following)
        if found:
            return found.group(1), match.end + found.end()
        if mention is not None:
            return mention.name, 0
        return None, 0

    @staticmethod
    def _compare(source_text: str | None, target: str | None) -> str | None:
        """reduce/increase from the amounts or frequencies before and after,
        None when they cannot be compared."""
        if not source_text or not target:
            return None
        if EVERY_NTH_END.search(source_text.strip()) and target.split():
            source_text = f"{source_text.strip()} {target.split()[-1]}"  # "fra hver 2. til hver 3. uge"
        source_rate, goal_rate = weekly_rate(source_text), weekly_rate(target)
        bare_numbers = NUMBER.match(source_text.strip()) and NUMBER.match(target.strip())
        if source_rate is not None and goal_rate is not None and source_rate != goal_rate and not bare_numbers:
            return "reduce" if goal_rate < source_rate else "increase"
        source, goal = hours_amount(source_text), hours_amount(target)
        if source is None or goal is None or source == goal:
            return None
        return "reduce" if goal < source else "increase"

    def _direction(self, doc: Doc, rule_direction: str, match: RuleMatch, target: str | None) -> str | None:
        source_text = match.groups.get("source") or match.groups.get("source2")
        if rule_direction == "by_numbers":
            return self._compare(source_text, target) or "other"
        if rule_direction != "by_target":
            return rule_direction
        if target and self.informal_regex.search(target):
            return "end"  # a move to help that is not a public service (GUIDELINES 24)
        compared = self._compare(source_text, target)
        if compared:
            return compared
        for word in (target or "").lower().split():
            # ``data.lookup`` of a lower-case word without spaces: its entries' ``get``.
            stripped = word.strip(".,()'")
            for entries in self.comparatives:
                comparative = entries.get(stripped)
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
        if target and (_fragment("hours").search(target) or weekly_rate(target) is not None):
            current_hours = hours_amount(source_text) or context_of(doc).hours_per_week
            goal = hours_amount(target)
            if current_hours is not None and goal is not None and goal > current_hours:
                return "increase"
            return "reduce"
        return "transfer"


@Language.factory("goaltext_consequence")
def make_consequence(nlp: Language, name: str) -> ConsequenceExtractor:
    return ConsequenceExtractor(nlp, name)
