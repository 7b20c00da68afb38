from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from app.api.deps import ReadSessionDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str


@router.get("/healthz", summary="Liveness and database check", response_model=Health)
def healthz(session: ReadSessionDep) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", database="ok")
