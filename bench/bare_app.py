"""The ceiling: FastAPI and uvicorn returning a constant JSON, no database, no validation.

``/sync`` is a plain ``def`` route run in the threadpool, as every Quotemap route is; ``/async``
skips the threadpool. Both serve the same body.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

BODY: dict[str, Any] = {"id": 1, "title": "A constant article", "quotes": [], "places": []}


def create_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/sync")
    def sync_route() -> dict[str, Any]:
        return BODY

    @app.get("/async")
    async def async_route() -> dict[str, Any]:
        return BODY

    return app
