"""Kept parses give the extractors exactly what a fresh parse gives them."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from app.eval.parse_cache import cached_docs
from app.extract.quotes import extract_quotes

TEXTS = [
    '"We will rebuild the bridge," said Jean Martin, the mayor of Lyon. He added: "It is late."',
    'Ann Roe told reporters the plan was "a gift to developers."',
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    from app.extract.pipeline import load_nlp

    return load_nlp()


def _quotes(docs: list[Doc]) -> list[tuple[str, str | None]]:
    return [
        (q.text, q.speaker.name if q.speaker else None) for d in docs for q in extract_quotes(d)
    ]


def test_kept_parses_extract_the_same_quotes(nlp: Language, tmp_path: Path) -> None:
    fresh = cached_docs(nlp, TEXTS, tmp_path)
    assert len(list(tmp_path.glob("*.spacy"))) == 1
    kept = cached_docs(nlp, TEXTS, tmp_path)
    assert _quotes(kept) == _quotes(fresh)
    assert ("We will rebuild the bridge,", "Jean Martin") in _quotes(kept)


def test_other_texts_are_parsed_anew(nlp: Language, tmp_path: Path) -> None:
    cached_docs(nlp, TEXTS, tmp_path)
    cached_docs(nlp, TEXTS[:1], tmp_path)
    assert len(list(tmp_path.glob("*.spacy"))) == 2
