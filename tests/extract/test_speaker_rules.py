"""Speaker rules added for PolNeAR-style attribution: nested reports, hyphenated names and
pronoun salience. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from app.extract.quotes import extract_quotes
from app.extract.types import QuoteMention

Parse = Callable[[str], Doc]


def quote(doc: Doc, words: str) -> QuoteMention:
    for q in extract_quotes(doc):
        if q.text == words:
            return q
    raise AssertionError(f"no quote {words!r} in {[q.text for q in extract_quotes(doc)]}")


def name(q: QuoteMention) -> str | None:
    return q.speaker.name if q.speaker else None


NESTED = [
    # text, quoted words, speaker: the outer speaker of a report that contains the cue
    (
        "Senator Paula Grant said on Monday that her rival once described the bridge plan as "
        '"a fantasy" during a debate.',
        "a fantasy",
        "Paula Grant",
    ),
    (
        'Mayor Tom Becker said in the letter that the video "falsely and recklessly" suggests '
        "the city backs the company.",
        "falsely and recklessly",
        "Tom Becker",
    ),
    (
        "Union leader Rosa Kemp told reporters that the company expects its lawyers to win by "
        'calling the strikers "troublemakers" in court.',
        "troublemakers",
        "Rosa Kemp",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), NESTED)
def test_nested_report_credits_the_outer_speaker(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


NOT_NESTED = [
    # A verb coordinated into the report has its own subject, not the reporter.
    (
        "Dana Ruiz said the plan was late, and when pressed, the engineer replied, "
        '"We will finish it by spring."',
        "We will finish it by spring.",
        "engineer",
    ),
    # A naming verb in a clause of time is the inner speaker's own words.
    (
        "Governor Alan Pike criticised Maria Lopez after she described the floods as "
        '"careless planning" last week.',
        "careless planning",
        "Maria Lopez",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), NOT_NESTED)
def test_no_outer_speaker_without_a_report(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_hyphenated_name_with_lower_case_part_is_a_person(parse: Parse) -> None:
    doc = parse(
        "The president spoke on Friday.\n\n"
        'Secretary General Ban Ki-moon condemned what he called a "reckless provocation."'
    )
    assert name(quote(doc, "reckless provocation.")) == "Ban Ki-moon"
