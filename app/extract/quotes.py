"""Quotations and reported speech in a parsed article, each attributed to a speaker.

Steps, all linear in the article: pair the quotation marks (``quote_marks``); find each quote's
speech cue in the parse (the speech verb governing the quote, else one in the frame text right
after or before it; a person's speaking participle right before the quote beats an earlier
governing verb); keep quotes with a cue, continuations of a quote, long quotes and short ones
that are a sentence of their own ("Building it? Not negotiable."); drop other short cue-less
ones and titles, nicknames and markup (``scare_quotes``). A cue inside another
speaker's (or a document's) reported speech credits that outer speaker; a quote inside an
adverbial clause with its own subject is that subject's, also when it has no cue of its own; a
long quote without a cue takes the subject of its verb or of the sentence before it; a dash
after a quote names its author. Reported speech without marks comes from ``reports``.
Speakers resolve through ``speakers.SpeakerResolver``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from app.extract.cues import (
    EVALUATION_LEMMAS,
    NAMING_LEMMAS,
    NO_SPEAKER_ENTS,
    SPEECH_NOUNS,
    WEAK_LEMMAS,
    before_parenthesis,
    cue_text,
    is_according_to,
    is_quote_cue,
    is_speech_verb,
    subject_of,
    subject_read_as_apposition,
)
from app.extract.frame import Attribution, QuoteContext
from app.extract.names import FIRST_NAME_GENDER, TITLE_ABBREVIATIONS
from app.extract.quote_marks import QuotedSpan, find_quoted_spans
from app.extract.reports import find_reports
from app.extract.scare_quotes import (
    after_possessive,
    coordinated,
    framed_as_label,
    is_markup_value,
    is_nickname,
    is_transcript_line,
    looks_like_title,
)
from app.extract.speakers import DOCUMENT_NOUNS, OWNED_NOUNS, SpeakerResolver
from app.extract.text import doc_text
from app.extract.types import QuoteKind, QuoteMention

# A quote with no cue and no preceding speaker is kept only when it is at least this long
# (words): shorter ones are scare quotes, nicknames and titles nobody says.
_MIN_UNCUED_WORDS = 8
# How many heads to climb from a quote looking for the verb that governs it.
_MAX_CLIMB = 4
_SENTENCE_END = ".?!"
_ADDRESSEE_LEMMAS = frozenset({"tell", "ask", "inform", "remind", "assure", "urge", "warn"})
# Verbs whose following name is their target, never an inverted subject ("criticized Obama").
_TARGET_LEMMAS = frozenset(
    ["criticize", "criticise", "praise", "thank", "blame", "accuse", "attack", "mock", "deny"]
)
_REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself", "ourselves"})
_FRAMING_PREPS = frozenset({"as", "like", "to"})
_DASHES = frozenset({"\u2015", "\u2014", "\u2013", "-", "--"})


def _head_outside(doc: Doc, first: int, last: int) -> Token | None:
    """The first token outside ``doc[first:last]`` that a token inside it hangs from."""
    for i in range(first, last):
        head = doc[i].head
        if not first <= head.i < last:
            return head
    return None


def _governing_cue(ctx: QuoteContext, qi: int, first: int, last: int) -> Token | None:
    """The quote cue that the quoted tokens hang from in the parse (outside the quote).

    Only cues in the quote's own paragraph count: the parser sometimes joins a quote to the
    sentence before a paragraph break.
    """
    doc = ctx.doc
    para_start, para_end = ctx.paragraph(doc[first].idx)
    for i in range(first, last):
        head = doc[i].head
        if first <= head.i < last:
            continue
        node = head
        for _ in range(_MAX_CLIMB):
            if not para_start <= node.idx < para_end:
                break
            if (
                ctx.quote_of[node.i] == -1
                and is_quote_cue(node)
                and not _subordinate_after(node, last)
            ):
                return node
            # "According to Trump, he is now "the worst thing ..."": the phrase attributes the
            # whole clause it hangs from, quotation included.
            for child in node.children:
                if is_according_to(child) and ctx.quote_of[child.i] == -1:
                    return child
            if node.head.i == node.i:
                break
            node = node.head
    return None


# Conjunctions that make a clause of time, cause or condition; "as" ("..., as Roe said")
# also introduces the report itself.
_SUBORDINATORS = frozenset(
    ["after", "before", "when", "while", "because", "since", "if", "although", "though", "until"]
)


def _subordinate_after(verb: Token, last: int) -> bool:
    """'"...," Trump said, after CNBC's Becky Quick said ...': a verb of saying after the
    quotation in a clause of time or cause reports something else, though the parse may hang
    the quoted words from it."""
    return verb.i >= last and any(
        c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in verb.children
    )


def _introduces_with_colon(ctx: QuoteContext, cue: Token, hi: int) -> bool:
    """'"...," Cruz said as the heckler yelled: "You suck!"': a verb with a subject of its
    own, right before a colon that opens the quotation, introduces it."""
    between = ctx.doc[cue.i + 1 : hi]
    return (
        any(t.text == ":" for t in between)
        and all(t.text == ":" or t.is_quote or t.is_space for t in between)
        and any(c.dep_ in ("nsubj", "nsubjpass") and ctx.outside(c) for c in cue.children)
    )


def _tail_report(
    ctx: QuoteContext, cue: Token | None, first: int, lo: int, hi: int, words: list[str]
) -> Token | None:
    """``Manafort acknowledged the work could be termed "influence peddling," The Washington
    Post reported``: a report right after the quotation, ending its sentence, gives the whole
    sentence its source, whatever verb before the quote the parse hangs the words from."""
    if cue is None or cue.i >= first:
        return None
    tail = _cue_in(ctx, lo, hi, nearest_last=False)
    if (
        tail is None
        or tail.i - lo > 4
        # The report ends the sentence, but for the role an inverted subject is given
        # ('"...?" asked Dunn, now a partner at SKDKnickerbocker').
        or (hi - lo > 8 and not _inverted_subject_at(tail))
        or tail.tag_ not in ("VBD", "VBZ", "VBP")
        or ctx.sent_start(tail) > cue.i
        # 'calling Christie "New Jersey's Biggest Loser," the protesters chanted': a name the
        # verb before gives stays that verb's (and a quote at all, not a title).
        or looks_like_title(words)
    ):
        return None
    subj = subject_of(tail, ctx.outside)
    if subj is None or not _is_usable_subject(subj) or subj.tag_ in ("WDT", "WP"):
        return None
    # The report starts right after the quotation ("," The Post reported / said Smith), not a
    # clause joined by "and" ("... "insanity," and Sanders, who says ...").
    starts_tail = tail.i == lo or subj.left_edge.i == lo
    return tail if starts_tail and tail.dep_ != "conj" and ctx.doc[lo].pos_ != "CCONJ" else None


def _inverted_subject_at(verb: Token) -> bool:
    """The verb opens its clause and a name right after it is its subject ("asked Dunn")."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.head.i == verb.i and nxt.dep_ == "nsubj" and nxt.pos_ == "PROPN"


def _cue_in(ctx: QuoteContext, lo: int, hi: int, *, nearest_last: bool) -> Token | None:
    """A speech cue among the unquoted tokens [lo, hi), the one nearest the quote."""
    doc = ctx.doc
    rng = range(hi - 1, lo - 1, -1) if nearest_last else range(lo, hi)
    for i in rng:
        tok = doc[i]
        if ctx.quote_of[i] == -1 and is_quote_cue(tok) and not _elliptical_passive(tok):
            return tok
    return None


