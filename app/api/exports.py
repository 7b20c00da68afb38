"""Streamed exports (NDJSON, CSV, GeoJSON): rows are read in batches from a session of their
own and written as they come, so memory does not grow with the result."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from app.api.params import ExportFormat
from app.db.revision import read_revision
from app.errors import InvalidInput

MEDIA_TYPES = {
    ExportFormat.ndjson: "application/x-ndjson",
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.geojson: "application/geo+json",
}
_ACCEPTED = {
    "application/x-ndjson": ExportFormat.ndjson,
    "application/ndjson": ExportFormat.ndjson,
    "text/csv": ExportFormat.csv,
    "application/geo+json": ExportFormat.geojson,
}


def negotiate(
    request: Request, requested: StrEnum | None, *, allowed: tuple[ExportFormat, ...]
) -> ExportFormat:
    """The format from ``format=`` (any of the parameter enums of ``app.api.params``), else
    from ``Accept``; JSON when nothing else is asked for."""
    if requested is not None:
        chosen = ExportFormat(requested.value)
    else:
        accept = request.headers.get("accept", "")
        media = [part.split(";")[0].strip().lower() for part in accept.split(",")]
        chosen = next((_ACCEPTED[m] for m in media if m in _ACCEPTED), ExportFormat.json)
    if chosen is not ExportFormat.json and chosen not in allowed:
        raise InvalidInput(
            f"This list cannot be exported as {chosen.value}; "
            f"use one of: json, {', '.join(f.value for f in allowed)}.",
            errors=[{"parameter": "format", "detail": f"{chosen.value} is not offered here"}],
        )
    return chosen


def export_response(
    request: Request,
    fmt: ExportFormat,
    *,
    session: Session,
    rows: Callable[[Session], Iterator[dict[str, Any]]],
    columns: tuple[str, ...] = (),
    filename: str,
) -> Response:
    """Stream every row; a weak ETag over the URL and the data revision allows 304s."""
    version = read_revision(session)
    etag = 'W/"' + hashlib.sha256(f"{request.url}|{version}".encode()).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept"}
    if etag in _etags(request.headers.get("if-none-match")):
        return Response(status_code=304, headers=headers)
    if fmt is ExportFormat.csv:
        headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # The rows' query is built now, before the answer starts: a request it refuses (a
    # full-text query with no words) is a 400, not a stream broken after its 200.
    export_session: Session = request.app.state.sessionmaker()
    try:
        source = rows(export_session)
    except BaseException:
        export_session.close()
        raise

    def body() -> Iterator[bytes]:
        with export_session:
            if fmt is ExportFormat.ndjson:
                for row in source:
                    yield (json.dumps(row, default=str, ensure_ascii=False) + "\n").encode()
            elif fmt is ExportFormat.csv:
                yield from _csv(source, columns)
            else:
                yield from _geojson(source)

    return StreamingResponse(body(), media_type=MEDIA_TYPES[fmt], headers=headers)


def _etags(header: str | None) -> set[str]:
    if not header:
        return set()
    return {tag.strip() for tag in header.split(",")}


def _csv(rows: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for index, row in enumerate(rows):
        writer.writerow(row)
        if index % 200 == 199:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _geojson(features: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    yield b'{"type": "FeatureCollection", "features": ['
    for index, feature in enumerate(features):
        prefix = b"" if index == 0 else b", "
        yield prefix + json.dumps(feature, ensure_ascii=False).encode()
    yield b"]}"


def export_responses(
    *formats: ExportFormat, schemas: dict[ExportFormat, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """OpenAPI ``content`` entries for a list's 200 response besides JSON: a JSON format
    (GeoJSON) with its schema from ``schemas``, text formats as strings."""
    given = schemas or {}
    return {
        MEDIA_TYPES[f].split(";")[0]: {"schema": given.get(f, {"type": "string"})} for f in formats
    }
