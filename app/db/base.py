"""The declarative base every ORM model shares, with explicit constraint names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeAlias

from sqlalchemy import MetaData, Row, Select
from sqlalchemy.orm import DeclarativeBase, Session

# Named constraints make migrations reproducible on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Rows and selects of any number of columns (SQLAlchemy types them per column count).
AnyRow: TypeAlias = Row[*tuple[Any, ...]]
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def stream_rows(session: Session, query: AnySelect) -> Iterator[AnyRow]:
    """The rows of ``query``, executed when first read (a caller builds the query first, so
    that it refuses bad input before an answer starts streaming)."""
    yield from session.execute(query)