def _dialogue_tag(ctx: QuoteContext, lo: int, hi: int) -> Token | None:
    """'"...," he surmised.', '"...," Trump barked.': a person and a bare verb right after the
    quotation, ending the clause, attribute it whatever the verb (a list of verbs of saying is
    never complete)."""
    doc = ctx.doc
    i = lo
    if i >= hi:
        return None
    if doc[i].lower_ in ("he", "she"):
        i += 1
    else:
        while i < hi and (
            doc[i].ent_type_ == "PERSON"
            or (doc[i].pos_ == "PROPN" and doc[i].lower_ in _person_surnames(doc))
        ):
            i += 1
        if i == lo:
            return None
    if i >= hi:
        return None
    verb = doc[i]
    after = doc[i + 1] if i + 1 < len(doc) else None
    if (
        verb.tag_ not in ("VBD", "VBZ")
        or (after is not None and after.text not in (".", ",", "!", "?", ";"))
        or not any(c.dep_ == "nsubj" and lo <= c.i < i for c in verb.children)
    ):
        return None
    return verb


def _elliptical_passive(verb: Token) -> bool:
    """ "... would be willing to serve if asked.": the one asked is not the one who speaks, and
    the clause introduces no quotation."""
    return (
        verb.tag_ == "VBN"
        # Not "as described by FBI Director James Comey": that names its source.
        and any(c.dep_ == "mark" and c.lower_ != "as" for c in verb.children)
        and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "agent") for c in verb.children
        )
    )


def _introduces(doc: Doc, lo: int, hi: int) -> bool:
    """The words before the quotation end in a colon, or in a comma after a noun of saying,
    which introduces as a colon does ("Trump issued a statement, "Last night, ..."")."""
    return hi - 1 >= lo and (
        doc[hi - 1].text in (":", "):")
        or (
            doc[hi - 1].text == ","
            and hi - 2 >= lo
            and doc[hi - 2].lemma_.lower() in SPEECH_NOUNS | DOCUMENT_NOUNS
        )
    )


def _colon_name(ctx: QuoteContext, lo: int, hi: int) -> Token | None:
    """``Smith: "..."``, ``Pollsters agree - Carl Bialik: "..."``: the name (or pronoun)
    right before a colon that introduces the quote."""
    doc = ctx.doc
    if not _introduces(doc, lo, hi):
        return None
    end = hi - 2
    # "Rep. Ann Roe (R-S.C.):": past a parenthesis (the tokenizer may glue it to the colon).
    if doc[hi - 1].text == "):":
        end += 1
    if end > lo and doc[end].text in (")", "):"):
        while end > lo and doc[end].text != "(":
            end -= 1
        end -= 1
    # "From Bush's Facebook post:": a post, statement or letter someone owns speaks for them.
    last = doc[end]
    owned = last.pos_ == "NOUN" and last.lemma_.lower() in OWNED_NOUNS
    if owned and any(c.dep_ == "poss" and c.pos_ in ("PROPN", "PRON") for c in last.children):
        return last
    for i in range(end, max(lo, end - 3) - 1, -1):
        tok = doc[i]
        # "Here's Clinton in December 1992:": a date is when, not who.
        if tok.ent_type_ in NO_SPEAKER_ENTS or _addressed(tok):
            return None
        if tok.ent_type_ == "PERSON" or tok.pos_ in ("PROPN", "PRON"):
            return tok
    return None


def _introduced_by_name(ctx: QuoteContext, cue: Token, lo: int, hi: int) -> bool:
    """A person's name (or a proper noun the tagger left unlabelled) right before the colon
    that introduces the quote, after the verb ``cue`` and not the object of a preposition."""
    named = _colon_name(ctx, lo, hi)
    return (
        named is not None
        and cue.i < named.i
        # "wrote on Facebook:", "added about Carson:": a place or a topic of the verb.
        and named.dep_ != "pobj"
        and (named.ent_type_ == "PERSON" or (named.pos_ == "PROPN" and not named.ent_type_))
    )


def _addressed(tok: Token) -> bool:
    """``delivered a blunt message to Trump: "..."``: a name after "to" hears the words, and
    one after "with" is who the speaker is set against ("contrasted the Republican candidate
    with Clinton: "..."")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "for", "toward", "towards", "with")


def _colon_speaker(ctx: QuoteContext, lo: int, hi: int) -> Token | None:
    """``Smith: "..."``: a name right before a colon that introduces the quote; else a
    person a few words further back, or the subject of the introducing sentence."""
    doc = ctx.doc
    if not _introduces(doc, lo, hi):
        return None
    named = _colon_name(ctx, lo, hi)
    if named is not None:
        return named
    end = hi - 2
    # "Here's Clinton in December 1992:": a person a few words further back.
    for i in range(end, max(lo, end - 8) - 1, -1):
        # The last word of the name.
        if doc[i].ent_type_ == "PERSON" and doc[i + 1].ent_iob_ != "I" and not _addressed(doc[i]):
            return doc[i]
    # "Sanders made the following comment:", "Obama is rolling out a new message:": the
    # subject of the introducing sentence, when it names someone.
    if ctx.has_parse:
        root = _introducing_verb(ctx, hi - 1)
        subj = subject_of(root, ctx.outside)
        if subj is not None and (
            subj.ent_type_ in ("PERSON", "ORG")
            or subj.lower_ in ("he", "she", "they")
            # "Hoff's letter makes a libertarian-style case:": an owned document speaks for
            # its owner.
            or (
                subj.lemma_.lower() in OWNED_NOUNS
                and any(c.dep_ == "poss" and _names_someone(c) for c in subj.children)
            )
        ):
            return subj
    return None


def _introducing_verb(ctx: QuoteContext, colon: int) -> Token:
    """The verb of the words before the colon; the sentence's root, unless the parse made a
    word of the quotation the root and hung the introduction from it ("McConnell delivered a
    message to Trump: "It's time ...""): then the verb heading the introduction."""
    doc = ctx.doc
    sent = doc[colon].sent
    if ctx.quote_of[sent.root.i] == -1 and sent.root.i < colon:
        return sent.root
    region = range(sent.start, colon)
    for i in region:
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") and tok.head.i not in region:
            return tok
    return sent.root


def _after_zone(ctx: QuoteContext, span: QuotedSpan, last: int, next_start: int) -> tuple[int, int]:
    """Unquoted tokens after the quote's closing mark that can still belong to its sentence."""
    doc = ctx.doc
    hi = min(ctx.token_range(next_start, next_start)[0], len(doc))
    para_end = ctx.paragraph(span.start)[1]
    hi = min(hi, ctx.token_range(para_end, para_end)[0])
    lo = last
    # Skip the closing mark itself and punctuation glued to it.
    while (
        lo < hi
        and (doc[lo].is_punct or doc[lo].is_space)
        and not _is_dash(doc[lo])
        and doc[lo].text != "("
    ):
        lo += 1
    inner = ctx.text[span.start : span.end].rstrip()
    if (
        inner.endswith(tuple(_SENTENCE_END))
        and lo < hi
        and doc[lo].is_sent_start
        and not _is_dash(doc[lo])
        # '"...!" the presumptive nominee, Donald Trump, tweeted': a lower-case word never
        # opens a sentence; the parse split it after the quote's own mark.
        and not doc[lo].text[:1].islower()
    ):
        # The quote closed its own sentence; a capitalised sentence after it begins a new
        # statement unless it is the classic "He said." tail.
        tail = [t for t in doc[lo:hi] if not t.is_punct][:3]
        if not (tail and any(is_quote_cue(t) for t in tail)) and not _attribution_sentence(
            ctx, lo, hi
        ):
            return lo, lo
    end = lo
    while end < hi and (end == lo or not doc[end].is_sent_start):
        end += 1
    cap = lo + 12
    if end > cap:
        # "...!" Scott's niece, state Del. Ann Roe (D-Va.), shouted: a long subject before the
        # verb of a sentence that only attributes the quote.
        root = _attribution_sentence(ctx, lo, end)
        if root is not None:
            cap = root.i + 2
    return lo, min(end, cap)


def _attribution_sentence(ctx: QuoteContext, lo: int, hi: int) -> Token | None:
    """The verb of a sentence right after a quote that only attributes it: ``"...?" a narrator
    in the ad asks.`` Its root is a quote cue with a subject and no clause of its own to report.
    """
    if not ctx.has_parse or lo >= hi:
        return None
    doc = ctx.doc
    sent = doc[lo].sent
    root = sent.root
    # What follows the verb is only its circumstances (checked below), however long ('"...!"
    # Rep. Glenn Thompson, R-Pa., said of the swirl of convention activities.').
    if not (lo <= root.i < hi) or root.i - lo > 20 or sent.end - root.i > 14:
        return None
    # A plain verb of saying, active, with nothing of its own to report ("India has been hit by
    # protests" is no attribution).
    if not is_speech_verb(root) or root.lemma_.lower() in WEAK_LEMMAS:
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "nsubjpass", "auxpass") for c in root.children):
        return None
    if subject_of(root, ctx.outside) is None:
        return None
    return root


