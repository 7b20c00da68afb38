"""Article queries and writes. Services flush, never commit: the caller owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    Integer,
    String,
    Subquery,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from app.articles.models import PARAGRAPH_SEPARATOR, Article, ArticleAuthor, paragraphs_of
from app.db.base import AnyRow, AnySelect, stream_rows
from app.db.fulltext import (
    TooManyMatches,
    article_match_filter,
    article_matches,
    few_article_matches,
    match_value,
    ranked_page_ids,
)
from app.db.json import as_text, json_array, json_object
from app.db.raw import dialect_of, fetch_all, fetch_one
from app.db.revision import bump_revision
from app.errors import NotFound
from app.extract.metadata import ArticleText
from app.pagination import (
    Cursor,
    cursor_date,
    keyset_page_nulls_last,
    keyset_rows_nulls_last,
)
from app.places.models import Place, PlaceMention
from app.places.service import MENTIONS_OF_ARTICLE, place_ids_matching, place_mention_json
from app.quotes.models import Quote
from app.quotes.service import QUOTES_OF_ARTICLE, quote_in_article_json
from app.speakers.resolution import forget_forms, quote_counts_by_form
from app.speakers.service import live_speaker_id, speakers_matching

ARTICLE_SORTS = ("-published_date", "published_date", "relevance")
# An article as lists show it, and as its own page shows it, read as plain rows: see
# quotes.service.QUOTE_COLUMNS for why.
SUMMARY_COLUMNS = (
    Article.id,
    Article.title,
    Article.published_date,
    Article.source,
    Article.url,
    Article.quote_count,
    Article.place_count,
    Article.site_name,
    Article.language,
    Article.extraction_status,
)
# An article as lists show it (``ArticleSummary``), and its page (``ArticleRead``) before its
# byline, paragraphs, quotes and places, in the schema's order, for JSON built by the
# database: a new column is one line here (and one in the schema).
SUMMARY_FIELDS = {
    "id": Article.id,
    "title": Article.title,
    "published_date": Article.published_date,
    "source": Article.source,
    "url": Article.url,
    "quote_count": Article.quote_count,
    "place_count": Article.place_count,
    "site_name": Article.site_name,
    "language": Article.language,
    "extraction_status": Article.extraction_status,
}
ARTICLE_FIELDS = {
    **SUMMARY_FIELDS,
    "canonical_url": Article.canonical_url,
    "extraction_note": Article.extraction_note,
    "subtitle": Article.subtitle,
    "reading_time_minutes": Article.reading_time_minutes,
    "image_caption": Article.image_caption,
    "body": Article.body,
}
_AUTHORS_OF = (
    select(ArticleAuthor.name, ArticleAuthor.position)
    .where(ArticleAuthor.article_id == bindparam("article_id"))
    .order_by(ArticleAuthor.position)
)
_ARTICLE_ID = select(Article.id).where(Article.id == bindparam("article_id"))


@dataclass(frozen=True, slots=True)
class ArticleFilters:
    q: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    speaker: str | None = None
    speaker_id: int | None = None
    place: str | None = None
    place_id: int | None = None
    source: str | None = None
    author: str | None = None
    language: str | None = None

    def indexed(self) -> bool:
        """Whether a page is a walk down the (published_date, id) index: no full-text match,
        no speaker, place or source filter that may read many articles to fill a page."""
        return all(
            value is None
            for value in (
                self.q,
                self.speaker,
                self.speaker_id,
                self.place,
                self.place_id,
                self.source,
                self.author,
                self.language,
            )
        )


def require_article(session: Session, article_id: int) -> None:
    """404 unless the article exists (its id alone: the body is not read)."""
    if session.connection().execute(_ARTICLE_ID, {"article_id": article_id}).first() is None:
        raise _not_found(article_id)


@cache
def _article_page(dialect: str) -> AnySelect:
    """One statement for a whole page: the article's fields, its body again (for the
    paragraphs), and its quotes and places as JSON arrays, each built by the database."""
    quotes = QUOTES_OF_ARTICLE.subquery()
    places = MENTIONS_OF_ARTICLE.subquery()
    quote_items = json_array(
        dialect,
        quotes,
        quote_in_article_json(dialect, quotes.c),
        order_by=(quotes.c.start_offset, quotes.c.id),
    )
    place_items = json_array(
        dialect,
        places,
        place_mention_json(dialect, places.c),
        order_by=(places.c.start_offset, places.c.mention_id),
    )
    authors = _AUTHORS_OF.subquery()
    author_items = json_array(dialect, authors, authors.c.name, order_by=(authors.c.position,))
    return select(
        as_text(dialect, json_object(dialect, ARTICLE_FIELDS)),
        Article.body,
        as_text(dialect, author_items),
        as_text(dialect, quote_items),
        as_text(dialect, place_items),
    ).where(Article.id == bindparam("article_id"))


def article_page(source: Engine | Session, article_id: int) -> bytes:
    """The article's page (an ``ArticleRead``) as JSON, built by the database in one query;
    only the paragraphs are split here (SQL has no portable split). ``source``: the engine
    for a read, or the writing session (which sees its own article)."""
    statement = _article_page(dialect_of(source))
    row = fetch_one(source, statement, {"article_id": article_id})
    if row is None:
        raise _not_found(article_id)
    fields, body, authors, quotes, places = row
    paragraphs = json.dumps(paragraphs_of(body), ensure_ascii=False)
    page = (
        f'{fields[:-1]},"authors":{authors},"paragraphs":{paragraphs},'
        f'"quotes":{quotes},"places":{places}}}'
    )
    return page.encode()


def authors_of_article(session: Session, article_id: int) -> list[str]:
    """The article's byline names, in byline order."""
    rows = session.connection().execute(_AUTHORS_OF, {"article_id": article_id})
    return [name for name, _position in rows]


