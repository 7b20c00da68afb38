"""Reads on a pooled DBAPI connection, without a Session or SQLAlchemy's per-call execution
machinery: for the index-bounded pages read most (an article by id, a page of a list), that
machinery cost more than the query. Statements are still written with SQLAlchemy Core and
compiled once per dialect; their bound values go through the column types' processors, and
SQLite's statement deadline is armed as for any other statement.

Only for reads: nothing here commits, and the connection goes back to the pool (which rolls
back whatever snapshot a read opened).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from app.db.session import start_statement_clock


@dataclass(frozen=True, slots=True)
class Compiled:
    sql: str
    # (name, bind processor) in the order the driver wants them; named styles take a dict
    binds: tuple[tuple[str, Callable[[Any], Any] | None], ...]
    positional: bool
    # values the statement carries itself, for binds the caller does not give (the OFFSET 0
    # that SQLite's dialect renders with a LIMIT)
    defaults: Mapping[str, Any]

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        given = (
            (name, values[name] if name in values else self.defaults[name], process)
            for name, process in self.binds
        )
        processed = (
            (name, value if process is None else process(value)) for name, value, process in given
        )
        if self.positional:
            return [value for _name, value in processed]
        return dict(processed)


_COMPILED: dict[tuple[int, str], Compiled] = {}


def compiled(statement: Executable, dialect: Dialect) -> Compiled:
    """The statement as driver SQL for this dialect, compiled once (statements are module
    constants, so their id is a stable key)."""
    key = (id(statement), dialect.name)
    found = _COMPILED.get(key)
    if found is None:
        result = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        names = result.positiontup if result.positional else list(result.binds)
        binds = tuple(
            (name, result.binds[name].type._cached_bind_processor(dialect)) for name in names
        )
        found = Compiled(
            sql=result.string,
            binds=binds,
            positional=bool(result.positional),
            defaults={name: bind.value for name, bind in result.binds.items()},
        )
        _COMPILED[key] = found
    return found


def fetch_all(
    source: Engine | Session, statement: Executable, values: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """Every row of ``statement``: from the session's own connection (its transaction, its
    uncommitted writes) or, given the engine, from a pooled DBAPI connection."""
    if isinstance(source, Session):
        return [tuple(row) for row in source.connection().execute(statement, dict(values))]
    query = compiled(statement, source.dialect)
    connection = source.raw_connection()
    # One statement needs no transaction: on PostgreSQL, autocommit spares the BEGIN and the
    # pool's ROLLBACK on return, two round trips. (SQLite's driver opens none for a SELECT.)
    driver = connection.driver_connection if source.dialect.name == "postgresql" else None
    try:
        if driver is not None:
            driver.autocommit = True
        start_statement_clock(connection.info)
        cursor = connection.cursor()
        try:
            cursor.execute(query.sql, query.parameters(values))
            return list(cursor.fetchall())
        finally:
            cursor.close()
    finally:
        if driver is not None:
            try:
                driver.autocommit = False
            except Exception:
                # never hand the pool a connection left in autocommit
                connection.invalidate()
        connection.close()


def fetch_one(
    source: Engine | Session, statement: Executable, values: Mapping[str, Any]
) -> tuple[Any, ...] | None:
    rows = fetch_all(source, statement, values)
    return rows[0] if rows else None


def dialect_of(source: Engine | Session) -> str:
    bind = source.get_bind() if isinstance(source, Session) else source
    return bind.dialect.name
