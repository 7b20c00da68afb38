"""Finding one quote in a parsed test sentence: shared by the speaker rule tables."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from app.extract.quotes import extract_quotes
from app.extract.types import QuoteMention

Parse = Callable[[str], Doc]


def quote(doc: Doc, words: str) -> QuoteMention:
    for q in extract_quotes(doc):
        if q.text == words:
            return q
    raise AssertionError(f"no quote {words!r} in {[q.text for q in extract_quotes(doc)]}")