def _before_zone(ctx: QuoteContext, span: QuotedSpan, first: int, prev_end: int) -> tuple[int, int]:
    """Unquoted tokens before the opening mark, back to the sentence or paragraph start."""
    doc = ctx.doc
    para_start = ctx.paragraph(span.start)[0]
    lo = max(ctx.token_range(prev_end, prev_end)[0], ctx.token_range(para_start, para_start)[0])
    hi = first
    while hi > lo and (
        doc[hi - 1].is_space or (doc[hi - 1].is_punct and not doc[hi - 1].text.endswith((":", ",")))
    ):
        hi -= 1
    if hi > lo:
        sent_start = ctx.sent_start(doc[hi - 1])
        lo = max(lo, sent_start)
    return lo, hi


def _quote_kind(ctx: QuoteContext, span: QuotedSpan, lo: int, hi: int) -> QuoteKind:
    """``direct`` when the quote stands as its own utterance, ``partial`` inside a paraphrase."""
    para_start = ctx.paragraph(span.start)[0]
    before = ctx.text[para_start : max(para_start, span.start - 1)].rstrip()
    if not before or before[-1] in ':,.?!\u2014\u2013-"\u201d)':
        return "direct"
    if hi > lo and is_quote_cue(ctx.doc[hi - 1]):
        return "direct"
    return "partial"


def _fallback_subject(cue: Token) -> Token | None:
    """``"...," said Smith`` parsed with Smith as an object: the name right after the verb.

    Not for naming verbs: the object of "called" is what gets the name, not who speaks.
    """
    doc = cue.doc
    fronted = subject_read_as_apposition(cue)
    if fronted is not None:
        return fronted
    # "..., Obama and Clinton call them "lone wolves"" parsed with the names joined to the
    # phrase before: a name right before a finite verb that has no subject is its subject;
    # also past a parenthesis ("Sen. Ann Roe (D-MA) said"), an adverb ("famously said") and
    # an age or mood set off by commas ("Ramos, 58, told", "Clinton, exasperated, replied").
    k = cue.i - 1
    while k > 0 and doc[k].tag_ == "RB" and not (doc[k].is_title and not doc[k].is_sent_start):
        k -= 1
    if k > 0 and doc[k].text == ")":
        k = before_parenthesis(cue, k)
    elif (
        k > 2
        and doc[k].text == ","
        and doc[k - 2].text == ","
        and doc[k - 1].tag_ in ("CD", "JJ", "VBN", "VBD")
    ):
        k -= 3
    before = doc[k] if k >= 0 else None
    # The tagger may miss a surname ('"...," Conway notes'): a capitalised proper noun then.
    if (
        before is not None
        and (
            before.ent_type_ == "PERSON"
            or (before.pos_ == "PROPN" and before.ent_type_ in ("", "ORG") and before.is_title)
            # ", Early described it as ..." with the name mistagged (an adverb), as after
            # the verb below: a capitalised word that does not open its sentence.
            or (
                before.is_title
                and not before.is_sent_start
                and not before.is_stop
                and before.pos_ in ("ADV", "NOUN", "ADJ")
                and not before.ent_type_
            )
        )
        and (cue.tag_ in ("VBD", "VBZ", "VBP") or _past_read_as_participle(cue))
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
    ):
        return before
    # "Flea shared the news last week, writing "Feels great ..."" with "writing" parsed into
    # the quotation, 'trashed Comey on "Morning Joe," calling it a "no-brainer"' with a
    # sentence started at the show's name: a participle takes the subject of the finite verb
    # before it.
    matrix = _finite_verb_before(cue)
    if matrix is not None:
        return subject_of(matrix)
    opener = _sentence_opening_subject(cue)
    if opener is not None:
        return opener
    if not is_speech_verb(cue):
        return None
    # "told AFP": the object of a verb with an addressee is the listener.
    listener = cue.lemma_.lower() in _ADDRESSEE_LEMMAS
    for child in cue.rights:
        if (
            child.dep_ in ("dobj", "attr", "npadvmod", "oprd", "nsubj")
            and not (listener and child.dep_ == "dobj")
            and child.pos_ == "PROPN"
            and _is_usable_subject(child)
        ):
            return child
    # "Said Ellis:" parsed as a compound of the name.
    if cue.dep_ == "compound" and cue.head.pos_ == "PROPN":
        return cue.head
    for i in range(cue.i + 1, min(len(doc), cue.i + 4)):
        if doc[i].is_quote or cue.lemma_.lower() in _TARGET_LEMMAS:
            # 'to counter "Hillary Clinton's rhetoric"': a name inside a quotation; "accused
            # Cruz": whom the verb is aimed at.
            break
        if doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B":
            j = i
            while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
                j += 1
            return doc[j]
    # '"...," said the woman, who ...' parsed with the noun as the subject of the clause after
    # it: the noun phrase right after a verb of saying that follows the quote is its subject.
    described = _description_after(cue)
    if described is not None:
        return described
    # '"...," said Skelly, explaining' with the name mistagged (an adverb): a capitalised word
    # right after the verb, when it is not a sentence's first word, is an inverted subject.
    nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if (
        nxt is not None
        and nxt.text[:1].isupper()
        and not nxt.is_stop
        and not nxt.is_sent_start
        and nxt.pos_ in ("PROPN", "ADV", "NOUN", "ADJ", "VERB")
        and _is_usable_subject(nxt)
        and cue.lemma_.lower() not in _ADDRESSEE_LEMMAS | _TARGET_LEMMAS
    ):
        return nxt
    return None


def _sentence_opening_subject(cue: Token) -> Token | None:
    """'Clinton supports "pay raises," opposes "pay freezes" and recalled the freeze: "..."':
    quotations inside a sentence of coordinated verbs derail the parse, so that the last verb
    reaches no subject; the name that opens the sentence as a subject is every verb's."""
    if cue.dep_ != "conj":
        return None
    first = next((t for t in cue.sent if not (t.is_punct or t.is_space)), None)
    while first is not None and first.dep_ == "compound" and first.head.i > first.i:
        first = first.head
    if (
        first is None
        or first.i >= cue.i
        or first.dep_ not in ("nsubj", "nsubjpass")
        or not (first.ent_type_ == "PERSON" or first.pos_ == "PROPN")
    ):
        return None
    return first


def _past_read_as_participle(verb: Token) -> bool:
    """ "And Skelly called Braynard ...": a participle heading its sentence with no auxiliary,
    or one the parse makes a modifier of the name after it ("Trump accused Cruz, the senator
    from Texas, of being ..."), is a past tense the tagger misread."""
    return (
        verb.tag_ == "VBN"
        and (verb.dep_ == "ROOT" or (verb.dep_ == "amod" and verb.head.pos_ == "PROPN"))
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _name_hung_on(cue: Token) -> Token | None:
    """'"Cruz," Beck joked' parsed with the name as a modifier of the verb and the verb as a
    complement of the clause before: a person's name right before a finite verb that has no
    subject is its subject, before any climb to another verb's subject."""
    if cue.i == 0 or cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    before = cue.doc[cue.i - 1]
    if (
        before.head.i != cue.i
        or before.dep_ in ("nsubj", "nsubjpass")
        or before.ent_type_ != "PERSON"
        or before.pos_ != "PROPN"
        or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in cue.children)
    ):
        return None
    return before


