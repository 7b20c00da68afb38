"""Speech cues: the verbs and phrases that attribute words to a speaker, found in the parse."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

# Lemmas of verbs that report speech or writing. Kept to verbs that, with a subject and a
# quotation or a clause, almost always mean "X expressed this"; cognition verbs such as
# "think" or "believe" are left out because they attribute beliefs, not words.
SPEECH_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "add",
        "warn",
        "explain",
        "note",
        "argue",
        "claim",
        "insist",
        "state",
        "write",
        "ask",
        "reply",
        "respond",
        "answer",
        "announce",
        "declare",
        "suggest",
        "acknowledge",
        "admit",
        "recall",
        "remark",
        "observe",
        "predict",
        "promise",
        "urge",
        "tweet",
        "post",
        "report",
        "describe",
        "testify",
        "protest",
        "complain",
        "joke",
        "quip",
        "concede",
        "contend",
        "assert",
        "maintain",
        "emphasize",
        "emphasise",
        "stress",
        "caution",
        "vow",
        "pledge",
        "recount",
        "boast",
        "lament",
        "muse",
        "counter",
        "retort",
        "exclaim",
        "whisper",
        "shout",
        "chant",
        "yell",
        "scream",
        "cry",
        "confirm",
        "deny",
        "allege",
        "charge",
        "accuse",
        "blast",
        "slam",
        "praise",
        "criticize",
        "criticise",
        "mock",
        "conclude",
        "remind",
        "repeat",
        "reiterate",
        "demand",
        "propose",
        "hint",
        "speculate",
        "estimate",
        "wonder",
        "question",
        "cite",
        "quote",
        "read",
        "continue",
        "begin",
        "mutter",
        "sigh",
        "snap",
        "thunder",
        "fume",
        "rail",
        "gush",
        "agree",
        "disagree",
        "complain",
        "implore",
        "plead",
        "beg",
        "press",
        "react",
        "threaten",
        "proclaim",
        "announce",
        "comment",
        "elaborate",
        "clarify",
        "interject",
        "chime",
        "opine",
        "rule",
        "find",
        "reveal",
        "disclose",
        "inform",
        "assure",
        "tout",
        "brag",
        "grumble",
        "scoff",
        "sneer",
        "shoot",
        "fire",
        "hit",
    ]
)

# Verbs that judge what they quote: a short quotation in their clause is their subject's words.
EVALUATION_LEMMAS = frozenset(
    [
        "laud",
        "praise",
        "hail",
        "tout",
        "compare",
        "reference",
        "fear",
        "criticize",
        "criticise",
        "condemn",
        "decry",
        "dismiss",
        "denounce",
        "blast",
        "slam",
        "mock",
        "deride",
        "accuse",
        "attack",
    ]
)

# Verbs that introduce a quoted name or phrase but never reported speech: "called it a
# "disaster"", "dubbed him "Little Marco"".
NAMING_LEMMAS = frozenset(
    ["call", "dub", "label", "brand", "term", "nickname", "describe", "characterize"]
)

# Verbs that are speech cues only with a clause or a quotation right next to them ("hit back",
# "fired back"): too ambiguous to cue an indirect report on their own.
WEAK_LEMMAS = frozenset(
    ["continue", "begin", "read", "rule", "find", "shoot", "fire", "hit", "question", "cry"]
)

# Nouns of saying whose possessor is the speaker: "Trump's claim that ...", "her remark".
SPEECH_NOUNS = frozenset(
    [
        "claim",
        "statement",
        "remark",
        "comment",
        "words",
        "promise",
        "pledge",
        "warning",
        "message",
        "assertion",
        "accusation",
        "argument",
        "allegation",
        "description",
        "characterization",
        "prediction",
        "vow",
        "boast",
        "insistence",
        "suggestion",
        "contention",
        "charge",
        "quip",
        "tweet",
        "answer",
        "response",
        "reply",
        "explanation",
        "slogan",
        "phrase",
    ]
)

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Entity types of words that can be parsed as subjects but never speak.
NO_SPEAKER_ENTS = frozenset({"TIME", "DATE", "CARDINAL", "MONEY", "PERCENT"})


def is_speech_verb(token: Token) -> bool:
    """A verb of saying (also when the tagger calls it a noun or adjective, as with "tweeted")."""
    lemma = token.lemma_.lower()
    if lemma == "put" and any(c.lower_ == "it" for c in token.children):
        return True  # "as The New Yorker put it"
    if lemma == "point" and any(
        c.lower_ in ("out", "to") and c.dep_ in ("prt", "prep") for c in token.children
    ):
        return True  # "pointed out that ...", "pointed to reports that X called her ..."
    if _goes_on(token):
        return True  # '"...," Trump went on'
    if lemma not in SPEECH_LEMMAS:
        return False
    return token.pos_ in ("VERB", "AUX") or token.tag_ in ("VBD", "VBZ", "VBP", "VBN", "VBG")


def _goes_on(token: Token) -> bool:
    """ "went on" of talk, not of "went on to win"."""
    return (
        token.lemma_.lower() == "go"
        and any(c.dep_ == "prt" and c.lower_ == "on" for c in token.children)
        and not any(c.dep_ == "xcomp" for c in token.children)
    )


def is_quote_cue(token: Token) -> bool:
    """A verb that attributes a quotation: speech verbs and naming verbs."""
    if is_speech_verb(token) or is_according_to(token):
        return True
    return token.lemma_.lower() in NAMING_LEMMAS and token.pos_ == "VERB"


# Verbs that report a finding rather than words: a study "shows", a poll "found", the
# parties "agreed". They cue an indirect report with a clause, never a quotation. Verbs of
# belief ("think", "believe") are left out: they report minds, not statements (tried: more
# PolNeAR matches, lower precision).
CLAIM_LEMMAS = frozenset(["show", "find", "indicate", "conclude", "agree"])


def is_strong_speech_verb(token: Token) -> bool:
    """A verb that cues an indirect report without any quotation marks."""
    if is_speech_verb(token):
        return token.lemma_.lower() not in WEAK_LEMMAS and not _goes_on(token)
    return token.lemma_.lower() in CLAIM_LEMMAS and token.pos_ == "VERB"


def is_according_to(token: Token) -> bool:
    """The preposition "according" of "according to X"."""
    return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)


def cue_text(token: Token) -> str:
    """The cue as written: "said", "according to", "was quoted as saying"."""
    if is_according_to(token):
        return "according to"
    return token.text


def _names_a_speaker(token: Token) -> bool:
    return token.ent_type_ in ("PERSON", "ORG", "NORP") or token.pos_ in ("PROPN", "PRON")


_MEANS_LEMMAS = frozenset(["use", "take", "make", "seize", "spend", "have", "get"])


def _object_controller(verb: Token) -> Token | None:
    """The object of the verb a to-infinitive complements, which is the infinitive's
    understood subject ("urged him to say", "prompted his wife to make a comment")."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    # "used this question to demand", "took the stage to say": the object is a means, and
    # the subject of the governing verb speaks.
    if verb.head.lemma_.lower() in _MEANS_LEMMAS:
        return None
    for child in verb.head.children:
        if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    return None


