"""The FastAPI application factory.

``create_app(settings)`` builds one service: its settings, the loaded
Analyzer and the corpus live on ``app.state.service`` and reach the handlers
through a typed dependency, so tests build services with their own settings
side by side. Run it with ``goaltext serve`` (or ``uvicorn --factory
goaltext_api.app:create_app``).
"""

from __future__ import annotations

from functools import partial

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

import goaltext
from goaltext import Analyzer
from goaltext_api.corpus import Corpus
from goaltext_api.dependencies import Service, require_api_key
from goaltext_api.errors import documented, handle_http_error, handle_validation_error, messages
from goaltext_api.middleware import BodyLimitMiddleware, CatchAllMiddleware, SecurityHeadersMiddleware
from goaltext_api.openapi import build_openapi, openapi_examples
from goaltext_api.routers import analyze, examples, health, labels, pages, suggest
from goaltext_api.routers.labels import label_definitions
from goaltext_api.routers.pages import DOCS_DIR
from goaltext_api.settings import Settings, get_settings


def create_app(settings: Settings | None = None, analyzer: Analyzer | None = None) -> FastAPI:
    """A goaltext service. Without arguments: settings from the environment and
    the process-wide Analyzer (loaded here, so the first request is fast), or
    one with the catalogue GOALTEXT_CATALOGUE names."""
    settings = settings or get_settings()
    messages(), label_definitions(), openapi_examples()  # bad data files stop the service here, not mid-request
    app = FastAPI(
        title="goaltext",
        version=goaltext.__version__,
        docs_url=None,  # FastAPI's docs page loads from a CDN; ours is served by routers.pages
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    if analyzer is None:
        analyzer = goaltext.default_analyzer() if settings.catalogue is None else Analyzer(catalogue=settings.catalogue)
    app.state.service = Service(settings, analyzer, Corpus(settings.resolved_corpus()))

    protected = [Depends(require_api_key)] if settings.api_keys else []
    protected_responses = documented(401) if settings.api_keys else None
    for router in (analyze.router, suggest.router, examples.router, labels.router):
        app.include_router(router, dependencies=protected, responses=protected_responses)
    app.include_router(health.router)
    app.include_router(pages.router)
    if settings.static_dir.is_dir():
        app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    app.mount("/docs/assets", StaticFiles(directory=DOCS_DIR), name="docs-assets")

    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)

    # Added innermost first: the security headers wrap everything, the catch-all
    # wraps CORS and the body limit.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
            max_age=600,
        )
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)

    app.openapi = partial(build_openapi, app, settings)  # type: ignore[method-assign]
    return app
