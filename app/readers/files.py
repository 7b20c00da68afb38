"""Files and directories to articles, whatever their format."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from app.extract.metadata import ArticleText, parse_text_dump
from app.readers.decode import NotText, decode_html, decode_text
from app.readers.html import parse_html
from app.readers.items import ReadFailure, ReadItem
from app.readers.mapping import article_from_mapping
from app.readers.warc import read_warc

MAX_FILE_BYTES = 20 * 1024 * 1024  # one article file; JSONL files are read line by line
MAX_LINE_BYTES = 5 * 1024 * 1024


Reader = Callable[[Path], Iterator[ReadItem | ReadFailure]]


def read_path(paths: Iterable[Path]) -> Iterator[ReadItem | ReadFailure]:
    """Every article in the given files and directories (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
            for file in files:
                yield from _read_file(file)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield ReadFailure(str(path), "no such file or directory")


def _wanted(path: Path) -> bool:
    # Hidden files and gold annotations sitting beside the articles are not articles.
    return not path.name.startswith(".") and not path.name.endswith(".gold.json")


def _read_file(path: Path) -> Iterator[ReadItem | ReadFailure]:
    name = path.name.lower()
    suffix = next((s for s in READERS if name.endswith(s)), None)
    reader = READERS[suffix] if suffix is not None else _read_text_dump
    try:
        yield from reader(path)
    except OSError as error:
        yield ReadFailure(str(path), f"cannot read the file: {error.strerror or error}")


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(
            f"the file is too large ({size / 1e6:.1f} MB; "
            f"the limit is {MAX_FILE_BYTES / 1e6:.0f} MB)"
        )


def _load_text(path: Path) -> str:
    _check_size(path)
    return decode_text(path.read_bytes())


def _one(path: Path, parse: Callable[[str], ArticleText]) -> Iterator[ReadItem | ReadFailure]:
    try:
        yield ReadItem(str(path), parse(_load_text(path)))
    except (NotText, ValueError) as error:
        yield ReadFailure(str(path), str(error))


def _read_text_dump(path: Path) -> Iterator[ReadItem | ReadFailure]:
    return _one(path, parse_text_dump)


def _read_html(path: Path) -> Iterator[ReadItem | ReadFailure]:
    try:
        _check_size(path)
        yield ReadItem(str(path), parse_html(decode_html(path.read_bytes())))
    except (NotText, ValueError) as error:
        yield ReadFailure(str(path), str(error))


def _read_json(path: Path) -> Iterator[ReadItem | ReadFailure]:
    try:
        data = json.loads(_load_text(path))
    except (NotText, ValueError) as error:
        yield ReadFailure(str(path), f"not valid JSON: {error}")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        item = str(path) if len(records) == 1 else f"{path}[{index}]"
        try:
            yield ReadItem(item, article_from_mapping(record))
        except ValueError as error:
            yield ReadFailure(item, str(error))


def _read_jsonl(path: Path) -> Iterator[ReadItem | ReadFailure]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            item = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE_BYTES:
                yield ReadFailure(item, f"the line is too large ({len(raw) / 1e6:.1f} MB)")
                continue
            try:
                record = json.loads(decode_text(raw))
                yield ReadItem(item, article_from_mapping(record))
            except json.JSONDecodeError as error:
                yield ReadFailure(item, f"not valid JSON: {error}")
            except (NotText, ValueError) as error:
                yield ReadFailure(item, str(error))


# Matched against the end of the file name, longest first (".warc.gz" before ".gz").
READERS: dict[str, Reader] = {
    ".warc.gz": read_warc,
    ".arc.gz": read_warc,
    ".warc": read_warc,
    ".arc": read_warc,
    ".txt": _read_text_dump,
    ".text": _read_text_dump,
    ".json": _read_json,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".html": _read_html,
    ".htm": _read_html,
}