def _finite_verb_before(cue: Token) -> Token | None:
    """For a participle with no clause of its own in the parse, the nearest finite verb
    before it in its sentence, across a comma."""
    doc = cue.doc
    comma = cue.i - 1
    # 'trashed Comey on MSNBC's "Morning Joe," calling it': the comma inside the quotation.
    if comma > 0 and doc[comma].is_quote and doc[comma - 1].text == ",":
        comma -= 1
    if cue.tag_ != "VBG" or comma < 1 or doc[comma].text != ",":
        return None
    start = cue.sent.start
    # The parse may start a sentence at that quotation or at the participle itself.
    if start > 0 and start >= comma - 3:
        start = doc[start - 1].sent.start
    for k in range(comma - 1, start - 1, -1):
        tok = doc[k]
        if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ", "VBP"):
            return tok
    return None


def _description_after(cue: Token) -> Token | None:
    """The head noun of "the woman" in '"...," said the woman': a determiner, then modifiers,
    then the noun, right after a verb of saying that comes right after a closing quote."""
    doc = cue.doc
    k = cue.i - 1
    while k >= 0 and (doc[k].is_punct and not doc[k].is_quote):
        k -= 1
    if k < 0 or not doc[k].is_quote or cue.i + 1 >= len(doc):
        return None
    if doc[cue.i + 1].lower_ not in ("the", "a", "an", "one", "another"):
        return None
    for i in range(cue.i + 2, min(len(doc), cue.i + 7)):
        tok = doc[i]
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") and (
            nxt is None or nxt.is_punct or nxt.lower_ in ("who", "whose")
        ):
            head = tok
            return head if head.pos_ != "ADJ" or _is_age(head) else None
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM", "ADV") and tok.text != "-":
            return None
    return None


def _name_after(ctx: QuoteContext, lo: int, hi: int) -> Token | None:
    """A person named right after a quote: ``"...," Smith, the mayor, said``, ``"...," said
    Smith`` or ``"...," Tulsa police Chief Ann Roe said``.

    The parser often hangs such a name off the wrong verb; the position is the stronger signal.
    A name counts when it sits next to a speech verb within the first few words.
    """
    doc = ctx.doc
    end = min(hi, lo + 12)
    verb_at = next((i for i in range(lo, end) if is_speech_verb(doc[i])), None)
    if verb_at is None:
        return None
    # "told Bill": after a verb with an addressee, the name is the listener; and after a verb
    # whose subject comes before it ('"..." He said Nunberg was'), the name is what it reports.
    addressee_verb = doc[verb_at].lemma_.lower() in _ADDRESSEE_LEMMAS | _TARGET_LEMMAS or any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i < verb_at for c in doc[verb_at].children
    )
    # '"...," when Clinton blasted him': a clause of time or cause after the quote tells a
    # circumstance, not who spoke.
    if any(doc[k].tag_ == "WRB" or doc[k].pos_ == "SCONJ" for k in range(lo, verb_at)):
        return None
    first_word = lo
    while first_word < end and (doc[first_word].is_punct or doc[first_word].is_space):
        first_word += 1
    i = lo
    while i < end:
        tok = doc[i]
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
            j = i
            while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
                j += 1
            # "Obama's former strategist said": a possessor is not the speaker; nor is the
            # object of a preposition ('"kept us safe" on Twitter before claiming').
            possessive = doc[j].dep_ in ("poss", "pobj") or (
                j + 1 < len(doc) and doc[j + 1].lower_ in ("'s", "\u2019s")
            )
            after_verb = verb_at == i - 1 and not addressee_verb
            # "Flynn, a top surrogate, said": a name opening the tail, the verb after it.
            before_verb = verb_at in (j + 1, j + 2) or (i == first_word and verb_at > j)
            if not possessive and (after_verb or before_verb):
                # "the Lowe campaign said": the name modifies the noun that speaks.
                if doc[j].dep_ == "compound" and doc[j].head.i > j and doc[j].head.pos_ == "NOUN":
                    return doc[j].head
                return doc[j]
            i = j + 1
            continue
        i += 1
    return None


def _dash_speaker(ctx: QuoteContext, lo: int, hi: int) -> Token | None:
    """Attribution by a dash after the quote: ``"..." ― Jane Roe``."""
    doc = ctx.doc
    if not (lo < hi and (_is_dash(doc[lo]) or _dash_glued_to_name(doc[lo]))):
        return None
    # The name starts within a few words of the dash (white space does not count) and runs
    # over its capitalised words ("― Ana N Luis Ortega"); its last word is the head.
    j = lo + 1 if _is_dash(doc[lo]) else lo
    while j < hi and doc[j].is_space:
        j += 1
    start = next((k for k in range(j, min(hi, j + 4)) if doc[k].pos_ == "PROPN"), None)
    if start is None:
        return None
    end = start
    while end + 1 < hi and doc[end + 1].pos_ == "PROPN":
        end += 1
    return doc[end]


def _name_after_title(head: Token | None) -> Token | None:
    """``said Army Capt. Ann Roe``, ``said Air Force 1st Lt. Ann Roe``: a proper-noun subject
    that opens a run of capitalised words with an abbreviated title before a name (the parse
    took "Capt" for the subject) gives way to the name."""
    if head is None or head.ent_type_ == "PERSON" or head.pos_ != "PROPN":
        return head
    doc = head.doc
    i = head.i + 1
    titled = head.lower_.rstrip(".") in TITLE_ABBREVIATIONS
    while i < len(doc) and i <= head.i + 4 and doc[i].ent_type_ != "PERSON":
        tok = doc[i]
        if tok.text == ".":
            if doc[i - 1].lower_ not in TITLE_ABBREVIATIONS:
                return head
        elif not (tok.is_title or tok.is_upper or tok.text[:1].isdigit()):
            return head
        titled = titled or tok.lower_.rstrip(".") in TITLE_ABBREVIATIONS
        i += 1
    if not titled:
        return head
    if i >= len(doc) or doc[i].ent_type_ != "PERSON" or doc[i].ent_iob_ != "B":
        return head
    while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        i += 1
    return doc[i]


def _name_after_long_title(head: Token | None) -> Token | None:
    """``said Oversight ranking Democrat Elijah Cummings``, ``mused Blaze co-host Stu Roe``: a
    subject that opens a title of capitalised and role words running straight into a name
    (the parse took the title's first word for the subject) gives way to the name."""
    if head is None or head.ent_type_ == "PERSON" or head.pos_ not in ("PROPN", "NOUN"):
        return head
    doc = head.doc
    for i in range(head.i + 1, min(len(doc), head.i + 9)):
        tok = doc[i]
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
            while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
                i += 1
            return doc[i]
        # A known first name the tagger left out of any entity, then the surname.
        if (
            tok.lower_ in FIRST_NAME_GENDER
            and tok.pos_ == "PROPN"
            and i + 1 < len(doc)
            and doc[i + 1].pos_ == "PROPN"
            and doc[i + 1].is_title
        ):
            return doc[i + 1]
        # "Vice President for news and talk Dave Roe": a title's own "for", "of" and "and".
        title_word = (
            tok.pos_ in ("PROPN", "NOUN", "ADJ")
            # "news and talk" with "talk" read as a bare verb, "marketing" as a participle.
            or (tok.tag_ in ("VBG", "VB") and tok.text.islower())
            or (tok.lower_ in ("for", "of") and _title_cased(doc[i - 1]))
            or (tok.lower_ == "and" and i + 1 < len(doc) and doc[i + 1].ent_type_ != "PERSON")
        )
        if not (title_word or tok.text == "-") or tok.is_space:
            return head
    return head


def _title_cased(tok: Token) -> bool:
    """A capitalised title word inside a sentence ("Vice President", "Gov."), not a name."""
    return tok.is_title and not tok.is_sent_start and tok.ent_type_ != "PERSON"


