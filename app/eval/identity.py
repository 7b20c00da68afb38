"""Corpus mode: speaker identity scored through the real ingest and database.

The gold articles are ingested by ``app.ingest.ingest`` (reader, extractor, identity
resolution, storage) into a fresh SQLite file; every quote's speaker id is read back and
scored against the identity gold (eval README): B-cubed precision, recall and F1 over the
gold spans with a person (predicted cluster = speaker id; a span not found, or found without
a speaker, is a cluster of its own), the share of people with three or more matched spans
split over several speaker ids, and speaker accuracy against the person (last name token).
``directory_figures`` describes the speaker directory a corpus ingest leaves behind.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.articles.models import Article
from app.db.migrate import upgrade
from app.db.session import build_engine, build_sessionmaker
from app.eval.quotes import gold_spans, last_name_token, match_spans, trim_span
from app.extract.pipeline import Extractor
from app.ingest import ingest
from app.quotes.models import Quote
from app.readers import ReadItem
from app.readers.mapping import article_from_mapping
from app.speakers.models import Speaker

_URL = "https://polnear.invalid/"
_LOOKAHEAD = 64
_POSSESSIVE = re.compile(r"['\u2019]s\b")


@dataclass(frozen=True, slots=True)
class StoredQuote:
    start: int  # offsets into the gold article's text
    end: int
    speaker_id: int | None
    speaker: str | None


def read_item(record: Mapping[str, Any]) -> ReadItem:
    """The gold article as the JSON reader reads a user's article."""
    meta = record.get("meta") or {}
    article = article_from_mapping(
        {
            "title": meta.get("title") or str(record["id"]),
            "body": record["text"],
            "published_date": meta.get("publication_date") or meta.get("date"),
            "source": meta.get("publisher"),
            "url": _URL + str(record["id"]),
        }
    )
    return ReadItem(str(record["id"]), article)


def align(stored: str, original: str) -> list[int]:
    """For each character of the stored body (and one past its end), its offset in the
    original text. Readers fold white space and drop invisible characters, so a greedy walk
    lines them up; a character the reader changed (not found a little ahead) keeps its
    place without advancing."""
    out: list[int] = []
    i = 0
    for ch in stored:
        j = i
        while j < len(original) and j - i < _LOOKAHEAD and not _same(original[j], ch):
            j += 1
        if j < len(original) and _same(original[j], ch):
            i = j
        out.append(min(i, len(original) - 1))
        if j < len(original) and _same(original[j], ch):
            i += 1
    out.append(len(original))
    return out


def _same(a: str, b: str) -> bool:
    return a == b or (a.isspace() and b.isspace())


def ingest_corpus(
    records: Sequence[Mapping[str, Any]], extractor: Callable[[], Extractor], directory: Path
) -> sessionmaker[Session]:
    url = f"sqlite:///{directory / 'corpus.sqlite3'}"
    upgrade(url)
    factory = build_sessionmaker(build_engine(url))
    ingest((read_item(r) for r in records), factory, extractor)
    return factory


def stored_quotes(
    factory: sessionmaker[Session], records: Sequence[Mapping[str, Any]]
) -> dict[str, list[StoredQuote]]:
    """Each gold article's stored direct and partial quotes, in the gold text's offsets."""
    texts = {_URL + str(r["id"]): (str(r["id"]), r["text"]) for r in records}
    out: dict[str, list[StoredQuote]] = defaultdict(list)
    with factory() as session:
        articles = session.execute(select(Article.id, Article.url, Article.body)).all()
        query = (
            select(
                Quote.article_id,
                Quote.start_offset,
                Quote.end_offset,
                Quote.speaker_id,
                Speaker.name,
            )
            .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
            .where(Quote.kind != "indirect")
            .order_by(Quote.article_id, Quote.start_offset)
        )
        rows = defaultdict(list)
        for row in session.execute(query):
            rows[row.article_id].append(row)
    for article_id, url, body in articles:
        if url not in texts:
            continue
        record_id, text = texts[url]
        offsets = align(body, text)
        for row in rows[article_id]:
            start, end = offsets[row.start_offset], offsets[max(row.end_offset - 1, 0)] + 1
            out[record_id].append(StoredQuote(start, end, row.speaker_id, row.name))
    return out


