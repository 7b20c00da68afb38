"""Step 1: which spans of a parsed article name places."""

from __future__ import annotations

import re

from spacy.parts_of_speech import ADJ, NOUN, PROPN
from spacy.tokens import Doc, Span

from app.extract.gazetteer import (
    RANK_ALTERNATE,
    RANK_CODE,
    RANK_CURATED,
    RANK_PRIMARY,
    Gazetteer,
    name_key,
)
from app.extract.places.forms import compounds, counties, dateline
from app.extract.places.words import (
    CITY_KINDS,
    CITY_WORDS,
    COUNTY_WORDS,
    FACILITY_WORDS,
    GENERIC_WORDS,
    KIND_WORD_AFTER,
    LEADING_ARTICLE,
    MAJOR_KINDS,
    MIN_INNER_POPULATION,
    MIN_MISSED_POPULATION,
    NEVER_PLACES,
    PLACE_LABELS,
    PROMOTABLE_LABELS,
    TITLES,
    TRAILING,
    WORD,
    PlaceSpan,
    lower_case_words,
    tagged,
    words,
)

# --- recognition -------------------------------------------------------------------------------


_POSSESSIVE = re.compile(r"['’]s?$")
# Words that make a "person" the model found an institution or a body.
_BODY_WORDS = (
    FACILITY_WORDS
    | COUNTY_WORDS
    | CITY_WORDS
    | words("elementary commonwealth volunteer academy association")
)


def person_words(doc: Doc, gazetteer: Gazetteer) -> frozenset[str]:
    """Words of multi-word PERSON names: their single-word repeats are the person, not a town
    ("Chelsea" after "Chelsea Clinton").

    A "person" that is a well-known place ("Tamil Nadu" in the small model) is not counted.
    """
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            if _place_name(_POSSESSIVE.sub("", ent.text), gazetteer):
                continue
            # "Anderson County Sheriff Greg Taylor": the person starts after the county and the
            # office; "Tega Cay Fire Department" has no person at all.
            start = max((t.i + 1 for t in ent if t.lower_ in _BODY_WORDS), default=ent.start)
            words.update(t.text for t in ent.doc[start : ent.end] if t.text[:1].isupper())
    return frozenset(words)


def _person_texts(doc: Doc) -> frozenset[str]:
    return frozenset(ent.text for ent in doc.ents if ent.label_ == "PERSON")


def recognise(
    doc: Doc, text: str, gazetteer: Gazetteer, person_words: frozenset[str]
) -> list[PlaceSpan]:
    found: list[PlaceSpan] = []
    covered = [False] * len(doc)
    for ent in doc.ents:
        accepted = False
        for piece in _clean_pieces(ent, gazetteer):
            if _accept_entity(piece, ent, gazetteer, person_words):
                found.append(piece)
                accepted = True
            elif ent.label_ == "NORP" and (name := _demonym_of(piece.text, gazetteer)):
                found.append(PlaceSpan(piece.start, piece.end, piece.text, "NORP", name))
                accepted = True
        if accepted or ent.label_ in PLACE_LABELS or ent.label_ == "PERSON" or _outlet(ent):
            # A rejected person or place-like entity still covers its words ("Jeffrey" of
            # "James Jeffrey" must not come back through the gazetteer pass), and so does a news
            # outlet named after a place ("The New York Times"). Other organisations stay open:
            # "the U.S. Securities and Exchange Commission" and "University of Manitoba" name a
            # place inside.
            for i in range(ent.start, ent.end):
                covered[i] = True
    found.extend(_missed_by_ner(doc, text, gazetteer, person_words, covered))
    found = [_with_kind_word(span, text) for span in found]
    found.extend(
        road
        for road in _roads(text)
        if not any(road.start < f.end and f.start < road.end for f in found)
    )
    found = _merge_forms(found, text, gazetteer)
    found.extend(_postal_states(text, found, gazetteer))
    found.sort(key=lambda s: s.start)
    return found


def _merge_forms(found: list[PlaceSpan], text: str, gazetteer: Gazetteer) -> list[PlaceSpan]:
    """Add the "X County" and dateline spans; they replace the spans they overlap (an entity
    "Laurel" without its "County", a dateline the model tagged as an organisation)."""
    forms = counties(text, gazetteer)
    forms.extend(
        compound
        for compound in compounds(text, gazetteer)
        if not any(f.start < compound.end and compound.start < f.end for f in found)
    )
    if (line := dateline(text, gazetteer)) is not None:
        forms.append(line)
    for form in forms:
        found = [f for f in found if not (f.start < form.end and form.start < f.end)]
        found.append(form)
    return found


# "HORRY COUNTY, SC": a US postal code right after a place and a comma is the state.
_POSTAL_AFTER = re.compile(r", ([A-Z]{2})\b(?![.\w])")


def _postal_states(text: str, found: list[PlaceSpan], gazetteer: Gazetteer) -> list[PlaceSpan]:
    ends = {span.end for span in found}
    states: list[PlaceSpan] = []
    for match in _POSTAL_AFTER.finditer(text):
        code = match.group(1)
        if match.start() in ends and gazetteer.region(f"US.{code}") is not None:
            states.append(PlaceSpan(match.start(1), match.end(1), code, "POSTAL"))
    return states


