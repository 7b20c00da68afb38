"""Articles are written a batch to a transaction: an article the database refuses is lost
alone, and copies within one batch are stored once."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, select, text

from app.models import Article, Quote
from tests.ingest.test_ingest_cli import counts, run_ingest


def _article(n: int) -> dict[str, str]:
    return {
        "title": f"Council approves bridge number {n}",
        "body": (
            f'"Bridge {n} will open next spring," said Jean Martin, the mayor of Lyon.\n\n'
            f"Martin said the bridge over the Rhone had cost {n} million euros."
        ),
        "url": f"https://news.example.org/bridge/{n}",
    }


def test_article_the_database_refuses_is_lost_alone_and_named(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        # A real refusal by the database, in the middle of a batch.
        conn.execute(
            text(
                "CREATE TRIGGER refuse_three BEFORE INSERT ON article "
                "WHEN NEW.title LIKE '%number 3' "
                "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
            )
        )
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(_article(n)) + "\n" for n in range(1, 7)))

    result = run_ingest(sqlite_url, feed)

    assert result.returncode == 1
    assert "read 6, added 5, unchanged 0, failed 1" in result.stdout
    assert "refused by a test trigger" in result.stderr
    assert "Traceback" not in result.stderr
    with engine.connect() as conn:
        titles = set(conn.scalars(select(Article.title)))
        speakers = set(conn.scalars(select(Quote.speaker_text)))
    engine.dispose()
    assert titles == {f"Council approves bridge number {n}" for n in (1, 2, 4, 5, 6)}
    assert "Jean Martin" in speakers


def test_copies_within_one_batch_are_stored_once(sqlite_url: str, tmp_path: Path) -> None:
    same_url = {**_article(9), "title": "Council approves bridge number nine"}
    feed = tmp_path / "feed.jsonl"
    lines = [_article(1), _article(2), _article(1), same_url, _article(9)]
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines))

    result = run_ingest(sqlite_url, feed)

    assert result.returncode == 0, result.stderr
    assert "read 5, added 3, unchanged 2, failed 0" in result.stdout
    assert counts(sqlite_url)[0] == 3
