"""Rewrite strategies: each proposes edits that add one missing dimension.

A strategy is a small function registered with ``@strategy`` for the
dimension it adds; ``propose`` runs the strategies of every missing dimension.
Edits always refer to the ORIGINAL text (offset, length, replacement), so an
editor can apply them with a click. Nothing is invented: a number, a package
or an activity that neither the text nor the context gives becomes a visible
slot such as "[antal]".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from goaltext.evidence import ClauseIndex
from goaltext.language import language_data
from goaltext.normalize import ISO_DURATION
from goaltext.schema import Analysis, Context, TextEdit
from goaltext.suggest.catalogue import Catalogue

SLOT = re.compile(r"\[[^\[\]]+\]")
TRAILING = re.compile(r"[\s.!?;:,]*$")


@cache
def wording() -> dict[str, Any]:
    """Municipality-independent Danish wording (data/suggest.yaml)."""
    return yaml.safe_load((resources.files("goaltext.data") / "suggest.yaml").read_text(encoding="utf-8"))


@dataclass(slots=True)
class Proposal:
    """Edits that add one dimension, with why and what is left to fill.

    ``edits`` change the goal inside; ``sentence`` is added after it (kept
    apart so several proposals' sentences can be joined into one addition).
    """

    id: str
    adds: str
    edits: list[TextEdit]
    reason: str
    priority: float
    needs_input: list[str] = field(default_factory=list)
    sentence: str | None = None

    def all_edits(self, text: str) -> list[TextEdit]:
        return merge_edits(self.edits + ([append_sentence(text, self.sentence)] if self.sentence else []))


def merge_edits(edits: list[TextEdit]) -> list[TextEdit]:
    """Edits in offset order, an insertion merged into the edit at the same
    offset, so clients get disjoint edits they can apply from the end."""
    merged: list[TextEdit] = []
    for edit in sorted(edits, key=lambda e: (e.offset, e.length)):
        if merged and merged[-1].offset == edit.offset and merged[-1].length == 0:
            previous = merged.pop()
            edit = TextEdit(offset=edit.offset, length=edit.length, replacement=previous.replacement + edit.replacement)
        merged.append(edit)
    return merged


@dataclass(slots=True)
class RewriteInput:
    """What a strategy may use: the text, its analysis, the case and the catalogue."""

    text: str
    analysis: Analysis
    context: Context
    catalogue: Catalogue

    @property
    def first_person(self) -> bool:
        return language_data().compile_lexicon("first_person").search(self.text) is not None

    @property
    def interval(self) -> str:
        """The follow-up interval of the case, else the catalogue's default."""
        return self.context.follow_up_interval or self.catalogue.follow_up_interval


Strategy = Callable[[RewriteInput], Iterator[Proposal]]
STRATEGIES: dict[str, list[Strategy]] = {"time_horizon": [], "service_consequence": [], "measurable": []}


def strategy(dimension: str) -> Callable[[Strategy], Strategy]:
    """Register a strategy for the dimension it adds."""

    def register(function: Strategy) -> Strategy:
        STRATEGIES[dimension].append(function)
        return function

    return register


def interval_words(iso: str) -> str:
    """'P4M' -> '4 måneder', 'P1Y' -> '1 år', 'P6W' -> '6 uger'."""
    found = ISO_DURATION.match(iso)
    if not found:
        raise ValueError(f"not an ISO duration: {iso!r}")
    count, unit = int(found.group(1)), found.group(2)
    singular, plural = wording()["unit_names"][unit]
    return f"{count} {singular if count == 1 else plural}"


def slots_in(*texts: str) -> list[str]:
    return list(dict.fromkeys(slot for text in texts for slot in SLOT.findall(text)))


def content_end(text: str) -> int:
    """Offset just after the last character that is not space or punctuation."""
    return len(text) - len(TRAILING.search(text).group())  # type: ignore[union-attr]


def append_sentence(text: str, sentence: str) -> TextEdit:
    """An edit that adds a sentence after the text, closing its last sentence
    with a full stop when the writer did not."""
    end = len(text.rstrip())
    closed = text[:end].endswith((".", "!", "?"))
    lines = text.strip().splitlines()
    in_a_list = len(lines) > 1 and lines[-1].lstrip().startswith(("-", "•", "*"))
    separator = "\n" if in_a_list else " "
    prefix = "" if closed or end == 0 or in_a_list else "."
    return TextEdit(offset=end, length=len(text) - end, replacement=f"{prefix}{separator if end else ''}{sentence}")


# --- time horizon -----------------------------------------------------------------


@strategy("time_horizon")
def replace_vague_time(data: RewriteInput) -> Iterator[Proposal]:
    """'på sigt' -> 'inden for 4 måneder': the vague time's own slot gets a deadline."""
    replaceable = set(wording()["replaceable_vague_times"])
    phrase = data.catalogue.templates["deadline"].format(interval=interval_words(data.interval))
    for span in data.analysis.spans:
        if span.label == "TIME" and span.role == "vague" and " ".join(span.text.lower().split()) in replaceable:
            replacement = phrase[0].upper() + phrase[1:] if span.text[:1].isupper() else phrase
            yield Proposal(
                "replace_vague_time",
                "time_horizon",
                [TextEdit(offset=span.start, length=span.end - span.start, replacement=replacement)],
                wording()["reasons"]["replace_vague_time"].format(vague=span.text),
                priority=0.9,
            )
            return


@strategy("time_horizon")
def add_deadline(data: RewriteInput) -> Iterator[Proposal]:
    """'... gå i bad, så ...' -> '... gå i bad inden for 4 måneder, så ...' (one-line
    goals): the deadline closes the goal's first clause (after a heading such
    as "Mål:")."""
    text = data.text
    if "\n" in text.strip() or not text.strip():
        return
    clauses = ClauseIndex.of(text)
    start, end = clauses.clause(0)
    while text[start:end].rstrip().endswith(":") and end < len(text):
        start, end = clauses.clause(end)
    end = content_end(text[:end])
    phrase = data.catalogue.templates["deadline"].format(interval=interval_words(data.interval))
    yield Proposal(
        "add_deadline",
        "time_horizon",
        [TextEdit(offset=end, length=0, replacement=f" {phrase}")],
        wording()["reasons"]["add_deadline"],
        priority=0.8,
    )


@strategy("time_horizon")
def add_follow_up(data: RewriteInput) -> Iterator[Proposal]:
    """A follow-up sentence after the goal: 'Der følges op efter 4 måneder.'"""
    sentence = data.catalogue.templates["follow_up"].format(interval=interval_words(data.interval))
    yield Proposal("add_follow_up", "time_horizon", [], wording()["reasons"]["add_follow_up"], 0.7, sentence=sentence)


# --- service consequence ----------------------------------------------------------


@strategy("service_consequence")
def add_consequence(data: RewriteInput) -> Iterator[Proposal]:
    """A consequence sentence in KL's style, from the catalogue and the current package."""
    catalogue, context, templates = data.catalogue, data.context, data.catalogue.templates
    person = "_first_person" if data.first_person else ""
    reasons = wording()["reasons"]
    current = catalogue.index_of(context.current_package)
    if current is not None:
        if current > 0:
            package = catalogue.packages[current - 1].name
            sentence = templates[f"consequence_package{person}"].format(package=package)
            reason, kind = reasons["add_consequence_package"].format(package=package), "add_consequence_package"
        else:
            sentence = templates[f"consequence_end{person}"]
            reason = reasons["add_consequence_end"].format(package=catalogue.packages[0].name)
            kind = "add_consequence_end"
    elif context.hours_per_week:
        hours = f"{context.hours_per_week:g}".replace(".", ",")
        sentence = templates[f"consequence_hours{person}"].format(hours=hours)
        reason, kind = reasons["add_consequence_hours"], "add_consequence_hours"
    else:
        sentence = templates[f"consequence_unknown_package{person}"]
        reason, kind = reasons["add_consequence_unknown"], "add_consequence_unknown"
    yield Proposal(kind, "service_consequence", [], reason, 0.8, slots_in(sentence), sentence=sentence)


# --- measurability ----------------------------------------------------------------


@cache
def activity_frame() -> re.Pattern[str]:
    """'(arbejder med at) blive(r) bedre til at <verb> [particle]' and kin."""
    frames = wording()["vague_activity_frames"]
    finite = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in frames["finite"])
    infinite = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in frames["infinitive"])
    particles = "|".join(language_data().entries("verb_particle"))
    return re.compile(
        rf"(?<!\w)(?:(?P<finite>{finite})|(?P<infinite>{infinite}))(?:\s+(?:{finite}|{infinite}))*"
        rf"\s+(?:kunne\s+)?(?P<verb>\w+)(?:\s+(?P<particle>{particles})(?!\w))?"
        rf"(?:(?P<between>\s+(?:\w+\s+){{0,2}}?)og\s+(?P<verb2>\w+e)(?!\w))?",
        re.IGNORECASE,
    )


