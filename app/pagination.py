"""Opaque keyset cursors: position, sort and a hash of the filters, base64url-encoded JSON.

A page is read as ``WHERE (sort key, id) after (k, id) ORDER BY sort key, id LIMIT n + 1``: the
cost of page 1,000 is the cost of page 1, and rows inserted meanwhile do not shift pages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, tuple_
from sqlalchemy.orm import QueryableAttribute, Session

from app.db.base import AnySelect
from app.errors import BadRequest

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_MAX_CURSOR_CHARS = 512

SortValue = str | int | float | None
Column = ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True, slots=True)
class Cursor:
    sort: str
    value: SortValue  # the last row's sort key (None for a NULL key or when sorting by id)
    id: int
    filters: str  # hash of the filters the cursor was made under


def filters_hash(filters: Mapping[str, Any]) -> str:
    canonical = json.dumps(
        {k: v for k, v in sorted(filters.items()) if v is not None}, default=str, sort_keys=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode_cursor(cursor: Cursor) -> str:
    payload = json.dumps([cursor.sort, cursor.value, cursor.id, cursor.filters], default=str)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(token: str, *, sort: str, filters: str) -> Cursor:
    """The cursor a client sent back; BadRequest when it is not ours or not for this query."""
    if len(token) > _MAX_CURSOR_CHARS:
        raise BadRequest("The cursor is malformed: it is too long.")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest(
            "The cursor is malformed: pass back the 'next' link of a previous page unchanged."
        ) from None
    if (
        not isinstance(data, list)
        or len(data) != 4
        or not isinstance(data[0], str)
        or not isinstance(data[1], str | int | float | type(None))
        or isinstance(data[1], bool)
        or not isinstance(data[2], int)
        or isinstance(data[2], bool)
        or not isinstance(data[3], str)
    ):
        raise BadRequest("The cursor is malformed: pass back the 'next' link unchanged.")
    cursor = Cursor(sort=data[0], value=data[1], id=data[2], filters=data[3])
    if cursor.sort != sort or cursor.filters != filters:
        raise BadRequest(
            "The cursor belongs to a query with other filters or another sort order: "
            "start again without a cursor."
        )
    return cursor


def keyset_after(
    key: Column | None,
    id_column: Column,
    cursor: Cursor,
    *,
    descending: bool,
) -> ColumnElement[bool]:
    """Rows after the cursor under ``ORDER BY key, id`` for a key that is never NULL.

    The row-value comparison ``(key, id) < (k, i)`` is one index range scan on both engines.
    """
    if key is None:
        return id_column < cursor.id if descending else id_column > cursor.id
    if cursor.value is None:
        raise BadRequest("The cursor is malformed: pass back the 'next' link.")
    position = tuple_(key, id_column)
    after = (_typed(key, cursor.value), cursor.id)
    return position < after if descending else position > after


def keyset_page(
    query: AnySelect,
    key: Column | None,
    id_column: Column,
    *,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> AnySelect:
    """Order by ``(key, id)`` (a key without NULLs), start after the cursor, fetch one extra
    row. No NULLS LAST: it would stop PostgreSQL from reading a plain index backwards."""
    columns = (id_column,) if key is None else (key, id_column)
    query = query.order_by(*(c.desc() if descending else c.asc() for c in columns))
    if cursor is not None:
        query = query.where(keyset_after(key, id_column, cursor, descending=descending))
    return query.limit(limit + 1)


def keyset_rows_nulls_last(
    session: Session,
    query: AnySelect,
    key: QueryableAttribute[Any],
    id_column: QueryableAttribute[int],
    *,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> list[Any]:
    """A page ordered by a nullable key, NULL keys last, as up to two index range scans.

    One query with ``… OR key IS NULL`` defeats the index (the engine scans from the top to
    the cursor, so deep pages get slow); the row-value comparison ``(key, id) < (k, i)`` is a
    single range scan, and the rows without a key are read after them by id.
    """
    rows: list[Any] = []
    if cursor is None or cursor.value is not None:
        keyed = query.where(key.is_not(None))
        page = keyset_page(keyed, key, id_column, descending=descending, cursor=cursor, limit=limit)
        rows = list(session.execute(page).all())
    if len(rows) <= limit:
        unkeyed = query.where(key.is_(None))
        after = cursor if cursor is not None and cursor.value is None else None
        rest = limit - len(rows)
        page = keyset_page(
            unkeyed, None, id_column, descending=descending, cursor=after, limit=rest
        )
        rows += session.execute(page).all()
    return rows


def keyset_page_nulls_last(
    query: AnySelect,
    key: QueryableAttribute[Any],
    id_column: QueryableAttribute[int],
    *,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> AnySelect:
    """The same page as ``keyset_rows_nulls_last``, as one statement ordered by
    ``key IS NULL, key, id``: for a query whose rows are chosen by something other than the
    key's index (a full-text match, a speaker), which sorts its matches whatever the order,
    so one pass over them beats two (a second full-text match for the rows without a key)."""
    missing = key.is_(None)
    if cursor is not None:
        if cursor.value is None:
            after = id_column < cursor.id if descending else id_column > cursor.id
            query = query.where(missing, after)
        else:
            query = query.where(
                missing | keyset_after(key, id_column, cursor, descending=descending)
            )
    columns = (key.desc(), id_column.desc()) if descending else (key.asc(), id_column.asc())
    return query.order_by(missing.asc(), *columns).limit(limit + 1)


def _typed(key: Column, value: SortValue) -> Any:
    return cursor_date(value) if key.type.python_type is date else value


def cursor_date(value: SortValue) -> date:
    """A cursor's sort value as the date it encodes; BadRequest when it is not one."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadRequest("The cursor is malformed: pass back the 'next' link.") from None
