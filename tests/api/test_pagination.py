"""Keyset pagination: every item exactly once, stable order, `next` and `Link` agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.extract.pipeline import Extractor
from tests.conftest import ingest_paths, make_client
from tests.factories import article_record, write_jsonl

ARTICLES = 7


@pytest.fixture
def paged_client(database_url: str, extractor: Extractor, tmp_path: Path) -> Iterator[TestClient]:
    records = [article_record(n) for n in range(ARTICLES)]
    records.append(article_record(99, published_date=None, title="Undated council notes"))
    ingest_paths(database_url, extractor, write_jsonl(tmp_path / "a.jsonl", records))
    with make_client(database_url) as client:
        yield client


def walk(client: TestClient, url: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    next_url: str | None = url
    while next_url is not None:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        if page["next"] is None:
            assert "link" not in response.headers
        else:
            assert response.headers["link"] == f'<{page["next"]}>; rel="next"'
        next_url = page["next"]
    return items


def test_list_articles_walk_returns_each_article_once_newest_first(
    paged_client: TestClient,
) -> None:
    items = walk(paged_client, "/articles?limit=3")
    assert len(items) == ARTICLES + 1
    assert len({i["id"] for i in items}) == ARTICLES + 1
    dates = [i["published_date"] for i in items]
    assert dates[-1] is None  # undated articles come last
    dated = [str(d) for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)


@pytest.mark.parametrize("path", ["/quotes?limit=2", "/speakers?limit=1", "/places?limit=1"])
def test_list_walk_has_no_duplicates(paged_client: TestClient, path: str) -> None:
    items = walk(paged_client, path)
    assert items
    assert len({i["id"] for i in items}) == len(items)


def test_list_quotes_cursor_with_other_filters_is_400(paged_client: TestClient) -> None:
    first = paged_client.get("/quotes", params={"limit": 1, "speaker": "lopez"}).json()
    assert first["next"] is not None
    cursor = first["next"].split("cursor=")[1]
    response = paged_client.get("/quotes", params={"cursor": cursor, "speaker": "someone else"})
    assert response.status_code == 400
    assert "other filters" in response.json()["detail"]


def test_list_articles_items_carry_counts(paged_client: TestClient) -> None:
    item = paged_client.get("/articles", params={"limit": 1}).json()["items"][0]
    assert item["quote_count"] >= 1
    assert item["place_count"] >= 1
    assert item["source"] == "Test Wire"
