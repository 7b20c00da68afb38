"""Quote and speaker queries and writes. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    Subquery,
    bindparam,
    false,
    func,
    insert,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.db.base import AnyRow, AnySelect, stream_rows
from app.db.fulltext import quote_matches, ranked_page_ids
from app.db.json import Fields, as_text, json_object, json_object_or_null
from app.extract import types as extracted
from app.pagination import Cursor, keyset_page
from app.places.models import PlaceMention
from app.places.service import place_ids_matching
from app.quotes.models import Quote
from app.speakers import resolution
from app.speakers.models import Speaker, SpeakerAlias
from app.speakers.service import speakers_matching

QUOTE_SORTS = ("-id", "id", "relevance")
# A quote as the API shows it, as plain columns: reading rows instead of ORM objects makes a
# page of quotes several times cheaper (no identity map, no instance per row).
QUOTE_COLUMNS = (
    Quote.id,
    Quote.text,
    Quote.kind,
    Quote.cue,
    Quote.start_offset,
    Quote.end_offset,
    Quote.speaker_text,
    Quote.source_kind,
    Quote.speaker_title.label("quote_speaker_title"),
    Quote.speaker_id,
    Speaker.name.label("speaker_name"),
    Speaker.kind.label("speaker_kind"),
    Speaker.title.label("speaker_title"),
)
QUOTE_ARTICLE_COLUMNS = (
    Quote.article_id,
    Article.title.label("article_title"),
    Article.published_date,
)


def quote_in_article_json(dialect: str, row: Any) -> ColumnElement[Any]:
    """A ``QuoteInArticle`` as JSON built by the database, from the columns ``row.<name>`` of
    a subquery of ``QUOTE_COLUMNS`` (as ``schemas.quote_in_article`` builds it in Python)."""
    return json_object(dialect, _quote_fields(dialect, row))


def quote_read_json(dialect: str, row: Any) -> ColumnElement[Any]:
    """A ``QuoteRead`` as JSON: ``QUOTE_COLUMNS`` and ``QUOTE_ARTICLE_COLUMNS``."""
    fields = {
        **_quote_fields(dialect, row),
        "article_id": row.article_id,
        "article_title": row.article_title,
        "published_date": row.published_date,
    }
    return json_object(dialect, fields)


def _quote_fields(dialect: str, row: Any) -> Fields:
    speaker = {
        "id": row.speaker_id,
        "name": row.speaker_name,
        "kind": row.speaker_kind,
        # the role given with this quote, else the speaker's latest one
        "title": func.coalesce(
            func.nullif(row.quote_speaker_title, literal_column("''")), row.speaker_title
        ),
    }
    return {
        "id": row.id,
        "text": row.text,
        "kind": row.kind,
        "cue": row.cue,
        "start": row.start_offset,
        "end": row.end_offset,
        "speaker": json_object_or_null(dialect, row.speaker_id.is_not(None), speaker),
        "speaker_text": row.speaker_text,
        "source_kind": row.source_kind,
    }


# Every list of quotes starts from this: the quote, its speaker (if any) and its article.
_QUOTE_ROWS = (
    select(*QUOTE_COLUMNS, *QUOTE_ARTICLE_COLUMNS)
    .join(Article, Article.id == Quote.article_id)
    .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
)
# The columns of ``_QUOTE_ROWS`` by their row names, unlabelled: what ``quote_read_json``
# reads when a page's statement is projected to JSON (``_as_json``).
_QUOTE_SOURCE = SimpleNamespace(
    **{column.name: getattr(column, "element", column) for column in _QUOTE_ROWS.selected_columns}
)
# Built once: a constant statement with a bound parameter skips SQLAlchemy's per-call
# statement construction and cache-key work, which cost more than the query itself.
QUOTES_OF_ARTICLE = (
    select(*QUOTE_COLUMNS)
    .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
    .where(Quote.article_id == bindparam("article_id"))
    .order_by(Quote.start_offset, Quote.id)
)


@dataclass(frozen=True, slots=True)
class QuoteFilters:
    speaker: str | None = None
    speaker_id: int | None = None
    source_kind: str | None = None
    q: str | None = None
    kind: str | None = None
    article_id: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    place: str | None = None

    def indexed(self) -> bool:
        """Whether a page is a walk down one index (speaker, article, kind or none): no
        full-text match, no place or date filter that may read many quotes to fill a page."""
        return (
            self.q is None
            and self.place is None
            and self.published_from is None
            and self.published_to is None
        )


# --- writes -------------------------------------------------------------------------------


def add_quotes(
    session: Session, articles: Sequence[tuple[int, Sequence[extracted.QuoteMention]]]
) -> int:
    """Store the quotes of these articles (article id, its quotes), each with the speaker
    identity resolution gives its name form (see ``app.speakers.resolution``).

    A batch of articles is resolved in one pass: resolution depends on the forms and their
    counts, not on the order they came in, so one pass ends where a pass per article would,
    with one set of statements for the batch instead of one per article."""
    pairs = [(article_id, quote) for article_id, quotes in articles for quote in quotes]
    forms = [
        resolution.name_form(q.speaker.name, q.speaker.kind) if q.speaker else None
        for _article_id, q in pairs
    ]
    aliases: dict[str, SpeakerAlias] = {}
    speaker_of: dict[str, int | None] = {}
    if any(forms):
        resolution.lock_identity(session)
        aliases = resolution.register_forms(session, ((f, 1) for f in forms if f is not None))
        touched = {a.last_key for a in aliases.values()} | {
            a.first_key for a in aliases.values() if a.first_key
        }
        placed = resolution.resolve_blocks(session, touched).speaker_of
        speaker_of = {key: placed.get(a.id) for key, a in aliases.items()}
    titles: dict[int, str] = {}
    rows: list[dict[str, object]] = []
    for (article_id, quote), form in zip(pairs, forms, strict=True):
        alias = aliases[form.key] if form is not None else None
        speaker_id = speaker_of.get(form.key) if form is not None else None
        title = quote.speaker.title if quote.speaker and form is not None else None
        if speaker_id is not None and title:
            titles[speaker_id] = title
        rows.append(
            {
                "article_id": article_id,
                "speaker_id": speaker_id,
                "speaker_alias_id": alias.id if alias is not None else None,
                "text": quote.text,
                "start_offset": quote.start,
                "end_offset": quote.end,
                "kind": quote.kind,
                "cue": quote.cue,
                "speaker_text": quote.speaker_text,
                "speaker_title": title,
                "source_kind": _source_kind(quote, form),
            }
        )
    if rows:
        # Core executemany: ORM units of work cost more than the whole article's SQL, and
        # nothing reads these rows back as objects in the ingest's session.
        session.connection().execute(_INSERT_QUOTE, rows)
    placed_ids = {sid for sid in speaker_of.values() if sid is not None}
    resolution.refresh_speakers(session, placed_ids)
    if titles:
        session.connection().execute(
            _SET_TITLE, [{"sid": sid, "title": title} for sid, title in titles.items()]
        )
    return len(rows)


_INSERT_QUOTE = insert(Quote)
_SET_TITLE = update(Speaker).where(Speaker.id == bindparam("sid")).values(title=bindparam("title"))


def _source_kind(quote: extracted.QuoteMention, form: resolution.NameForm | None) -> str | None:
    """What kind of source the quote has; a name that cleaning left empty is unnamed."""
    if form is not None:
        return form.kind
    if quote.speaker is not None or quote.source_kind is not None:
        return "unnamed"
    return None


# --- quotes -------------------------------------------------------------------------------


def _speaker_ids(session: Session, name: str) -> list[int]:
    """Resolve the name to ids first: ``speaker_id = ?`` (or a short IN list) lets the
    (speaker_id, id) index deliver quotes already in order, where a subquery made the
    engine fetch and sort every quote of the speaker."""
    return [match.id for match in speakers_matching(session, name)]


def _one_speaker_page(*, descending: bool) -> AnySelect:
    """A page of one speaker's quotes after ``:after`` in id order, from the (speaker_id, id)
    index: the most asked-for list, so its statement is built once, not per request."""
    after = bindparam("after", type_=BigInteger)  # int8: the walk starts past every int4 id
    return (
        _QUOTE_ROWS.where(
            Quote.speaker_id == bindparam("speaker_id"),
            Quote.id < after if descending else Quote.id > after,
        )
        .order_by(Quote.id.desc() if descending else Quote.id.asc())
        .limit(bindparam("limit"))
    )


_ONE_SPEAKER_PAGE = {
    descending: _one_speaker_page(descending=descending) for descending in (True, False)
}
# Where an unbounded walk starts: past every id in one direction or the other.
_FIRST_ID, _LAST_ID = 0, 2**63 - 1


def _filtered(
    session: Session,
    filters: QuoteFilters,
    *,
    speaker_ids: list[int] | None = None,
) -> tuple[AnySelect, Subquery | None]:
    """The filtered query and, with ``q``, the full-text hits it joins (``id``, ``rank``).
    ``speaker_ids``: the ``speaker`` filter already resolved by the caller."""
    query: AnySelect = _QUOTE_ROWS
    hits: Subquery | None = None
    if filters.q is not None:
        hits = quote_matches(session, filters.q)
        query = query.join(hits, hits.c.id == Quote.id)
    if filters.speaker is not None:
        ids = speaker_ids if speaker_ids is not None else _speaker_ids(session, filters.speaker)
        # an empty IN list matches nothing
        query = query.where(
            Quote.speaker_id == ids[0] if len(ids) == 1 else Quote.speaker_id.in_(ids)
        )
    if filters.speaker_id is not None:
        query = query.where(Quote.speaker_id == filters.speaker_id)
    if filters.kind is not None:
        query = query.where(Quote.kind == filters.kind)
    if filters.source_kind is not None:
        query = query.where(Quote.source_kind == filters.source_kind)
    if filters.article_id is not None:
        query = query.where(Quote.article_id == filters.article_id)
    if filters.published_from is not None:
        query = query.where(Article.published_date >= filters.published_from)
    if filters.published_to is not None:
        query = query.where(Article.published_date <= filters.published_to)
    if filters.place is not None:
        mentioning = select(PlaceMention.article_id).where(
            PlaceMention.place_id.in_(place_ids_matching(filters.place))
        )
        query = query.where(Quote.article_id.in_(mentioning))
    return query, hits


def list_quotes(
    session: Session,
    *,
    filters: QuoteFilters,
    sort: str,
    limit: int,
    cursor: Cursor | None,
    speaker_ids: list[int] | None = None,
    as_json: bool = False,
) -> list[tuple[AnyRow, float | None]]:
    """A page of quotes (rows of ``QUOTE_COLUMNS`` and ``QUOTE_ARTICLE_COLUMNS``), each with
    its rank when sorting by relevance. ``speaker_ids``: the ``speaker`` name, already
    resolved by the caller. ``as_json``: rows of ``(item, id)`` instead, ``item`` a
    ``QuoteRead`` as JSON text built by the database."""
    dialect = session.get_bind().dialect.name if as_json else None
    descending = sort.startswith("-")
    if filters.q is not None and replace(filters, q=None) == QuoteFilters():
        return _text_page(session, filters.q, sort, cursor=cursor, limit=limit, as_json=as_json)
    if sort == "relevance":
        query, hits = _filtered(session, filters, speaker_ids=speaker_ids)
        if hits is not None:  # without q, the router has made the sort the default
            return _ranked_page(session, query, hits, cursor, limit, as_json=as_json)
    ids = speaker_ids
    if ids is None and filters.speaker is not None:
        ids = _speaker_ids(session, filters.speaker)
    speaker_id = _only_speaker(filters, ids)
    if speaker_id is not None:
        after = cursor.id if cursor else _LAST_ID if descending else _FIRST_ID
        params = {"speaker_id": speaker_id, "after": after, "limit": limit + 1}
        statement = (
            _one_speaker_json_page(dialect, descending)
            if dialect is not None
            else _ONE_SPEAKER_PAGE[descending]
        )
        rows = session.connection().execute(statement, params)
        return [(row, None) for row in rows.all()]
    query, _hits = _filtered(session, filters, speaker_ids=ids)
    if ids is not None and replace(filters, speaker=None) == QuoteFilters():
        query = query.where(Quote.id.in_(_page_ids_per_speaker(ids, descending, cursor, limit)))
    query = keyset_page(query, None, Quote.id, descending=descending, cursor=cursor, limit=limit)
    if dialect is not None:
        query = _as_json(query, dialect, None)
    return [(row, None) for row in session.execute(query).all()]


def _text_page(
    session: Session,
    text: str,
    sort: str,
    *,
    cursor: Cursor | None,
    limit: int,
    as_json: bool,
) -> list[tuple[AnyRow, float | None]]:
    """A page of the quotes matching ``text``, no other filter. In id order, the page's ids
    come from the full-text index itself, which holds them in that order (FTS5's rowids, the
    primary key next to PostgreSQL's GIN hits), so a common word reads one page of matches,
    not every match; then only those quotes are read."""
    hits = quote_matches(session, text)
    if sort == "relevance":
        return _ranked_page(session, None, hits, cursor, limit, as_json=as_json)
    descending = sort.startswith("-")
    ids = keyset_page(
        select(hits.c.id), None, hits.c.id, descending=descending, cursor=cursor, limit=limit
    )
    query = keyset_page(
        _QUOTE_ROWS.where(Quote.id.in_(ids)),
        None,
        Quote.id,
        descending=descending,
        cursor=None,
        limit=limit,
    )
    if as_json:
        query = _as_json(query, session.get_bind().dialect.name, None)
    return [(row, None) for row in session.execute(query).all()]


def _ranked_page(
    session: Session,
    query: AnySelect | None,
    hits: Subquery,
    cursor: Cursor | None,
    limit: int,
    *,
    as_json: bool,
) -> list[tuple[AnyRow, float | None]]:
    """A page in relevance order: the candidates are ranked (see ``ranked_candidates``) and
    sorted as ids, and only the page's quotes are read. ``query``: the filtered query joined
    to ``hits``, or None when the text is the only filter."""
    dialect = session.get_bind().dialect.name
    page_ids = ranked_page_ids(query, hits, cursor=cursor, limit=limit)
    page = (
        _QUOTE_ROWS.add_columns(page_ids.c.rank)
        .join(page_ids, page_ids.c.id == Quote.id)
        .order_by(page_ids.c.rank, page_ids.c.id)
    )
    if as_json:
        page = _as_json(page, dialect, page_ids.c.rank)
    return [(row, float(row[-1])) for row in session.execute(page).all()]


def _as_json(query: AnySelect, dialect: str, rank: ColumnElement[Any] | None) -> AnySelect:
    """The same page (filters, order, limit) as rows of ``(item, id[, rank])``."""
    item = as_text(dialect, quote_read_json(dialect, _QUOTE_SOURCE)).label("item")
    columns = (item, Quote.id) if rank is None else (item, Quote.id, rank)
    return query.with_only_columns(*columns, maintain_column_froms=True)


@cache
def _one_speaker_json_page(dialect: str, descending: bool) -> AnySelect:
    return _as_json(_ONE_SPEAKER_PAGE[descending], dialect, None)


def _only_speaker(filters: QuoteFilters, ids: list[int] | None) -> int | None:
    """The one speaker a page is filtered by, when that is its only filter (``ids``: the
    ``speaker`` name resolved)."""
    if replace(filters, speaker=None, speaker_id=None) != QuoteFilters():
        return None
    if filters.speaker_id is None:
        return ids[0] if ids is not None and len(ids) == 1 else None
    return filters.speaker_id if ids is None else None


def _page_ids_per_speaker(
    speaker_ids: list[int], descending: bool, cursor: Cursor | None, limit: int
) -> CompoundSelect[Any]:
    """A surname can name many speakers: take each one's next page from the (speaker_id, id)
    index and merge, instead of sorting all their quotes."""
    branches = []
    for speaker_id in speaker_ids:
        branch = select(Quote.id).where(Quote.speaker_id == speaker_id)
        if cursor is not None:
            branch = branch.where(Quote.id < cursor.id if descending else Quote.id > cursor.id)
        order = Quote.id.desc() if descending else Quote.id.asc()
        page = branch.order_by(order).limit(limit + 1).subquery()
        branches.append(select(page.c.id))
    if not branches:
        branches.append(select(Quote.id).where(false()))
    return union_all(*branches)


def count_quotes(
    session: Session, *, filters: QuoteFilters, speaker_ids: list[int] | None = None
) -> int:
    """How many quotes match; ``speaker_ids``: the ``speaker`` filter already resolved."""
    query, _hits = _filtered(session, filters, speaker_ids=speaker_ids)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def stream_quotes(
    session: Session, *, filters: QuoteFilters, sort: str, batch: int = 1000
) -> Iterator[AnyRow]:
    """Every matching quote, read in batches. The query is built (and refused, for a bad
    full-text query) when this is called, not when the rows are first read."""
    query, hits = _filtered(session, filters)
    if sort == "relevance" and hits is not None:
        query = query.order_by(hits.c.rank, Quote.id)
    else:
        query = query.order_by(Quote.id.desc() if sort.startswith("-") else Quote.id)
    return stream_rows(session, query.execution_options(yield_per=batch))


def quotes_of_article(session: Session, article_id: int) -> Sequence[AnyRow]:
    """The article's quotes in reading order, as rows of ``QUOTE_COLUMNS``."""
    return session.connection().execute(QUOTES_OF_ARTICLE, {"article_id": article_id}).all()
