"""Typed dependencies of the routers: the service (settings, Analyzer, corpus,
clock) and the API key, taken from the app the request came to.

One ``Service`` dependency rather than one per part: FastAPI's dependency
resolution costs about as much per dependency as the rest of a request's
overhead, and /v1/analyze is called on every keystroke pause. Dependencies are
``async def`` for the same reason: a plain ``def`` one runs in a worker thread.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from goaltext import Analyzer
from goaltext_api.corpus import Corpus
from goaltext_api.errors import ApiError
from goaltext_api.settings import Settings

try:
    DANISH_TIME: ZoneInfo | None = ZoneInfo("Europe/Copenhagen")
except ZoneInfoNotFoundError:  # no time zone database: the server's own date
    DANISH_TIME = None

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="API-nøgle, når tjenesten er sat op med GOALTEXT_API_KEYS.",
)


def danish_today() -> date:
    """The day in Denmark: goals are written on Danish dates, whatever the server's zone."""
    return datetime.now(DANISH_TIME).date() if DANISH_TIME else date.today()


@dataclass(frozen=True)
class Service:
    """What the handlers work with, built once per app by ``create_app``."""

    settings: Settings
    analyzer: Analyzer
    corpus: Corpus
    clock: Callable[[], date] = danish_today
    example_cache: dict[Any, Any] = field(default_factory=dict)

    def today(self) -> date:
        return self.clock()


async def app_service(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(app_service)]


async def require_api_key(service: ServiceDep, key: Annotated[str | None, Security(api_key_header)]) -> None:
    """401 unless X-API-Key is one of the configured keys (compared in constant time)."""
    given = (key or "").encode("utf-8", "surrogateescape")
    valid = False
    for accepted in service.settings.api_keys:
        valid |= secrets.compare_digest(given, accepted.get_secret_value().encode("utf-8"))
    if not valid:
        raise ApiError("unauthorized", headers={"WWW-Authenticate": 'ApiKey realm="goaltext", header="X-API-Key"'})