def _gerund_speaker(cue: Token) -> Token | None:
    """``footage of Clinton asking, "..."``: the person right before a speaking participle."""
    if cue.tag_ != "VBG" or cue.i == 0:
        return None
    before = cue.doc[cue.i - 1]
    # The tagger sometimes calls a person an organisation; a proper noun is still a name.
    named = before.ent_type_ == "PERSON" or (
        before.pos_ == "PROPN" and before.ent_type_ in ("ORG", "")
    )
    # Not whom something is addressed to: "wrote a letter to Attorney General Loretta E.
    # Lynch asking the Justice Department to investigate ...".
    return before if named and not _addressed(before) else None


def _nearer_cue(ctx: QuoteContext, cue: Token | None, lo: int, hi: int) -> Token | None:
    """``The spot ends with footage of Trump saying, "..."``: a person's speaking participle
    right before the quote introduces it, even when the parse hangs the quote from an
    earlier verb of the sentence ("ends", "concludes"); so does a verb with a subject of its
    own right before a colon that opens the quote ('"...," Cruz said as the heckler yelled:
    "You suck!"')."""
    if cue is None or not lo <= cue.i < hi:
        return None
    near = _cue_in(ctx, lo, hi, nearest_last=True)
    if near is None or near.i <= cue.i:
        return None
    if _gerund_speaker(near) is not None or _introduces_with_colon(ctx, near, hi):
        return near
    return None


def _is_dash(tok: Token) -> bool:
    # The tokenizer may glue the closing mark to the dash ("”―").
    return tok.text.lstrip("\"'\u201d\u2019") in _DASHES


def _is_usable_subject(tok: Token | None) -> bool:
    # A time stamp or number parsed as subject ("12:15 p.m. Trump says") names nobody; nor
    # does a preposition with its object ('Of Carson, Levine ... said' parsed with "Of"),
    # though a surname may look like one ('"...," From said', Al From).
    return (
        tok is not None
        and (
            tok.ent_type_ not in ("TIME", "DATE", "CARDINAL", "MONEY")
            or _is_age(tok)
            # "One of the university's executives, Michael Sexton, testified"
            or (tok.lower_ == "one" and any(c.dep_ in ("prep", "appos") for c in tok.children))
        )
        and not (tok.pos_ == "ADP" and any(c.dep_ == "pobj" for c in tok.children))
    )


def _is_age(tok: Token) -> bool:
    """ "the 46-year-old": a person named by their age, which the model tags as a date."""
    return tok.lower_ == "old" and any(c.lower_ in ("year", "years") for c in tok.children)


# Dependencies through which a cue can sit inside the reported speech of an outer speech verb.
_NESTING_DEPS = frozenset(
    [
        "ccomp",
        "xcomp",
        "acl",
        "relcl",
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "advcl",
    ]
)
_MAX_NESTING_CLIMB = 6
# Verbs of saying only when they take the words themselves ('he began, "..."'): as outer
# verbs they report nothing ("bidding was to begin on what Zimmerman described as ...").
_ASPECT_LEMMAS = frozenset(["begin", "continue"])


def _outer_speaker(ctx: QuoteContext, cue: Token) -> Token | None:
    """The speaker whose reported speech contains the cue: ``Paula Grant said her rival once
    described the plan as "a fantasy"``, ``Holm said in the letter that the ad "wrongfully"
    suggests``. The words are the outer speaker's account, and news attribution credits them,
    except a label a named person gave (below).

    Climbs from the cue through complements, modifiers and arguments (never a coordination: in
    ``she said ... and replied`` both verbs are hers) to a verb of saying in the same sentence
    and paragraph, outside any quotation, whose subject names someone.
    """
    # "Trump said Clinton once described the deal as "the gold standard"": a label is the
    # words of whoever named the thing so, however the naming is reported.
    # ("called on members to ..." and "called for ..." name nothing.)
    if cue.lemma_.lower() in NAMING_LEMMAS and not any(
        c.dep_ in ("prt", "prep") and c.lower_ in ("on", "for") and c.i == cue.i + 1
        for c in cue.children
    ):
        own = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if own is not None and own.pos_ == "PROPN" and _is_person(own):
            return None
    sent_start = ctx.sent_start(cue)
    para_start, para_end = ctx.paragraph(cue.idx)
    # A cue in an adverbial clause with a speaker of its own ("while Cruz said that ...") is
    # that speaker's however high the climb goes: the parse often hangs such a clause inside
    # the report beside it.
    own_clause = (
        cue.dep_ == "advcl"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
        and cue.lemma_.lower() not in WEAK_LEMMAS
    )
    node = cue
    for _ in range(_MAX_NESTING_CLIMB):
        # Through a coordination only of things reported ("The FBI looked ... and did not
        # find "ties ...," said its director"; "Paul said the plan would cost too much, and
        # called it "a gift"", which the parse joins to the reported clause): never of two
        # verbs of saying, nor of a clause with a subject of its own ("..., and the engineer
        # replied").
        inside = node.dep_ in _NESTING_DEPS or (
            node.dep_ == "conj"
            and not is_speech_verb(node.head)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
        )
        if not inside or node.head.i == node.i:
            return None
        # A clause of time or cause is a circumstance of the outer verb, not what it reports:
        # in "Pike criticised Lopez after she described it as ..." the words are Lopez's.
        circumstance = own_clause or node.dep_ == "advcl"
        node = node.head
        if node.i < sent_start or not para_start <= node.idx < para_end:
            return None
        # The way up may pass a scare-quoted word (The four "loopholes" he cited are "..."
        # reported X); the verb of saying itself must be outside quotation marks.
        if ctx.quote_of[node.i] != -1:
            continue
        if (
            not circumstance
            and is_speech_verb(node)
            and node.lemma_.lower() not in NAMING_LEMMAS | _ASPECT_LEMMAS
        ):
            subj = subject_of(node, ctx.outside)
            # A document reports too: "The statement noted they had said they would take
            # "further measures"" is the statement's account.
            if subj is not None and (
                _is_person(subj)
                or subj.lower_ == "they"
                or subj.lemma_.lower() in DOCUMENT_NOUNS
                # "said the bureau's director, James B. Comey": a role a name is given.
                or any(c.dep_ == "appos" and _is_person(c) for c in subj.children)
            ):
                return subj
    return None


def _matrix_speaker(ctx: QuoteContext, cue: Token, head: Token | None) -> Token | None:
    """``Francis made clear that his meeting was not political, saying that ... "..."``: a
    participle of saying without a subject belongs to the sentence's main clause, though the
    parse hangs it from a clause inside it and lends it that clause's subject ("meeting"),
    which names nobody. The main clause's subject, when it names someone, speaks."""
    if (
        head is None
        or _is_person(head)
        or head.pos_ == "PRON"
        or cue.tag_ != "VBG"
        or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
    ):
        return None
    lender = head.head
    # Only a state lends ("was not political", "had the components"): the subject of an act
    # ("a maintenance guy walks in, saying ...") may well be the one saying.
    if lender.lemma_.lower() not in ("be", "have") or is_according_to(cue):
        return None
    sent_start = ctx.sent_start(cue)
    for verb in lender.ancestors:
        if verb.i < sent_start or ctx.quote_of[verb.i] != -1:
            return None
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and ctx.outside(subj):
            return subj if _is_person(subj) and subj.tag_ not in ("WDT", "WP") else None
    return None


def _clause_owner(
    ctx: QuoteContext, first: int, last: int, cue: Token
) -> tuple[Token, Token] | None:
    """The verb and subject of an adverbial clause holding the quote under the cue: ``as Trump
    went on about "how the system is rigged," Melanie said yes``. The clause's own subject says
    the words, not the subject of the verb the clause modifies.
    """
    doc = ctx.doc
    node = _head_outside(doc, first, last)
    if node is None:
        return None
    pending: tuple[Token, Token] | None = None  # the nearest verb with a subject of its own
    for _ in range(_MAX_CLIMB + 2):
        if node.i == cue.i or ctx.quote_of[node.i] != -1 or node.head.i == node.i:
            return None
        if pending is None and node.pos_ == "VERB":
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is None and node.tag_ in ("VBG", "VBN"):
                return None  # "while chanting": a participle shares a subject found elsewhere
            if subj is not None and _is_person(subj):
                pending = (node, subj)
        if node.dep_ == "advcl" and node.head.i == cue.i:
            return pending
        node = node.head
    return None


