"""POST and DELETE /articles: same extraction as the CLI, idempotent, keyed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.extract.pipeline import Extractor
from tests.conftest import SEEDS, ingest_paths, make_client

KEY = {"Authorization": "Bearer right-key"}
ARTICLE: dict[str, Any] = {
    "title": "Mayor opens bridge over the Rhone",
    "body": '"It is a great day for Lyon," said Jean Martin, the mayor of Lyon.\n\n'
    "Martin said the bridge had cost 20 million euros.",
    "published_date": "2021-05-04",
    "url": "https://example.com/news/lyon-bridge",
    "source": "Example News",
}


@pytest.fixture
def writer(database_url: str) -> Iterator[TestClient]:
    with make_client(database_url, api_keys=["right-key", "second-key"]) as client:
        yield client


def test_create_article_extracts_and_returns_201_with_location(writer: TestClient) -> None:
    response = writer.post("/articles", json=ARTICLE, headers=KEY)
    assert response.status_code == 201, response.text
    article = response.json()
    assert response.headers["location"].endswith(f"/articles/{article['id']}")
    assert article["published_date"] == "2021-05-04"
    assert article["quotes"][0]["speaker"]["name"] == "Jean Martin"
    assert "Lyon" in {p["text"] for p in article["places"]}
    assert writer.get(response.headers["location"]).json() == article
    found = writer.get("/quotes", params={"speaker": "martin"}).json()["items"]
    assert {q["article_id"] for q in found} == {article["id"]}


def test_create_article_twice_returns_existing_200(writer: TestClient) -> None:
    first = writer.post("/articles", json=ARTICLE, headers=KEY)
    same_url = writer.post("/articles", json={**ARTICLE, "title": "Retitled"}, headers=KEY)
    same_text = writer.post("/articles", json={**ARTICLE, "url": None}, headers=KEY)
    assert first.status_code == 201
    assert same_url.status_code == 200
    assert same_text.status_code == 200
    assert same_url.json()["id"] == same_text.json()["id"] == first.json()["id"]
    assert len(writer.get("/articles").json()["items"]) == 1


def test_create_article_from_html(writer: TestClient) -> None:
    html = (
        "<html><head><title>Ignored</title><meta property='og:title' content='Floods in Porto'>"
        "<meta property='article:published_time' content='2022-01-09T10:00:00Z'></head><body>"
        "<nav><p>Home | World</p></nav><article><h1>Floods in Porto</h1>"
        "<p>&ldquo;The river rose overnight,&rdquo; said Rui Costa, the mayor of Porto.</p>"
        "<p>Costa said schools would stay closed.</p></article>"
        "<footer><p>Follow us on Twitter</p></footer></body></html>"
    )
    response = writer.post("/articles", json={"html": html}, headers=KEY)
    assert response.status_code == 201, response.text
    article = response.json()
    assert article["title"] == "Floods in Porto"
    assert article["published_date"] == "2022-01-09"
    assert article["paragraphs"] == [
        "“The river rose overnight,” said Rui Costa, the mayor of Porto.",
        "Costa said schools would stay closed.",
    ]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"title": "No text"}, "/"),
        ({"body": "Text but no title."}, "/"),
        ({**ARTICLE, "published_date": "6 Feb"}, "/published_date"),
        ({**ARTICLE, "url": "javascript:alert(1)"}, "/url"),
        ({**ARTICLE, "extra": 1}, "/extra"),
        ({**ARTICLE, "title": ""}, "/title"),
    ],
)
def test_create_article_invalid_body_is_422_with_pointer(
    writer: TestClient, body: dict[str, Any], pointer: str
) -> None:
    response = writer.post("/articles", json=body, headers=KEY)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert pointer in [e["pointer"] for e in response.json()["errors"]]


def test_create_article_malformed_json_is_422(writer: TestClient) -> None:
    response = writer.post(
        "/articles", content=b'{"title": ', headers={**KEY, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-key"}, 403),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Basic cmlnaHQta2V5Og=="}, 401),
        ({"Authorization": "Bearer right-key-but-longer"}, 403),
    ],
)
def test_writes_without_right_key_are_refused_and_change_nothing(
    writer: TestClient, headers: dict[str, str], status: int
) -> None:
    created = writer.post("/articles", json=ARTICLE, headers=KEY).json()
    response = writer.post(
        "/articles", json={**ARTICLE, "url": None, "title": "X"}, headers=headers
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert writer.delete(f"/articles/{created['id']}", headers=headers).status_code == status
    assert len(writer.get("/articles").json()["items"]) == 1


def test_writes_disabled_without_configured_keys_is_403_with_hint(database_url: str) -> None:
    with make_client(database_url) as client:
        response = client.post("/articles", json=ARTICLE, headers=KEY)
    assert response.status_code == 403
    assert "API_KEYS" in response.json()["detail"]


def test_second_configured_key_also_writes(writer: TestClient) -> None:
    response = writer.post(
        "/articles", json=ARTICLE, headers={"Authorization": "Bearer second-key"}
    )
    assert response.status_code == 201


def test_delete_article_removes_quotes_mentions_and_orphans(
    database_url: str, extractor: Extractor
) -> None:
    ingest_paths(database_url, extractor, SEEDS)
    with make_client(database_url, api_keys=["right-key"]) as client:
        lyon = client.post("/articles", json=ARTICLE, headers=KEY).json()
        seed_id = next(
            a["id"] for a in client.get("/articles").json()["items"] if a["id"] != lyon["id"]
        )
        places_before = {p["name"] for p in client.get("/places?limit=100").json()["items"]}
        assert "Lyon" in places_before

        assert client.delete(f"/articles/{lyon['id']}", headers=KEY).status_code == 204

        assert client.get(f"/articles/{lyon['id']}").status_code == 404
        assert client.get("/quotes", params={"article_id": lyon["id"]}).json()["items"] == []
        speakers = {s["name"] for s in client.get("/speakers?limit=100").json()["items"]}
        assert "Jean Martin" not in speakers
        assert "James Jeffrey" in speakers
        places_after = {p["name"] for p in client.get("/places?limit=100").json()["items"]}
        assert "Lyon" not in places_after
        assert "Idlib" in places_after
        assert client.get(f"/articles/{seed_id}").status_code == 200
        assert client.delete(f"/articles/{lyon['id']}", headers=KEY).status_code == 404
