"""Revision 0005 (place features): the data moves both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app.db.migrate import downgrade, upgrade

_BEFORE = "0003"
_REVISION = "0005"
_PLACES = [
    # key, name, feature_kind
    ("geonames:6254925", "Kentucky", "region"),
    ("geonames:2988507", "Paris", "capital"),
    ("geonames:4402452", "Paris", "city"),
    ("geonames:4301955", "Muhlenberg County", "county"),
    ("name:qumenas", "Qumenas", None),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    name = f"quotemap_migration_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _features(url: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT key, feature, admin1_name, admin2_name FROM place"))
            return {row[0]: (row[1], row[2], row[3]) for row in rows}
    finally:
        engine.dispose()


def test_upgrade_0005_fills_features_and_downgrade_drops_them(empty_url: str) -> None:
    upgrade(empty_url, _BEFORE)
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        for key, name, kind in _PLACES:
            conn.execute(
                text(
                    "INSERT INTO place (key, name, name_key, feature_kind, mention_count) "
                    "VALUES (:key, :name, :name_key, :kind, 1)"
                ),
                {"key": key, "name": name, "name_key": name.lower(), "kind": kind},
            )
    engine.dispose()

    upgrade(empty_url, _REVISION)

    assert _features(empty_url) == {
        "geonames:6254925": ("admin1", "Kentucky", None),
        "geonames:2988507": ("city", None, None),
        "geonames:4402452": ("city", None, None),
        "geonames:4301955": ("county", None, "Muhlenberg County"),
        "name:qumenas": (None, None, None),
    }

    downgrade(empty_url, _BEFORE)

    engine = create_engine(empty_url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("place")}
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT key, feature_kind FROM place")).all()
            kinds = {row[0]: row[1] for row in rows}
    finally:
        engine.dispose()
    assert not {"feature", "admin1_name", "admin2_name"} & columns
    assert kinds == {key: kind for key, _, kind in _PLACES}
