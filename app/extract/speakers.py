"""Who is speaking: names, titles and in-document coreference for speaker mentions.

People are clustered by name parts in text order ("James Jeffrey" then "Jeffrey", "Mr.
Jeffrey"); a lone surname joins the compatible bearer the article names most (a passing "Bill
Clinton" does not take "Clinton" from Hillary), between bearers named equally often the one it
already calls by the surname most (not the wife or father named last), also when misspelt by a
doubled letter. A "he" or "she" speaker goes by discourse salience: the latest compatible
speaker stays the topic until another compatible person becomes a subject after that
attribution (directly, coordinated, in apposition, through "who ..." or as the subject's
possessor); a person named only in an object, or as the subject of a clause someone else
reports or believes ("X said Y was wrong"), does not take over. Without either, the nearest
earlier compatible person, preferring a subject. A bare surname whose cluster has the wrong
gender may still mean another bearer of it; and when a "he added" follows a bare surname's
quote with nobody else named in between, that speaker was never a bearer of the other gender
("Heidi Cruz"): the attribution moves to a bearer who fits, else the surname stays alone for
the corpus to resolve. Everything runs once per ``Doc`` on the named entities and a few tokens
around them, never over every token again.

A description speaks for a named source only when the article makes it plain: "the Republican
nominee" is the person the article gave that role ("Republican nominee Donald Trump", "Trump,
the nominee"); a role pinned to a place or party that nobody was given goes to the latest
fitting speaker ("the Vermont senator"). Documents and remarks speak for their owner ("Trump's
tweet" is Trump); a campaign is an organisation of its own, named "<Surname> campaign" ("his
campaign", "the Clinton campaign"), since a campaign's statements are not the candidate's own
words. Any other description ("officials", "a spokesman", "the crowd") is an unnamed source: no
``Speaker``, its words kept as the mention. Entities the tagger calls organisations but that read
as names ("Carly Fiorina", a known surname) are people; outlets it calls people ("Politico") are
organisations.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, POS
from spacy.tokens import Doc, Span, Token

from app.extract.cues import (
    NAMING_LEMMAS,
    SPEECH_LEMMAS,
    SPEECH_NOUNS,
    is_speech_verb,
    name_read_as_modal,
    subject_of,
    subject_read_as_apposition,
)
from app.extract.names import (
    FIRST_NAME_GENDER,
    GENDERED_ROLES,
    GENERATIONAL_SUFFIXES,
    HONORIFICS,
    ORGANISATION_NAMES,
    ORGANISATION_WORDS,
    PRONOUN_GENDER,
    ROLE_WORDS,
    TITLE_ROLES,
)
from app.extract.text import doc_text
from app.extract.types import SourceKind, Speaker

_PERSON = "PERSON"
# Inflected verbs of saying, which a headline's Title Case can glue to a name ("Obama Says").
_SPEECH_FORMS = frozenset(
    [
        f"{lemma}{ending}"
        for lemma in SPEECH_LEMMAS | NAMING_LEMMAS
        for ending in ("s", "es", "ed", "d")
    ]
    + ["said", "told", "wrote", "says", "tells", "writes"]
) - frozenset(["ads", "posts", "states", "reports", "notes", "answers", "counters"])
_GROUP_ENTS = frozenset({"ORG", "NORP", "GPE"})
# Determiners and punctuation dropped from the edges of titles and group names.
_COURTESY = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame"})
_EDGE_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        ",",
        "-",
        "\u2014",
        "\u2013",
        "(",
        ")",
        "'s",
        "\u2019s",
    }
)
_QUOTE_MARKS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`")
# Documents that "say" things on behalf of whoever issued them.
DOCUMENT_NOUNS = frozenset(
    ["report", "statement", "letter", "memo", "study", "survey", "poll", "website", "ad", "release"]
)
# Things that speak for whoever owns them: "Trump's tweet", "his campaign's statement".
OWNED_NOUNS = (
    DOCUMENT_NOUNS
    | SPEECH_NOUNS
    | frozenset(
        [
            "tweet",
            "post",
            "email",
            "e-mail",
            "video",
            "account",
            "page",
            "feed",
            "blog",
            "commercial",
            "column",
            "editorial",
            "op-ed",
            "book",
            "speech",
            "remarks",
            "interview",
            "filing",
            "brief",
            "lawsuit",
            "complaint",
            "spot",
            "message",
            "story",
            "piece",
            "document",
            "ruling",
            "decision",
            "opinion",
            "paper",
            "analysis",
            "clip",
            "segment",
            "broadcast",
            "headline",
        ]
    )
)
# Verbs by which someone issues a document: "released a statement", "put out an ad".
_ISSUING_LEMMAS = frozenset(
    ["release", "issue", "send", "publish", "file", "post", "put", "run", "air", "write", "give"]
)
_CAMPAIGN = "campaign"
_PARTIES = {"democratic": "d", "democrat": "d", "republican": "r", "gop": "r"}
# How far back (in characters) a bare "the statement" looks for the one someone issued.
_DOCUMENT_WINDOW = 2500
# Punctuation and white space that can open a tagged entity without being part of a name.
_LEADING_JUNK = " \t\n\u00a0<>-\u2013\u2014\u2015\"'\u201c\u201d\u2018\u2019(:;,."
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
# How far back (in characters) a pronoun looks for its antecedent.
_PRONOUN_WINDOW = 1500
# How far (in characters) a "he added" may follow a bare surname's attribution and still tell
# that speaker's gender.
_FOLLOW_WINDOW = 600
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class Entity:
    """A person or group being built up over the article; turned into a ``Speaker`` at the end."""

    name: str
    # "unnamed": a description that names nobody ("officials", "a spokesman"); kept as an
    # entity so that a later "they said" can follow it, but never turned into a ``Speaker``.
    kind: SourceKind
    gender: str = ""
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    # How often the article names this person by more than a bare surname (full name, first
    # name, "Mrs. X"): who a bare surname most likely means.
    named: int = 0
    # How often the article mentions this person at all, a bare surname included: between
    # bearers named equally often, the one the article keeps calling by the surname.
    mentioned: int = 0

    def add_alias(self, alias: str) -> None:
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def to_speaker(self) -> Speaker | None:
        if self.kind == "unnamed":
            return None
        return Speaker(
            name=self.name, kind=self.kind, title=self.title, aliases=tuple(self.aliases)
        )


def _is_quote_mark(text: str) -> bool:
    return bool(text) and all(c in _QUOTE_MARKS for c in text)


def _clean_edges(words: list[Token]) -> list[Token]:
    while words and words[0].lower_ in _EDGE_WORDS:
        words = words[1:]
    while words and (words[-1].lower_ in _EDGE_WORDS or words[-1].is_punct):
        words = words[:-1]
    return words


def _text_of(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _propn_run(head: Token) -> str:
    """A proper noun with the proper nouns right before it that modify it ("Ana Ruiz" when
    the tagger found no entity)."""
    start = head.i
    while (
        start > 0 and head.doc[start - 1].pos_ == "PROPN" and head.doc[start - 1].head.i == head.i
    ):
        start -= 1
    # "Democrat Elijah Voss": a known first name opens the name; a title before it is no part.
    first = next(
        (i for i in range(start, head.i) if head.doc[i].lower_ in FIRST_NAME_GENDER), start
    )
    return head.doc[first : head.i + 1].text


_PARTICLES = frozenset(["de", "van", "von", "al", "el", "bin", "da", "la", "le", "del", "di", "du"])


def _not_a_name_word(tok: Token, after: Token) -> bool:
    """A word that can open a tagged PERSON entity without being part of the name."""
    if tok.text[:1].islower() and tok.text not in _PARTICLES:
        return True
    if tok.tag_ in ("DT", "VBG", "VBN", "VBD", "VBZ", "IN", "PRP$", "JJ", "NNS"):
        return True
    # A role or a capitalised common word before a first name ("Billionaire Donald Trump").
    return tok.lower_ in ROLE_WORDS or (
        tok.pos_ == "NOUN" and after.lower_ in FIRST_NAME_GENDER and bool(tok.is_sent_start)
    )


_POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019"})


def _name_words(ent: Span) -> tuple[list[Token], str]:
    """The name tokens of a PERSON entity without honorifics or possessive; and a gender cue."""
    gender = ""
    words = [t for t in ent if not t.is_punct or t.text in ("-", "'")]
    # "X.\n\nSexton": a name never runs over a line break; the part that holds the head does.
    segments: list[list[Token]] = [[]]
    for t in words:
        if t.is_space or "\n" in t.text:
            segments.append([])
        else:
            segments[-1].append(t)
    # The last part with a capitalised word is the name (the tagger ran over the break).
    words = next((seg for seg in reversed(segments) if any(t.is_title for t in seg)), words)
    # "Latest: Trump delivers defense of": a headline's kicker before a colon, and the words
    # after the first lower-case word that is no name particle, are no part of the name.
    colon = [k for k, t in enumerate(words) if t.i + 1 < len(t.doc) and t.nbor().text == ":"]
    if colon and colon[-1] + 1 < len(words):
        words = words[colon[-1] + 1 :]
    low = next(
        (
            k
            for k in range(1, len(words))
            if words[k].text[:1].islower() and words[k].text not in _PARTICLES
        ),
        None,
    )
    if low is not None and words[k - 1 if (k := low) else 0].text != "-":
        words = words[:low]
    # "Obama Says", "Trump Says He": a verb of saying ends the name, with what follows it.
    cut = next((k for k in range(1, len(words)) if words[k].lower_ in _SPEECH_FORMS), None)
    if cut is not None:
        words = words[:cut]
    while words and words[0].lower_ in HONORIFICS:
        gender = gender or HONORIFICS[words[0].lower_]
        words = words[1:]
    title = _title_inside(words)
    if title is not None:
        gender = gender or HONORIFICS[words[title].lower_]
        words = words[title + 1 :]
    # "a Donald Trump", "Entrusting Donald Trump", "Billionaire Donald Trump": a determiner, a
    # verb form or a common word opening the entity is no part of the name.
    while len(words) >= 2 and _not_a_name_word(words[0], words[1]):
        words = words[1:]
    # A possessive at either end: "Clinton's", and "'s Clinton" from "Here's Clinton".
    while words and words[-1].lower_ in _POSSESSIVE_MARKS:
        words = words[:-1]
    while words and words[0].lower_ in _POSSESSIVE_MARKS:
        words = words[1:]
    # "pro-Clinton", "anti-Trump": a lower-case prefix is no part of the name.
    if len(words) >= 3 and words[0].text[:1].islower() and words[1].text == "-":
        words = words[2:]
    if ent.start > 0:
        before = ent.doc[ent.start - 1].lower_
        gender = gender or HONORIFICS.get(before, "") or GENDERED_ROLES.get(before, "")
    if words and not gender:
        gender = FIRST_NAME_GENDER.get(words[0].lower_, "") if len(words) > 1 else ""
    return words, gender


def _appositive_title(head: Token) -> str | None:
    """The role given by apposition: "X, the mayor," or "the mayor, X," (seen from X)."""
    for child in head.children:
        if (
            child.dep_ == "appos"
            and child.pos_ in ("NOUN", "PROPN")
            and child.ent_type_ != _PERSON
            and not _subject_of_next_verb(child)
        ):
            words = _clean_edges(list(child.subtree))
            if words:
                return _text_of(words)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        role = head.head
        words = [t for t in role.subtree if t.i < head.i and t not in head.subtree]
        words = _clean_edges([t for t in words if t.i >= role.left_edge.i])
        if words and words[-1].i < head.i:
            return _text_of(words)
    # "Stein spokeswoman Melezia Figueroa", "special envoy James Jeffrey": a role before the name.
    # Role words count ("Prime Minister Sarah Collins"), courtesy titles do not ("Mr.").
    left = [
        t
        for t in head.lefts
        if t.dep_ == "compound"
        and (t.ent_type_ != _PERSON or t.lower_ in HONORIFICS)
        and t.lower_ not in _COURTESY
    ]
    left = [t for t in left if t.pos_ in ("NOUN", "PROPN")]
    if left and any(t.pos_ == "NOUN" or t.lower_ in HONORIFICS for t in left):
        first = min(t.left_edge.i for t in left)
        last = max(t.i for t in left)
        words = _clean_edges(list(head.doc[first : last + 1]))
        if words:
            return _text_of(words)
    return None


def _common_word(head: Token) -> bool:
    """A head the tagger put in an entity that is a common word, not a name: "the Wisconsin
    Republican" (a person described), "mogul", "Transcript" opening a line."""
    if head.text[:1].islower():
        return True
    if head.lemma_.lower() in ROLE_WORDS and head.ent_type_ != "ORG":
        return True  # "the Republican", "a Democrat": someone described by party
    return head.pos_ == "NOUN" and head.ent_iob_ in ("B", "") and head.ent_type_ != "ORG"


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _named_like_a_person(ent: Span) -> bool:
    """An entity the tagger labelled something else that reads as a person's name: a known
    first name or an honorific, then capitalised proper nouns ("Carly Fiorina" as an
    organisation, "Sen. Marco Rubio" as a facility)."""
    if ent.label_ not in ("ORG", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "NORP", "LOC"):
        return False
    words = [t for t in ent if t.text not in ("-", ".")]
    if not 2 <= len(words) <= 4 or words[-1].lower_ in ORGANISATION_WORDS:
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_upper for t in words):
        return False
    first = words[0].lower_
    return (
        first in FIRST_NAME_GENDER
        or (first in HONORIFICS and first not in ("king", "queen"))
        or _title_inside(words) is not None
    )


