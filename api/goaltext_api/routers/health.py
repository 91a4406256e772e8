"""GET /v1/health: is the service up, and what is it running. Open even when
API keys are configured, so load balancers can ask."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

import goaltext
from goaltext import Analyzer
from goaltext_api.dependencies import ServiceDep
from goaltext_api.errors import documented
from goaltext_api.schemas import HealthResponse, Limits
from goaltext_api.settings import Settings

router = APIRouter(prefix="/v1", tags=["drift"])


def catalogue_info(analyzer: Analyzer) -> dict[str, Any] | None:
    """The rewrite catalogue the Analyzer suggests with (its name, packages, source), if it has one."""
    catalogue = getattr(analyzer, "catalogue", None)
    return dict(catalogue.info()) if catalogue is not None else None


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Tjenestens tilstand",
    description="Status, basispipeline, komponenter og modelversioner, omskrivningskatalog og grænser.",
    responses=documented(500),
)
async def health(service: ServiceDep) -> HealthResponse:
    return health_of(service.analyzer, service.settings)


def health_of(analyzer: Analyzer, settings: Settings) -> HealthResponse:
    """What the service runs with (also the documented example)."""
    return HealthResponse(
        status="ok",
        version=goaltext.__version__,
        pipeline=analyzer.pipeline_name,
        analyzer=analyzer.info(),
        catalogue=catalogue_info(analyzer),
        limits=Limits(
            max_text_chars=settings.max_text_chars,
            max_batch=settings.max_batch,
            max_body_bytes=settings.max_body_bytes,
        ),
        api_key_required=bool(settings.api_keys),
    )