def _find_quote_attributions(
    ctx: QuoteContext, spans: list[QuotedSpan], reports: list[Attribution]
) -> list[Attribution]:
    out: list[Attribution] = []
    report_starts = [r.start for r in reports]
    for qi, span in enumerate(spans):
        first, last = ctx.token_range(span.start, span.end)
        if first >= last:
            continue
        next_start = spans[qi + 1].start - 1 if qi + 1 < len(spans) else len(ctx.text)
        prev_end = spans[qi - 1].end + 1 if qi > 0 else 0
        b_lo, b_hi = _before_zone(ctx, span, first, prev_end)
        a_lo, a_hi = _after_zone(ctx, span, last, next_start)
        cue = _governing_cue(ctx, qi, first, last)
        cue = _nearer_cue(ctx, cue, b_lo, b_hi) or cue
        words = ctx.text[span.start : span.end].split()
        cue = _tail_report(ctx, cue, first, a_lo, a_hi, words) or cue
        if cue is not None and cue.i < b_hi and _introduced_by_name(ctx, cue, b_lo, b_hi):
            # "Pollsters agree - Carl Bialik: "..."": the name the colon introduces, not the
            # verb before it, gives the words (found again below with the colon's name).
            cue = None
        framing = None  # a remark or a framing verb the quote is under: its owner speaks
        content = _remark_content(ctx, first, last)
        if content is not None:
            # "Politifact ruled that Trump's statement about "thousands of shootings" is
            # true": what a possessed remark is about is its owner's words, whatever verb the
            # sentence reports them with.
            cue = framing = content
        if cue is None:
            # "Trump stood by his comment that "Islam hates us," refusing to ...": words under
            # someone's remark are theirs, whatever verb of saying stands nearby.
            cue = framing = _possessed_speech_noun(ctx, first, last)
        if cue is None and len(words) < _MIN_UNCUED_WORDS:
            # 'defended his manager as a "very decent man" hours after the staffer was
            # charged': the verb the short quotation is framed by is its own, whatever verb of
            # saying stands in the next clause. Without one, a short quote nobody is said to
            # say is a scare quote or a name (dropped below).
            cue = framing = _characterizing_verb(ctx, first, last)
        if cue is None:
            cue = _cue_in(ctx, a_lo, a_hi, nearest_last=False) or _dialogue_tag(ctx, a_lo, a_hi)
        if cue is None:
            cue = _cue_in(ctx, b_lo, b_hi, nearest_last=True)
            if cue is not None and _introduced_by_name(ctx, cue, b_lo, b_hi):
                # "Pollsters agree - Carl Bialik: "..."": the name the colon introduces.
                cue = None
            prev_cue = out[-1].cue if out else None
            # '"A," said Murphy, using a term Rubio used to describe Trump. "B"': the words
            # between are the first quote's attribution, with B in the same voice; a verb in
            # a clause of it is no cue of B's.
            if (
                cue is not None
                and prev_cue is not None
                and b_lo <= prev_cue.i < cue.i < b_hi
                and out[-1].end <= span.start
            ):
                cue = None
        head = None
        if framing is not None:
            head = _owner_of_framing(ctx, framing)
        elif cue is not None:
            head = _gerund_speaker(cue) or _name_hung_on(cue) or subject_of(cue, ctx.outside)
            if not _is_usable_subject(head):
                head = _fallback_subject(cue)
            head = _name_after_title(head)
            head = _name_after_long_title(head)
            after_name = _name_after(ctx, a_lo, a_hi)
            # A name right after the quote wins over a subject the parse found elsewhere,
            # unless that subject is a person or a pronoun.
            if after_name is not None and (
                head is None or (head.ent_type_ != "PERSON" and head.pos_ != "PRON")
            ):
                head = after_name
            # A cue inside someone else's reported speech: the outer speaker is credited; not
            # a report right after the quotation with its own subject ('Comey cannot say that
            # "from his perspective," Lewandowski added', which the parse hangs inside).
            tail = (
                head is not None
                and last <= head.i < cue.i
                and cue.i - last <= 6
                and head.pos_ == "PROPN"
                and _is_person(head)
            )
            if not tail:
                head = _outer_speaker(ctx, cue) or head
            head = _matrix_speaker(ctx, cue, head) or head
            # A quote in a clause of time or manner with its own subject: that subject's words.
            owner = _clause_owner(ctx, first, last, cue)
            if owner is not None:
                cue, head = owner
        else:
            head = (
                _colon_speaker(ctx, b_lo, b_hi)
                or _dash_speaker(ctx, a_lo, a_hi)
                or _next_line_dash_speaker(ctx, last)
            )
        para_start = ctx.paragraph(span.start)[0]
        if cue is None and head is None and b_hi == b_lo and para_start > 1:
            # A paragraph that opens with a quote but names no speaker: a previous paragraph
            # ending in a colon ("He said:") gives it.
            prev_text = ctx.text[: para_start - 1].rstrip()
            p_first = ctx.token_range(len(prev_text) - 1, len(prev_text))[0]
            # Not a colon inside a quotation ('"... Here they are:' / '"Has the candidate
            # ...?"'): the quoted voice goes on, and its "they" speaks for nobody.
            if prev_text.endswith(":") and ctx.quote_of[p_first] == -1:
                cue = _cue_in(ctx, ctx.sent_start(ctx.doc[p_first]), p_first, nearest_last=True)
                if cue is not None:
                    head = subject_of(cue, ctx.outside)
                else:
                    head = _colon_speaker(ctx, ctx.sent_start(ctx.doc[p_first]), p_first + 1)
        attribution = Attribution(
            start=span.start,
            end=span.end,
            kind=_quote_kind(ctx, span, b_lo, b_hi),
            cue=cue,
            head=head,
        )
        if head is None and cue is None and b_hi == b_lo and span.start - 1 == para_start:
            # A paragraph that opens with a quote nobody is said to say, after a paragraph
            # that ends with someone's report ("Carter said that ... ." / "“That's because
            # ...”"): the reporter goes on, unless a quotation came after the report.
            report = _last_report_before(ctx, reports, report_starts, para_start)
            if report is not None and (not out or out[-1].start < report.start):
                attribution.head = head = report.head
        if head is None and out:
            prev = out[-1]
            prev_p = ctx.paragraph(prev.start)[0]
            same_para = prev_p == para_start
            adjacent = (
                span.start - 1 == para_start
                and prev_p < para_start
                and ctx.text[prev.end : para_start].count("\n") <= 3
            )
            # 'X described her as a "disgrace" after she blamed it on "bias"': a quote in a
            # clause of time or cause of the previous quote's verb is that clause subject's.
            owner = _clause_owner(ctx, first, last, prev.cue) if same_para and prev.cue else None
            if owner is not None:
                attribution.cue, attribution.head = owner
            elif same_para or adjacent:
                attribution.inherit_from = len(out) - 1
                attribution.kind = "direct" if prev.kind == "direct" else attribution.kind
        if out and coordinated(ctx.text, out[-1].end, span):
            # "called her "Miss Piggy" and "Miss Housekeeping"": the second quote shares the
            # first one's cue and speaker, whatever it looks like on its own.
            prev = out[-1]
            attribution.cue, attribution.head, attribution.kind = prev.cue, prev.head, prev.kind
            attribution.inherit_from = prev.inherit_from
            out.append(attribution)
            continue
        if attribution.head is None and attribution.inherit_from is None and cue is None:
            if len(words) >= _MIN_UNCUED_WORDS or _stands_alone(ctx, span):
                # A long quotation is one even when the parse hides its speaker, and so is a
                # short one that is a sentence of its own ("Building it? Not negotiable."):
                # the person acting on it or introduced just before it is the likely one.
                attribution.head = _context_speaker(ctx, span, first, last)
                if (
                    len(words) < _MIN_UNCUED_WORDS
                    and attribution.head is None
                    and not (ctx.text[span.end + 1 : ctx.paragraph(span.start)[1]].strip())
                ):
                    continue  # a short paragraph in marks that nobody says: a sign-off line
            else:
                continue  # a scare quote or a name: nobody is said to say it
        if (
            (
                looks_like_title(words)
                and not framed_as_label(ctx.text, span)
                and (after_possessive(ctx.text, span) or not _names_directly(ctx, cue, first, last))
            )
            or is_transcript_line(ctx.text, span)
            or is_nickname(ctx.text, span)
            or (span.start < ctx.headline_end)
        ):
            continue
        out.append(attribution)
    return out


