from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.api.auth import WriterDep
from app.api.deps import (
    CursorParam,
    ExtractorDep,
    Limit,
    ReadEngineDep,
    ReadSessionDep,
    SessionDep,
    in_process,
    run_read,
    run_read_bounded,
)
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
)
from app.api.problems import PROBLEMS
from app.articles import service
from app.articles.schemas import (
    CSV_COLUMNS,
    ArticleCreate,
    ArticleRead,
    ArticleSummary,
)
from app.db.fulltext import RELEVANCE_CANDIDATES, TooManyMatches
from app.errors import InvalidInput
from app.ingest import extract_article, identity_of, store_article, with_language
from app.pagination import DEFAULT_LIMIT
from app.places.schemas import PlaceMentionRead, place_mention
from app.places.service import mentions_of_article
from app.quotes.schemas import QuoteInArticle, quote_in_article
from app.quotes.service import quotes_of_article
from app.readers.mapping import article_from_mapping

router = APIRouter(prefix="/articles", tags=["articles"])
JSON = "application/json"

ArticleId = Annotated[int, id_param("Article", path=True)]


class ArticleSort(StrEnum):
    newest = "-published_date"
    oldest = "published_date"
    relevance = "relevance"


Sort = Annotated[
    ArticleSort,
    Query(
        description="`-published_date` (newest first), `published_date`, or `relevance` "
        "(best full-text match first; without `q` it is the default, newest first). With "
        f"`relevance`, the {RELEVANCE_CANDIDATES:,} most recently stored matches (by id, after "
        "the other filters) are ranked: a common word does not rank the whole archive on "
        "every page. `count` counts every match.",
        openapi_examples={"newest first": {"value": "-published_date"}},
    ),
]
Source = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="Publisher, case-insensitive.",
        openapi_examples={"publisher": {"value": "The New Arab"}},
    ),
]
PlaceId = Annotated[int | None, id_param("Place")]
Author = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="A name in the article's byline, case-insensitive, whole name.",
        openapi_examples={"byline": {"value": "Bryan DeArdo"}},
    ),
]
Language = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z]{2,3}$",
        description="ISO 639-1 code of the article's language, as identified from its text.",
        openapi_examples={"English": {"value": "en"}, "German": {"value": "de"}},
    ),
]


@router.get(
    "",
    summary="List and search articles",
    description="Newest first by default. Filters combine with AND. With `format=ndjson|csv` "
    "(or `Accept`) every match is streamed instead of one page.",
    response_model=Page[ArticleSummary],
    responses={
        200: {"content": export_responses(ExportFormat.ndjson, ExportFormat.csv)},
        400: PROBLEMS[400],
        422: PROBLEMS[422],
    },
)
async def list_articles(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    q: SearchQuery = None,
    published_from: PublishedFrom = None,
    published_to: PublishedTo = None,
    speaker: SpeakerName = None,
    speaker_id: SpeakerId = None,
    place: PlaceName = None,
    place_id: PlaceId = None,
    source: Source = None,
    author: Author = None,
    language: Language = None,
    sort: Sort = ArticleSort.newest,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    count: Count = False,
    format: Format = None,
) -> Page[ArticleSummary] | Response:
    sort = effective_sort(sort, q, ArticleSort.newest)
    filters = service.ArticleFilters(
        q=q,
        published_from=published_from,
        published_to=published_to,
        speaker=speaker,
        speaker_id=speaker_id,
        place=place,
        place_id=place_id,
        source=source,
        author=author,
        language=language,
    )
    fmt = negotiate(request, format, allowed=(ExportFormat.ndjson, ExportFormat.csv))
    if fmt is not ExportFormat.json:
        return await run_read(lambda: _export(request, session, fmt, filters, sort), inline=False)
    # a full-text page on SQLite stays on the event loop while its matches are few
    return await run_read_bounded(
        lambda bounded: _page(
            request, response, session, filters, sort, limit, cursor, count, bounded=bounded
        ),
        inline=not count and in_process(session) and service.bounded_page(session, filters, sort),
        unbounded=TooManyMatches,
    )


def _export(
    request: Request,
    session: Session,
    fmt: ExportFormat,
    filters: service.ArticleFilters,
    sort: ArticleSort,
) -> Response:
    return export_response(
        request,
        fmt,
        session=session,
        rows=lambda s: (
            ArticleSummary.model_validate(a).model_dump(mode="json")
            for a in service.stream_articles(s, filters=filters, sort=sort)
        ),
        columns=CSV_COLUMNS,
        filename="articles",
    )


