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

from spacy.tokens import Doc

from app.extract.gazetteer import Gazetteer
from app.extract.places.local import nearby_towns
from app.extract.places.rank import resolve
from app.extract.places.recognise import person_words, recognise
from app.extract.types import PlaceMention

__all__ = ["extract_places"]


def extract_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """All place mentions in ``doc``, in text order, each resolved where the gazetteer can."""
    text = doc.text  # Doc builds its text from the tokens on every access: once per article
    people = person_words(doc, gazetteer)
    mentions = resolve(recognise(doc, text, gazetteer, people), gazetteer, text)
    mentions.extend(nearby_towns(doc, text, mentions, gazetteer, people))
    mentions.sort(key=lambda m: m.start)
    return mentions
