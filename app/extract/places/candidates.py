"""Step 2: the gazetteer entries each recognised span may refer to."""

from __future__ import annotations

from dataclasses import dataclass

from app.extract.gazetteer import RANK_CURATED, Candidate, Gazetteer, name_key
from app.extract.places.words import (
    CITY_WORDS,
    COUNTY_WORDS,
    DIRECTIONALS,
    DIRECTIONALS_ANY_CASE,
    FACILITY_WORDS,
    GENERIC_WORDS,
    REGION_WORDS,
    PlaceSpan,
    words,
)


def core_name(text: str) -> str:
    """The name without lower-case directionals and generic kind words: "northern Syria"."""
    core = DIRECTIONALS.sub("", text)
    words = core.split()
    if len(words) > 1 and words[-1].lower() in CITY_WORDS | REGION_WORDS | COUNTY_WORDS:
        core = " ".join(words[:-1])
    return core


# --- resolution --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lookup:
    span: PlaceSpan
    candidates: tuple[Candidate, ...]
    hint: str | None  # "city" / "region" / "county" / "airport" from a word after the name


def lookup_span(span: PlaceSpan, gazetteer: Gazetteer) -> Lookup:
    text = span.text
    if name_key(text) in GENERIC_WORDS:
        # "the West", "the South": a curated area or nothing, not Cameroon's West Region.
        curated = tuple(c for c in gazetteer.lookup(text) if c.rank <= RANK_CURATED)
        return Lookup(span, curated, None)
    if span.label == "POSTAL":
        state = gazetteer.region(f"US.{text}")
        return Lookup(span, () if state is None else (state,), "region")
    candidates = gazetteer.lookup(span.name or text)
    hint: str | None = None
    words = text.split()
    if len(words) > 1 and words[-1].lower() in CITY_WORDS:
        hint = "city"
    elif len(words) > 1 and words[-1].lower() in COUNTY_WORDS:
        hint = "county"
    elif len(words) > 1 and words[-1].lower() == "airport":
        hint = "airport"
    elif len(words) > 1 and words[-1].lower() in REGION_WORDS:
        hint = "region"
    if not candidates:
        core = core_name(text)
        if core != text:
            candidates = gazetteer.lookup(core)
    if not candidates and text.lower().startswith("city of "):
        candidates, hint = gazetteer.lookup(text[len("city of ") :]), "city"
    if not candidates:
        # Capitalised directionals too: "Far North Queensland", "South Florida".
        core = DIRECTIONALS_ANY_CASE.sub("", text)
        if core != text and core:
            candidates = gazetteer.lookup(core)
    if not candidates and len(words) > 1 and not _facility(words):
        candidates = _known_part(words, gazetteer)
    return Lookup(span, candidates, hint)


def _facility(words: list[str]) -> bool:
    """Streets, buildings and offices: a town named like one of their words is not them
    ("Pearson International Airport" is not Pearson, Hawaii)."""
    return any(name_key(w) in FACILITY_WORDS for w in words)


_CONNECTORS = words("of and upon on de del la le")


def _known_part(words: list[str], gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """The longest run of capitalised words the gazetteer knows: "South Florida" -> Florida,
    "Peace River Valley" -> Peace River, "Nazi Germany" -> Germany. Rightmost first, as English
    puts the head of a name last."""
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size, -1, -1):
            part = words[first : first + size]
            # Capitalised words, with "of"/"and"/"upon" allowed inside ("District of Columbia").
            if not part[0][:1].isupper() or not part[-1][:1].isupper():
                continue
            if not all(w[:1].isupper() or w in _CONNECTORS for w in part):
                continue
            if all(name_key(w) in GENERIC_WORDS | _CONNECTORS for w in part):
                continue  # "River Valley" of "Mississippi River Valley"
            candidates = gazetteer.lookup(" ".join(part))
            if candidates:
                return candidates
    return ()
