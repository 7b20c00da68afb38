"""Request dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.session import transaction
from app.pagination import DEFAULT_LIMIT, MAX_LIMIT


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on error."""
    with transaction(request.app.state.sessionmaker) as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

Limit = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_LIMIT,
        description=f"Items per page, 1 to {MAX_LIMIT}.",
        openapi_examples={"default": {"summary": "a page of 20", "value": DEFAULT_LIMIT}},
    ),
]
CursorParam = Annotated[
    str | None,
    Query(
        max_length=512,
        description="Opaque position from the `next` link of the previous page.",
        openapi_examples={"first page": {"summary": "no cursor: the first page", "value": ""}},
    ),
]
