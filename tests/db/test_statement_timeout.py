"""The API's per-query time limit stops a runaway statement on both engines."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.db.session import build_engine, is_sqlite

SLOW_SQLITE = (
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
)
SLOW_POSTGRES = "SELECT pg_sleep(5)"


def test_statement_over_the_limit_is_stopped_and_connection_survives(database_url: str) -> None:
    engine = build_engine(database_url, statement_timeout_ms=200)
    slow = SLOW_SQLITE if is_sqlite(database_url) else SLOW_POSTGRES
    try:
        with engine.connect() as conn:
            started = time.monotonic()
            with pytest.raises(OperationalError, match=r"interrupted|statement timeout"):
                conn.execute(text(slow)).all()
            assert time.monotonic() - started < 3
            conn.rollback()
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_statement_without_limit_runs_to_the_end(database_url: str) -> None:
    engine = build_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()
