"""Flat cost with size: quotes by speaker and page 1,000 of a cursor walk, timed over HTTP at
10,000 and at 1,000,000 quotes, with the SQLite query plans behind each request.

    python -m bench.flat
"""

from __future__ import annotations

import http.client
import json
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from bench.build_db import ensure, person
from bench.common import DATA, GAZETTEER, HOST, free_port, record, say, serving, uvicorn_command

SIZES = {"10k": (1_000, 10_000), "1m": (100_000, 1_000_000)}
PAGE = 1000
# page 1,000 must exist in the small database too: 10 quotes a page, 1 article a page
WALK_LIMIT = 10
REPEAT = 60
TOLERANCE = 1.3


class Client:
    """One keep-alive connection, as a client walking pages would hold."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def get(self, path: str) -> dict[str, Any]:
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} -> {response.status}: {body[:200]!r}")
        data: dict[str, Any] = json.loads(body)
        return data

    def median_ms(self, path: str) -> float:
        for _ in range(10):  # warm the caches and the connection pool
            self.get(path)
        times = []
        for _ in range(REPEAT):
            began = time.perf_counter()
            self.get(path)
            times.append((time.perf_counter() - began) * 1000)
        return round(statistics.median(times), 3)


def page_path(client: Client, start: str, page: int) -> str:
    """The path of page ``page`` of a walk, reached by following ``next`` links."""
    path = start
    for _ in range(page - 1):
        link = client.get(path)["next"]
        if link is None:
            raise RuntimeError(f"{start} has fewer than {page} pages")
        parts = urlsplit(link)
        path = f"{parts.path}?{parts.query}"
    return path


def query_plans(db: Path, paths: dict[str, str]) -> dict[str, list[str]]:
    """EXPLAIN QUERY PLAN of every statement the app runs for each request (in-process)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(database_url=f"sqlite:///{db}", gazetteer_path=GAZETTEER))
    statements: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        statements.append((args[2], args[3]))

    event.listen(app.state.engine, "before_cursor_execute", capture)
    plans: dict[str, list[str]] = {}
    with TestClient(app) as client:
        for name, path in paths.items():
            statements.clear()
            client.get(path)
            seen = list(statements)
            raw = app.state.engine.raw_connection()
            lines: list[str] = []
            for sql, params in seen:
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                lines.append("SQL " + " ".join(sql.split())[:160] + " ...")
                cursor = raw.cursor()
                for row in cursor.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall():
                    lines.append("    " + str(row[-1]))
                cursor.close()
            raw.close()
            plans[name] = lines
    return plans


def main() -> None:
    results: dict[str, Any] = {}
    say(f"Flat cost with size (median of {REPEAT} sequential requests over HTTP, 1 worker)")
    for label, (articles, quotes) in SIZES.items():
        db = DATA / ("small.sqlite3" if label == "10k" else "big.sqlite3")
        meta = ensure(articles, quotes, db)
        speaker = quote(person(0))
        port = free_port()
        # The response cache off: repeated requests must measure the queries, not the cache.
        env = {
            "DATABASE_URL": f"sqlite:///{db}",
            "GAZETTEER_PATH": str(GAZETTEER),
            "RESPONSE_CACHE_BYTES": "0",
        }
        command = uvicorn_command("app.main:create_app", port)
        with serving(command, port, env):
            client = Client(port)
            paths = {
                "quotes_by_speaker": f"/quotes?speaker={speaker}&limit=20",
                "quotes_page_1000": page_path(client, f"/quotes?limit={WALK_LIMIT}", PAGE),
                "articles_page_1000": page_path(client, "/articles?limit=1", PAGE),
            }
            for name, path in paths.items():
                results[f"flat.{label}.{name}_ms"] = client.median_ms(path)
        results[f"flat.{label}.quotes"] = meta["quotes"]
        if label == "1m":
            # the article page and full-text query too: their plans, not their timings
            explained = {
                **paths,
                "article_by_id": "/articles/4242",
                "fulltext": f"/articles?q={quote(meta['search'])}&limit=20",
            }
            results["flat.plans"] = query_plans(db, explained)
    for name in ("quotes_by_speaker", "quotes_page_1000", "articles_page_1000"):
        small, big = results[f"flat.10k.{name}_ms"], results[f"flat.1m.{name}_ms"]
        ratio = round(big / small, 2)
        results[f"flat.ratio.{name}"] = ratio
        verdict = "holds" if ratio <= TOLERANCE else "does NOT hold"
        say(
            f"  {name:<20} 10k quotes {small:>7.2f} ms   1M quotes {big:>7.2f} ms   "
            f"ratio {ratio:.2f} (bar <= {TOLERANCE}: {verdict})"
        )
    say("query plans at 1M quotes:")
    for name, lines in results["flat.plans"].items():
        say(f"  {name}")
        for line in lines:
            say(f"    {line}")
    record(results)


if __name__ == "__main__":
    main()
