from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import CursorParam, Limit, SessionDep
from app.api.pages import Page, next_link
from app.api.problems import PROBLEMS
from app.pagination import DEFAULT_LIMIT, decode_cursor, filters_hash
from app.quotes import service
from app.quotes.schemas import QuoteRead, SpeakerRead, speaker_ref

router = APIRouter(tags=["quotes"])

SpeakerName = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=300,
        description="Speaker name or any alias, case-insensitive (`jeffrey`, `James Jeffrey`).",
        openapi_examples={"surname": {"value": "jeffrey"}, "full name": {"value": "James Jeffrey"}},
    ),
]


@router.get(
    "/quotes",
    summary="Quotes, newest first, optionally by speaker",
    response_model=Page[QuoteRead],
    responses={400: PROBLEMS[400], 422: PROBLEMS[422]},
)
def list_quotes(
    request: Request,
    response: Response,
    session: SessionDep,
    speaker: SpeakerName = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[QuoteRead]:
    sort, filters = "-id", filters_hash({"speaker": speaker})
    position = decode_cursor(cursor, sort=sort, filters=filters) if cursor else None
    rows = service.list_quotes(session, limit=limit, cursor=position, speaker=speaker)
    link = next_link(
        request,
        response,
        rows,
        limit=limit,
        sort=sort,
        filters=filters,
        key=lambda r: (None, r[0].id),
    )
    items = [
        QuoteRead(
            id=q.id,
            text=q.text,
            kind=q.kind,
            cue=q.cue,
            start=q.start_offset,
            end=q.end_offset,
            speaker=speaker_ref(s, q.speaker_title),
            speaker_text=q.speaker_text,
            article_id=article_id,
            article_title=title,
        )
        for q, s, article_id, title in rows[:limit]
    ]
    return Page(items=items, next=link)


@router.get(
    "/speakers",
    summary="Speakers, most quoted first",
    response_model=Page[SpeakerRead],
    responses={400: PROBLEMS[400], 422: PROBLEMS[422]},
)
def list_speakers(
    request: Request,
    response: Response,
    session: SessionDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[SpeakerRead]:
    sort, filters = "-quote_count", filters_hash({})
    position = decode_cursor(cursor, sort=sort, filters=filters) if cursor else None
    rows = service.list_speakers(session, limit=limit, cursor=position)
    link = next_link(
        request,
        response,
        rows,
        limit=limit,
        sort=sort,
        filters=filters,
        key=lambda s: (s.quote_count, s.id),
    )
    page = rows[:limit]
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
    return Page(items=items, next=link)
