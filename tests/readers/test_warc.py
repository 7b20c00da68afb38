"""Web archives: HTML responses with status 200 become articles named by their target URI;
everything else is passed over; damage is named, and what came before it is kept."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from app.readers import ReadFailure, ReadItem, read_path
from app.readers.html import parse_html
from tests.web_pages import Record, bridge_page, page_record, render, write_arc, write_warc

PAGES = [bridge_page(n) for n in range(4)]


def other_records() -> list[Record]:
    return [
        Record(
            "https://news.example.org/robots.txt", b"User-agent: *\n", content_type="text/plain"
        ),
        Record("https://news.example.org/missing", b"<html>gone</html>", status="404 Not Found"),
        Record("https://news.example.org/logo.png", b"\x89PNG....", content_type="image/png"),
        Record("https://news.example.org/", b"GET / HTTP/1.1\r\n\r\n", kind="request"),
    ]


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_read_warc_one_article_per_html_page(tmp_path: Path, name: str, gzip: bool) -> None:
    records = [page_record(PAGES[0]), *other_records(), *(page_record(p) for p in PAGES[1:])]
    write_warc(tmp_path / name, records, gzip=gzip)

    items = list(read_path([tmp_path / name]))

    assert all(isinstance(i, ReadItem) for i in items), items
    assert [i.item for i in items] == [p.url for p in PAGES]
    assert [i.article.url for i in items if isinstance(i, ReadItem)] == [p.url for p in PAGES]
    assert [i.article.title for i in items if isinstance(i, ReadItem)] == [p.title for p in PAGES]


def test_read_arc_one_article_per_html_page(tmp_path: Path) -> None:
    write_arc(tmp_path / "old.arc", PAGES[:2])
    items = list(read_path([tmp_path / "old.arc"]))
    assert [i.item for i in items] == [PAGES[0].url, PAGES[1].url]
    assert all(isinstance(i, ReadItem) for i in items)


@pytest.mark.parametrize("gzip", [True, False])
def test_read_warc_truncated_keeps_records_before_damage_and_names_it(
    tmp_path: Path, gzip: bool
) -> None:
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    offsets = write_warc(path, [page_record(p) for p in PAGES], gzip=gzip)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[2] + (offsets[3] - offsets[2]) // 2])

    items = list(read_path([path]))

    assert [i.item for i in items[:2]] == [PAGES[0].url, PAGES[1].url]
    assert isinstance(items[0], ReadItem)
    assert isinstance(items[1], ReadItem)
    assert len(items) == 3
    damage = items[2]
    assert isinstance(damage, ReadFailure)
    assert damage.item == str(path)
    assert f"damaged at byte {offsets[2]}" in damage.reason
    assert "the records before it were read" in damage.reason


def test_read_warc_not_an_archive_is_named_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a web archive at all\n" * 20)
    items = list(read_path([path]))
    assert items == [ReadFailure(str(path), "not a web archive (no WARC, ARC or gzip header)")]


def test_read_warc_garbage_after_good_records_is_named(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc"
    write_warc(path, [page_record(PAGES[0])], gzip=False)
    path.write_bytes(path.read_bytes() + b"\x00\x01garbage that is no record\r\n" * 40)
    items = list(read_path([path]))
    assert isinstance(items[0], ReadItem)
    assert isinstance(items[-1], ReadFailure)
    assert items[-1].item == str(path)
    assert "the archive is damaged at byte" in items[-1].reason


def test_read_warc_page_without_body_named_by_uri(tmp_path: Path) -> None:
    empty = Record("https://news.example.org/empty", b"<html><body><nav>Home</nav></body></html>")
    write_warc(tmp_path / "a.warc.gz", [empty, page_record(PAGES[0])])
    items = list(read_path([tmp_path / "a.warc.gz"]))
    assert isinstance(items[0], ReadFailure)
    assert items[0].item == "https://news.example.org/empty"
    assert "no article body" in items[0].reason
    assert isinstance(items[1], ReadItem)


def test_read_warc_streams_large_records_without_holding_them(tmp_path: Path) -> None:
    """Memory does not grow with the archive: 120 MB of images pass through a few MB."""
    blob = bytes(range(256)) * 4096  # 1 MiB
    images = [
        Record(f"https://news.example.org/{n}.jpg", blob, content_type="image/jpeg")
        for n in range(120)
    ]
    path = tmp_path / "big.warc.gz"
    write_warc(path, [page_record(PAGES[0]), *images, page_record(PAGES[1])])
    # Loaded once per process, not per record: the language identifier's model above all.
    parse_html(render(PAGES[2]))

    tracemalloc.start()
    try:
        items = list(read_path([path]))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [i.item for i in items] == [PAGES[0].url, PAGES[1].url]
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