# Numbered roads ("the M4-M5 road", "on the A120"): places no gazetteer holds. A bare code counts
# only after "the", since "M4" alone may be a rifle or a car.
_ROAD = re.compile(
    r"\b(?:(?P<the>the[^\S\n])|)(?P<road>[AMN]\d{1,3}(?:[-–/][AMN]?\d{1,3})?"
    r"(?P<word>[^\S\n](?:road|highway|motorway|expressway|ring road))?)(?![\w-])"
)


def _roads(text: str) -> list[PlaceSpan]:
    return [
        PlaceSpan(m.start("road"), m.end("road"), m.group("road"), "ROAD")
        for m in _ROAD.finditer(text)
        if m.group("the") or m.group("word")
    ]


def _with_kind_word(span: PlaceSpan, text: str) -> PlaceSpan:
    match = KIND_WORD_AFTER.match(text, span.end)
    if match is None:
        return span
    return PlaceSpan(span.start, match.end(), text[span.start : match.end()], span.label)


_OUTLET_WORDS = words(
    "times post journal herald news press tribune telegraph gazette star sun mail guardian "
    "chronicle observer examiner inquirer independent courier globe register bulletin"
)


def _outlet(ent: Span) -> bool:
    return ent.label_ in ("ORG", "WORK_OF_ART") and ent[-1].lower_ in _OUTLET_WORDS


_COMPOUND_TAIL = re.compile(
    r"-(?:based|led|backed|born|made|owned|run|funded|controlled|brokered|bound|registered)$"
)


def _clean_pieces(ent: Span, gazetteer: Gazetteer) -> list[PlaceSpan]:
    """The entity's text split at line breaks and trimmed of "the", possessives, punctuation."""
    pieces: list[PlaceSpan] = []
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
        if match := LEADING_ARTICLE.match(text):
            start += match.end()
            text = text[match.end() :]
        while match := TRAILING.search(text):
            text = text[: match.start()].rstrip()
        text = _COMPOUND_TAIL.sub("", text)  # "U.S.-led", "Kabul-based", "Iranian-backed"
        if text:
            pieces.append(PlaceSpan(start, start + len(text), text, ent.label_))
    if pieces and _dot_after(ent):
        # "Wainwright, Alta.": the sentence's full stop, left out of the entity, is also the
        # abbreviation's.
        last = pieces[-1]
        if last.end == ent.end_char and gazetteer.abbreviation(last.text + "."):
            pieces[-1] = PlaceSpan(last.start, last.end + 1, last.text + ".", last.label)
    return pieces


def _dot_after(span: Span) -> bool:
    """The span is followed right away by a full stop token."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text == "." and not span[-1].whitespace_


def _accept_entity(
    piece: PlaceSpan, ent: Span, gazetteer: Gazetteer, person_words: frozenset[str]
) -> bool:
    text = piece.text
    if not text[:1].isupper() and not text[:1].isdigit():
        return False
    if name_key(text) in NEVER_PLACES:
        return False
    first_word = name_key(text.split()[0]) if text.split() else ""
    if first_word in TITLES:
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
    if ent.label_ in PLACE_LABELS:
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
    if ent.label_ in PROMOTABLE_LABELS:
        if any(word in person_words for word in text.split()):
            return False
        if ent.label_ != "NORP" and _demonym(text, gazetteer):
            return False  # "English" the language, "American" of "American Legion"
        if ent.label_ == "PERSON" and _person_context(ent):
            return _major_by_name(text, gazetteer)  # "Mrs. Lincoln said", "his son Austin"
        return _place_name(text, gazetteer)
    return False


# "Ohioans" -> Ohio, "Texan" -> Texas, "Minnesotans" -> Minnesota, "Dagestani" -> Dagestan,
# "South Ossetian" -> South Ossetia, "European" -> Europe: suffix off, an ending back on.
_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ns", "n", "is", "i")
_STEM_ENDINGS = ("", "a", "o", "s", "ia", "io", "e")


def _demonym_of(text: str, gazetteer: Gazetteer) -> str | None:
    """The country, region or continent a people's name not listed as such is formed from."""
    for suffix in _DEMONYM_SUFFIXES:
        if not text.endswith(suffix) or len(text) - len(suffix) < 3:
            continue
        stem = text[: -len(suffix)]
        for ending in _STEM_ENDINGS:
            name = stem + ending
            if _major_by_name(name, gazetteer, kinds=_DEMONYM_KINDS):
                return name
    return None


_DEMONYM_KINDS = frozenset({"country", "region", "continent"})


def _demonym(text: str, gazetteer: Gazetteer) -> bool:
    """Known only as another name of a country ("Russian", "Americans"), not by its own."""
    candidates = gazetteer.lookup(text)
    return bool(candidates) and all(
        c.rank == RANK_ALTERNATE and c.entry.feature_kind == "country" for c in candidates
    )


