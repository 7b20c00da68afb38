"""Quotes: mark pairing (rules, no parse) and extraction over the real model."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from app.extract.quote_marks import find_quoted_spans
from app.extract.quotes import extract_quotes
from app.extract.scare_quotes import headline_end, is_nickname, looks_like_title
from app.extract.types import QuoteMention

Parse = Callable[[str], Doc]


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quoted_spans(text)]


# -- pairing marks: text -> the quoted strings ---------------------------------------------------

PAIRING = [
    ('She said "we will win" today.', ["we will win"]),
    ("She said \u201cwe will win\u201d today.", ["we will win"]),
    ("She said \u2018we will win\u2019 today.", ["we will win"]),
    ("She said 'we will win' today.", ["we will win"]),
    ("Don't worry, it's the Blue Jays' year.", []),
    ("The players' union said 'no deal' on Friday.", ["no deal"]),
    ("It\u2019s the Jays\u2019 turn, fans don\u2019t mind.", []),
    ('"A," he said, "and B."', ["A,", "and B."]),
    ("He said \"they called it 'madness' at once.\"", ["they called it 'madness' at once."]),
    ('A stray " mark and then "a real quote" here.', ["a real quote"]),
    ('"Unclosed at the end of a paragraph.\n\nNext paragraph is plain.', []),
    (
        '"First paragraph of a long quote.\n\n"Second paragraph, closed," she said.',
        ["First paragraph of a long quote.", "Second paragraph, closed,"],
    ),
    ("In the '90s it was 'fine', he said.", ["fine"]),
    ("He wrote ''she told me 'no' twice'' and left.", []),
    ('<tweet tweet-id="12345">text</tweet>', ["12345"]),
    ("", []),
    ('"', []),
    ("\u201d backwards \u201c", []),
    # Curly marks nest: the inner quote stays inside the outer one.
    (
        "\u201cI would rather live in what he calls \u201chell\u201d than here.\u201d "
        "\u2015 Ana Ruiz",
        ["I would rather live in what he calls \u201chell\u201d than here."],
    ),
    # An outer curly opener that never closes was stray: the inner quote is a quote.
    (
        "A stray \u201c mark and then \u201ca real quote\u201d here.",
        ["a real quote"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PAIRING)
def test_pairing(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_continued_quote_is_flagged() -> None:
    spans = find_quoted_spans('"One.\n\n"Two," she said.')
    assert [s.continued for s in spans] == [True, False]


def test_double_apostrophes_only_when_asked() -> None:
    text = "He said ''this is it,'' then left."
    assert quoted(text) == []
    spans = find_quoted_spans(text, double_apostrophes=True)
    assert [text[s.start : s.end] for s in spans] == ["this is it,"]


@pytest.mark.parametrize("mark", ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019"])
def test_ten_thousand_unbalanced_marks_stay_linear(mark: str) -> None:
    text = ("word " + mark) * 10_000 + "\n\n" + (mark + " x ") * 5_000
    start = time.perf_counter()
    find_quoted_spans(text)
    assert time.perf_counter() - start < 1.0


def test_unbalanced_marks_never_raise_in_extraction() -> None:
    nlp = spacy.blank("en")
    # A blank pipeline has no parse; extraction must still run (and find no attributions).
    doc = nlp('He said " and \u201c and \u2019 then "')
    assert isinstance(extract_quotes(doc), list)


# -- extraction with the real model ---------------------------------------------------------------


def by_text(quotes: list[QuoteMention]) -> dict[str, QuoteMention]:
    return {q.text: q for q in quotes}


def speaker_of(q: QuoteMention) -> str | None:
    # An unnamed source ("officials") has no speaker row; its words as written stand in.
    return q.speaker.name if q.speaker else q.speaker_text


DIRECT = [
    # text, quoted words, kind, speaker, cue
    (
        '"The bridge will open in May," Maria Lopez said on Monday.',
        "The bridge will open in May,",
        "direct",
        "Maria Lopez",
        "said",
    ),
    (
        '"We are not done yet," said Tom Baker, the team captain.',
        "We are not done yet,",
        "direct",
        "Tom Baker",
        "said",
    ),
    (
        'Mayor Ellen Park told reporters: "The budget is balanced."',
        "The budget is balanced.",
        "direct",
        "Ellen Park",
        "told",
    ),
    (
        "\u201cIt was a long night. Nobody slept. We kept working,\u201d the nurse, "
        "Sam Ortiz, added.",
        "It was a long night. Nobody slept. We kept working,",
        "direct",
        "Sam Ortiz",
        "added",
    ),
    (
        "Governor Ann Wells said the plan was \u201ctoo little, too late\u201d for farmers.",
        "too little, too late",
        "partial",
        "Ann Wells",
        "said",
    ),
    (
        "Police officials warned that roads would be \u2018very dangerous\u2019 overnight.",
        "very dangerous",
        "partial",
        "Police officials",
        "warned",
    ),
]


@pytest.mark.parametrize(("text", "words", "kind", "speaker", "cue"), DIRECT)
def test_direct_and_partial(
    parse: Parse, text: str, words: str, kind: str, speaker: str, cue: str
) -> None:
    doc = parse(text)
    quotes = by_text(extract_quotes(doc))
    assert words in quotes
    q = quotes[words]
    assert doc.text[q.start : q.end] == q.text
    assert (q.kind, speaker_of(q), q.cue) == (kind, speaker, cue)


SCARE = [
    "The group calls itself the \u201cIslamic State\u201d in its videos.",
    'They watched "Casablanca" again on Sunday night.',
    "Tickets for \u201cThe Lion King\u201d sold out within hours.",
    'Rep. Robert "Bobby" Lee arrived early.',
    # A section heading in single marks, and a sign-off line nobody says, are no quotations.
    "The plant closed in May.\n\n'A really tough decision.'\n\nThe workers moved on.",
    'The speech ended there.\n\n"Follow Ann Lowe on Twitter @annlowe."',
]


@pytest.mark.parametrize("text", SCARE)
def test_scare_quotes_and_titles_are_not_quotes(parse: Parse, text: str) -> None:
    assert [q for q in extract_quotes(parse(text)) if q.kind != "indirect"] == []


STANDING_ALONE = [
    # A short quotation that is a sentence of its own is a quotation, cue or none.
    (
        "Mayor Ann Lowe was quick to add that the talks do not include dropping the plan."
        '\n\n"Building it? Not negotiable."\n\nThe council meets again on Friday.',
        "Building it? Not negotiable.",
    ),
    (
        "The anchor asked about the budget when Lowe shot back that he had not been called on."
        '\n\n"Go back to your seat," Lowe barked as a guard walked over.',
        "Go back to your seat,",
    ),
]


@pytest.mark.parametrize(("text", "words"), STANDING_ALONE)
def test_a_short_quotation_that_is_a_sentence_of_its_own(
    parse: Parse, text: str, words: str
) -> None:
    assert words in by_text(extract_quotes(parse(text)))


INDIRECT = [
    (
        "The minister said that the border would reopen next week.",
        "the border would reopen next week",
        "said",
    ),
    (
        "Officials told reporters that two people had been injured.",
        "two people had been injured",
        "told",
    ),
    (
        "The storm will reach the coast by Friday, forecasters said.",
        "The storm will reach the coast by Friday",
        "said",
    ),
    (
        "Lowe pointed out that the state budget had doubled since 2010.",
        "the state budget had doubled since 2010",
        "pointed",
    ),
]


@pytest.mark.parametrize(("text", "report", "cue"), INDIRECT)
def test_indirect_speech(parse: Parse, text: str, report: str, cue: str) -> None:
    doc = parse(text)
    indirect = [q for q in extract_quotes(doc) if q.kind == "indirect"]
    assert [q.text for q in indirect] == [report]
    assert indirect[0].cue == cue
    assert doc.text[indirect[0].start : indirect[0].end] == report


def test_quote_continued_over_paragraphs_keeps_its_speaker(parse: Parse) -> None:
    text = (
        'Anna Berg, the head of the rescue team, said: "We searched all night.\n\n'
        '"We will start again at dawn."'
    )
    quotes = [q for q in extract_quotes(parse(text)) if q.kind != "indirect"]
    assert [q.text for q in quotes] == ["We searched all night.", "We will start again at dawn."]
    assert {speaker_of(q) for q in quotes} == {"Anna Berg"}


def test_paragraph_without_speech_verb_inherits_speaker(parse: Parse) -> None:
    text = (
        '"The river rose faster than anyone expected," Lars Holm said.\n\n'
        '"Nobody was ready for it."'
    )
    quotes = by_text(extract_quotes(parse(text)))
    assert speaker_of(quotes["Nobody was ready for it."]) == "Lars Holm"


def test_quote_interrupted_by_attribution(parse: Parse) -> None:
    text = '"The plan is simple," said Chen Wei, "and it will work."'
    quotes = by_text(extract_quotes(parse(text)))
    assert speaker_of(quotes["The plan is simple,"]) == "Chen Wei"
    assert speaker_of(quotes["and it will work."]) == "Chen Wei"


def test_long_quote_without_cue_is_kept(parse: Parse) -> None:
    text = (
        "The letter was short.\n\n"
        '"We regret to inform you that the factory will close at the end of the year."'
    )
    quotes = [q for q in extract_quotes(parse(text)) if q.kind != "indirect"]
    assert len(quotes) == 1
    assert quotes[0].text.startswith("We regret")


def test_offsets_match_text_for_every_quote(parse: Parse) -> None:
    text = (
        "Nina Kovac, a spokeswoman for the city, said on Tuesday that the \u201cnew rules\u201d "
        "would apply from June.\n\n\u201cWe listened to residents,\u201d she said. "
        "\u201cThey asked for this.\u201d"
    )
    doc = parse(text)
    for q in extract_quotes(doc):
        assert doc.text[q.start : q.end] == q.text


def test_coordinated_quotes_share_the_attribution(parse: Parse) -> None:
    text = "Senator Ruth Okoro called the bill \u201ca disaster\u201d and \u201ca waste.\u201d"
    quotes = by_text(extract_quotes(parse(text)))
    assert speaker_of(quotes["a disaster"]) == speaker_of(quotes["a waste."]) == "Ruth Okoro"


def test_markup_attribute_values_are_not_quotes(parse: Parse) -> None:
    text = '<tweet tweet-id="783499116076687360"></tweet> The mayor spoke at noon.'
    assert [q for q in extract_quotes(parse(text)) if q.kind != "indirect"] == []


@pytest.mark.parametrize("mark", ['"', "\u201c", "'"])
def test_extraction_over_ten_thousand_unbalanced_marks_stays_fast(mark: str) -> None:
    doc = spacy.blank("en")(("word " + mark) * 10_000)
    start = time.perf_counter()
    extract_quotes(doc)
    assert time.perf_counter() - start < 3.0


TITLES = [
    (["Morning", "Joe"], True),
    (["Fox", "and", "Friends."], True),
    (["The", "Lion", "King"], True),
    (["Neither", "do", "I."], False),
    (["very", "very", "worried"], False),
    (["Casablanca"], False),  # one word: a name or a title, decided by the cue instead
]


@pytest.mark.parametrize(("words", "expected"), TITLES)
def test_looks_like_title(words: list[str], expected: bool) -> None:
    assert looks_like_title(words) is expected


HEADLINES = [
    ("Mayor says budget 'fair' to all.\n\nThe mayor spoke on Monday.", 32),
    ('"We will win," Smith said.\n\nMore text.', 0),
    ("One sentence. Another one.\n\nBody.", 0),
    ("No paragraph break at all", 0),
    # A title ending in a semicolon goes on into its deck on the next line.
    ("Judge sorry for remarks; \nShe vows to be 'more careful' now.\n\nThe judge said.", 60),
    # An abbreviated title before a name ends no sentence.
    ("Dr. Ann Lowe: Plan 'Not Fit To Pass.'\n\nThe doctor spoke.", 37),
]


@pytest.mark.parametrize(("text", "expected"), HEADLINES)
def test_headline_end(text: str, expected: int) -> None:
    assert headline_end(text) == expected


def test_nickname() -> None:
    text = 'Rep. Robert "Bobby" Lee and "Bobby" alone'
    spans = find_quoted_spans(text)
    assert [is_nickname(text, s) for s in spans] == [True, False]


def test_according_to_a_misparsed_phrase_names_its_last_noun(parse: Parse) -> None:
    from app.extract.cues import subject_of

    doc = parse(
        "As a reality TV boss, Tom Reyes repeatedly insulted women with crude language, "
        "according to show insiders."
    )
    according = next(t for t in doc if t.lower_ == "according")
    source = subject_of(according)
    assert source is not None
    assert source.text == "insiders"
