"""The ingest command on web archives and URLs (served from a local HTTP server only), and on
articles not in English."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from app.articles.service import body_of
from app.db.session import build_engine, build_sessionmaker, transaction
from app.extract.metadata import ArticleText
from app.extract.pipeline import Extractor
from app.ingest import store_article
from app.models import Article
from app.readers import ReadFailure, ReadItem
from app.readers.web import FetchSettings, read_urls
from tests.ingest.test_ingest_cli import counts, run_ingest
from tests.web_pages import (
    GERMAN_PARAGRAPHS,
    bridge_page,
    german_page,
    page_record,
    render,
    write_warc,
)

PAGES = [bridge_page(n) for n in range(5)]


def test_ingest_warc_one_article_per_page_second_run_adds_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, [page_record(p) for p in PAGES])

    first = run_ingest(sqlite_url, archive)

    assert first.returncode == 0, first.stderr
    assert "read 5, added 5, unchanged 0, failed 0" in first.stdout
    articles, quotes, _mentions = counts(sqlite_url)
    assert articles == 5
    assert quotes >= 10
    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        urls = set(conn.scalars(select(Article.url)))
    engine.dispose()
    assert urls == {p.url for p in PAGES}

    second = run_ingest(sqlite_url, archive)

    assert second.returncode == 0, second.stderr
    assert "read 5, added 0, unchanged 5, failed 0" in second.stdout
    assert counts(sqlite_url)[0] == 5


def test_ingest_truncated_warc_keeps_articles_before_damage(
    sqlite_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "cut.warc.gz"
    offsets = write_warc(archive, [page_record(p) for p in PAGES])
    archive.write_bytes(archive.read_bytes()[: offsets[3] + 40])

    result = run_ingest(sqlite_url, archive)

    assert result.returncode == 1
    assert "read 4, added 3, unchanged 0, failed 1" in result.stdout
    assert f"failed: {archive}: the archive is damaged at byte {offsets[3]}" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(sqlite_url)[0] == 3


def test_ingest_page_not_in_english_stored_without_extraction(
    sqlite_url: str, tmp_path: Path
) -> None:
    (tmp_path / "leipzig.html").write_text(render(german_page()), encoding="utf-8")
    (tmp_path / "lyon.html").write_text(render(PAGES[0]), encoding="utf-8")

    result = run_ingest(sqlite_url, tmp_path / "leipzig.html", tmp_path / "lyon.html")

    assert result.returncode == 0, result.stderr
    assert "read 2, added 2, unchanged 0, failed 0, not in English 1" in result.stdout
    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        rows = {
            row.language: row
            for row in conn.execute(
                select(
                    Article.language,
                    Article.quote_count,
                    Article.place_count,
                    Article.extraction_status,
                    Article.extraction_note,
                )
            )
        }
    engine.dispose()
    assert rows["de"].quote_count == rows["de"].place_count == 0
    assert rows["de"].extraction_status == "skipped"
    assert "German (de)" in rows["de"].extraction_note
    assert rows["en"].extraction_status == "done"
    assert rows["en"].extraction_note is None
    assert rows["en"].quote_count >= 2


# -- URLs, from a server on this machine ---------------------------------------------------------


class Site:
    """Pages by path; a path in ``flaky`` answers 503 the first time it is asked."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.flaky: set[str] = set()
        self.hits: dict[str, int] = {}
        self.agents: set[str] = set()
        self.lock = threading.Lock()

    def add(self, path: str, body: bytes, *, status: int = 200, ctype: str = "text/html") -> None:
        self.pages[path] = (status, ctype, body, {})

    def redirect(self, path: str, target: str) -> None:
        self.pages[path] = (301, "text/plain", b"", {"Location": target})


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with state.lock:
                state.hits[self.path] = state.hits.get(self.path, 0) + 1
                state.agents.add(self.headers.get("User-Agent", ""))
                first = state.hits[self.path] == 1
            if self.path in state.flaky and first:
                self.send_response(503)
                self.send_header("Retry-After", "0")
                self.end_headers()
                return
            status, ctype, body, headers = state.pages.get(
                self.path, (404, "text/plain", b"not here", {})
            )
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def build_site(state: Site) -> None:
    state.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    for n, page in enumerate(PAGES[:3]):
        state.add(f"/news/{n}", render(page).encode())
    state.add("/private/secret", render(PAGES[3]).encode())
    state.add("/report.pdf", b"%PDF-1.4 ...", ctype="application/pdf")
    state.redirect("/old", "/news/moved")
    state.add("/news/moved", render(PAGES[4]).encode())
    state.flaky.add("/news/2")


