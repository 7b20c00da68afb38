"""Query parameters shared by several lists, each described with an example for Swagger UI."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator

# Ids are 32-bit integers in PostgreSQL: a larger one is a 422, not a failed query.
MAX_ID = 2**31 - 1


def id_param(entity: str, *, path: bool = False) -> Any:
    """An id parameter (path or query): 1 to MAX_ID, described, with an example."""
    where = Path if path else Query
    return where(
        ge=1, le=MAX_ID, description=f"{entity} id.", openapi_examples={"first": {"value": 1}}
    )


def name_prefix(description: str, example: str) -> Any:
    """A name-prefix search parameter (`q` on /speakers and /places)."""
    return Query(
        min_length=1,
        max_length=300,
        description=description,
        openapi_examples={"prefix": {"value": example}},
    )


class ExportFormat(StrEnum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    geojson = "geojson"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (or a date), as the schema's ``format: date`` says: pydantic alone
    would also take a number as a Unix time (``published_to=0``)."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
RANGE_NOTE = " A range that ends before it starts matches nothing."
PublishedFrom = Annotated[
    IsoDate | None,
    Query(
        description="Only articles published on or after this date (YYYY-MM-DD)." + RANGE_NOTE,
        openapi_examples={"February 2020": {"value": "2020-02-01"}},
    ),
]
PublishedTo = Annotated[
    IsoDate | None,
    Query(
        description="Only articles published on or before this date (YYYY-MM-DD)." + RANGE_NOTE,
        openapi_examples={"February 2020": {"value": "2020-02-29"}},
    ),
]
SearchQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=500,
        description='Full-text query: words, "quoted phrases", OR, and -word to exclude.',
        openapi_examples={"word": {"value": "russia"}, "phrase": {"value": '"security council"'}},
    ),
]
SpeakerName = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=300,
        description="Speaker name or any alias, case-insensitive (`jeffrey`, `James Jeffrey`).",
        openapi_examples={"surname": {"value": "jeffrey"}, "full name": {"value": "James Jeffrey"}},
    ),
]
SpeakerId = Annotated[int | None, id_param("Speaker")]
PlaceName = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=300,
        description="Place name as resolved or as written, case-insensitive (`Idlib`, `Hamah`).",
        openapi_examples={"city": {"value": "Idlib"}},
    ),
]
Count = Annotated[
    bool,
    Query(
        description="Also return the total number of matching items (costs a count query).",
        openapi_examples={"with total": {"value": True}},
    ),
]


class ListFormat(StrEnum):
    """The formats of a list: one JSON page, or a streamed export of every match."""

    json = "json"
    ndjson = "ndjson"
    csv = "csv"


class MapFormat(StrEnum):
    """The formats of a list of places: a list's, and GeoJSON."""

    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    geojson = "geojson"


Format = Annotated[
    ListFormat | None,
    Query(
        description="`json` (a page), or a streamed export of every match: `ndjson` or `csv`. "
        "The `Accept` header selects it too.",
        openapi_examples={"page": {"value": "json"}, "CSV export": {"value": "csv"}},
    ),
]
PlaceFormat = Annotated[
    MapFormat | None,
    Query(
        description="`json` (a page), or a streamed export of every match: `geojson` (a "
        "FeatureCollection), `ndjson` or `csv`. The `Accept` header selects it too.",
        openapi_examples={"page": {"value": "json"}, "GeoJSON": {"value": "geojson"}},
    ),
]
