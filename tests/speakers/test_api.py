"""Speaker identity end to end: articles in through POST /articles, speakers out through the
API, on SQLite and PostgreSQL, with the real model."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.speakers.resolve import main as resolve_main
from tests.conftest import make_client

KEY = {"Authorization": "Bearer curator-key"}


def article(n: int, body: str) -> dict[str, Any]:
    return {
        "title": f"Campaign report {n}",
        "body": body,
        "published_date": f"2016-03-{n:02d}",
        "url": f"https://example.com/campaign/{n}",
    }


ARTICLES = [
    article(1, '"We will win," said Donald J. Trump, the Republican candidate.'),
    article(
        2,
        '"We will build it," Donald Trump told supporters in Ohio. "It will be big," he said.'
        '\n\n"Believe me," Trump added. "Mexico will pay," Trump said.',
    ),
    article(3, '"It is unfair," said Trump.'),
    article(4, '"My father will win," said Eric Trump, the candidate\'s son.'),
    article(5, '"We are ready," said Hillary Clinton, the Democratic candidate.'),
    article(6, '"She is ready," said Bill Clinton, the former president.'),
    article(7, '"The economy is strong," said Hillary Rodham Clinton.'),
]


@pytest.fixture
def curator(database_url: str) -> Iterator[TestClient]:
    # as a context manager, so the app's lifespan closes its pool and probe connection
    with make_client(database_url, api_keys=["curator-key"]) as client:
        yield client


def post_all(client: TestClient, articles: list[dict[str, Any]]) -> None:
    for item in articles:
        response = client.post("/articles", json=item, headers=KEY)
        assert response.status_code == 201, response.text


def speaker_of(client: TestClient, url: str) -> dict[str, Any]:
    found = client.get("/articles", params={"limit": 100}).json()["items"]
    article_id = next(a["id"] for a in found if a["url"] == url)
    quotes = client.get(f"/articles/{article_id}/quotes").json()
    speaker: dict[str, Any] = quotes[0]["speaker"]
    return speaker


def csv_column(text: str, name: str) -> set[str]:
    return {row[name] for row in csv.DictReader(io.StringIO(text))}


def grouping(client: TestClient) -> set[frozenset[str]]:
    """Which articles' quotes share a speaker: a partition of article URLs."""
    groups: dict[int, set[str]] = {}
    for item in ARTICLES:
        groups.setdefault(speaker_of(client, item["url"])["id"], set()).add(item["url"])
    return {frozenset(g) for g in groups.values()}


def test_speakers_one_row_per_person_relatives_apart(curator: TestClient) -> None:
    post_all(curator, ARTICLES)
    urls = [a["url"] for a in ARTICLES]
    assert grouping(curator) == {
        frozenset(urls[0:3]),  # Donald J. Trump, Donald Trump, Trump
        frozenset([urls[3]]),  # Eric Trump
        frozenset([urls[4], urls[6]]),  # Hillary (Rodham) Clinton
        frozenset([urls[5]]),  # Bill Clinton
    }
    donald = speaker_of(curator, urls[0])
    assert donald["name"] == "Donald Trump"
    detail = curator.get(f"/speakers/{donald['id']}").json()
    assert {"Donald J. Trump", "Donald Trump", "Trump"} <= set(detail["aliases"])
    eric = curator.get(f"/speakers/{speaker_of(curator, urls[3])['id']}").json()
    assert "Trump" not in eric["aliases"]  # a shared name part is nobody's plain alias


def test_speakers_same_grouping_in_reverse_order(curator: TestClient) -> None:
    post_all(curator, list(reversed(ARTICLES)))
    urls = [a["url"] for a in ARTICLES]
    assert frozenset(urls[0:3]) in grouping(curator)
    assert frozenset([urls[3]]) in grouping(curator)


