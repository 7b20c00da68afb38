"""A job's article survives the trip through Redis whole: every field the readers fill."""

from __future__ import annotations

import json
from datetime import date

from app.extract.metadata import ArticleText
from app.queue.payload import article_from_payload, article_to_payload


def test_article_payload_round_trip_keeps_web_fields() -> None:
    article = ArticleText(
        title="Mayor opens bridge",
        paragraphs=("First.", "Second."),
        published_date=date(2021, 5, 4),
        url="https://example.com/a",
        source="Example",
        authors=("Ann Roe", "Jo Bloggs"),
        site_name="Example News",
        language="en",
        canonical_url="https://example.com/a-canonical",
        tags=("cities",),
    )
    payload = json.loads(json.dumps(article_to_payload(article)))
    assert article_from_payload(payload) == article


def test_article_payload_from_an_older_release_still_reads() -> None:
    old = {"title": "T", "paragraphs": ["P."], "url": None, "source": None}
    article = article_from_payload(old)
    assert (article.authors, article.language, article.tags) == ((), None, ())
