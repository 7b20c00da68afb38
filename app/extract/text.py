"""White-space and identity helpers shared by every reader."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Every Unicode space a reader sees as a plain space (NBSP, thin and narrow spaces, ...).
_SPACES = re.compile(r"[^\S\n]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalize_line(text: str) -> str:
    """Collapse runs of (non-breaking) spaces and drop zero-width marks, without changing
    what a reader sees; line breaks inside the string become single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text).replace("\r", "").replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; each is normalised to one line."""
    blocks = re.split(r"\n[^\S\n]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [p for p in (normalize_line(b) for b in blocks) if p]


def content_hash(title: str, body: str) -> str:
    """The identity of an article without a URL: same words, same hash."""
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()


def name_key(name: str) -> str:
    """The matching key of a name: accent-free, case-folded, single-spaced, no dots.

    "James  Jeffrey", "JAMES JEFFREY" and "Jámes Jeffrey" share one key.
    """
    from unidecode import unidecode  # local: only readers and storage need it

    folded = unidecode(normalize_line(name)).casefold().replace(".", "")
    return _SPACES.sub(" ", folded).strip()


def doc_text(doc: Doc) -> str:
    """The document's text. spaCy's ``Doc.text`` joins every token on each access (half a
    millisecond on an article, and several steps read it), so it is kept with the doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> Doc:
    """Give ``doc`` the text it was parsed from, so ``doc_text`` need not rebuild it: spaCy's
    tokens reproduce their input verbatim, so the two are the same string."""
    doc.user_data[_TEXT_KEY] = text
    return doc


_TEXT_KEY = "quotemap.text"
