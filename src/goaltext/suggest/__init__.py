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


def _score(proposal: Proposal, adds: list[str], claims: list[str]) -> float:
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
    candidates = [(p, [p.adds]) for p in proposals]
    if len(best) > 1:
        ordered = [best[name] for name in ("measurable", "service_consequence", "time_horizon") if name in best]
        combined = _combine(text, ordered)
        if combined is not None:
            candidates.insert(0, (combined, [p.adds for p in ordered]))
    edit_lists = [proposal.all_edits(text) for proposal, _ in candidates]
    rewritten = [apply_edits(text, edits) for edits in edit_lists]
    checks = analyzer.pipe([(t, context) for t in rewritten])
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for (proposal, claims), edits, new_text, check in zip(candidates, edit_lists, rewritten, checks, strict=True):
        adds = [name for name in claims if getattr(check.labels, name).value]
        if len(adds) < len(claims) or new_text in seen:
            continue  # the text would carry an addition the analysis does not confirm
        seen.add(new_text)
        suggestions.append(
            Suggestion(
                id=proposal.id,
                text=new_text,
                edits=edits,
                adds=adds,  # type: ignore[arg-type]
                needs_input=proposal.needs_input,
                reason=proposal.reason,
                score=_score(proposal, adds, claims),
            )
        )
    suggestions.sort(key=lambda s: (-len(s.adds), -s.score))
    return suggestions[:MAX_SUGGESTIONS]