def author_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _not_found(article_id: int) -> NotFound:
    return NotFound(f"There is no article with id {article_id}.")


def find_article(session: Session, *, content_hash: str, url: str | None) -> Article | None:
    """The stored article with this URL, or else with the same content."""
    if url is not None:
        found = session.scalar(_ARTICLE_BY_URL, {"url": url})
        if found is not None:
            return found
    return session.scalar(_ARTICLE_BY_HASH, {"content_hash": content_hash})


def stored_identities(
    session: Session, *, urls: Sequence[str], content_hashes: Sequence[str]
) -> tuple[set[str], set[str]]:
    """Which of these URLs and content hashes are stored already: one query for an ingest's
    whole batch, rather than one or two an article."""
    if not urls and not content_hashes:
        return set(), set()
    rows = session.connection().execute(
        _IDENTITIES, {"urls": list(urls), "content_hashes": list(content_hashes)}
    )
    found_urls: set[str] = set()
    found_hashes: set[str] = set()
    for url, digest in rows:
        if url is not None:
            found_urls.add(url)
        found_hashes.add(digest)
    return found_urls, found_hashes


_IDENTITIES = select(Article.url, Article.content_hash).where(
    or_(
        Article.url.in_(bindparam("urls", expanding=True)),
        Article.content_hash.in_(bindparam("content_hashes", expanding=True)),
    )
)


# Asked for every article an ingest reads: built once, as building a statement per call costs
# more than the lookup.
_ARTICLE_BY_URL = select(Article).where(Article.url == bindparam("url"))
_ARTICLE_BY_HASH = select(Article).where(Article.content_hash == bindparam("content_hash"))


