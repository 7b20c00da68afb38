"""The OpenAPI document, completed in one place for every route, present or future.

Operation ids: one rule for every route, so generated clients read well.

The id of an operation is the name of its route function (``list_quotes``, ``get_article``),
not FastAPI's default of name, path and method (``list_quotes_quotes_get``). Route functions
are already named ``verb_noun`` (see STYLE.md), so the ids are stable as long as the names
are (tests/api/test_openapi_clients.py holds them unique: FastAPI warns on a clash).

Guard answers: the guards in front of every route (``app.api.guards``) and the body parser
answer some requests before any route runs: 414 for a long query string on every operation;
400 (a body that is not JSON) and 413 (too large) on every operation that takes a body.
``document_guards`` adds them to each operation, so the document lists every status the
server can send.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

_NOT_NAME = re.compile(r"[^0-9a-zA-Z_]+")


def operation_id(route: APIRoute) -> str:
    """``generate_unique_id_function`` for FastAPI: the route function's name, cleaned."""
    return _NOT_NAME.sub("_", route.name).strip("_")


GUARD_ANSWERS: dict[str, tuple[str, bool]] = {
    # status: (description, only for operations with a body)
    "414": ("The query string is longer than the server accepts (MAX_QUERY_BYTES).", False),
    "400": ("The body is not valid JSON.", True),
    "413": ("The request body is too large (MAX_BODY_BYTES).", True),
}


def document_guards(app: FastAPI) -> None:
    """Make ``app.openapi()`` list the guards' answers on every operation."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, (description, body_only) in GUARD_ANSWERS.items():
                    if body_only and "requestBody" not in operation:
                        continue
                    responses.setdefault(status, {"description": description, "content": problem})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