def _title_inside(words: Sequence[Token]) -> int | None:
    """Where a title follows a place or body in front of a name: the "Mayor" of "Phoenix Mayor
    Greg Stanton", the "Justice" of "Supreme Court Justice Antonin Scalia" (not a last word,
    nor "King" or "Queen", which are names too)."""
    return next(
        (
            k
            for k in range(1, min(3, len(words) - 1))
            if words[k].lower_ in HONORIFICS
            and words[k].lower_ not in ("king", "queen")
            and all(t.text[:1].isupper() for t in words[:k])
        ),
        None,
    )


def _people_by_apposition(doc: Doc, labelled: Mapping[int, str]) -> list[Span]:
    """Names the tagger left out or called something else, that the sentence shows to be a
    person's: a run of capitalised proper nouns with a role or an age in apposition ("Reince
    Priebus, the GOP chairman,", "Guadalupe Ortega, 35,")."""
    found: list[Span] = []
    # Only the heads of appositions can be such names: the parse's array says which they are
    # without a Token for every word.
    appos = doc.vocab.strings["appos"]
    heads = sorted({doc[k].head.i for k in numpy.flatnonzero(doc.to_array(DEP) == appos).tolist()})
    for tok in (doc[h] for h in heads):
        if tok.pos_ != "PROPN" or labelled.get(tok.i) == _PERSON or tok.dep_ == "compound":
            continue
        if not any(
            c.dep_ == "appos" and (_role_of(c) is not None or _is_age_number(c))
            for c in tok.children
        ):
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i:
            start -= 1
        # "Jean-Marc Ayrault": the parts of a hyphenated first name.
        while start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
            start -= 2
        words = [t for t in doc[start : tok.i + 1] if t.text != "-"]
        if not 2 <= len(words) <= 4 or not all(_reads_as_name(t, labelled) for t in words):
            continue
        if words[-1].lower_ in ORGANISATION_WORDS:
            continue
        found.append(Span(doc, start, tok.i + 1, label=_PERSON))
    return found


