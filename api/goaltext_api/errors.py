"""One error body for every failure: ``{"error": {"code", "message_da",
"message_en", "field"}}``, messages from data/errors.yaml.

Validation errors are rewritten from pydantic's error list into that body
without pydantic's ``input`` (the submitted goal text must never be echoed in
an error or logged), and with the field as a JSON path a client can show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import yaml
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

JSON_POSITION = re.compile(r"line (\d+) column (\d+)")
LOCATION_ROOTS = frozenset({"body", "query", "path", "header", "cookie"})

# What a field must be, by the prefix of pydantic's error type ("string_type" -> "string").
EXPECTED: dict[str, tuple[str, str]] = {
    "string": ("en tekst", "a string"),
    "int": ("et heltal", "an integer"),
    "float": ("et tal", "a number"),
    "decimal": ("et tal", "a number"),
    "bool": ("true eller false", "true or false"),
    "list": ("en liste", "a list"),
    "tuple": ("en liste", "a list"),
    "dict": ("et objekt", "an object"),
    "model": ("et objekt", "an object"),
    "model_attributes": ("et objekt", "an object"),
}


# What a field with a pattern must look like, by field name.
FORMATS: dict[str, tuple[str, str]] = {
    "follow_up_interval": (
        "skal være en ISO 8601-varighed som P4M, P6W eller P1Y",
        "must be an ISO 8601 duration such as P4M, P6W or P1Y",
    ),
}


class ErrorDetail(BaseModel):
    """One problem, said in Danish (for the case worker) and English (for the developer)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "empty_text",
                    "message_da": "Feltet «text» er tomt. Skriv en målformulering.",
                    "message_en": "The field 'text' is empty. Write a goal statement.",
                    "field": "text",
                }
            ]
        }
    )

    code: str = Field(description="Stable machine-readable code, e.g. 'empty_text' or 'unknown_field'.")
    message_da: str = Field(description="The message in Danish, to show the user.")
    message_en: str = Field(description="The message in English.")
    field: str | None = Field(None, description="The JSON path of the field at fault, e.g. 'items[3].text'.")
    error_id: str | None = Field(None, description="Only for unexpected errors: the id under which it was logged.")


class ErrorResponse(BaseModel):
    """The body of every 4xx/5xx answer."""

    error: ErrorDetail = Field(description="The (first) problem.")
    errors: list[ErrorDetail] = Field(default_factory=list, description="All problems found, the first one included.")


@cache
def messages() -> dict[str, dict[str, Any]]:
    """The error catalogue (data/errors.yaml), validated once."""
    text = (resources.files("goaltext_api") / "data" / "errors.yaml").read_text(encoding="utf-8")
    catalogue = yaml.safe_load(text)
    for code, entry in catalogue.items():
        if not {"status", "da", "en"} <= set(entry):
            raise ValueError(f"errors.yaml: '{code}' needs status, da and en")
    return catalogue


def detail(code: str, field: str | None = None, **params: Any) -> ErrorDetail:
    """The error detail for ``code``, its messages filled in."""
    entry = messages()[code]
    values = {"field": field or "", **params}
    return ErrorDetail(
        code=code,
        message_da=entry["da"].format(**values),
        message_en=entry["en"].format(**values),
        field=field,
        error_id=params.get("error_id"),
    )


def status_of(code: str) -> int:
    return int(messages()[code]["status"])


class ApiError(StarletteHTTPException):
    """A refusal with a code from the catalogue. An HTTPException, so FastAPI lets
    it through wherever it is raised (also while the body is being read)."""

    def __init__(self, code: str, field: str | None = None, headers: Mapping[str, str] | None = None, **params: Any):
        self.error = detail(code, field, **params)
        super().__init__(status_code=status_of(code), detail=code, headers=dict(headers) if headers else None)


def error_response(status: int, details: Sequence[ErrorDetail], headers: Mapping[str, str] | None = None) -> Response:
    body = ErrorResponse(error=details[0], errors=list(details))
    return Response(
        body.model_dump_json(exclude_none=True), status_code=status, media_type="application/json", headers=headers
    )


def field_path(loc: Sequence[str | int]) -> str | None:
    """('body', 'items', 3, 'text') -> 'items[3].text'; the location root is dropped."""
    parts = list(loc[1:] if loc and loc[0] in LOCATION_ROOTS else loc)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or None