def before_parenthesis(verb: Token, k: int) -> int:
    """The index before a parenthesis that ends at ``k`` right before ``verb`` ("Sen. Ann Roe
    (D-MA) said"), else ``k``."""
    doc = verb.doc
    if k > 0 and doc[k].text == ")":
        while k > 0 and verb.i - k < 8 and doc[k].text != "(":
            k -= 1
        k -= 1
    return k


def subject_read_as_apposition(verb: Token) -> Token | None:
    """The subject of a finite verb that the parse hangs in apposition to the phrase in front
    ("In a statement to the Observer, her adviser, Jake Sullivan, said"; "In an interview
    with X, the candidate stated"): the noun phrase that ends right before the verb, which
    has no subject of its own."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0:
        return None
    # A date is no subject ("Saturday at the convention Sen. Elizabeth Warren said").
    if any(
        c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ not in ("DATE", "TIME")
        for c in verb.children
    ):
        return None
    doc = verb.doc
    # Past a party tag or a comma: "Warren (D-MA) said", "Jake Sullivan, said".
    k = before_parenthesis(verb, verb.i - 1)
    if k == verb.i - 1 and doc[k].text == "," and k > 0:
        k -= 1
    end = doc[k]
    # Up from the phrase's last word to its head ("the candidate from Texas stated").
    noun = end
    while noun.dep_ != "appos" and noun.head.i < noun.i and noun.head.right_edge.i == end.i:
        noun = noun.head
    if noun.dep_ != "appos" or noun.pos_ not in ("NOUN", "PROPN") or noun.head.i > noun.i:
        return None
    # What it hangs from sits in a phrase in front ("In a statement to the Observer,"): not
    # a name that is itself the subject ("Gene Sperling, a top adviser, said").
    host = noun.head
    while host.dep_ in ("appos", "conj", "compound") and host.head.i < host.i:
        host = host.head
    return noun if host.dep_ == "pobj" else None


def name_read_as_modal(tok: Token) -> bool:
    """A capitalised modal before a verb that is not in its base form can only be a name:
    "Will wrote", "May said" (George Will, Theresa May), which the tagger reads as modals."""
    head = tok.head
    return (
        tok.tag_ == "MD"
        and tok.dep_ == "aux"
        and tok.text[:1].isupper()
        and not tok.is_upper
        and head.i == tok.i + 1
        # "will" takes a bare verb ("will write"); the tagger, misled, reads "Will wrote" and
        # "Will described" as a modal before a participle, which English never puts there.
        and head.tag_ in ("VBD", "VBZ", "VBN")
    )


def _same_paragraph_subject(subj: Token, verb: Token) -> Token:
    """A subject the parse found in an earlier paragraph than its verb ("The Latest: Trump
    delivers ... / 9:34 p.m. / Donald Trump has delivered", read as one sentence) is a parse
    across the break: the name it holds in apposition inside the verb's paragraph is the
    subject."""
    if subj.i > verb.i:
        return subj
    doc = verb.doc
    start = verb.i
    while start > subj.i and "\n\n" not in doc[start - 1].text_with_ws:
        start -= 1
    if start == subj.i:
        return subj
    for tok in doc[start : verb.i]:
        if tok.dep_ == "appos" and tok.ent_type_ == "PERSON" and tok.head.i < start:
            return tok
    return subj


def subject_of(verb: Token, outside: Callable[[Token], bool] | None = None) -> Token | None:
    """The token that names who speaks: the verb's subject, following the parse's detours.

    ``"...," said Smith`` puts the subject after the verb (still ``nsubj``); ``X was quoted as
    saying`` and ``X, speaking to reporters, said`` take the subject of a governing verb;
    ``according to X`` has the speaker as the object of "to"; a passive ``was said by X`` has it
    under the agent. ``outside`` filters candidates: the parser sometimes makes a word inside
    the quotation the subject of the verb that introduces it.
    """
    if is_according_to(verb):
        for child in verb.children:
            if child.lower_ == "to":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
                # "according to show insiders" parsed with "show" as a verb: the last noun
                # of the phrase is its head.
                nouns = [t for t in child.subtree if t.pos_ in ("NOUN", "PROPN")]
                if nouns:
                    return nouns[-1]
        return None
    ok = outside or (lambda _tok: True)
    current = verb
    steps = 0
    # Three verbs up at most; a verb inside the quotation costs no step: the parse often
    # hangs an introducing participle from the quoted words ("telling the crowd, "Some
    # people get ...""), and the climb only passes through them.
    while steps < 3:
        steps += ok(current)
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj") and ok(c)]
        # A time stamp parsed as a second subject ("5:45 p.m. Gary Roe's doctor is calling")
        # names nobody; the other subject does.
        if len(subjects) > 1:
            subjects = [c for c in subjects if c.ent_type_ not in NO_SPEAKER_ENTS] or subjects
        if not subjects:
            subjects = [c for c in current.children if name_read_as_modal(c) and ok(c)]
        if subjects:
            # Two subjects means a parse error ("made public ― Trump boasted" takes the dash as
            # a noun): a name or a pronoun is the likelier speaker.
            # A person before anything else, the last one named ("said Army Capt. Ann Roe"
            # parsed with "Capt" as a second subject, "Rubio spokesman Alex Conant" with two).
            found = next(
                (c for c in reversed(subjects) if c.ent_type_ == "PERSON"),
                next((c for c in subjects if _names_a_speaker(c)), subjects[0]),
            )
            return _same_paragraph_subject(found, current)
        # "the move was made by Bratton and said": a coordinated verb shares the passive's
        # subject, not its agent.
        borrowed = current.i != verb.i and verb.dep_ == "conj"
        for child in () if borrowed else current.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj" and ok(obj):
                        return obj
        for child in current.children:
            if child.dep_ == "nsubjpass" and ok(child):
                return child
        # "Roe, noting the size of the crowd, said" parsed with the name as the subject of
        # the participle before the verb.
        for child in current.children:
            if child.tag_ == "VBG" and child.i < current.i and child.dep_ in ("ccomp", "advcl"):
                for grand in child.children:
                    if grand.dep_ == "nsubj" and ok(grand) and _names_a_speaker(grand):
                        return grand
            # "Sanders, who sits at zero endorsements, said" parsed with the name as a second
            # subject of the relative clause, taken for a clause the verb reports.
            if child.i < current.i and child.dep_ in ("ccomp", "advcl"):
                grands = [g for g in child.children if g.dep_ == "nsubj"]
                if any(g.tag_ == "WP" for g in grands):
                    for grand in grands:
                        if grand.tag_ != "WP" and grand.text[:1].isupper() and ok(grand):
                            return grand
        # "prompted Clinton to make a comment", "urged voters to say no": after a verb with
        # an object, an infinitive's subject is that object.
        controller = _object_controller(current)
        if controller is not None:
            return controller if ok(controller) else None
        # "He smiled and said", "was quoted as saying", "went on to say": the subject sits on
        # the verb this one hangs from.
        # A verb without a subject shares the one of the verb it hangs from; the parser
        # attaches a second coordinated "said" as a complement of the first ("said Friday that
        # ... but said").
        if (
            current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "ccomp", "parataxis")
            and current.head.i != current.i
        ):
            current = current.head
            if current.dep_ == "prep":  # "as saying" hangs from "as", which hangs from "quoted"
                current = current.head
                # "he made a point of saying": through the object to the verb that has it.
                if current.dep_ == "dobj" and current.pos_ == "NOUN":
                    current = current.head
            continue
        # "issued a statement calling it ...": the participle modifies the statement, whose
        # verb has the subject.
        if current.dep_ == "acl":
            noun = current.head
            # "footage of Clinton asking": a name modified by the participle is its speaker.
            if noun.pos_ == "PROPN" or noun.ent_type_ == "PERSON":
                return noun if ok(noun) else None
            if noun.dep_ == "nsubj":
                return noun if ok(noun) else None
            if noun.dep_ == "dobj":
                current = noun.head
                continue
            # "replacing it with language calling for ...": through the preposition to the
            # verb whose subject wrote the language.
            if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
                current = noun.head.head
                continue
        break
    return None
