"""POST /v1/suggest: only the rewrite suggestions for one goal."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from goaltext import Analyzer
from goaltext_api.dependencies import ServiceDep
from goaltext_api.errors import documented
from goaltext_api.routers.common import check_text
from goaltext_api.routing import StrictJSONRoute
from goaltext_api.schemas import SuggestRequest, SuggestResponse
from goaltext_api.settings import Settings

router = APIRouter(prefix="/v1", tags=["forslag"], route_class=StrictJSONRoute)


@router.post(
    "/suggest",
    response_model=SuggestResponse,
    summary="Forslag til omskrivning",
    description="Omskrivninger, der tilføjer det, målet mangler (bedste først), uden resten af analysen.",
    responses=documented(400, 413, 415, 422, 500),
)
async def suggest(body: SuggestRequest, service: ServiceDep) -> SuggestResponse:
    return suggest_one(body, service.analyzer, service.settings, service.today())


def suggest_one(body: SuggestRequest, analyzer: Analyzer, settings: Settings, today: date) -> SuggestResponse:
    """One goal's suggestions (also the documented example)."""
    check_text(body.text, settings.max_text_chars)
    context = body.merged_context(today)
    suggestions = analyzer.suggest(body.text, reference_date=context.reference_date, context=context)
    return SuggestResponse.model_construct(suggestions=suggestions)
