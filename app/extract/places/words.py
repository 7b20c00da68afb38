"""Word lists and patterns shared by the place steps, and the span a recognised place covers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.attrs import IS_UPPER, POS
from spacy.tokens import Doc

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def tagged(doc: Doc, tags: tuple[int, ...], *, or_upper: bool = False) -> list[bool]:
    """For each token, whether its part of speech is one of ``tags`` (or, with ``or_upper``,
    it is written in capitals), read from the parse's arrays: making a spaCy ``Token`` for
    every word to ask cost more than the steps that ask."""
    pos, upper = doc.to_array([POS, IS_UPPER]).T
    mask = numpy.isin(pos, numpy.array(tags, dtype=numpy.uint64))
    found: list[bool] = (mask | (upper != 0) if or_upper else mask).tolist()
    return found


def lower_case_words(text: str) -> set[str]:
    """The words an article writes in lower case ("man", "hurricane"): a capitalised word among
    them is an ordinary word at a sentence's or headline's start, not a town."""
    return set(_LOWER_WORD.findall(text))


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model gives to places it misreads; such an entity is a place only when the
# gazetteer knows its whole text as a well-known place.
PROMOTABLE_LABELS = frozenset(
    {"ORG", "NORP", "PERSON", "EVENT", "WORK_OF_ART", "LANGUAGE", "PRODUCT", "LAW"}
)
TITLES = words(
    "mr mrs ms miss dr sir lord lady president minister king queen prince princess pope saint "
    "senator sen rep gov judge"
)
DIRECTIONALS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater|inner|outer|mid)"
    r"(?:ern|erly)?(?:[- ](?:east|west)(?:ern)?)?|far|deep|rural|coastal|downtown|eastern|western"
    r"|northern|southern|northeastern|northwestern|southeastern|southwestern)\s+",
)
DIRECTIONALS_ANY_CASE = re.compile(
    r"^(?:(?:far|deep|north|south|east|west|northern|southern|eastern|western|central)[- ]?)+\s*",
    re.IGNORECASE,
)
FACILITY_WORDS = words(
    "avenue ave street st road rd drive lane boulevard way highway airport centre center "
    "hospital school university college park stadium theatre theater church chapel hall court "
    "jail prison cemetery bridge station square place close crescent parade mall hotel campus "
    "building tower plaza market office fire sheriff police department democrats republicans "
    "marshal council"
)
# Generic words after a name that say which kind of place is meant: "Idlib City", "Idlib province".
CITY_WORDS = frozenset({"city", "town", "village"})
# Second-level divisions: "Laurel County", "Rapides Parish", "Hempstead Township".
COUNTY_WORDS = frozenset({"county", "parish", "borough", "township"})
REGION_WORDS = frozenset(
    {
        "province",
        "governorate",
        "region",
        "state",
        "district",
        "prefecture",
        "oblast",
        "territory",
        "department",
        "municipality",
        "area",
        "countryside",
    }
)
CITY_KINDS = frozenset({"city", "capital"})
# Kinds that are never tiny: a name matching one of them is worth taking outside NER.
MAJOR_KINDS = frozenset({"country", "continent", "capital", "region", "sea", "ocean", "area"})
MIN_MISSED_POPULATION = 50_000
MIN_INNER_POPULATION = 100_000
WORD = re.compile(
    r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$"
)  # a city the model missed must be at least this big to be taken
# Words that name regions somewhere ("Centre" in France, "West" in Cameroon) but are ordinary
# words in English text: taken only when the model itself calls them a place.
GENERIC_WORDS = words(
    "centre center central north south east west northern southern eastern western capital "
    "state union republic coast island islands river valley lake mountain downtown most city "
    "town village enterprise vista national federal international world interior new grand "
    "kingdom liberty independence unity progress"
)
# Named like places, never a place on a map ("Earth" is also a town in Texas).
NEVER_PLACES = words(
    "earth world globe heaven hell moon sun universe planet internet web god satan"
)
LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Trailing possessives and punctuation, but not a final "." (spaCy leaves a sentence's full stop
# out of entities, so a final "." belongs to an abbreviation: "U.S.", "Ky.").
TRAILING = re.compile(r"(?:['’]s|['’]|[,;:!?\-–—)\]\"”]+)$")
# A lower-case kind word right after a name belongs to the mention: "Idlib province".
KIND_WORD_AFTER = re.compile(
    r"[^\S\n](city|town|village|province|governorate|region|state|county|parish|district|prefecture"
    r"|oblast)\b"
)


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    start: int
    end: int
    text: str
    # spaCy label, "GAZ" (found by the gazetteer pass), "ROAD", "COUNTY", "DATELINE", "POSTAL"
    label: str
    name: str | None = None  # the name to look up when it is not the text ("Ohioans": Ohio)
