"""Pure ASGI middleware: security headers, the body-size limit and the
catch-all for unexpected errors.

Pure ASGI rather than ``BaseHTTPMiddleware``: these run on every keystroke
request, and a plain wrapper around ``send``/``receive`` costs microseconds.
"""

from __future__ import annotations

import logging
import traceback
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goaltext_api.errors import ApiError, detail, error_response

logger = logging.getLogger("goaltext_api")

# The page and the docs load their scripts and styles from this server only;
# nothing may frame the service.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# API answers carry goal texts (personal data): no browser or proxy may keep them.
NO_STORE: tuple[bytes, bytes] = (b"cache-control", b"no-store")


class SecurityHeadersMiddleware:
    """Adds the security headers to every response, and no-store to API answers."""

    def __init__(self, app: ASGIApp, api_prefix: str = "/v1") -> None:
        self.app = app
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*SECURITY_HEADERS, NO_STORE] if scope["path"].startswith(self.api_prefix) else SECURITY_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CatchAllMiddleware:
    """Turns any exception that escaped the handlers into a 500 with an error id.

    Only the exception type, the route and the stack (file, line, code) are
    logged: an exception message or local variables may contain the goal text.
    Nothing is re-raised, so the server does not log the exception again.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # the last line of defence: whatever it is, answer without it
            error_id = uuid.uuid4().hex[:12]
            stack = "".join(traceback.format_tb(exc.__traceback__))
            logger.error(
                "unexpected %s (error id %s) on %s %s\n%s",
                type(exc).__name__,
                error_id,
                scope.get("method", ""),
                scope.get("path", ""),
                stack,
            )
            if not started:
                response = error_response(500, [detail("internal_error", None, error_id=error_id)])
                await response(scope, receive, send)


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes`` with 413: at once when Content-Length
    says so, else as soon as the streamed body passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    response = error_response(413, [detail("body_too_large", None, limit=self.max_bytes)])
                    await response(scope, receive, send)
                    return
                break
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise ApiError("body_too_large", limit=self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)
