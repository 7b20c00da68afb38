"""Swagger UI and ReDoc work offline: every asset is served by the app itself."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

ASSET = re.compile(r"""(?:src|href)=["']?([^"' >]+)""")
URL_IN_JS = re.compile(r"""url: ['"]([^'"]+)['"]""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_page_references_no_outside_host_and_assets_are_served(
    client: TestClient, page: str
) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "cdn." not in html
    assert "googleapis" not in html
    assets = ASSET.findall(html) + URL_IN_JS.findall(html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), f"{page} loads {asset} from elsewhere"
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 0


def test_openapi_documents_every_operation_with_a_summary(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
    assert {"/articles", "/articles/{article_id}", "/quotes", "/speakers", "/places"} <= set(
        spec["paths"]
    )
