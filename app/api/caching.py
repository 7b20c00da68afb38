"""Conditional GET (RFC 9110) for every buffered GET response: a weak ETag over the body (or
the one it already has), 304 on a matching If-None-Match, and caches told to revalidate. Pure
ASGI, so streamed exports pass through untouched (they set their own validator)."""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_CONTROL = "no-cache"  # store, but revalidate: the ETag makes that a cheap 304


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        wanted = {t.strip() for t in Headers(scope=scope).get("if-none-match", "").split(",")}
        start: Message | None = None
        finished = False

        async def send_with_etag(message: Message) -> None:
            nonlocal start, finished
            if finished:
                return
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            head, start = start, None
            headers = MutableHeaders(scope=head)
            complete = not message.get("more_body", False)
            if complete and head["status"] == 200:
                # an answer from the response cache carries the ETag it was given the first time
                etag = headers.get("etag") or weak_etag(message.get("body", b""))
                headers["ETag"] = etag
                headers.setdefault("Cache-Control", CACHE_CONTROL)
                headers.add_vary_header("Accept")
                if etag in wanted or "*" in wanted:
                    finished = True
                    await send(_not_modified(headers))
                    await send({"type": "http.response.body", "body": b""})
                    return
            await send(head)
            await send(message)

        await self.app(scope, receive, send_with_etag)


def weak_etag(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(headers: MutableHeaders) -> Message:
    kept = [
        (k.encode("latin-1"), v.encode("latin-1"))
        for k, v in headers.items()
        if k.lower() not in ("content-length", "content-type")
    ]
    return {"type": "http.response.start", "status": 304, "headers": kept}
