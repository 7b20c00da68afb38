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

from sqlalchemy import ColumnElement, Select, and_, or_, tuple_
from sqlalchemy.orm import QueryableAttribute, Session

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
    """Rows after the cursor under ``ORDER BY key, id`` with NULL keys last."""
    beyond_id = id_column < cursor.id if descending else id_column > cursor.id
    if key is None:
        return beyond_id
    if cursor.value is None:
        return and_(key.is_(None), beyond_id)
    value: Any = cursor.value
    if key.type.python_type is date:
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise BadRequest("The cursor is malformed: pass back the 'next' link.") from None
    beyond_key = key < value if descending else key > value
    return or_(beyond_key, and_(key == value, beyond_id), key.is_(None))


def keyset_page(
    query: Select[Any],
    key: Column | None,
    id_column: Column,
    *,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> Select[Any]:
    """Order by ``(key, id)`` (NULL keys last), start after the cursor, fetch one extra row."""
    order_id = id_column.desc() if descending else id_column.asc()
    if key is not None:
        order_key = key.desc() if descending else key.asc()
        query = query.order_by(order_key.nulls_last(), order_id)
    else:
        query = query.order_by(order_id)
    if cursor is not None:
        query = query.where(keyset_after(key, id_column, cursor, descending=descending))
    return query.limit(limit + 1)


def keyset_rows_nulls_last(
    session: Session,
    query: Select[Any],
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
        if cursor is not None:
            value = _typed(key, cursor.value)
            position = tuple_(key, id_column)
            keyed = keyed.where(
                position < (value, cursor.id) if descending else position > (value, cursor.id)
            )
        order = (key.desc(), id_column.desc()) if descending else (key.asc(), id_column.asc())
        rows = list(session.scalars(keyed.order_by(*order).limit(limit + 1)))
    if len(rows) <= limit:
        unkeyed = query.where(key.is_(None))
        if cursor is not None and cursor.value is None:
            unkeyed = unkeyed.where(id_column < cursor.id if descending else id_column > cursor.id)
        order_id = id_column.desc() if descending else id_column.asc()
        rows += session.scalars(unkeyed.order_by(order_id).limit(limit + 1 - len(rows)))
    return rows


def _typed(key: QueryableAttribute[Any], value: SortValue) -> Any:
    if key.type.python_type is date:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise BadRequest("The cursor is malformed: pass back the 'next' link.") from None
    return value
