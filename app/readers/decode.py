"""Bytes to text: UTF-8 first, then the legacy encodings news archives are full of."""

from __future__ import annotations

import codecs
import re

_BINARY_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}


class NotText(ValueError):
    """The bytes are not text in any encoding we read."""


def decode_text(data: bytes) -> str:
    """Decode a text file; a cut multi-byte character at the very end is dropped.

    Raises NotText for binary data (NUL bytes or many control characters).
    """
    if not data.strip():
        raise NotText("the file is empty")
    if b"\x00" in data[:8192] or _control_share(data[:8192]) > _BINARY_CONTROL_SHARE:
        raise NotText("the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A file truncated in the middle of a character: keep everything before it.
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8-sig")
    # Not UTF-8: Windows-1252 is a superset of Latin-1 for every printable character.
    return data.decode("cp1252", errors="replace")


def _control_share(sample: bytes) -> float:
    return sum(1 for byte in sample if byte in _CONTROL_BYTES) / max(len(sample), 1)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode a web page: the charset its HTTP header declared, else the one its <meta> tag
    declares, else UTF-8, else Windows-1252. Raises NotText for binary data."""
    if not data.strip():
        raise NotText("the page is empty")
    if b"\x00" in data[:8192]:
        raise NotText("the page is binary, not text")
    sniffed = _META_CHARSET.search(data[:4096])
    for name in (declared, sniffed.group(1).decode("ascii", "ignore") if sniffed else None):
        if not name:
            continue
        try:
            return data.decode(_codec(name), errors="replace")
        except LookupError:
            continue
    return decode_text(data)


def _codec(name: str) -> str:
    codec = codecs.lookup(name).name
    # Browsers read pages labelled Latin-1 or ASCII as Windows-1252 (the WHATWG encoding rules).
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
