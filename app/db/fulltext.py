"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

Each ``*_matches`` function returns a subquery of ``(id, rank)`` for the rows matching the
user's query, where a lower rank is more relevant on both engines. User input is never passed
to the engine raw: ``fts5_query`` parses a web-search syntax (words, "quoted phrases", OR,
-exclusions) into FTS5's grammar, and PostgreSQL's ``websearch_to_tsquery`` accepts anything.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    Subquery,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.errors import BadRequest
from app.pagination import Column
from app.quotes.models import Quote

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
PG_CONFIG = "english"
# Written out as SQL so that they match the GIN expression indexes of migration 0002 exactly.
PG_ARTICLE_VECTOR = "to_tsvector('english', coalesce(article.title, '') || ' ' || article.body)"
PG_QUOTE_VECTOR = "to_tsvector('english', quote.text)"


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


def article_hits(dialect: str) -> Subquery:
    """``article_matches`` for a statement built once: the query is the bound parameter
    ``match``, whose value ``match_value`` makes (and checks)."""
    return _article_hits(dialect, bindparam("match", type_=String))


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
        select(id_column.label("id"), (-func.ts_rank(vector, tsquery)).label("rank"))
        .where(vector.op("@@")(tsquery))
        .subquery("fts_hits")
    )
