"""Speaker names as identity sees them: a clean display form and its parts.

Extraction hands over the name an article gives a source; across a corpus the same person
arrives as "Donald J. Trump", "Mr. Trump", "Billionaire Donald Trump", "Trump's" or "Trump
Says He". ``clean_name`` turns each into the name itself (or None when nothing name-like is
left), and ``parse_name`` splits a person's name into the parts identity compares: first,
middle, last, with titles and suffixes set aside (nameparser's tables) and a gender where
the honorific or a known first name gives one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from nicknames import NickNamer

from app.extract.names import FIRST_NAME_GENDER, HONORIFICS
from app.extract.text import name_key, normalize_line

# Headline verbs glued to a name by Title Case ("Trump Says He ..."): the name ends before.
_HEADLINE_VERBS = frozenset(
    [
        "says",
        "said",
        "tells",
        "told",
        "warns",
        "warned",
        "slams",
        "blasts",
        "claims",
        "claimed",
        "insists",
        "urges",
        "calls",
        "vows",
        "asks",
        "admits",
        "denies",
        "responds",
        "hits",
        "rips",
        "touts",
        "defends",
    ]
)
_POSSESSIVE = re.compile(r"['\u2019]s?(?=\s|$)")
_LEADING_DETERMINERS = frozenset({"a", "an", "the"})
# Common nouns that head an organisation's name ("the Trump campaign", "the Justice
# Department"); any other lower-case head makes a description ("Vermont senator").
_ORG_HEADS = frozenset(
    [
        "campaign",
        "campaigns",
        "committee",
        "department",
        "ministry",
        "administration",
        "office",
        "agency",
        "party",
        "team",
        "company",
        "group",
        "council",
        "commission",
        "board",
        "court",
        "police",
        "government",
        "university",
        "network",
        "foundation",
        "institute",
        "association",
        "union",
        "service",
        "services",
        "newspaper",
        "magazine",
        "website",
        "station",
        "channel",
        "bureau",
        "army",
        "navy",
        "force",
        "forces",
    ]
)
# Members of a party or camp, which the tagger calls organisations ("Democrats said").
_MEMBERS = frozenset(
    [
        "republican",
        "republicans",
        "democrat",
        "democrats",
        "conservative",
        "conservatives",
        "liberal",
        "liberals",
        "independent",
        "independents",
        "progressive",
        "progressives",
        "libertarian",
        "libertarians",
    ]
)
# Lower-case words inside names ("Bill de Blasio", "Ludwig van Beethoven").
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
    ]
)
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "sister"})
_MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "brother", "father"})


def clean_name(raw: str, *, person: bool) -> str | None:
    """The name in ``raw`` without what writing glued to it, or None if none is left.

    A line break keeps the last line (a name never spans paragraphs); a possessive ends the
    name ("Trump's tweet" is Trump's); a headline verb ends it too; leading determiners go,
    and for a person so do leading words before a known first name ("Billionaire Donald
    Trump"). A name has a capital letter: "man", "officials" or "the campaign" name nobody
    (the quote keeps its words and counts as an unnamed source).
    """
    lines = [line for line in raw.splitlines() if line.strip()]
    if not lines:
        return None
    text = normalize_line(lines[-1]).strip(" ,;:-\u2013\u2014\"'()[]")
    words = text.split()
    for i, word in enumerate(words):
        if i > 0 and word.casefold() in _HEADLINE_VERBS:
            words = words[:i]
            break
    if person:
        words = _person_words(words)
    else:
        possessive = _POSSESSIVE.search(" ".join(words))
        if possessive is not None:
            words = " ".join(words)[: possessive.start()].split()
        while words and words[0].casefold() in _LEADING_DETERMINERS:
            words = words[1:]
        if words and words[-1][:1].islower() and words[-1].casefold() not in _ORG_HEADS:
            return None  # "California congressman", "Republican nominee": a description
        if len(words) == 1 and words[0].casefold() in _MEMBERS:
            return None  # "a Republican said": one of many, not an organisation
    if not any(ch.isupper() for ch in "".join(words)):
        return None  # "officials", "the campaign": a description, not a name
    name = " ".join(words).strip(" ,;:-")
    return name or None


def _person_words(words: list[str]) -> list[str]:
    """The name in a person mention: the capitalised run that ends it ("wife and nominee
    Hillary Clinton"), else the possessor of a description ("Trump's tweet"); a mention
    that ends in a common noun names nobody ("California congressman")."""
    run = _trailing_name(words)
    if run and not any(_POSSESSIVE.search(w) for w in run):
        return _drop_glued_words(run)
    for i, word in enumerate(words):
        match = _POSSESSIVE.search(word)
        if match is not None:
            before = [*words[:i], word[: match.start()]]
            return _drop_glued_words(_trailing_name([w for w in before if w]))
    return []


def _trailing_name(words: list[str]) -> list[str]:
    """The capitalised words that end ``words``, without an acronym glued after a name
    ("Carson CNN": the outlet, not a surname)."""
    while len(words) > 1 and _acronym(words[-1]) and not all(_acronym(w) for w in words):
        words = words[:-1]
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (run and word.casefold() in _PARTICLES):
            run.insert(0, word)
        else:
            break
    while run and run[0].casefold() in _PARTICLES:
        run = run[1:]
    return run


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _drop_glued_words(words: list[str]) -> list[str]:
    """Drop leading lower-case words, and capitalised ones that are neither a title nor a
    first name when a known first name follows them ("Entrusting Donald Trump")."""
    while len(words) > 1 and words[0][:1].islower():
        words = words[1:]
    keys = [w.casefold().rstrip(".") for w in words]
    for i in range(1, len(words) - 1):
        if keys[i] in FIRST_NAME_GENDER:
            head = keys[:i]
            if not any(k in FIRST_NAME_GENDER or k in HONORIFICS for k in head):
                return words[i:]
            break
    return words


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name for comparison: keys are accent-free and case-folded."""

    first: str  # "" for a surname alone ("Trump", "Mr. Trump")
    middle: tuple[str, ...]
    last: str
    gender: str  # "f", "m" or "" when neither the title nor the first name says
    generation: str = ""  # a generational suffix: "jr", "sr", "iii"

    @property
    def full(self) -> bool:
        """Whether the name has a first name as well as a surname."""
        return bool(self.first)


@lru_cache(maxsize=65536)
def parse_name(name: str) -> NameParts:
    """Split a (clean) person's name; a single word is a surname, as news writing uses it.

    Two words whose first is not a known first name or an initial are read as a surname
    of two words ("Wasserman Schultz") when a title stands before them or nothing marks the
    first as a given name; the caller still matches it by its last word.
    """
    human = HumanName(name)
    title_keys = {name_key(t) for t in str(human.title).split()}
    first, last = name_key(str(human.first)), name_key(str(human.last))
    middle = tuple(name_key(m) for m in str(human.middle).split())
    if not last:  # one word: nameparser calls it a first name, news means a surname
        first, last, middle = "", first, ()
    gender = ""
    if title_keys & _FEMALE_TITLES:
        gender = "f"
    elif title_keys & _MALE_TITLES:
        gender = "m"
    elif first:
        gender = FIRST_NAME_GENDER.get(first.split("-")[0], "")
    return NameParts(
        first=first,
        middle=middle,
        last=last.split()[-1] if last else "",
        gender=gender,
        generation=name_key(str(human.suffix)).replace(".", ""),
    )


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _given_compatible(a: str, b: str) -> bool:
    """Two given names that may be one: equal, an initial of the other, one a nickname of the
    other ("Joe" and "Joseph", "Ed" and "Edward": papers differ in which they print), or one
    edit apart when neither is short and not both are known names ("Hilary" and "Hillary";
    not "Eric" and "Erin", nor "Ivana" and "Ivanka")."""
    if a == b or _nickname_of(a, b) or _nickname_of(b, a):
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if min(len(a), len(b)) >= 5 and _one_edit(a, b):
        # A slip of the pen makes a word that is no name; two known names are two people
        # (a spelling variant of one name is in the nickname data: "Hilary" for Hillary).
        return not (a in FIRST_NAME_GENDER and b in FIRST_NAME_GENDER)
    return False


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def _nickname_of(nick: str, given: str) -> bool:
    """Whether ``nick`` is a known nickname of ``given`` (the nicknames dataset: hand-curated
    English given names and their nicknames)."""
    # Only a shorter form: the dataset chains nicknames ("Will" has "Fred", both from
    # Wilfred), and "Fred Rogers" is no "Will Rogers".
    return len(nick) < len(given) and nick in _nicknamer().nicknames_of(given)


def same_person(a: NameParts, b: NameParts) -> bool:
    """Whether two full names (same surname) may name one person: compatible first names,
    middle names that agree where both have one, and no contradicting gender."""
    if a.last != b.last or not (a.full and b.full):
        return False
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if _compound_surname(a, b) or _compound_surname(b, a):
        return True
    if not _given_compatible(a.first, b.first):
        return False
    # "Donald Trump Jr." is not "Donald Trump": the same given name with and without a
    # generational suffix is father and son. ("Joseph R. Biden Jr." is "Joe Biden": papers
    # that print the suffix print the given name in full.)
    if a.generation != b.generation and a.first == b.first:
        return False
    if a.middle and b.middle:
        return _given_compatible(a.middle[0], b.middle[0])
    return True


def _compound_surname(short: NameParts, full: NameParts) -> bool:
    """ "Wasserman Schultz" is "Debbie Wasserman Schultz": a two-word name whose first word is
    no known first name but the other name's last middle name."""
    return (
        not short.middle
        and short.first not in FIRST_NAME_GENDER
        and bool(full.middle)
        and full.middle[-1] == short.first
    )


def surname_fits(surname: NameParts, full: NameParts) -> bool:
    """Whether a surname-only name ("Mrs. Clinton") can be this full-named person."""
    if surname.last != full.last:
        return False
    return not (surname.gender and full.gender and surname.gender != full.gender)


def org_key(name: str) -> str:
    """The matching key of an organisation: "The New York Times" and "New York Times" are
    one."""
    key = name_key(name)
    return key[4:] if key.startswith("the ") else key
