"""Article queries. Services flush, never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.articles.models import PARAGRAPH_SEPARATOR, Article
from app.errors import NotFound
from app.extract.metadata import ArticleText
from app.pagination import Cursor, keyset_after


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article with id {article_id}.")
    return article


def find_article(session: Session, *, content_hash: str, url: str | None) -> Article | None:
    """The stored article with this URL, or else with the same content."""
    if url is not None:
        found = session.scalar(select(Article).where(Article.url == url))
        if found is not None:
            return found
    return session.scalar(select(Article).where(Article.content_hash == content_hash))


def add_article(session: Session, *, text: ArticleText, content_hash: str) -> Article:
    article = Article(
        content_hash=content_hash,
        url=text.url,
        source=text.source,
        title=text.title,
        subtitle=text.subtitle,
        published_date=text.published_date,
        reading_time_minutes=text.reading_time_minutes,
        image_caption=text.image_caption,
        body=body_of(text),
        quote_count=0,
        place_count=0,
    )
    session.add(article)
    session.flush()
    return article


def body_of(text: ArticleText) -> str:
    """The stored body that every offset points into."""
    return PARAGRAPH_SEPARATOR.join(text.paragraphs)


def list_articles(
    session: Session, *, limit: int, cursor: Cursor | None, descending: bool = True
) -> Sequence[Article]:
    order_date = Article.published_date.desc() if descending else Article.published_date.asc()
    order_id = Article.id.desc() if descending else Article.id.asc()
    query = select(Article).order_by(order_date.nulls_last(), order_id).limit(limit + 1)
    if cursor is not None:
        query = query.where(
            keyset_after(Article.published_date, Article.id, cursor, descending=descending)
        )
    return session.scalars(query).all()
