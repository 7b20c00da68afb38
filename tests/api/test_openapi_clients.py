"""A client generated from /openapi.json with openapi-python-client reads well and works:
one function per operation, named by its operation id (``list_quotes``, not
``list_quotes_quotes_get``), and the main operations answer through it."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

BIN = Path(sys.executable).parent
KEY = "test-key"
CLEAN_ID = re.compile(r"[a-z]+(_[a-z]+)*")


def operation_ids(spec: dict[str, Any]) -> list[str]:
    return [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]


def test_operation_ids_are_unique_route_names(client: TestClient) -> None:
    ids = operation_ids(client.get("/openapi.json").json())
    assert len(ids) == len(set(ids)), ids
    for name in ids:
        assert CLEAN_ID.fullmatch(name), name
    expected = {"list_articles", "get_article", "create_article", "delete_article"}
    expected |= {"list_quotes", "list_places", "get_place", "list_speakers", "get_speaker"}
    assert expected <= set(ids)


@pytest.fixture
def generated(corpus: TestClient, tmp_path: Path) -> Iterator[ModuleType]:
    """The package openapi-python-client generates from the app's document, importable."""
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(corpus.get("/openapi.json").json()))
    out = tmp_path / "client"
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
            del sys.modules[name]


def operations(package: ModuleType) -> dict[str, ModuleType]:
    """Every generated operation module (``client.api.<tag>.<operation id>``) by name."""
    api = importlib.import_module(f"{package.__name__}.api")
    found: dict[str, ModuleType] = {}
    for info in pkgutil.walk_packages(api.__path__, f"{api.__name__}."):
        if not info.ispkg:
            found[info.name.rsplit(".", 1)[1]] = importlib.import_module(info.name)
    return found


def test_generated_client_names_and_calls_the_main_operations(
    corpus: TestClient, generated: ModuleType
) -> None:
    ops = operations(generated)
    assert set(ops) == set(operation_ids(corpus.get("/openapi.json").json()))
    api = generated.Client(base_url="http://testserver")
    corpus.headers["Authorization"] = f"Bearer {KEY}"
    api.set_httpx_client(corpus)  # the app itself, through its test transport (with the key)

    articles = ops["list_articles"].sync(client=api, limit=2)
    assert len(articles.items) == 2
    article = ops["get_article"].sync(client=api, article_id=articles.items[0].id)
    assert article.title == articles.items[0].title
    assert article.paragraphs

    quotes = ops["list_quotes"].sync(client=api, speaker="jeffrey", limit=5)
    assert quotes.items
    assert quotes.items[0].speaker.name == "James Jeffrey"
    speakers = ops["list_speakers"].sync(client=api, q="jef")
    speaker = ops["get_speaker"].sync(client=api, speaker_id=speakers.items[0].id)
    assert speaker.name == "James Jeffrey"
    places = ops["list_places"].sync(client=api, limit=3)
    assert places.items
    assert ops["get_place"].sync(client=api, place_id=places.items[0].id).name

    models = importlib.import_module(f"{generated.__name__}.models")
    body = models.ArticleCreate(title="Client test", body='"It works," said Ada Lovelace.')
    created = ops["create_article"].sync_detailed(client=api, body=body)
    assert created.status_code == 201, created.content
    deleted = ops["delete_article"].sync_detailed(client=api, article_id=created.parsed.id)
    assert deleted.status_code == 204
    missing = ops["get_article"].sync_detailed(client=api, article_id=created.parsed.id)
    assert missing.status_code == 404
