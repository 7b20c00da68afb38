"""Bad requests get precise RFC 9457 problem details, never a 500 or a traceback."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def assert_problem(response: object, status: int) -> dict[str, object]:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    assert "Traceback" not in response.text
    assert "/work/" not in response.text
    return body


def test_get_article_unknown_id_is_404(client: TestClient) -> None:
    body = assert_problem(client.get("/articles/999"), 404)
    assert body["detail"] == "There is no article with id 999."
    assert body["instance"] == "/articles/999"


@pytest.mark.parametrize("article_id", ["abc", "0", "-1", "1.5", "99999999999999999999999"])
def test_get_article_bad_id_is_422(client: TestClient, article_id: str) -> None:
    body = assert_problem(client.get(f"/articles/{article_id}"), 422)
    assert body["errors"] == [{"detail": body["errors"][0]["detail"], "parameter": "article_id"}]  # type: ignore[index]


@pytest.mark.parametrize("path", ["/articles", "/quotes", "/speakers", "/places"])
@pytest.mark.parametrize("limit", ["-1", "0", "101", "1000000000000", "ten"])
def test_list_bad_limit_is_422_naming_the_parameter(
    client: TestClient, path: str, limit: str
) -> None:
    body = assert_problem(client.get(path, params={"limit": limit}), 422)
    assert [e["parameter"] for e in body["errors"]] == ["limit"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("cursor", ["garbage", "!!!", "W10", "eyJhIjogMX0", "x" * 600])
@pytest.mark.parametrize("path", ["/articles", "/quotes", "/speakers", "/places"])
def test_list_malformed_cursor_is_400(client: TestClient, path: str, cursor: str) -> None:
    status = 422 if len(cursor) > 512 else 400
    assert_problem(client.get(path, params={"cursor": cursor}), status)


def test_unknown_path_is_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/nothing/here"), 404)


def test_wrong_method_is_405_problem(client: TestClient) -> None:
    assert_problem(client.put("/healthz"), 405)
