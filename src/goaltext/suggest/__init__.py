"""Rewrite suggestions that add what a goal is missing.

``suggest`` asks every registered strategy (goaltext.suggest.rewrite) for
proposals for the missing dimensions, offers each alone and the best of each
dimension combined, then analyses every rewritten text and keeps only what
the rewrite really adds: a suggestion never claims a dimension the analysis
does not confirm.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from goaltext.schema import LABEL_NAMES, Analysis, Context, Suggestion, TextEdit
from goaltext.suggest.catalogue import Catalogue, CatalogueError, load_catalogue
from goaltext.suggest.rewrite import Proposal, RewriteInput, merge_edits, propose, wording

if TYPE_CHECKING:
    from goaltext.pipeline import Analyzer

__all__ = ["Catalogue", "CatalogueError", "apply_edits", "load_catalogue", "suggestions_for"]
MAX_SUGGESTIONS = 6


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply disjoint edits on the original text, from the highest offset
    down so earlier offsets stay valid."""
    result = text
    for edit in sorted(edits, key=lambda e: (e.offset, e.length), reverse=True):
        result = result[: edit.offset] + edit.replacement + result[edit.offset + edit.length :]
    return result


def _disjoint(edits: list[TextEdit]) -> bool:
    return all(a.offset + a.length <= b.offset for a, b in pairwise(edits))


def _combine(text: str, chosen: list[Proposal]) -> Proposal | None:
    """The chosen proposals as one rewrite: their inline edits, and their
    sentences joined into one addition (criterion, consequence, then
    follow-up, as in KL's model wording)."""
    edits = merge_edits([edit for proposal in chosen for edit in proposal.edits])
    if not _disjoint(edits):
        return None
    sentences = [p.sentence for p in chosen if p.sentence]
    missing = ", ".join(wording()["dimension_names"][p.adds] for p in chosen)
    return Proposal(
        "combined",
        "combined",
        edits,
        wording()["reasons"]["combined"].format(missing=missing),
        priority=1.0,
        needs_input=list(dict.fromkeys(s for p in chosen for s in p.needs_input)),
        sentence=" ".join(sentences) if sentences else None,
    )


def _score(proposal: Proposal) -> float:
    """Ranking score: the strategy's priority, a little lower for every slot to fill."""
    return round(max(0.0, min(1.0, proposal.priority - 0.02 * len(proposal.needs_input))), 3)


def suggestions_for(analyzer: Analyzer, analysis: Analysis, context: Context, catalogue: Catalogue) -> list[Suggestion]:
    """Ranked, verified suggestions for an analysed goal."""
    text = analysis.text
    missing = [name for name in LABEL_NAMES if not getattr(analysis.labels, name).value]
    if not missing or not text.strip():
        return []
    proposals = propose(RewriteInput(text, analysis, context, catalogue), missing)
    best: dict[str, Proposal] = {}
    for proposal in proposals:
        best.setdefault(proposal.adds, proposal)
    singles = [(p, [p.adds], False) for p in proposals]
    # The combination of each dimension's best proposal is what the loop below
    # checks first whenever those proposals work on their own, which they
    # usually do: analysing it in the same batch saves a second round.
    dimensions = [name for name in ("measurable", "service_consequence", "time_horizon") if name in best]
    expected = _combine(text, [best[name] for name in dimensions]) if len(dimensions) > 1 else None
    speculative = [(expected, dimensions, True)] if expected is not None else []
    results = _verified(analyzer, text, context, singles + speculative)
    checked, early = results[: len(singles)], (results[-1] if speculative else None)
    confirmed = [n for n in dimensions if any(n in adds for (_, _, _, adds) in checked if adds == [n])]
    firsts: dict[str, Proposal] = {}
    for proposal, _, _, adds in checked:
        if adds and adds[0] in confirmed:
            firsts.setdefault(adds[0], proposal)
    while len(confirmed) > 1:
        # The best working proposal of each dimension, combined; a dimension
        # the combination does not keep is left out and the rest tried again.
        chosen = [firsts[name] for name in confirmed]
        if early is not None and confirmed == dimensions and all(firsts[n] is best[n] for n in dimensions):
            result = early
        else:
            combined = _combine(text, chosen)
            if combined is None:
                break
            (result,) = _verified(analyzer, text, context, [(combined, confirmed, True)])
        if result[3] == confirmed:
            checked = [result, *checked]
            break
        confirmed = result[3]
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for proposal, edits, new_text, adds in checked:
        if not adds or new_text in seen:
            continue
        seen.add(new_text)
        suggestions.append(
            Suggestion(
                id=proposal.id,
                text=new_text,
                edits=edits,
                adds=adds,  # type: ignore[arg-type]
                needs_input=proposal.needs_input,
                reason=proposal.reason,
                score=_score(proposal),
            )
        )
    suggestions.sort(key=lambda s: (-len(s.adds), -s.score))
    return suggestions[:MAX_SUGGESTIONS]


def _verified(
    analyzer: Analyzer,
    text: str,
    context: Context,
    candidates: list[tuple[Proposal, list[str], bool]],
) -> list[tuple[Proposal, list[TextEdit], str, list[str]]]:
    """Each candidate (proposal, claims, partial) with its edits, its text, and
    the claims the analysis of that text confirms, all analysed in one batch:
    all of them or none (a suggestion never carries an addition the analysis
    does not confirm); for a partial candidate, the ones confirmed."""
    edit_lists = [proposal.all_edits(text) for proposal, _, _ in candidates]
    rewritten = [apply_edits(text, edits) for edits in edit_lists]
    checks = analyzer.label_values([(t, context) for t in rewritten])
    results = []
    for (proposal, claims, partial), edits, new_text, check in zip(
        candidates, edit_lists, rewritten, checks, strict=True
    ):
        kept = [name for name in claims if check[name]]
        results.append((proposal, edits, new_text, kept if partial or kept == list(claims) else []))
    return results