def add_article(
    session: Session,
    *,
    text: ArticleText,
    content_hash: str,
    skipped_because: str | None = None,
    quote_count: int = 0,
    place_count: int = 0,
) -> int:
    """Add the article and its byline, and return its id; ``skipped_because`` says why quotes
    and places were not extracted, if they were not. The counts are those of the quotes and
    place mentions its caller is about to add (known up front: no second write of the row).

    Core statements: the ingest writes every article once and never reads it back as an
    object, and the ORM's unit of work cost more than the insert."""
    connection = session.connection()
    article_id = connection.execute(
        _INSERT_ARTICLE,
        {
            "content_hash": content_hash,
            "url": text.url,
            "source": text.source,
            "title": text.title,
            "subtitle": text.subtitle,
            "published_date": text.published_date,
            "reading_time_minutes": text.reading_time_minutes,
            "image_caption": text.image_caption,
            "body": body_of(text),
            "quote_count": quote_count,
            "place_count": place_count,
            "site_name": text.site_name,
            "language": text.language,
            "canonical_url": text.canonical_url,
            "extraction_status": "done" if skipped_because is None else "skipped",
            "extraction_note": skipped_because,
        },
    ).scalar_one()
    if text.authors:
        connection.execute(
            _INSERT_AUTHOR,
            [
                {
                    "article_id": article_id,
                    "position": n,
                    "name": name,
                    "name_key": author_key(name),
                }
                for n, name in enumerate(text.authors)
            ],
        )
    return int(article_id)


_INSERT_ARTICLE = insert(Article).returning(Article.id)
_INSERT_AUTHOR = insert(ArticleAuthor)


def body_of(text: ArticleText) -> str:
    """The stored body that every offset points into."""
    return PARAGRAPH_SEPARATOR.join(text.paragraphs)


def delete_article(session: Session, article_id: int) -> None:
    """Remove an article, its quotes and mentions, and the speakers and places nothing else
    refers to any more; counts stay right."""
    require_article(session, article_id)
    forms = quote_counts_by_form(session, article_id)
    per_place = select(PlaceMention.place_id, func.count()).where(
        PlaceMention.article_id == article_id
    )
    for place_id, n in session.execute(per_place.group_by(PlaceMention.place_id)).all():
        session.execute(
            update(Place).where(Place.id == place_id).values(mention_count=Place.mention_count - n)
        )
    # Children first, explicitly: the same on every engine, whatever its cascade settings.
    session.execute(delete(Quote).where(Quote.article_id == article_id))
    session.execute(delete(PlaceMention).where(PlaceMention.article_id == article_id))
    session.execute(delete(ArticleAuthor).where(ArticleAuthor.article_id == article_id))
    session.execute(delete(Article).where(Article.id == article_id))
    forget_forms(session, forms)
    session.execute(
        delete(Place).where(
            Place.mention_count <= 0,
            ~select(PlaceMention.id).where(PlaceMention.place_id == Place.id).exists(),
        )
    )
    session.flush()
    bump_revision(session)


def _filtered(session: Session, filters: ArticleFilters) -> tuple[AnySelect, Subquery | None]:
    """The filtered query (rows of ``SUMMARY_COLUMNS``) and, with ``q``, the full-text hits
    it joins (``id``, ``rank``)."""
    query: AnySelect = select(*SUMMARY_COLUMNS)
    hits: Subquery | None = None
    if filters.q is not None:
        hits = article_matches(session, filters.q)
        query = query.join(hits, hits.c.id == Article.id)
    if filters.published_from is not None:
        query = query.where(Article.published_date >= filters.published_from)
    if filters.published_to is not None:
        query = query.where(Article.published_date <= filters.published_to)
    if filters.source is not None:
        query = query.where(func.lower(Article.source) == filters.source.strip().lower())
    if filters.language is not None:
        query = query.where(Article.language == filters.language.strip().lower())
    if filters.author is not None:
        bylines = select(ArticleAuthor.article_id).where(
            ArticleAuthor.name_key == author_key(filters.author)
        )
        query = query.where(Article.id.in_(bylines))
    if filters.speaker is not None or filters.speaker_id is not None:
        speakers = (
            [match.id for match in speakers_matching(session, filters.speaker)]
            if filters.speaker is not None
            else [live_speaker_id(session, filters.speaker_id)]  # type: ignore[arg-type]
        )
        quoting = select(Quote.article_id).where(Quote.speaker_id.in_(speakers))
        query = query.where(Article.id.in_(quoting))
    if filters.place is not None or filters.place_id is not None:
        places = (
            place_ids_matching(filters.place)
            if filters.place is not None
            else select(Place.id).where(Place.id == filters.place_id)
        )
        mentioning = select(PlaceMention.article_id).where(PlaceMention.place_id.in_(places))
        query = query.where(Article.id.in_(mentioning))
    return query, hits


