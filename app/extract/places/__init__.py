"""Place mentions in a parsed article, resolved against the offline gazetteer.

Recognition starts from spaCy's GPE/LOC/FAC entities (split at line breaks and commas, trimmed of
"the" and possessives, extended by a kind word: "Idlib province") and corrects the small model
with the gazetteer: entities it labelled otherwise (Aleppo as NORP, Hama as ORG, Tamil Nadu as
PERSON) are taken when their whole text is a well-known place, and capitalised words outside any
entity, or inside an organisation's name ("the U.S. Securities and Exchange Commission"), are
taken when they name a country, a capital or a sizeable city or region. Kept out: words of a
PERSON name elsewhere in the article ("Jeffrey" of "James Jeffrey"), names in a person's slot
("his daughter Yulia", "Noma said"), acronyms that are not known abbreviations ("AI", "MoD"),
news outlets named after places ("The New York Times"). Numbered roads ("the M4-M5 road") are
places without a gazetteer entry.

Resolution scores each mention's candidates like log-odds: feature kind, population and renown
give the prior; the article's context shifts it (the countries and first-level regions the other
mentions resolve to, an entity named otherwise elsewhere, an "X, Y" qualifier). Mentions of one
name share one reading, and a name is never its own context.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from app.extract.gazetteer import Gazetteer
from app.extract.places.local import nearby_towns
from app.extract.places.rank import resolve
from app.extract.places.recognise import person_words, recognise
from app.extract.text import doc_text
from app.extract.types import PlaceMention

__all__ = ["extract_places"]


# Words before a name that place it: "in Darfur", "the village of Qumenas".
_PLACING = re.compile(
    r"(?:\b(?:in|into|near|from|at|outside|across|toward|towards|to|through|around|of the"
    r"|(?:village|town|city|hamlet|region|district|province|state|area|country) of)"
    r"[^\S\n]+(?:the[^\S\n]+)?)$",
    re.IGNORECASE,
)


def _placed(mention: PlaceMention, text: str) -> bool:
    """An unresolved one-word name is kept only where the sentence puts it as a place: the
    gazetteer does not know it, and a person ("Saakashvili") or a company ("Titan") the model
    tagged as a place is a one-word name too."""
    if (
        " " in mention.text
        or not mention.text[:1].isupper()
        or any(c.isdigit() for c in mention.text)
    ):
        return True
    return _PLACING.search(text, max(0, mention.start - 40), mention.start) is not None


def extract_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """All place mentions in ``doc``, in text order, each resolved where the gazetteer can."""
    text = doc_text(doc)
    people = person_words(doc, gazetteer)
    mentions = resolve(recognise(doc, text, gazetteer, people), gazetteer, text)
    mentions = [m for m in mentions if m.entry is not None or _placed(m, text)]
    mentions.extend(nearby_towns(doc, text, mentions, gazetteer, people))
    mentions.sort(key=lambda m: m.start)
    return mentions