def _people_by_pronoun(doc: Doc, labelled: Mapping[int, str]) -> list[Span]:
    """Names the tagger did not call a person, that the sentence shows to be one by a "he" or
    "she" in what they say: "Adel Nefzi said he never saw ...", "Reynolds told reporters she
    ..." (an organisation says "it" or "we")."""
    found: list[Span] = []
    # Only subjects that are proper nouns can be such names: read from the parse's arrays,
    # so a Token is made for them alone.
    arrays = doc.to_array([DEP, POS])
    wanted = (arrays[:, 0] == doc.vocab.strings["nsubj"]) & (
        arrays[:, 1] == doc.vocab.strings["PROPN"]
    )
    for tok in (doc[k] for k in numpy.flatnonzero(wanted).tolist()):
        if labelled.get(tok.i, "ORG") not in _MISREAD_NAME_LABELS or not is_speech_verb(tok.head):
            continue
        # "The Associated Press reported that she ...": a name after "the" is no person's.
        if any(c.dep_ == "det" for c in tok.children):
            continue
        if not any(
            c.dep_ == "ccomp"
            and any(g.dep_ == "nsubj" and g.lower_ in ("he", "she") for g in c.children)
            for c in tok.head.children
        ):
            continue
        # The whole run of proper nouns: "Mahamat Saleh Oumar" hangs "Mahamat" off "Saleh".
        start = tok.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and start <= doc[start - 1].head.i <= tok.i
        ):
            start -= 1
        words = doc[start : tok.i + 1]
        # "an Iowa Democrat said he": a party or a role is no name.
        if len(words) > 3 or not all(
            _reads_as_name(t, labelled, _MISREAD_NAME_LABELS - {"NORP"})
            and t.lower_ not in ROLE_WORDS | ORGANISATION_WORDS
            for t in words
        ):
            continue
        found.append(Span(doc, start, tok.i + 1, label=_PERSON))
    return found


# What the tagger calls a person's name it did not recognise (no label at all counts too).
_MISREAD_NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})


def _reads_as_name(
    tok: Token, labelled: Mapping[int, str], labels: frozenset[str] = _MISREAD_NAME_LABELS
) -> bool:
    """A capitalised proper noun (not in capitals throughout) that the tagger gave one of
    ``labels`` or no label at all (``labelled``: token index → entity label)."""
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and not tok.is_upper
        and labelled.get(tok.i, "ORG") in labels
    )


def _generation(words: Sequence[str]) -> str:
    """The generational suffix ending a name of three or more words ("jr"), else ""."""
    end = words[-1].lower().rstrip(".") if len(words) >= 3 else ""
    return end if end in GENERATIONAL_SUFFIXES else ""


def _is_age_number(tok: Token) -> bool:
    """An age in apposition: "Ortega, 35,"."""
    return tok.like_num and tok.text.isdigit() and 14 <= int(tok.text) <= 110


def _role_of(noun: Token) -> tuple[str, frozenset[str]] | None:
    """A role noun and its capitalised modifiers: "the Republican nominee" → ("nominee",
    {"republican"}); "Sen." → ("senator", {})."""
    low = noun.lower_
    role = TITLE_ROLES.get(low) or (noun.lemma_.lower() if noun.pos_ in ("NOUN", "PROPN") else "")
    if role not in ROLE_WORDS:
        return None
    mods = frozenset(
        c.lower_
        for c in noun.children
        if c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper() and c.i < noun.i
    )
    return role, mods


def _roles_of(ent: Span) -> list[tuple[str, frozenset[str]]]:
    """The roles a PERSON mention gives its bearer: words before the name in its phrase
    ("Republican nominee Donald Trump", "Sen. Ann Roe"), an apposition either way ("Trump, the
    billionaire," / "the billionaire, Donald Trump,") and a copula ("Trump is the nominee")."""
    root = ent.root
    nouns = [t for t in ent if t.i != root.i and t.head.i == root.i]
    nouns += [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
    for child in root.children:
        # Not a subject the parse hung here ("an interview with Mika Brzezinski, the
        # candidate stated": the candidate is someone else).
        if child.dep_ == "appos" and not _subject_of_next_verb(child):
            nouns.append(child)
    if root.dep_ == "appos" and root.head.i < root.i:
        nouns.append(root.head)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    # "Vermont Sen. Bernie Sanders": the state may hang from the name, not from the title.
    before = frozenset(
        t.lower_
        for t in root.lefts
        if t.i < ent.start
        and t.dep_ in ("compound", "amod", "nmod")
        and t.text[:1].isupper()
        and _role_of(t) is None
        and t.lower_ not in HONORIFICS
    )
    out = []
    for noun in nouns:
        found = _role_of(noun)
        if found is not None:
            role, mods = found
            out.append((role, mods | before if noun.i < ent.start else mods))
    return out


def _subject_of_next_verb(noun: Token) -> bool:
    """The noun is the subject of the verb after it, which the parse hung in apposition."""
    doc = noun.doc
    k = noun.right_edge.i + 1
    if k < len(doc) and doc[k].text == ",":
        k += 1
    subject = subject_read_as_apposition(doc[k]) if k < len(doc) else None
    return subject is not None and subject.i == noun.i


def _embedded_clause(verb: Token) -> bool:
    """The verb heads a clause reported or believed by someone else ("McLenney said Clinton
    doesn't show ...", "he does believe McConnell is correct") or the content of a noun,
    also through a coordination.

    The subject of such a clause is what the sentence is about, not who the discourse follows:
    the next "she said" still means the one who said or believed it.
    """
    node = verb
    for _ in range(5):
        # The reporting verb comes first, in the same paragraph: a ccomp hanging from a later
        # verb, or across a line break, is the parser joining a sentence to a quotation's
        # "she said".
        # A clause that fills in a noun ("the idea that Scalia was murdered", "reports that
        # Trump called her ...") is content too.
        content = node.dep_ == "acl" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in node.children
        )
        if node.dep_ == "ccomp" or content:
            head = node.head
            between = verb.doc[head.i : verb.i]
            return head.i < verb.i and "\n" not in between.text
        if node.dep_ not in _CLAUSE_LINKS or node.head.i == node.i:
            return False
        node = node.head
    return False


# How a clause hangs inside a larger one: "she took off eight days after Arabella was born" is
# inside what she reports, so Arabella is no topic.
_CLAUSE_LINKS = frozenset({"conj", "advcl", "relcl", "acl", "xcomp", "pcomp", "pobj", "prep"})


def _author_of_remark(noun: Token) -> Token | None:
    """Who made a remark: the possessor of a noun of saying ("her comment") or the subject of
    the verb that makes it ("Clinton made a comment", "urged Clinton to make a comment")."""
    if noun.lemma_.lower() not in SPEECH_NOUNS or noun.pos_ != "NOUN":
        return None
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ != "dobj":
        return None
    return subject_of(noun.head)