def list_articles(
    session: Session,
    *,
    filters: ArticleFilters,
    sort: str,
    limit: int,
    cursor: Cursor | None,
    as_json: bool = False,
    bounded: bool = False,
) -> list[tuple[Sequence[Any], float | None]]:
    """A page of articles (rows of ``SUMMARY_COLUMNS``), each with its relevance rank (None
    unless sorting by relevance). ``as_json``: rows of ``(item, published_date, id)``
    instead, ``item`` an ``ArticleSummary`` as JSON text built by the database.
    ``bounded`` (with ``bounded_page``'s filters): raise ``TooManyMatches`` rather than
    read more than ``FEW_MATCHES`` full-text matches."""
    relevance = sort == "relevance"
    if as_json and not relevance:
        hot = _hot_page(
            session,
            filters,
            descending=sort.startswith("-"),
            limit=limit,
            cursor=cursor,
            bounded=bounded,
        )
        if hot is not None:
            return [(row, None) for row in hot]
    query, hits = _filtered(session, filters)
    if relevance and hits is not None:
        text_only = replace(filters, q=None) == ArticleFilters()
        matches = None if text_only else query
        return _ranked_page(session, matches, hits, cursor=cursor, limit=limit, as_json=as_json)
    if as_json:
        dialect = session.get_bind().dialect.name
        item = as_text(dialect, json_object(dialect, SUMMARY_FIELDS)).label("item")
        columns = [item, Article.published_date, Article.id]
        query = query.with_only_columns(*columns, maintain_column_froms=True)
    key, descending = Article.published_date, sort.startswith("-")
    if filters.indexed():
        rows = keyset_rows_nulls_last(
            session, query, key, Article.id, descending=descending, cursor=cursor, limit=limit
        )
    else:
        page = keyset_page_nulls_last(
            query, key, Article.id, descending=descending, cursor=cursor, limit=limit
        )
        rows = list(session.execute(page).all())
    return [(row, None) for row in rows]


def bounded_page(session: Session, filters: ArticleFilters, sort: str) -> bool:
    """Whether a JSON page of these filters in this order can be read within a bound that
    suits the event loop (``list_articles`` with ``bounded=True``): the date index walked
    (``ArticleFilters.indexed``), or, on SQLite, a full-text query alone in date order,
    whose few matches are read by id (past ``FEW_MATCHES``, ``TooManyMatches``)."""
    if filters.indexed():
        return True
    text_only = filters.q is not None and replace(filters, q=None) == ArticleFilters()
    return text_only and sort != "relevance" and session.get_bind().dialect.name == "sqlite"


def _ranked_page(
    session: Session,
    query: AnySelect | None,
    hits: Subquery,
    *,
    cursor: Cursor | None,
    limit: int,
    as_json: bool,
) -> list[tuple[Sequence[Any], float | None]]:
    """A page in relevance order: the candidates are ranked (see ``ranked_candidates``) and
    sorted as ids, and only the page's articles are read (SQLite would otherwise build the
    JSON of every candidate before sorting)."""
    dialect = session.get_bind().dialect.name
    page_ids = ranked_page_ids(query, hits, cursor=cursor, limit=limit)
    if as_json:
        item = as_text(dialect, json_object(dialect, SUMMARY_FIELDS)).label("item")
        page = select(item, Article.published_date, Article.id, page_ids.c.rank)
    else:
        page = select(*SUMMARY_COLUMNS, page_ids.c.rank)
    page = page.join(page_ids, page_ids.c.id == Article.id).order_by(page_ids.c.rank, page_ids.c.id)
    return [(row, float(row[-1])) for row in session.execute(page).all()]


