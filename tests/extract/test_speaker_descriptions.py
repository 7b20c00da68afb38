"""Descriptions, organisations and clean names: who "the mayor" or "his campaign" is, which
sources are unnamed, and what a speaker's name may not contain. Sentences written for these
tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from app.extract.speakers import _name_words
from app.extract.types import QuoteMention
from tests.extract.quoting import Parse, quote


def source(q: QuoteMention) -> tuple[str | None, str | None]:
    """The speaker's name and the kind of source."""
    return (q.speaker.name if q.speaker else None, q.source_kind)


DESCRIBED = [
    # text, quoted words, the person the description stands for
    (
        "Republican nominee Donald Trump spoke in Ohio on Monday.\n\n"
        '"We are going to win this state," the Republican nominee said.',
        "We are going to win this state,",
        "Donald Trump",
    ),
    (
        "Mayor Ann Lowe opened the new bridge on Friday.\n\n"
        '"It took eleven years," the mayor told reporters.',
        "It took eleven years,",
        "Ann Lowe",
    ),
    (
        "Tom Reed, a billionaire, toured the plant with workers.\n\n"
        '"The jobs are coming back," the billionaire said.',
        "The jobs are coming back,",
        "Tom Reed",
    ),
    (
        # Of two senators, the one the article pinned to Vermont.
        "Vermont Sen. Paul Grant and Sen. Ray Dunn met on Tuesday.\n\n"
        '"We agreed on nothing," the Vermont senator said.',
        "We agreed on nothing,",
        "Paul Grant",
    ),
    (
        # A coordinated description matches by any of its roles.
        "Former Secretary of State Ann Lowe spoke in Denver.\n\n"
        '"This is our moment," the former secretary of state and current nominee said.',
        "This is our moment,",
        "Ann Lowe",
    ),
    (
        # A role pinned to a place, before anyone has spoken: the person the passage named
        # last (the article gave her the role, but not the state).
        "Rep. Ann Lowe of Oregon criticised the plan on Monday. She spoke for an hour.\n\n"
        'The cuts, the Oregon congresswoman said, are "a betrayal" of rural voters.',
        "a betrayal",
        "Ann Lowe",
    ),
]


@pytest.mark.parametrize(("text", "words", "person"), DESCRIBED)
def test_resolve_description_with_role_given_in_article_names_that_person(
    parse: Parse, text: str, words: str, person: str
) -> None:
    assert source(quote(parse(text), words)) == (person, "person")


UNNAMED = [
    # text, quoted words, the words kept as speaker_text
    ('"Prices will rise," a spokesman said.', "Prices will rise,", "spokesman"),
    ('"The road is closed," officials told reporters.', "The road is closed,", "officials"),
    (
        # The only nominee the article names is of the other party.
        "Democratic nominee Ann Lowe spoke in Denver.\n\n"
        '"That plan will fail," the Republican nominee said.',
        "That plan will fail,",
        "Republican nominee",
    ),
    (
        # A party word describes a person here, not the party.
        '"We will hold the seat," the Republican said.',
        "We will hold the seat,",
        "Republican",
    ),
    (
        # A possessed description is someone else: not Ann Lowe.
        'Mayor Ann Lowe opened the bridge.\n\n"She worked hard for this," her husband said.',
        "She worked hard for this,",
        "husband",
    ),
    (
        # A name modifying the noun that speaks: the aides, not Ann Lowe.
        'Senator Ann Lowe toured the state.\n\n"She will win," Lowe aides said.',
        "She will win,",
        "Lowe aides",
    ),
    (
        # After the quote, "said the woman" with the noun parsed into the relative clause.
        '"Someone came in and said we should leave," said the woman, who did not want to be named.',
        "Someone came in and said we should leave,",
        "woman",
    ),
    (
        # An age names a person, though the model tags it as a date; the hyphens stay.
        'The model spoke on Monday.\n\n"He is an amazing leader," said the 46-year-old.',
        "He is an amazing leader,",
        "46-year-old",
    ),
    (
        # A hyphenated role stays whole.
        'The GOP front-runner complained that the contest had been "rigged" against him.',
        "rigged",
        "GOP front-runner",
    ),
]


@pytest.mark.parametrize(("text", "words", "written"), UNNAMED)
def test_resolve_description_without_named_bearer_is_unnamed(
    parse: Parse, text: str, words: str, written: str
) -> None:
    q = quote(parse(text), words)
    assert (q.speaker, q.source_kind, q.speaker_text) == (None, "unnamed", written)