# Nouns that introduce a person's first name ("his daughter Yulia", "striker Antoine").
_PERSON_NOUNS = words(
    "daughter son wife husband girlfriend boyfriend brother sister mother father partner "
    "widow friend striker player coach singer actor actress director colleague spokesman "
    "spokeswoman daughters sons"
)
_SPEECH_VERBS = words("say tell add explain recall write insist admit")


def _person_context(ent: Span) -> bool:
    """The words around an entity say it is a person: a kinship or job noun right before it,
    or it is the subject of a speech verb."""
    doc = ent.doc
    before = ent.start - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before >= 0 and (
        doc[before].lower_ in _PERSON_NOUNS or doc[before].lower_.rstrip(".") in TITLES
    ):
        return True  # "his daughter Yulia", "Mrs. Lincoln"
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
        c.rank <= RANK_PRIMARY and c.entry.feature_kind in CITY_KINDS
        for c in gazetteer.lookup(text)
    )


def _acronym(text: str) -> bool:
    """ "AI", "MoD", "U.S.", "IoTX": one short or mixed-case word with two or more capitals.
    Longer words in capitals are datelines ("NAIROBI, Kenya")."""
    if len(text.split()) != 1 or sum(c.isupper() for c in text) < 2:
        return False
    letters = "".join(c for c in text if c.isalpha())
    if _NAME_CASE.fullmatch(letters):
        return False  # "DeKalb", "McLean", "LaGrange": a name's own capitals
    return len(letters) <= 4 or not letters.isupper()


# Capitalised syllables of at least two letters each: "DeKalb", "McMinn", "MacLeod", "LaVista".
_NAME_CASE = re.compile(r"(?:[A-Z][a-z]+){2,3}")


def _well_known(text: str, gazetteer: Gazetteer, *, strict: bool = False) -> bool:
    """True when the gazetteer knows ``text`` by its own (or a curated) name as a major place.

    ``strict`` (a word inside a longer capitalised run, "Royal Wedding"): only countries,
    capitals, curated names and cities of 100,000 people count, since regions and towns are
    often named like ordinary words ("Falcón", "Wedding").
    """
    if name_key(text) in GENERIC_WORDS:
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
            if kind == "city" and candidate.entry.population >= MIN_INNER_POPULATION:
                return True
            continue
        if candidate.rank == RANK_ALTERNATE and candidate.entry.feature_kind not in MAJOR_KINDS:
            continue
        if candidate.loose and candidate.rank > RANK_CURATED:
            continue
        kind = candidate.entry.feature_kind
        if candidate.rank <= RANK_CURATED or (kind in MAJOR_KINDS and kind != "region"):
            return True
        # Towns, and regions too: Slovenia's 212 municipalities are first-level regions.
        if candidate.entry.population >= MIN_MISSED_POPULATION:
            return True
    return False


def _missed_by_ner(
    doc: Doc,
    article: str,
    gazetteer: Gazetteer,
    person_words: frozenset[str],
    covered: list[bool],
) -> list[PlaceSpan]:
    """Runs of capitalised proper nouns outside any entity that name a well-known place."""
    found: list[PlaceSpan] = []
    lower_words = lower_case_words(article)
    # The tagger gives words in capitals (datelines: "BEIRUT —") arbitrary tags.
    tag_ok = tagged(doc, (PROPN, NOUN, ADJ), or_upper=True)
    i = 0
    run_start = 0
    while i < len(doc):
        if covered[i] or not tag_ok[i] or not _name_like(doc[i].text):
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
            if doc[i].ent_type_ and _demonym(text, gazetteer):
                continue  # "American" of "American Legion"
            if _dot_after(span) and gazetteer.abbreviation(text + "."):
                text = text + "."  # "Regina, Sask." at a sentence's end
            ordinary = len(span) == 1 and text.lower() in lower_words  # "Man booked for..."
            if (_whole_entity(span) or ordinary) and not _major_by_name(text, gazetteer):
                # The model calls this very name an organisation: "Toyota", "Metro". A town it
                # mislabels comes back when it lies near the article's places (local.py).
                continue
            if _well_known(text, gazetteer, strict=inner) and not _is_demonym_use(span):
                found.append(PlaceSpan(span.start_char, span.start_char + len(text), text, "GAZ"))
                i = end
                run_start = i
                break
        else:
            i += 1  # try the run from its next word: "CTV Winnipeg"
    return found


def _whole_entity(span: Span) -> bool:
    ent_iob = span[0].ent_iob_
    if ent_iob != "B":
        return False
    end = span.end
    return end == len(span.doc) or span.doc[end].ent_iob_ != "I"


def _name_like(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper() or not WORD.match(word):
        return False  # "US$3.7m" is money
    return word[1:].islower() or word.isupper()


def _is_demonym_use(span: Span) -> bool:
    """A capitalised word used as an adjective before a noun is seldom the place itself."""
    return span[-1].tag_ in ("JJ", "NNPS") or span[-1].ent_type_ == "NORP"
