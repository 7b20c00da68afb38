"""OpenAPI operation ids: one rule for every route, so generated clients read well.

The id of an operation is the name of its route function (``list_quotes``, ``get_article``),
not FastAPI's default of name, path and method (``list_quotes_quotes_get``). Route functions
are already named ``verb_noun`` (see STYLE.md), so the ids are stable as long as the names
are; ``check_unique`` makes a clash a start-up error instead of a silently broken client.
"""

from __future__ import annotations

import re
from collections import Counter

from fastapi import FastAPI
from fastapi.routing import APIRoute

_NOT_NAME = re.compile(r"[^0-9a-zA-Z_]+")


def operation_id(route: APIRoute) -> str:
    """``generate_unique_id_function`` for FastAPI: the route function's name, cleaned."""
    return _NOT_NAME.sub("_", route.name).strip("_")


def check_unique(app: FastAPI) -> None:
    """Raise when two operations would share an id (two route functions of the same name)."""
    ids = Counter(
        operation_id(route)
        for route in app.routes
        if isinstance(route, APIRoute)
        for _method in route.methods or ()
    )
    clashes = sorted(name for name, n in ids.items() if n > 1)
    if clashes:
        raise RuntimeError(f"operation ids used more than once: {', '.join(clashes)}")
