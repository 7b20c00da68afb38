"""An ``ArticleText`` as a JSON-safe mapping, so a job can cross machines and Python versions."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.extract.metadata import ArticleText


def article_to_payload(article: ArticleText) -> dict[str, Any]:
    # `dropped` (the page furniture removed while reading) is for inspection only: not sent.
    return {
        "title": article.title,
        "paragraphs": list(article.paragraphs),
        "subtitle": article.subtitle,
        "published_date": article.published_date.isoformat() if article.published_date else None,
        "reading_time_minutes": article.reading_time_minutes,
        "image_caption": article.image_caption,
        "url": article.url,
        "source": article.source,
        "authors": list(article.authors),
        "site_name": article.site_name,
        "language": article.language,
        "canonical_url": article.canonical_url,
        "tags": list(article.tags),
    }


def article_from_payload(data: dict[str, Any]) -> ArticleText:
    published = data.get("published_date")
    return ArticleText(
        title=str(data["title"]),
        paragraphs=tuple(str(p) for p in data["paragraphs"]),
        subtitle=data.get("subtitle"),
        published_date=date.fromisoformat(published) if published else None,
        reading_time_minutes=data.get("reading_time_minutes"),
        image_caption=data.get("image_caption"),
        url=data.get("url"),
        source=data.get("source"),
        # absent in jobs enqueued by an older release
        authors=tuple(str(a) for a in data.get("authors") or ()),
        site_name=data.get("site_name"),
        language=data.get("language"),
        canonical_url=data.get("canonical_url"),
        tags=tuple(str(t) for t in data.get("tags") or ()),
    )