def test_read_urls_fetches_politely_and_names_each_failure(site: tuple[Site, str]) -> None:
    state, base = site
    build_site(state)
    urls = [
        f"{base}/news/0",
        f"{base}/news/1",
        f"{base}/news/2",
        f"{base}/private/secret",
        f"{base}/missing",
        f"{base}/report.pdf",
        f"{base}/old",
        "ftp://example.org/file",
    ]

    items = list(read_urls(urls, FetchSettings(backoff_seconds=0.01)))

    assert [i.item for i in items] == urls
    good = {i.item: i.article for i in items if isinstance(i, ReadItem)}
    failed = {i.item: i.reason for i in items if isinstance(i, ReadFailure)}
    assert set(good) == {f"{base}/news/0", f"{base}/news/1", f"{base}/news/2", f"{base}/old"}
    assert good[f"{base}/old"].url == f"{base}/news/moved"
    assert good[f"{base}/news/0"].title == PAGES[0].title
    assert "robots.txt" in failed[f"{base}/private/secret"]
    assert failed[f"{base}/missing"] == "HTTP 404 Not Found"
    assert failed[f"{base}/report.pdf"] == "not an HTML page (application/pdf)"
    assert failed["ftp://example.org/file"] == "not an http(s) URL"
    assert state.hits["/news/2"] == 2  # the 503 was tried again
    assert state.hits["/robots.txt"] == 1  # asked once per host
    assert "/private/secret" not in state.hits
    assert all(agent.startswith("Quotemap/") for agent in state.agents)


def test_read_urls_gives_up_after_retries_on_server_errors(site: tuple[Site, str]) -> None:
    state, base = site
    state.add("/down", b"", status=503)
    items = list(read_urls([f"{base}/down"], FetchSettings(backoff_seconds=0.01, attempts=3)))
    assert items == [ReadFailure(f"{base}/down", "HTTP 503 Service Unavailable")]
    assert state.hits["/down"] == 3


def test_read_urls_robots_unreachable_means_disallowed(site: tuple[Site, str]) -> None:
    state, base = site
    state.add("/robots.txt", b"", status=500)
    state.add("/news/0", render(PAGES[0]).encode())
    items = list(read_urls([f"{base}/news/0"], FetchSettings(backoff_seconds=0.01, attempts=1)))
    assert isinstance(items[0], ReadFailure)
    assert "robots.txt" in items[0].reason


def test_read_urls_unreachable_host_named(tmp_path: Path) -> None:
    # Nothing listens on port 9 of the loopback address: the connection is refused at once.
    items = list(read_urls(["http://127.0.0.1:9/x"], FetchSettings(backoff_seconds=0.01)))
    assert isinstance(items[0], ReadFailure)
    assert items[0].item == "http://127.0.0.1:9/x"
    assert "robots.txt" in items[0].reason or "network error" in items[0].reason


def test_ingest_url_list_stores_pages_and_names_failures(
    sqlite_url: str, tmp_path: Path, site: tuple[Site, str]
) -> None:
    state, base = site
    build_site(state)
    state.flaky.clear()
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# the week's pages\n{base}/news/0\n\n{base}/news/1\n{base}/missing\n", encoding="utf-8"
    )

    result = run_ingest(sqlite_url, "--urls", listing, f"{base}/old")

    assert result.returncode == 1
    assert "read 4, added 3, unchanged 0, failed 1" in result.stdout
    assert f"failed: {base}/missing: HTTP 404 Not Found" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(sqlite_url)[0] == 3

    again = run_ingest(sqlite_url, "--urls", listing)
    assert "read 3, added 0, unchanged 2, failed 1" in again.stdout


def test_ingest_without_inputs_says_what_to_give(sqlite_url: str) -> None:
    result = run_ingest(sqlite_url)
    assert result.returncode == 2
    assert "give at least one PATH or URL, or --urls FILE" in result.stderr


def test_ingest_unreadable_url_list_is_named(sqlite_url: str, tmp_path: Path) -> None:
    result = run_ingest(sqlite_url, "--urls", tmp_path / "nope.txt")
    assert result.returncode == 1
    assert f"failed: {tmp_path / 'nope.txt'}: cannot read the URL list" in result.stderr
    assert "Traceback" not in result.stderr


def test_store_article_drops_what_was_extracted_from_another_language(
    sqlite_url: str, extractor: Extractor
) -> None:
    """The queue's worker extracts before storing: what it got from German text is not kept."""
    text = ArticleText(title="Brücke eröffnet", paragraphs=GERMAN_PARAGRAPHS)  # no language yet
    extraction = extractor.extract(body_of(text))
    engine = build_engine(sqlite_url)
    try:
        with transaction(build_sessionmaker(engine)) as session:
            article = session.get_one(Article, store_article(session, text, extraction))
            stored = (article.language, article.quote_count, article.extraction_status)
    finally:
        engine.dispose()
    assert stored == ("de", 0, "skipped")
