"""The response cache serves repeated GETs without going back to the database, and never an
answer older than the data: writes through this app, through another app (another worker or
host) and through the ingest command are all seen by the next request."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.api.response_cache import ResponseCache
from app.db.revision import RevisionProbe
from app.db.session import build_engine
from app.extract.pipeline import Extractor
from tests.api.test_writes import ARTICLE, KEY
from tests.conftest import SEEDS, ingest_paths, make_client


def _cache(client: TestClient) -> ResponseCache:
    """The cache in the app's middleware stack (built on the first request)."""
    layer = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


def test_a_repeated_get_is_answered_from_the_cache_with_the_same_body(
    seeded_client: TestClient,
) -> None:
    first = seeded_client.get("/articles/1")
    cache = _cache(seeded_client)
    hits = cache.hits
    second = seeded_client.get("/articles/1")
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["x-content-type-options"] == "nosniff"
    assert cache.hits == hits + 1
    assert (
        seeded_client.get(
            "/articles/1", headers={"If-None-Match": first.headers["etag"]}
        ).status_code
        == 304
    )


def test_errors_and_other_representations_are_kept_apart(seeded_client: TestClient) -> None:
    assert seeded_client.get("/articles/999").status_code == 404
    assert seeded_client.get("/articles/999").status_code == 404
    as_json = seeded_client.get("/quotes")
    as_csv = seeded_client.get("/quotes", headers={"Accept": "text/csv"})
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert seeded_client.get("/quotes").content == as_json.content


def test_writes_through_another_app_are_seen_at_once(database_url: str) -> None:
    with (
        make_client(database_url) as reader,
        make_client(database_url, api_keys=["right-key"]) as writer,
    ):
        assert reader.get("/articles").json()["items"] == []
        created = writer.post("/articles", json=ARTICLE, headers=KEY).json()
        listed = reader.get("/articles").json()["items"]
        assert [a["id"] for a in listed] == [created["id"]]
        assert reader.get(f"/articles/{created['id']}").json() == created
        assert writer.delete(f"/articles/{created['id']}", headers=KEY).status_code == 204
        assert reader.get(f"/articles/{created['id']}").status_code == 404
        assert reader.get("/articles").json()["items"] == []


def test_articles_from_the_ingest_command_are_seen_at_once(
    database_url: str, extractor: Extractor
) -> None:
    with make_client(database_url) as reader:
        assert reader.get("/quotes", params={"speaker": "Jeffrey"}).json()["items"] == []
        ingest_paths(database_url, extractor, SEEDS)
        quotes = reader.get("/quotes", params={"speaker": "Jeffrey"}).json()["items"]
        assert len(quotes) >= 7


def test_the_cache_stays_within_its_bytes(database_url: str, extractor: Extractor) -> None:
    ingest_paths(database_url, extractor, SEEDS)
    with make_client(database_url, response_cache_bytes=64 * 1024) as client:
        for limit in range(1, 40):
            assert client.get("/quotes", params={"limit": limit}).status_code == 200
        cache = _cache(client)
        assert 0 < cache.size <= 64 * 1024
        assert len(cache.answers) < 39


def test_a_zero_budget_turns_the_cache_off(seeded_client: TestClient, database_url: str) -> None:
    with make_client(database_url, response_cache_bytes=0) as client:
        first = client.get("/articles/1")
        assert client.get("/articles/1").content == first.content
        cache = _cache(client)
        assert (cache.hits, cache.misses, cache.answers) == (0, 0, {})


def test_every_committed_write_moves_the_revision(database_url: str, extractor: Extractor) -> None:
    engine = build_engine(database_url)
    probe = RevisionProbe(engine)
    try:
        before = probe()
        ingest_paths(database_url, extractor, SEEDS)
        after_ingest = probe()
        with make_client(database_url, api_keys=["right-key"]) as writer:
            assert writer.delete("/articles/1", headers=KEY).status_code == 204
            assert writer.delete("/articles/1", headers=KEY).status_code == 404
        after_delete = probe()
        assert before is not None
        assert after_ingest is not None
        assert after_delete is not None
        assert before < after_ingest < after_delete
        assert after_delete == after_ingest + 1  # the refused second delete wrote nothing
    finally:
        probe.close()
        engine.dispose()
