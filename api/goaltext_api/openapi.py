"""The OpenAPI document: FastAPI's, plus what only the running service knows.

The configured limits (GOALTEXT_MAX_TEXT_CHARS, GOALTEXT_MAX_BATCH) become
``maxLength``/``maxItems`` so clients and fuzzers see the real bounds. The
request examples come from data/openapi_examples.yaml, and the answers shown
for them are computed by this service's own Analyzer when the document is
built, so they never drift from what the service really answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from goaltext import Analyzer
from goaltext.schema import Context
from goaltext_api.corpus import CorpusItem
from goaltext_api.errors import ErrorResponse, detail
from goaltext_api.routers.analyze import analyze_one, batch_results
from goaltext_api.routers.examples import to_example
from goaltext_api.routers.health import health_of
from goaltext_api.routers.labels import label_definitions
from goaltext_api.routers.suggest import suggest_one
from goaltext_api.schemas import AnalyzeRequest, BatchRequest, BatchResponse, ExamplesResponse, SuggestRequest
from goaltext_api.settings import Settings

logger = logging.getLogger("goaltext_api")

DESCRIPTION = """goaltext læser målformuleringer og siger, om de er **målbare**, har en **tidshorisont**
og siger, hvad målet betyder for **ydelsen** — med evidens og forslag til omskrivning.

Alle fejl har samme form: `{"error": {"code", "message_da", "message_en", "field"}}`.
Når tjenesten er sat op med API-nøgler, sendes nøglen i headeren `X-API-Key`
(alle adresser under /v1 undtagen /v1/health)."""


# What the error examples fill their messages with.
EXAMPLE_PARAMETERS: dict[str, str] = {
    "position_da": "linje 1, kolonne 37",
    "position_en": "line 1, column 37",
    "expected_da": "measurable, time_horizon eller service_consequence",
    "expected_en": "measurable, time_horizon or service_consequence",
    "detail": "",
    "detail_da": "",
    "detail_en": "",
    "error_id": "3f2a9c1b7d4e",
}


@cache
def openapi_examples() -> dict[str, Any]:
    """data/openapi_examples.yaml, checked when the service starts."""
    text = (resources.files("goaltext_api") / "data" / "openapi_examples.yaml").read_text(encoding="utf-8")
    examples = yaml.safe_load(text)
    AnalyzeRequest.model_validate(examples["requests"]["POST /v1/analyze"]["value"])
    SuggestRequest.model_validate(examples["requests"]["POST /v1/suggest"]["value"])
    BatchRequest.model_validate(examples["requests"]["POST /v1/analyze/batch"]["value"])
    CorpusItem.model_validate(examples["example_goal"])
    return examples


def example_answers(analyzer: Analyzer, settings: Settings) -> dict[str, Callable[[], object]]:
    """'METHOD /path' -> how to compute the documented 200 answer."""
    requests = openapi_examples()["requests"]
    today = date.today()
    goal = CorpusItem.model_validate(openapi_examples()["example_goal"])

    def examples_page() -> ExamplesResponse:
        context = Context(reference_date=goal.reference_date, area=goal.area)
        analysis = analyzer.analyze(goal.text, context=context)
        suggestions = analyzer.suggest(goal.text, context=context, analysis=analysis)
        item = to_example(goal, analysis, suggestions, None)
        return ExamplesResponse(total=1, offset=0, limit=20, areas=[goal.area or ""], items=[item])

    def batch() -> BatchResponse:
        body = BatchRequest.model_validate(requests["POST /v1/analyze/batch"]["value"])
        return BatchResponse(results=list(batch_results(body, analyzer, settings, today)))

    return {
        "POST /v1/analyze": lambda: analyze_one(
            AnalyzeRequest.model_validate(requests["POST /v1/analyze"]["value"]), analyzer, settings, today
        ),
        "POST /v1/suggest": lambda: suggest_one(
            SuggestRequest.model_validate(requests["POST /v1/suggest"]["value"]), analyzer, settings, today
        ),
        "POST /v1/analyze/batch": batch,
        "GET /v1/examples": examples_page,
        "GET /v1/labels": label_definitions,
        "GET /v1/health": lambda: health_of(analyzer, settings),
    }


def build_openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """The document, built once per app and cached on it."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=DESCRIPTION, routes=app.routes, tags=app.openapi_tags
    )
    components = schema.get("components", {}).get("schemas", {})
    for name in ("AnalyzeRequest", "SuggestRequest"):
        if name in components:
            components[name]["properties"]["text"]["maxLength"] = settings.max_text_chars
    if "BatchRequest" in components:
        components["BatchRequest"]["properties"]["items"]["maxItems"] = settings.max_batch

    def operation(key: str) -> dict[str, Any] | None:
        method, path = key.split(" ", 1)
        return schema["paths"].get(path, {}).get(method.lower())

    for key, example in openapi_examples()["requests"].items():
        if (found := operation(key)) is not None:
            found["requestBody"]["content"]["application/json"]["examples"] = {"eksempel": example}
    for key, answer in example_answers(app.state.service.analyzer, settings).items():
        found = operation(key)
        if found is None:
            continue
        try:
            example = answer()
            # TypeAdapter: the answers are pydantic models or (the analyses) dataclasses.
            found["responses"]["200"]["content"]["application/json"]["example"] = TypeAdapter(
                type(example)
            ).dump_python(example, mode="json")
        except Exception as exc:  # the documentation must not fail because an example did
            logger.warning("openapi: no example for %s (%s)", key, type(exc).__name__)
    for key, by_status in openapi_examples()["errors"].items():
        found = operation(key)
        for status, (code, field) in by_status.items():
            response = found["responses"].get(str(status)) if found else None
            if response is not None:
                error = detail(code, field, **EXAMPLE_PARAMETERS, limit=_limit(code, settings))
                body = ErrorResponse(error=error, errors=[error]).model_dump(mode="json", exclude_none=True)
                response["content"]["application/json"]["example"] = body
    app.openapi_schema = schema
    return schema


def _limit(code: str, settings: Settings) -> int:
    return {"body_too_large": settings.max_body_bytes, "batch_too_large": settings.max_batch}.get(
        code, settings.max_text_chars
    )
