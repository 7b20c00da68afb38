from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import CursorParam, Limit, ReadSessionDep, in_process, run_read
from app.api.exports import export_response, export_responses, negotiate
from app.api.pages import Page, effective_sort, json_page, paginate
from app.api.params import (
    Count,
    ExportFormat,
    Format,
    PlaceName,
    PublishedFrom,
    PublishedTo,
    SearchQuery,
    SpeakerId,
    SpeakerName,
    id_param,
    name_prefix,
)
from app.api.problems import PROBLEMS
from app.pagination import DEFAULT_LIMIT
from app.quotes import service
from app.quotes.schemas import CSV_COLUMNS, QuoteRead, SpeakerDetail, SpeakerRead

router = APIRouter(tags=["quotes"])
EXPORTS = (ExportFormat.ndjson, ExportFormat.csv)


class QuoteSort(StrEnum):
    newest = "-id"
    oldest = "id"
    relevance = "relevance"


class QuoteKind(StrEnum):
    direct = "direct"
    partial = "partial"
    indirect = "indirect"


class SpeakerSort(StrEnum):
    most_quoted = "-quote_count"
    name = "name"


Sort = Annotated[
    QuoteSort,
    Query(
        description="`-id` (most recently stored first), `id`, or `relevance` (best full-text "
        "match first; without `q` it is the default, `-id`).",
        openapi_examples={"newest first": {"value": "-id"}},
    ),
]
Kind = Annotated[
    QuoteKind | None,
    Query(
        description="`direct` (quoted words), `partial` (quoted words inside reported speech) "
        "or `indirect` (reported speech without quotation marks).",
        openapi_examples={"direct": {"value": "direct"}},
    ),
]
ArticleIdFilter = Annotated[int | None, id_param("Article")]
SpeakerPath = Annotated[int, id_param("Speaker", path=True)]
NamePrefix = Annotated[
    str | None, name_prefix("Name prefix, case-insensitive, over names and aliases.", "jef")
]
SpeakerSortParam = Annotated[
    SpeakerSort,
    Query(
        description="`-quote_count` (most quoted first) or `name`.",
        openapi_examples={"most quoted": {"value": "-quote_count"}},
    ),
]


@router.get(
    "/quotes",
    summary="List and search quotes",
    description="Filters combine with AND. With `format=ndjson|csv` (or `Accept`) every match is "
    "streamed instead of one page.",
    response_model=Page[QuoteRead],
    responses={
        200: {"content": export_responses(ExportFormat.ndjson, ExportFormat.csv)},
        400: PROBLEMS[400],
        422: PROBLEMS[422],
    },
)
async def list_quotes(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    speaker: SpeakerName = None,
    speaker_id: SpeakerId = None,
    q: SearchQuery = None,
    kind: Kind = None,
    article_id: ArticleIdFilter = None,
    published_from: PublishedFrom = None,
    published_to: PublishedTo = None,
    place: PlaceName = None,
    sort: Sort = QuoteSort.newest,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    count: Count = False,
    format: Format = None,
) -> Page[QuoteRead] | Response:
    sort = effective_sort(sort, q, QuoteSort.newest)
    filters = service.QuoteFilters(
        speaker=speaker,
        speaker_id=speaker_id,
        q=q,
        kind=kind.value if kind else None,
        article_id=article_id,
        published_from=published_from,
        published_to=published_to,
        place=place,
    )
    fmt = negotiate(request, format, allowed=EXPORTS)
    return await run_read(
        lambda: _quote_page(request, response, session, filters, sort, limit, cursor, count, fmt),
        inline=filters.indexed() and not count and fmt is ExportFormat.json and in_process(session),
    )


