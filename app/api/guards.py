"""Guards in front of every route: size limits, load shedding and security headers.

A pure ASGI middleware (not ``BaseHTTPMiddleware``): it never buffers a body, so streamed
exports stay streamed, and it costs one function call per message. Its refusals are RFC 9457
problem details like every other error.

- query string over ``max_query_bytes``             → 414
- a NUL character in the query string               → 400 (no parameter takes one, and
  PostgreSQL text cannot hold one)
- ``Content-Length`` over ``max_body_bytes``        → 413 before the app runs
- a streamed body that grows past ``max_body_bytes`` → 413 (the app's own answer is replaced)
- more than ``max_concurrent_requests`` in flight   → 503 with ``Retry-After``
"""

from __future__ import annotations

from typing import Final

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import PROBLEM_JSON, Problem
from app.config import Settings

RETRY_AFTER_SECONDS: Final = 1

# JSON, CSV and the like never need to run anything; only the HTML of /docs and /redoc does, and
# their inline bootstrap script, Swagger UI's data: icons and ReDoc's blob: worker need these.
API_CSP: Final = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
HTML_CSP: Final = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS: Final = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


class BodyTooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes the cap."""


class Guards:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_query_bytes: int,
        max_concurrent_requests: int,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_query_bytes = max_query_bytes
        self.max_concurrent_requests = max_concurrent_requests
        # One event loop per process: the check and the increment below never interleave.
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        path: str = scope.get("path", "")
        query: bytes = scope.get("query_string", b"")
        if len(query) > self.max_query_bytes:
            await _refuse(
                send,
                path,
                414,
                "URI Too Long",
                f"The query string has {len(query)} bytes; the limit is {self.max_query_bytes}.",
            )
            return
        if b"%00" in query or b"\x00" in query:
            await _refuse(
                send,
                path,
                400,
                "Bad Request",
                "The query string contains a NUL character (%00), which no parameter accepts.",
            )
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._too_large(send, path)
            return
        if self.in_flight >= self.max_concurrent_requests:
            await _refuse(
                send,
                path,
                503,
                "Service Unavailable",
                "The server is busy; retry shortly.",
                extra=((b"retry-after", str(RETRY_AFTER_SECONDS).encode()),),
            )
            return
        self.in_flight += 1
        try:
            await self._guarded(scope, receive, send, path)
        finally:
            self.in_flight -= 1

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def replacing_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # The app turned our exception into an answer of its own (a 400 or 500):
                # the client gets the 413 instead, once.
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._too_large(send, path)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, replacing_send)
        except BodyTooLarge:
            if not started:
                await self._too_large(send, path)

    async def _too_large(self, send: Send, path: str) -> None:
        await _refuse(
            send,
            path,
            413,
            "Content Too Large",
            f"The request body is larger than the limit of {self.max_body_bytes} bytes.",
        )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _with_security_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
            present = {name.lower() for name, _ in headers}
            for name, value in SECURITY_HEADERS:
                if name not in present:
                    headers.append((name, value))
            if b"content-security-policy" not in present:
                is_html = any(
                    name.lower() == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                csp = HTML_CSP if is_html else API_CSP
                headers.append((b"content-security-policy", csp.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _refuse(
    send: Send,
    path: str,
    status: int,
    title: str,
    detail: str,
    *,
    extra: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    body = Problem(title=title, status=status, detail=detail, instance=path).model_dump_json(
        exclude_none=True
    )
    payload = body.encode()
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(payload)).encode()),
        (b"cache-control", b"no-store"),
        *extra,
    ]
    if status == 413:
        # The unread rest of the body would otherwise be parsed as the next request.
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def install_guards(app: FastAPI, settings: Settings) -> None:
    """Wrap the app in the guards (call once, from ``create_app``)."""
    app.add_middleware(
        Guards,
        max_body_bytes=settings.max_body_bytes,
        max_query_bytes=settings.max_query_bytes,
        max_concurrent_requests=settings.max_concurrent_requests,
    )
