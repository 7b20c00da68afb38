"""The place scorer's rules on literal gold records, and one run through the real extractor."""

from __future__ import annotations

from typing import Any

import pytest

from app.eval.places import haversine_km, match_article, score_places
from app.extract.places import extract_places
from app.extract.types import GazetteerEntry, PlaceMention
from tests.places_fixtures import load_nlp, open_gazetteer

PARIS = GazetteerEntry(2988507, "Paris", "FR", 48.85341, 2.3488, "capital", 2_138_551)
PARIS_TX = GazetteerEntry(4717560, "Paris", "US", 33.66094, -95.55551, "city", 24_782)
LYON = GazetteerEntry(2996944, "Lyon", "FR", 45.74846, 4.84671, "city", 522_969)

TEXT = "Paris and Lyon, not Paris Hilton, nor the French."


def gold_place(text: str, start: int, lat: float | None, lon: float | None) -> dict[str, Any]:
    return {"text": text, "start": start, "end": start + len(text), "lat": lat, "lon": lon}


def record(
    places: list[dict[str, Any]], ignore: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"id": "t", "text": TEXT, "places": places, "ignore": ignore or []}


GOLD = record(
    [gold_place("Paris", 0, 48.85341, 2.3488), gold_place("Lyon", 10, 45.74846, 4.84671)],
    ignore=[{"text": "French", "start": 42, "end": 48}],
)


def test_perfect_prediction() -> None:
    predicted = [[PlaceMention("Paris", 0, 5, PARIS), PlaceMention("Lyon", 10, 14, LYON)]]
    scores = score_places([GOLD], predicted)
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert scores["accuracy_161km"] == 1.0
    assert scores["resolved_share"] == 1.0
    assert (scores["tp"], scores["fp"], scores["fn"], scores["ignored"]) == (2, 0, 0, 0)


def test_false_hit_miss_and_ignored_span() -> None:
    predicted = [
        [
            PlaceMention("Paris", 0, 5, PARIS),
            PlaceMention("Paris", 20, 25, PARIS),  # Paris Hilton: a false hit
            PlaceMention("French", 42, 48, None),  # overlaps an ignore span: counts neither way
        ]
    ]
    scores = score_places([GOLD], predicted)
    assert (scores["tp"], scores["fp"], scores["fn"], scores["ignored"]) == (1, 1, 1, 1)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["f1"] == pytest.approx(0.5)
    assert scores["resolved_share"] == 1.0  # both scored predictions carry an entry


def test_wrong_resolution_and_unresolved_mention() -> None:
    predicted = [[PlaceMention("Paris", 0, 5, PARIS_TX), PlaceMention("Lyon", 10, 14, None)]]
    scores = score_places([GOLD], predicted)
    assert scores["f1"] == 1.0
    assert scores["accuracy_161km"] == 0.0
    assert scores["resolved_share"] == 0.5


def test_gold_without_coordinates_is_not_scored_for_resolution() -> None:
    gold = record([gold_place("Paris", 0, None, None), gold_place("Lyon", 10, 45.74846, 4.84671)])
    predicted = [[PlaceMention("Paris", 0, 5, None), PlaceMention("Lyon", 10, 14, LYON)]]
    scores = score_places([gold], predicted)
    assert scores["resolution_scored"] == 1
    assert scores["accuracy_161km"] == 1.0


@pytest.mark.parametrize(
    ("start", "end", "matches"),
    [
        (0, 5, True),  # exact
        (0, 14, True),  # "Paris and Lyon": covers all of the shorter (gold) span
        (2, 5, True),  # 3 of 5 characters overlap: at least half of the shorter span
        (3, 5, True),  # 2 of 2 characters: the prediction is the shorter span
        (3, 9, False),  # 2 characters of "Paris" in a 6-character prediction: less than half
        (5, 9, False),  # touching is not overlapping
    ],
)
def test_half_of_the_shorter_span_overlap_rule(start: int, end: int, matches: bool) -> None:
    gold = [gold_place("Paris", 0, 48.85341, 2.3488)]
    pred = [PlaceMention(TEXT[start:end], start, end, None)]
    assert bool(match_article(gold, pred)) is matches


def test_matching_is_one_to_one() -> None:
    gold = [gold_place("Paris", 0, 48.85341, 2.3488)]
    preds = [PlaceMention("Paris", 0, 5, PARIS), PlaceMention("Pari", 0, 4, PARIS)]
    assert match_article(gold, preds) == [(0, 0)]
    scores = score_places([record(gold)], [preds])
    assert (scores["tp"], scores["fp"]) == (1, 1)


def test_article_counts_must_agree() -> None:
    with pytest.raises(ValueError, match="gold articles"):
        score_places([GOLD], [])


def test_empty_input_scores_zero() -> None:
    scores = score_places([], [])
    assert scores["f1"] == 0.0
    assert scores["accuracy_161km"] == 0.0


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.85341, 2.3488), (51.50853, -0.12574), 344),  # Paris - London
        ((0.0, 0.0), (0.0, 180.0), 20015),  # half the equator
        ((35.0, 38.0), (35.0, 38.0), 0),
    ],
)
def test_haversine(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=1.0)


def test_real_extraction_scores_a_hand_annotated_article() -> None:
    text = (
        "Turkish troops entered Afrin, a Kurdish town in northern Syria, on Sunday. "
        "Officials in Ankara said the operation would continue, while Moscow and Washington "
        "urged restraint. The Syrian army said it would send reinforcements to Aleppo."
    )
    names = ["Afrin", "Syria", "Ankara", "Moscow", "Washington", "Aleppo"]
    points = {
        "Afrin": (36.5119, 36.8695),
        "Syria": (35.0, 38.0),
        "Ankara": (39.9199, 32.8543),
        "Moscow": (55.7522, 37.6156),
        "Washington": (38.8951, -77.0364),
        "Aleppo": (36.2021, 37.1343),
    }
    gold = {
        "id": "hand",
        "text": text,
        "places": [gold_place(n, text.index(n), *points[n]) for n in names],
        "ignore": [
            {"text": w, "start": text.index(w), "end": text.index(w) + len(w)}
            for w in ("Turkish", "Kurdish", "Syrian")
        ],
    }
    predicted = extract_places(load_nlp()(text), open_gazetteer())
    scores = score_places([gold], [predicted])
    assert scores["f1"] == 1.0
    assert scores["accuracy_161km"] == 1.0