def _stands_alone(ctx: QuoteContext, span: QuotedSpan) -> bool:
    """A quotation that is a sentence of its own: it opens its sentence (nothing before it in
    the paragraph but a finished sentence) and ends in the sentence's mark or the comma that
    hands over to an attribution ("Go back to Univision," Trump barked). A scare quote or a
    title sits inside someone else's sentence."""
    para_start = ctx.paragraph(span.start)[0]
    before = ctx.text[para_start : span.start - 1].rstrip()
    inner = ctx.text[span.start : span.end].rstrip()
    # In single marks a paragraph alone is a section heading ('A healthy environment.').
    return (
        span.double
        and (not before or before.endswith((".", "!", "?")))
        and inner.endswith((".", "!", "?", ","))
    )


def _last_report_before(
    ctx: QuoteContext, reports: list[Attribution], starts: list[int], para_start: int
) -> Attribution | None:
    """The last indirect report of the paragraph right before ``para_start``, when it is
    that paragraph's last sentence."""
    k = bisect.bisect_left(starts, para_start) - 1
    if k < 0 or para_start < 2:
        return None
    report = reports[k]
    prev_start, prev_end = ctx.paragraph(para_start - 2)
    if not prev_start <= report.start < prev_end or report.head is None:
        return None
    # Nothing but the sentence's end between the report and the paragraph break.
    if ctx.text[report.end : prev_end].strip(" .\"'\u201d\u2019)") != "":
        return None
    return report


def _next_line_dash_speaker(ctx: QuoteContext, last: int) -> Token | None:
    """A quote signed on the next line: ``"..."`` then ``- Sanders.`` or ``-Jane Roe, Ohio``."""
    doc = ctx.doc
    i = last
    while i < len(doc) and (doc[i].is_space or (doc[i].is_punct and not _is_dash(doc[i]))):
        if doc[i].is_punct and not doc[i].is_quote and doc[i].text not in ".,":
            return None
        i += 1
    if (
        i >= len(doc)
        or not (_is_dash(doc[i]) or _dash_glued_to_name(doc[i]))
        or "\n" not in ctx.text[doc[last - 1].idx : doc[i].idx]
    ):
        return None
    return _dash_speaker(ctx, i, min(len(doc), i + 8))


def _dash_glued_to_name(tok: Token) -> bool:
    """``-Michelle Marks, Philadelphia.``: the tokenizer keeps a hyphen on the name it signs."""
    return (
        len(tok.text) > 2
        and tok.text[0] in _DASHES
        and tok.text[1].isupper()
        and tok.pos_ == "PROPN"
    )


def _context_speaker(ctx: QuoteContext, span: QuotedSpan, first: int, last: int) -> Token | None:
    """A person for a long quote without a cue: the subject of the verb the quote hangs from
    (``Trump attacked "the hateful ideology of ..."``), else, for a quote that opens its own
    sentence, the person subject of the sentence before it in the paragraph (``Sanders
    identified exhaustion as a reason. "The younger people are ..."``)."""
    if not ctx.has_parse:
        return None
    doc = ctx.doc
    para_start = ctx.paragraph(span.start)[0]
    verb = _governing_verb(ctx, first, last)
    # Not a copula: in "Trump would be "the healthiest ..."" the subject is described.
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_ != "be":
        subj = _person_subject(ctx, verb)
        if subj is not None:
            return subj
    opener = first - 1
    while opener >= 0 and (doc[opener].is_quote or doc[opener].is_space):
        opener -= 1
    if opener >= 0 and doc[opener].idx < para_start:
        return _announced_before(ctx, opener)
    if opener < 0 or doc[opener].text not in (".", "!", "?"):
        return None
    return _person_subject(ctx, doc[opener].sent.root)


# Verbs of talking: no cue for a quotation ("spoke on condition of anonymity", "talked about
# "...""), but a paragraph ending in one announces the talk that follows ("..., since Trump
# spoke only in evasive bromides during the interview." / ""We have to do something."").
_TALK_LEMMAS = frozenset(["speak", "talk"])


def _announced_before(ctx: QuoteContext, end: int) -> Token | None:
    """The person whose speaking the paragraph before announces in its last sentence
    ("Howard continued his scathing remarks." / "Eight years ago she was ..."): a verb of
    saying, or a verb with a noun of saying as its object, with a person as its subject."""
    root = ctx.doc[end].sent.root
    speaking = root.pos_ in ("VERB", "AUX") and (
        is_speech_verb(root)
        or any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS for c in root.children)
    )
    if speaking:
        return _person_subject(ctx, root)
    sent = ctx.doc[end].sent
    for verb in reversed(sent):
        if verb.pos_ == "VERB" and (is_speech_verb(verb) or verb.lemma_ in _TALK_LEMMAS):
            subj = _person_subject(ctx, verb)
            if subj is not None:
                return subj
    return _person_subject(ctx, root)


def _person_subject(ctx: QuoteContext, verb: Token) -> Token | None:
    """The verb's subject when the verb stands outside every quotation and a person is its
    subject."""
    if ctx.quote_of[verb.i] != -1:
        return None
    subj = subject_of(verb, ctx.outside)
    return subj if subj is not None and _is_person(subj) else None


def _heads_above(ctx: QuoteContext, first: int, last: int) -> Iterator[Token]:
    """The tokens the quote hangs from, nearest first, up to ``_MAX_CLIMB`` of them: within
    the quote's paragraph and outside any quotation."""
    doc = ctx.doc
    para_start, para_end = ctx.paragraph(doc[first].idx)
    node = _head_outside(doc, first, last)
    for _ in range(_MAX_CLIMB):
        if node is None or ctx.quote_of[node.i] != -1 or not para_start <= node.idx < para_end:
            return
        yield node
        if node.head.i == node.i:
            return
        node = node.head


def _is_remark(noun: Token) -> bool:
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in SPEECH_NOUNS


