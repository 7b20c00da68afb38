"""Each place step on its own sentences: written forms, ranking with the article's context,
towns near the article's places, and what a served place says it is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from app.extract.gazetteer import Gazetteer
from app.extract.places.forms import counties, dateline
from app.extract.types import PlaceMention

Parse = Callable[[str], Doc]


def _find(mentions: list[PlaceMention], text: str) -> PlaceMention:
    matches = [m for m in mentions if m.text == text]
    assert matches, f"{text!r} not found in {[m.text for m in mentions]}"
    return matches[0]


# --- forms: datelines and "X County" ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Crash closes bridge. TORRINGTON — A truck hit the rail on Monday.", "TORRINGTON"),
        ("BELGRADE, Minn. -- The council met on Tuesday night.", "BELGRADE"),
        ("Storm hits coast. NEWARK, Ohio (AP) — Power was cut to 3,000 homes.", "NEWARK"),
        ("COLUMBUS -- Lawmakers passed the budget.", "COLUMBUS"),
    ],
)
def test_dateline_in_capitals_is_recognised(gazetteer: Gazetteer, text: str, expected: str) -> None:
    found = dateline(text, gazetteer)
    assert found is not None
    assert (found.text, found.label) == (expected, "DATELINE")
    assert text[found.start : found.end] == expected


@pytest.mark.parametrize(
    "text",
    [
        "THE END — of an era, some said.",
        "The council met on Tuesday night.",
        "NASA -- the agency said the launch slipped.",
    ],
)
def test_dateline_without_a_known_town_is_none(gazetteer: Gazetteer, text: str) -> None:
    assert dateline(text, gazetteer) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flooding closed roads in Laurel County on Sunday.", ["Laurel County"]),
        ("Anderson County Sheriff Greg Taylor said the road was closed.", ["Anderson County"]),
        (
            "Deputies from Rapides Parish and Muhlenberg County helped.",
            ["Rapides Parish", "Muhlenberg County"],
        ),
        ("The County Commission met.", []),
    ],
)
def test_county_names_are_recognised_by_their_kind_word(
    gazetteer: Gazetteer, text: str, expected: list[str]
) -> None:
    assert [span.text for span in counties(text, gazetteer)] == expected


# --- ranking with what the article says ---


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("A fire destroyed a barn near Paris, Mo., on Sunday.", "Paris", "US", "Missouri"),
        ("Police in London, Ontario, arrested two men.", "London", "CA", "Ontario"),
        ("The mayor of Vienna, Va., resigned on Friday.", "Vienna", "US", "Virginia"),
        ("Museums in Paris and Lyon reopened, France said.", "Paris", "FR", "Île-de-France"),
    ],
)
def test_qualifier_and_context_choose_the_namesake(
    places: Callable[[str], list[PlaceMention]],
    text: str,
    name: str,
    country: str,
    admin1: str,
) -> None:
    entry = _find(places(text), name).entry
    assert entry is not None
    assert (entry.country_code, entry.admin1_name) == (country, admin1)


def test_county_with_state_resolves_to_the_county(
    places: Callable[[str], list[PlaceMention]],
) -> None:
    found = places("The mine in Muhlenberg County, Ky., closed last year.")
    entry = _find(found, "Muhlenberg County").entry
    assert entry is not None
    assert (entry.feature_kind, entry.admin1_name, entry.admin2_name) == (
        "county",
        "Kentucky",
        "Muhlenberg County",
    )


def test_nearby_towns_settle_an_ambiguous_name(
    places: Callable[[str], list[PlaceMention]],
) -> None:
    text = (
        "Crews from Columbus, Grove City and Hilliard were called to a fire in Dublin. "
        "Dublin firefighters said the blaze started in a garage."
    )
    entry = _find(places(text), "Dublin").entry
    assert entry is not None
    assert (entry.country_code, entry.admin1_name) == ("US", "Ohio")


def test_state_named_like_a_country_follows_the_article(
    places: Callable[[str], list[PlaceMention]],
) -> None:
    text = "The team flew from Atlanta to Savannah, the second trip across Georgia this month."
    entry = _find(places(text), "Georgia").entry
    assert entry is not None
    assert (entry.country_code, entry.feature_kind) == ("US", "region")


# --- towns the model missed, near the article's places ---


def test_town_tagged_as_organisation_is_taken_near_the_article_places(
    places: Callable[[str], list[PlaceMention]],
) -> None:
    text = (
        "Laurel County officials met in London, Ky., on Monday. "
        "Corbin businesses will get a new recycling program, the mayor said."
    )
    entry = _find(places(text), "Corbin").entry
    assert entry is not None
    assert (entry.country_code, entry.admin1_name) == ("US", "Kentucky")


def test_town_far_from_the_article_places_is_not_taken(
    places: Callable[[str], list[PlaceMention]],
) -> None:
    text = (
        "Officials in Casper, Wyo., met on Monday. "
        "Torrington businesses will get a new recycling program, the mayor said."
    )
    assert "Torrington" not in {m.text for m in places(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Man booked for assault. A man was arrested in Akron, Ohio, on Friday.",
        "Rescuers reached the crash on Route 9. Hurricane winds had downed trees in Ohio.",
    ],
)
def test_ordinary_words_are_not_towns(
    places: Callable[[str], list[PlaceMention]], text: str
) -> None:
    texts = {m.text for m in places(text)}
    assert not texts & {"Man", "Hurricane"}


# --- what a place says it is ---


def test_gazetteer_counties_have_points_and_admin_names(gazetteer: Gazetteer) -> None:
    counties_found = [
        c for c in gazetteer.lookup("Laurel County") if c.entry.feature_kind == "county"
    ]
    kentucky = [c for c in counties_found if c.entry.admin1_name == "Kentucky"]
    assert kentucky
    entry = kentucky[0].entry
    assert entry.admin2_name == "Laurel County"
    assert 36.5 < entry.latitude < 37.7
    assert -84.7 < entry.longitude < -83.5


@pytest.mark.parametrize(
    ("name", "country"),
    [("Netherlands", "NL"), ("DPRK", "KP"), ("North Korea", "KP"), ("Holy See", "VA")],
)
def test_country_names_and_aliases_resolve(gazetteer: Gazetteer, name: str, country: str) -> None:
    assert any(
        c.entry.feature_kind == "country" and c.entry.country_code == country
        for c in gazetteer.lookup(name)
    )


def test_one_word_abbreviations_need_their_dot(gazetteer: Gazetteer) -> None:
    assert gazetteer.abbreviation("Ky.")
    assert not gazetteer.abbreviation("Iran.")
    assert all(c.entry.name != "Manitoba" for c in gazetteer.lookup("Man"))
    assert gazetteer.lookup("Man.")[0].entry.name == "Manitoba"


@pytest.mark.parametrize(
    ("text", "name", "feature", "country"),
    [
        (
            "Flights from Heathrow to Edinburgh were cancelled as snow hit London.",
            "Heathrow",
            "airport",
            "GB",
        ),
        ("The plane landed at Heathrow Airport on Monday.", "Heathrow Airport", "airport", "GB"),
        ("A storm hit Kent, closing roads near Canterbury.", "Kent", "county", "GB"),
    ],
)
def test_airports_and_uk_counties_resolve_in_context(
    places: Callable[[str], list[PlaceMention]],
    text: str,
    name: str,
    feature: str,
    country: str,
) -> None:
    entry = _find(places(text), name).entry
    assert entry is not None
    assert (entry.feature_kind, entry.country_code) == (feature, country)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S.-led coalition struck targets in Syria.", [("U.S.", "US"), ("Syria", "SY")]),
        ("Officials in T&T met envoys from the DPRK.", [("T&T", "TT"), ("DPRK", "KP")]),
        ("Envoys from the Holy See arrived.", [("Holy See", "VA")]),
    ],
)
def test_country_aliases_and_compounds_are_places(
    places: Callable[[str], list[PlaceMention]], text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(m.text, m.entry.country_code if m.entry else None) for m in places(text)]
    assert found == expected
