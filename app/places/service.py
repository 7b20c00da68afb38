"""Place and place-mention queries and writes. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.db.base import AnyRow, AnySelect
from app.db.json import Fields, json_object
from app.errors import NotFound
from app.extract import types as extracted
from app.extract.text import name_key
from app.pagination import Cursor, keyset_page
from app.places.models import Place, PlaceMention

PLACE_SORTS = ("-mention_count", "name")


@dataclass(frozen=True, slots=True)
class PlaceFilters:
    q: str | None = None  # name prefix
    country: str | None = None
    published_from: date | None = None
    published_to: date | None = None


# --- writes -------------------------------------------------------------------------------


def place_key(mention: extracted.PlaceMention) -> str:
    if mention.entry is not None:
        return f"geonames:{mention.entry.geonames_id}"
    return f"name:{name_key(mention.text)}"


# The gazetteer's kinds as clients read them: a first-level region is "admin1", a capital a city.
_FEATURES = {"region": "admin1", "capital": "city"}


def feature_of(feature_kind: str) -> str:
    """What a place is, for clients: "country", "admin1", "county", "city", "sea"..."""
    return _FEATURES.get(feature_kind, feature_kind)


_PLACES_BY_KEY = select(Place).where(Place.key.in_(bindparam("keys", expanding=True)))


def upsert_places(session: Session, mentions: Iterable[extracted.PlaceMention]) -> dict[str, Place]:
    """The one row for each place mentioned, by key, created on first sight: one query and
    one flush for a whole batch of articles, not a query per place."""
    by_key: dict[str, extracted.PlaceMention] = {}
    for mention in mentions:
        by_key.setdefault(place_key(mention), mention)
    if not by_key:
        return {}
    rows = {row.key: row for row in session.scalars(_PLACES_BY_KEY, {"keys": list(by_key)})}
    for key, mention in by_key.items():
        if key in rows:
            continue
        entry = mention.entry
        name = entry.name if entry else mention.text
        rows[key] = Place(
            key=key,
            geonames_id=entry.geonames_id if entry else None,
            name=name,
            name_key=name_key(name),
            country_code=entry.country_code if entry else None,
            latitude=entry.latitude if entry else None,
            longitude=entry.longitude if entry else None,
            feature_kind=entry.feature_kind if entry else None,
            feature=feature_of(entry.feature_kind) if entry else None,
            admin1_name=entry.admin1_name if entry else None,
            admin2_name=entry.admin2_name if entry else None,
            mention_count=0,
        )
        session.add(rows[key])
    session.flush()  # ids for the new rows
    return rows


_INSERT_MENTION = insert(PlaceMention)
# An atomic increment: concurrent ingests never lose a count.
_ADD_MENTION_COUNT = (
    update(Place)
    .where(Place.id == bindparam("place"))
    .values(mention_count=Place.mention_count + bindparam("n"))
)


def add_mentions(
    session: Session, articles: Sequence[tuple[int, Sequence[extracted.PlaceMention]]]
) -> int:
    """Store the place mentions of these articles (article id, its mentions): the places of
    a whole batch looked up and created at once."""
    places = upsert_places(session, (m for _article_id, mentions in articles for m in mentions))
    per_place: dict[int, int] = {}
    rows: list[dict[str, object]] = []
    for article_id, mentions in articles:
        for mention in mentions:
            place = places[place_key(mention)]
            per_place[place.id] = per_place.get(place.id, 0) + 1
            rows.append(
                {
                    "article_id": article_id,
                    "place_id": place.id,
                    "text": mention.text,
                    "text_key": name_key(mention.text),
                    "start_offset": mention.start,
                    "end_offset": mention.end,
                }
            )
    if rows:
        # Core executemany, as for quotes: no ORM unit of work per mention.
        session.connection().execute(_INSERT_MENTION, rows)
    if per_place:
        # Core, not ORM execution (which would also search the session for the rows it
        # changes), and one statement for all the places (executemany).
        session.connection().execute(
            _ADD_MENTION_COUNT, [{"place": p, "n": n} for p, n in per_place.items()]
        )
    return len(rows)


# --- reads --------------------------------------------------------------------------------


def place_ids_matching(name: str) -> CompoundSelect[Any]:
    """Places with this name, or written this way in some article (case/accent-insensitive)."""
    key = name_key(name)
    return (
        select(Place.id)
        .where(Place.name_key == key)
        .union(select(PlaceMention.place_id).where(PlaceMention.text_key == key))
    )


def get_place(session: Session, place_id: int) -> Place:
    place = session.get(Place, place_id)
    if place is None or place.mention_count <= 0:
        raise NotFound(f"There is no place with id {place_id}.")
    return place


# Built once, read as plain rows: see quotes.service.QUOTE_COLUMNS for why.
def place_json_fields(row: Any) -> Fields:
    """A ``PlaceRead``'s fields for JSON built by the database, from ``row.<column>``."""
    return {
        "id": row.id,
        "name": row.name,
        "geonames_id": row.geonames_id,
        "country_code": row.country_code,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "feature_kind": row.feature_kind,
        "mention_count": row.mention_count,
    }


