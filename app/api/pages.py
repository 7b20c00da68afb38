"""List responses: ``{items, next, count}`` plus an RFC 8288 ``Link`` header."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel, Field

from app.pagination import Cursor, SortValue, encode_cursor

ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT")


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    next: str | None = Field(
        description="Absolute URL of the next page, or null on the last page.",
        examples=["http://127.0.0.1:8000/articles?cursor=WyItcHVibGlzaGVkX2RhdGUiLC"],
    )
    count: int | None = Field(
        default=None, description="Total number of matching items, only when `count=true`."
    )


def next_link(
    request: Request,
    response: Response,
    rows: Sequence[RowT],
    *,
    limit: int,
    sort: str,
    filters: str,
    key: Callable[[RowT], tuple[SortValue, int]],
) -> str | None:
    """The URL of the page after ``rows`` (fetched with ``limit + 1``), also sent as ``Link``."""
    if len(rows) <= limit:
        return None
    value, last_id = key(rows[limit - 1])
    token = encode_cursor(Cursor(sort=sort, value=value, id=last_id, filters=filters))
    url = str(request.url.include_query_params(cursor=token))
    response.headers.append("Link", f'<{url}>; rel="next"')
    return url
