"""Articles from web archives (WARC and ARC, gzipped or not), streamed record by record.

Only HTTP responses with status 200 and an HTML content type are read; each article is
identified by its record's target URI. Memory stays flat whatever the archive's size: one
record is held at a time. A damaged archive keeps the articles before the damage, and the
damage is reported by name and byte offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from app.readers.decode import NotText, decode_html
from app.readers.html import parse_html
from app.readers.items import ReadFailure, ReadItem

MAX_RECORD_BYTES = 20 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# An uncompressed archive may end with the blank lines that close its last record.
_TRAILING_SLACK = 4
_ARC_MAGIC = b"filedesc://"
_MAGIC = (b"\x1f\x8b", b"WARC/", _ARC_MAGIC)


def read_warc(path: Path) -> Iterator[ReadItem | ReadFailure]:
    size = path.stat().st_size
    with path.open("rb") as stream:
        if not stream.read(len(_ARC_MAGIC)).startswith(_MAGIC):
            yield ReadFailure(str(path), "not a web archive (no WARC, ARC or gzip header)")
            return
        stream.seek(0)
        records = ArchiveIterator(stream, arc2warc=True)
        try:
            for record in records:
                # records.offset: where this record starts (get_record_offset() would read it)
                found = _read_record(record, path, records.offset)
                if isinstance(found, ReadFailure) and found.item == str(path):
                    yield found  # the archive itself is damaged here: nothing after it
                    return
                if found is not None:
                    yield found
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
            yield _damaged(path, records.offset, _first_line(error))
            return
        info = records.member_info  # (offset, length) of the last whole record read
        end = info[0] + info[1] if info else 0
        if end < size - _TRAILING_SLACK:
            yield _damaged(path, end, "the archive ends in the middle of a record")


def _read_record(record: Any, path: Path, offset: int) -> ReadItem | ReadFailure | None:
    """The record's article; None for records that are not HTML pages served with 200."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}@{offset}"
    data = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(data) > MAX_RECORD_BYTES:
        return ReadFailure(uri, f"the page is too large (over {MAX_RECORD_BYTES / 1e6:.0f} MB)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return _damaged(path, offset, f"the record of {uri} is cut short")
    try:
        return ReadItem(uri, parse_html(decode_html(data, _charset(content_type)), url=uri))
    except (NotText, ValueError) as error:
        return ReadFailure(uri, str(error))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value:
            return value.strip().strip("\"'")
    return None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def _damaged(path: Path, offset: int, what: str) -> ReadFailure:
    return ReadFailure(
        str(path),
        f"the archive is damaged at byte {offset} ({what}); the records before it were read",
    )