def present_tense(verb: str) -> str:
    irregular = language_data().lookup("present_tense", verb)
    if irregular:
        return irregular
    return verb if verb.endswith("r") else verb + "r"


@strategy("measurable")
def criterion_from_activity(data: RewriteInput) -> Iterator[Proposal]:
    """'bliver bedre til at handle ind' -> 'handler selv ind [antal] gange om ugen'."""
    found = activity_frame().search(data.text)
    if not found:
        return
    verb, particle = found.group("verb"), found.group("particle")
    finite_verb = present_tense(verb.lower()) if found.group("finite") else None
    tail = f" {particle}" if particle else ""
    replacement = f"{finite_verb} selv{tail}" if finite_verb else f"selv {verb}{tail}"
    if found.group("verb2"):  # "handle ind og lave mad": both verbs in the same form
        second = present_tense(found.group("verb2").lower()) if finite_verb else found.group("verb2")
        replacement += f"{found.group('between')}og {second}"
    if found.start() == 0 or data.text[: found.start()].rstrip().endswith((".", "!", "?", ":", "\n", "-")):
        replacement = replacement[0].upper() + replacement[1:]
    clauses = ClauseIndex.of(data.text)
    _, clause_end = clauses.clause(found.end() - 1)
    insert_at = content_end(data.text[:clause_end])
    for span in data.analysis.spans:  # the frequency goes before a time at the end
        if span.label == "TIME" and span.end == insert_at and span.start >= found.end():
            insert_at = span.start
            while insert_at > found.end() and data.text[insert_at - 1].isspace():
                insert_at -= 1
    frequency = " " + wording()["criterion_frequency"]
    span_length = found.end() - found.start()
    if insert_at <= found.end():
        edits = [TextEdit(offset=found.start(), length=span_length, replacement=replacement + frequency)]
    else:
        edits = [
            TextEdit(offset=found.start(), length=span_length, replacement=replacement),
            TextEdit(offset=insert_at, length=0, replacement=frequency),
        ]
    yield Proposal(
        "criterion_from_activity",
        "measurable",
        edits,
        wording()["reasons"]["criterion_from_activity"].format(vague=found.group(0)),
        priority=0.9,
        needs_input=slots_in(frequency),
    )


@strategy("measurable")
def criterion_sentence(data: RewriteInput) -> Iterator[Proposal]:
    """A sentence saying when the goal is met, with the activity and number as slots."""
    template = "criterion_generic_first_person" if data.first_person else "criterion_generic"
    sentence = data.catalogue.templates[template]
    reason = wording()["reasons"]["criterion_generic"]
    yield Proposal("criterion_sentence", "measurable", [], reason, 0.6, slots_in(sentence), sentence=sentence)


def propose(data: RewriteInput, missing: list[str]) -> list[Proposal]:
    """Every strategy's proposals for the missing dimensions, best first."""
    proposals = [p for dimension in missing for rule in STRATEGIES[dimension] for p in rule(data)]
    return sorted(proposals, key=lambda p: -p.priority)
