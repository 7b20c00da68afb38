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

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from app.extract.gazetteer import (
    RANK_ALTERNATE,
    RANK_CODE,
    RANK_CURATED,
    RANK_PRIMARY,
    Candidate,
    Gazetteer,
    name_key,
)
from app.extract.types import PlaceMention


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model gives to places it misreads; such an entity is a place only when the
# gazetteer knows its whole text as a well-known place.
_PROMOTABLE_LABELS = frozenset(
    {"ORG", "NORP", "PERSON", "EVENT", "WORK_OF_ART", "LANGUAGE", "PRODUCT", "LAW"}
)
_TITLES = _words(
    "mr mrs ms miss dr sir lord lady president minister king queen prince princess pope saint "
    "senator sen rep gov judge"
)
_DIRECTIONALS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater|inner|outer|mid)"
    r"(?:ern|erly)?(?:[- ](?:east|west)(?:ern)?)?|far|deep|rural|coastal|downtown|eastern|western"
    r"|northern|southern|northeastern|northwestern|southeastern|southwestern)\s+",
)
_DIRECTIONALS_ANY_CASE = re.compile(
    r"^(?:(?:far|deep|north|south|east|west|northern|southern|eastern|western|central)[- ]?)+\s*",
    re.IGNORECASE,
)
_FACILITY_WORDS = _words(
    "avenue ave street st road rd drive lane boulevard way highway airport centre center "
    "hospital school university college park stadium theatre theater church chapel hall court "
    "jail prison cemetery bridge station square place close crescent parade mall hotel campus "
    "building tower plaza market office fire sheriff police department democrats republicans "
    "marshal council"
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
_MIN_MISSED_POPULATION = 50_000
_MIN_INNER_POPULATION = 100_000
_WORD = re.compile(
    r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$"
)  # a city the model missed must be at least this big to be taken
# Words that name regions somewhere ("Centre" in France, "West" in Cameroon) but are ordinary
# words in English text: taken only when the model itself calls them a place.
_GENERIC_WORDS = _words(
    "centre center central north south east west northern southern eastern western capital "
    "state union republic coast island islands river valley lake mountain downtown most city "
    "town village enterprise vista national federal international world interior new grand "
    "kingdom liberty independence unity progress"
)
# Named like places, never a place on a map ("Earth" is also a town in Texas).
_NEVER_PLACES = _words(
    "earth world globe heaven hell moon sun universe planet internet web god satan"
)
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Trailing possessives and punctuation, but not a final "." (spaCy leaves a sentence's full stop
# out of entities, so a final "." belongs to an abbreviation: "U.S.", "Ky.").
_TRAILING = re.compile(r"(?:['’]s|['’]|[,;:!?\-–—)\]\"”]+)$")
# A lower-case kind word right after a name belongs to the mention: "Idlib province".
_KIND_WORD_AFTER = re.compile(
    r"[^\S\n](city|town|village|province|governorate|region|state|county|district|prefecture|oblast)\b"
)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    text: str
    label: str  # spaCy label, "GAZ" (found by the gazetteer pass) or "ROAD"


def extract_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """All place mentions in ``doc``, in text order, each resolved where the gazetteer can."""
    text = doc.text  # Doc builds its text from the tokens on every access: once per article
    person_words = _person_words(doc, gazetteer)
    spans = _recognise(doc, text, gazetteer, person_words)
    return _resolve(spans, gazetteer, text)


# --- recognition -------------------------------------------------------------------------------


def _person_words(doc: Doc, gazetteer: Gazetteer) -> frozenset[str]:
    """Words of multi-word PERSON names: their single-word repeats are the person, not a town
    ("Chelsea" after "Chelsea Clinton").

    A "person" that is a well-known place ("Tamil Nadu" in the small model) is not counted.
    """
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and not _place_name(ent.text, gazetteer):
            words.update(t.text for t in ent if t.text[:1].isupper())
    return frozenset(words)


def _person_texts(doc: Doc) -> frozenset[str]:
    return frozenset(ent.text for ent in doc.ents if ent.label_ == "PERSON")


def _recognise(
    doc: Doc, text: str, gazetteer: Gazetteer, person_words: frozenset[str]
) -> list[_Span]:
    found: list[_Span] = []
    covered = [False] * len(doc)
    for ent in doc.ents:
        accepted = False
        for piece in _clean_pieces(ent):
            if _accept_entity(piece, ent, gazetteer, person_words):
                found.append(piece)
                accepted = True
        if accepted or ent.label_ in _PLACE_LABELS or ent.label_ == "PERSON" or _outlet(ent):
            # A rejected person or place-like entity still covers its words ("Jeffrey" of
            # "James Jeffrey" must not come back through the gazetteer pass), and so does a news
            # outlet named after a place ("The New York Times"). Other organisations stay open:
            # "the U.S. Securities and Exchange Commission" and "University of Manitoba" name a
            # place inside.
            for i in range(ent.start, ent.end):
                covered[i] = True
    found.extend(_missed_by_ner(doc, gazetteer, person_words, covered))
    found = [_with_kind_word(span, text) for span in found]
    found.extend(
        road
        for road in _roads(text)
        if not any(road.start < f.end and f.start < road.end for f in found)
    )
    found.extend(_postal_states(text, found, gazetteer))
    found.sort(key=lambda s: s.start)
    return found


# "HORRY COUNTY, SC": a US postal code right after a place and a comma is the state.
_POSTAL_AFTER = re.compile(r", ([A-Z]{2})\b(?![.\w])")


def _postal_states(text: str, found: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    ends = {span.end for span in found}
    states: list[_Span] = []
    for match in _POSTAL_AFTER.finditer(text):
        code = match.group(1)
        if match.start() in ends and gazetteer.region(f"US.{code}") is not None:
            states.append(_Span(match.start(1), match.end(1), code, "POSTAL"))
    return states


# Numbered roads ("the M4-M5 road", "on the A120"): places no gazetteer holds. A bare code counts
# only after "the", since "M4" alone may be a rifle or a car.
_ROAD = re.compile(
    r"\b(?:(?P<the>the[^\S\n])|)(?P<road>[AMN]\d{1,3}(?:[-–/][AMN]?\d{1,3})?"
    r"(?P<word>[^\S\n](?:road|highway|motorway|expressway|ring road))?)(?![\w-])"
)


def _roads(text: str) -> list[_Span]:
    return [
        _Span(m.start("road"), m.end("road"), m.group("road"), "ROAD")
        for m in _ROAD.finditer(text)
        if m.group("the") or m.group("word")
    ]


def _with_kind_word(span: _Span, text: str) -> _Span:
    match = _KIND_WORD_AFTER.match(text, span.end)
    if match is None:
        return span
    return _Span(span.start, match.end(), text[span.start : match.end()], span.label)


_OUTLET_WORDS = _words(
    "times post journal herald news press tribune telegraph gazette star sun mail guardian "
    "chronicle observer examiner inquirer independent courier globe register bulletin"
)


def _outlet(ent: Span) -> bool:
    return ent.label_ in ("ORG", "WORK_OF_ART") and ent[-1].lower_ in _OUTLET_WORDS


def _clean_pieces(ent: Span) -> list[_Span]:
    """The entity's text split at line breaks and trimmed of "the", possessives, punctuation."""
    pieces: list[_Span] = []
    offset = ent.start_char
    # Line breaks and commas separate names the model ran together: "Idlib\nIdlib",
    # "Wainwright, Alta".
    for line in re.split(r"(\n+|, )", ent.text):
        start, text = offset, line
        offset += len(line)
        if "\n" in line or line == ", ":
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
    if name_key(text) in _NEVER_PLACES:
        return False
    first_word = name_key(text.split()[0]) if text.split() else ""
    if first_word in _TITLES:
        return False
    if re.fullmatch(r"[A-Z]{2}", text):
        # "VA" (Veterans Affairs), "LA", "PA": two capitals without dots are a place only as a
        # country, a capital or a curated code ("UK", "US", "DC", "BC"); "Va." and "Pa." with
        # their dots are states.
        return _major_by_name(text, gazetteer, kinds=_COUNTRY_KINDS)
    if _acronym(text) or len(name_key(text).replace(" ", "")) <= 2:
        # "AI", "MoD", "CMB", "St.": an acronym or a two-letter name is a place only as a known
        # abbreviation ("UAE", "U.S.") or as a country's or region's own name.
        return _major_by_name(text, gazetteer)
    if ent.label_ in _PLACE_LABELS:
        if any(word in person_words for word in text.split()) and not _major_by_name(
            text, gazetteer
        ):
            # Part of a longer person name ("Chelsea" after "Chelsea Clinton"), unless the model
            # also calls this very name a person elsewhere and a town has it ("Kasba Bonli").
            multiword = len(text.split()) > 1
            return multiword and text in _person_texts(ent.doc) and gazetteer.knows(text)
        if _well_known(text, gazetteer):
            return True
        # A small or unknown place: a village, a street... or a person the model mislabelled
        # ("his daughter Yulia", "Noma said", "Olivia", a town's name too).
        return not _person_context(ent)
    if ent.label_ in _PROMOTABLE_LABELS:
        if any(word in person_words for word in text.split()):
            return False
        return _place_name(text, gazetteer)
    return False


# Nouns that introduce a person's first name ("his daughter Yulia", "striker Antoine").
_PERSON_NOUNS = _words(
    "daughter son wife husband girlfriend boyfriend brother sister mother father partner "
    "widow friend striker player coach singer actor actress director colleague spokesman "
    "spokeswoman daughters sons"
)
_SPEECH_VERBS = _words("say tell add explain recall write insist admit")


def _person_context(ent: Span) -> bool:
    """The words around an entity say it is a person: a kinship or job noun right before it,
    or it is the subject of a speech verb."""
    doc = ent.doc
    before = ent.start - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before >= 0 and doc[before].lower_ in _PERSON_NOUNS:
        return True
    root = ent.root
    return root.dep_ == "nsubj" and root.head.lemma_ in _SPEECH_VERBS


_ABBREVIABLE_KINDS = frozenset(
    {"country", "region", "continent", "capital", "area", "sea", "ocean"}
)
_COUNTRY_KINDS = frozenset({"country", "continent", "capital"})


def _major_by_name(
    text: str, gazetteer: Gazetteer, kinds: frozenset[str] = _ABBREVIABLE_KINDS
) -> bool:
    """Known by this very name (or a curated alias) as a country, region, continent, capital;
    or a curated two-letter code ("BC")."""
    return any(
        c.rank == RANK_CODE or (c.rank <= RANK_PRIMARY and c.entry.feature_kind in kinds)
        for c in gazetteer.lookup(text)
        if not c.loose
    )


def _place_name(text: str, gazetteer: Gazetteer) -> bool:
    """A well-known place, or a hyphenated compound ("Maarat Al-Numan", which the small model
    calls a person) that is a town's own name: transliterated Arabic place names are written
    with hyphenated articles, English person names seldom are."""
    if _well_known(text, gazetteer):
        return True
    if len(text.split()) < 2 or not re.search(r"\w-\w", text):
        return False
    return any(
        c.rank <= RANK_PRIMARY and c.entry.feature_kind in _CITY_KINDS
        for c in gazetteer.lookup(text)
    )


def _acronym(text: str) -> bool:
    """ "AI", "MoD", "U.S.", "IoTX": one short or mixed-case word with two or more capitals.
    Longer words in capitals are datelines ("NAIROBI, Kenya")."""
    if len(text.split()) != 1 or sum(c.isupper() for c in text) < 2:
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 4 or not all(c.isupper() for c in letters)


def _well_known(text: str, gazetteer: Gazetteer, *, strict: bool = False) -> bool:
    """True when the gazetteer knows ``text`` by its own (or a curated) name as a major place.

    ``strict`` (a word inside a longer capitalised run, "Royal Wedding"): only countries,
    capitals, curated names and cities of 100,000 people count, since regions and towns are
    often named like ordinary words ("Falcón", "Wedding").
    """
    if name_key(text) in _GENERIC_WORDS:
        return False
    if re.fullmatch(r"[A-Z]{2}", text):  # "VA", "LA": see _accept_entity
        return _major_by_name(text, gazetteer, kinds=_COUNTRY_KINDS)
    for candidate in gazetteer.lookup(text):
        if strict:
            kind = candidate.entry.feature_kind
            if candidate.loose or candidate.rank == RANK_ALTERNATE:
                continue
            if kind in ("country", "capital", "continent") or candidate.rank <= RANK_CURATED:
                return True
            if kind == "city" and candidate.entry.population >= _MIN_INNER_POPULATION:
                return True
            continue
        if candidate.rank == RANK_ALTERNATE and candidate.entry.feature_kind not in _MAJOR_KINDS:
            continue
        if candidate.loose and candidate.rank > RANK_CURATED:
            continue
        kind = candidate.entry.feature_kind
        if candidate.rank <= RANK_CURATED or (kind in _MAJOR_KINDS and kind != "region"):
            return True
        # Towns, and regions too: Slovenia's 212 municipalities are first-level regions.
        if candidate.entry.population >= _MIN_MISSED_POPULATION:
            return True
    return False


def _missed_by_ner(
    doc: Doc, gazetteer: Gazetteer, person_words: frozenset[str], covered: list[bool]
) -> list[_Span]:
    """Runs of capitalised proper nouns outside any entity that name a well-known place."""
    found: list[_Span] = []
    i = 0
    run_start = 0
    while i < len(doc):
        token = doc[i]
        # The tagger gives words in capitals (datelines: "BEIRUT —") arbitrary tags.
        tag_ok = token.pos_ in ("PROPN", "NOUN", "ADJ") or token.is_upper
        if covered[i] or not _name_like(token.text) or not tag_ok:
            i += 1
            run_start = i
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
            inner = i > run_start  # "Winnipeg" of "CTV Winnipeg", "Madrid" of "Real Madrid"
            if _well_known(text, gazetteer, strict=inner) and not _is_demonym_use(span):
                found.append(_Span(span.start_char, span.end_char, text, "GAZ"))
                i = end
                run_start = i
                break
        else:
            i += 1  # try the run from its next word: "CTV Winnipeg"
    return found


def _name_like(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper() or not _WORD.match(word):
        return False  # "US$3.7m" is money
    return word[1:].islower() or word.isupper()


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
    if name_key(text) in _GENERIC_WORDS:
        # "the West", "the South": a curated area or nothing, not Cameroon's West Region.
        curated = tuple(c for c in gazetteer.lookup(text) if c.rank <= RANK_CURATED)
        return _Lookup(span, curated, None)
    if span.label == "POSTAL":
        state = gazetteer.region(f"US.{text}")
        return _Lookup(span, () if state is None else (state,), "region")
    candidates = gazetteer.lookup(text)
    hint: str | None = None
    words = text.split()
    if len(words) > 1 and words[-1].lower() in _CITY_WORDS:
        hint = "city"
    elif len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        hint = "region"
    if not candidates:
        core = _core(text)
        if core != text:
            candidates = gazetteer.lookup(core)
    if not candidates and text.lower().startswith("city of "):
        candidates, hint = gazetteer.lookup(text[len("city of ") :]), "city"
    if not candidates:
        # Capitalised directionals too: "Far North Queensland", "South Florida".
        core = _DIRECTIONALS_ANY_CASE.sub("", text)
        if core != text and core:
            candidates = gazetteer.lookup(core)
    if not candidates and len(words) > 1 and not _facility(words):
        candidates = _known_part(words, gazetteer)
    return _Lookup(span, candidates, hint)


def _facility(words: list[str]) -> bool:
    """Streets, buildings and offices: a town named like one of their words is not them
    ("Pearson International Airport" is not Pearson, Hawaii)."""
    return any(name_key(w) in _FACILITY_WORDS for w in words)


_CONNECTORS = _words("of and upon on de del la le")


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
            if all(name_key(w) in _GENERIC_WORDS | _CONNECTORS for w in part):
                continue  # "River Valley" of "Mississippi River Valley"
            candidates = gazetteer.lookup(" ".join(part))
            if candidates:
                return candidates
    return ()


def _resolve(spans: list[_Span], gazetteer: Gazetteer, text: str) -> list[PlaceMention]:
    lookups = [_lookup(span, gazetteer) for span in spans]
    qualifiers = _qualifiers(spans, text)
    # What each qualified mention's qualifier may be: "Georgia" in "Columbus, Georgia" may be the
    # country or the state, and the reading that contains a Columbus wins.
    containers = {i: _containers(lookups[q].candidates) for i, q in qualifiers.items()}
    # First pass without the article's context (but with a mention's own qualifier: "Glasgow,
    # Ky."); these readings become the context of the second pass.
    empty = _Context(Counter(), Counter())
    first = [_best(lk, empty, containers.get(i))[0] for i, lk in enumerate(lookups)]
    # Unqualified mentions of one name share one reading ("one sense per discourse"), and a name
    # is not its own context: five "Glasgow"s in a Kentucky story must not vote for Scotland. A
    # qualified mention ("Washington, D.C.") keeps its own reading.
    groups: dict[str, list[int]] = {}
    for index, lookup in enumerate(lookups):
        groups.setdefault(name_key(lookup.span.text), []).append(index)
    context = _Context(Counter(), Counter())
    for choice in first:
        context.add(choice, +1)
    chosen: list[Candidate | None] = [None] * len(lookups)
    for members in groups.values():
        for index in members:
            context.add(first[index], -1)
        shared: list[int] = []
        for index in members:
            if index in qualifiers:
                chosen[index] = _best(lookups[index], context, containers[index])[0]
            else:
                shared.append(index)
        scored = [_best(lookups[index], context, None) for index in shared]
        best = max(scored, key=lambda pair: pair[1], default=(None, 0.0))[0]
        for index in shared:
            chosen[index] = best
        for index in members:
            context.add(first[index], +1)
    # "Columbus, Georgia": the qualifier takes the reading that contains the qualified place.
    for index, qualifier in qualifiers.items():
        inner = chosen[index]
        if inner is None:
            continue
        for candidate in containers[index]:
            if candidate.entry.feature_kind in ("country", "region") and _within(inner, candidate):
                chosen[qualifier] = candidate
                break
    return [
        PlaceMention(lk.span.text, lk.span.start, lk.span.end, None if c is None else c.entry)
        for lk, c in zip(lookups, chosen, strict=True)
    ]


@dataclass(slots=True)
class _Context:
    """How many of the article's other mentions lie in each country and first-level region."""

    countries: Counter[str]
    regions: Counter[str]  # admin1 codes ("US.KY") of regions and of places inside them
    entities: Counter[int] = field(default_factory=Counter)  # GeoNames ids already named
    total: int = 0

    def add(self, choice: Candidate | None, step: int) -> None:
        if choice is None:
            return
        self.total += step
        self.entities[choice.entry.geonames_id] += step
        if choice.entry.country_code:
            self.countries[choice.entry.country_code] += step
        if choice.admin1:
            self.regions[choice.admin1] += step

    # Shares are smoothed: two mentions are thin evidence, twenty are not.
    def country_share(self, code: str | None) -> float:
        return self.countries[code] / max(self.total + _SMOOTHING, 1) if code else 0.0

    def region_share(self, admin1: str | None) -> float:
        return self.regions[admin1] / max(self.total + _SMOOTHING, 1) if admin1 else 0.0


def _containers(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The readings of a qualifier worth testing: countries, regions and the qualifier's own
    entries by their own names ("D.C." is Washington itself)."""
    return tuple(c for c in candidates if c.rank <= RANK_PRIMARY and not c.loose)[:_MAX_CONTAINERS]


def _qualifiers(spans: list[_Span], text: str) -> dict[int, int]:
    """ "Austin, Texas" / "Washington, D.C.": the mention right after a comma qualifies the one
    before it (index of the qualified span -> index of its qualifier)."""
    pairs: dict[int, int] = {}
    for index in range(len(spans) - 1):
        left, right = spans[index], spans[index + 1]
        if text[left.end : right.start] in (",", ", ", ",\u00a0") and name_key(
            left.text
        ) != name_key(right.text):
            pairs[index] = index + 1
    return pairs


def _best(
    lookup: _Lookup, context: _Context, qualifier: tuple[Candidate, ...] | None
) -> tuple[Candidate | None, float]:
    best: Candidate | None = None
    best_score = -math.inf
    for candidate in lookup.candidates:
        score = _score(candidate, lookup, context, qualifier)
        if score > best_score:
            best, best_score = candidate, score
    return best, best_score


# Scores add up like log-odds: feature kind and size (log10 of population) give the prior, the
# way the name matched and what else the article mentions shift it.
_KIND_PRIOR = {"country": 20.0, "continent": 19.0}
_CURATED_PRIOR = 15.0  # seas, oceans, named regions: rarely ambiguous once named in full
_CAPITAL_BONUS = 3.0
_CITY_POPULATION_WEIGHT = 1.5
# Renown beyond size: Venice, Italy has 66 alternate names in GeoNames, Venice, California 15.
_FAME_WEIGHT = 1.0
_SMOOTHING = 0
_REGION_PRIOR = 2.0  # plus log10 of the summed population of its cities
_SEAT_PENALTY = 3.0  # a region named like its own big city ("Aleppo"): news means the city
_NAME_BONUS = {RANK_CODE: 3.0, RANK_CURATED: 3.0, RANK_PRIMARY: 0.0, RANK_ALTERNATE: -3.0}
_LOOSE_PENALTY = 2.0
_HINT_BONUS = 8.0
# Context bonuses grow with the share of the article's other mentions in the same country or
# region, plus a fixed part for being mentioned at all.
_COUNTRY_CONTEXT = (1.0, 2.5)
_REGION_CONTEXT = (2.0, 4.0)
_QUALIFIER_BONUS = 6.0
_MAX_CONTAINERS = 20
_NAMESAKE_BONUS = 10.0
_SAME_ENTITY_BONUS = 4.0


def _score(
    candidate: Candidate,
    lookup: _Lookup,
    context: _Context,
    qualifier: tuple[Candidate, ...] | None,
) -> float:
    entry = candidate.entry
    kind = entry.feature_kind
    size = math.log10(entry.population + 1)
    if kind in _KIND_PRIOR:
        score = _KIND_PRIOR[kind]
    elif kind in _CITY_KINDS:
        score = _CITY_POPULATION_WEIGHT * size + _FAME_WEIGHT * math.log10(candidate.fame + 1)
        # Only under its own name: "Salisbury" is a former name of Harare, not the capital now.
        if kind == "capital" and candidate.rank <= RANK_PRIMARY:
            score += _CAPITAL_BONUS
    elif kind == "region":
        score = _REGION_PRIOR + size
        if lookup.hint != "region" and _has_seat(candidate, lookup.candidates):
            score -= _SEAT_PENALTY
    else:
        score = _CURATED_PRIOR
    score += _NAME_BONUS.get(candidate.rank, 0.0)
    if candidate.loose:
        score -= _LOOSE_PENALTY
    if (lookup.hint == "city" and kind in _CITY_KINDS) or (
        lookup.hint == "region" and kind == "region"
    ):
        score += _HINT_BONUS
    share = context.country_share(entry.country_code)
    if share > 0:
        score += _COUNTRY_CONTEXT[0] + _COUNTRY_CONTEXT[1] * share
    share = context.region_share(candidate.admin1)
    if share > 0:
        score += _REGION_CONTEXT[0] + _REGION_CONTEXT[1] * share
    if qualifier is not None and any(_within(candidate, q) for q in qualifier):
        score += _QUALIFIER_BONUS
    if context.entities[entry.geonames_id] > 0:
        # Named otherwise elsewhere in the article: "CAMP MURRAY, Wash." makes a later
        # "Washington" the state.
        score += _SAME_ENTITY_BONUS
    if kind == "region" and _outranks_namesake_country(candidate, lookup, context):
        score += _NAMESAKE_BONUS
    return score


def _outranks_namesake_country(region: Candidate, lookup: _Lookup, context: _Context) -> bool:
    """ "Georgia" in a story about the US is the state: a region of a country the article is
    about beats a namesake country the article does not otherwise mention."""
    if context.country_share(region.entry.country_code) <= 0:
        return False
    return any(
        other.entry.feature_kind == "country"
        and context.country_share(other.entry.country_code) <= 0
        for other in lookup.candidates
    )


def _has_seat(region: Candidate, candidates: tuple[Candidate, ...]) -> bool:
    """True when a same-named city in the region holds a good share of its people."""
    return any(
        other.entry.feature_kind in _CITY_KINDS
        and other.admin1 == region.admin1
        and other.entry.population * 4 >= region.entry.population
        for other in candidates
    )


def _within(candidate: Candidate, qualifier: Candidate) -> bool:
    q = qualifier.entry
    if q.geonames_id == candidate.entry.geonames_id:
        return True
    if q.feature_kind == "country":
        return candidate.entry.country_code == q.country_code
    if q.feature_kind == "region":
        return candidate.admin1 is not None and candidate.admin1 == qualifier.admin1
    return False