def test_list_quotes_by_shared_surname_lists_every_matching_speaker(curator: TestClient) -> None:
    post_all(curator, ARTICLES)
    page = curator.get("/quotes", params={"speaker": "Clinton"}).json()
    names = {s["name"] for s in page["speakers"]}
    assert names == {"Hillary Clinton", "Bill Clinton"}
    assert {q["speaker"]["name"] for q in page["items"]} == names
    exact = curator.get("/quotes", params={"speaker": "Hillary Rodham Clinton"}).json()
    assert [s["name"] for s in exact["speakers"]] == ["Hillary Clinton"]
    assert exact["speakers"][0]["matched_by"] == "alias"


def test_list_quotes_by_name_follows_new_articles(curator: TestClient) -> None:
    # What a name matches is kept between requests: a later article must still show.
    post_all(curator, ARTICLES)
    first = curator.get("/quotes", params={"speaker": "Clinton", "limit": 5}).json()
    assert {s["name"] for s in first["speakers"]} == {"Hillary Clinton", "Bill Clinton"}
    post_all(curator, [article(11, '"Vote early," said Chelsea Clinton, their daughter.')])
    later = curator.get("/quotes", params={"speaker": "Clinton", "limit": 6}).json()
    names = {s["name"] for s in later["speakers"]}
    assert names == {"Hillary Clinton", "Bill Clinton", "Chelsea Clinton"}


def test_list_speakers_ranks_full_name_matches_first(curator: TestClient) -> None:
    post_all(curator, ARTICLES)
    found = curator.get("/speakers", params={"q": "trump"}).json()["items"]
    assert [s["name"] for s in found][:2] == ["Donald Trump", "Eric Trump"]


def test_merge_speakers_redirects_old_id_and_later_ingests_follow(curator: TestClient) -> None:
    post_all(curator, ARTICLES[:4])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    eric = speaker_of(curator, ARTICLES[3]["url"])["id"]
    before = curator.get("/quotes", params={"format": "csv"})
    merged = curator.post(f"/speakers/{donald}/merge", json={"speaker_ids": [eric]}, headers=KEY)
    assert merged.status_code == 200, merged.text
    assert merged.json()["quote_count"] == 7

    old = curator.get(f"/speakers/{eric}", follow_redirects=False)
    assert old.status_code == 308
    assert old.headers["location"].endswith(f"/speakers/{donald}")
    assert curator.get(f"/speakers/{eric}").json()["id"] == donald
    by_old = curator.get("/quotes", params={"speaker_id": eric}).json()["items"]
    assert len(by_old) == 7
    # exports and their ETags follow the merge
    after = curator.get("/quotes", params={"format": "csv"})
    assert after.headers["etag"] != before.headers["etag"]
    assert str(eric) in csv_column(before.text, "speaker_id")
    assert str(eric) not in csv_column(after.text, "speaker_id")

    post_all(curator, [article(9, '"We love Ohio," said Eric Trump.')])
    assert speaker_of(curator, "https://example.com/campaign/9")["id"] == donald


