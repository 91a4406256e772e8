"""POST /v1/analyze (one goal, while it is written) and /v1/analyze/batch.

Handlers are ``async`` and call the Analyzer directly: an analysis takes about
a millisecond of CPU, less than handing it to a worker thread would cost, and
the Analyzer is then only ever used from the event-loop thread, so it needs no
lock. A batch hands the loop back every 20 ms so live requests interleave.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterator
from datetime import date

from fastapi import APIRouter

from goaltext import Analyzer
from goaltext.schema import Analysis, Context
from goaltext_api.dependencies import ServiceDep
from goaltext_api.errors import ApiError, ErrorDetail, detail, documented
from goaltext_api.routers.common import check_text, text_problem
from goaltext_api.routing import StrictJSONRoute
from goaltext_api.schemas import (
    AnalyzeRequest,
    AnalyzeResponse,
    BatchAnalysis,
    BatchItemError,
    BatchRequest,
    BatchResponse,
)
from goaltext_api.settings import Settings

logger = logging.getLogger("goaltext_api")
router = APIRouter(prefix="/v1", tags=["analyse"], route_class=StrictJSONRoute)
PIPE_BATCH = 8  # goals spaCy processes together; small, so a batch of long goals can pause often
YIELD_AFTER = 0.02  # seconds of batch work before live requests get their turn


@router.post(
    "/analyze",
    response_model=AnalyzeResponse,
    summary="Analysér ét mål",
    description="Målbarhed, tidshorisont og konsekvens for ydelsen med evidens, plus forslag til omskrivning. "
    "Beregnet til at blive kaldt, mens sagsbehandleren skriver.",
    responses=documented(400, 413, 415, 422, 500),
)
async def analyze(body: AnalyzeRequest, service: ServiceDep) -> AnalyzeResponse:
    return analyze_one(body, service.analyzer, service.settings, service.today())


@router.post(
    "/analyze/batch",
    response_model=BatchResponse,
    summary="Analysér mange mål",
    description="Op til GOALTEXT_MAX_BATCH mål med jeres egne id'er. Svaret har ét resultat pr. mål i samme "
    "rækkefølge; et mål med tom eller for lang tekst får en fejl for sig selv, resten analyseres.",
    responses=documented(400, 413, 415, 422, 500),
)
async def analyze_batch(body: BatchRequest, service: ServiceDep) -> BatchResponse:
    limit = service.settings.max_batch
    if len(body.items) > limit:
        raise ApiError("batch_too_large", "items", limit=limit)
    results = []
    paused = time.perf_counter()
    for result in batch_results(body, service.analyzer, service.settings, service.today()):
        results.append(result)
        if time.perf_counter() - paused > YIELD_AFTER:
            await asyncio.sleep(0)  # let live /v1/analyze requests in between
            paused = time.perf_counter()
    return BatchResponse.model_construct(results=results)


def analyze_one(body: AnalyzeRequest, analyzer: Analyzer, settings: Settings, today: date) -> AnalyzeResponse:
    """One goal's analysis and suggestions (also the documented example)."""
    check_text(body.text, settings.max_text_chars)
    context = body.merged_context(today)
    analysis = analyzer.analyze(body.text, context=context)
    suggestions = analyzer.suggest(body.text, reference_date=context.reference_date, context=context, analysis=analysis)
    return AnalyzeResponse(**analysis.field_values(), suggestions=suggestions)


def batch_results(
    body: BatchRequest, analyzer: Analyzer, settings: Settings, today: date
) -> Iterator[BatchAnalysis | BatchItemError]:
    """One result per item, in order: its analysis, or its error entry."""
    default_date = body.reference_date or today
    problems: dict[int, ErrorDetail] = {}
    todo: list[tuple[int, str, Context]] = []
    for index, item in enumerate(body.items):
        problem = text_problem(item.text, settings.max_text_chars)
        if problem is not None:
            problems[index] = problem
            continue
        reference = item.reference_date or (item.context.reference_date if item.context else None) or default_date
        context = (item.context or Context()).model_copy(update={"reference_date": reference})
        todo.append((index, item.text, context))

    analyses = zip(todo, _analyses(analyzer, todo), strict=True)
    for index, item in enumerate(body.items):
        if index in problems:
            yield BatchItemError(id=item.id, error=problems[index])
            continue
        (_, text, context), analysis = next(analyses)
        if isinstance(analysis, ErrorDetail):
            yield BatchItemError(id=item.id, error=analysis)
        elif not body.suggestions:
            yield BatchAnalysis(**analysis.field_values(), suggestions=None, id=item.id)
        else:
            try:
                suggestions = analyzer.suggest(
                    text, reference_date=context.reference_date, context=context, analysis=analysis
                )
            except Exception as exc:  # one item's error entry, the others go on
                yield BatchItemError(id=item.id, error=_internal_error(index, exc))
            else:
                yield BatchAnalysis(**analysis.field_values(), suggestions=suggestions, id=item.id)


def _analyses(analyzer: Analyzer, todo: list[tuple[int, str, Context]]) -> Iterator[Analysis | ErrorDetail]:
    """Analyses in input order through ``Analyzer.pipe``. Should the library fail on
    an item, the rest are analysed one by one and only the failing ones become
    errors (logged with type and error id, never the text)."""
    done = 0
    try:
        for analysis in analyzer.pipe(((text, context) for _, text, context in todo), batch_size=PIPE_BATCH):
            done += 1
            yield analysis
        return
    except Exception:  # the batch must not be lost to one goal the library cannot handle
        pass
    for index, text, context in todo[done:]:
        try:
            yield analyzer.analyze(text, context=context)
        except Exception as exc:  # one item's error entry, the others go on
            yield _internal_error(index, exc)


def _internal_error(index: int, exc: Exception) -> ErrorDetail:
    """Log an item's unexpected error by type and id only (its message may quote the goal)."""
    error_id = uuid.uuid4().hex[:12]
    logger.error("batch item %d: unexpected %s (error id %s)", index, type(exc).__name__, error_id)
    return detail("internal_error", None, error_id=error_id)
