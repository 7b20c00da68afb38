from __future__ import annotations

from pathlib import Path

import pytest

from app.db.migrate import upgrade


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ingest.sqlite3'}"
    upgrade(url)
    return url