def _apposed_to_its_complement(noun: Token) -> list[Token]:
    """ "His former business partner at Lenox, Lawrence B. Cummings, called": a name the
    parse hangs in apposition to the object of the role's preposition (a company, a place,
    never a person) names the role itself."""
    out = []
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.ent_type_ != "PERSON":
                out += [c for c in obj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
    return out


def _person_above(noun: Token) -> Token:
    """``noun``, or when it names no one, the nearest noun above it that does (a name, a
    role, a gendered word), through the phrase it sits in."""
    node = noun
    for _ in range(4):
        if (
            node.ent_type_ == _PERSON
            or node.pos_ == "PROPN"
            or node.lemma_.lower() in ROLE_WORDS
            or node.lower_ in GENDERED_ROLES
        ):
            return node
        if node.dep_ not in ("pobj", "prep", "amod", "acl") or node.head.i == node.i:
            break
        node = node.head
    return noun


def _in_main_clause(tok: Token) -> bool:
    """The subject ``tok`` acts in its sentence's main clause, not in an adverbial or relative
    clause hung from it ("Ryan did not exude confidence when Tapper asked": Ryan's, not
    Tapper's)."""
    if _opens_paragraph_misparsed(tok):
        return True
    node = tok.head if tok.dep_ in _SUBJECT_DEPS else tok
    while node.dep_ in ("conj", "appos", "poss", "pobj", "prep", *_SUBJECT_DEPS) and (
        node.head.i != node.i
    ):
        node = node.head
    return node.dep_ == "ROOT"


def _opens_paragraph_misparsed(tok: Token) -> bool:
    """ "... they don't have a solution.\n\nHumphrey, for example, said ...": a name opening
    a paragraph that the parse hangs from a word of the paragraph before (here as the object
    of "have") is the subject of its own sentence."""
    doc = tok.doc
    # A subject keeps its own reading ("Trump, Sexton said, has created ...").
    if tok.dep_ in _SUBJECT_DEPS:
        return False
    start = tok.i
    while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].whitespace_:
        if doc[start - 1].dep_ != "compound" and doc[start - 1].head.i != tok.i:
            return False
        start -= 1
    if start == 0 or tok.head.i >= start:
        return False
    return any("\n" in t.text_with_ws for t in doc[tok.head.i : start])


def _acts(tok: Token) -> bool:
    """The mention is the subject of a verb, directly or through a relative clause ("Hillary
    Clinton, who has called for higher taxes, ..."), outside another person's reported clause."""
    if _opens_paragraph_misparsed(tok):
        return True
    if tok.dep_ in _SUBJECT_DEPS:
        return not _embedded_clause(tok.head)
    # "Oz's dubious advice earned him ...": the possessor of a subject is its topic too.
    if tok.dep_ == "poss" and tok.head.dep_ in _SUBJECT_DEPS:
        return not _embedded_clause(tok.head.head)
    # "Turkington and Collard gathered", "The head of the unit, Sgt. Glen Horan, agrees": a
    # name coordinated with or in apposition to a subject is one too.
    if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        head = tok.head
        # Also up through "of" ("The head of the unit, Glen Horan, agrees", parsed with the
        # name in apposition to "unit").
        for _ in range(4):
            if head.dep_ not in ("conj", "pobj", "prep") or head.head.i == head.i:
                break
            head = head.head
        if head.dep_ in _SUBJECT_DEPS:
            return True
    return any(
        c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children)
        for c in tok.children
    )


def _introduces_someone(tok: Token) -> bool:
    """A singular person noun that brings someone new in as a main-clause subject: "a
    reporter", "one voter", "my mother" (not "the reporter", who is someone met before)."""
    lemma = tok.lower_
    if tok.tag_ != "NN" or (lemma not in ROLE_WORDS and lemma not in GENDERED_ROLES):
        return False
    if tok.dep_ not in ("nsubj", "nsubjpass") or not _in_main_clause(tok):
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in ("a", "an"))
        or (c.dep_ == "poss" and c.lower_ in ("my", "our"))
        or (c.dep_ == "nummod" and c.lower_ == "one")
        for c in tok.children
    )