def _owned_remark(noun: Token) -> bool:
    """The remark has a possessor that names someone ("Trump's statement", "his comment")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    return owner is not None and _names_someone(owner)


def _remark_content(ctx: QuoteContext, first: int, last: int) -> Token | None:
    """A possessed noun of saying whose content the quote is, through "about" or "of" ("Trump's
    statement about "thousands of shootings"", "her claim of "..."")."""
    below: Token | None = None
    for node in _heads_above(ctx, first, last):
        if node.pos_ in ("VERB", "AUX"):
            return None
        if (
            _is_remark(node)
            and below is not None
            and below.dep_ == "prep"
            and below.lower_ in ("about", "of")
        ):
            return node if _owned_remark(node) else None
        below = node
    return None


def _possessed_speech_noun(ctx: QuoteContext, first: int, last: int) -> Token | None:
    """A noun of saying with a possessor that the quote hangs from, below any verb (``his
    comment that "..."``, ``Trump's claim of "..."``): a cue whose speaker is the possessor."""
    for node in _heads_above(ctx, first, last):
        if node.pos_ in ("VERB", "AUX"):
            # "The Florida senator's answer was that "the most important institution ...":
            # what a possessed remark is said to be is its owner's words.
            if node.lemma_ == "be":
                subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subj is not None and _is_remark(subj) and _owned_remark(subj):
                    return subj
            return None
        if _is_remark(node):
            return node if _owned_remark(node) else None
    return None


def _governing_verb(ctx: QuoteContext, first: int, last: int) -> Token | None:
    """The verb whose clause holds the quote, up through the nouns and prepositions it hangs
    from (``Sanders credited the victory to "..."``, ``Santilli expressed a desire to
    "..."``)."""
    return next((n for n in _heads_above(ctx, first, last) if n.pos_ in ("VERB", "AUX")), None)


def _is_person(tok: Token) -> bool:
    """Someone who can speak: a name (the tagger calls some people ORG, and a surname it met
    in a full name elsewhere in the article a place: "Valastro praised ...") or "he", "she"."""
    return (
        tok.ent_type_ in ("PERSON", "ORG")
        or (tok.pos_ == "PROPN" and not tok.ent_type_)
        or tok.lower_ in ("he", "she")
        or (tok.pos_ == "PROPN" and tok.lower_ in _person_surnames(tok.doc))
    )


_SURNAMES_KEY = "quotemap.person_surnames"


def _person_surnames(doc: Doc) -> frozenset[str]:
    """The last words of the article's full person names, once per ``Doc``."""
    found: frozenset[str] | None = doc.user_data.get(_SURNAMES_KEY)
    if found is None:
        found = frozenset(e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)
        doc.user_data[_SURNAMES_KEY] = found
    return found


def _names_directly(ctx: QuoteContext, cue: Token | None, first: int, last: int) -> bool:
    """The cue verb takes the quote itself: ``called her "Miss Piggy"``, ``chanted "U-S-A!"``.

    Then a Title Case quote is what someone said, not the title of a work.
    """
    if cue is None or not first - 8 <= cue.i < first:
        return False
    # "calls itself the "Islamic State"": a self-chosen name, not someone's words.
    if any(c.lower_ in _REFLEXIVES for c in cue.children):
        return False
    for i in range(first, last):
        node = ctx.doc[i].head
        # Up through a coordination too: called her "Miss Piggy" and "Miss Housekeeping".
        for _ in range(3):
            if node.i == cue.i:
                return True
            if node.dep_ not in ("conj", "oprd", "dobj", "appos", "cc") or node.head.i == node.i:
                break
            node = node.head
    return False


def _characterizing_verb(ctx: QuoteContext, first: int, last: int) -> Token | None:
    """A verb or speech noun that makes the quoted words someone's, without a verb of saying.

    ``Reid has gone after Trump as a "con artist"``, ``Trump likened them to a "vicious
    snake"``: a quote framed by "as", "like" or "to" belongs to the subject of its verb.
    ``Trump's claim that there were "thousands of shootings"``: a quote under a noun of saying
    belongs to the noun's possessor. A quote that is just some verb's object ("watched
    "Casablanca"") belongs to nobody.
    """
    doc = ctx.doc
    para_start, para_end = ctx.paragraph(doc[first].idx)
    before = ctx.text[max(para_start, doc[first].idx - 16) : doc[first].idx].lower().split()
    # "as "X"", "as a "X"", "like the "X"": the framing word before any article.
    words = [w for w in before if w.strip("\"'\u201c\u2018`")]
    while words and words[-1] in ("a", "an", "the"):
        words.pop()
    framed = bool(words) and words[-1] in _FRAMING_PREPS
    node = _head_outside(doc, first, last)
    if node is None:
        return None
    steps = 0
    while steps <= _MAX_CLIMB:
        # A preposition costs no step: "dismissed that suggestion as a sign of an opposing
        # campaign in "disarray"" climbs through three of them to its verb.
        steps += node.pos_ != "ADP"
        if not para_start <= node.idx < para_end or ctx.quote_of[node.i] != -1:
            break
        if _is_remark(node) and _owned_remark(node):
            return node
        if node.dep_ == "prep" and node.lower_ in _FRAMING_PREPS:
            framed = True
        if node.pos_ == "VERB" and (framed or _evaluates(node)):
            subj = subject_of(node, ctx.outside)
            if subj is not None and _names_someone(subj):
                return node
        if node.head.i == node.i:
            break
        node = node.head
    return None


def _evaluates(verb: Token) -> bool:
    """A verb that passes judgement on what it quotes or whom: "lauded Clarke for helping
    develop "new and innovative ideas"", "compared Trump to a coach who is "working the
    referees"", a verb of saying or of naming."""
    lemma = verb.lemma_.lower()
    return lemma in EVALUATION_LEMMAS or lemma in NAMING_LEMMAS or is_speech_verb(verb)


def _owner_of_framing(ctx: QuoteContext, node: Token) -> Token | None:
    """Who speaks through a remark or a framing verb: a noun's possessor ("Reed's claim"),
    a verb's subject."""
    if node.pos_ == "NOUN":
        return next((c for c in node.children if c.dep_ == "poss"), None)
    return subject_of(node, ctx.outside)


def _names_someone(tok: Token) -> bool:
    """A person, organisation, personal pronoun or a described person ("another critic")."""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.lower_ in ("he", "she", "they"):
        return True
    return tok.pos_ in ("PROPN", "NOUN") and tok.ent_type_ not in ("DATE", "TIME", "GPE")


def extract_quotes(doc: Doc) -> list[QuoteMention]:
    """Direct, partial and indirect quotes of ``doc`` in text order, with resolved speakers."""
    text = doc_text(doc)
    # Nicknames inside names are never quotes, nor attribute values of leftover markup
    # (tweet-date="..."); dropped first so they do not cut the frame around a real quote
    # ("...!" his niece, Marcia "Cia" Price, shouted).
    spans = [
        s
        for s in find_quoted_spans(text)
        if not is_nickname(text, s) and not is_markup_value(text, s)
    ]
    ctx = QuoteContext(doc, spans)
    resolver = SpeakerResolver(doc, [(s.start, s.end) for s in spans])
    reports = find_reports(ctx, spans)
    quotes = _find_quote_attributions(ctx, spans, reports)
    # Resolve in text order so a pronoun can follow the speaker of the sentence before it.
    items: list[tuple[int, int, Attribution]] = [(a.start, 0, a) for a in quotes]
    items += [(a.start, 1, a) for a in reports]
    items.sort(key=lambda item: (item[0], item[1]))
    resolved: dict[int, tuple[int | None, str | None]] = {}
    quote_ids = {id(a): i for i, a in enumerate(quotes)}
    for _, _, att in items:
        entity: int | None = None
        mention: str | None = None
        if att.head is not None:
            entity, mention = resolver.resolve(att.head)
            if entity is not None:
                resolver.remember(att.head.idx, entity)
        elif att.inherit_from is not None:
            entity, mention = resolved.get(id(quotes[att.inherit_from]), (None, None))
        resolved[id(att)] = (entity, mention)
    # A later "he added" may have told a bare surname's speaker apart from the bearer it first
    # joined: settle those attributions, and the ones that inherit from them, again.
    for _, _, att in items:
        if att.head is not None:
            entity, mention = resolved[id(att)]
            resolved[id(att)] = (resolver.settled(att.head.idx, entity), mention)
        elif att.inherit_from is not None:
            resolved[id(att)] = resolved.get(id(quotes[att.inherit_from]), (None, None))
    del quote_ids
    out: list[QuoteMention] = []
    for _, _, att in items:
        entity, mention = resolved[id(att)]
        start, end = att.start, att.end
        # Offsets exclude surrounding white space inside the marks.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        speaker = resolver.speaker(entity)
        out.append(
            QuoteMention(
                text=text[start:end],
                start=start,
                end=end,
                kind=att.kind,
                cue=cue_text(att.cue) if att.cue is not None else None,
                speaker=speaker,
                speaker_text=mention,
                source_kind=resolver.source_kind(entity) or ("unnamed" if mention else None),
            )
        )
    return out
