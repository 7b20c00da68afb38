"""Writes need a bearer key from settings; reads are open."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.deps import SettingsDep
from app.errors import Forbidden, Unauthorized

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from the API_KEYS setting, sent as `Authorization: Bearer <key>`.",
)


WRITES_DISABLED = (
    "Writes are disabled on this server: set API_KEYS (a JSON list of keys) to enable them, "
    "then send `Authorization: Bearer <key>`."
)


def require_writer(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    keys = [key.get_secret_value().encode() for key in settings.api_keys]
    # No credential is a 401 (as the bearer scheme declares) whether or not writes are
    # enabled: a credential that cannot work here is the 403.
    if credentials is None:
        raise Unauthorized(
            "This operation needs an API key: send `Authorization: Bearer <key>`."
            + ("" if keys else f" {WRITES_DISABLED}"),
            headers={"WWW-Authenticate": 'Bearer realm="quotemap"'},
        )
    if not keys:
        raise Forbidden(WRITES_DISABLED)
    given = credentials.credentials.encode()
    # Compare against every key, in constant time, so timing tells nothing about any of them.
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key)
    if not matched:
        raise Forbidden("The API key is not valid.")


WriterDep = Annotated[None, Depends(require_writer)]
