from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base
from app.speakers.models import Speaker

if TYPE_CHECKING:
    from app.articles.models import Article


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
    # The name form the quote was attributed through: identity moves quotes with it.
    speaker_alias_id: Mapped[int | None] = mapped_column(
        ForeignKey("speaker_alias.id", ondelete="SET NULL"), index=True
    )
    # "person", "organisation" or "unnamed" (a source with no speaker row); NULL: no source
    source_kind: Mapped[str | None] = mapped_column(String(20))

    article: Mapped[Article] = relationship(back_populates="quotes", lazy="raise")
    speaker: Mapped[Speaker | None] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_quote_article_id_start_offset", "article_id", "start_offset"),
        Index("ix_quote_speaker_id_id", "speaker_id", "id"),
    )
