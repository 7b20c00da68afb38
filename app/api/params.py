"""Query parameters shared by several lists, each described with an example for Swagger UI."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path, Query

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


PublishedFrom = Annotated[
    date | None,
    Query(
        description="Only articles published on or after this date (YYYY-MM-DD).",
        openapi_examples={"February 2020": {"value": "2020-02-01"}},
    ),
]
PublishedTo = Annotated[
    date | None,
    Query(
        description="Only articles published on or before this date (YYYY-MM-DD).",
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
Format = Annotated[
    ExportFormat | None,
    Query(
        description="`json` (a page), or a streamed export of every match: `ndjson`, `csv` "
        "(and `geojson` for places). The `Accept` header selects it too.",
        openapi_examples={"page": {"value": "json"}, "CSV export": {"value": "csv"}},
    ),
]
