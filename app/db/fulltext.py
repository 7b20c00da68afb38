"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

Each ``*_matches`` function returns a subquery of ``(id, rank)`` for the rows matching the
user's query, where a lower rank is more relevant on both engines. User input is never passed
to the engine raw: ``fts5_query`` parses a web-search syntax (words, "quoted phrases", OR,
-exclusions) into FTS5's grammar, and PostgreSQL's ``websearch_to_tsquery`` accepts anything.

A relevance sort ranks at most ``RELEVANCE_CANDIDATES`` matches, the newest by id
(``ranked_candidates``): ranking costs the engine work per match (bm25 reads each match's
positions, ``ts_rank`` each match's stored vector), so without a bound a common word ranked
every article of the archive on every page (seconds on PostgreSQL, past the statement limit).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Double,
    Engine,
    String,
    Subquery,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.db.base import AnySelect
from app.db.raw import fetch_all
from app.errors import BadRequest
from app.pagination import Column, Cursor, keyset_page
from app.quotes.models import Quote

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
PG_CONFIG = "english"
# The generated, GIN-indexed tsvector columns of migration 0007 (not in the ORM models).
PG_ARTICLE_VECTOR = "article.search_vector"
PG_QUOTE_VECTOR = "quote.search_vector"
# How many matches a relevance sort ranks at most: the newest ones (see the module's doc).
RELEVANCE_CANDIDATES = 10_000
# SQLite, a page in date order: up to this many matches are read by id and sorted; more,
# and the date index is walked instead, keeping the matches (see ``few_article_matches``).
FEW_MATCHES = 2_000


def fts5_query(query: str) -> str:
    """Translate web-search syntax into a safe FTS5 expression.

    ``budget "city council" OR mayor -tax``
    → ``("budget" "city council") OR ("mayor") NOT ("tax")``.
    Raises BadRequest when nothing searchable remains.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise BadRequest(f"The search query is longer than {MAX_QUERY_CHARS} characters.")
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if word == "OR":
            if groups[-1]:
                groups.append([])
            continue
        negate = word is not None and word.startswith("-") and len(word) > 1
        text = phrase if phrase is not None else word.lstrip("-") if negate else word
        if not text or not _WORD.search(text):
            continue  # punctuation alone (C++'s "++", a stray quote) has nothing to match
        quoted = '"' + text.replace('"', '""') + '"'
        (excluded if negate else groups[-1]).append(quoted)
    groups = [g for g in groups if g]
    if not groups:
        raise BadRequest(
            'The search query has no words to search for: use words, "quoted phrases", '
            "OR between alternatives and -word to exclude."
        )
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise BadRequest(f"The search query has more than {MAX_TERMS} terms.")
    expression = " OR ".join("(" + " ".join(g) + ")" for g in groups)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def _check_pg_query(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise BadRequest(f"The search query is longer than {MAX_QUERY_CHARS} characters.")
    if not _WORD.search(query):
        raise BadRequest("The search query has no words to search for.")


def article_matches(session: Session, query: str) -> Subquery:
    dialect = session.get_bind().dialect.name
    return _article_hits(dialect, match_value(dialect, query))


class TooManyMatches(Exception):
    """A read that had to stay bounded (``bounded=True``) found more than ``FEW_MATCHES``
    matches, before reading any of them: it is to be run again where it may take long."""


def few_article_matches(engine: Engine, match: str) -> list[int] | None:
    """SQLite: the ids of the articles matching ``match`` (``match_value``'s) when there are
    at most ``FEW_MATCHES``, else None.

    A page in date order is then the few articles read by id and sorted. Past that, walking
    the (published_date, id) index and keeping the matches (``article_match_filter``) wins:
    the denser the matches, the sooner the page fills (a word in every article: 21 index
    entries, where reading and sorting 100,000 matches took 35 ms). Reading at most
    ``FEW_MATCHES`` + 1 rowids bounds what the choice costs.
    """
    rows = fetch_all(engine, _FEW_ARTICLE_MATCHES, {"match": match, "few": FEW_MATCHES + 1})
    ids = [row_id for (row_id,) in rows]
    return ids if len(ids) <= FEW_MATCHES else None


_ARTICLE_FTS = table("article_fts", column("rowid"))
_FEW_ARTICLE_MATCHES = (
    select(_ARTICLE_FTS.c.rowid)
    .where(literal_column("article_fts").op("MATCH")(bindparam("match", type_=String)))
    .limit(bindparam("few"))
)


def article_match_filter(dialect: str) -> ColumnElement[bool]:
    """Whether the article row matches the bound parameter ``match``, as a condition on a
    walk down another index. SQLite: membership in the matches' rowids, read once per
    statement (``id + 0``, so that SQLite walks the index that gives the order instead of
    fetching the matches by id and sorting them all). PostgreSQL: the stored vector, tested
    along the walk or through the GIN index, as the planner's statistics say."""
    match = bindparam("match", type_=String)
    if dialect == "sqlite":
        matching = select(_ARTICLE_FTS.c.rowid).where(
            literal_column("article_fts").op("MATCH")(match)
        )
        return (Article.id + 0).in_(matching)
    tsquery = func.websearch_to_tsquery(PG_CONFIG, match)
    return literal_column(PG_ARTICLE_VECTOR).op("@@")(tsquery)


def match_value(dialect: str, query: str) -> str:
    """What the engine is given for the user's query: FTS5's syntax on SQLite, the query
    itself for PostgreSQL's ``websearch_to_tsquery``. BadRequest when it cannot search."""
    if dialect == "sqlite":
        return fts5_query(query)
    _check_pg_query(query)
    return query


def _article_hits(dialect: str, match: Any) -> Subquery:
    if dialect == "sqlite":
        return _fts5_matches("article_fts", match)
    return _pg_matches(Article.id, literal_column(PG_ARTICLE_VECTOR), match)


def quote_matches(session: Session, query: str) -> Subquery:
    if session.get_bind().dialect.name == "sqlite":
        return _fts5_matches("quote_fts", fts5_query(query))
    _check_pg_query(query)
    return _pg_matches(Quote.id, literal_column(PG_QUOTE_VECTOR), query)


def _fts5_matches(name: str, match: Any) -> Subquery:
    """Hits for ``match``: an FTS5 expression (``fts5_query``'s), as a value or a parameter."""
    index = table(name, column("rowid"))
    return (
        select(
            index.c.rowid.label("id"),
            literal_column(f"bm25({name})").label("rank"),
        )
        .where(literal_column(name).op("MATCH")(match))
        .subquery(f"{name}_hits")
    )


def _pg_matches(id_column: Column, vector: ColumnElement[Any], query: Any) -> Subquery:
    tsquery = func.websearch_to_tsquery(PG_CONFIG, query)
    return (
        # float8: ts_rank is a float4, whose text form (what the driver reads, and so what a
        # cursor carries) is rounded; compared again with the column, a rounded rank put
        # tied matches after the cursor again, and a walk over them never ended
        select(id_column.label("id"), cast(-func.ts_rank(vector, tsquery), Double).label("rank"))
        .where(vector.op("@@")(tsquery))
        .subquery("fts_hits")
    )


def ranked_candidates(
    query: AnySelect | None, hits: Subquery
) -> tuple[AnySelect, ColumnElement[Any], ColumnElement[Any]]:
    """The matches of ``query`` (a filtered query joined to ``hits``; None for no filter but
    the text, which spares a read of every candidate's row) to rank, at most
    ``RELEVANCE_CANDIDATES``, the newest by id, as a statement of ``(id, rank)``; with its rank
    and id columns, to order and page it by.

    The newest come straight from the index on both engines (FTS5 reads its doclists in rowid
    order; PostgreSQL walks the primary key backwards, or sorts the ids of a few GIN hits),
    so only the candidates are ranked; the caller reads only the page's rows, after the sort.
    """
    matches = (
        select(hits.c.id, hits.c.rank)
        if query is None
        else query.with_only_columns(hits.c.id, hits.c.rank, maintain_column_froms=True)
    )
    candidates = (
        matches.order_by(hits.c.id.desc()).limit(RELEVANCE_CANDIDATES).subquery("candidates")
    )
    return select(candidates.c.id, candidates.c.rank), candidates.c.rank, candidates.c.id


def ranked_page_ids(
    query: AnySelect | None, hits: Subquery, *, cursor: Cursor | None, limit: int
) -> Subquery:
    """One page of ``ranked_candidates`` in rank order after ``cursor``, as ``(id, rank)``
    (``limit`` + 1 rows): what a relevance page joins its items to, so that only the page's
    rows are read."""
    ranked, rank, ranked_id = ranked_candidates(query, hits)
    return keyset_page(
        ranked, rank, ranked_id, descending=False, cursor=cursor, limit=limit
    ).subquery("page_ids")
