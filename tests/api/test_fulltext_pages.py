"""Full-text pages on both engines: order, relevance and keyset walks over the matches, for a
few matches and for many (which take other query plans: see app/db/fulltext.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from app.articles.models import Article
from app.db.fulltext import FEW_MATCHES, RELEVANCE_CANDIDATES
from app.db.session import build_engine
from app.quotes.models import Quote
from tests.api.test_pagination import walk
from tests.conftest import make_client

FIRST_DAY = date(2020, 1, 1)


def article_row(n: int, *, title: str, body: str, day: int | None) -> dict[str, Any]:
    return {
        "id": n,
        "content_hash": f"{n:064x}",
        "title": title,
        "body": body,
        "published_date": None if day is None else FIRST_DAY + timedelta(days=day),
        "quote_count": 0,
        "place_count": 0,
    }


def store(
    url: str, articles: list[dict[str, Any]], quotes: list[dict[str, Any]] | None = None
) -> None:
    """Rows written as a bulk import would (the full-text index follows them on both
    engines: FTS5 triggers, PostgreSQL's generated vectors)."""
    engine = build_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(Article), articles)
            if quotes:
                conn.execute(insert(Quote), quotes)
    finally:
        engine.dispose()


# A few matches for "harbour", with dates out of id order, two on the same day and one
# undated; the strongest match (title and body, several times) is neither first nor last.
HARBOUR = [
    article_row(1, title="Budget day", body="The harbour reopened.", day=30),
    article_row(2, title="Weather", body="Rain all week.", day=10),
    article_row(3, title="Ferries", body="A harbour strike ended at the harbour gate.", day=5),
    article_row(4, title="Harbour harbour", body="Harbour, harbour, harbour.", day=20),
    article_row(5, title="Notes", body="The old harbour, undated.", day=None),
    article_row(6, title="Trade", body="Exports passed through the harbour.", day=20),
    article_row(7, title="Sport", body="A harbour regatta.", day=40),
]
HARBOUR_QUOTES = [
    {
        "id": n,
        "article_id": 1 + n % 7,
        "text": text,
        "start_offset": 0,
        "end_offset": len(text),
        "kind": "direct",
    }
    for n, text in enumerate(
        [
            "The harbour is open",
            "Nothing to see here",
            "Harbour fees will rise, the harbour board says, harbour by harbour",
            "We love the harbour",
            "The river is high",
            "A harbour for everyone",
        ],
        start=1,
    )
]


@pytest.fixture
def harbour(database_url: str) -> Iterator[TestClient]:
    store(database_url, HARBOUR, HARBOUR_QUOTES)
    with make_client(database_url) as client:
        yield client


def ids(items: list[dict[str, Any]]) -> list[int]:
    found = [item["id"] for item in items]
    assert all(isinstance(i, int) for i in found)
    return found


def test_search_articles_newest_first_undated_last_across_pages(harbour: TestClient) -> None:
    # by date, newest first, ties by id (newest first), the undated article last
    assert ids(walk(harbour, "/articles?q=harbour&limit=2")) == [7, 1, 6, 4, 3, 5]
    assert ids(walk(harbour, "/articles?q=harbour&limit=1&sort=published_date")) == [
        3,
        4,
        6,
        1,
        7,
        5,
    ]
    page = harbour.get("/articles", params={"q": "harbour", "limit": 2, "count": "true"}).json()
    assert page["count"] == 6


def test_search_articles_by_relevance_best_match_first_across_pages(harbour: TestClient) -> None:
    whole = ids(harbour.get("/articles?q=harbour&sort=relevance&limit=100").json()["items"])
    assert whole[0] == 4  # in the title and five times in all
    assert sorted(whole) == [1, 3, 4, 5, 6, 7]
    for limit in (1, 2, 4):
        assert ids(walk(harbour, f"/articles?q=harbour&sort=relevance&limit={limit}")) == whole


