"""GET /v1/examples: good and bad goals from the annotated corpus for trainers,
each with goaltext's live analysis and, for bad ones, the best rewrite.

Analyses of corpus items are kept per corpus version (they cannot change
while the file does not), so paging through the examples costs nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

from fastapi import APIRouter, Query

from goaltext import Analyzer
from goaltext.schema import Analysis, Context, Suggestion
from goaltext_api.corpus import CorpusItem, CorpusSnapshot, CorpusUnavailableError
from goaltext_api.dependencies import ServiceDep
from goaltext_api.errors import ApiError, documented
from goaltext_api.routers.analyze import PIPE_BATCH
from goaltext_api.schemas import ExampleItem, ExamplesQuery, ExamplesResponse

logger = logging.getLogger("goaltext_api")
router = APIRouter(prefix="/v1", tags=["eksempler"])
CACHE_LIMIT = 5000  # analysed corpus items kept; the corpus has a few thousand

Analysed = tuple[Analysis, list[Suggestion] | None]


@router.get(
    "/examples",
    response_model=ExamplesResponse,
    summary="Gode og dårlige eksempler",
    description="Mål fra det annoterede korpus til undervisning, filtreret på dimension, indsatsområde og "
    "kvalitet, hver med goaltexts analyse og for de dårlige det bedste forslag til omskrivning.",
    responses=documented(422, 500, 503),
)
async def examples(query: Annotated[ExamplesQuery, Query()], service: ServiceDep) -> ExamplesResponse:
    try:
        snapshot = service.corpus.snapshot()
    except CorpusUnavailableError as reason:
        logger.warning("examples: corpus unavailable (%s)", reason)
        raise ApiError("corpus_unavailable") from None
    selected = snapshot.select(query.dimension, query.area, query.quality)
    page = selected[query.offset : query.offset + query.limit]
    analysed = await _analysed(service.example_cache, snapshot, page, service.analyzer)
    items = [
        to_example(item, analysis, suggestions, query.dimension)
        for item, (analysis, suggestions) in zip(page, analysed, strict=True)
    ]
    return ExamplesResponse(
        total=len(selected),
        offset=query.offset,
        limit=query.limit,
        areas=list(snapshot.areas),
        items=items,
        skipped_lines=list(snapshot.skipped_lines),
    )


def to_example(
    item: CorpusItem, analysis: Analysis, suggestions: list[Suggestion] | None, dimension: str | None
) -> ExampleItem:
    """A corpus item as trainers see it: gold labels, quality, analysis, and for a bad one the best rewrite."""
    good = item.is_good(dimension)
    return ExampleItem(
        **item.model_dump(exclude={"split"}),
        quality="good" if good else "bad",
        analysis=analysis,
        suggestion=None if good else _best(suggestions or [], dimension),
    )


def _best(suggestions: list[Suggestion], dimension: str | None) -> Suggestion | None:
    """The best suggestion that adds the dimension asked about, else the best one."""
    if dimension:
        for suggestion in suggestions:
            if dimension in suggestion.adds:
                return suggestion
    return suggestions[0] if suggestions else None


async def _analysed(
    cache: dict[tuple[tuple[int, int], str, str], Analysed],
    snapshot: CorpusSnapshot,
    page: list[CorpusItem],
    analyzer: Analyzer,
) -> list[Analysed]:
    """Analyses (and, for items not good on all three dimensions, suggestions) of a page."""
    keys = [(snapshot.stamp, item.id, item.text) for item in page]
    found = {key: cache[key] for key in keys if key in cache}
    missing = [item for item, key in zip(page, keys, strict=True) if key not in found]
    if missing:
        if len(cache) + len(missing) > CACHE_LIMIT:
            cache.clear()
        contexts = [Context(reference_date=item.reference_date, area=item.area) for item in missing]
        analyses = analyzer.pipe(zip((item.text for item in missing), contexts, strict=True), batch_size=PIPE_BATCH)
        for item, context, analysis in zip(missing, contexts, analyses, strict=True):
            suggestions = (
                None
                if item.is_good(None)
                else analyzer.suggest(item.text, reference_date=item.reference_date, context=context, analysis=analysis)
            )
            key = (snapshot.stamp, item.id, item.text)
            found[key] = cache[key] = (analysis, suggestions)
            await asyncio.sleep(0)  # other requests may run between two examples
    return [found[key] for key in keys]
