"""Migrations over a database that holds data: from empty, from the first release's schema
with rows in every table, one step down and up again; rows counted and hashed each time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Table,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.engine import make_url

from app.db.migrate import alembic_config, check, downgrade, upgrade
from tests.conftest import make_client

FIRST_RELEASE = "0001"
ROWS = 40
# Parents first, so that every foreign key points at a row already written.
TABLES = ["article", "speaker", "place", "quote", "place_mention", "speaker_alias"]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    name = f"quotemap_migrations_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def head_revisions() -> list[str]:
    """Every revision from the first release to head, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def value_for(table: Table, column: Any, i: int) -> object:
    if column.primary_key:
        return i
    if column.foreign_keys:
        return (i * 7) % ROWS + 1
    kind = column.type
    if isinstance(kind, Integer):
        return i * 3
    if isinstance(kind, Float):
        return round(i * 1.25 - 20, 4)
    if isinstance(kind, DateTime):
        return datetime(2020, 1, 1 + i % 28, 12, i % 60, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2020, 1 + i % 12, 1 + i % 28)
    length = getattr(kind, "length", None) or 10_000
    word = f"{table.name}-{column.name}-{i} Zürich “quoted” 'x'"
    return word[:length] if length > 4 else word[:length].upper()


def fill_first_release(url: str) -> dict[str, list[str]]:
    """Rows in every table of the first release; returns the columns it wrote per table."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine, only=TABLES)
    written: dict[str, list[str]] = {}
    with engine.begin() as conn:
        for name in TABLES:
            table = meta.tables[name]
            written[name] = [c.name for c in table.columns]
            rows = [
                {c.name: value_for(table, c, i) for c in table.columns} for i in range(1, ROWS + 1)
            ]
            conn.execute(table.insert(), rows)
        if conn.dialect.name == "postgresql":
            for name in TABLES:
                conn.execute(text(f"SELECT setval('{name}_id_seq', {ROWS})"))
    engine.dispose()
    return written


Fingerprint = dict[str, tuple[int, str]]


def fingerprint(url: str, columns: dict[str, list[str]]) -> Fingerprint:
    """Per table: row count and a hash of the first release's columns, in id order, over the
    rows the first release wrote (a migration may add rows, such as a speaker's own name
    form, but must not change or lose any)."""
    engine = create_engine(url)
    out: Fingerprint = {}
    with engine.connect() as conn:
        for name, names in columns.items():
            listed = ", ".join(f'"{n}"' for n in names)
            rows = conn.execute(
                text(f'SELECT {listed} FROM "{name}" WHERE id <= {ROWS} ORDER BY id')
            ).all()
            digest = hashlib.sha256()
            for row in rows:
                digest.update(repr(tuple(_normal(v) for v in row)).encode())
            out[name] = (len(rows), digest.hexdigest())
    engine.dispose()
    return out


def _normal(value: object) -> object:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def assert_same_rows(
    url: str, columns: dict[str, list[str]], original: Fingerprint, when: str
) -> None:
    now = fingerprint(url, columns)
    changed = {
        name: f"{original[name][0]} rows before, {now[name][0]} after"
        for name in original
        if now[name] != original[name]
    }
    assert not changed, f"{when} changed or lost rows: {changed}"


def test_upgrade_from_empty_reaches_head_and_matches_the_models(empty_url: str) -> None:
    upgrade(empty_url)
    assert set(TABLES) <= set(inspect(create_engine(empty_url)).get_table_names())
    check(empty_url)


def test_first_release_data_survives_upgrade_downgrade_and_upgrade(empty_url: str) -> None:
    revisions = head_revisions()
    assert revisions[0] == FIRST_RELEASE
    upgrade(empty_url, FIRST_RELEASE)
    columns = fill_first_release(empty_url)
    original = fingerprint(empty_url, columns)
    assert all(count == ROWS for count, _ in original.values())

    upgrade(empty_url)
    assert_same_rows(empty_url, columns, original, "the upgrade")
    check(empty_url)

    if len(revisions) > 1:
        downgrade(empty_url, "-1")
        assert_same_rows(empty_url, columns, original, "the downgrade")
        upgrade(empty_url)
        assert_same_rows(empty_url, columns, original, "the upgrade after a downgrade")
    check(empty_url)

    # The upgraded database serves the old rows, search included where it exists.
    with make_client(empty_url) as client:
        listed = client.get("/articles", params={"limit": 100})
        assert listed.status_code == 200, listed.text
        assert len(listed.json()["items"]) == ROWS
        found = client.get("/articles", params={"q": "Zürich"})
        assert found.status_code in (200, 422), found.text
        if found.status_code == 200:
            assert len(found.json()["items"]) > 0
