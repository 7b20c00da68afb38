"""Articles are written a batch to a transaction: an article the database refuses is lost
alone, and copies within one batch are stored once."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, select, text

from app.db.migrate import upgrade
from app.db.session import build_engine, build_sessionmaker
from app.extract.pipeline import Extractor
from app.ingest import ingest
from app.models import Article, Quote, Speaker
from app.readers import ReadItem
from app.readers.mapping import article_from_mapping
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


def _people_articles() -> list[dict[str, str]]:
    # Variants of one name and a relative across articles: the cases identity resolution
    # settles by what the whole corpus says.
    bodies = [
        '"We will win Ohio," said Donald J. Trump at a rally in Dayton.',
        '"The polls are wrong," Trump told reporters in Toledo.',
        '"My father will win," said Eric Trump, his son, in Columbus.',
        '"We need new jobs," said Donald Trump in Akron.',
        '"I am running a positive campaign," said Hillary Rodham Clinton in Denver.',
        '"Trump is unfit," Clinton said in Boulder.',
    ]
    return [
        {"title": f"Campaign day {n}", "body": body, "url": f"https://news.example.org/day/{n}"}
        for n, body in enumerate(bodies)
    ]


def _directory(url: str) -> tuple[set[tuple[str, str, int]], list[tuple[str, str | None]]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        speakers = {
            (row.name, row.kind, row.quote_count)
            for row in conn.execute(
                select(Speaker.name, Speaker.kind, Speaker.quote_count).where(
                    Speaker.quote_count > 0
                )
            )
        }
        quotes: list[tuple[str, str | None]] = list(
            conn.execute(
                select(Quote.text, Speaker.name)
                .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
                .order_by(Quote.text)
            ).tuples()
        )
    engine.dispose()
    return speakers, quotes


def test_a_batch_resolves_speakers_as_one_article_at_a_time_does(
    tmp_path: Path, extractor: Extractor
) -> None:
    # A batch resolves the identities of all its quotes in one pass: the directory must be
    # the one that a pass per article leaves.
    items = [
        ReadItem(f"day-{n}", article_from_mapping(a)) for n, a in enumerate(_people_articles())
    ]
    directories = []
    for name, batch_size in (("one", 1), ("all", 16)):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        upgrade(url)
        engine = build_engine(url)
        summary = ingest(
            items, build_sessionmaker(engine), lambda: extractor, batch_size=batch_size
        )
        engine.dispose()
        assert summary.added == len(items)
        directories.append(_directory(url))
    assert directories[0] == directories[1]
    speakers, _quotes = directories[1]
    # "Donald J. Trump" and "Donald Trump" are one person, his son another, and the bare
    # "Trump" two people bear stays apart.
    assert ("Donald Trump", "person", 2) in speakers
    assert ("Eric Trump", "person", 1) in speakers
    assert ("Trump", "person", 1) in speakers