@router.get(
    "/speakers",
    summary="Speakers, most quoted first",
    response_model=Page[SpeakerRead],
    responses={400: PROBLEMS[400], 422: PROBLEMS[422]},
)
def list_speakers(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    q: NamePrefix = None,
    sort: SpeakerSortParam = SpeakerSort.most_quoted,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    count: Count = False,
) -> Page[SpeakerRead]:
    page, link = paginate(
        request,
        response,
        cursor=cursor,
        sort=sort,
        filters={"q": q},
        limit=limit,
        fetch=lambda position: service.list_speakers(
            session, q=q, sort=sort, limit=limit, cursor=position
        ),
        key=lambda s: (s.key if sort == SpeakerSort.name else s.quote_count, s.id),
    )
    aliases = service.aliases_of(session, (s.id for s in page))
    items = [
        SpeakerRead(
            id=s.id,
            name=s.name,
            kind=s.kind,
            title=s.title,
            aliases=aliases[s.id],
            quote_count=s.quote_count,
        )
        for s in page
    ]
    total = service.count_speakers(session, q=q) if count else None
    return Page(items=items, next=link, count=total)


@router.get(
    "/speakers/{speaker_id}",
    summary="One speaker: aliases, roles, quote count, first and last quoted",
    response_model=SpeakerDetail,
    responses={404: PROBLEMS[404], 422: PROBLEMS[422]},
)
def get_speaker(speaker_id: SpeakerPath, session: ReadSessionDep) -> SpeakerDetail:
    stats = service.speaker_stats(session, speaker_id)
    speaker = stats.speaker
    return SpeakerDetail(
        id=speaker.id,
        name=speaker.name,
        kind=speaker.kind,
        title=speaker.title,
        aliases=stats.aliases,
        quote_count=speaker.quote_count,
        titles=stats.titles,
        first_quoted_date=stats.first_quoted_date,
        last_quoted_date=stats.last_quoted_date,
    )


@router.get(
    "/speakers/{speaker_id}/quotes",
    summary="The quotes of one speaker",
    response_model=Page[QuoteRead],
    responses={
        200: {"content": export_responses(ExportFormat.ndjson, ExportFormat.csv)},
        400: PROBLEMS[400],
        404: PROBLEMS[404],
        422: PROBLEMS[422],
    },
)
async def list_speaker_quotes(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    speaker_id: SpeakerPath,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    count: Count = False,
    format: Format = None,
) -> Page[QuoteRead] | Response:
    service.get_speaker(session, speaker_id)  # a primary-key lookup: inline, and 404 first
    filters = service.QuoteFilters(speaker_id=speaker_id)
    fmt = negotiate(request, format, allowed=EXPORTS)
    return await run_read(
        lambda: _quote_page(
            request, response, session, filters, QuoteSort.newest, limit, cursor, count, fmt
        ),
        inline=not count and fmt is ExportFormat.json,
    )


def _quote_page(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    filters: service.QuoteFilters,
    sort: QuoteSort,
    limit: int,
    cursor: str | None,
    count: bool,
    fmt: ExportFormat,
) -> Page[QuoteRead] | Response:
    """One page, or with ``fmt`` ndjson or csv (negotiated by the route) every match."""
    if fmt is not ExportFormat.json:
        csv_rows = fmt is ExportFormat.csv
        return export_response(
            request,
            fmt,
            session=session,
            rows=lambda s: (
                quote.csv_row() if csv_rows else quote.model_dump(mode="json")
                for quote in (
                    QuoteRead.from_row(row)
                    for row in service.stream_quotes(s, filters=filters, sort=sort)
                )
            ),
            columns=CSV_COLUMNS,
            filename="quotes",
        )
    page, link = paginate(
        request,
        response,
        cursor=cursor,
        sort=sort,
        filters=filters,
        limit=limit,
        fetch=lambda position: service.list_quotes(
            session, filters=filters, sort=sort, limit=limit, cursor=position, as_json=True
        ),
        key=lambda item: (item[1], item[0].id),
    )
    total = service.count_quotes(session, filters=filters) if count else None
    return json_page(response, [row.item for row, _rank in page], link, total)
