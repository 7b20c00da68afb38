"""The seed article through the HTTP API, checked against its hand-made gold annotation."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SEED_GOLD

GOLD: dict[str, Any] = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
JEFFREY_TITLE = "US special envoy for Syria engagement"
# Real coordinates (GeoNames) of the places the first issue names.
REAL_POINTS = {
    "Idlib": (35.9306, 36.6339),
    "Aleppo": (36.2021, 37.1343),
    "Hama": (35.1318, 36.7578),
    "Latakia": (35.5317, 35.7918),
    "Damascus": (33.5102, 36.2913),
    "Moscow": (55.7522, 37.6156),
    "Washington": (38.8951, -77.0364),
}


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ")
    text = re.sub("[“”„‟″]", '"', text)
    text = re.sub("[‘’‚‛′]", "'", text)
    return re.sub(r"\s+", " ", text).strip().strip(",").strip()


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def seed_article(client: TestClient) -> dict[str, Any]:
    listing = client.get("/articles").json()
    assert len(listing["items"]) == 1
    response = client.get(f"/articles/{listing['items'][0]['id']}")
    assert response.status_code == 200
    article: dict[str, Any] = response.json()
    return article


def test_get_article_seed_metadata_matches_gold(seeded_client: TestClient) -> None:
    article = seed_article(seeded_client)
    gold = GOLD["article"]
    assert article["title"] == gold["title"]
    assert article["subtitle"] == gold["subtitle"]
    assert article["published_date"] == gold["published"]
    assert article["image_caption"] == gold["image_caption"]
    assert article["reading_time_minutes"] == gold["reading_time_minutes"]
    assert len(article["paragraphs"]) == gold["body_paragraphs"]
    for line in gold["not_body"]:
        assert line not in article["body"]
    assert "\u00a0" not in article["body"]
    assert article["body"] == "\n\n".join(article["paragraphs"])


def test_get_article_seed_quotes_have_jeffrey_as_speaker(seeded_client: TestClient) -> None:
    article = seed_article(seeded_client)
    found = {normalise(q["text"]): q for q in article["quotes"]}
    for quote in (q for q in GOLD["quotes"] if q["required"]):
        match = found.get(normalise(quote["text"]))
        assert match is not None, f"missing quote: {quote['text'][:60]}"
        assert match["speaker"]["name"] == "James Jeffrey"
        assert match["speaker"]["title"] == JEFFREY_TITLE
        assert match["kind"] in {"direct", "partial"}  # a partial quote is quoted words too
    body = article["body"]
    for quote in article["quotes"]:
        assert body[quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.parametrize("name", ["jeffrey", "James Jeffrey", "JAMES JEFFREY", " james  jeffrey "])
def test_list_quotes_by_speaker_alias_returns_required_quotes(
    seeded_client: TestClient, name: str
) -> None:
    response = seeded_client.get("/quotes", params={"speaker": name, "limit": 100})
    assert response.status_code == 200
    items = response.json()["items"]
    texts = {normalise(q["text"]) for q in items}
    for quote in (q for q in GOLD["quotes"] if q["required"]):
        assert normalise(quote["text"]) in texts
    assert all(q["speaker"]["name"] == "James Jeffrey" for q in items)
    assert all(q["article_title"] == GOLD["article"]["title"] for q in items)


def test_list_quotes_unknown_speaker_is_empty(seeded_client: TestClient) -> None:
    response = seeded_client.get("/quotes", params={"speaker": "Nobody Atall"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None, "count": None, "speakers": []}


def test_get_article_seed_places_match_gold(seeded_client: TestClient) -> None:
    article = seed_article(seeded_client)
    mentions = [normalise(m["text"]) for m in article["places"]]
    for place in (p for p in GOLD["places"] if p["required"]):
        assert any(m == place["name"] or m.startswith(place["name"]) for m in mentions), place
    for wrong in GOLD["not_places"]:
        assert wrong not in mentions, wrong
    by_text = {m["text"]: m["place"] for m in article["places"]}
    for name, point in REAL_POINTS.items():
        place = by_text[name]
        assert km((place["latitude"], place["longitude"]), point) < 25, name
    assert by_text["Washington"]["country_code"] == "US"
    countries = {"Syria": "SY", "Russia": "RU", "US": "US", "UK": "GB", "France": "FR"}
    for name, code in countries.items():
        assert by_text[name]["country_code"] == code


def test_list_speakers_counts_jeffrey_quotes(seeded_client: TestClient) -> None:
    items = seeded_client.get("/speakers").json()["items"]
    jeffrey = next(s for s in items if s["name"] == "James Jeffrey")
    assert jeffrey["quote_count"] >= 7
    assert {"James Jeffrey", "Jeffrey"} <= set(jeffrey["aliases"])
    assert jeffrey["title"] == JEFFREY_TITLE


def test_list_places_carries_coordinates_and_counts(seeded_client: TestClient) -> None:
    items = seeded_client.get("/places", params={"limit": 100}).json()["items"]
    idlib = next(p for p in items if p["name"] == "Idlib")
    assert idlib["mention_count"] >= 3
    assert km((idlib["latitude"], idlib["longitude"]), REAL_POINTS["Idlib"]) < 25
    counts = [p["mention_count"] for p in items]
    assert counts == sorted(counts, reverse=True)


def test_healthz_answers_ok(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
