"""What every reader yields: an article, or a failure naming the item and the reason."""

from __future__ import annotations

from dataclasses import dataclass

from app.extract.metadata import ArticleText


@dataclass(frozen=True, slots=True)
class ReadFailure:
    item: str  # the path, path:line for one record of a JSONL file, or a URL
    reason: str


@dataclass(frozen=True, slots=True)
class ReadItem:
    item: str
    article: ArticleText
