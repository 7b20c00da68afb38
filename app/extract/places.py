"""Place mentions in a parsed article, resolved against the offline gazetteer.

Recognition starts from spaCy's GPE/LOC/FAC entities and corrects the small model with the
gazetteer: entities it labelled otherwise (Aleppo as NORP, Hama as ORG, Tamil Nadu as PERSON) are
taken when their whole text is a well-known place, and capitalised words it missed are taken when
they name a country, a region or a sizeable city. Person names are kept out: a word that is part of
a PERSON name elsewhere in the article ("Jeffrey" of "James Jeffrey") is never a place.

Resolution ranks each mention's candidates by feature kind and population and by the article's
context: countries and first-level regions that other mentions resolve to ("London" in an article
about Ontario is London, Ontario; "Paris" with France around is Paris, France).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from app.extract.gazetteer import RANK_ALTERNATE, RANK_CURATED, Candidate, Gazetteer, name_key
from app.extract.types import PlaceMention

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model gives to places it misreads; such an entity is a place only when the
# gazetteer knows its whole text as a well-known place.
_PROMOTABLE_LABELS = frozenset(
    {"ORG", "NORP", "PERSON", "EVENT", "WORK_OF_ART", "LANGUAGE", "PRODUCT", "LAW"}
)
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "lady",
        "president",
        "minister",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "saint",
        "senator",
        "sen",
        "rep",
        "gov",
        "judge",
    }
)
_DIRECTIONALS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater|inner|outer|mid)"
    r"(?:ern|erly)?(?:[- ](?:east|west)(?:ern)?)?|far|deep|rural|coastal|downtown|eastern|western"
    r"|northern|southern|northeastern|northwestern|southeastern|southwestern)\s+",
)
# Generic words after a name that say which kind of place is meant: "Idlib City", "Idlib province".
_CITY_WORDS = frozenset({"city", "town", "village"})
_REGION_WORDS = frozenset(
    {
        "province",
        "governorate",
        "region",
        "state",
        "county",
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
_CITY_KINDS = frozenset({"city", "capital"})
# Kinds that are never tiny: a name matching one of them is worth taking outside NER.
_MAJOR_KINDS = frozenset({"country", "continent", "capital", "region", "sea", "ocean", "area"})
_MIN_MISSED_POPULATION = 50_000  # a city the model missed must be at least this big to be taken
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’]|[.,;:!?\-–—)\]\"”]+)$")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    text: str
    label: str  # spaCy label, or "GAZ" for a span the gazetteer pass found


def extract_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """All place mentions in ``doc``, in text order, each resolved where the gazetteer can."""
    person_words = _person_words(doc)
    spans = _recognise(doc, gazetteer, person_words)
    return _resolve(spans, gazetteer)


# --- recognition -------------------------------------------------------------------------------


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of multi-word PERSON names: their single-word repeats are the person, not a town."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(t.text for t in ent if t.text[:1].isupper())
    return frozenset(words)


def _recognise(doc: Doc, gazetteer: Gazetteer, person_words: frozenset[str]) -> list[_Span]:
    found: list[_Span] = []
    covered = [False] * len(doc)
    for ent in doc.ents:
        for piece in _clean_pieces(ent):
            if _accept_entity(piece, ent, gazetteer, person_words):
                found.append(piece)
                for i in range(ent.start, ent.end):
                    covered[i] = True
            elif ent.label_ in _PLACE_LABELS or ent.label_ in _PROMOTABLE_LABELS:
                # A rejected named entity still covers its words: "Jeffrey" inside a PERSON
                # entity must not come back through the gazetteer pass.
                for i in range(ent.start, ent.end):
                    covered[i] = True
    found.extend(_missed_by_ner(doc, gazetteer, person_words, covered))
    found.sort(key=lambda s: s.start)
    return found


def _clean_pieces(ent: Span) -> list[_Span]:
    """The entity's text split at line breaks and trimmed of "the", possessives, punctuation."""
    pieces: list[_Span] = []
    offset = ent.start_char
    for line in re.split(r"(\n+)", ent.text):
        start, text = offset, line
        offset += len(line)
        if "\n" in line:
            continue
        stripped = text.lstrip()
        start += len(text) - len(stripped)
        text = stripped.rstrip()
        if match := _LEADING_ARTICLE.match(text):
            start += match.end()
            text = text[match.end() :]
        while match := _TRAILING.search(text):
            text = text[: match.start()].rstrip()
        if text.endswith("-based"):
            text = text[: -len("-based")]
        if text:
            pieces.append(_Span(start, start + len(text), text, ent.label_))
    return pieces


def _accept_entity(
    piece: _Span, ent: Span, gazetteer: Gazetteer, person_words: frozenset[str]
) -> bool:
    text = piece.text
    if not text[:1].isupper() and not text[:1].isdigit():
        return False
    first_word = name_key(text.split()[0]) if text.split() else ""
    if first_word in _TITLES:
        return False
    if ent.label_ in _PLACE_LABELS:
        if gazetteer.knows(text) or _core(text) != text and gazetteer.knows(_core(text)):
            return True
        # Unknown to the gazetteer: a small village, a street... or a person the model mislabelled.
        return not any(word in person_words for word in text.split())
    if ent.label_ in _PROMOTABLE_LABELS:
        if ent.label_ == "PERSON" and any(word in person_words for word in text.split()):
            return False
        return _well_known(text, gazetteer)
    return False