def validation_detail(error: Mapping[str, Any], text_limit: int) -> ErrorDetail:
    """One pydantic error as an ErrorDetail; only its type, location and context
    are used, never its input."""
    kind: str = error["type"]
    loc = tuple(error.get("loc", ()))
    field = field_path(loc)
    ctx = error.get("ctx") or {}
    if kind == "json_invalid":
        position = JSON_POSITION.search(str(ctx.get("error", "")))
        line, column = position.groups() if position else ("?", "?")
        return detail(
            "invalid_json",
            None,
            position_da=f"linje {line}, kolonne {column}",
            position_en=f"line {line}, column {column}",
        )
    if kind == "missing":
        return detail("missing_body") if field is None else detail("missing_field", field)
    if field is None and kind.endswith("_type"):
        return detail("body_not_object")
    if kind == "extra_forbidden":
        return detail("unknown_field", field)
    if kind == "blank_text" or (kind in {"string_pattern_mismatch", "string_too_short"} and str(loc[-1]) == "text"):
        return detail("empty_text", field)
    if kind == "item_id":
        return detail(
            "wrong_type",
            field,
            expected_da="en tekst på 1-200 tegn eller et heltal",
            expected_en="a string of 1-200 characters or an integer",
        )
    if kind == "string_pattern_mismatch":
        da, en = FORMATS.get(str(loc[-1]), ("har ikke det krævede format", "does not have the required format"))
        return detail("invalid_value", field, detail_da=f": {da}", detail_en=f": {en}")
    if kind == "string_too_long":
        limit = ctx.get("max_length", text_limit)
        return detail("text_too_long" if str(loc[-1]) == "text" else "string_too_long", field, limit=limit)
    if kind == "too_short":
        return detail("empty_list", field)
    if kind == "too_long":
        return detail("batch_too_large", field, limit=ctx.get("max_length", "?"))
    if kind.startswith(("date", "datetime")) or kind == "iso_date":
        return detail("invalid_date", field)
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bounds = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}
        limit = next(iter(ctx.values()), "?")
        return detail("out_of_range", field, detail=f"{bounds[kind]} {limit}")
    if kind in {"literal_error", "enum"}:
        expected = str(ctx.get("expected", "?")).replace("'", "")
        return detail(
            "invalid_choice",
            field,
            expected_da=expected.replace(" or ", " eller "),
            expected_en=expected,
        )
    for suffix in ("_type", "_parsing"):
        if kind.endswith(suffix) and kind.removesuffix(suffix) in EXPECTED:
            expected_da, expected_en = EXPECTED[kind.removesuffix(suffix)]
            return detail("wrong_type", field, expected_da=expected_da, expected_en=expected_en)
    if kind in {"int_from_float", "finite_number"}:
        return detail("wrong_type", field, expected_da="et endeligt tal", expected_en="a finite number")
    if kind in {"value_error", "assertion_error"}:
        reason = str(ctx.get("error", "")).strip()
        return detail("invalid_value", field, detail_da=f": {reason}" if reason else "", detail_en=f": {reason}")
    return detail("invalid_value", field, detail_da="", detail_en=f" ({kind})")


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """422 (400 for a body that is not JSON at all), with every problem named."""
    assert isinstance(exc, RequestValidationError)
    settings = request.app.state.service.settings
    details = [validation_detail(error, settings.max_text_chars) for error in exc.errors()]
    status = 400 if any(d.code == "invalid_json" for d in details) else 422
    return error_response(status, details or [detail("invalid_value", None, detail_da="", detail_en="")])


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """Our ApiErrors, and Starlette's own 404/405 in the same body."""
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, ApiError):
        return error_response(exc.status_code, [exc.error], exc.headers)
    by_status = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 415: "unsupported_media_type"}
    if exc.status_code == 413:
        error = detail("body_too_large", None, limit=request.app.state.service.settings.max_body_bytes)
    elif exc.status_code in by_status:
        error = detail(by_status[exc.status_code])
    else:
        error = detail("http_error", None, detail=exc.status_code)
    return error_response(exc.status_code, [error], exc.headers)


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an operation can answer, all with the error body."""
    descriptions = {
        400: "Kroppen er ikke gyldig JSON.",
        401: "Manglende eller ugyldig API-nøgle.",
        413: "Kroppen er for stor.",
        415: "Kroppen er ikke application/json.",
        422: "Et felt mangler, er ukendt, har forkert type eller er uden for grænserne; «field» siger hvilket.",
        500: "Uventet fejl; svaret har kun et fejl-id.",
        503: "Eksempelsamlingen findes ikke på serveren endnu.",
    }
    return {status: {"model": ErrorResponse, "description": descriptions[status]} for status in statuses}
