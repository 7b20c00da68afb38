"""Speakers: one row per real person or organisation across the corpus.

A speaker is a cluster of name forms (``SpeakerAlias``): every name an article gave a quote's
source ("Donald J. Trump", "Trump") is one alias row, unique across the corpus, and each quote
remembers the alias it came through. Identity resolution moves aliases between speakers;
quotes follow their alias. A speaker whose aliases all moved away stays as a redirect
(``merged_into_id``) so its old id keeps answering.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base


class Speaker(Base):
    __tablename__ = "speaker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # name_key(name): the name sort order
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # "person" or "organisation"
    title: Mapped[str | None] = mapped_column(Text)  # the role most recently given
    quote_count: Mapped[int] = mapped_column(Integer, default=0)
    # Set when every alias moved to another speaker: GET /speakers/{id} redirects there.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("speaker.id", ondelete="SET NULL")
    )
    # A curator's name or kind: automatic resolution never changes them again.
    name_curated: Mapped[bool] = mapped_column(Boolean, default=False)
    kind_curated: Mapped[bool] = mapped_column(Boolean, default=False)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", lazy="raise", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_speaker_quote_count_id", "quote_count", "id"),
        Index("ix_speaker_key_id", "key", "id"),
    )


class SpeakerAlias(Base):
    """One name form, the unit identity resolution moves."""

    __tablename__ = "speaker_alias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # NULL only inside the transaction that creates the alias, until resolution places it.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    # casefolded, accent-free form: what `?speaker=` is matched against
    alias_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # A person's name parts (names.parse_name): the blocks identity resolution works in.
    first_key: Mapped[str] = mapped_column(String(100), default="")
    last_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    quote_count: Mapped[int] = mapped_column(Integer, default=0)
    # Placed by a curator (merge, split): automatic resolution never moves it.
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)

    speaker: Mapped[Speaker | None] = relationship(back_populates="aliases", lazy="raise")

    __table_args__ = (
        Index("ix_speaker_alias_speaker_id", "speaker_id"),
        Index("ix_speaker_alias_first_key", "first_key"),
    )


class SpeakerExternalId(Base):
    """An identifier of the speaker elsewhere, e.g. ``wikidata`` ``Q22686``."""

    __tablename__ = "speaker_external_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speaker.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("scheme", "value"),)
