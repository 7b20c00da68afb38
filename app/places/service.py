"""Place and place-mention queries and writes. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.extract import types as extracted
from app.extract.text import name_key
from app.pagination import Cursor, keyset_after
from app.places.models import Place, PlaceMention


def place_key(mention: extracted.PlaceMention) -> str:
    if mention.entry is not None:
        return f"geonames:{mention.entry.geonames_id}"
    return f"name:{name_key(mention.text)}"


def upsert_place(session: Session, mention: extracted.PlaceMention) -> Place:
    key = place_key(mention)
    row = session.scalar(select(Place).where(Place.key == key))
    if row is not None:
        return row
    entry = mention.entry
    row = Place(
        key=key,
        geonames_id=entry.geonames_id if entry else None,
        name=entry.name if entry else mention.text,
        country_code=entry.country_code if entry else None,
        latitude=entry.latitude if entry else None,
        longitude=entry.longitude if entry else None,
        feature_kind=entry.feature_kind if entry else None,
        mention_count=0,
    )
    session.add(row)
    session.flush()
    return row


def add_mentions(
    session: Session, *, article: Article, mentions: Iterable[extracted.PlaceMention]
) -> int:
    places: dict[str, Place] = {}
    per_place: dict[int, int] = {}
    count = 0
    for mention in mentions:
        key = place_key(mention)
        if key not in places:
            places[key] = upsert_place(session, mention)
        place = places[key]
        per_place[place.id] = per_place.get(place.id, 0) + 1
        session.add(
            PlaceMention(
                article_id=article.id,
                place_id=place.id,
                text=mention.text,
                start_offset=mention.start,
                end_offset=mention.end,
            )
        )
        count += 1
    for place_id, n in per_place.items():
        session.execute(
            update(Place).where(Place.id == place_id).values(mention_count=Place.mention_count + n)
        )
    session.flush()
    return count


def mentions_of_article(session: Session, article_id: int) -> Sequence[tuple[PlaceMention, Place]]:
    query = (
        select(PlaceMention, Place)
        .join(Place, Place.id == PlaceMention.place_id)
        .where(PlaceMention.article_id == article_id)
        .order_by(PlaceMention.start_offset, PlaceMention.id)
    )
    return [(m, p) for m, p in session.execute(query).all()]


def list_places(session: Session, *, limit: int, cursor: Cursor | None) -> Sequence[Place]:
    """Places, most mentioned first."""
    query = (
        select(Place)
        .where(Place.mention_count > 0)
        .order_by(Place.mention_count.desc(), Place.id.desc())
        .limit(limit + 1)
    )
    if cursor is not None:
        query = query.where(keyset_after(Place.mention_count, Place.id, cursor, descending=True))
    return session.scalars(query).all()