def place_mention_json(dialect: str, row: Any) -> ColumnElement[Any]:
    """A ``PlaceMentionRead`` as JSON, from a subquery of ``MENTIONS_OF_ARTICLE``."""
    fields = {
        "text": row.text,
        "start": row.start_offset,
        "end": row.end_offset,
        "place": json_object(dialect, place_json_fields(row)),
    }
    return json_object(dialect, fields)


MENTIONS_OF_ARTICLE = (
    select(
        PlaceMention.text,
        PlaceMention.start_offset,
        PlaceMention.end_offset,
        Place.id,
        Place.name,
        Place.geonames_id,
        Place.country_code,
        Place.latitude,
        Place.longitude,
        Place.feature_kind,
        Place.feature,
        Place.admin1_name,
        Place.admin2_name,
        Place.mention_count,
        PlaceMention.id.label("mention_id"),
    )
    .join(Place, Place.id == PlaceMention.place_id)
    .where(PlaceMention.article_id == bindparam("article_id"))
    .order_by(PlaceMention.start_offset, PlaceMention.id)
)


def mentions_of_article(session: Session, article_id: int) -> Sequence[AnyRow]:
    """The article's place mentions in reading order, each with its place's columns."""
    return session.connection().execute(MENTIONS_OF_ARTICLE, {"article_id": article_id}).all()


def _places_query(filters: PlaceFilters) -> AnySelect:
    query = select(Place).where(Place.mention_count > 0)
    if filters.q is not None:
        query = query.where(Place.name_key.startswith(name_key(filters.q), autoescape=True))
    if filters.country is not None:
        query = query.where(Place.country_code == filters.country.upper())
    if filters.published_from is not None or filters.published_to is not None:
        window = select(PlaceMention.place_id).join(Article, Article.id == PlaceMention.article_id)
        if filters.published_from is not None:
            window = window.where(Article.published_date >= filters.published_from)
        if filters.published_to is not None:
            window = window.where(Article.published_date <= filters.published_to)
        query = query.where(Place.id.in_(window))
    return query


def list_places(
    session: Session, *, filters: PlaceFilters, sort: str, limit: int, cursor: Cursor | None
) -> list[Place]:
    key, descending = (Place.name_key, False) if sort == "name" else (Place.mention_count, True)
    query = keyset_page(
        _places_query(filters), key, Place.id, descending=descending, cursor=cursor, limit=limit
    )
    return list(session.scalars(query).all())


def count_places(session: Session, *, filters: PlaceFilters) -> int:
    return session.scalar(select(func.count()).select_from(_places_query(filters).subquery())) or 0


def stream_places(session: Session, *, filters: PlaceFilters, batch: int = 1000) -> Iterator[Place]:
    query = _places_query(filters).order_by(Place.mention_count.desc(), Place.id.desc())
    yield from session.scalars(query.execution_options(yield_per=batch))
