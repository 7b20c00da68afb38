from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from app.api.deps import CursorParam, Limit, SessionDep
from app.api.pages import Page, next_link
from app.api.problems import PROBLEMS
from app.articles import service
from app.articles.schemas import ArticleRead, ArticleSummary
from app.pagination import DEFAULT_LIMIT, decode_cursor, filters_hash
from app.places.schemas import PlaceMentionRead, PlaceRead
from app.places.service import mentions_of_article
from app.quotes.schemas import QuoteInArticle, speaker_ref
from app.quotes.service import quotes_of_article

router = APIRouter(prefix="/articles", tags=["articles"])

ArticleId = Annotated[
    int,
    Path(ge=1, le=2**53, description="Article id.", openapi_examples={"seed": {"value": 1}}),
]


@router.get(
    "",
    summary="List articles, newest first",
    response_model=Page[ArticleSummary],
    responses={400: PROBLEMS[400], 422: PROBLEMS[422]},
)
def list_articles(
    request: Request,
    response: Response,
    session: SessionDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[ArticleSummary]:
    sort, filters = "-published_date", filters_hash({})
    position = decode_cursor(cursor, sort=sort, filters=filters) if cursor else None
    rows = service.list_articles(session, limit=limit, cursor=position)
    link = next_link(
        request,
        response,
        rows,
        limit=limit,
        sort=sort,
        filters=filters,
        key=lambda a: (a.published_date.isoformat() if a.published_date else None, a.id),
    )
    return Page(items=[ArticleSummary.model_validate(a) for a in rows[:limit]], next=link)


@router.get(
    "/{article_id}",
    summary="One article with its body, quotes and places",
    response_model=ArticleRead,
    responses={404: PROBLEMS[404], 422: PROBLEMS[422]},
)
def get_article(article_id: ArticleId, session: SessionDep) -> ArticleRead:
    article = service.get_article(session, article_id)
    quotes = [
        QuoteInArticle(
            id=q.id,
            text=q.text,
            kind=q.kind,
            cue=q.cue,
            start=q.start_offset,
            end=q.end_offset,
            speaker=speaker_ref(s, q.speaker_title),
            speaker_text=q.speaker_text,
        )
        for q, s in quotes_of_article(session, article.id)
    ]
    places = [
        PlaceMentionRead(
            text=m.text, start=m.start_offset, end=m.end_offset, place=PlaceRead.model_validate(p)
        )
        for m, p in mentions_of_article(session, article.id)
    ]
    summary = ArticleSummary.model_validate(article)
    return ArticleRead(
        **summary.model_dump(),
        subtitle=article.subtitle,
        reading_time_minutes=article.reading_time_minutes,
        image_caption=article.image_caption,
        body=article.body,
        paragraphs=article.paragraphs,
        quotes=quotes,
        places=places,
    )
