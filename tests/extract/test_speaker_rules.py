"""Speaker rules added for PolNeAR-style attribution: nested reports, hyphenated names and
pronoun salience. Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from app.extract.quotes import extract_quotes
from app.extract.types import QuoteMention
from tests.extract.quoting import Parse, quote


def name(q: QuoteMention) -> str | None:
    # An unnamed source ("officials") has no speaker row; its words as written stand in.
    return q.speaker.name if q.speaker else q.speaker_text


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
    (
        # The way up to the outer verb passes a scare-quoted word.
        "Governor Ann Lowe spoke on Monday.\n\n"
        "The three \u201creforms\u201d she listed are \u201clower fees for every family, fewer "
        "forms and faster refunds,\u201d the Daily Ledger reported.",
        "lower fees for every family, fewer forms and faster refunds,",
        "Daily Ledger",
    ),
    (
        # A report right after the quotation ends the sentence: its source, though the parse
        # hangs the words from the verb before them.
        "During the inquiry, Tom Becker acknowledged that the work he did for the fees could "
        'be termed "influence peddling," The Daily Ledger reported in 1991.',
        "influence peddling,",
        "Daily Ledger",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), NESTED)
def test_nested_report_credits_the_outer_speaker(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


LABELS = [
    # text, quoted words, speaker: a label is the words of the named person who gave it,
    # however the naming is reported (the hand-checked identity gold's reading).
    (
        "Senator Ann Lowe has not mentioned the banker since the Monday night debate. That is "
        "when she pointed to reports that Governor Ray Dunn called the banker \u201cMister "
        "Greedy\u201d on the radio.",
        "Mister Greedy",
        "Ray Dunn",
    ),
    (
        # Not a label: "called on" urges.
        "Senator Ann Lowe said Governor Ray Dunn called on members to be \u201cclosely "
        "coordinated\u201d this week.",
        "closely coordinated",
        "Ann Lowe",
    ),
    (
        # What a possessed remark is about is its owner's, whatever verb reports it.
        "The fact-checkers at the Daily Ledger ruled that Ann Lowe\u2019s statement about "
        "\u201cthousands of new jobs\u201d in the county is true.",
        "thousands of new jobs",
        "Ann Lowe",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), LABELS)
def test_a_label_is_the_words_of_who_gave_it(
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
    # A "while" clause with its own speaker, even when the parse hangs it inside the report.
    (
        "Ted Rowan suggested that someone who does not answer questions cannot be governor, "
        'while Carl Dunn said that the "stakes in this election are too high" for Rowan.',
        "stakes in this election are too high",
        "Carl Dunn",
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


SALIENCE = [
    # text, quoted words, speaker: who "he" or "she" means by discourse salience
    (
        # The name opening a paragraph, parsed as the object of the quotation's last verb in
        # the paragraph before, is its own sentence's subject and takes the topic.
        "Gordon Humphrey, a former senator, joined the effort in May.\n\n\u201cA lot of people "
        "who are making noise don\u2019t have any answers,\u201d said Jonathan Barnett, a "
        "committeeman from Arkansas. \u201cThey don\u2019t have a white knight. They say "
        "there\u2019s a problem, but they don\u2019t have a solution.\u201d\n\nHumphrey, for "
        "example, said he\u2019s hopeful that the effort results in John Kasich claiming the "
        "nomination, even though many of the drivers of the push backed Cruz during the "
        "primary.\n\n\u201cThe first thing, obviously, is to stop Trump on the first "
        "ballot,\u201d he said.",
        "The first thing, obviously, is to stop Trump on the first ballot,",
        "Gordon Humphrey",
    ),
    (
        # "Trump himself was delighted", with the name read as the verb "trump": still the
        # subject that takes the topic from the last speaker.
        "Donald Trump hired Paul Manafort in March.\n\nManafort politely suggested that this "
        "might be seen as condescending and cautioned against it. The tweet went out. Trump "
        "himself was delighted by the resulting controversy. \u201cThe people who were offended "
        "were people we wanted to offend,\u201d he later said.",
        "The people who were offended were people we wanted to offend,",
        "Donald Trump",
    ),
    (
        # The speaker stays the topic; a person named only in an object does not take over.
        "Carl Brenner noted that the vote had been close in 1980.\n\n"
        "The next one would be harder, he said, and could bring pressure from allies of "
        "Victor Hale and Martin Osei.\n\n"
        '"This is a different era," he said.',
        "This is a different era,",
        "Carl Brenner",
    ),
    (
        # The subject of a reported clause does not take over from the one who reports it.
        "Mayor Ruth Dalton opened the meeting.\n\n"
        "Ann Keller said Dalton was wrong about the budget.\n\n"
        '"We cannot afford a new stadium," she said.',
        "We cannot afford a new stadium,",
        "Ann Keller",
    ),
    (
        # Nor the subject of a believed one.
        '"The bill is fair," Senator Mark Dunn said on Monday.\n\n'
        "Speaker Tom Reyes said he does believe Dunn is right about the vote.\n\n"
        '"I think the votes are there," he said.',
        "I think the votes are there,",
        "Tom Reyes",
    ),
    (
        # Nor the subject of a clause that fills in a noun ("the claim that ...").
        "Ann Keller spoke to reporters on Monday.\n\n"
        "She repeated the claim that Mayor Ruth Dalton had hidden the budget.\n\n"
        '"We deserve the truth," she said.',
        "We deserve the truth,",
        "Ann Keller",
    ),
    (
        # So does the possessor of a new subject.
        "Dr. Sam Hill hosts a daily health show.\n\n"
        '"He ignores the facts," said Tom Reyes, a professor of surgery.\n\n'
        "Hill\u2019s dubious advice later earned him a Senate hearing.\n\n"
        '"I stand by every word," he said.',
        "I stand by every word,",
        "Sam Hill",
    ),
    (
        # A new subject after the last attribution takes over.
        '"The tax plan is a mess," Paul Dorsey concluded.\n\n'
        "Hugo Lamb at the Daily Ledger agreed with Dorsey about the plan.\n\n"
        '"It will not pass the Senate," he wrote.',
        "It will not pass the Senate,",
        "Hugo Lamb",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), SALIENCE)
def test_pronoun_follows_the_salient_person(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_relative_pronoun_after_a_role_in_apposition(parse: Parse) -> None:
    doc = parse(
        "Senator Nora Grant won her seat in 2004.\n\n"
        "The president has a cool relationship with Grant, now the Senate majority leader, "
        'who in 2012 said the party\'s top goal was a "one-term president."'
    )
    q = quote(doc, "one-term president.")
    assert name(q) == "Nora Grant"


def test_of_two_subjects_the_name_speaks() -> None:
    # The parse of "... made public ― Trump boasted" takes the dash as a second subject.
    from spacy.vocab import Vocab

    from app.extract.cues import subject_of

    doc = Doc(
        Vocab(),
        words=["\u2015", "Trump", "boasted"],
        heads=[2, 2, 2],
        deps=["nsubj", "nsubj", "ROOT"],
        pos=["NOUN", "PROPN", "VERB"],
        ents=["O", "B-PERSON", "O"],
    )
    subject = subject_of(doc[2])
    assert subject is not None
    assert subject.text == "Trump"


# Hand-built parses: (words, spaces, heads, deps, pos, the subject subject_of reads).
HAND_PARSES = [
    # "The Latest: ... / 9:34 p.m. / Donald Trump has delivered" read as one sentence with
    # the headline's word as the subject and the name as its apposition: the name speaks.
    (
        ["The", "Latest", "\n\n", "Donald", "Trump", "has", "delivered", "a", "defense"],
        [True, False, False, True, True, True, True, True, False],
        [1, 6, 1, 4, 1, 6, 6, 8, 6],
        ["det", "nsubj", "dep", "compound", "appos", "aux", "ROOT", "det", "dobj"],
        ["DET", "ADJ", "SPACE", "PROPN", "PROPN", "AUX", "VERB", "DET", "NOUN"],
        "Trump",
    ),
    # Within one paragraph the parse's subject stands.
    (
        ["The", "envoy", ",", "Donald", "Trump", ",", "delivered", "a", "defense"],
        [True, False, True, True, False, True, True, True, False],
        [1, 6, 1, 4, 1, 1, 6, 8, 6],
        ["det", "nsubj", "punct", "compound", "appos", "punct", "ROOT", "det", "dobj"],
        ["DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "DET", "NOUN"],
        "envoy",
    ),
]


@pytest.mark.parametrize(("words", "spaces", "heads", "deps", "pos", "subject"), HAND_PARSES)
def test_a_subject_across_a_paragraph_break_gives_way_to_the_name_in_apposition(
    words: list[str],
    spaces: list[bool],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    subject: str,
) -> None:
    from spacy.vocab import Vocab

    from app.extract.cues import subject_of

    ents = ["B-PERSON" if w == "Donald" else "I-PERSON" if w == "Trump" else "O" for w in words]
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, ents=ents)
    found = subject_of(doc[deps.index("ROOT")])
    assert found is not None
    assert found.text == subject


TAIL_AND_CONTEXT = [
    # text, quoted words, speaker
    (
        # A sentence after the quote that only attributes it, its verb late.
        "The new ad aired on Sunday.\n\n"
        '"You save. You invest. So why does the senator want your pension?" a narrator in '
        "the Lane ad asks. The spot ends with a picture of the senator.",
        "You save. You invest. So why does the senator want your pension?",
        "Lane",  # the ad speaks for whoever issued it
    ),
    (
        # A long subject between the quote and its verb.
        '"This is a great day for our town and for all of our families!" Reed\'s cousin, '
        'state Del. Mara Quinn (D-Hampton), shouted to the crowd. "We are ready."',
        "This is a great day for our town and for all of our families!",
        "Mara Quinn",
    ),
    (
        # A long quotation that is the object of a verb: its subject.
        "In a June speech, Victor Hale attacked \u201cthe reckless policy of endless borrowing "
        "that has left our schools without books.\u201d",
        "the reckless policy of endless borrowing that has left our schools without books.",
        "Victor Hale",
    ),
    (
        # A long quotation opening its own sentence: the person of the sentence before it.
        "On Sunday, Sen. Laura Finch named low wages as one reason for the anger. "
        '"Working people have waited far too long for anyone in this town to notice them."',
        "Working people have waited far too long for anyone in this town to notice them.",
        "Laura Finch",
    ),
    (
        # A colon after a name the words are addressed to: the subject speaks, also when the
        # parse hangs the introduction from a word of the quotation.
        "Senate leader Tom Marsh, R-Ky., delivered a blunt message to Victor Hale: "
        '"It\'s time to quit attacking people and get on message."',
        "It's time to quit attacking people and get on message.",
        "Tom Marsh",
    ),
    (
        # A long quotation opening a paragraph after one that announces someone speaking.
        "The actor Carl Dunn criticised the senator on Tuesday.\n\n"
        "Dunn continued his scathing remarks.\n\n"
        "\u201cEight years ago she was the favourite, and a fellow came along and beat her "
        "in every state that mattered.\u201d",
        "Eight years ago she was the favourite, and a fellow came along and beat her in every "
        "state that mattered.",
        "Carl Dunn",
    ),
    # A paragraph about a person, also when its verb of saying is not the sentence's root.
    (
        "Conservative activist Richard Viguerie has backed Ted Cruz since the summer.\n\n"
        "Viguerie is upbeat about Cruz\u2019s chances of winning in November, in part because "
        "he sees Cruz as a uniter.\n\n"
        "\u201cNot only can Ted Cruz win in November, he\u2019s the one with the best chance "
        "of winning.\u201d",
        "Not only can Ted Cruz win in November, he\u2019s the one with the best chance of winning.",
        "Richard Viguerie",
    ),
    (
        "Committee member Bruce Ash sent an email to members on Saturday.\n\n"
        "If anything, Ash argued in his email, the incident is an illustration of why the "
        "convention should adopt new rules of order.\n\n"
        "\u201cIn light of this serious breach, is it prudent for the committee to continue to "
        "give such power to the presiding officer?\u201d",
        "In light of this serious breach, is it prudent for the committee to continue to give "
        "such power to the presiding officer?",
        "Bruce Ash",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), TAIL_AND_CONTEXT)
def test_speaker_from_a_tail_sentence_or_the_context(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_a_copula_subject_is_described_not_speaking(parse: Parse) -> None:
    doc = parse(
        "The doctor's old letter was widely mocked for its claim that Senator Ray Vance "
        'would be "the strongest and healthiest individual ever to serve in the Senate."'
    )
    assert name(
        quote(doc, "the strongest and healthiest individual ever to serve in the Senate.")
    ) != ("Ray Vance")


def test_a_lower_case_prefix_is_no_part_of_a_name(parse: Parse) -> None:
    doc = parse(
        "The rally drew a pro-Clinton crowd.\n\n"
        'Clinton said that "the budget must be fixed this year."'
    )
    assert name(quote(doc, "the budget must be fixed this year.")) == "Clinton"


def test_the_target_of_a_verb_is_not_an_inverted_subject(parse: Parse) -> None:
    doc = parse(
        'The newspaper has used the phrase "fiscal cliff" often this year, and criticized '
        "Peter Vance for ignoring it."
    )
    assert name(quote(doc, "fiscal cliff")) != "Peter Vance"


def test_a_headline_verb_is_no_part_of_a_name() -> None:
    # A headline's Title Case lets the tagger read "Obama Says" as one name.
    import spacy

    from app.extract.speakers import SpeakerResolver

    doc = Doc(
        spacy.blank("en").vocab,
        words=["Obama", "Says", "Farm", "Bill", "Must", "Pass", ".", "Mr.", "Obama", "spoke", "."],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"],
    )
    resolver = SpeakerResolver(doc, [])
    assert [e.name for e in resolver.entities] == ["Obama"]


def test_an_honorific_keeps_a_spouse_apart(parse: Parse) -> None:
    doc = parse(
        "Michelle Obama spoke first at the rally in Ohio.\n\n"
        'Later, Mr. Obama told the crowd that "the vote is about all of you."'
    )
    assert name(quote(doc, "the vote is about all of you.")) == "Obama"


def test_a_person_acting_through_a_relative_clause_is_salient(parse: Parse) -> None:
    doc = parse(
        "The cuts would help the rich most, said Karen Moss, an economist.\n\n"
        "It has become a big issue, with Laura Finch \u2014 who has called for higher taxes "
        "on the rich \u2014 attacking the plan.\n\n"
        '"This plan is trickle-down economics all over again," she said in the debate.'
    )
    assert name(quote(doc, "This plan is trickle-down economics all over again,")) == "Laura Finch"


def test_a_passive_sentence_after_a_quote_is_no_attribution(parse: Parse) -> None:
    doc = parse(
        'Vargas spoke on Monday. "Jobs are scarce," Vargas said. "People will get angry and '
        'they will demand work from the government." Over the past year, the region has been '
        "hit by several strikes."
    )
    q = quote(doc, "People will get angry and they will demand work from the government.")
    assert name(q) == "Vargas"


def test_a_name_coordinated_with_a_subject_stays_salient(parse: Parse) -> None:
    doc = parse(
        '"We want to win the title again," says Collard.\n\n'
        "The driver will partner Tom Reyes again. Reyes and Collard won many races last "
        "season.\n\n"
        '"It is a great feeling to race here," he continued.'
    )
    assert name(quote(doc, "It is a great feeling to race here,")) == "Collard"


CLAUSE_OWNER = [
    # text, quoted words, speaker: a quote in an adverbial clause with its own subject
    (
        'As Senator Paula Grant went on about "how the budget is rigged," Tom Reyes said yes, '
        "over and over again.",
        "how the budget is rigged,",
        "Paula Grant",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), CLAUSE_OWNER)
def test_quote_in_an_adverbial_clause(parse: Parse, text: str, words: str, speaker: str) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_a_dash_after_a_quote_names_its_author(parse: Parse) -> None:
    doc = parse(
        "Readers wrote in after the debate.\n"
        "\u201cHe never answered a single question about the schools in our county.\u201d "
        "\u2015\u00a0Maria N Luis Ortega\n"
        "\u201cI would rather live in what he calls \u201chell\u201d than live under him.\u201d "
        "\u2015 Ana Ruiz"
    )
    q = quote(doc, "He never answered a single question about the schools in our county.")
    assert name(q) == "Maria N Luis Ortega"
    q = quote(doc, "I would rather live in what he calls \u201chell\u201d than live under him.")
    assert name(q) == "Ana Ruiz"


BARE_SURNAME = [
    # text, quoted words, speaker: a bare surname means the bearer the article names most
    (
        "Hillary Clinton visited a hospital in Ohio on Monday. Hillary met nurses there.\n\n"
        "Her doctor once served under former President Bill Clinton.\n\n"
        'In her book, Clinton described the visit. "I was scared that day," she wrote.',
        "I was scared that day,",
        "Hillary Clinton",
    ),
    (
        "Bill Clinton spoke in Flint on Monday. Bill Clinton criticized the new law.\n\n"
        "His wife, Hillary Clinton, was not there.\n\n"
        '"It makes no sense to anyone," Clinton said.',
        "It makes no sense to anyone,",
        "Bill Clinton",
    ),
    (
        # Named equally often: the bare surname's gender is open until "she" tells.
        "Hillary Clinton toured a factory in Ohio.\n\n"
        "Mayor Jane Roe showed her the new line.\n\n"
        "The plant opened under former President Bill Clinton.\n\n"
        'Clinton praised the workers. "You built this town," she said.',
        "You built this town,",
        "Hillary Clinton",
    ),
    (
        # Each of three bearers named once: the one the article kept calling by the surname.
        "Gov. Tom Adler endorsed the plan on Friday. Adler said he had weighed it for weeks. "
        "Adler had opposed it in May.\n\n"
        "Critics once mocked his brother, Mark Adler, and his wife, Ruth Adler.\n\n"
        '"I will not be bullied by anyone," Adler said in May.',
        "I will not be bullied by anyone,",
        "Tom Adler",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), BARE_SURNAME)
def test_a_bare_surname_means_the_main_bearer(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


BARE_SURNAME_REGENDERED = [
    # text, quoted words, speaker: a "he added" right after a bare surname's quote tells
    # that speaker's gender; a bearer of the other gender is not them
    (
        # The article's only full-named bearer is his wife: the surname stays alone.
        "The mayor mocked a column by Ruth Adler on Monday.\n\n"
        '"That was a low blow," Adler said. "I will answer it in court," he added.',
        "That was a low blow,",
        "Adler",
    ),
    (
        "The mayor mocked a column by Ruth Adler on Monday.\n\n"
        '"That was a low blow," Adler said. "I will answer it in court," he added.',
        "I will answer it in court,",
        "Adler",
    ),
    (
        # A bearer who fits, named as often, is the one.
        "The mayor mocked a speech by Tom Adler and a column by Ruth Adler on Monday.\n\n"
        '"That was a low blow," Adler said. "I will answer it in court," he added.',
        "That was a low blow,",
        "Tom Adler",
    ),
    (
        # Someone else named in between: the "he" may be them, nothing moves.
        "Ruth Adler spoke to the council on Monday.\n\n"
        '"That was a low blow," Adler said. Councilman Ben Roth disagreed. "She is wrong," '
        "he said.",
        "That was a low blow,",
        "Ruth Adler",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), BARE_SURNAME_REGENDERED)
def test_bare_surname_pronoun_of_other_gender_leaves_the_bearer(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


PARSE_DETOURS = [
    # text, quoted words, speaker: attributions the parse gets wrong in a known way
    (
        # A speaking participle right before the quote, not the sentence's verb nor the
        # name in the clause of time after it.
        "The new ad aired on Sunday.\n\nThe spot concludes with footage of Dunn saying during "
        "the debate last week, \u201cThat makes me tough,\u201d when Lowe blasted him for "
        "skipping the vote.",
        "That makes me tough,",
        "Dunn",
    ),
    (
        # Names parsed into the phrase before the verb are still its subject.
        "When protesters are arrested in the square of the old city, Smith and Jones call "
        'them "heroes" on television.',
        "heroes",
        "Jones",
    ),
    (
        # A time stamp parsed as a second subject names nobody, nor does it join the phrase.
        "The race tightened.\n\n___.\n\n5:45 p.m.\n\nLibertarian candidate Gary Roe\u2019s "
        "doctor is calling the candidate \u201cextremely physically fit.\u201d",
        "extremely physically fit.",
        "Libertarian candidate Gary Roe\u2019s doctor",
    ),
    (
        # A remark speaks for whoever makes it; the object of "prompted" makes it.
        "The new law, which prompted Senator Ann Lowe to make a comment that described the "
        'protesters as "paid agitators," passed on Monday.',
        "paid agitators,",
        "Ann Lowe",
    ),
    (
        # The object of "forced" is the one who admits.
        "The committee also forced Mayor Tom Reyes, who was under questioning over the budget, "
        'to admit that "the city is broke."',
        "the city is broke.",
        "Tom Reyes",
    ),
    (
        # A participle on the object of a preposition: the verb's subject wrote it.
        "The aides replaced the plank with softer language calling for \u201cappropriate "
        "assistance\u201d to the region.",
        "appropriate assistance",
        "aides",
    ),
    (
        # The parse makes "telling" a clause of the quoted "get"; the climb to "seemed" passes it.
        "Clinton seemed to be ready to riff on the incident in Iowa, telling the crowd, "
        "\u201cSome people get a little carried away, have you noticed that?\u201d",
        "Some people get a little carried away, have you noticed that?",
        "Clinton",
    ),
    (
        # The parse hangs "saying" from "was" and lends it "meeting"; a meeting says nothing.
        "On Saturday, Pope Francis made clear that his meeting with Sanders was not political, "
        'saying that those who thought it was should "look for a psychiatrist," according to '
        "Reuters.",
        "look for a psychiatrist,",
        "Pope Francis",
    ),
    (
        # A date parsed as the subject; the name hangs in apposition to the phrase in front.
        "Elizabeth Warren: Donald Trump Is a \u2018Proven Failure\u2019 in Business.\n\n"
        "Saturday at the Massachusetts Democratic state\u2019s party convention Sen. Elizabeth "
        "Warren (D-MA) said presumptive Republican presidential nominee Donald Trump was a "
        "\u201cproven failure\u201d in business.",
        "proven failure",
        "Elizabeth Warren",
    ),
    (
        # "One of ..." is a source, not a number.
        "One of the college's top executives, Martin Sexby, later testified that \"none of "
        'the teachers at the events" were chosen by the founder.',
        "none of the teachers at the events",
        "Martin Sexby",
    ),
    (
        # "writing" parsed into the quotation takes the subject of the verb before it.
        "News of the album spreads just as Red Hot Chili Peppers announced a benefit concert.\n\n"
        "Band member Flea shared the news on social media last week, writing \u201cFeels great "
        "to support someone I believe in. The Rhcp offered to give him the money to pay for the "
        "theater that night.\u201d",
        "Feels great to support someone I believe in. The Rhcp offered to give him the money to "
        "pay for the theater that night.",
        "Flea",
    ),
    (
        # A sentence started at the show's name: "calling" still shares the subject of the
        # verb before the comma.
        "Former governor and New Jersey City Mayor Cory Booker, who backs Clinton, trashed "
        "Christie on MSNBC\u2019s \u201cMorning Joe,\u201d calling it a \u201cno-brainer\u201d to "
        "prosecute.",
        "no-brainer",
        "Cory Booker",
    ),
    (
        # The name before "joked" parsed as its modifier, the verb as a complement of the
        # clause of time: the name speaks, not the subject of that clause.
        "When someone in the audience shouted, \u201cCruz,\u201d Beck joked, again using an "
        "exaggerated Southern accent, \u201cAmen, brother!\u201d",
        "Amen, brother!",
        "Beck",
    ),
    (
        # The quotation hung from the verb of a clause of time after it: that clause reports
        # something else; the report right after the quotation is its own.
        '"I never said that. I never said that," Trump said, after CNBC\'s Becky Quick said '
        "the billionaire front-runner had once mocked Sen. Marco Rubio.",
        "I never said that. I never said that,",
        "Trump",
    ),
    (
        # The name hung in apposition to the company the role is at, not to the role: it
        # still names the one who speaks.
        "He built one of his companies, Lenox Healthcare, into a large business. His former "
        "partner at Lenox, Lawrence B. Cummings, called him a master at bolting together "
        'business transactions. "He showed again and again an ability to put together deals."',
        "He showed again and again an ability to put together deals.",
        "Lawrence B. Cummings",
    ),
    (
        # The quotation hung from the verb before "as": the verb right before the colon that
        # opens it, with a subject of its own, introduces it.
        "\"Apparently there's a young man who's having some problems,\" Cruz said as the "
        'heckler yelled: "You suck!"',
        "You suck!",
        "heckler",
    ),
    (
        # "Sanders, who sits ..., said" parsed with the name as a second subject of the
        # relative clause: it is still the subject of "said".
        "Hillary Clinton has the backing of senators, a body in which her chief rival Bernie "
        "Sanders serves. Sanders, meanwhile, who sits at zero such endorsements, said that fact "
        'speaks volumes about which of the two candidates is "prepared to take on the '
        'establishment."',
        "prepared to take on the establishment.",
        "Bernie Sanders",
    ),
    (
        # "And Skelly called" with the surname read as an adverb and the verb as a participle:
        # still the article's Bill Skelly, and the subject.
        "Bill Skelly worked with Matt Braynard.\n\nAnd Skelly called Braynard \u201ca real smart "
        "guy. I\u2019d like to think having been in the RNC, like he was, he probably understands "
        "at least the genesis of the data.\u201d",
        "a real smart guy. I\u2019d like to think having been in the RNC, like he was, he probably "
        "understands at least the genesis of the data.",
        "Bill Skelly",
    ),
    (
        # Quotations inside a run of coordinated verbs derail the parse: the name that opens
        # the sentence is still the subject of the last verb.
        'Hillary Clinton wrote to the union.\n\nClinton supports "appropriate pay raises," '
        'opposes "across-the-board arbitrary pay freezes" and recalled the three-year freeze '
        'on federal pay: "I saw how hard it was for employees."',
        "I saw how hard it was for employees.",
        "Hillary Clinton",
    ),
    (
        # The parse ends the sentence at the quotation's own "!": the lower-case words after it
        # still attribute it.
        '"Is the governor going to finally admit the plan failed? If he does not he should '
        'resign in disgrace!" the Democratic nominee for mayor, Ann Lowe, tweeted Sunday after '
        "a long and bitter council meeting.",
        "Is the governor going to finally admit the plan failed? If he does not he should "
        "resign in disgrace!",
        "Ann Lowe",
    ),
    (
        # A colon after a sentence whose subject is someone's document: its owner speaks.
        "Rachel Hoff sits on the platform committee.\n\nHoff\u2019s letter makes a "
        "libertarian-style case: \u201cFollowers of radical Islam hate everything we stand for "
        "as Americans.\u201d",
        "Followers of radical Islam hate everything we stand for as Americans.",
        "Rachel Hoff",
    ),
    (
        # "if asked" names nobody who speaks: the quotation goes to the one the sentence is
        # about.
        "John Bolton spoke on Monday.\n\nBolton distanced himself from the NeverTrump "
        "movement by saying he would be willing to bring his expertise to the Trump "
        "Administration if asked.  \u201cI\u2019m going to support him, and support him "
        "enthusiastically.\u201d",
        "I\u2019m going to support him, and support him enthusiastically.",
        "John Bolton",
    ),
    (
        # The name right before "asking" is whom the letter is addressed to, not who asks;
        # and "Phoenix Mayor Greg Stanton", tagged a work of art, is the person Greg Stanton.
        'The day after the vote, Republican Gov. Doug Ducey called the long lines "unacceptable."'
        " Phoenix Mayor Greg Stanton wrote a letter to Attorney General Loretta E. Lynch asking "
        'the Justice Department to investigate the "fiasco."',
        "fiasco.",
        "Greg Stanton",
    ),
    (
        # "Valastro", tagged a place where it stands alone, is the surname of the article's
        # Buddy Valastro: the subject of the paragraph before an uncued quotation.
        "Chris Christie campaigned with Buddy Valastro, star of the TLC reality show \u201cCake "
        "Boss.\u201d\n\nValastro praised Christie\u2019s leadership in the aftermath of Hurricane "
        "Sandy and his ability to get things done in a heavily Democratic state.\n\n\u201cWe "
        "need someone who\u2019s going to cut through the bullcrap and bring people "
        "together.\u201d",
        "We need someone who\u2019s going to cut through the bullcrap and bring people together.",
        "Buddy Valastro",
    ),
    (
        # A comma after a noun of saying introduces the quotation as a colon would.
        "Senator Ann Lowe spoke in Denver. Immediately after the vote, Lowe issued a statement, "
        "\u201cLast night, our state was let down by its leaders. It was the worst vote in this "
        "chamber since 2009.\u201d",
        "Last night, our state was let down by its leaders. It was the worst vote in this "
        "chamber since 2009.",
        "Ann Lowe",
    ),
    (
        # "made a point of saying": the participle's subject is that of the verb whose object
        # the phrase is.
        "Mayor Ann Lowe spoke on Sunday. And she made a point of saying the small library "
        'where the meeting took place "was a place of courage and learning."',
        "was a place of courage and learning.",
        "Ann Lowe",
    ),
    (
        # "Trump accused Cruz" with "accused" read as a modifier of "Cruz": the name before
        # speaks; the one after is whom the words are aimed at.
        "Kicking off the day at a town hall meeting in Salem, Trump accused Cruz, the senator "
        'from Texas and winner of the Iowa caucuses, of being "politically correct" and "very '
        'queasy" on the issue.',
        "very queasy",
        "Trump",
    ),
    (
        # A name after the quotation as the object of a preposition ("on Twitter") is where
        # the words were said, not who said them.
        "After the Supreme court failed to reach a majority decision on President Barack "
        "Obama\u2019s plan to defer deportation for millions on undocumented immigrants, Trump "
        "said the SCOTUS\u2019 deadlock has \u201ckept us safe\u201d  on Twitter before claiming "
        "that open borders are \u201ctearing American families apart.\u201d",
        "kept us safe",
        "Trump",
    ),
    (
        # A long title whose "talk" the tagger reads as a verb still runs into the name.
        "The program airs daily. Sirius XM Vice President for news and talk Dave Gorab called "
        "the show \u201cthe conservative news show of record.\u201d",
        "the conservative news show of record.",
        "Dave Gorab",
    ),
    (
        # The framing verb three prepositions above the quotation still frames it.
        "Jeff Weaver spoke to reporters. Clinton's campaign suggested Sanders was being "
        'hypocritical because he accepted "about $200,000" from Wall Street firms. Weaver '
        'dismissed that suggestion as a sign of an opposing campaign in "disarray."',
        "disarray.",
        "Jeff Weaver",
    ),
    (
        # The name after "with" before the colon is who the speaker is set against.
        "Labor Secretary Thomas Perez spoke first. Perez hammered Trump, calling him a "
        '"train wreck" and "outsourcer in chief," and contrasted the Republican candidate, whom '
        'he described as "volatile," with Clinton: "What I have seen working with Secretary '
        'Clinton is she is a steady hand."',
        "What I have seen working with Secretary Clinton is she is a steady hand.",
        "Thomas Perez",
    ),
    (
        # A report right after the quotation with its own named subject is that person's,
        # though the parse hangs it inside the clause before ("Comey cannot say that").
        "Corey Lewandowski spoke on CNN. Comey cannot say that \u201cfrom his perspective,\u201d "
        "Lewandowski added, saying it should be \u201cup to the prosecutor to move forward or "
        "not.\u201d",
        "from his perspective,",
        "Corey Lewandowski",
    ),
    (
        # A sentence after the quotation that only attributes it, however long the verb's
        # circumstances run.
        'The museum opened its doors to some 40 events.\n\n"Perpetual motion!" Rep. Ann Lowe, '
        "R-Pa., said of the swirl of the many convention activities this week.",
        "Perpetual motion!",
        "Ann Lowe",
    ),
    (
        # What someone's remark is said to be is that person's words.
        "Marco Rubio ran for the Senate in 2010 against Charlie Crist. Rubio\u2019s catch phrase "
        "in that election against Crist was that Crist \u201cwould say or do anything to win an "
        "election.\u201d",
        "would say or do anything to win an election.",
        "Marco Rubio",
    ),
    (
        # "who" hung from a thing in the phrase stands for the person the phrase is about:
        # an unnamed source, not "discussion".
        '"It wasn\'t a convincing argument," said one Democrat familiar with the discussion, '
        'who added that the White House seemed "rattled" by the rising opposition.',
        "rattled",
        "Democrat",
    ),
    (
        # "he surmised": a person and a bare verb right after the quotation attribute it,
        # whatever the verb.
        'At a rally in Dover, 14-year-old Ann Lowe hoisted a sign that read "20%!" Her father, '
        "Brad, 39, worried that too many voters limit the news they read.\n\n"
        '"People are afraid of wasting their votes," he surmised.',
        "People are afraid of wasting their votes,",
        "Brad",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), PARSE_DETOURS)
def test_parse_detours(parse: Parse, text: str, words: str, speaker: str) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_a_cueless_quote_in_a_clause_of_time_is_that_clauses(parse: Parse) -> None:
    doc = parse(
        'Governor Ray Dunn described Senator Ann Lowe as a "disgrace" after she attacked '
        'teachers nationwide and blamed the deficit on "lazy unions" in her speech.'
    )
    assert name(quote(doc, "disgrace")) == "Ray Dunn"
    assert name(quote(doc, "lazy unions")) == "Ann Lowe"


def test_a_surname_misspelt_by_a_doubled_letter_is_the_same_person(parse: Parse) -> None:
    doc = parse(
        "Two voters, Dana McCollum and Bryan Hale, came to the rally.\n\n"
        "McColum said the plan was weak.\n\n"
        '"It is not enough for our town," she said.'
    )
    assert name(quote(doc, "It is not enough for our town,")) == "Dana McCollum"


def test_a_document_reports_and_is_never_they(parse: Parse) -> None:
    doc = parse(
        'After a meeting, the council issued a statement calling the test "a clear violation." '
        'The statement noted they had previously said they would take "further significant '
        'measures" if the North tested again.\n\n"We will act together," they said.'
    )
    # "the council" is a description, not a name: both quotes have an unnamed source.
    statement = quote(doc, "further significant measures")
    assert (statement.speaker, statement.speaker_text) == (None, "statement")
    together = quote(doc, "We will act together,")
    assert (together.speaker, together.source_kind) == (None, "unnamed")


def test_a_quote_framed_by_as_and_an_article(parse: Parse) -> None:
    # "as a "con artist"": the framing word may stand before an article.
    doc = parse(
        "Senate Minority Leader Harry Reid (D-Nev.), in particular, has been steadily pounding "
        "Trump as a \u201ccon artist\u201d \u2015 just as he did with Romney in 2012."
    )
    assert name(quote(doc, "con artist")) == "Harry Reid"


def test_a_chant_is_a_quote(parse: Parse) -> None:
    doc = parse('Protesters marching through the streets chanted "What curfew?" and kept going.')
    assert name(quote(doc, "What curfew?")) == "Protesters"


def test_leftover_markup_is_no_part_of_a_name(parse: Parse) -> None:
    doc = parse(
        'The site rated it Mostly True.">Sanders said that for young workers, '
        "\u201cthe real unemployment rate is 51 percent.\u201d"
    )
    assert name(quote(doc, "the real unemployment rate is 51 percent.")) == "Sanders"


DESCRIBED = [
    # text, quoted words, speaker: a description keeps what names the source, not what
    # describes it
    (
        '"He never paid me," said an architect who designed a clubhouse at one of the courses.',
        "He never paid me,",
        "architect",
    ),
    (
        '"The program must end," said developers and supporters in Congress on Tuesday.',
        "The program must end,",
        "developers and supporters in Congress",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), DESCRIBED)
def test_a_description_drops_its_relative_clause(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


REPORTING_CLAUSE = [
    # text, quoted words, speaker: who speaks by the grammar of the reporting clause
    (
        # A name after a verb whose subject came before it is what it reports.
        '"He signed it."\n\nTrump\'s lawyer, Alan Berg, said Nunez was \u201cchasing fame with '
        "invented stories.\u201d He said Nunez was bound by a contract.",
        "chasing fame with invented stories.",
        "Alan Berg",
    ),
    (
        # A reporter the tagger left untagged still credits the words in the clause reported.
        "Tollefsen said Wednesday that Republicans rejected his amendment to the farm bill, "
        'calling it a "poison pill."',
        "poison pill.",
        "Tollefsen",
    ),
    (
        # A cue coordinated into the reported clause takes no thing for its subject.
        'Gov. Ann Lowe said the bridge plan would cost too much, and called it "a gift to the '
        'builders."',
        "a gift to the builders.",
        "Ann Lowe",
    ),
    (
        "Gov. Ann Lowe said it was too soon to claim the seat but added, \u201cWe all know where "
        "this is going.\u201d",
        "We all know where this is going.",
        "Ann Lowe",
    ),
    (
        # "begin" reports nothing as an outer verb.
        "Rosa Kemp tried again on Monday, but both websites yanked the painting before bidding "
        'was to begin on what Kemp described as a "family treasure."',
        "family treasure.",
        "Rosa Kemp",
    ),
    (
        # A surname the tagger missed, right before a verb of saying with no subject.
        'Sean Spicer spoke on Monday.\n\n"Look at the memo Mr. Lowe sent out after the Tulsa '
        'floods," Spicer notes.',
        "Look at the memo Mr. Lowe sent out after the Tulsa floods,",
        "Sean Spicer",
    ),
    (
        # An age set off by commas before the verb; "told AFP" names the listener.
        "The anchor Jorge Ramos met him twice.\n\n\u201cWe waited far too long to push back,"
        "\u201d Ramos, 58, told AFP in an interview in Mexico City.",
        "We waited far too long to push back,",
        "Jorge Ramos",
    ),
    (
        # A mood set off by commas and an adverb before the verb.
        "Sen. Tom Reed kept asking her about the budget, and Ann Lowe, exasperated, famously "
        'responded: "What difference does it make now?"',
        "What difference does it make now?",
        "Ann Lowe",
    ),
    (
        # The words between two quotes are the first one's attribution: a verb in a clause
        # of it is no cue of the second.
        "\u201cNobody here wants higher taxes,\u201d said Ann Lowe, borrowing a phrase Tom Reed "
        "has used to describe the mayor. \u201cThe council and Tom Reed passed budgets that "
        "left the schools short.\u201d",
        "The council and Tom Reed passed budgets that left the schools short.",
        "Ann Lowe",
    ),
    (
        # A long title before a name the tagger missed: the name speaks, without the title.
        '"The hearing was a waste of a whole week," said Judiciary ranking Democrat Elijah Voss '
        "(D-Ohio).",
        "The hearing was a waste of a whole week,",
        "Elijah Voss",
    ),
    (
        '"Nobody read the bill before the vote," said Appropriations ranking Republican Walter '
        "Voss (R-Ky.).",
        "Nobody read the bill before the vote,",
        "Walter Voss",
    ),
    (
        # So does one with people for that subject: a verb joined to the reported clause
        # without a subject of its own is the reporter's (on the train file this credits
        # "Clinton said Trump is responsible ... and accused him of "inciting ..."" to Clinton).
        'Gov. Ann Lowe said the officials would cut the budget, and called it "a gift to the '
        'builders."',
        "a gift to the builders.",
        "Ann Lowe",
    ),
    (
        # Through a coordination of things reported, to the role a name is given.
        'The agency looked for a link in 2014 and did not find "ties of any consequence," '
        "said the bureau's director, James B. Comey, on Monday.",
        "ties of any consequence,",
        "James B. Comey",
    ),
    (
        # A long quote with no verb of saying hangs from a verb through a noun and "to":
        # that verb's subject speaks.
        "Sen. Ann Lowe lost the state on Tuesday.\n\nLowe credited the result to \u201ca "
        "closed primary, something I am not all that enthusiastic about.\u201d",
        "a closed primary, something I am not all that enthusiastic about.",
        "Ann Lowe",
    ),
    (
        # Words under someone's claim are theirs, not those of whoever mentions the claim.
        "Gov. Ann Lowe on Thursday blamed the press for making an issue out of Tom Reed\u2019s "
        "claim that the mayor \u201cwrecked the budget,\u201d saying they were nitpicking.",
        "wrecked the budget,",
        "Tom Reed",
    ),
    (
        # The name a colon introduces speaks, with spaces of any kind before the quote.
        "TURNOUT IN IOWA DOES NOT RAISE HOPES - Ann Lowe: \u00a0\u201cAt long last the "
        "nomination contest has begun.\u201d [HuffPost.]",
        "At long last the nomination contest has begun.",
        "Ann Lowe",
    ),
    (
        # A preposition with its object parsed as the subject is nobody: the person is.
        "\u201cHis knowledge is disturbing to me,\u201d said Eric Levine, a donor. \u201cHe\u2019s "
        "a circus act.\u201d Of Carson, Levine, who has given money to Marco Rubio, said, "
        "\u201cHe\u2019s flat-out scary.\u201d",
        "He\u2019s flat-out scary.",
        "Eric Levine",
    ),
    (
        # A surname the tagger took for an adverb, right before the verb: its subject.
        "Informed of the district\u2019s lean, Early described it as \u201cnews to me.\u201d",
        "news to me.",
        "Early",
    ),
    (
        # A date before the colon says when; the person before it speaks.
        "Here\u2019s Ann Lowe in December 1992: \u201cWe have to change the way we do "
        "business.\u201d",
        "We have to change the way we do business.",
        "Ann Lowe",
    ),
    (
        # The parse hangs the question from "denies"; "asked Dunn" ends the sentence after it.
        "If Russia is indeed attempting to sway the vote through an assault on party servers "
        "\u2014 as many researchers believe, and Democrats are alleging, but Moscow strongly "
        "denies \u2014 \u201cwhy wouldn\u2019t you want to raise the potential [for "
        "tampering]?\u201d asked Dunn, now a partner at the firm SKDKnickerbocker.",
        "why wouldn\u2019t you want to raise the potential [for tampering]?",
        "Dunn",
    ),
    (
        # "protest" is a verb of saying.
        'Senator Ann Lowe protested that the aides were being "disingenuous" about the date.',
        "disingenuous",
        "Ann Lowe",
    ),
    (
        # Signed on the next line, the hyphen glued to the name.
        '"He can have the briefings," Reid said.\n\n'
        '"The whole idea of a crooked candidate is something we hear about all the time, and '
        'it needs to stop."\n\n'
        "-Michelle Marks, Philadelphia.",
        "The whole idea of a crooked candidate is something we hear about all the time, and it "
        "needs to stop.",
        "Michelle Marks",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), REPORTING_CLAUSE)
def test_speaker_reporting_clause_grammar_names_the_source(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


FOLLOW_UP_VERBS = [
    # text, quoted words, speaker: a host who "pressed", a candidate who "reacted"
    (
        'Ann Lowe spoke to the host on Monday.\n\n"Would the plan cover farmers?" Lowe pressed. '
        '"Maybe a few of them?"',
        "Would the plan cover farmers?",
        "Ann Lowe",
    ),
    (
        'The mayor gave a speech on Sunday.\n\n"Is that the whole plan?" reacted Ann Lowe.',
        "Is that the whole plan?",
        "Ann Lowe",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), FOLLOW_UP_VERBS)
def test_quote_followed_by_pressed_or_reacted_names_the_speaker(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_a_subject_deep_inside_a_reported_clause_takes_no_turn(parse: Parse) -> None:
    # Becker is the subject of a clause inside the concerns Levin dismisses: Levin stays the
    # one a later "he said" follows.
    doc = parse(
        "Representative Sam Levin backs Senator Ann Lowe.\n\n"
        "Levin dismissed concerns that he is defying his state by backing Lowe even though "
        "Tom Becker won the state.\n\n"
        '"It was a narrow win," he said.'
    )
    assert name(quote(doc, "It was a narrow win,")) == "Sam Levin"


NAMES_READ_AS_MODALS = [
    (
        "Columnist George Will has long criticised the governor.\n\n"
        'The plan "will ruin the state budget," Will wrote on Sunday.',
        "will ruin the state budget,",
    ),
    (
        "Columnist George Will has long criticised the governor.\n\n"
        'Will described the plan as "a fiscal fantasy."',
        "a fiscal fantasy.",
    ),
]


@pytest.mark.parametrize(("text", "words"), NAMES_READ_AS_MODALS)
def test_a_name_the_tagger_reads_as_a_modal(parse: Parse, text: str, words: str) -> None:
    # "Will wrote": a modal never comes before a past tense, so "Will" is George Will.
    assert name(quote(parse(text), words)) == "George Will"


def test_a_modal_before_a_bare_verb_stays_a_modal(parse: Parse) -> None:
    doc = parse(
        "Columnist George Will has long criticised the governor.\n\n"
        'Governor Ray Dunn said the plan "will work" and Dunn will defend it.'
    )
    assert name(quote(doc, "will work")) == "Ray Dunn"


def test_according_to_attributes_a_quote_in_its_clause(parse: Parse) -> None:
    doc = parse(
        "Governor Ann Lowe met Senator Tom Becker in Ohio on Monday.\n\n"
        "According to Lowe, she was once part of the so-called establishment, but is now "
        "\u201ca spent force.\u201d"
    )
    assert name(quote(doc, "a spent force.")) == "Ann Lowe"


def test_a_framing_verb_outranks_a_verb_of_saying_in_the_next_clause(parse: Parse) -> None:
    # "charged" is a verb of saying, but the short quotation is what Lowe called her aide.
    doc = parse(
        'Governor Ann Lowe defended her aide as a "very decent man" on Tuesday, hours after '
        "the aide was charged with fraud in Ohio."
    )
    assert name(quote(doc, "very decent man")) == "Ann Lowe"


APPOSED_NAMES = [
    # The tagger knows neither name; the role or the age in apposition shows a person.
    (
        "Senator Tom Becker has said little about the rules.\n\n"
        "Rance Pobbins, the party chairman, this past week announced a website about the "
        "convention.\n\n"
        '"It is a tool for voters," he said.',
        "It is a tool for voters,",
        "Rance Pobbins",
    ),
    (
        "Senator Tom Becker spoke at the rally.\n\n"
        "One voter, Guadalupe Potocacetpl, 35, showed up in a brown beret.\n\n"
        '"I met a lot of his supporters," he said.',
        "I met a lot of his supporters,",
        "Guadalupe Potocacetpl",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), APPOSED_NAMES)
def test_a_name_with_a_role_or_age_in_apposition_is_a_person(
    parse: Parse, text: str, words: str, speaker: str
) -> None:
    assert name(quote(parse(text), words)) == speaker


def test_the_main_clause_subject_stays_the_topic_over_a_subordinate_one(parse: Parse) -> None:
    # Tapper asks (a report in a "when" clause); the "he" who answers is the main clause's Ryan.
    doc = parse(
        "House Speaker Paul Ryan spoke to CNN's Jake Tapper on Thursday.\n\n"
        "Ryan also did not exude confidence when Tapper asked whether Republicans would be "
        "able to hold on to the House in November.\n\n"
        "\u201cThe one thing I think you can predict of this year, it is gonna be "
        "unpredictable,\u201d he said."
    )
    words = "The one thing I think you can predict of this year, it is gonna be unpredictable,"
    assert name(quote(doc, words)) == "Paul Ryan"


def test_a_lone_first_name_has_that_names_gender(parse: Parse) -> None:
    # Melanie is the main clause's subject, but a "he" cannot mean her.
    doc = parse(
        "Donald Trump spoke for an hour in Cleveland.\n\n"
        "Melanie clapped on her couch in western Pennsylvania as Trump reached the final "
        "three words of his speech.\n\n"
        "\u201cI love you,\u201d he said."
    )
    assert name(quote(doc, "I love you,")) == "Donald Trump"


def test_a_name_that_says_he_is_a_person(parse: Parse) -> None:
    # The tagger calls "Adel Nefzi" an organisation; "said he" shows a person, whom the next
    # "he said" means.
    doc = parse(
        "Inside the mosque, Adel Nefzi said he and many of those who worshiped there are "
        "trying to collect money for the victims.\n\n"
        '"It\'s our bad luck," he said.'
    )
    q = quote(doc, "It's our bad luck,")
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.kind) == ("Adel Nefzi", "person")


def test_a_name_after_the_stays_an_organisation_whatever_pronoun_follows(parse: Parse) -> None:
    # The "she" is the candidate the sentence before is about, not the news agency.
    doc = parse(
        "Clinton won primaries in California and New Mexico on Tuesday night. The Associated "
        'Press reported that she had reached the delegates needed, calling it "a milestone."'
    )
    q = quote(doc, "a milestone.")
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.kind) == ("Associated Press", "organisation")


def test_a_generational_suffix_is_no_surname(parse: Parse) -> None:
    # "Biden" is the Biden of "Joseph R. Biden Jr.", and the son keeps his own name.
    doc = parse(
        "Vice President Joseph R. Biden Jr. spoke in Scranton on Monday.\n\n"
        '"We are not going to let this happen," Biden said.\n\n'
        "Later, Donald Trump Jr. met donors in Ohio. "
        '"My father will win," Donald Trump Jr. said. "The polls are wrong," Donald Trump said.'
    )
    assert name(quote(doc, "We are not going to let this happen,")) == "Joseph R. Biden Jr."
    assert name(quote(doc, "My father will win,")) == "Donald Trump Jr."
    assert name(quote(doc, "The polls are wrong,")) == "Donald Trump"


def test_a_verb_of_judgement_makes_a_short_quotation_its_subjects(parse: Parse) -> None:
    # "lauded X for helping develop "..."": the praise quotes the governor, no verb of saying
    # needed; a short quotation under no such verb stays a scare quote.
    doc = parse(
        "In January, Gov. Earl Ray Tomblin of West Virginia lauded Mr. Clarke in his "
        'state-of-the-state address for helping develop "new and innovative ideas."\n\n'
        'Mr. Clarke bought a "reclaimed" mine in 2015.'
    )
    assert name(quote(doc, "new and innovative ideas.")) == "Earl Ray Tomblin"
    assert not any(q.text.startswith("reclaimed") for q in extract_quotes(doc))


def test_a_verb_joined_to_a_passive_shares_its_subject_not_its_agent(parse: Parse) -> None:
    doc = parse(
        "As the crowd began to chant, Sarah Silverman was joined on stage again by Minnesota "
        "Sen. Al Franken and joked, \u201cBernie or Bust people, you\u2019re being "
        "ridiculous.\u201d"
    )
    words = "Bernie or Bust people, you\u2019re being ridiculous."
    assert name(quote(doc, words)) == "Sarah Silverman"


def test_a_long_title_with_and_gives_way_to_the_name(parse: Parse) -> None:
    doc = parse(
        "\u201cThat\u2019s what he did in \u201908 and \u201912. He\u2019s reprising that "
        "role,\u201d said former Pennsylvania Gov. and Democratic National Committee Chairman "
        "Ed Rendell."
    )
    words = "That\u2019s what he did in \u201908 and \u201912. He\u2019s reprising that role,"
    assert name(quote(doc, words)) == "Ed Rendell"


def test_a_post_before_a_colon_speaks_for_its_owner(parse: Parse) -> None:
    doc = parse(
        "Aides say the former Florida governor Jeb Bush plans to back Cruz. From Bush's "
        'Facebook post: "For the sake of our party and country, we must move to overcome '
        'the divisiveness and vulgarity of this race."'
    )
    words = (
        "For the sake of our party and country, we must move to overcome the divisiveness "
        "and vulgarity of this race."
    )
    assert name(quote(doc, words)) == "Jeb Bush"


def test_a_name_inside_the_quotation_is_not_the_verbs_subject(parse: Parse) -> None:
    doc = parse(
        "Zimmerman said he planned to use the proceeds from the sale to fight violence "
        'against officers and to counter "Hillary Clinton\'s anti-firearm rhetoric."'
    )
    assert name(quote(doc, "Hillary Clinton's anti-firearm rhetoric.")) != "Hillary Clinton"


def test_the_name_a_colon_introduces_outranks_the_verb_before_it(parse: Parse) -> None:
    # A digest's "headline - source: quotation"; "wrote on Facebook:" names a place instead.
    doc = parse(
        "There was a lot shifting on the ground in Iowa.\n\n"
        "Pollsters agree - Carl Bialik: \u201cOne of the biggest lessons was a simple one: "
        "Keep on contacting voters as late as possible.\u201d\n\n"
        "Carly Fiorina wrote on Facebook: \u201cAnyone can turn a big inheritance into a "
        "bigger one.\u201d"
    )
    lesson = (
        "One of the biggest lessons was a simple one: Keep on contacting voters as late as "
        "possible."
    )
    assert name(quote(doc, lesson)) == "Carl Bialik"
    assert name(quote(doc, "Anyone can turn a big inheritance into a bigger one.")) == (
        "Carly Fiorina"
    )


def test_he_after_someone_brought_in_without_a_name_is_that_source(parse: Parse) -> None:
    # "A reporter" is someone new: the "he" is that reporter, not the man named before.
    doc = parse(
        "Police named the driver as Omar Vance, 31.\n\n"
        'A reporter for the Daily Ledger called it "absolute chaos."\n\n'
        '"We saw people running in every direction," he said.'
    )
    said = quote(doc, "We saw people running in every direction,")
    assert said.speaker is None
    assert said.speaker_text == "he"
    assert said.source_kind == "unnamed"


def test_the_first_part_of_a_double_surname_is_that_person(parse: Parse) -> None:
    # "Ms. Acosta" is Melba Acosta Febo; "Wasserman Schultz" is Debbie Wasserman Schultz.
    doc = parse(
        "Melba Acosta Febo, who runs the island's bank, met the creditors on Monday. "
        "The party chair, Rep. Debbie Wasserman Schultz of Florida, was there too.\n\n"
        '"We need Chapter 9," said Ms. Acosta.\n\n'
        'Wasserman Schultz said the talks were "an open process."'
    )
    acosta = quote(doc, "We need Chapter 9,")
    chair = quote(doc, "an open process.")
    assert acosta.speaker is not None
    assert chair.speaker is not None
    assert acosta.speaker.name == "Melba Acosta Febo"
    assert chair.speaker.name == "Debbie Wasserman Schultz"


def test_went_on_after_a_quotation_is_a_verb_of_saying(parse: Parse) -> None:
    # Short and with no other verb of saying, the question would pass for a scare quote.
    doc = parse(
        "Anchor Megan Kell asked whether he had been bullied.\n\n"
        "\u201cYou know, it happens, right?\u201d Tom Reyes went on. \u201cBut you gotta get "
        "over it.\u201d\n\n"
        "Reyes went on to win the state by ten points."
    )
    assert name(quote(doc, "You know, it happens, right?")) == "Tom Reyes"
    assert name(quote(doc, "But you gotta get over it.")) == "Tom Reyes"


def test_a_subject_the_parse_hangs_in_apposition_to_a_phrase_in_front(parse: Parse) -> None:
    # "Jake Sullivan" and "the candidate" hang from the prepositional phrase before them.
    doc = parse(
        "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
        "\u201cCooperation is strongest when Europe is united.\u201d\n\n"
        "In an interview with Morning Joe hosts Joe Scarborough and Mika Brzezinski, the "
        "Democratic presidential candidate stated that the comments do not \u201cfit with what "
        "I thought I knew about him.\u201d\n\n"
        "\u201cIt is not the position that everything is fine,\u201d Gene Sperling, a top "
        "outside adviser, said at a recent event."
    )
    assert name(quote(doc, "Cooperation is strongest when Europe is united.")) == "Jake Sullivan"
    knew = quote(doc, "fit with what I thought I knew about him.")
    assert knew.speaker is None
    assert knew.speaker_text == "Democratic presidential candidate"
    assert name(quote(doc, "It is not the position that everything is fine,")) == "Gene Sperling"


def test_a_paragraph_ending_in_talk_announces_the_quotations_after_it(parse: Parse) -> None:
    doc = parse(
        "What that means is left to the voters, since Tom Reyes spoke only in vague phrases "
        "during the interview.\n\n"
        "\u201cWe have to do something and it\u2019s the only way you stop it.\u201d\n\n"
        "\u201cWe have to be a lot tougher. We are playing by different rules.\u201d"
    )
    assert name(quote(doc, "We have to do something and it\u2019s the only way you stop it.")) == (
        "Tom Reyes"
    )
    assert name(quote(doc, "We have to be a lot tougher. We are playing by different rules.")) == (
        "Tom Reyes"
    )


def test_a_colon_inside_a_quoted_passage_hands_on_the_quoted_voice(parse: Parse) -> None:
    # Block quotation: each paragraph opens a quotation mark, only the last closes it.
    doc = parse(
        '"I have decided to endorse Ted Cruz," Morton Blackwell wrote.\n\n'
        "He then listed what a nominee needs, in the words of his letter:\n\n"
        '"Last year I discussed several questions to ask of a candidate. Here they are:\n\n'
        '"Has the candidate a record of leadership for conservative principles?\n\n'
        '"Would the candidate melt when the heat is on?"\n\n'
        '"Those questions point to one man," Blackwell went on.'
    )
    for words in (
        "Has the candidate a record of leadership for conservative principles?",
        "Would the candidate melt when the heat is on?",
    ):
        assert name(quote(doc, words)) == "Morton Blackwell"


def test_a_one_word_name_the_article_mostly_tags_a_place_is_no_person(parse: Parse) -> None:
    # The tagger calls the city a person once ("Clarkston became his home"), a place the
    # other times: it never takes the topic from the man the passage is about.
    from spacy.tokens import Span

    doc = parse(
        "Clarkston has welcomed refugees for decades, Mayor Ted Terry noted. Clarkston is a "
        "small city.\n\nLuay Sami came to Clarkston from Iraq in 2011. Soon, he found the area "
        "welcoming. Clarkston became his home.\n\n"
        '"The stereotyping is still strong here," he said.'
    )
    places = [t.i for t in doc if t.text == "Clarkston"]
    ents = [e for e in doc.ents if "Clarkston" not in e.text]
    ents += [Span(doc, i, i + 1, label="GPE") for i in places[:-1]]
    ents.append(Span(doc, places[-1], places[-1] + 1, label="PERSON"))
    doc.ents = sorted(ents, key=lambda e: e.start)
    assert name(quote(doc, "The stereotyping is still strong here,")) == "Luay Sami"


def test_a_surname_and_a_bare_verb_after_a_quotation_attribute_it(parse: Parse) -> None:
    # "Oliver", which the tagger does not call a person here, is the surname of the
    # article's John Oliver: "Oliver barked" is the quotation's attribution.
    doc = parse(
        "Even HBO comedian John Oliver, who hosts the popular weekly show \u201cLast Week "
        "Tonight,\u201d appeared to lose his temper while addressing Trump\u2019s insensitive "
        "response to the Khan family.\n\u201cOK, for a start, [Khizr Khan\u2019s] wife has "
        "explained that she chose not to speak because she gets too upset, you asshole,\u201d "
        "Oliver barked."
    )
    q = quote(
        doc,
        "OK, for a start, [Khizr Khan\u2019s] wife has explained that she chose not to speak "
        "because she gets too upset, you asshole,",
    )
    assert (q.cue, name(q)) == ("barked", "John Oliver")
