"""The plain-text dump reader: metadata, body, and page furniture removed."""

from __future__ import annotations

from datetime import date

import pytest

from app.extract.metadata import is_boilerplate, parse_date, parse_text_dump
from tests.conftest import SEEDS


def test_parse_text_dump_seed_metadata() -> None:
    article = parse_text_dump((SEEDS / "us-warns-russia-idlib.txt").read_text(encoding="utf-8"))
    assert article.title.startswith("US warns Russia to 'change its policies'")
    assert article.subtitle is not None
    assert article.subtitle.startswith("Idlib has turned into")
    assert article.published_date == date(2020, 2, 6)
    assert article.reading_time_minutes == 3
    assert article.image_caption == "Idlib has become the final frontier [Getty]"
    assert len(article.paragraphs) == 17
    assert all("\u00a0" not in p for p in article.paragraphs)


@pytest.mark.parametrize(
    ("paragraph", "furniture"),
    [
        (
            "Syria Weekly: Assad regime celebrates capture of Maarat Al-Numan, an Idlib ghost town",
            True,
        ),
        ("Follow us on Twitter and Instagram to stay connected", True),
        ("Read more: The war in numbers", True),
        ("Jeffrey said Moscow could change its policies.", False),
        ('"Those are the ones that are worrying me."', False),
        ('"This is troubling," he said', False),
        ("Officials: the talks will resume on Monday.", False),
    ],
)
def test_is_boilerplate_table(paragraph: str, furniture: bool) -> None:
    assert is_boilerplate(paragraph) is furniture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 February, 2020", date(2020, 2, 6)),
        ("February 6, 2020", date(2020, 2, 6)),
        ("2020-02-06", date(2020, 2, 6)),
        ("Sept. 12, 2016", date(2016, 9, 12)),
        ("3 min read", None),
        ("yesterday", None),
    ],
)
def test_parse_date_table(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file has no text"),
        ("Only a headline\n", "the article has a title but no body text"),
    ],
)
def test_parse_text_dump_rejects_with_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_text_dump(text)


def test_parse_text_dump_without_date_keeps_date_unknown() -> None:
    article = parse_text_dump("Headline\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert article.published_date is None
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
