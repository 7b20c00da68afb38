"""The application's errors and their one rendering: RFC 9457 problem details.

AppError
 ├── BadRequest (400)        malformed request: bad cursor, bad full-text syntax
 ├── Unauthorized (401)      missing credentials
 ├── Forbidden (403)         wrong credentials, or writes not enabled
 ├── NotFound (404)          unknown id
 ├── Conflict (409)
 ├── PayloadTooLarge (413)
 ├── InvalidInput (422)      well-formed but invalid values
 └── ServiceUnavailable (503) shedding load
"""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


class BadRequest(AppError):
    status = 400
    title = "Bad Request"


class Unauthorized(AppError):
    status = 401
    title = "Unauthorized"


class Forbidden(AppError):
    status = 403
    title = "Forbidden"


class NotFound(AppError):
    status = 404
    title = "Not Found"


class Conflict(AppError):
    status = 409
    title = "Conflict"


class PayloadTooLarge(AppError):
    status = 413
    title = "Content Too Large"


class InvalidInput(AppError):
    status = 422
    title = "Unprocessable Content"


class ServiceUnavailable(AppError):
    status = 503
    title = "Service Unavailable"