# The two lists asked for most, as statements built once per engine, order and cursor (as
# quotes.service does for one speaker's quotes): building a statement per request cost about
# as much as running it. They give the same rows as the general path below.


def _hot_page(
    session: Session,
    filters: ArticleFilters,
    *,
    descending: bool,
    limit: int,
    cursor: Cursor | None,
    bounded: bool = False,
) -> list[tuple[Any, ...]] | None:
    """A page of ``(item, published_date, id)`` tuples (the date as the driver gives it: ISO
    text on SQLite) in date order when the filters are one
    of the hot shapes: dates only (the newest articles), or a full-text query only. None for
    any other filters."""
    dates_only = replace(filters, published_from=None, published_to=None) == ArticleFilters()
    text_only = filters.q is not None and replace(filters, q=None) == ArticleFilters()
    if not (dates_only or text_only):
        return None
    # Pooled DBAPI reads (app.db.raw): no Session machinery, and on PostgreSQL no BEGIN and
    # ROLLBACK round trips around a page's one or two statements
    engine = session.get_bind()
    if not isinstance(engine, Engine):  # a session bound to a connection: the general path
        return None
    dialect = engine.dialect.name
    after = "none" if cursor is None else "undated" if cursor.value is None else "dated"
    values: dict[str, Any] = {"limit": limit + 1}
    if cursor is not None:
        values["after_id"] = cursor.id
        if cursor.value is not None:
            values["after_date"] = cursor_date(cursor.value)
    text = filters.q is not None
    if filters.q is not None:
        values["match"] = match_value(dialect, filters.q)
        if dialect == "sqlite":
            few = few_article_matches(engine, values["match"])
            if few is not None:
                values["ids"] = json.dumps(few)
                return fetch_all(engine, _few_matches_page(descending, after), values)
            if bounded:
                raise TooManyMatches
        else:
            # one round trip: the planner chooses per branch between walking the date index
            # and sorting the GIN hits, and the undated branch is read only with few matches
            return fetch_all(engine, _pg_text_page(descending, after), values)
    bounds = (filters.published_from is not None, filters.published_to is not None)
    values.update(published_from=filters.published_from, published_to=filters.published_to)
    rows: list[tuple[Any, ...]] = []
    if after != "undated":
        page = _dated_page(dialect, descending, after == "dated", bounds, text)
        rows = fetch_all(engine, page, values)
    if len(rows) <= limit and not any(bounds):  # a date bound keeps undated articles out
        rest = {
            "limit": limit + 1 - len(rows),
            "after_id": values.get("after_id"),
            "match": values.get("match"),
        }
        page = _undated_page(dialect, descending, after == "undated", text)
        rows += fetch_all(engine, page, rest)
    return rows


def _json_rows(dialect: str) -> AnySelect:
    item = as_text(dialect, json_object(dialect, SUMMARY_FIELDS)).label("item")
    return select(item, Article.published_date, Article.id)


def _date_order(descending: bool) -> tuple[ColumnElement[Any], ...]:
    if descending:
        return (Article.published_date.desc(), Article.id.desc())
    return (Article.published_date.asc(), Article.id.asc())


def _after_position(descending: bool) -> ColumnElement[bool]:
    position = tuple_(Article.published_date, Article.id)
    after = tuple_(bindparam("after_date", type_=Date), bindparam("after_id", type_=Integer))
    return position < after if descending else position > after


def _after_id(descending: bool) -> ColumnElement[bool]:
    after = bindparam("after_id", type_=Integer)
    return Article.id < after if descending else Article.id > after