def _well_known(text: str, gazetteer: Gazetteer) -> bool:
    """True when the gazetteer knows ``text`` by its own (or a curated) name as a major place."""
    for candidate in gazetteer.lookup(text):
        if candidate.rank == RANK_ALTERNATE and candidate.entry.feature_kind not in _MAJOR_KINDS:
            continue
        if candidate.loose and candidate.rank != RANK_CURATED:
            continue
        if candidate.entry.feature_kind in _MAJOR_KINDS or candidate.rank == RANK_CURATED:
            return True
        if candidate.entry.population >= _MIN_MISSED_POPULATION:
            return True
    return False


def _missed_by_ner(
    doc: Doc, gazetteer: Gazetteer, person_words: frozenset[str], covered: list[bool]
) -> list[_Span]:
    """Runs of capitalised proper nouns outside any entity that name a well-known place."""
    found: list[_Span] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if covered[i] or not _name_like(token.text) or token.pos_ not in ("PROPN", "NOUN", "ADJ"):
            i += 1
            continue
        j = i + 1
        while (
            j < len(doc)
            and j - i < 4
            and not covered[j]
            and _name_like(doc[j].text)
            and "\n" not in doc[j - 1].whitespace_
        ):
            j += 1
        # Longest run first: "Tamil Nadu" before "Tamil".
        for end in range(j, i, -1):
            span = doc[i:end]
            text = span.text
            if any(t.text in person_words for t in span):
                continue
            if _well_known(text, gazetteer) and not _is_demonym_use(span):
                found.append(_Span(span.start_char, span.end_char, text, "GAZ"))
                i = end
                break
        else:
            i = j
    return found


def _name_like(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and (word[1:].islower() or word.isupper())


def _is_demonym_use(span: Span) -> bool:
    """A capitalised word used as an adjective before a noun is seldom the place itself."""
    return span[-1].tag_ in ("JJ", "NNPS") or span[-1].ent_type_ == "NORP"


def _core(text: str) -> str:
    """The name without lower-case directionals and generic kind words: "northern Syria"."""
    core = _DIRECTIONALS.sub("", text)
    words = core.split()
    if len(words) > 1 and words[-1].lower() in _CITY_WORDS | _REGION_WORDS:
        core = " ".join(words[:-1])
    return core


# --- resolution --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lookup:
    span: _Span
    candidates: tuple[Candidate, ...]
    hint: str | None  # "city" / "region" from a generic word after the name


def _lookup(span: _Span, gazetteer: Gazetteer) -> _Lookup:
    text = span.text
    candidates = gazetteer.lookup(text)
    hint: str | None = None
    words = text.split()
    if len(words) > 1 and words[-1].lower() in _CITY_WORDS:
        hint = "city"
    elif len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        hint = "region"
    if not candidates or hint is not None:
        core = _core(text)
        if core != text:
            candidates = gazetteer.lookup(core) or candidates
    return _Lookup(span, candidates, hint)


def _resolve(spans: list[_Span], gazetteer: Gazetteer) -> list[PlaceMention]:
    lookups = [_lookup(span, gazetteer) for span in spans]
    # First pass without context; the winners' countries and regions become the context.
    first = [_best(lk, Counter(), Counter()) for lk in lookups]
    countries: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for choice in first:
        if choice is None:
            continue
        if choice.entry.country_code:
            countries[choice.entry.country_code] += 1
        if choice.admin1 and choice.entry.feature_kind == "region":
            regions[choice.admin1] += 1
    mentions: list[PlaceMention] = []
    for lookup, own in zip(lookups, first, strict=True):
        # Leave the mention's own first choice out of its context.
        own_countries, own_regions = countries.copy(), regions.copy()
        if own is not None:
            if own.entry.country_code:
                own_countries[own.entry.country_code] -= 1
            if own.admin1 and own.entry.feature_kind == "region":
                own_regions[own.admin1] -= 1
        choice = _best(lookup, +own_countries, +own_regions)
        span = lookup.span
        mentions.append(
            PlaceMention(span.text, span.start, span.end, None if choice is None else choice.entry)
        )
    return mentions


def _best(lookup: _Lookup, countries: Counter[str], regions: Counter[str]) -> Candidate | None:
    best: Candidate | None = None
    best_score = -math.inf
    for candidate in lookup.candidates:
        score = _score(candidate, lookup, countries, regions)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _score(
    candidate: Candidate, lookup: _Lookup, countries: Counter[str], regions: Counter[str]
) -> float:
    entry = candidate.entry
    kind = entry.feature_kind
    population = math.log10(entry.population + 1)
    if kind in ("country", "continent"):
        score = 11.0
    elif kind == "capital":
        score = 5.0 + population
    elif kind == "city":
        score = 3.0 + population
    elif kind == "region":
        score = 4.0 + population / 2
    else:  # curated seas, oceans, named regions
        score = 10.0
    score += {RANK_CURATED: 3.0, RANK_ALTERNATE: 0.0}.get(candidate.rank, 1.0)
    if candidate.loose:
        score -= 2.0
    if lookup.hint == "city" and kind in _CITY_KINDS:
        score += 8.0
    elif lookup.hint == "region" and kind == "region":
        score += 8.0
    if entry.country_code and countries[entry.country_code]:
        score += 3.0
    if candidate.admin1 and regions[candidate.admin1]:
        score += 4.0
    return score
