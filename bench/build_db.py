"""Build a large SQLite database for the benchmarks from a few really extracted articles.

    python -m bench.build_db --articles 100000 --quotes 1000000 --out bench/data/big.sqlite3

The base rows come from ingesting ``seeds/`` and ``bench/corpus/`` with the real pipeline; they
are then copied with other ids, dates, speaker names and a reporter line, through executemany
in large transactions. Triggers (the full-text sync) are dropped during the load and the FTS
indexes rebuilt once at the end, which is what a bulk import into SQLite should do.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import CORPUS, DATA, GAZETTEER, SEEDS, say

FIRST = (  # noqa: SIM905
    "Anna Omar Lena Tariq Sofia Jonas Amira Pavel Chloe Kenji Maria Idris Nadia Lucas Ingrid "
    "Samir Elena Rafael Yara Tomas Leila Marco Hana Felix Zainab Oskar Irene Diego Noor "
    "Viktor"
).split()
LAST = (  # noqa: SIM905
    "Haddad Novak Okafor Lindqvist Moreau Tanaka Petrov Costa Nakamura Kowalski Brennan "
    "Mensah Rahimi Schulz Ferreira Dubois Kariuki Jansen Horvat Aydin Castillo Nilsson Mwangi "
    "Rossi Ivanova Sato Keller Barros Lund Demir Varga Quinn Abbasi Oyelaran Fischer Silva "
    "Markovic Eriksen Ozturk Morales"
).split()
CHUNK = 5000


def person(n: int) -> str:
    first = FIRST[n % len(FIRST)]
    last = LAST[(n // len(FIRST)) % len(LAST)]
    cycle = n // (len(FIRST) * len(LAST))
    return f"{first} {last}" if cycle == 0 else f"{first} {last}-{LAST[cycle % len(LAST)]}"


def build_base(path: Path) -> None:
    """Ingest the real articles with the real pipeline: the rows everything else copies."""
    from app.config import Settings
    from app.db.migrate import upgrade
    from app.db.session import build_engine, build_sessionmaker
    from app.ingest import ingest, make_extractor
    from app.readers import read_path

    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = build_engine(url)
    extractor = make_extractor(Settings().nlp_model, GAZETTEER)
    summary = ingest(read_path([SEEDS, CORPUS]), build_sessionmaker(engine), lambda: extractor)
    engine.dispose()
    if summary.added == 0:
        raise SystemExit(f"base ingest stored nothing: {summary.line()}")
    say(f"base: {summary.line()}")


def rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]


def insert(conn: sqlite3.Connection, table: str, batch: Sequence[dict[str, Any]]) -> None:
    if not batch:
        return
    columns = list(batch[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    conn.executemany(sql, ([row[c] for c in columns] for row in batch))


def synthesise(base_path: Path, out: Path, n_articles: int, n_quotes: int) -> dict[str, Any]:
    from app.db.migrate import upgrade
    from app.extract.text import name_key
    from app.speakers.names import parse_name

    base = sqlite3.connect(base_path)
    articles = rows(base, "article")
    quotes = rows(base, "quote")
    mentions = rows(base, "place_mention")
    places = rows(base, "place")
    speakers = {s["id"]: s for s in rows(base, "speaker")}
    alias_template = rows(base, "speaker_alias")[0]
    base.close()
    quotes_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        quotes_of[q["article_id"]].append(q)
    mentions_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        mentions_of[m["article_id"]].append(m)
    with_quotes = [a for a in articles if quotes_of[a["id"]]]

    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    upgrade(f"sqlite:///{tmp}")
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    triggers = [
        sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE type='trigger'")
    ]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("BEGIN")
    insert(conn, "place", places)

    n_speakers = max(50, n_articles // 50)
    template = next(iter(speakers.values()))
    speaker_rows: list[dict[str, Any]] = []
    alias_rows: list[dict[str, Any]] = []
    for n in range(n_speakers):
        name = person(n)
        speaker_rows.append(
            {
                **template,
                "id": n + 1,
                "key": name_key(name),
                "name": name,
                "kind": "person",
                "quote_count": 0,
                "merged_into_id": None,
            }
        )
        # one name form per speaker (forms are unique across the corpus); its name parts
        # let `speaker=<surname>` find it, as identity resolution would
        parts = parse_name(name)
        alias_rows.append(
            {
                **alias_template,
                "id": n + 1,
                "speaker_id": n + 1,
                "alias": name,
                "alias_key": name_key(name),
                "kind": "person",
                "first_key": parts.first,
                "last_key": parts.last,
                "quote_count": 0,
                "pinned": False,
            }
        )
    insert(conn, "speaker", speaker_rows)
    insert(conn, "speaker_alias", alias_rows)

    quote_id = mention_id = 0
    start = date(2015, 1, 1)
    for first in range(0, n_articles, CHUNK):
        a_batch, q_batch, m_batch = [], [], []
        for i in range(first, min(first + CHUNK, n_articles)):
            src = with_quotes[i % len(with_quotes)]
            reporter = person(n_speakers + (i * 7919) % (n_speakers * 5))
            title = f"{src['title']} ({i + 1})"
            body = f"{src['body']}\n\nReporting by {reporter}."
            quota = n_quotes * (i + 1) // n_articles - n_quotes * i // n_articles
            pool = quotes_of[src["id"]]
            for q in itertools.islice(itertools.cycle(pool), quota):
                quote_id += 1
                speaker_id = None
                if q["speaker_id"] is not None:
                    speaker_id = (i * 31 + q["speaker_id"] * 7) % n_speakers + 1
                q_batch.append(
                    {
                        **q,
                        "id": quote_id,
                        "article_id": i + 1,
                        "speaker_id": speaker_id,
                        "speaker_alias_id": speaker_id,  # form n is speaker n's only form
                    }
                )
            for m in mentions_of[src["id"]]:
                mention_id += 1
                m_batch.append({**m, "id": mention_id, "article_id": i + 1})
            a_batch.append(
                {
                    **src,
                    "id": i + 1,
                    "title": title,
                    "body": body,
                    "url": f"https://bench.quotemap.test/article/{i + 1}",
                    "content_hash": hashlib.sha256(f"{title}\n{body}".encode()).hexdigest(),
                    "published_date": (start + timedelta(days=(i * 37) % 3650)).isoformat(),
                    "quote_count": quota,
                    "place_count": len(mentions_of[src["id"]]),
                }
            )
        insert(conn, "article", a_batch)
        insert(conn, "quote", q_batch)
        insert(conn, "place_mention", m_batch)
    conn.execute(
        "UPDATE speaker SET quote_count = "
        "(SELECT count(*) FROM quote WHERE quote.speaker_id = speaker.id)"
    )
    conn.execute(
        "UPDATE speaker_alias SET quote_count = "
        "(SELECT quote_count FROM speaker WHERE speaker.id = speaker_alias.speaker_id)"
    )
    conn.execute(
        "UPDATE place SET mention_count = "
        "(SELECT count(*) FROM place_mention WHERE place_mention.place_id = place.id)"
    )
    conn.execute("COMMIT")
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchall():
        conn.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
    for sql in triggers:
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    tmp.replace(out)
    top = person(0)
    return {
        "articles": n_articles,
        "quotes": quote_id,
        "place_mentions": mention_id,
        "speakers": n_speakers,
        "speaker_name": top,
        "speaker_id": 1,
        "search": person(n_speakers + 7919 % (n_speakers * 5)),
    }


def ensure(n_articles: int, n_quotes: int, out: Path) -> dict[str, Any]:
    """The database at ``out`` built for these sizes and the current migrations (cached)."""
    from app.db.migrate import ROOT as APP_ROOT

    versions = sorted(p.name for p in (APP_ROOT / "migrations" / "versions").glob("*.py"))
    stamp = {"articles": n_articles, "quotes": n_quotes, "migrations": versions}
    meta_path = out.with_suffix(".json")
    if out.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        if meta.get("stamp") == stamp:
            return meta
    DATA.mkdir(parents=True, exist_ok=True)
    base = DATA / "base.sqlite3"
    base_stamp = base.with_suffix(".json")
    if (
        not base.exists()
        or not base_stamp.exists()
        or json.loads(base_stamp.read_text()) != versions
    ):
        build_base(base)
        base_stamp.write_text(json.dumps(versions))
    began = time.perf_counter()
    info = synthesise(base, out, n_articles, n_quotes)
    info["build_seconds"] = round(time.perf_counter() - began, 1)
    info["stamp"] = stamp
    meta_path.write_text(json.dumps(info, indent=2))
    say(
        f"built {out.name}: {info['articles']} articles, {info['quotes']} quotes "
        f"in {info['build_seconds']} s"
    )
    return info


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.build_db")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=DATA / "big.sqlite3")
    args = parser.parse_args()
    ensure(args.articles, args.quotes, args.out)


if __name__ == "__main__":
    main()
