"""Shared fixtures: the real model and gazetteer (once per session), a migrated database per
test (SQLite file; PostgreSQL too when TEST_DATABASE_URL is set), the app and an httpx client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db.migrate import upgrade
from app.db.session import build_engine, build_sessionmaker
from app.extract.pipeline import Extractor
from app.ingest import ingest, make_extractor
from app.main import create_app
from app.models import Base
from app.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_GOLD = SEEDS / "us-warns-russia-idlib.gold.json"
GAZETTEER = ROOT / "data" / "gazetteer.sqlite"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    if not GAZETTEER.exists():
        pytest.fail(f"{GAZETTEER} is missing: `make test` builds it (make gazetteer)")
    return make_extractor(Settings().nlp_model, GAZETTEER)


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A database of its own for this test worker, migrated once, dropped at the end."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    name = f"quotemap_test_{worker_id}_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database: a fresh SQLite file, or the worker's PostgreSQL database
    emptied before the test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'quotemap.sqlite3'}"
        upgrade(url)
        yield url
        return
    url = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


def ingest_paths(url: str, extractor: Extractor, *paths: Path) -> None:
    engine = build_engine(url)
    try:
        ingest(read_path(list(paths)), build_sessionmaker(engine), lambda: extractor)
    finally:
        engine.dispose()


def make_client(url: str, **settings: object) -> TestClient:
    app: FastAPI = create_app(Settings(database_url=url, gazetteer_path=GAZETTEER, **settings))  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with make_client(database_url) as test_client:
        yield test_client


@pytest.fixture
def seeded_client(database_url: str, extractor: Extractor) -> Iterator[TestClient]:
    ingest_paths(database_url, extractor, SEEDS)
    with make_client(database_url) as test_client:
        yield test_client