def test_search_quotes_in_id_order_and_by_relevance_across_pages(harbour: TestClient) -> None:
    assert ids(walk(harbour, "/quotes?q=harbour&limit=2")) == [6, 4, 3, 1]
    assert ids(walk(harbour, "/quotes?q=harbour&limit=3&sort=id")) == [1, 3, 4, 6]
    whole = ids(harbour.get("/quotes?q=harbour&sort=relevance&limit=100").json()["items"])
    assert whole[0] == 3  # four times
    assert sorted(whole) == [1, 3, 4, 6]
    assert ids(walk(harbour, "/quotes?q=harbour&sort=relevance&limit=1")) == whole
    page = harbour.get("/quotes", params={"q": "harbour", "count": "true", "limit": 1}).json()
    assert page["count"] == 4


def test_search_with_another_filter_keeps_the_same_orders(harbour: TestClient) -> None:
    dated = "/articles?q=harbour&published_from=2020-01-15&limit=1"
    assert ids(walk(harbour, dated)) == [7, 1, 6, 4]
    ranked = ids(walk(harbour, dated + "&sort=relevance"))
    assert ranked[0] == 4
    assert sorted(ranked) == [1, 4, 6, 7]
    assert ids(walk(harbour, "/quotes?q=harbour&article_id=4&limit=1")) == [3]


# Many matches: more than FEW_MATCHES, so that SQLite walks the date index, and a
# PostgreSQL planner sees a common word.
MANY = FEW_MATCHES + 150


def test_search_articles_with_many_matches_walks_every_match_in_date_order(
    database_url: str,
) -> None:
    rows = [
        article_row(
            n,
            title=f"Ferry timetable {n}",
            body="The ferry sails at noon." if n % 3 else "No boats today.",
            day=None if n % 97 == 0 else (n * 37) % 900,
        )
        for n in range(1, MANY + 1)
    ]
    store(database_url, rows)

    def newest_first(row: dict[str, Any]) -> tuple[bool, int, int]:
        day: date | None = row["published_date"]
        return (day is None, -(day or FIRST_DAY).toordinal(), -row["id"])

    expected = sorted(rows, key=newest_first)  # every title has "Ferry"
    with make_client(database_url) as client:
        assert ids(walk(client, "/articles?q=ferry&limit=100")) == [r["id"] for r in expected]
        page = client.get("/articles?q=ferry+noon&limit=3&count=true").json()
        assert page["count"] == len([r for r in rows if "noon" in r["body"]])
        newest_noon = [r["id"] for r in expected if "noon" in r["body"]][:3]
        assert ids(page["items"]) == newest_noon


def test_search_by_relevance_ranks_the_newest_candidates(database_url: str) -> None:
    """Past RELEVANCE_CANDIDATES matches, the newest that many (by id) are ranked: the
    documented bound that keeps a common word from ranking the whole archive."""
    total = RELEVANCE_CANDIDATES + 5
    rows = [
        article_row(n, title=f"Tram news {n}", body="A tram line.", day=n % 300)
        for n in range(1, total + 1)
    ]
    rows[0].update(body="Tram tram tram tram tram tram.", published_date=FIRST_DAY)  # the
    # best match, but the oldest
    rows[-1]["body"] = "Tram, tram and tram."  # the best of the newest
    store(database_url, rows)
    with make_client(database_url) as client:
        page = client.get("/articles?q=tram&sort=relevance&limit=100&count=true").json()
        assert page["count"] == total  # counted over every match
        assert page["items"][0]["id"] == total
        newest = range(total - RELEVANCE_CANDIDATES + 1, total + 1)
        assert all(item["id"] in newest for item in page["items"])
        narrowed = client.get("/articles?q=tram&sort=relevance&published_to=2020-01-01").json()
        # a filter narrows the candidates before the bound: the oldest article is in them
        assert ids(narrowed["items"])[0] == 1
