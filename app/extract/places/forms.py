"""Recognition by the forms news writes places in, where the model's entities fall short:
the dateline ("TORRINGTON —", "BELGRADE, Minn. (AP) --") and "X County", "X Parish",
"X Township", "X Borough" (also inside a person's title: "Anderson County Sheriff Greg Taylor"),
and a country or region in a compound adjective the model leaves out ("U.S.-led",
"Iran-backed").
"""

from __future__ import annotations

import re

from app.extract.gazetteer import RANK_PRIMARY, Gazetteer
from app.extract.places.words import CITY_KINDS, PlaceSpan

# A dateline opens the article or its body (after a headline's full stop or a line break): a
# name in capitals, an optional state or country, an optional agency, then a dash.
_DATELINE = re.compile(
    r"(?:^|\n|[.!?]\s)\s*(?P<name>[A-Z][A-Z.'’-]+(?:[^\S\n][A-Z][A-Z.'’-]+){0,3})"
    r"(?=(?:,[^\S\n][A-Z][A-Za-z.]+(?:[^\S\n][A-Z][A-Za-z.]+)?)?[^\S\n]*"
    r"(?:\((?:AP|Reuters|AFP|CNN|UPI)\))?[^\S\n]*(?:—|–|--|-)[^\S\n]?)"
)
_DATELINE_WINDOW = 400  # characters from the start in which a dateline is looked for

_COUNTY = re.compile(r"(?<=[^\S\n])(?:County|Parish|Township|Borough)\b")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*$")
_MAX_NAME_WORDS = 3


def dateline(text: str, gazetteer: Gazetteer) -> PlaceSpan | None:
    """The dateline's place, when the gazetteer knows it as a town by its own name."""
    for match in _DATELINE.finditer(text, 0, min(len(text), _DATELINE_WINDOW)):
        name = match.group("name").rstrip(".-")
        if len(name) < 3 or not any(c.isalpha() for c in name):
            continue
        if any(
            c.entry.feature_kind in CITY_KINDS and c.rank <= RANK_PRIMARY and not c.loose
            for c in gazetteer.lookup(name.title())
        ):
            start = match.start("name")
            return PlaceSpan(start, start + len(name), name, "DATELINE")
    return None


def counties(text: str, gazetteer: Gazetteer) -> list[PlaceSpan]:
    """ "Laurel County", "Rapides Parish": the longest run of up to three capitalised words
    before the kind word that the gazetteer knows, with the kind word, as a county."""
    found: list[PlaceSpan] = []
    for match in _COUNTY.finditer(text):
        before = text[: match.start()].rstrip(" \t")
        parts = before.rsplit(None, _MAX_NAME_WORDS)[-_MAX_NAME_WORDS:]
        for size in range(len(parts), 0, -1):
            words = parts[-size:]
            if not all(_NAME_WORD.match(w) for w in words):
                continue
            name = " ".join(words) + " " + match.group()
            if any(
                c.entry.feature_kind == "county" and c.rank <= RANK_PRIMARY and not c.loose
                for c in gazetteer.lookup(name)
            ):
                start = match.end() - len(name)
                if text[start : match.end()] == name:
                    found.append(PlaceSpan(start, match.end(), name, "COUNTY"))
                break
    return found


_COMPOUND = re.compile(
    r"(?<![\w.-])(?P<name>[A-Z][\w.&]*(?:[^\S\n][A-Z][\w.&]*)?)"
    r"-(?:led|backed|based|brokered|funded|controlled|owned|made|run)\b"
)
_MAJOR_KINDS = frozenset({"country", "region", "continent", "capital"})


def compounds(text: str, gazetteer: Gazetteer) -> list[PlaceSpan]:
    """ "the U.S.-led coalition": the country or region before "-led", "-backed", "-based"."""
    found: list[PlaceSpan] = []
    for match in _COMPOUND.finditer(text):
        name, end = match.group("name"), match.end("name")
        for option in dict.fromkeys((name, name.split()[-1])):  # "Saudi Arabia", "The U.S."
            if any(
                c.entry.feature_kind in _MAJOR_KINDS and c.rank <= RANK_PRIMARY and not c.loose
                for c in gazetteer.lookup(option)
            ):
                found.append(PlaceSpan(end - len(option), end, option, "GAZ"))
                break
    return found
