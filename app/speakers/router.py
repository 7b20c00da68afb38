"""/speakers: the speaker directory, each speaker's quotes, and curation (writes need a key)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from app.api.auth import WriterDep
from app.api.deps import CursorParam, Limit, ReadSessionDep, SessionDep, in_process, run_read
from app.api.exports import export_responses, negotiate
from app.api.pages import Page, paginate
from app.api.params import Count, ExportFormat, Format, id_param, name_prefix
from app.api.problems import PROBLEMS
from app.db.revision import bump_revision
from app.pagination import DEFAULT_LIMIT
from app.quotes.router import EXPORTS, QuoteSort, quote_page
from app.quotes.schemas import QuotePage, QuoteRead
from app.quotes.service import QuoteFilters
from app.speakers import service
from app.speakers.schemas import (
    SpeakerDetail,
    SpeakerMerge,
    SpeakerRead,
    SpeakerSplit,
    SpeakerUpdate,
)

router = APIRouter(prefix="/speakers", tags=["speakers"])


class SpeakerSort(StrEnum):
    most_quoted = "-quote_count"
    name = "name"


SpeakerPath = Annotated[int, id_param("Speaker", path=True)]
NamePrefix = Annotated[
    str | None,
    name_prefix(
        "Name prefix, case-insensitive, over names and aliases; speakers whose own name "
        "matches come first.",
        "jef",
    ),
]
SpeakerSortParam = Annotated[
    SpeakerSort,
    Query(
        description="`-quote_count` (most quoted first) or `name`.",
        openapi_examples={"most quoted": {"value": "-quote_count"}},
    ),
]
_REDIRECT: dict[int | str, dict[str, Any]] = {
    308: {
        "description": "The speaker was merged into another: `Location` names the surviving "
        "speaker (the same path under its id)."
    }
}
_WRITE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
    422: PROBLEMS[422],
}


@router.get(
    "",
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
        key=lambda s: (service.sort_value(s, sort=sort, q=q), s.id),
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


def _redirect(request: Request, old: int, live: int) -> RedirectResponse:
    path = request.url.path.replace(f"/speakers/{old}", f"/speakers/{live}", 1)
    url = request.url.replace(path=path)
    return RedirectResponse(str(url), status_code=status.HTTP_308_PERMANENT_REDIRECT)


def _detail(session: Session, speaker_id: int) -> SpeakerDetail:
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
        external_ids=stats.external_ids,
        first_quoted_date=stats.first_quoted_date,
        last_quoted_date=stats.last_quoted_date,
    )


@router.get(
    "/{speaker_id}",
    summary="One speaker: aliases, roles, external ids, quote count, first and last quoted",
    response_model=SpeakerDetail,
    responses={**_REDIRECT, 404: PROBLEMS[404], 422: PROBLEMS[422]},
)
def get_speaker(
    request: Request, speaker_id: SpeakerPath, session: ReadSessionDep
) -> SpeakerDetail | Response:
    live = service.live_speaker_id(session, speaker_id)
    if live != speaker_id:
        return _redirect(request, speaker_id, live)
    return _detail(session, speaker_id)


@router.get(
    "/{speaker_id}/quotes",
    summary="The quotes of one speaker",
    response_model=Page[QuoteRead],
    responses={
        200: {"content": export_responses(ExportFormat.ndjson, ExportFormat.csv)},
        **_REDIRECT,
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
) -> Page[QuoteRead] | QuotePage | Response:
    # primary-key lookups: inline, and the redirect or 404 before format negotiation
    live = service.live_speaker_id(session, speaker_id)
    if live != speaker_id:
        return _redirect(request, speaker_id, live)
    service.get_speaker(session, speaker_id)
    filters = QuoteFilters(speaker_id=speaker_id)
    fmt = negotiate(request, format, allowed=EXPORTS)
    return await run_read(
        lambda: quote_page(
            request, response, session, filters, QuoteSort.newest, limit, cursor, count, fmt
        ),
        inline=not count and fmt is ExportFormat.json and in_process(session),
    )


@router.patch(
    "/{speaker_id}",
    summary="Curate a speaker: rename, set the kind, set external ids",
    description="A name or kind set here is kept by every later ingest and by re-runs of "
    "automatic resolution. Needs `Authorization: Bearer <key>`.",
    response_model=SpeakerDetail,
    responses={**_WRITE_PROBLEMS, 409: PROBLEMS[409]},
)
def update_speaker(
    speaker_id: SpeakerPath, payload: SpeakerUpdate, session: SessionDep, _writer: WriterDep
) -> SpeakerDetail:
    live = service.live_speaker_id(session, speaker_id)
    service.update_speaker(
        session,
        live,
        name=payload.name,
        kind=payload.kind.value if payload.kind else None,
        external_ids=(
            {scheme.value: value for scheme, value in payload.external_ids.items()}
            if payload.external_ids is not None
            else None
        ),
    )
    bump_revision(session)
    return _detail(session, live)


@router.post(
    "/{speaker_id}/merge",
    summary="Merge other speakers into this one",
    description="Their quotes, aliases and external ids move here; their ids answer with a "
    "308 redirect to this speaker and still match `speaker_id=` filters. Later ingests "
    "follow the merge; re-runs of automatic resolution never undo it. Needs "
    "`Authorization: Bearer <key>`.",
    response_model=SpeakerDetail,
    responses={**_WRITE_PROBLEMS, 409: PROBLEMS[409]},
)
def merge_speakers(
    speaker_id: SpeakerPath, payload: SpeakerMerge, session: SessionDep, _writer: WriterDep
) -> SpeakerDetail:
    target = service.merge_speakers(session, into=speaker_id, speaker_ids=payload.speaker_ids)
    bump_revision(session)
    return _detail(session, target.id)


@router.post(
    "/{speaker_id}/split",
    summary="Split an alias off into a new speaker",
    description="The alias and every quote attributed through it move to a new speaker "
    "(201, `Location`). Both speakers' aliases are pinned: automatic resolution never "
    "joins them again. Needs `Authorization: Bearer <key>`.",
    status_code=status.HTTP_201_CREATED,
    response_model=SpeakerDetail,
    responses={**_WRITE_PROBLEMS, 409: PROBLEMS[409]},
)
def split_speaker(
    request: Request,
    response: Response,
    speaker_id: SpeakerPath,
    payload: SpeakerSplit,
    session: SessionDep,
    _writer: WriterDep,
) -> SpeakerDetail:
    live = service.live_speaker_id(session, speaker_id)
    new = service.split_alias(
        session,
        live,
        alias=payload.alias,
        name=payload.name,
        kind=payload.kind.value if payload.kind else None,
    )
    bump_revision(session)
    response.headers["Location"] = str(request.url_for("get_speaker", speaker_id=new.id))
    return _detail(session, new.id)