OWNED = [
    # text, quoted words, speaker name, kind
    (
        'Governor Ray Dunn posted on Monday.\n\n"The deal is dead," Dunn\'s tweet said.',
        "The deal is dead,",
        "Ray Dunn",
        "person",
    ),
    (
        'Senator Ann Lowe released a statement on Monday. "We will appeal," the statement said.',
        "We will appeal,",
        "Ann Lowe",
        "person",
    ),
    (
        "Senator Ann Lowe toured the state.\n\n"
        '"She will win in November," her campaign said in an email.',
        "She will win in November,",
        "Lowe campaign",
        "organisation",
    ),
    (
        "Ann Lowe and Ray Dunn debated on Monday.\n\n"
        '"He lied about the budget," the Lowe campaign said.',
        "He lied about the budget,",
        "Lowe campaign",
        "organisation",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker", "kind"), OWNED)
def test_resolve_owned_document_or_campaign_names_its_owner(
    parse: Parse, text: str, words: str, speaker: str, kind: str
) -> None:
    assert source(quote(parse(text), words)) == (speaker, kind)


KINDS = [
    # text, quoted words, speaker name, kind
    ('"The race is tied," Politico reported.', "The race is tied,", "Politico", "organisation"),
    (
        '"Accounts were suspended," Twitter said in a statement.',
        "Accounts were suspended,",
        "Twitter",
        "organisation",
    ),
    (
        '"We stand by the story," Fox News said.',
        "We stand by the story,",
        "Fox News",
        "organisation",
    ),
    (
        'Carly Fiorina spoke in Iowa on Monday.\n\n"I am staying in this race," Fiorina said.',
        "I am staying in this race,",
        "Carly Fiorina",
        "person",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker", "kind"), KINDS)
def test_classify_speaker_kind_by_name_gives_outlets_and_people_apart(
    parse: Parse, text: str, words: str, speaker: str, kind: str
) -> None:
    assert source(quote(parse(text), words)) == (speaker, kind)


def test_resolve_plural_surname_is_unnamed_family(parse: Parse) -> None:
    doc = parse(
        'Donald Trump spoke on Monday.\n\n"We love this town," the Trumps said in a statement.'
    )
    q = quote(doc, "We love this town,")
    assert (q.speaker, q.source_kind) == (None, "unnamed")


NAMES = [
    # text, the words a PERSON entity was tagged over, the clean name
    (
        "Entrusting Donald Trump with the codes is a risk.",
        "Entrusting Donald Trump",
        "Donald Trump",
    ),
    ("It was a Donald Trump rally in Ohio.", "a Donald Trump", "Donald Trump"),
    ("Billionaire Donald Trump said no to the deal.", "Billionaire Donald Trump", "Donald Trump"),
    ("Trump Says He Will Win Ohio", "Trump Says He", "Trump"),
    ("The vote ended.\n\nSexton said no.", "ended.\n\nSexton", "Sexton"),
    ("Ann Lowe's plan failed on Monday.", "Ann Lowe's", "Ann Lowe"),
]


@pytest.mark.parametrize(("text", "tagged", "clean"), NAMES)
def test_clean_name_with_glued_words_keeps_only_the_name(
    parse: Parse, text: str, tagged: str, clean: str
) -> None:
    doc = parse(text)
    start = text.index(tagged)
    span = doc.char_span(start, start + len(tagged), label="PERSON", alignment_mode="expand")
    assert isinstance(span, Span)
    words, _ = _name_words(span)
    assert doc[words[0].i : words[-1].i + 1].text == clean


ATTRIBUTED = [
    # text, quoted words, speaker: the grammar of the reporting clause
    (
        # Two subjects in the parse: the person named last, not the title.
        '"The base is not ready," said Army Capt. Ann Roe, who served two tours.',
        "The base is not ready,",
        "Ann Roe",
    ),
    (
        # A party label in parentheses between the name and the verb.
        'Sen. Ann Roe (D-Ohio) said the governor was a "proven failure" in business.',
        "proven failure",
        "Ann Roe",
    ),
    (
        # A paragraph that opens with a quote after a paragraph ending in a report.
        "Carter said that critics had long predicted a withdrawal from the region.\n\n"
        "\u201cThat is because this region remains the most consequential for us.\u201d",
        "That is because this region remains the most consequential for us.",
        "Carter",
    ),
    (
        # A quote signed on the next line.
        '"I helped write that bill, and I am proud of it."\n\n- Ann Roe.',
        "I helped write that bill, and I am proud of it.",
        "Ann Roe",
    ),
    (
        # A document made in the same sentence speaks for its maker.
        "Governor Ray Dunn released a video that said, "
        '"We are going to have the best schools in the nation."',
        "We are going to have the best schools in the nation.",
        "Ray Dunn",
    ),
    (
        # A participle takes the sentence's root; "said" hangs from it in parataxis.
        "But Sen. Ann Roe (D-Ill.), noting the size of the crowd, said, "
        '"Let me tell you, that is a big list of voters."',
        "Let me tell you, that is a big list of voters.",
        "Ann Roe",
    ),
    (
        # A colon attribution past a party label.
        'Rep. Ann Roe (R-S.C.): "I have not heard anyone other than you cite that figure."',
        "I have not heard anyone other than you cite that figure.",
        "Ann Roe",
    ),
    (
        # "I" after a quotation mark the pairing left open is the voice of that quote.
        '"It is close," said Senator Ann Roe.\n\nShe continued:\n\n"The race is close, and '
        "I will read you the question: \u201cAre you better off today?\u201d",
        "Are you better off today?",
        "Ann Roe",
    ),
    (
        # "used this question to demand": the question is a means, not a speaker.
        "Senator Ann Roe used this question to demand that banks "
        '"pay their fair share into the system."',
        "pay their fair share into the system.",
        "Ann Roe",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), ATTRIBUTED)
def test_attribute_reporting_clause_variant_finds_the_speaker(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    q = quote(parse(text), words)
    assert q.speaker is not None
    assert q.speaker.name.split()[-1] == speaker.split()[-1]
