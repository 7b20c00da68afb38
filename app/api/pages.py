"""List responses: ``{items, next, count}`` plus an RFC 8288 ``Link`` header."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel, Field

from app.pagination import Cursor, SortValue, decode_cursor, encode_cursor, filters_hash

ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT")
SortT = TypeVar("SortT", bound=str)


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


def paginate(
    request: Request,
    response: Response,
    *,
    cursor: str | None,
    sort: str,
    filters: object,
    limit: int,
    fetch: Callable[[Cursor | None], Sequence[RowT]],
    key: Callable[[RowT], tuple[SortValue, int]],
) -> tuple[Sequence[RowT], str | None]:
    """One page: decode the cursor (bound to this sort and these filters), fetch ``limit + 1``
    rows after it, and return the page with the link to the next one."""
    digest = filters_hash(_values(filters))
    position = decode_cursor(cursor, sort=sort, filters=digest) if cursor else None
    rows = fetch(position)
    link = next_link(request, response, rows, limit=limit, sort=sort, filters=digest, key=key)
    return rows[:limit], link


def _values(filters: object) -> Mapping[str, Any]:
    if is_dataclass(filters) and not isinstance(filters, type):
        # Shallow: the fields are plain values, and ``asdict`` deep-copies each of them.
        return {f.name: getattr(filters, f.name) for f in fields(filters)}
    if isinstance(filters, Mapping):
        return filters
    raise TypeError(f"filters must be a dataclass or a mapping, not {type(filters).__name__}")


def json_page(
    response: Response,
    items: Sequence[str],
    link: str | None,
    count: int | None,
    *,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """A ``Page`` whose items are JSON already (built by the database), with the headers
    set on ``response`` (the ``Link``): its shape is the ``Page`` model's, which the route
    still declares; tests hold the two together. ``extra``: members a page of its kind adds
    (the ``speakers`` a name query matched)."""
    body = (
        '{"items":['
        + ",".join(items)
        + '],"next":'
        + json.dumps(link)
        + ',"count":'
        + json.dumps(count)
        + "".join(f",{json.dumps(key)}:{json.dumps(value)}" for key, value in (extra or {}).items())
        + "}"
    )
    headers = [(k, v) for k, v in response.headers.raw if k != b"content-length"]
    answer = Response(body.encode(), media_type="application/json")
    answer.raw_headers.extend(headers)
    return answer


def effective_sort(sort: SortT, q: str | None, default: SortT) -> SortT:
    """``relevance`` without a full-text query has nothing to rank by: the default order."""
    return default if sort == "relevance" and q is None else sort
