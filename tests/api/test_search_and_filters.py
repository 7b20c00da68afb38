"""Full-text search and filters on every list, on SQLite FTS5 and PostgreSQL tsvector alike."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

SEED_TITLE = "US warns Russia to 'change its policies' and halt bloody assault on Idlib"


def titles(client: TestClient, path: str, **params: object) -> list[str]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


def test_list_articles_q_matches_title_and_body(corpus: TestClient) -> None:
    assert titles(corpus, "/articles", q="marathon") == ["Paris prepares for the marathon"]
    assert titles(corpus, "/articles", q="Hezbollah") == [SEED_TITLE]  # body only
    assert titles(corpus, "/articles", q="housing OR marathon") == [
        "Madrid council approves housing plan",
        "Paris prepares for the marathon",
    ]
    assert titles(corpus, "/articles", q='"security council"') == [SEED_TITLE]
    assert titles(corpus, "/articles", q="budget -Berlin") == []


def test_list_articles_q_stems_words(corpus: TestClient) -> None:
    assert titles(corpus, "/articles", q="runner") == ["Paris prepares for the marathon"]


@pytest.mark.parametrize(
    "q",
    [
        "C++",
        "budget AND",
        '"unbalanced',
        "NOT",
        "a OR",
        "*",
        "NEAR(a b)",
        "'; DROP TABLE article; --",
    ],
)
def test_list_search_hostile_syntax_never_500(corpus: TestClient, q: str) -> None:
    for path in ("/articles", "/quotes"):
        response = corpus.get(path, params={"q": q})
        assert response.status_code in (200, 400), response.text
        if response.status_code == 400:
            assert response.headers["content-type"] == "application/problem+json"
            assert "search query" in response.json()["detail"]
    assert corpus.get("/articles").json()["items"]  # nothing was dropped


def test_list_articles_sort_relevance_without_q_is_the_default_order(corpus: TestClient) -> None:
    assert titles(corpus, "/articles", sort="relevance") == titles(corpus, "/articles")
    quotes = corpus.get("/quotes", params={"sort": "relevance"})
    assert quotes.status_code == 200
    assert quotes.json() == corpus.get("/quotes").json()
    ranked = titles(corpus, "/articles", q="budget OR talks", sort="relevance")
    assert ranked[0] == "Berlin budget talks stall"


def test_list_articles_date_range_and_sort(corpus: TestClient) -> None:
    in_2020 = titles(corpus, "/articles", published_from="2020-01-01", published_to="2020-12-31")
    assert in_2020 == ["Paris prepares for the marathon", "Berlin budget talks stall", SEED_TITLE]
    oldest = titles(corpus, "/articles", sort="published_date")
    assert oldest[0] == SEED_TITLE
    assert oldest[-1] == "Madrid council approves housing plan"
    for path in ("/articles", "/quotes", "/places"):
        # a range that ends before it starts matches nothing (the schema allows it)
        reversed_range = {"published_from": "2021-01-01", "published_to": "2020-01-01"}
        assert corpus.get(path, params=reversed_range).json()["items"] == []
        # only YYYY-MM-DD, as the schema's format says: not a Unix time, not 02/06/2020
        for bad in ("02/06/2020", "0", "1580947200", "2020-2-6"):
            assert corpus.get(path, params={"published_to": bad}).status_code == 422, bad


def test_list_articles_by_speaker_place_and_source(corpus: TestClient) -> None:
    assert titles(corpus, "/articles", speaker="jeffrey") == [SEED_TITLE]
    assert titles(corpus, "/articles", speaker="Claire Dubois") == [
        "Paris prepares for the marathon"
    ]
    assert titles(corpus, "/articles", place="idlib") == [SEED_TITLE]
    assert titles(corpus, "/articles", place="Madrid") == ["Madrid council approves housing plan"]
    assert titles(corpus, "/articles", source="wire one") == [
        "Madrid council approves housing plan",
        "Berlin budget talks stall",
    ]
    assert titles(corpus, "/articles", source="wire one", q="budget") == [
        "Berlin budget talks stall"
    ]


def test_list_articles_count_is_opt_in(corpus: TestClient) -> None:
    assert corpus.get("/articles", params={"limit": 1}).json()["count"] is None
    page = corpus.get("/articles", params={"limit": 1, "count": "true", "source": "Wire One"})
    assert page.json()["count"] == 2


def test_list_quotes_everything_jeffrey_said_about_russia_in_february_2020(
    corpus: TestClient,
) -> None:
    response = corpus.get(
        "/quotes",
        params={
            "speaker": "jeffrey",
            "q": "russia",
            "published_from": "2020-02-01",
            "published_to": "2020-02-29",
        },
    )
    items = response.json()["items"]
    assert items
    assert all(q["speaker"]["name"] == "James Jeffrey" for q in items)
    assert all("russia" in q["text"].lower() for q in items)
    assert all(q["published_date"] == "2020-02-06" for q in items)


def test_list_quotes_filters_kind_article_place_speaker_id(corpus: TestClient) -> None:
    direct = corpus.get("/quotes", params={"kind": "direct", "limit": 100}).json()["items"]
    assert direct
    assert all(q["kind"] == "direct" for q in direct)
    indirect = corpus.get("/quotes", params={"kind": "indirect", "limit": 100}).json()["items"]
    assert any(q["speaker"] and q["speaker"]["name"] == "Maria Lopez" for q in indirect)
    assert corpus.get("/quotes", params={"kind": "rumour"}).status_code == 422

    first = direct[0]
    same_article = corpus.get("/quotes", params={"article_id": first["article_id"]}).json()
    assert {q["article_id"] for q in same_article["items"]} == {first["article_id"]}

    in_paris = corpus.get("/quotes", params={"place": "Paris"}).json()["items"]
    assert {q["article_title"] for q in in_paris} == {"Paris prepares for the marathon"}

    speaker_id = in_paris[0]["speaker"]["id"]
    by_id = corpus.get("/quotes", params={"speaker_id": speaker_id}).json()["items"]
    assert by_id
    assert all(q["speaker"]["id"] == speaker_id for q in by_id)


def test_speakers_search_sort_and_detail(corpus: TestClient) -> None:
    found = corpus.get("/speakers", params={"q": "jef"}).json()["items"]
    assert [s["name"] for s in found] == ["James Jeffrey"]
    by_name = [s["name"] for s in corpus.get("/speakers", params={"sort": "name"}).json()["items"]]
    assert by_name == sorted(by_name, key=str.casefold)

    detail = corpus.get(f"/speakers/{found[0]['id']}").json()
    assert detail["titles"] == ["US special envoy for Syria engagement"]
    assert detail["first_quoted_date"] == detail["last_quoted_date"] == "2020-02-06"
    assert detail["quote_count"] >= 7
    quotes = corpus.get(f"/speakers/{found[0]['id']}/quotes", params={"limit": 100}).json()
    assert len(quotes["items"]) == detail["quote_count"]
    assert corpus.get("/speakers/999999").status_code == 404


def test_places_filter_sort_and_detail(corpus: TestClient) -> None:
    syria = corpus.get("/places", params={"country": "sy", "limit": 100}).json()["items"]
    assert syria
    assert all(p["country_code"] == "SY" for p in syria)
    assert "Idlib" in {p["name"] for p in syria}
    this_window = corpus.get(
        "/places",
        params={"country": "SY", "published_from": "2020-02-01", "published_to": "2020-02-07"},
    ).json()["items"]
    assert {p["id"] for p in this_window} == {p["id"] for p in syria}
    assert (
        corpus.get("/places", params={"country": "SY", "published_from": "2021-01-01"}).json()[
            "items"
        ]
        == []
    )
    prefixed = corpus.get("/places", params={"q": "ale"}).json()["items"]
    assert [p["name"] for p in prefixed] == ["Aleppo"]
    assert corpus.get("/places", params={"country": "Syria"}).status_code == 422

    idlib = next(p for p in syria if p["name"] == "Idlib")
    detail = corpus.get(f"/places/{idlib['id']}").json()
    assert detail["mention_count"] == idlib["mention_count"]
    assert [a["title"] for a in detail["articles"]] == [SEED_TITLE]
    assert corpus.get(detail["articles_url"]).json()["items"][0]["title"] == SEED_TITLE
    assert corpus.get("/places/999999").status_code == 404


def test_article_sub_resources(corpus: TestClient) -> None:
    article = corpus.get("/articles", params={"q": "Idlib"}).json()["items"][0]
    quotes = corpus.get(f"/articles/{article['id']}/quotes").json()
    places = corpus.get(f"/articles/{article['id']}/places").json()
    assert len(quotes) == article["quote_count"]
    assert len(places) == article["place_count"]
    assert [q["start"] for q in quotes] == sorted(q["start"] for q in quotes)
    assert corpus.get("/articles/999999/quotes").status_code == 404
    assert corpus.get("/articles/999999/places").status_code == 404


def test_speakers_cursor_reused_with_other_name_prefix_is_400(corpus: TestClient) -> None:
    first = corpus.get("/speakers", params={"limit": 1}).json()
    cursor = first["next"].split("cursor=")[1]
    assert corpus.get("/speakers", params={"cursor": cursor}).status_code == 200
    response = corpus.get("/speakers", params={"cursor": cursor, "q": "jef"})
    assert response.status_code == 400
    assert "other filters" in response.json()["detail"]
