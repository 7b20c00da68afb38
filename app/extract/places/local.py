"""Step 4: towns the model did not tag as places, found near the places the article names.

The small model often calls a small town an organisation ("Torrington businesses", "the
Watertown team") or a person ("Tega Cay"), or misses it. Such a name is taken when the
gazetteer knows a town or county by exactly that name near the article's own resolved towns and
counties: the article's geography is the safeguard. Also kept out: words of a person's name,
words the article also writes in lower case ("man", "hurricane"), names after a personal title.
"""

from __future__ import annotations

from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Token

from app.extract.gazetteer import RANK_PRIMARY, Candidate, Gazetteer
from app.extract.places.geo import farther_than, km
from app.extract.places.words import (
    GENERIC_WORDS,
    NEVER_PLACES,
    TITLES,
    lower_case_words,
    tagged,
)
from app.extract.types import GazetteerEntry, PlaceMention

_NEAR_KM = 60.0  # a town this close to one the article names is the one meant
_MAX_WORDS = 3
_OPEN_LABELS = frozenset({"", "ORG", "PERSON", "NORP", "GPE", "LOC", "FAC"})
_LOCAL_KINDS = frozenset({"city", "capital", "county"})


def nearby_towns(
    doc: Doc,
    text: str,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    person_words: frozenset[str],
) -> list[PlaceMention]:
    """Mentions of towns near the article's resolved towns that recognition left out."""
    anchors = [
        m.entry for m in mentions if m.entry is not None and m.entry.feature_kind in _LOCAL_KINDS
    ]
    if not anchors:
        return []
    taken = [False] * len(text)
    for mention in mentions:
        for i in range(mention.start, mention.end):
            taken[i] = True
    lower_words = lower_case_words(text)
    # Which tokens may be part of a town's name, read once: only proper nouns and nouns can.
    name_like = [noun and _name_token(doc[k]) for k, noun in enumerate(tagged(doc, (PROPN, NOUN)))]
    found: list[PlaceMention] = []
    i = 0
    while i < len(doc):
        end = _run_end(doc, name_like, i)
        if end == i:
            i += 1
            continue
        for stop in range(end, i, -1):
            span = doc[i:stop]
            if any(taken[c] for c in range(span.start_char, span.end_char)):
                continue
            if not _plausible(span.text, doc, i, lower_words, person_words):
                continue
            entry = _near(gazetteer.lookup(span.text), anchors)
            if entry is not None:
                found.append(PlaceMention(span.text, span.start_char, span.end_char, entry))
                i = stop
                break
        else:
            i += 1
    return found


def _name_token(token: Token) -> bool:
    """A capitalised proper noun (or a noun the model put in an entity: "Torrington")."""
    word = token.text
    return (
        word[:1].isupper()
        and word[1:].islower()
        and token.ent_type_ in _OPEN_LABELS
        and (token.pos_ == "PROPN" or (token.pos_ == "NOUN" and bool(token.ent_type_)))
    )


def _run_end(doc: Doc, name_like: list[bool], start: int) -> int:
    """End of the run of name tokens from ``start`` (``start`` when none)."""
    end = start
    while (
        end < len(name_like)
        and end - start < _MAX_WORDS
        and name_like[end]
        and (end == start or "\n" not in doc[end - 1].whitespace_)
    ):
        end += 1
    return end


def _plausible(
    name: str, doc: Doc, start: int, lower_words: set[str], person_words: frozenset[str]
) -> bool:
    words = name.split()
    if len(name) < 4 or any(w in person_words for w in words):
        return False
    if name.lower() in GENERIC_WORDS or name.lower() in NEVER_PLACES:
        return False
    if any(w.lower() in lower_words for w in words):
        return False  # "Hurricane", "Man": ordinary words that are also towns
    before = doc[start - 1] if start > 0 else None
    return before is None or before.lower_.rstrip(".") not in TITLES


def _near(
    candidates: tuple[Candidate, ...], anchors: list[GazetteerEntry]
) -> GazetteerEntry | None:
    best: GazetteerEntry | None = None
    best_distance = _NEAR_KM
    for candidate in candidates:
        entry = candidate.entry
        if (
            candidate.loose
            or candidate.rank > RANK_PRIMARY
            or entry.feature_kind not in _LOCAL_KINDS
        ):
            continue
        for anchor in anchors:
            if anchor.geonames_id == entry.geonames_id or farther_than(
                entry.latitude, anchor.latitude, best_distance
            ):
                continue
            distance = km(entry.latitude, entry.longitude, anchor.latitude, anchor.longitude)
            if distance <= best_distance:
                best, best_distance = entry, distance
    return best
