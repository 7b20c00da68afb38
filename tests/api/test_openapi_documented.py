"""Docs are part of the product: an undocumented endpoint, parameter or setting fails here."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import ROOT, make_client

METHODS = {"get", "post", "delete", "put", "patch"}


def spec(database_url: str) -> dict[str, object]:
    with make_client(database_url) as client:
        document: dict[str, object] = client.get("/openapi.json").json()
    return document


def test_every_operation_and_parameter_is_described_with_an_example(database_url: str) -> None:
    paths = spec(database_url)["paths"]
    assert isinstance(paths, dict)
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), f"{where}: no summary"
            for parameter in operation.get("parameters", []):
                name = f"{where} ?{parameter['name']}"
                assert parameter.get("description"), f"{name}: no description"
                assert parameter.get("examples") or parameter.get("example"), f"{name}: no example"
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in operation["responses"], f"{where}: 422 problem not declared"
            for status, response in operation["responses"].items():
                assert response.get("description"), f"{where} {status}: no description"
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], f"{where} {status}"


def test_request_body_offers_an_example(database_url: str) -> None:
    document = spec(database_url)
    schemas = document["components"]["schemas"]  # type: ignore[index]
    assert schemas["ArticleCreate"]["examples"]


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", readme))
    for name, field in Settings.model_fields.items():
        assert name.upper() in documented, f"setting {name.upper()} is not in README.md"
        assert field.description, f"setting {name} has no description"


def test_docs_ui_lists_the_examples(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/openapi.json" in html
