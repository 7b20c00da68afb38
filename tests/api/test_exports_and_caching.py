"""Streamed exports (NDJSON, CSV, GeoJSON), conditional GET and CORS."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_client


def test_list_quotes_exports_ndjson_with_every_match(corpus: TestClient) -> None:
    total = corpus.get("/quotes", params={"count": "true", "limit": 1}).json()["count"]
    response = corpus.get("/quotes", params={"format": "ndjson", "limit": 5})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == total > 5  # not one page of the default size: everything
    assert {"id", "text", "speaker", "article_id", "published_date"} <= lines[0].keys()


def test_list_quotes_exports_csv_by_accept_header(corpus: TestClient) -> None:
    response = corpus.get("/quotes", params={"speaker": "jeffrey"}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="quotes.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    assert {r["speaker_name"] for r in rows} == {"James Jeffrey"}
    assert any("dangerous conflict" in r["text"] for r in rows)


def test_list_articles_exports_csv_and_ndjson(corpus: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(corpus.get("/articles?format=csv").text)))
    assert len(rows) == 4
    assert rows[0]["title"] == "Madrid council approves housing plan"
    ndjson = corpus.get("/articles", headers={"Accept": "application/x-ndjson"}).text
    assert len(ndjson.splitlines()) == 4


def test_list_places_geojson_feature_collection(corpus: TestClient) -> None:
    for response in (
        corpus.get("/places", params={"format": "geojson"}),
        corpus.get("/places", headers={"Accept": "application/geo+json"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/geo+json"
        collection = response.json()
        assert collection["type"] == "FeatureCollection"
        idlib = next(f for f in collection["features"] if f["properties"]["name"] == "Idlib")
        lon, lat = idlib["geometry"]["coordinates"]
        assert 36 < lon < 37.5
        assert 35 < lat < 36.5


def test_geojson_on_quotes_is_422(corpus: TestClient) -> None:
    response = corpus.get("/quotes", params={"format": "geojson"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "format"


@pytest.mark.parametrize(
    "path",
    ["/articles", "/articles/1", "/quotes?speaker=jeffrey", "/speakers", "/places", "/healthz"],
)
def test_get_sends_etag_and_304_on_match(corpus: TestClient, path: str) -> None:
    first = corpus.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert first.headers["cache-control"] == "no-cache"
    again = corpus.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "no-cache"
    assert "Accept" in again.headers["vary"]
    assert corpus.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_export_etag_changes_when_data_changes(corpus: TestClient) -> None:
    first = corpus.get("/quotes?format=ndjson")
    etag = first.headers["etag"]
    assert corpus.get("/quotes?format=ndjson", headers={"If-None-Match": etag}).status_code == 304
    article_id = corpus.get("/articles").json()["items"][0]["id"]
    deleted = corpus.delete(f"/articles/{article_id}", headers={"Authorization": "Bearer test-key"})
    assert deleted.status_code == 204
    assert corpus.get("/quotes?format=ndjson", headers={"If-None-Match": etag}).status_code == 200


def test_cors_exposes_link_and_etag_when_configured(database_url: str) -> None:
    with make_client(database_url, cors_origins=["https://newsroom.example"]) as client:
        response = client.get("/articles", headers={"Origin": "https://newsroom.example"})
        assert response.headers["access-control-allow-origin"] == "https://newsroom.example"
        exposed = response.headers["access-control-expose-headers"]
        assert "Link" in exposed
        assert "ETag" in exposed
        other = client.get("/articles", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
