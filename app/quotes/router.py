from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import CursorParam, Limit, ReadSessionDep, in_process, run_read
from app.api.exports import export_response, export_responses, negotiate
from app.api.memo import request_revision
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
)
from app.api.problems import PROBLEMS
from app.db.fulltext import RELEVANCE_CANDIDATES
from app.pagination import DEFAULT_LIMIT
from app.quotes import service
from app.quotes.schemas import CSV_COLUMNS, QuotePage, QuoteRead
from app.speakers.service import live_speaker_id, speakers_matching

router = APIRouter(tags=["quotes"])
EXPORTS = (ExportFormat.ndjson, ExportFormat.csv)


class QuoteSort(StrEnum):
    newest = "-id"
    oldest = "id"
    relevance = "relevance"


class SourceKind(StrEnum):
    person = "person"
    organisation = "organisation"
    unnamed = "unnamed"


class QuoteKind(StrEnum):
    direct = "direct"
    partial = "partial"
    indirect = "indirect"


Sort = Annotated[
    QuoteSort,
    Query(
        description="`-id` (most recently stored first), `id`, or `relevance` (best full-text "
        "match first; without `q` it is the default, `-id`). With `relevance`, the newest "
        f"{RELEVANCE_CANDIDATES:,} matches (by id, after the other filters) are ranked: a "
        "common word does not rank the whole archive on every page. `count` counts every "
        "match.",
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
SourceKindParam = Annotated[
    SourceKind | None,
    Query(
        description="What kind of source: `person`, `organisation`, or `unnamed` (officials, "
        "sources, a spokesman: quotes whose source no speaker row names).",
        openapi_examples={"unnamed sources": {"value": "unnamed"}},
    ),
]


@router.get(
    "/quotes",
    summary="List and search quotes",
    description="Filters combine with AND. With `format=ndjson|csv` (or `Accept`) every match is "
    "streamed instead of one page.",
    response_model=QuotePage,
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
    source_kind: SourceKindParam = None,
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
) -> Page[QuoteRead] | QuotePage | Response:
    sort = effective_sort(sort, q, QuoteSort.newest)
    filters = service.QuoteFilters(
        speaker=speaker,
        speaker_id=None if speaker_id is None else live_speaker_id(session, speaker_id),
        source_kind=source_kind.value if source_kind else None,
        q=q,
        kind=kind.value if kind else None,
        article_id=article_id,
        published_from=published_from,
        published_to=published_to,
        place=place,
    )
    fmt = negotiate(request, format, allowed=EXPORTS)
    return await run_read(
        lambda: quote_page(request, response, session, filters, sort, limit, cursor, count, fmt),
        inline=filters.indexed() and not count and fmt is ExportFormat.json and in_process(session),
    )


def quote_page(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    filters: service.QuoteFilters,
    sort: QuoteSort,
    limit: int,
    cursor: str | None,
    count: bool,
    fmt: ExportFormat,
) -> Page[QuoteRead] | QuotePage | Response:
    """One page, or with ``fmt`` ndjson or csv (negotiated by the route) every match. A page
    filtered by a speaker's name lists the speakers the name matched."""
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
    name = filters.speaker
    matches = (
        None
        if name is None
        else request.app.state.name_matches.get(
            request_revision(request), name, lambda: tuple(speakers_matching(session, name))
        )
    )
    ids = None if matches is None else [m.id for m in matches]
    page, link = paginate(
        request,
        response,
        cursor=cursor,
        sort=sort,
        filters=filters,
        limit=limit,
        fetch=lambda position: service.list_quotes(
            session,
            filters=filters,
            sort=sort,
            limit=limit,
            cursor=position,
            speaker_ids=ids,
            as_json=True,
        ),
        key=lambda item: (item[1], item[0].id),
    )
    total = service.count_quotes(session, filters=filters, speaker_ids=ids) if count else None
    items = [row.item for row, _rank in page]
    if matches is None:
        return json_page(response, items, link, total)
    speakers = [
        {"id": m.id, "name": m.name, "kind": m.kind, "matched_by": m.matched_by} for m in matches
    ]
    return json_page(response, items, link, total, extra={"speakers": speakers})
