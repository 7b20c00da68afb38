"""The bench database on PostgreSQL: the rows of ``big.sqlite3`` copied into a database of
its own (``BENCH_PG_URL``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/
quotemap_bench``), schema from the same migrations, loaded with COPY and analysed. Rebuilt
when the SQLite file's build stamp changes.

    python -m bench.pg
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import say

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/quotemap_bench"
# Parents first; the FTS tables are SQLite's own (PostgreSQL indexes expressions instead).
TABLES = ("place", "speaker", "speaker_alias", "article", "quote", "place_mention")


def pg_url() -> str:
    return os.environ.get("BENCH_PG_URL", DEFAULT_URL)


def ensure_pg(sqlite_path: Path, meta: dict[str, Any]) -> str | None:
    """The URL of a PostgreSQL database holding the rows of ``sqlite_path``; None (and why,
    printed) when no server answers."""
    url = pg_url()
    stamp = json.dumps(meta.get("stamp"), sort_keys=True)
    admin_url = make_url(url).set(database="postgres")
    name = make_url(url).database
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if exists:
                with create_engine(url).connect() as db:
                    found = db.execute(
                        text("SELECT obj_description('article'::regclass, 'pg_class')")
                    ).scalar()
                if found == stamp:
                    return url
            say(f"loading {sqlite_path.name} into PostgreSQL database {name} (once)")
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as error:
        say(f"PostgreSQL is not available at {admin_url!r}: {error}")
        return None
    _load(url, sqlite_path, stamp)
    return url


def _load(url: str, sqlite_path: Path, stamp: str) -> None:
    import psycopg

    from app.db.migrate import upgrade

    began = time.perf_counter()
    upgrade(url)
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as pg:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{c}"' for c in columns)
            with pg.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
            pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        pg.execute(f"COMMENT ON TABLE article IS '{stamp}'")
        pg.commit()
        pg.autocommit = True
        pg.execute("VACUUM ANALYZE")
    source.close()
    say(f"loaded PostgreSQL in {time.perf_counter() - began:.0f} s")


def main() -> None:
    from bench.build_db import ensure
    from bench.common import DATA

    big = DATA / "big.sqlite3"
    meta = ensure(100_000, 1_000_000, big)
    say(str(ensure_pg(big, meta)))


if __name__ == "__main__":
    main()
