"""Answers worth keeping between requests while the data does not change.

The response cache keeps whole answers, but a population browsing an archive rarely asks the
same URL twice; it does ask about the same speaker in many pages (page sizes, filters,
cursors). What a name means is a function of the data alone, so it is kept under the data
revision the request read first (``ResponseCache`` puts it in the request's state): a
revision that moves makes every kept answer unreachable, and they are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from starlette.requests import Request

T = TypeVar("T")

REVISION_KEY = "data_revision"


def request_revision(request: Request) -> Hashable | None:
    """The data revision the response cache read for this request; None without the cache."""
    revision: Hashable | None = getattr(request.state, REVISION_KEY, None)
    return revision


class RevisionMemo(Generic[T]):
    """A bounded LRU of answers of one revision. Thread-safe: pages that may scan run in the
    thread pool."""

    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self.revision: Hashable | None = None
        self.answers: OrderedDict[Hashable, T] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, revision: Hashable | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at ``revision``, computed (and kept) when not known; always
        computed when the revision is unknown (None)."""
        if revision is None or self.max_entries <= 0:
            return compute()
        with self.lock:
            if revision == self.revision and key in self.answers:
                self.answers.move_to_end(key)
                return self.answers[key]
        answer = compute()
        with self.lock:
            if revision != self.revision:
                # Kept answers of another revision can never be served again.
                self.answers.clear()
                self.revision = revision
            self.answers[key] = answer
            while len(self.answers) > self.max_entries:
                self.answers.popitem(last=False)
        return answer
