from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base

if TYPE_CHECKING:
    from app.articles.models import Article


class Speaker(Base):
    """One row per person or group across all articles, found by a normalised key."""

    __tablename__ = "speaker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(Text)  # the role most recently given
    quote_count: Mapped[int] = mapped_column(Integer, default=0)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (Index("ix_speaker_quote_count_id", "quote_count", "id"),)


class SpeakerAlias(Base):
    __tablename__ = "speaker_alias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    # casefolded, accent-free form: what `?speaker=` is matched against
    alias_key: Mapped[str] = mapped_column(String(300), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases", lazy="raise")

    __table_args__ = (UniqueConstraint("speaker_id", "alias_key"),)


class Quote(Base):
    __tablename__ = "quote"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    cue: Mapped[str | None] = mapped_column(String(100))
    speaker_text: Mapped[str | None] = mapped_column(String(300))
    speaker_title: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="quotes", lazy="raise")
    speaker: Mapped[Speaker | None] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_quote_article_id_start_offset", "article_id", "start_offset"),
        Index("ix_quote_speaker_id_id", "speaker_id", "id"),
    )