def score_identity(
    records: Sequence[Mapping[str, Any]],
    identity: Sequence[Mapping[str, Any]],
    stored: Mapping[str, Sequence[StoredQuote]],
) -> dict[str, Any]:
    """B-cubed, split and accuracy against who really spoke (see the module docstring)."""
    people: dict[tuple[str, int, int], str | None] = {
        (str(g["id"]), int(g["span"][0]), int(g["span"][1])): g.get("person") for g in identity
    }
    items: list[tuple[str, Any]] = []  # (gold person, predicted cluster)
    right = matched_with_person = 0
    for record in records:
        rid = str(record["id"])
        gold = gold_spans(record)
        predicted = stored.get(rid, [])
        pred_spans = [trim_span(record["text"], p.start, p.end) for p in predicted]
        pairs = dict(match_spans([(g.start, g.end) for g in gold], pred_spans))
        for gi, span in enumerate(gold):
            person = people.get((rid, span.start, span.end))
            if not person:
                continue
            pi = pairs.get(gi)
            quote = predicted[pi] if pi is not None else None
            if quote is None or quote.speaker_id is None:
                items.append((person, ("alone", rid, gi)))
            else:
                items.append((person, quote.speaker_id))
            if quote is not None:
                matched_with_person += 1
                guess = last_name_token(quote.speaker)
                right += guess is not None and guess == last_name_token(person)
    precision, recall = _bcubed(items)
    by_person: dict[str, set[Any]] = defaultdict(set)
    spans_of: Counter[str] = Counter()
    for person, cluster in items:
        if not isinstance(cluster, tuple):
            by_person[person].add(cluster)
            spans_of[person] += 1
    frequent = [p for p, n in spans_of.items() if n >= 3]
    split = [p for p in frequent if len(by_person[p]) > 1]
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "split_share": round(len(split) / len(frequent), 4) if frequent else 0.0,
        "people_quoted_3_plus": len(frequent),
        "split_people": sorted(split),
        "accuracy_vs_person": round(right / matched_with_person, 4) if matched_with_person else 0.0,
        "spans_with_person": len(items),
    }


def _bcubed(items: Sequence[tuple[str, Any]]) -> tuple[float, float]:
    if not items:
        return 0.0, 0.0
    by_pred: dict[Any, Counter[str]] = defaultdict(Counter)
    by_gold: dict[str, Counter[Any]] = defaultdict(Counter)
    for person, cluster in items:
        by_pred[cluster][person] += 1
        by_gold[person][cluster] += 1
    precision = sum(by_pred[c][p] / sum(by_pred[c].values()) for p, c in items) / len(items)
    recall = sum(by_gold[p][c] / sum(by_gold[p].values()) for p, c in items) / len(items)
    return precision, recall


def directory_figures(factory: sessionmaker[Session], top: int = 100) -> dict[str, Any]:
    """What the speaker directory looks like: rows by kind, rows with one quote, names with a
    line break, a possessive or no capital letter, and the most quoted rows."""
    with factory() as session:
        rows = session.execute(
            select(Speaker.id, Speaker.name, Speaker.kind, Speaker.quote_count)
            .where(Speaker.quote_count > 0)
            .order_by(Speaker.quote_count.desc(), Speaker.id)
        ).all()
        quotes = session.scalar(select(Quote.id).order_by(Quote.id.desc()).limit(1)) or 0
        unnamed = len(session.execute(select(Quote.id).where(Quote.source_kind == "unnamed")).all())
    kinds = Counter(r.kind for r in rows)
    leaders = rows[:top]
    surnames = Counter(
        r.name.split()[-1].casefold() for r in leaders if r.kind == "person" and r.name.split()
    )
    return {
        "rows": len(rows),
        "rows_by_kind": dict(kinds),
        "rows_with_one_quote": sum(1 for r in rows if r.quote_count == 1),
        "names_with_line_break": sum(1 for r in rows if "\n" in r.name),
        "names_with_possessive": sum(1 for r in rows if _POSSESSIVE.search(r.name)),
        "names_without_capital": sum(1 for r in rows if not any(c.isupper() for c in r.name)),
        "attributed_quotes": sum(r.quote_count for r in rows),
        "quotes_stored": quotes,
        "unnamed_source_quotes": unnamed,
        "top_surnames_shared": sorted(s for s, n in surnames.items() if n > 1),
        "top": [f"{r.name} ({r.kind}, {r.quote_count})" for r in leaders],
    }


def load_identity(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_corpus(
    records: Sequence[Mapping[str, Any]],
    extractor: Callable[[], Extractor],
    *,
    identity: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Ingest ``records`` into a fresh database; identity scores (with ``identity`` gold) and
    the directory figures."""
    with tempfile.TemporaryDirectory(prefix="quotemap-corpus-") as tmp:
        factory = ingest_corpus(records, extractor, Path(tmp))
        result: dict[str, Any] = {"articles": len(records)}
        if identity is not None:
            result.update(score_identity(records, identity, stored_quotes(factory, records)))
        result["directory"] = directory_figures(factory)
        factory.kw["bind"].dispose()
    return result


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