class SpeakerResolver:
    """Clusters the people of one ``Doc`` and resolves speaker mentions to them."""

    def __init__(self, doc: Doc, quoted: Sequence[tuple[int, int]]) -> None:
        self.doc = doc
        self.entities: list[Entity] = []
        self._by_token: dict[int, int] = {}  # token index inside a PERSON ent → entity index
        self._by_last: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        # The inner words of names of three words or more ("acosta" of "Melba Acosta Febo"):
        # a double surname, of which articles often use the first part alone.
        self._by_inner: dict[str, list[int]] = {}
        self._groups: dict[str, int] = {}
        # Role nouns the article gives its people ("nominee", "billionaire", "senator"): role →
        # (entity, capitalised modifiers of the role such as "republican"), in text order.
        self._roles: dict[str, list[tuple[int, frozenset[str]]]] = {}
        # Named organisations by the lemma of their head word ("commission" → "Commission on
        # Presidential Debates"): what "the commission" means.
        self._org_heads: dict[str, list[str]] = {}
        self._ents = doc.ents  # built anew on each access
        # How often each one-word name is tagged a place: "Clarkston" is a city that the
        # tagger once calls a person ("Clarkston became his home").
        one_word = [e for e in self._ents if len(e) == 1]
        places = Counter(e.text for e in one_word if e.label_ in _PLACE_LABELS)
        named = Counter(e.text for e in one_word if e.label_ == _PERSON)
        for ent in self._ents:
            if ent.label_ == "ORG" and len(ent) > 1 and ent.root.text[:1].isupper():
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                self._org_heads.setdefault(ent.root.lemma_.lower(), []).append(name)
        # Person mentions outside quotations, in order: pronoun antecedent candidates.
        self._mention_pos: list[int] = []
        # (entity index, is a subject, surname when the mention is a bare surname)
        self._mentions: list[tuple[int, bool, str]] = []
        # Earlier attributions (char offset, entity, bare surname), so "he said" can follow the
        # last speaker.
        self._speaker_pos: list[int] = []
        self._speakers: list[tuple[int, str]] = []
        # Char offsets of bare surnames without a gender cue ("Clinton"): which of the people
        # of that name they mean is open until a pronoun's gender tells.
        self._bare_at: dict[int, str] = {}
        # Attributions moved to another person once a pronoun told the speaker's gender
        # (char offset of the mention → entity), and the surname-only people made for them.
        self._moved: dict[int, int] = {}
        self._alone: dict[tuple[str, str], int] = {}
        quoted_starts = [s for s, _ in quoted]

        def outside(pos: int) -> bool:
            k = bisect.bisect_right(quoted_starts, pos) - 1
            return not (k >= 0 and quoted[k][0] <= pos < quoted[k][1])

        mentions: list[tuple[int, int, bool, str, Token]] = []
        # Organisations and described groups as subjects outside quotes: antecedents for "it"
        # and "they" (offset, head token, plural).
        self._group_pos: list[int] = []
        self._group_heads: list[tuple[Token, bool]] = []
        # People the article brings in without a name ("A reporter for AFP called it chaos.";
        # "My mother has softened with age"): a "he" or "she" right after means them.
        self._newcomer_pos: list[int] = []
        self._newcomers: list[Token] = []
        people = [
            e
            for e in self._ents
            if (e.label_ == _PERSON or _named_like_a_person(e))
            and not (len(e) == 1 and places[e.text] > named[e.text])
        ]
        labelled = {t.i: e.label_ for e in self._ents for t in e}
        people += _people_by_apposition(doc, labelled)
        starts = {e.start for e in people}
        people += [e for e in _people_by_pronoun(doc, labelled) if e.start not in starts]
        people.sort(key=lambda e: e.start)
        for ent in people:
            idx = self._add_person(ent)
            if idx is not None:
                for role, mods in _roles_of(ent):
                    self._roles.setdefault(role, []).append((idx, mods))
            if idx is not None and outside(ent.start_char):
                bare = self._bare_at.get(ent.root.idx, "")
                mentions.append((ent.start_char, idx, _acts(ent.root), bare, ent.root))
        # The tagger finds a known surname that NER missed ("Trump responded"): count it as a
        # mention of that person, so pronouns can refer back to it.
        for tok in doc:
            # "Trump himself was delighted" read as the verb "trump": a verb is never a
            # subject, so a capitalised one in that place is a name; so is a capitalised
            # adverb or adjective inside a sentence ("And Skelly called Braynard").
            misread = (tok.pos_ == "VERB" and tok.dep_ in _SUBJECT_DEPS) or (
                tok.pos_ in ("ADV", "ADJ") and tok.is_title and not tok.is_sent_start
            )
            if tok.pos_ not in ("PROPN", "NOUN") and not misread and not name_read_as_modal(tok):
                continue
            if (
                tok.i not in self._by_token
                and tok.lower_ in self._by_last
                and tok.text[:1].isupper()
                and tok.ent_type_ != "PERSON"
                # A place name only as a subject or possessor ("Kasich said", tagged a place).
                and (tok.ent_type_ != "GPE" or tok.dep_ in ("nsubj", "nsubjpass", "poss"))
            ):
                idx = self._by_last[tok.lower_][-1]
                self._by_token[tok.i] = idx
                self._bare_at[tok.idx] = tok.lower_
                self.entities[idx].add_alias(tok.text)
                if outside(tok.idx):
                    mentions.append((tok.idx, idx, _acts(tok), tok.lower_, tok))
            elif (
                tok.dep_ in _SUBJECT_DEPS
                and tok.i not in self._by_token
                and tok.ent_type_ in ("", "ORG", "NORP")
                and outside(tok.idx)
            ):
                plural = tok.tag_ in ("NNS", "NNPS")
                self._group_pos.append(tok.idx)
                self._group_heads.append((tok, plural))
                if _introduces_someone(tok):
                    self._newcomer_pos.append(tok.idx)
                    self._newcomers.append(tok)
        mentions.sort(key=lambda m: m[0])
        self._mention_pos = [m[0] for m in mentions]
        self._mentions = [(m[1], m[2], m[3]) for m in mentions]
        # Whether each mention is a subject of its sentence's main clause, and where that
        # sentence starts (char offset).
        self._main = [_in_main_clause(m[4]) for m in mentions]
        parsed = doc.has_annotation("SENT_START")
        self._sent_start = [m[4].sent.start_char if parsed else 0 for m in mentions]

    # -- clustering ---------------------------------------------------------------------------

    def _add_person(self, ent: Span) -> int | None:
        words, gender = _name_words(ent)
        # A lower-case last word is no name ("the president"), unless it ends a hyphenated
        # one ("Ban Ki-moon").
        if not words or not (
            words[-1].text[:1].isupper()
            or (len(words) >= 3 and words[-2].text == "-" and words[0].text[:1].isupper())
        ):
            return None
        # "Joseph R. Biden Jr.": the surname is the word before a generational suffix, and
        # the suffix tells "Donald Trump Jr." from "Donald Trump".
        suffix = _generation([t.text for t in words])
        last = words[-2 if suffix else -1].lower_
        first = words[0].lower_
        # "Politico", "Twitter", "Fox News": an outlet or other body the tagger took for a
        # person; "the Trumps": a family, nobody in particular.
        if (
            last in ORGANISATION_WORDS
            or " ".join(t.lower_ for t in words) in ORGANISATION_NAMES
            or self._is_family(words)
        ):
            return None
        full = _text_of(words)
        idx: int | None = None
        if len(words) >= 2:
            for cand in reversed(self._by_last.get(last, [])):
                ent_words = self.entities[cand].name.split()
                # "Wasserman Schultz" after "Debbie Wasserman Schultz": the end of the name.
                tail = (
                    len(ent_words) > len(words)
                    and first not in FIRST_NAME_GENDER
                    and [w.lower() for w in ent_words[-len(words) :]] == [t.lower_ for t in words]
                )
                if (
                    len(ent_words) == 1
                    or tail
                    or (ent_words[0].lower() == first and _generation(ent_words) == suffix)
                ) and self._same_gender(cand, gender):
                    idx = cand
                    break
            if idx is None and first in FIRST_NAME_GENDER:
                # "Hillary" seen before "Hillary Clinton" (only for a known first name: a lone
                # "Obama" is a surname, and "Obama Speech" is not a fuller form of it).
                for cand in reversed(self._by_first.get(first, [])):
                    if len(self.entities[cand].name.split()) == 1:
                        idx = cand
                        break
        else:
            # A lone name: the person with that surname, else with that first name, whom the
            # article names most, the latest on a tie; "Mrs. Clinton" is not the Bill Clinton
            # of the sentence before. A passing "former President Bill Clinton" does not
            # take "Clinton" from the Hillary Clinton the article is about.
            cands = (
                self._by_last.get(last)
                or self._by_first.get(last)
                or self._by_inner.get(last)
                or self._by_last.get(self._doubling_variant(last), [])
            )
            fitting = [c for c in cands or [] if self._same_gender(c, gender)]
            if fitting:
                idx = max(
                    reversed(fitting),
                    key=lambda c: (self.entities[c].named, self.entities[c].mentioned),
                )
        if len(words) == 1 and not gender:
            self._bare_at[words[0].idx] = last
            if idx is None and last not in self._by_last:
                # "Melanie said": a lone known first name nobody in the article bears as a
                # surname names someone of that first name's gender.
                gender = FIRST_NAME_GENDER.get(last, "")
        if idx is None:
            self.entities.append(Entity(name=full, kind="person"))
            idx = len(self.entities) - 1
        entity = self.entities[idx]
        entity.named += int(len(words) > 1 or bool(gender) or last not in self._by_last)
        entity.mentioned += 1
        if len(words) > len(entity.name.split()):
            entity.name = full
        entity.add_alias(full)
        entity.gender = entity.gender or gender
        if entity.title is None:
            entity.title = _appositive_title(ent.root)
            if entity.title:
                role = entity.title.split()[-1].lower()
                entity.gender = entity.gender or GENDERED_ROLES.get(role, "")
        inner = [(t.lower_, self._by_inner) for t in words[1:-1] if t.text[:1].isupper()]
        # Not across a hyphen: "Deborah Jordan Reynolds-Santilli", "Donald Trump-led".
        hyphenated = any(t.text == "-" for t in words)
        inner = [item for item in inner if len(item[0]) > 2 and not (suffix or hyphenated)]
        for key, table in ((last, self._by_last), (first, self._by_first), *inner):
            lst = table.setdefault(key, [])
            if not lst or lst[-1] != idx:
                if idx in lst:
                    lst.remove(idx)
                lst.append(idx)
        for t in ent:
            self._by_token[t.i] = idx
        return idx

    def _is_family(self, words: Sequence[Token]) -> bool:
        """ "the Trumps", "the Clintons": a plural surname names a family."""
        if len(words) != 1 or not words[0].text.endswith("s"):
            return False
        tok = words[0]
        return tok.text[:-1].lower() in self._by_last or (
            tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the" and tok.tag_ == "NNPS"
        )

    def _doubling_variant(self, name: str) -> str:
        """A known surname that ``name`` misspells by a single or doubled letter ("McLenney"
        for McClenney, "Philips" for Phillips), the commonest slip in names; else ""."""
        if len(name) < 5:
            return ""
        for i in range(1, len(name)):
            # One letter of a double dropped, or one letter doubled.
            if name[i] == name[i - 1] and name[:i] + name[i + 1 :] in self._by_last:
                return name[:i] + name[i + 1 :]
            doubled = name[:i] + name[i - 1] + name[i:]
            if name[i - 1].isalpha() and doubled in self._by_last:
                return doubled
        return ""

    def _same_gender(self, idx: int, gender: str) -> bool:
        known = self.entities[idx].gender
        return not gender or not known or known == gender

    def _group(self, name: str, kind: SourceKind = "organisation") -> int:
        key = name.lower()
        if key not in self._groups:
            self.entities.append(Entity(name=name, kind=kind))
            self._groups[key] = len(self.entities) - 1
        idx = self._groups[key]
        self.entities[idx].add_alias(name)
        return idx

    # -- resolution ---------------------------------------------------------------------------

    def remember(self, pos: int, entity: int) -> None:
        """Record that ``entity`` spoke at ``pos`` (calls come in text order)."""
        self._speaker_pos.append(pos)
        self._speakers.append((entity, self._bare_at.get(pos, "")))

    def resolve(self, head: Token) -> tuple[int | None, str]:
        """The entity a speaker mention refers to, and the mention as written."""
        low = head.lower_
        if low in ("who", "that", "which") and head.head.dep_ in ("relcl", "acl"):
            # "Smith, who said ...": the relative pronoun stands for the noun it modifies.
            head = head.head.head
            # "said one Democrat familiar with the discussion, who added ...": a "who" the
            # parse hangs from a thing stands for the person the phrase is about.
            if low == "who":
                head = _person_above(head)
            # "McConnell, now the majority leader, who said": the role is in apposition to
            # the person who speaks.
            if head.dep_ == "appos" and head.head.i in self._by_token:
                head = head.head
            # "Clinton made a comment that described ...": a remark speaks for its author.
            author = _author_of_remark(head)
            if author is not None:
                return self.resolve(author)
            low = head.lower_
        if low in _SPEAKER_PRONOUNS and head.pos_ == "PRON":
            return self._resolve_pronoun(head), head.text
        if head.i in self._by_token:
            idx = self._by_token[head.i]
            return idx, self._mention_text(head)
        lemma = head.lemma_.lower()
        if lemma in OWNED_NOUNS or lemma == _CAMPAIGN:
            # "the IMF report stated", "Trump's tweet", "his campaign": the owner speaks.
            owner = self._owner(head)
            if owner is not None:
                return owner, self._noun_phrase(head)
        # "the envoy, James Jeffrey," or "envoy James Jeffrey": the name hangs off the role noun.
        # A name before the noun modifies it: a "Clinton aide" or "Sanders supporters" are not
        # Clinton or Sanders.
        for child in [*head.children, *_apposed_to_its_complement(head)]:
            if (
                child.dep_ == "appos" or (child.dep_ == "compound" and child.i > head.i)
            ) and child.i in self._by_token:
                idx = self._by_token[child.i]
                if self.entities[idx].title is None and child.dep_ == "appos":
                    words = _clean_edges([t for t in head.subtree if t.i < child.i])
                    words = [t for t in words if t.i >= head.left_edge.i]
                    if words:
                        self.entities[idx].title = _text_of(_clean_edges(words))
                return idx, self._mention_text(child)
        if (head.ent_type_ in _GROUP_ENTS or head.pos_ == "PROPN") and not _common_word(head):
            ent_span = self._ent_span(head)
            name = ent_span.text if ent_span is not None else _propn_run(head)
            # The tagger may start the entity at a dash or quotation mark ("― Ana Ortega").
            name = " ".join((name.lstrip(_LEADING_JUNK) or name).split())
            if name.lower().startswith("the "):
                name = name[4:]
            if name.endswith(("'s", "\u2019s")):
                name = name[:-2]
            parts = name.split()
            last = parts[-1].lower() if parts else ""
            # "Sanders said" tagged as an organisation: a surname the article gives a person.
            if last in self._by_last and last not in ORGANISATION_WORDS and len(parts) <= 2:
                return self._by_last[last][-1], name
            # "Democrats", "the Trumps", "Syrians": a group of people, nobody in particular.
            plural = head.tag_ in ("NNS", "NNPS") or (
                head.ent_type_ == "NORP" and head.text.endswith("s")
            )
            if plural and head.ent_type_ != "ORG":
                return self._group(name, "unnamed"), name
            return self._group(name), name
        if head.pos_ in ("NOUN", "PRON", "NUM", "ADJ", "DET") and low not in (
            "who",
            "that",
            "which",
            "it",
        ):
            name = self._noun_phrase(head)
            described = self._described(head)
            if described is not None:
                return described, name
            return self._group(name, "unnamed"), name
        return None, head.text

    def _owner(self, noun: Token) -> int | None:
        """Who a document, remark or campaign belongs to: its possessor or a name compounded
        with it ("Trump's tweet", "his campaign", "the Clinton campaign"); for a bare "the
        statement", whoever issued the latest earlier one ("X released a statement ...")."""
        owner: int | None = None
        for child in noun.children:
            if child.dep_ == "poss" and child.lower_ in ("his", "her"):
                owner = self._resolve_pronoun(child)
            elif child.dep_ in ("poss", "compound") and (
                child.ent_type_ in ("ORG", "PERSON", "GPE")
                or child.i in self._by_token
                or (child.pos_ == "PROPN" and child.ent_type_ not in ("DATE", "TIME"))
            ):
                owner = self.resolve(child)[0]
            if owner is not None:
                break
        if owner is None:
            owner = self._maker(noun)
        if owner is None and not any(
            c.dep_ in ("poss", "det") and c.lower_ not in ("the", "this", "that")
            for c in noun.children
        ):
            owner = self._issuer(noun)
            if owner is None and noun.lemma_.lower() == _CAMPAIGN:
                # "The campaign says ...": the campaign of the person the article follows.
                owner = self._salient_person(noun.idx, "")
        if owner is None:
            return None
        entity = self.entities[owner]
        if noun.lemma_.lower() != _CAMPAIGN:
            return owner
        if entity.kind != "person":
            return owner if entity.kind == "organisation" else None
        # A person's campaign is an organisation of its own: "Trump campaign".
        return self._group(f"{entity.name.split()[-1]} campaign")

    def _maker(self, noun: Token) -> int | None:
        """Who made the document in the same sentence: "Trump released a video that said",
        "an email sent out by Sanders warned"."""
        maker: Token | None = None
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _ISSUING_LEMMAS:
            maker = subject_of(noun.head)
        for child in noun.children:
            if child.dep_ == "acl" and child.tag_ == "VBN":
                for agent in child.children:
                    if agent.dep_ == "agent":
                        maker = next((g for g in agent.children if g.dep_ == "pobj"), maker)
        if maker is None or maker.i == noun.i:
            return None
        found = self.resolve(maker)[0]
        return found if found is not None and self.entities[found].kind != "unnamed" else None

    def _issuer(self, noun: Token) -> int | None:
        """The owner of the latest earlier mention of the same document or campaign ("Trump's
        campaign ... the campaign said")."""
        lemma = noun.lemma_.lower()
        i = noun.i - 1
        doc = noun.doc
        while i >= 0 and noun.idx - doc[i].idx < _DOCUMENT_WINDOW:
            tok = doc[i]
            i -= 1
            if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
                continue
            for child in tok.children:
                if child.dep_ in ("poss", "compound") and (
                    child.ent_type_ in ("ORG", "PERSON") or child.i in self._by_token
                ):
                    return self.resolve(child)[0]
            if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _ISSUING_LEMMAS:
                subj = subject_of(tok.head)
                if subj is not None and subj.i != noun.i and subj.lemma_.lower() != lemma:
                    found = self.resolve(subj)[0]
                    if found is not None and self.entities[found].kind != "unnamed":
                        return found
        return None

    def _described(self, head: Token) -> int | None:
        """The named person a definite description stands for: "the Republican nominee" when
        the article gave that role to someone ("Republican nominee Donald Trump", "Trump, the
        nominee"); the one of them mentioned last when several fit. A possessed ("his wife"),
        plural or indefinite ("a spokesman") description names nobody."""
        if head.tag_ in ("NNS", "NNPS") or head.pos_ not in ("NOUN", "PROPN"):
            return None
        if any(c.dep_ == "poss" for c in head.children):
            return None
        det = next((c.lower_ for c in head.children if c.dep_ == "det"), "the")
        if det not in ("the", "this", "that"):
            return None
        # "the former secretary of state and current Democratic nominee": any of the roles.
        nouns = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        strong: list[int] = []
        for noun in nouns:
            found = _role_of(noun)
            if found is None:
                continue
            role, mods = found
            # "the Republican nominee" is not "Democratic nominee Hillary Clinton"; nor is
            # "the Vermont senator" any senator the article gave no state.
            strong += [idx for idx, have in self._roles.get(role, []) if mods <= have]
        cands = strong
        if not cands:
            return self._organisation_described(head) or self._salient_for_role(
                head
            )  # The one of them who spoke last, else the one the article names most.
        wanted = set(cands)
        latest = self._latest_speaker(head, wanted.__contains__)
        if latest is not None:
            return latest
        return max(reversed(cands), key=lambda c: self.entities[c].named)

    def _salient_for_role(self, head: Token) -> int | None:
        """ "The New York businessman said", "the Vermont senator": a role the article gave
        nobody, pinned to a place or party, is the person the passage is about: the latest
        speaker of a fitting gender, unless the article tied that person to another party
        ("the Democratic nominee" is never "Republican Donald Trump")."""
        # "the former secretary of state and current Democratic nominee": any pinned role.
        nouns = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        roles = [found for noun in nouns if (found := _role_of(noun)) is not None and found[1]]
        if not roles or any(role in self._roles for role, _ in roles):
            return None
        found = roles[0]
        if any(c.dep_ == "nummod" for c in head.children):
            return None  # "one former aide"
        gender = GENDERED_ROLES.get(head.lower_, "")
        best = self._latest_speaker(head, lambda idx: self._compatible(idx, gender))
        if best is None:
            # Nobody has spoken yet: the person the passage names last ("Rep. Adam Schiff
            # ... the California congressman said").
            best = self._latest_person(head, gender)
        if best is None:
            return None
        parties = {_PARTIES[m] for m in found[1] if m in _PARTIES}
        theirs = {
            _PARTIES[m]
            for role in self._roles.values()
            for idx, mods in role
            if idx == best
            for m in mods
            if m in _PARTIES
        }
        return None if parties and parties != theirs else best

    def _latest_speaker(self, head: Token, fits: Callable[[int], bool]) -> int | None:
        """The last speaker that ``fits``, within a pronoun's reach before ``head``."""
        k = bisect.bisect_left(self._speaker_pos, head.idx) - 1
        while k >= 0 and head.idx - self._speaker_pos[k] < _PRONOUN_WINDOW:
            if fits(self._speakers[k][0]):
                return self._speakers[k][0]
            k -= 1
        return None

    def _latest_person(self, head: Token, gender: str) -> int | None:
        """The named person of a fitting gender mentioned last (outside quotations) within a
        pronoun's reach before ``head``."""
        k = bisect.bisect_left(self._mention_pos, head.idx) - 1
        while k >= 0 and head.idx - self._mention_pos[k] < _PRONOUN_WINDOW:
            idx = self._mentions[k][0]
            if self.entities[idx].named and self._compatible(idx, gender):
                return idx
            k -= 1
        return None

    def _organisation_described(self, head: Token) -> int | None:
        """The organisation a definite description stands for: "the commission" after "the
        Commission on Presidential Debates", "the company" never (no organisation is named by
        that word)."""
        names = self._org_heads.get(head.lemma_.lower())
        if not names or any(c.dep_ in ("amod", "compound") for c in head.children):
            return None
        return self._group(names[-1])

    def _noun_phrase(self, head: Token) -> str:
        """A description as written: "Small groups of protesters", "one source on the panel".

        Modifiers, prepositional phrases, coordinated heads ("Developers and supporters in
        Congress" speak together) and participles that say whose it is ("footage released by
        Scott's family") stay; an apposition, a relative clause or anything after a comma is
        cut, since it describes rather than names ("an architect who said he was stiffed").
        """
        cut = {"appos", "relcl", "advcl", "punct"}
        tokens = [head]
        stack = list(head.children)
        while stack:
            tok = stack.pop()
            # A hyphen inside a word ("the 46-year-old") is no punctuation of the phrase.
            in_word = tok.text == "-" and not tok.whitespace_ and tok.i > 0
            if tok.dep_ in cut and tok.head.i == head.i and not in_word:
                continue
            tokens.append(tok)
            stack.extend(tok.children)
        tokens.sort(key=lambda t: t.i)
        # Keep the contiguous run around the head (a parse can scatter children).
        run = [head]
        by_i = {t.i: t for t in tokens}
        i = head.i - 1
        # Nor past a line break: a time stamp or dateline above is no part of the phrase.
        while i in by_i and not _is_quote_mark(by_i[i].text) and "\n" not in by_i[i].text:
            run.insert(0, by_i[i])
            i -= 1
        i = head.i + 1
        while i in by_i and by_i[i].text != "," and not _is_quote_mark(by_i[i].text):
            run.append(by_i[i])
            i += 1
        words = _clean_edges(run)
        if words and words[0].lower_ in ("the", "a", "an"):
            words = words[1:]
        return _text_of(words) or head.text

    def _ent_span(self, token: Token) -> Span | None:
        if not token.ent_type_:
            return None
        start = token.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        return self.doc[start:end]

    def _mention_text(self, token: Token) -> str:
        span = self._ent_span(token)
        return span.text if span is not None else token.text

    def _compatible(self, idx: int, gender: str) -> bool:
        entity = self.entities[idx]
        if entity.kind != "person":
            return False
        return not gender or not entity.gender or entity.gender == gender

    def _fit(self, idx: int, bare: str, gender: str) -> int | None:
        """The person a mention means for a pronoun of ``gender``: its own entity, or, for a
        bare surname clustered with a person of the other gender ("Clinton" joined to Bill
        Clinton, named last), the one of that surname who fits and whom the article names at
        least as often: a bare surname usually means the article's main bearer of it. (Any
        fitting bearer was tried: "should Clinton attempt" then made Bill the "he".)"""
        if self._compatible(idx, gender):
            return idx
        for cand in reversed(self._by_last.get(bare, []) if bare else []):
            fits = self._compatible(cand, gender)
            if fits and self.entities[cand].named >= self.entities[idx].named:
                return cand
        return None

    def _resolve_pronoun(self, pron: Token) -> int | None:
        low = pron.lower_
        pos = pron.idx
        if low in ("they", "we", "it"):
            # A group speaker said the last thing ("officials said ... They added"), or an
            # organisation or group was the subject of a recent sentence ("The council met.
            # It said").
            k = bisect.bisect_left(self._speaker_pos, pos) - 1
            group_pos, group = -1, None
            while k >= 0 and pos - self._speaker_pos[k] < _PRONOUN_WINDOW:
                entity = self.entities[self._speakers[k][0]]
                # A document ("the statement") is an "it", never a "they".
                words = entity.name.lower().split()
                is_document = bool(words) and words[-1] in DOCUMENT_NOUNS
                if entity.kind != "person" and not (is_document and low != "it"):
                    group_pos, group = self._speaker_pos[k], self._speakers[k][0]
                    break
                k -= 1
            # The nearest subject of matching number, when more recent than that speaker.
            want_plural = low != "it"
            k = bisect.bisect_left(self._group_pos, pos) - 1
            while k >= 0 and pos - self._group_pos[k] < _PRONOUN_WINDOW:
                if self._group_pos[k] <= group_pos:
                    break
                tok, plural = self._group_heads[k]
                if (
                    plural == want_plural
                    or tok.ent_type_ == "ORG"
                    or tok.lemma_.lower() in ORGANISATION_WORDS
                ):
                    return self.resolve(tok)[0]
                k -= 1
            return group
        if low == "i":
            # "I" outside every quotation is the author, unless a quotation mark the pairing
            # left open stands before it in its paragraph: then it is the voice of the quote
            # introduced last ("Caddell continued: / "... I'm going to read you ...").
            return self._last_speaker_before(pos) if self._inside_open_quote(pron) else None
        gender = PRONOUN_GENDER.get(low, "")
        regendered = self._regender_last_speaker(pos, gender)
        if regendered is not None:
            return regendered
        newcomer = self._newcomer_before(pron, gender)
        if newcomer is not None:
            return newcomer
        salient = self._salient_person(pos, gender)
        if salient is not None:
            return salient
        # Candidates: recent person mentions outside quotes, nearest first. A subject or an
        # earlier speaker beats a mention buried in an object or a possessive.
        k = bisect.bisect_left(self._mention_pos, pos) - 1
        last_speaker = self._last_speaker_before(pos)
        # Rank the few nearest compatible candidates: a subject or the previous speaker first,
        # then nearness. (Preferring a known gender over an unknown one was tried and lost:
        # most names are of unknown gender, so it skips past the right, nearer one.)
        best: tuple[int, int, int] | None = None  # (score, -rank, entity)
        rank = 0
        while k >= 0 and pos - self._mention_pos[k] < _PRONOUN_WINDOW and rank < 6:
            found, is_subject, bare = self._mentions[k]
            k -= 1
            idx = self._fit(found, bare, gender)
            if idx is None:
                continue
            score = int(is_subject or idx == last_speaker)
            if best is None or (score, -rank) > best[:2]:
                best = (score, -rank, idx)
            rank += 1
        if best is not None:
            return best[2]
        if last_speaker is not None and self._compatible(last_speaker, gender):
            return last_speaker
        # Nobody within reach: the nearest earlier compatible person, however far back.
        while k >= 0:
            found, _, bare = self._mentions[k]
            idx = self._fit(found, bare, gender)
            if idx is not None:
                return idx
            k -= 1
        return None

    def _newcomer_before(self, pron: Token, gender: str) -> int | None:
        """Someone brought in without a name as the subject of this sentence or the one before,
        with nobody fitting named since: the "he" of "A reporter for AFP called it "absolute
        chaos." "We saw people hit," he said" is the reporter, an unnamed source."""
        k = bisect.bisect_left(self._newcomer_pos, pron.idx) - 1
        if k < 0 or not gender:
            return None
        noun = self._newcomers[k]
        if GENDERED_ROLES.get(noun.lower_, gender) != gender:
            return None
        sent = pron.sent
        earliest = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
        if noun.idx < earliest:
            return None
        m = bisect.bisect_right(self._mention_pos, noun.idx)
        while m < len(self._mention_pos) and self._mention_pos[m] < pron.idx:
            found, _, bare = self._mentions[m]
            if self._fit(found, bare, gender) is not None:
                return None
            m += 1
        return self.resolve(noun)[0]

    def _regender_last_speaker(self, pos: int, gender: str) -> int | None:
        """ "'...,' Cruz said. '...,' he added." with no one else named in between: the "he" is
        that speaker, so a bare surname joined to a bearer of the other gender ("Heidi Cruz")
        meant someone else. It goes to a bearer who fits, named at least as often, else stays
        the surname alone; the attributions of that run of the surname move with it."""
        if not gender:
            return None
        k = bisect.bisect_left(self._speaker_pos, pos) - 1
        if k < 0 or pos - self._speaker_pos[k] > _FOLLOW_WINDOW:
            return None
        idx, bare = self._speakers[k]
        if not bare or self.entities[idx].kind != "person" or self._compatible(idx, gender):
            return None
        start = self._speaker_pos[k]
        m = bisect.bisect_right(self._mention_pos, start)
        while m < len(self._mention_pos) and self._mention_pos[m] < pos:
            if self._mentions[m][0] != idx:
                return None
            m += 1
        fitting = [
            c
            for c in self._by_last.get(bare, [])
            if c != idx
            and self._compatible(c, gender)
            and self.entities[c].named >= self.entities[idx].named
        ]
        if fitting:
            new = max(
                reversed(fitting),
                key=lambda c: (self.entities[c].named, self.entities[c].mentioned),
            )
        else:
            key = (bare, gender)
            if key not in self._alone:
                written = doc_text(self.doc)[start : start + len(bare)]
                self.entities.append(Entity(name=written, kind="person", gender=gender))
                self.entities[-1].add_alias(written)
                self._alone[key] = len(self.entities) - 1
            new = self._alone[key]
        while k >= 0 and self._speakers[k] == (idx, bare):
            self._speakers[k] = (new, bare)
            self._moved[self._speaker_pos[k]] = new
            k -= 1
        return new

    def settled(self, pos: int, entity: int | None) -> int | None:
        """The entity of the attribution whose mention is at ``pos``, after any later pronoun
        told its speaker apart from the bearer it first joined."""
        return self._moved.get(pos, entity)

    def _salient_person(self, pos: int, gender: str) -> int | None:
        """The person a "he" or "she" at ``pos`` most likely means, by discourse salience.

        The latest compatible speaker stays the topic ("Fowler noted ... he said ... he
        argued") until another compatible person becomes the subject of a sentence after that
        attribution ("Matthews concluded. McLaughlin agreed with Matthews. '...,' he wrote");
        a person merely mentioned in an object or a possessive does not take over.
        """
        k = bisect.bisect_left(self._speaker_pos, pos) - 1
        speaker: int | None = None
        speaker_pos = -1
        while k >= 0 and pos - self._speaker_pos[k] < _PRONOUN_WINDOW:
            cand = self._fit(*self._speakers[k], gender)
            if cand is not None:
                speaker, speaker_pos = cand, self._speaker_pos[k]
                break
            k -= 1
        if speaker is not None:
            # "Ryan did not exude confidence when Tapper asked whether ...": a speaker in a
            # clause hung from another person's main clause does not take the topic from them.
            m = bisect.bisect_left(self._mention_pos, speaker_pos)
            at_mention = m < len(self._mention_pos) and self._mention_pos[m] == speaker_pos
            main = (
                self._main_subject_before(m, gender) if at_mention and not self._main[m] else None
            )
            speaker = speaker if main is None else main
        k = bisect.bisect_left(self._mention_pos, pos) - 1
        subject: int | None = None
        while k >= 0 and pos - self._mention_pos[k] < _PRONOUN_WINDOW:
            found, is_subject, bare = self._mentions[k]
            idx = self._fit(found, bare, gender)
            if is_subject and idx is not None:
                if self._mention_pos[k] > speaker_pos:
                    # "Ryan did not exude confidence when Tapper asked": the subject of the
                    # main clause stays the topic, not that of a clause hung from it.
                    main = None if self._main[k] else self._main_subject_before(k, gender)
                    subject = idx if main is None else main
                break
            k -= 1
        if subject is not None:
            return subject
        return speaker

    def _main_subject_before(self, k: int, gender: str) -> int | None:
        """A fitting main-clause subject of the sentence of mention ``k``, before it."""
        j = k - 1
        while j >= 0 and self._mention_pos[j] >= self._sent_start[k]:
            found, is_subject, bare = self._mentions[j]
            idx = self._fit(found, bare, gender)
            if is_subject and self._main[j] and idx is not None:
                return idx
            j -= 1
        return None

    def _inside_open_quote(self, tok: Token) -> bool:
        text = doc_text(self.doc)
        start = text.rfind("\n", 0, tok.idx) + 1
        before = text[start : tok.idx]
        opened = before.count("\u201c") - before.count("\u201d") + before.count('"') % 2
        return opened > 0

    def _last_speaker_before(self, pos: int) -> int | None:
        k = bisect.bisect_left(self._speaker_pos, pos) - 1
        return self._speakers[k][0] if k >= 0 else None

    def speaker(self, idx: int | None) -> Speaker | None:
        return None if idx is None else self.entities[idx].to_speaker()

    def source_kind(self, idx: int | None) -> SourceKind | None:
        return None if idx is None else self.entities[idx].kind
