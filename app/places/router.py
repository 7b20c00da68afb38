from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import CursorParam, Limit, SessionDep
from app.api.pages import Page, next_link
from app.api.problems import PROBLEMS
from app.pagination import DEFAULT_LIMIT, decode_cursor, filters_hash
from app.places import service
from app.places.schemas import PlaceRead

router = APIRouter(prefix="/places", tags=["places"])


@router.get(
    "",
    summary="Places, most mentioned first, with coordinates",
    response_model=Page[PlaceRead],
    responses={400: PROBLEMS[400], 422: PROBLEMS[422]},
)
def list_places(
    request: Request,
    response: Response,
    session: SessionDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: CursorParam = None,
) -> Page[PlaceRead]:
    sort, filters = "-mention_count", filters_hash({})
    position = decode_cursor(cursor, sort=sort, filters=filters) if cursor else None
    rows = service.list_places(session, limit=limit, cursor=position)
    link = next_link(
        request,
        response,
        rows,
        limit=limit,
        sort=sort,
        filters=filters,
        key=lambda p: (p.mention_count, p.id),
    )
    return Page(items=[PlaceRead.model_validate(p) for p in rows[:limit]], next=link)
