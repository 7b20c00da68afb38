"""Name cleaning and comparison: pure functions over strings."""

from __future__ import annotations

import pytest

from app.speakers.names import clean_name, parse_name, same_person, surname_fits


@pytest.mark.parametrize(
    ("raw", "person", "expected"),
    [
        ("Donald Trump", True, "Donald Trump"),
        ("Billionaire Donald Trump", True, "Donald Trump"),
        ("Entrusting Donald Trump", True, "Donald Trump"),
        ("a Donald Trump", True, "Donald Trump"),
        ("Trump Says He", True, "Trump"),
        ("Trump's tweet", True, "Trump"),
        ("Trump\u2019s", True, "Trump"),
        ("Hillary Clinton.\n\nSexton", True, "Sexton"),
        ("man", True, None),
        ("California congressman", True, None),
        (
            "wife and current Democratic presidential nominee Hillary Clinton",
            True,
            "Hillary Clinton",
        ),
        ("Hillary Clinton's campaign manager Robby Mook", True, "Robby Mook"),
        ("Bill de Blasio", True, "Bill de Blasio"),
        ("Carson CNN", True, "Carson"),
        ("Republican", False, None),
        ("Democrats", False, None),
        ("some", True, None),
        ("Sen. Ted Cruz", True, "Sen. Ted Cruz"),
        ("The New York Times", False, "New York Times"),
        ("Politico", False, "Politico"),
        ("Vermont senator", False, None),
        ("the Trump campaign", False, "Trump campaign"),
    ],
)
def test_clean_name_drops_what_writing_glued_to_a_name(
    raw: str, person: bool, expected: str | None
) -> None:
    assert clean_name(raw, person=person) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Donald Trump", "Donald J. Trump", True),
        ("Hillary Clinton", "Hillary Rodham Clinton", True),
        ("Hillary Clinton", "Hilary Clinton", True),  # one spelling edit
        ("Sen. Ted Cruz", "Ted Cruz", True),
        ("Donald Trump", "Eric Trump", False),
        ("Donald Trump", "Ivanka Trump", False),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Barack Obama", "Michelle Obama", False),
        ("George W. Bush", "George H. W. Bush", False),  # middle initials disagree
        ("Eric Trump", "Erin Trump", False),  # short names one edit apart are two people
        ("Wasserman Schultz", "Debbie Wasserman Schultz", True),
        # A paper prints the given name, another the nickname.
        ("Joseph R. Biden Jr.", "Joe Biden", True),
        ("Edward G. Rendell", "Ed Rendell", True),
        ("Richard J. Durbin", "Dick Durbin", True),
        ("Fred Rogers", "Will Rogers", False),  # "Will" is no given name "Fred" shortens
        ("Ivanka Trump", "Ivana Trump", False),  # two known names, one edit apart
        ("Donald Trump Jr.", "Donald Trump", False),  # father and son
        ("Donald Trump Jr.", "Donald Trump Jr", True),
    ],
)
def test_same_person_joins_variants_and_keeps_relatives_apart(a: str, b: str, same: bool) -> None:
    assert same_person(parse_name(a), parse_name(b)) is same


def test_surname_alone_fits_only_a_person_of_the_right_gender() -> None:
    hillary, bill = parse_name("Hillary Clinton"), parse_name("Bill Clinton")
    assert surname_fits(parse_name("Mrs. Clinton"), hillary)
    assert not surname_fits(parse_name("Mrs. Clinton"), bill)
    assert surname_fits(parse_name("Clinton"), bill)
    assert not parse_name("Clinton").full
