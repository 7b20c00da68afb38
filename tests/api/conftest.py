"""API test fixtures: a small corpus of articles with known speakers, places and dates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.extract.pipeline import Extractor
from tests.conftest import SEEDS, ingest_paths, make_client
from tests.factories import write_jsonl

CORPUS: list[dict[str, Any]] = [
    {
        "title": "Berlin budget talks stall",
        "published_date": "2020-02-10",
        "source": "Wire One",
        "url": "https://example.com/berlin-budget",
        "body": '"The budget is not finished," said Anna Schmidt, the finance minister of '
        "Germany.\n\nSchmidt said the talks in Berlin would resume on Monday.",
    },
    {
        "title": "Paris prepares for the marathon",
        "published_date": "2020-03-01",
        "source": "Wire Two",
        "body": '"We expect forty thousand runners," said Claire Dubois, the race director.\n\n'
        "Dubois said the route through Paris had been changed.",
    },
    {
        "title": "Madrid council approves housing plan",
        "published_date": "2021-06-15",
        "source": "Wire One",
        "body": '"Every family deserves a home," said Maria Lopez, the mayor of Madrid.\n\n'
        "Lopez told reporters that the plan would cost 300 million euros.",
    },
]


def corpus_client(url: str, extractor: Extractor, tmp_path: Path) -> TestClient:
    ingest_paths(url, extractor, write_jsonl(tmp_path / "corpus.jsonl", CORPUS), SEEDS)
    return make_client(url, api_keys=["test-key"])


@pytest.fixture
def corpus(database_url: str, extractor: Extractor, tmp_path: Path) -> Iterator[TestClient]:
    # as a context manager, so the app's lifespan closes its pool and probe connection
    with corpus_client(database_url, extractor, tmp_path) as client:
        yield client
