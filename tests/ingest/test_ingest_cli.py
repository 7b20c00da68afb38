"""The ingest command: bad files are reported by name, good ones go in, re-runs add nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, func, select

from app.models import Article, PlaceMention, Quote
from tests.conftest import GAZETTEER, ROOT, SEEDS


def run_ingest(url: str, *paths: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.ingest", "--database-url", url, "--gazetteer", str(GAZETTEER)]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def counts(url: str) -> tuple[int, int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        result = tuple(
            conn.scalar(select(func.count()).select_from(t)) or 0
            for t in (Article, Quote, PlaceMention)
        )
    engine.dispose()
    return result  # type: ignore[return-value]


def test_ingest_mixed_directory_reports_bad_files_and_stores_good_ones(
    sqlite_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "us-warns-russia-idlib.txt", folder / "seed.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "title-only.txt").write_text("A headline and nothing else\n")
    (folder / "undated.txt").write_text(
        "Mayor opens bridge\n\n"
        '"It is a great day for Lyon," said Jean Martin, the mayor.\n\n'
        "Martin said the bridge over the Rhone had cost 20 million euros.\n"
    )

    result = run_ingest(sqlite_url, folder)

    assert result.returncode == 1
    assert "read 5, added 2, unchanged 0, failed 3" in result.stdout
    assert f"failed: {folder / 'empty.txt'}: the file is empty" in result.stderr
    assert f"failed: {folder / 'binary.txt'}: the file is binary, not text" in result.stderr
    assert f"{folder / 'title-only.txt'}: the article has a title but no body text" in result.stderr
    assert "Traceback" not in result.stderr
    articles, quotes, mentions = counts(sqlite_url)
    assert articles == 2
    assert quotes >= 8
    assert mentions >= 15

    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        undated = conn.execute(
            select(Article.published_date).where(Article.title == "Mayor opens bridge")
        ).one()
    engine.dispose()
    assert undated.published_date is None


def test_ingest_second_run_adds_nothing(sqlite_url: str) -> None:
    first = run_ingest(sqlite_url, SEEDS)
    assert first.returncode == 0, first.stderr
    assert "read 1, added 1, unchanged 0, failed 0" in first.stdout
    before = counts(sqlite_url)

    second = run_ingest(sqlite_url, SEEDS)

    assert second.returncode == 0
    assert "read 1, added 0, unchanged 1, failed 0" in second.stdout
    assert counts(sqlite_url) == before


def test_ingest_unmigrated_database_says_what_to_do(tmp_path: Path) -> None:
    result = run_ingest(f"sqlite:///{tmp_path / 'new.sqlite3'}", SEEDS)
    assert result.returncode == 2
    assert "run `alembic upgrade head` first" in result.stderr


def test_ingest_missing_path_is_reported(sqlite_url: str, tmp_path: Path) -> None:
    result = run_ingest(sqlite_url, tmp_path / "nope.txt")
    assert result.returncode == 1
    assert f"failed: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr
