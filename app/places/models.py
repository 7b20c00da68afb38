from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base

if TYPE_CHECKING:
    from app.articles.models import Article


class Place(Base):
    """A gazetteer entry (or, unresolved, a name) that articles mention."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "geonames:<id>" for resolved places, "name:<normalised name>" for the rest.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    geonames_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(300))
    # accent-free, case-folded name: what `?place=` and `?q=` on /places match
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    feature_kind: Mapped[str | None] = mapped_column(String(40))
    # What it is, for clients: continent, country, admin1, county, city, sea, area...
    feature: Mapped[str | None] = mapped_column(String(40), index=True)
    # The first-level region (state, province) and county it lies in, or is.
    admin1_name: Mapped[str | None] = mapped_column(String(300))
    admin2_name: Mapped[str | None] = mapped_column(String(300))
    mention_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_place_mention_count_id", "mention_count", "id"),)


class PlaceMention(Base):
    __tablename__ = "place_mention"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(300))
    # the name as written, as a key: "Hamah" finds the articles that wrote "Hamah"
    text_key: Mapped[str] = mapped_column(String(300), index=True)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="place_mentions", lazy="raise")
    place: Mapped[Place] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_place_mention_article_id_start_offset", "article_id", "start_offset"),
        Index("ix_place_mention_place_id_article_id", "place_id", "article_id"),
    )
