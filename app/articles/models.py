from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base

if TYPE_CHECKING:
    from app.places.models import PlaceMention
    from app.quotes.models import Quote


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # sha256 of the normalised title and body: the identity when no URL is known.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    published_date: Mapped[date | None] = mapped_column(Date)
    reading_time_minutes: Mapped[int | None] = mapped_column(Integer)
    image_caption: Mapped[str | None] = mapped_column(Text)
    # Paragraphs joined by a blank line; every quote and mention offset points into this text.
    body: Mapped[str] = mapped_column(Text)
    # Articles are immutable once stored, so their counts are kept with them for cheap lists.
    quote_count: Mapped[int] = mapped_column(Integer, default=0)
    place_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    site_name: Mapped[str | None] = mapped_column(String(200))
    # ISO 639-1, identified from the text; quotes and places are extracted from English only.
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    # "done": quotes and places extracted; "skipped": not attempted, extraction_note says why.
    extraction_status: Mapped[str] = mapped_column(String(16), server_default="done")
    extraction_note: Mapped[str | None] = mapped_column(Text)

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="article", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )
    place_mentions: Mapped[list[PlaceMention]] = relationship(
        back_populates="article", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    authors: Mapped[list[ArticleAuthor]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ArticleAuthor.position",
    )

    __table_args__ = (Index("ix_article_published_date_id", "published_date", "id"),)


class ArticleAuthor(Base):
    """One name of an article's byline, in byline order."""

    __tablename__ = "article_author"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    # casefolded name: the author= filter's key
    name_key: Mapped[str] = mapped_column(String(200), index=True)

    article: Mapped[Article] = relationship(back_populates="authors", lazy="raise")

    __table_args__ = (UniqueConstraint("article_id", "position"),)


PARAGRAPH_SEPARATOR = "\n\n"


def paragraphs_of(body: str | None) -> list[str]:
    return body.split(PARAGRAPH_SEPARATOR) if body else []
