"""Engine and session factory, built from settings (never at import time)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
# One connection per worker thread (AnyIO's default limit is 40): a pool smaller than that made
# the overflow connections close on return and reopen cold on the next request.
SQLITE_POOL_SIZE = 48


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def build_engine(
    url: str, *, statement_timeout_ms: int | None = None, mmap_bytes: int = 0
) -> Engine:
    """Create the engine; SQLite gets WAL, a busy timeout and enforced foreign keys.

    ``statement_timeout_ms`` caps every statement (the API's reads); ingest runs without it.
    ``mmap_bytes``: SQLite reads through memory-mapped I/O (the API's reads; a long-tail read
    of pages from the OS cache costs less than half as much as through ``read``).
    """
    if not is_sqlite(url):
        connect_args = (
            {"options": f"-c statement_timeout={statement_timeout_ms}"}
            if statement_timeout_ms
            else {}
        )
        return create_engine(
            url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args=connect_args
        )
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=0,
    )
    event.listen(engine, "connect", _configure_sqlite)
    if mmap_bytes:

        def map_file(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA mmap_size={int(mmap_bytes)}")

        event.listen(engine, "connect", map_file)
    if statement_timeout_ms:
        _limit_sqlite_statements(engine, statement_timeout_ms / 1000)
    return engine


def _limit_sqlite_statements(engine: Engine, seconds: float) -> None:
    """SQLite has no statement timeout: a progress handler interrupts a statement that runs
    past its deadline (it then fails with "interrupted")."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        deadline = [float("inf")]
        record.info["statement_deadline"] = deadline
        record.info["statement_seconds"] = seconds
        dbapi_connection.set_progress_handler(lambda: time.monotonic() > deadline[0], 10_000)

    def before_execute(conn: Any, *_args: Any) -> None:
        start_statement_clock(conn.info)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "before_cursor_execute", before_execute)


def start_statement_clock(info: dict[Any, Any]) -> None:
    """Give the statement about to run on this connection (its ``info``) its full time: the
    SQLite deadline above, for statements run without SQLAlchemy's events (``app.db.raw``)."""
    deadline = info.get("statement_deadline")
    if deadline is not None:
        deadline[0] = time.monotonic() + info["statement_seconds"]


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while the single writer ingests; NORMAL is durable under WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def build_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
