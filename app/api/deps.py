"""Request dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.session import transaction
from app.extract.pipeline import Extractor
from app.ingest import make_extractor
from app.pagination import DEFAULT_LIMIT, MAX_LIMIT

T = TypeVar("T")


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on error."""
    with transaction(request.app.state.sessionmaker) as session:
        yield session


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """A session for a read-only request, never committed.

    ``async`` on purpose: making a Session does no I/O (the connection is taken from the pool
    by the first query, wherever ``run_read`` runs it), and closing one only hands the
    connection back, so this spares every GET two thread-pool hops of a sync dependency.
    """
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        session.close()


async def get_read_engine(request: Request) -> Engine:
    """The engine, for reads that take a pooled connection for one statement and give it
    back (``app.db.raw``): no Session to make and close."""
    engine: Engine = request.app.state.engine
    return engine


def in_process(source: Session | Engine) -> bool:
    """Whether reads wait on nothing but this process (SQLite: a file through mmap), so a
    bounded read may run on the event loop. A PostgreSQL read waits on round trips to the
    server: inline, each would hold up every other request, so it goes to a thread."""
    bind = source.get_bind() if isinstance(source, Session) else source
    return bind.dialect.name == "sqlite"


async def run_read(read: Callable[[], T], *, inline: bool) -> T:
    """Run a request's database work on the event loop when it is a bounded index lookup, and
    in the threadpool when it may scan (full text, counts, unindexed filters).

    Inline is faster by far for the lookups: the thread hop costs more than the query, and
    under load the worker threads convoy on the GIL (each query releases it and then waits a
    switch interval to get it back), which cut throughput by more than half. Anything that
    might run long goes to a thread, so it can never stall the other requests.
    """
    if inline:
        return read()
    return await run_in_threadpool(read)


async def run_read_bounded(
    read: Callable[[bool], T], *, inline: bool, unbounded: type[Exception]
) -> T:
    """``run_read`` for a read that finds out as it goes whether it is bounded: inline, it is
    called with ``True`` and raises ``unbounded`` as soon as it finds it is not (before the
    long part), and is then run again, with ``False``, in the threadpool."""
    if inline:
        try:
            return read(True)
        except unbounded:
            pass
    return await run_in_threadpool(read, False)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_extractor(request: Request) -> Extractor:
    """The extraction pipeline, loaded on the first write (reads never pay for the model)."""
    state = request.app.state
    with state.extractor_lock:
        if state.extractor is None:
            settings: Settings = state.settings
            state.extractor = make_extractor(settings.nlp_model, settings.gazetteer_path)
        extractor: Extractor = state.extractor
    return extractor


# scope="function": the transaction commits when the route returns, before the response is
# sent, so a client never sees a 201 for a write that then failed to commit.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]
ReadEngineDep = Annotated[Engine, Depends(get_read_engine)]
ExtractorDep = Annotated[Extractor, Depends(get_extractor)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

Limit = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_LIMIT,
        description=f"Items per page, 1 to {MAX_LIMIT}.",
        openapi_examples={"default": {"summary": "a page of 20", "value": DEFAULT_LIMIT}},
    ),
]
CursorParam = Annotated[
    str | None,
    Query(
        max_length=512,
        description="Opaque position from the `next` link of the previous page.",
        openapi_examples={"first page": {"summary": "no cursor: the first page", "value": ""}},
    ),
]
