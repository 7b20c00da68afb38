"""A server-side cache of whole GET responses, valid for one data revision.

Reads far outnumber writes in a news archive, and between two writes every page the API can
answer stays the same. So each buffered 200 answer to a ``GET`` is kept (by path, query string
and ``Accept``) with the data revision it was computed at, and served again, without routing,
validation, queries or serialisation, while the revision is unchanged. The revision
(``app.db.revision``) moves with every committed ingest or deletion, from this process or any
other, so an answer is never stale: it is checked on every request, before the
answer is looked up, and an answer is stored under the revision read *before* it was computed.

A pure ASGI middleware inside the conditional-GET one (which still adds the ETag and answers
``If-None-Match`` with 304) and bounded by bytes (least recently used answers go first).
Streamed answers (exports), errors and anything but ``GET`` pass through untouched.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.caching import weak_etag
from app.api.memo import REVISION_KEY

# An answer larger than this share of the cache is not kept: it would evict too many others.
LARGEST_SHARE = 8
# scheme, Host, path, query string, Accept: the links in an answer are absolute URLs
CacheKey = tuple[str, bytes, str, bytes, bytes]


@dataclass(frozen=True, slots=True)
class Answer:
    revision: Hashable
    start: Message
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.start["headers"]) + 200


class ResponseCache:
    def __init__(
        self, app: ASGIApp, *, revision: Callable[[], Hashable | None], max_bytes: int
    ) -> None:
        """``revision`` returns the current data revision, or None when it cannot be read
        (then the request goes to the app, which reports the error)."""
        self.app = app
        self.revision = revision
        self.max_bytes = max_bytes
        self.answers: OrderedDict[CacheKey, Answer] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        revision = self.revision()
        if revision is None:
            await self.app(scope, receive, send)
            return
        host, accept = _headers(scope)
        key = (scope["scheme"], host, scope["path"], scope["query_string"], accept)
        answer = self.answers.get(key)
        if answer is not None and answer.revision == revision:
            self.hits += 1
            self.answers.move_to_end(key)
            # a copy: the middlewares outside add their headers to the message in place
            await send({**answer.start, "headers": list(answer.start["headers"])})
            await send({"type": "http.response.body", "body": answer.body})
            return
        self.misses += 1
        # What the app may keep between requests is valid for this revision (``app.api.memo``).
        scope.setdefault("state", {})[REVISION_KEY] = revision
        await self.app(scope, receive, self._keeping(key, revision, send))

    def _keeping(self, key: CacheKey, revision: Hashable, send: Send) -> Send:
        """``send``, keeping a copy of the answer when it is a complete 200."""
        start: Message | None = None

        async def keeping(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                # copied before the middlewares outside add their own headers to it
                ok = message["status"] == 200
                start = {**message, "headers": list(message.get("headers", ()))} if ok else None
            elif message["type"] == "http.response.body" and start is not None:
                if not message.get("more_body", False):
                    body = bytes(message.get("body", b""))
                    # the validator too, so the conditional GET need not hash the body again
                    start["headers"].append((b"etag", weak_etag(body).encode()))
                    self._store(key, Answer(revision, start, body))
                start = None  # a streamed answer is never kept
            await send(message)

        return keeping

    def _store(self, key: CacheKey, answer: Answer) -> None:
        if answer.size * LARGEST_SHARE > self.max_bytes:
            return
        if any(k.lower() == b"set-cookie" for k, _ in answer.start["headers"]):
            return
        old = self.answers.pop(key, None)
        if old is not None:
            self.size -= old.size
        if self.answers and next(reversed(self.answers.values())).revision != answer.revision:
            # Everything kept so far belongs to an older revision: it can never be served.
            self.answers.clear()
            self.size = 0
        self.answers[key] = answer
        self.size += answer.size
        while self.size > self.max_bytes:
            _key, evicted = self.answers.popitem(last=False)
            self.size -= evicted.size


def _headers(scope: Scope) -> tuple[bytes, bytes]:
    host = accept = b""
    for name, value in scope["headers"]:
        if name == b"host":
            host = bytes(value)
        elif name == b"accept":
            accept = bytes(value)
    return host, accept