@cache
def _dated_page(
    dialect: str, descending: bool, after: bool, bounds: tuple[bool, bool], text: bool
) -> AnySelect:
    """Articles with a date, from the (published_date, id) index; ``text``: those matching
    the full-text parameter ``match``, checked along the walk (see ``article_match_filter``)."""
    query = _json_rows(dialect).where(Article.published_date.is_not(None))
    if text:
        query = query.where(article_match_filter(dialect))
    if bounds[0]:
        query = query.where(Article.published_date >= bindparam("published_from", type_=Date))
    if bounds[1]:
        query = query.where(Article.published_date <= bindparam("published_to", type_=Date))
    if after:
        query = query.where(_after_position(descending))
    return query.order_by(*_date_order(descending)).limit(bindparam("limit"))


@cache
def _undated_page(dialect: str, descending: bool, after: bool, text: bool) -> AnySelect:
    """Articles without a date, after all dated ones, by id."""
    query = _json_rows(dialect).where(Article.published_date.is_(None))
    if text:
        query = query.where(article_match_filter(dialect))
    if after:
        query = query.where(_after_id(descending))
    order = Article.id.desc() if descending else Article.id.asc()
    return query.order_by(order).limit(bindparam("limit"))


@cache
def _pg_text_page(descending: bool, after: str) -> AnySelect:
    """PostgreSQL: full-text matches in date order, undated last, as the dated and the undated
    page of ``_dated_page`` and ``_undated_page`` in one statement: each is planned apart (an
    index walk when the matches are dense, the GIN hits sorted when they are few), where one
    ``ORDER BY published_date IS NULL, ...`` over all matches could only sort them all."""
    undated = _undated_page("postgresql", descending, after == "undated", True).subquery()
    branches = [undated]
    if after != "undated":
        dated = _dated_page("postgresql", descending, after == "dated", (False, False), True)
        branches.insert(0, dated.subquery())
    both = union_all(*(select(b.c.item, b.c.published_date, b.c.id) for b in branches))
    page = both.subquery("page")
    key = (page.c.published_date, page.c.id)
    order = [page.c.published_date.is_(None), *(k.desc() if descending else k for k in key)]
    return (
        select(page.c.item, page.c.published_date, page.c.id)
        .order_by(*order)
        .limit(bindparam("limit"))
    )


@cache
def _few_matches_page(descending: bool, after: str) -> AnySelect:
    """SQLite: the page among a few full-text matches (their ids, the JSON array ``ids``),
    in date order, undated last, in one pass: reading a few articles by id and sorting them
    beats walking the whole date index for them."""
    ids = func.json_each(bindparam("ids", type_=String)).table_valued("value")
    query = _json_rows("sqlite").where(Article.id.in_(select(ids.c.value)))
    undated = Article.published_date.is_(None)
    if after == "dated":
        query = query.where(undated | _after_position(descending))
    elif after == "undated":
        query = query.where(undated, _after_id(descending))
    return query.order_by(undated.asc(), *_date_order(descending)).limit(bindparam("limit"))


def count_articles(session: Session, *, filters: ArticleFilters) -> int:
    query, _hits = _filtered(session, filters)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def stream_articles(
    session: Session, *, filters: ArticleFilters, sort: str, batch: int = 500
) -> Iterator[AnyRow]:
    """Every matching article (rows of ``SUMMARY_COLUMNS``), read in batches so memory stays
    flat. The query is built (and refused, for a bad full-text query) when this is called."""
    query, hits = _filtered(session, filters)
    if sort == "relevance" and hits is not None:
        query = query.order_by(hits.c.rank, Article.id)
    elif sort == "published_date":
        query = query.order_by(Article.published_date.asc().nulls_last(), Article.id)
    else:
        query = query.order_by(Article.published_date.desc().nulls_last(), Article.id.desc())
    return stream_rows(session, query.execution_options(yield_per=batch))
