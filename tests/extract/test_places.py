"""Place mentions from literal sentences, through the real model and the real built gazetteer."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from app.eval.places import haversine_km
from app.extract.gazetteer import Gazetteer
from app.extract.places import extract_places
from app.extract.types import PlaceMention

Parse = Callable[[str], Doc]
SEED = Path("/work/shared/seed/us-warns-russia-idlib.txt")
SEED_GOLD = SEED.with_name("us-warns-russia-idlib.gold.json")


def summary(mentions: list[PlaceMention]) -> list[tuple[str, str | None, str | None]]:
    """(text, country code, feature kind) per mention; None for an unresolved place."""
    return [
        (
            m.text,
            m.entry.country_code if m.entry else None,
            m.entry.feature_kind if m.entry else None,
        )
        for m in mentions
    ]


# sentence -> every place mention expected, in order: (text, country code, feature kind).
# A demonym names its country ("Russian planes"), as in local-news gold (LGL).
CASES = [
    (
        "Syrian forces and Russians were seen near the border.",
        [("Syrian", "SY", "country"), ("Russians", "RU", "country")],
    ),
    (
        "Russian planes were bombing the road between Idlib City and the village of Qumenas.",
        [("Russian", "RU", "country"), ("Idlib City", "SY", "city"), ("Qumenas", None, None)],
    ),
    (
        "Government forces advanced from Nayrab towards Saraqib, south of Aleppo.",
        [("Nayrab", None, None), ("Saraqib", "SY", "city"), ("Aleppo", "SY", "city")],
    ),
    (
        "The offensive in Idlib province has displaced thousands of families.",
        [("Idlib province", "SY", "region")],
    ),
    ("Shelling hit Idlib\u00a0province again.", [("Idlib\u00a0province", "SY", "region")]),
    (
        "Idlib was shelled again. The raids hit Idlib province and Idlib City.",
        [("Idlib", "SY", "city"), ("Idlib province", "SY", "region"), ("Idlib City", "SY", "city")],
    ),
    (
        "The Hama governorate borders Idlib.",
        [("Hama governorate", "SY", "region"), ("Idlib", "SY", "city")],
    ),
    (
        "The United States withdrew its troops from northern Syria last year.",
        [("United States", "US", "country"), ("Syria", "SY", "country")],
    ),
    (
        "Flights from Hama to Damascus were suspended.",
        [("Hama", "SY", "city"), ("Damascus", "SY", "capital")],
    ),
    ("Fighting continued near Maarat Al-Numan.", [("Maarat Al-Numan", "SY", "city")]),
    ("They want to reach the M4-M5 road before spring.", [("M4-M5 road", None, None)]),
    (
        "The ship sailed across the Mediterranean to Latakia.",
        [("Mediterranean", None, "sea"), ("Latakia", "SY", "city")],
    ),
    ("A Moscow-based analyst said the sanctions would hurt.", [("Moscow", "RU", "capital")]),
    (
        "Idlib\nIdlib has become the final frontier.",
        [("Idlib", "SY", "city"), ("Idlib", "SY", "city")],
    ),
    (
        "The UAE and the U.S. signed the deal in Abu Dhabi.",
        [("UAE", "AE", "country"), ("U.S.", "US", "country"), ("Abu Dhabi", "AE", "capital")],
    ),
    ("The EU said member states must agree.", [("EU", None, "continent")]),
    (
        "He was born in Louisville, Ky., and moved to Calif. later.",
        [("Louisville", "US", "city"), ("Ky.", "US", "region"), ("Calif.", "US", "region")],
    ),
    (
        "Tensions rose in the Middle East and the Gulf.",
        [("Middle East", None, "area"), ("Gulf", None, "sea")],
    ),
    (
        "Tamil Nadu and Karnataka disagree over the river water.",
        [("Tamil Nadu", "IN", "region"), ("Karnataka", "IN", "region")],
    ),
    (
        "The Assad government relies on Russia and Iran.",
        [("Russia", "RU", "country"), ("Iran", "IR", "country")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_places_in_sentence(
    places: Callable[[str], list[PlaceMention]],
    text: str,
    expected: list[tuple[str, str | None, str | None]],
) -> None:
    assert summary(places(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "James Jeffrey said the talks would continue. Jeffrey did not say when.",
        "Follow us on Twitter and Instagram to stay connected.",
        "The UN Security Council will meet on Thursday.",
        "Sources told The New Arab that the talks had failed.",
        "The New York Times reported the story first.",
        "He told the Los Angeles Times that he would appeal.",
        "Life on Earth began long ago.",
        "Chelsea Clinton spoke first. Chelsea said the campaign would go on.",
        "The VA said veterans would wait less.",
    ],
)
def test_people_organisations_and_demonyms_are_not_places(
    places: Callable[[str], list[PlaceMention]], text: str
) -> None:
    assert places(text) == []


# sentence -> (mention, country code it must resolve to): the article's context decides
CONTEXT = [
    ("Officials in Washington said the United States would respond.", "Washington", "US"),
    ("The festival in Paris, Texas, drew visitors from Dallas.", "Paris", "US"),
    ("The council in London, Ontario, approved the budget.", "London", "CA"),
    ("France and Germany condemned the attack in Paris.", "Paris", "FR"),
    ("Protesters gathered in London on Saturday.", "London", "GB"),
    (
        "Ohio, Texas and Florida voters back the Paris climate accord, the Ohio senator said.",
        "Paris",
        "FR",
    ),
    ("Voters in Georgia went to the polls in Tbilisi on Saturday.", "Georgia", "GE"),
    (
        "The storm hit Georgia and Alabama on Monday, the U.S. weather service said.",
        "Georgia",
        "US",
    ),
]


@pytest.mark.parametrize(("text", "mention", "country"), CONTEXT)
def test_context_resolves_ambiguous_names(
    places: Callable[[str], list[PlaceMention]], text: str, mention: str, country: str
) -> None:
    found = {m.text: m.entry for m in places(text)}
    entry = found[mention]
    assert entry is not None
    assert entry.country_code == country


def test_washington_in_news_is_the_capital(places: Callable[[str], list[PlaceMention]]) -> None:
    (mention,) = [
        m for m in places("Washington warned Moscow on Friday.") if m.text == "Washington"
    ]
    assert mention.entry is not None
    assert mention.entry.feature_kind == "capital"


def test_washington_state_when_signalled(places: Callable[[str], list[PlaceMention]]) -> None:
    found = places("Wildfires spread across Washington state and Oregon.")
    assert found[0].text == "Washington state"
    assert found[0].entry is not None
    assert found[0].entry.feature_kind == "region"


# Real coordinates (GeoNames) of the seed article's cities: resolution must land within 25 km.
REAL_POINTS = {
    "Idlib": (35.9306, 36.6339),
    "Aleppo": (36.2021, 37.1343),
    "Hama": (35.1318, 36.7578),
    "Latakia": (35.5317, 35.7918),
    "Damascus": (33.5102, 36.2913),
    "Moscow": (55.7522, 37.6156),
    "Washington": (38.8951, -77.0364),
}


def test_cities_resolve_within_25_km(places: Callable[[str], list[PlaceMention]]) -> None:
    text = (
        "Washington and Moscow traded blame as the highways linking Aleppo to Hama and Latakia "
        "and Aleppo to Damascus were cut. Idlib remained under fire."
    )
    found = {m.text: m.entry for m in places(text)}
    for name, (lat, lon) in REAL_POINTS.items():
        entry = found[name]
        assert entry is not None, name
        assert haversine_km(lat, lon, entry.latitude, entry.longitude) < 25, name


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not available")
def test_seed_article_required_places_and_not_places(
    places: Callable[[str], list[PlaceMention]],
) -> None:
    gold: dict[str, Any] = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    found = places(SEED.read_text(encoding="utf-8"))
    texts = {m.text for m in found}
    countries = {m.entry.country_code for m in found if m.entry}
    for place in gold["places"]:
        if place["required"]:
            assert any(place["name"] in t or t in place["name"] for t in texts), place["name"]
    for name in gold["not_places"]:
        assert name not in texts
    assert {"SY", "RU", "US", "GB", "FR"} <= countries


def test_extraction_is_cheap_next_to_the_parse(nlp: Language, gazetteer: Gazetteer) -> None:
    texts = [text for text, _ in CASES] + [text for text, _, _ in CONTEXT]
    texts = [f"{t} {t.replace('.', ',')} and more." for t in texts] * 3
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        extract_places(doc, gazetteer)
    extract_seconds = time.perf_counter() - started
    # Throughput with places must stay >= 0.8x the bare parse: extraction <= 25% of parse time.
    assert extract_seconds <= 0.25 * parse_seconds


@pytest.mark.parametrize("text", ["", "   \n\n  ", "no capitals at all here.", "1999 - 2020"])
def test_texts_without_places(places: Callable[[str], list[PlaceMention]], text: str) -> None:
    assert places(text) == []


# "X, Y": the qualifier picks the X inside it, and takes the reading that contains X.
QUALIFIED = [
    ("The plant in Columbus, Georgia, will close.", "Columbus", (32.46, -84.99), "US"),
    ("He grew up in Athens, Georgia, before moving.", "Athens", (33.96, -83.38), "US"),
    ("Protests spread from Tbilisi to Batumi, Georgia.", "Batumi", (41.64, 41.64), "GE"),
    (
        "GLASGOW, Ky. (WBKO) -- One woman died. Police in Glasgow said.",
        "Glasgow",
        (37.0, -85.91),
        "US",
    ),
]


@pytest.mark.parametrize(("text", "name", "point", "georgia_or_state"), QUALIFIED)
def test_qualified_names(
    places: Callable[[str], list[PlaceMention]],
    text: str,
    name: str,
    point: tuple[float, float],
    georgia_or_state: str,
) -> None:
    found = places(text)
    entry = next(m.entry for m in found if m.text == name)
    assert entry is not None
    assert haversine_km(*point, entry.latitude, entry.longitude) < 50
    qualifier = found[-1] if name == "Batumi" else found[1]
    assert qualifier.entry is not None
    assert qualifier.entry.country_code == georgia_or_state
