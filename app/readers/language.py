"""Which language an article is written in: identified from its text (py3langid, after a
cheap test that settles plain English), because the language a page declares is often a
site-wide default that its articles do not follow."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

ENGLISH = "en"
# Below this many letters the identification is a guess; the declared language is used then.
MIN_LETTERS = 200
# py3langid's normalised probability it must reach to be taken (over the declared language).
MIN_PROBABILITY = 0.9
# langid settles within a few hundred characters; its cost grows with the sample (1 ms at 5,000)
_SAMPLE_CHARS = 2000
# Words frequent in English and not words of another language written in the Latin script
# ("to", "is", "was", "of", "for", "on" are: Polish, Dutch, German, Danish, French). In English
# news they are an eighth of the words (median over the 840 PolNeAR train articles; 98% of
# them reach the threshold, the rest go to langid); in another language they occur only in
# quoted English, far below it.
_ENGLISH_MARKERS = frozenset(
    {
        "the",
        "and",
        "that",
        "with",
        "said",
        "which",
        "would",
        "this",
        "from",
        "have",
        "were",
        "their",
        "been",
        "has",
    }
)
_ENGLISH_SHARE = 0.08
_WORD = re.compile(r"[^\W\d_]+")


@cache
def load_identifier() -> Any:
    """py3langid's model (about 0.4 s to load): loaded once per process, by the ingest up front
    with the spaCy pipeline rather than inside the first article's time."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the text's language, or the declared one (``lang="en-GB"`` →
    ``en``) when the text is too short or too mixed to tell; None when neither says."""
    fallback = primary_subtag(declared)
    sample = text[:_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return fallback
    if plainly_english(sample):
        return ENGLISH
    code, probability = load_identifier().classify(sample)
    # An unsure guess is no reason to withhold an article from the English model.
    return str(code) if probability >= MIN_PROBABILITY else fallback


def plainly_english(sample: str) -> bool:
    """Whether English function words are too frequent for the text to be in any other
    language: a tenth of langid's cost, and most articles are settled by it."""
    words = _WORD.findall(sample.lower())
    markers = sum(word in _ENGLISH_MARKERS for word in words)
    return bool(words) and markers >= _ENGLISH_SHARE * len(words)


def primary_subtag(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def language_name(code: str) -> str:
    return _NAMES.get(code, code)


_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}
