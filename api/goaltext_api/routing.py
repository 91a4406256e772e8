"""The route class of the API: strict JSON bodies.

FastAPI's own body parsing (``json.loads``) accepts lone surrogates ("\\ud800"),
NaN and Infinity, none of which can be written back as JSON, and it answers a
wrong Content-Type with a puzzling 422. This route parses bodies with
pydantic-core's strict UTF-8 JSON parser and answers a body that is not
``application/json`` with 415, before any model sees it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

import pydantic_core
from fastapi import Request, Response
from fastapi.routing import APIRoute

from goaltext_api.errors import ApiError

UTF8_BOM = b"\xef\xbb\xbf"


def is_json_media_type(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


class StrictJSONRequest(Request):
    """A request whose ``json()`` is strict UTF-8 JSON without NaN or lone surrogates."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = (await self.body()).removeprefix(UTF8_BOM)  # some Windows clients start with one
            try:
                self._json = pydantic_core.from_json(body, allow_inf_nan=False)
            except ValueError as error:
                # FastAPI turns JSONDecodeError into a validation error we answer with 400.
                raise json.JSONDecodeError(str(error), "", 0) from None
        return self._json


class StrictJSONRoute(APIRoute):
    """An APIRoute that checks the media type of, and strictly parses, its JSON body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def strict_handler(request: Request) -> Response:
            if not is_json_media_type(request.headers.get("content-type", "")):
                raise ApiError("unsupported_media_type", headers={"Accept-Post": "application/json"})
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