def test_merge_speakers_rewrites_only_the_quotes_it_moves(curator: TestClient) -> None:
    # At corpus scale a merge must cost what it moves, not a pass over every quote.
    post_all(curator, ARTICLES)
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    eric = speaker_of(curator, ARTICLES[3]["url"])["id"]
    eric_quotes = curator.get(f"/speakers/{eric}").json()["quote_count"]
    engine = curator.app.state.engine  # type: ignore[attr-defined]
    rewritten: list[int] = []

    def count(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE QUOTE "):
            rewritten.append(cursor.rowcount)

    event.listen(engine, "after_cursor_execute", count)
    try:
        merged = curator.post(
            f"/speakers/{donald}/merge", json={"speaker_ids": [eric]}, headers=KEY
        )
    finally:
        event.remove(engine, "after_cursor_execute", count)
    assert merged.status_code == 200, merged.text
    total = curator.get("/quotes", params={"count": "true", "limit": 1}).json()["count"]
    assert eric_quotes < total
    assert sum(rewritten) == eric_quotes


def test_split_alias_makes_a_new_speaker_that_resolution_keeps(
    curator: TestClient, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_all(curator, ARTICLES[:3])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    response = curator.post(
        f"/speakers/{donald}/split",
        json={"alias": "Donald J. Trump", "name": "Donald Trump Jr.?"},
        headers=KEY,
    )
    assert response.status_code == 201, response.text
    new = response.json()
    assert response.headers["location"].endswith(f"/speakers/{new['id']}")
    assert new["quote_count"] == 1
    # A later article with the split-off name goes to the new speaker, the others stay.
    post_all(curator, [article(10, '"Great crowd," said Donald J. Trump.')])
    assert speaker_of(curator, "https://example.com/campaign/10")["id"] == new["id"]
    assert speaker_of(curator, ARTICLES[1]["url"])["id"] == donald
    # Re-running automatic resolution over the whole corpus keeps the curator's split.
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert resolve_main([]) == 0
    assert speaker_of(curator, "https://example.com/campaign/10")["id"] == new["id"]
    assert speaker_of(curator, ARTICLES[0]["url"])["id"] == new["id"]
    assert speaker_of(curator, ARTICLES[1]["url"])["id"] == donald


def test_update_speaker_renames_sets_kind_and_wikidata(curator: TestClient) -> None:
    post_all(curator, ARTICLES[:2])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    response = curator.patch(
        f"/speakers/{donald}",
        json={"name": "Donald John Trump", "external_ids": {"wikidata": "Q22686"}},
        headers=KEY,
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Donald John Trump"
    assert response.json()["external_ids"] == {"wikidata": "Q22686"}
    # the curated name survives a later ingest that would have renamed the speaker
    post_all(curator, ARTICLES[2:3])
    assert curator.get(f"/speakers/{donald}").json()["name"] == "Donald John Trump"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"external_ids": {"wikidata": "Trump"}}, 422),
        ({"kind": "alien"}, 422),
        ({"name": ""}, 422),
        ({"name": "Don\u0000ald"}, 422),
        ({"unknown": 1}, 422),
    ],
)
def test_update_speaker_bad_input_is_a_problem(
    curator: TestClient, payload: dict[str, Any], status: int
) -> None:
    post_all(curator, ARTICLES[:1])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    response = curator.patch(f"/speakers/{donald}", json=payload, headers=KEY)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


def test_curation_needs_a_key_and_changes_nothing_without(curator: TestClient) -> None:
    post_all(curator, ARTICLES[:1])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    response = curator.patch(f"/speakers/{donald}", json={"name": "X"})
    assert response.status_code == 401
    assert curator.get(f"/speakers/{donald}").json()["name"] == "Donald J. Trump"


def test_wikidata_id_on_two_speakers_is_a_conflict(curator: TestClient) -> None:
    post_all(curator, ARTICLES[:4])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    eric = speaker_of(curator, ARTICLES[3]["url"])["id"]
    curator.patch(f"/speakers/{donald}", json={"external_ids": {"wikidata": "Q22686"}}, headers=KEY)
    response = curator.patch(
        f"/speakers/{eric}", json={"external_ids": {"wikidata": "Q22686"}}, headers=KEY
    )
    assert response.status_code == 409


def test_merge_unknown_speaker_is_404(curator: TestClient) -> None:
    post_all(curator, ARTICLES[:1])
    donald = speaker_of(curator, ARTICLES[0]["url"])["id"]
    response = curator.post(f"/speakers/{donald}/merge", json={"speaker_ids": [9999]}, headers=KEY)
    assert response.status_code == 404


def test_unnamed_sources_are_queryable_without_a_speaker_row(curator: TestClient) -> None:
    post_all(curator, [article(11, '"The plan is dead," officials said on Monday.')])
    page = curator.get("/quotes", params={"source_kind": "unnamed"}).json()["items"]
    assert page
    assert all(q["speaker"] is None for q in page)
    assert page[0]["speaker_text"] == "officials"