def _page(
    request: Request,
    response: Response,
    session: Session,
    filters: service.ArticleFilters,
    sort: ArticleSort,
    limit: int,
    cursor: str | None,
    count: bool,
    *,
    bounded: bool = False,
) -> Response:
    page, link = paginate(
        request,
        response,
        cursor=cursor,
        sort=sort,
        filters=filters,
        limit=limit,
        fetch=lambda position: service.list_articles(
            session,
            filters=filters,
            sort=sort,
            limit=limit,
            cursor=position,
            as_json=True,
            bounded=bounded,
        ),
        # rows of (item, published_date, id, ...): a date, or its ISO text from a raw read
        key=lambda row: (
            row[1]
            if sort == ArticleSort.relevance
            else None
            if row[0][1] is None
            else str(row[0][1]),
            row[0][2],
        ),
    )
    total = service.count_articles(session, filters=filters) if count else None
    return json_page(response, [row[0] for row, _rank in page], link, total)


@router.get(
    "/{article_id}",
    summary="One article with its body, quotes and places",
    response_model=ArticleRead,
    responses={404: PROBLEMS[404], 422: PROBLEMS[422]},
)
async def get_article(article_id: ArticleId, engine: ReadEngineDep) -> Response:
    # JSON built by the database in the shape of ``ArticleRead`` (tests hold it to it).
    page = await run_read(
        lambda: service.article_page(engine, article_id), inline=in_process(engine)
    )
    return Response(page, media_type=JSON)


@router.get(
    "/{article_id}/quotes",
    summary="The quotes of one article, in reading order",
    response_model=list[QuoteInArticle],
    responses={404: PROBLEMS[404], 422: PROBLEMS[422]},
)
async def list_article_quotes(
    article_id: ArticleId, session: ReadSessionDep
) -> list[dict[str, Any]]:
    service.require_article(session, article_id)
    return [quote_in_article(row) for row in quotes_of_article(session, article_id)]


@router.get(
    "/{article_id}/places",
    summary="The place mentions of one article, in reading order",
    response_model=list[PlaceMentionRead],
    responses={404: PROBLEMS[404], 422: PROBLEMS[422]},
)
async def list_article_places(
    article_id: ArticleId, session: ReadSessionDep
) -> list[dict[str, Any]]:
    service.require_article(session, article_id)
    return [place_mention(row) for row in mentions_of_article(session, article_id)]


@router.post(
    "",
    summary="Ingest one article",
    description="Runs the same extraction as the ingest command. The same article again (same "
    "URL or same text) returns the stored one with 200 instead of a duplicate. "
    "Needs `Authorization: Bearer <key>`.",
    status_code=status.HTTP_201_CREATED,
    response_model=ArticleRead,
    responses={
        200: {"description": "Already stored: the existing article.", "model": ArticleRead},
        401: PROBLEMS[401],
        403: PROBLEMS[403],
        413: PROBLEMS[413],
        422: PROBLEMS[422],
    },
)
def create_article(
    payload: ArticleCreate,
    request: Request,
    session: SessionDep,
    extractor: ExtractorDep,
    _writer: WriterDep,
) -> Response:
    try:
        text = with_language(article_from_mapping(payload.as_mapping()))
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    existing = service.find_article(session, content_hash=identity_of(text), url=text.url)
    if existing is not None:
        return _article_response(request, session, existing.id, status.HTTP_200_OK)
    extraction = extract_article(extractor, text)
    try:
        with session.begin_nested():
            article_id = store_article(session, text, extraction)
    except IntegrityError:
        # The same article was stored meanwhile by another request or ingest.
        existing = service.find_article(session, content_hash=identity_of(text), url=text.url)
        if existing is None:
            raise
        return _article_response(request, session, existing.id, status.HTTP_200_OK)
    return _article_response(request, session, article_id, status.HTTP_201_CREATED)


@router.delete(
    "/{article_id}",
    summary="Delete an article with its quotes and place mentions",
    description="Speakers and places that nothing refers to any more are removed too. "
    "Needs `Authorization: Bearer <key>`.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={401: PROBLEMS[401], 403: PROBLEMS[403], 404: PROBLEMS[404], 422: PROBLEMS[422]},
)
def delete_article(article_id: ArticleId, session: SessionDep, _writer: WriterDep) -> Response:
    service.delete_article(session, article_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _article_response(request: Request, session: Session, article_id: int, code: int) -> Response:
    location = str(request.url_for("get_article", article_id=article_id))
    page = service.article_page(session, article_id)
    return Response(page, status_code=code, media_type=JSON, headers={"Location": location})
