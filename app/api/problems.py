"""RFC 9457 problem details: the only error shape on the wire, and its handlers."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.errors import AppError

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("app.errors")


class FieldError(BaseModel):
    detail: str
    parameter: str | None = Field(default=None, description="Query or path parameter name.")
    pointer: str | None = Field(default=None, description="JSON pointer into the body.")


class Problem(BaseModel):
    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["There is no article with id 999."])
    instance: str | None = Field(default=None, examples=["/articles/999"])
    errors: list[FieldError] | None = None


def _problem(response: dict[str, Any]) -> dict[str, Any]:
    return {**response, "model": Problem, "content": {PROBLEM_JSON: {}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: _problem({"description": "Malformed request (for example a bad cursor)."}),
    401: _problem({"description": "No API key was sent."}),
    403: _problem({"description": "The API key is wrong, or writes are disabled."}),
    404: _problem({"description": "No such resource."}),
    409: _problem({"description": "The request conflicts with the stored data."}),
    413: _problem({"description": "The request body is too large."}),
    422: _problem({"description": "Invalid parameter values, listed per parameter."}),
}


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem_response(
        request, exc.status, exc.title, exc.detail, errors=exc.errors, headers=exc.headers
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: list[dict[str, Any]] = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ())]
        entry: dict[str, Any] = {"detail": str(error.get("msg", "invalid value"))}
        if location and location[0] == "body":
            entry["pointer"] = "/" + "/".join(location[1:])
        elif location:
            entry["parameter"] = location[-1]
        errors.append(entry)
    names = ", ".join(e.get("parameter") or e.get("pointer") or "?" for e in errors)
    return problem_response(
        request,
        422,
        "Unprocessable Content",
        f"Invalid value for: {names}." if names else "The request is invalid.",
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large"}
    detail = exc.detail if isinstance(exc.detail, str) else "The request cannot be served."
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"There is nothing at {request.url.path}."
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        # Starlette names the methods of the first route with this path only (GET of
        # /articles/{id}, not its DELETE): list every route's.
        allowed = _allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} is not allowed here; use {' or '.join(allowed)}."
    return problem_response(
        request,
        exc.status_code,
        titles.get(exc.status_code, "Error"),
        detail,
        headers=headers or None,
    )


METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route answers at this path: asked of the router itself, method by
    method, so routes of included routers count too."""
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OperationalError)
    message = str(exc.orig).lower()
    if "interrupted" in message or "statement timeout" in message:
        detail = "The query took longer than this server allows: narrow the filters."
    else:
        logger.error("database unavailable on %s: %s", request.url.path, exc.orig)
        detail = "The database is unavailable; try again shortly."
    return problem_response(
        request, 503, "Service Unavailable", detail, headers={"Retry-After": "5"}
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the log, never to the client.
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        request, 500, "Internal Server Error", "The server failed to answer this request."
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
