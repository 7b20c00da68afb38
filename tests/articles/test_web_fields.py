"""Authors, site name, language, canonical URL and extraction status: stored, served, filtered."""

from __future__ import annotations

from pathlib import Path

from app.extract.pipeline import Extractor
from tests.conftest import ingest_paths, make_client
from tests.web_pages import GERMAN_PARAGRAPHS, bridge_page, german_page, render


def test_articles_serve_web_fields_and_filter_by_author_and_language(
    database_url: str, extractor: Extractor, tmp_path: Path
) -> None:
    pages = {
        "lyon.html": bridge_page(1, authors=("Anne Leclerc", "Paul Girard")),
        "lyon2.html": bridge_page(2, authors=("Marie Noël",)),
        "leipzig.html": german_page(),
    }
    for name, page in pages.items():
        (tmp_path / name).write_text(render(page), encoding="utf-8")
    ingest_paths(database_url, extractor, tmp_path)

    with make_client(database_url) as client:
        by_author = client.get("/articles", params={"author": "paul  GIRARD"}).json()["items"]
        assert [a["title"] for a in by_author] == [pages["lyon.html"].title]
        assert by_author[0]["site_name"] == "Example News"
        assert by_author[0]["language"] == "en"
        assert by_author[0]["extraction_status"] == "done"

        german = client.get("/articles", params={"language": "DE"}).json()["items"]
        assert [a["title"] for a in german] == [german_page().title]
        assert german[0]["extraction_status"] == "skipped"
        assert german[0]["quote_count"] == 0

        english = client.get("/articles", params={"language": "en", "count": "true"}).json()
        assert english["count"] == 2

        one = client.get(f"/articles/{by_author[0]['id']}").json()
        assert one["authors"] == ["Anne Leclerc", "Paul Girard"]
        assert one["canonical_url"] == pages["lyon.html"].url
        assert one["extraction_note"] is None

        skipped = client.get(f"/articles/{german[0]['id']}").json()
        assert skipped["authors"] == ["Jonas Weber"]
        assert "German (de)" in skipped["extraction_note"]
        assert skipped["quotes"] == []
        assert skipped["places"] == []

        bad = client.get("/articles", params={"language": "english!"})
        assert bad.status_code == 422
        assert bad.headers["content-type"].startswith("application/problem+json")


def test_post_html_in_another_language_is_stored_without_extraction(
    database_url: str, extractor: Extractor
) -> None:
    with make_client(database_url, api_keys=["k"]) as client:
        response = client.post(
            "/articles",
            json={"html": render(german_page())},
            headers={"Authorization": "Bearer k"},
        )
        assert response.status_code == 201, response.text
        article = response.json()
        assert article["language"] == "de"
        assert article["extraction_status"] == "skipped"
        assert article["quotes"] == []
        assert article["authors"] == ["Jonas Weber"]

        deleted = client.delete(f"/articles/{article['id']}", headers={"Authorization": "Bearer k"})
        assert deleted.status_code == 204


def test_post_json_with_byline_and_declared_language(database_url: str) -> None:
    body = "\n\n".join(GERMAN_PARAGRAPHS)
    with make_client(database_url, api_keys=["k"]) as client:
        response = client.post(
            "/articles",
            json={
                "title": "Brücke eröffnet",
                "body": body,
                "language": "en",  # declared wrongly: the text decides
                "authors": ["Jonas Weber", "Lena Roth"],
                "site_name": "Beispiel Nachrichten",
            },
            headers={"Authorization": "Bearer k"},
        )
        assert response.status_code == 201, response.text
        article = response.json()
        assert article["language"] == "de"
        assert article["extraction_status"] == "skipped"
        assert article["authors"] == ["Jonas Weber", "Lena Roth"]
        assert article["site_name"] == "Beispiel Nachrichten"
        found = client.get("/articles", params={"author": "lena roth"}).json()["items"]
        assert [a["id"] for a in found] == [article["id"]]
