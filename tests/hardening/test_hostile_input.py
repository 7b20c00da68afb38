"""Hostile ingest input: every bad item is named, every good one is stored, time stays linear."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from app.extract.pipeline import Extractor
from app.models import Article
from tests.conftest import SEEDS
from tests.factories import article_record, write_jsonl
from tests.ingest.test_ingest_cli import run_ingest

SEED_PARAGRAPHS = [
    p.strip()
    for p in (SEEDS / "us-warns-russia-idlib.txt").read_text(encoding="utf-8").split("\n\n")[3:]
    if p.strip()
]


def news_body(chars: int) -> str:
    """Realistic news prose of about ``chars`` characters (the seed article, repeated)."""
    out: list[str] = []
    size = 0
    while size < chars:
        out.append(SEED_PARAGRAPHS[len(out) % len(SEED_PARAGRAPHS)])
        size += len(out[-1]) + 2
    return "\n\n".join(out)


def titles(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = set(conn.scalars(select(Article.title)))
    engine.dispose()
    return found


def build_hostile_folder(folder: Path) -> tuple[set[str], dict[str, str]]:
    """The good articles' titles, and each bad item with a word its message must contain."""
    folder.mkdir()
    good: set[str] = set()
    bad: dict[str, str] = {}
    shutil.copy(SEEDS / "us-warns-russia-idlib.txt", folder / "seed.txt")
    good.add("US warns Russia to 'change its policies' and halt bloody assault on Idlib")
    (folder / "one.json").write_text(json.dumps(article_record(1)), encoding="utf-8")
    good.add(article_record(1)["title"])
    # A JSONL file with one bad line (and one record without a title) among good ones.
    lines = folder / "batch.jsonl"
    write_jsonl(lines, [article_record(2), article_record(3)])
    with lines.open("a", encoding="utf-8") as handle:
        handle.write('{"title": "cut off", "body": "no closing\n')
        handle.write(json.dumps(article_record(4)) + "\n")
        handle.write(json.dumps({"body": "a body without a title"}) + "\n")
    good |= {article_record(n)["title"] for n in (2, 3, 4)}
    bad[f"{lines}:3"] = "not valid JSON"
    bad[f"{lines}:5"] = "title"
    # Legacy encodings and a file cut in the middle of a UTF-8 character.
    (folder / "latin1.txt").write_bytes(
        "Café reopens in Zürich\n\n«Ça va très bien», said Renée Müller, the owner.\n".encode(
            "latin-1"
        )
    )
    good.add("Café reopens in Zürich")
    (folder / "truncated.txt").write_bytes(
        "Bridge opens in Kraków\n\nThe mayor said the bridge cost 20 million złoty €".encode()[:-2]
    )
    good.add("Bridge opens in Kraków")
    # Deeply nested HTML, in a sub-directory.
    (folder / "sub").mkdir()
    depth = 5_000
    (folder / "sub" / "nested.html").write_text(
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * depth
        + '<p>"The walls held," said Anna Berg, the engineer in Oslo.</p>'
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    good.add("Deep page")
    # Bad files.
    (folder / "empty.txt").write_bytes(b"")
    bad[str(folder / "empty.txt")] = "empty"
    (folder / "binary.dat").write_bytes(bytes(range(256)) * 64)
    bad[str(folder / "binary.dat")] = "binary"
    with (folder / "huge.txt").open("wb") as handle:
        chunk = (b"All work and no play makes Jack a dull boy. " * 1000) + b"\n\n"
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    bad[str(folder / "huge.txt")] = "too large"
    (folder / "only-marks.txt").write_text('"' * 5000 + "\n\n" + "“”‘’'«»" * 2000, encoding="utf-8")
    return good, bad


def test_hostile_directory_names_each_bad_item_and_stores_every_good_one(
    tmp_path: Path, sqlite_url: str
) -> None:
    folder = tmp_path / "hostile"
    good, bad = build_hostile_folder(folder)

    result = run_ingest(sqlite_url, folder)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1  # some items failed, and said so
    failed_lines = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    for item, word in bad.items():
        matching = [line for line in failed_lines if line.startswith(f"failed: {item}: ")]
        assert matching, f"{item} is not reported:\n{result.stderr}"
        reason = matching[0].removeprefix(f"failed: {item}: ")
        assert word.lower() in reason.lower(), matching[0]
    stored = titles(sqlite_url)
    assert good <= stored, good - stored
    # A file of nothing but quote marks is either refused by name or stored: never a crash.
    marks = folder / "only-marks.txt"
    assert any(line.startswith(f"failed: {marks}: ") for line in failed_lines) or len(stored) > len(
        good
    )
    # Every failure names something that was given; nothing else failed.
    assert len(failed_lines) == len(bad) + (len(stored) == len(good))

    again = run_ingest(sqlite_url, folder)
    assert "added 0" in again.stdout, again.stdout
    assert titles(sqlite_url) == stored


def seconds_per_char(extractor: Extractor, text: str, repeats: int = 1) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        extractor.extract(text)
        best = min(best, time.perf_counter() - start)
    return best / len(text)


def unbalanced_marks(marks: int) -> str:
    """Sentences each opening a quotation that never closes: ``marks`` stray marks."""
    sentences = [
        f'Officials in Idlib said "the talks on point {i} would go on. ' for i in range(marks)
    ]
    return "\n\n".join(" ".join(sentences[i : i + 10]) for i in range(0, marks, 10))


def one_sentence_of_marks(marks: int) -> str:
    """The worst shape: no sentence ever ends and every report holds a stray mark."""
    return 'He said "yes and ' * marks


def assert_linear(
    extractor: Extractor, small: str, large: str, *, budget: float
) -> tuple[float, float]:
    """Time per character of ``large`` within ``budget`` times that of ``small``."""
    extractor.extract(small)  # warm the caches
    base = seconds_per_char(extractor, small, repeats=3)
    ratio = seconds_per_char(extractor, large) / base
    size_ratio = len(large) / len(small)
    print(
        f"linear-time: {len(large)} vs {len(small)} chars: {ratio * size_ratio:.0f}x the time "
        f"for {size_ratio:.0f}x the text ({ratio:.2f}x per character)"
    )
    assert ratio <= budget, (
        f"{len(large)} chars took {ratio:.1f}x the time per character of {len(small)} chars "
        f"(total {ratio * size_ratio:.0f}x for {size_ratio:.0f}x the text): not linear"
    )
    return ratio, size_ratio


# A linear pipeline measures about 1x; noise from a second test worker stays under 3x.
LINEAR_BUDGET = 3.0


def test_fifty_kb_article_takes_linear_time(extractor: Extractor) -> None:
    assert_linear(extractor, news_body(5_000), news_body(50_000), budget=LINEAR_BUDGET)


def test_five_hundred_unbalanced_marks_take_linear_time(extractor: Extractor) -> None:
    assert_linear(extractor, news_body(5_000), unbalanced_marks(500), budget=LINEAR_BUDGET)


@pytest.mark.slow
def test_hundred_kb_article_takes_linear_time(extractor: Extractor) -> None:
    assert_linear(extractor, news_body(10_000), news_body(100_000), budget=LINEAR_BUDGET)


@pytest.mark.slow
def test_megabyte_article_takes_linear_time(extractor: Extractor) -> None:
    text = news_body(1024 * 1024)
    extractor.nlp.max_length = max(extractor.nlp.max_length, len(text) + 1)
    assert_linear(extractor, news_body(10_000), text, budget=LINEAR_BUDGET)


@pytest.mark.slow
def test_ten_thousand_unbalanced_marks_take_linear_time(extractor: Extractor) -> None:
    assert_linear(extractor, news_body(10_000), unbalanced_marks(10_000), budget=LINEAR_BUDGET)


@pytest.mark.slow
def test_one_endless_sentence_of_unbalanced_marks_takes_linear_time(
    extractor: Extractor,
) -> None:
    assert_linear(extractor, news_body(10_000), one_sentence_of_marks(2_000), budget=LINEAR_BUDGET)
