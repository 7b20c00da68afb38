from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from app.api.deps import CursorParam, Limit, ReadSessionDep
from app.api.exports import export_response, export_responses, negotiate
from app.api.pages import Page, paginate
from app.api.params import (
    Count,
    ExportFormat,
    PlaceFormat,
    PublishedFrom,
    PublishedTo,
    id_param,
    name_prefix,
)
from app.api.problems import PROBLEMS
from app.articles.schemas import ArticleSummary
from app.articles.service import ArticleFilters, list_articles
from app.pagination import DEFAULT_LIMIT
from app.places import service
from app.places.schemas import CSV_COLUMNS, GEOJSON_SCHEMA, PlaceRead, geojson_feature

router = APIRouter(prefix="/places", tags=["places"])
RECENT_ARTICLES = 20


class PlaceSort(StrEnum):
    most_mentioned = "-mention_count"
    name = "name"


class PlaceDetail(PlaceRead):
    articles: list[ArticleSummary] = Field(
        description=f"The {RECENT_ARTICLES} newest articles mentioning it."
    )
    articles_url: str = Field(description="All articles mentioning it, paginated.")


Country = Annotated[
    str | None,
    Query(
        pattern="^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 country code.",
        openapi_examples={"Syria": {"value": "SY"}},
    ),
]
NamePrefix = Annotated[str | None, name_prefix("Name prefix, case- and accent-insensitive.", "Ale")]
Sort = Annotated[
    PlaceSort,
    Query(
        description="`-mention_count` (most mentioned first) or `name`.",
        openapi_examples={"most mentioned": {"value": "-mention_count"}},
    ),
]
PlacePath = Annotated[int, id_param("Place", path=True)]


@router.get(
    "",
    summary="Places, most mentioned first, with coordinates",
    description="`published_from`/`published_to` keep places mentioned in articles of that "
    "window. `format=geojson` (or `Accept: application/geo+json`) streams a GeoJSON "
    "FeatureCollection of every match; `ndjson` and `csv` stream too.",
    response_model=Page[PlaceRead],
    responses={
        200: {
            "content": export_responses(
                ExportFormat.geojson,
                ExportFormat.ndjson,
                ExportFormat.csv,
                schemas={ExportFormat.geojson: GEOJSON_SCHEMA},
            )
        },
        400: PROBLEMS[400],
        422: PROBLEMS[422],
    },
)
def list_places(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    country: Country = None,
    q: NamePrefix = None,
    published_from: PublishedFrom = None,
    published_to: PublishedTo = None,
    sort: Sort = PlaceSort.most_mentioned,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    count: Count = False,
    format: PlaceFormat = None,
) -> Page[PlaceRead] | Response:
    filters = service.PlaceFilters(
        q=q, country=country, published_from=published_from, published_to=published_to
    )
    allowed = (ExportFormat.geojson, ExportFormat.ndjson, ExportFormat.csv)
    fmt = negotiate(request, format, allowed=allowed)
    if fmt is not ExportFormat.json:
        as_geojson = fmt is ExportFormat.geojson
        return export_response(
            request,
            fmt,
            session=session,
            rows=lambda s: (
                geojson_feature(p) if as_geojson else PlaceRead.model_validate(p).model_dump()
                for p in service.stream_places(s, filters=filters)
            ),
            columns=CSV_COLUMNS,
            filename="places",
        )
    page, link = paginate(
        request,
        response,
        cursor=cursor,
        sort=sort,
        filters=filters,
        limit=limit,
        fetch=lambda position: service.list_places(
            session, filters=filters, sort=sort, limit=limit, cursor=position
        ),
        key=lambda p: (p.name_key if sort == PlaceSort.name else p.mention_count, p.id),
    )
    total = service.count_places(session, filters=filters) if count else None
    return Page(items=[PlaceRead.model_validate(p) for p in page], next=link, count=total)


@router.get(
    "/{place_id}",
    summary="One place: coordinates, country, kind, mentions and the articles naming it",
    response_model=PlaceDetail,
    responses={404: PROBLEMS[404], 422: PROBLEMS[422]},
)
def get_place(request: Request, place_id: PlacePath, session: ReadSessionDep) -> PlaceDetail:
    place = service.get_place(session, place_id)
    recent = list_articles(
        session,
        filters=ArticleFilters(place_id=place_id),
        sort="-published_date",
        limit=RECENT_ARTICLES,
        cursor=None,
    )
    articles_url = str(request.url_for("list_articles").include_query_params(place_id=place_id))
    return PlaceDetail(
        **PlaceRead.model_validate(place).model_dump(),
        articles=[ArticleSummary.model_validate(a) for a, _rank in recent[:RECENT_ARTICLES]],
        articles_url=articles_url,
    )
