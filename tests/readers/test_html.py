"""HTML pages through trafilatura: body and metadata, paragraph breaks and quotation marks."""

from __future__ import annotations

import pytest

from app.readers.decode import decode_html
from app.readers.html import parse_html
from tests.web_pages import BRIDGE_PARAGRAPHS, bridge_page, german_page, render

QUOTED = '"It is a great day for Lyon," said Jean Martin'


def test_parse_html_reads_body_and_metadata() -> None:
    article = parse_html(render(bridge_page(1)))

    assert article.title == "Mayor opens bridge number 1 over the Rhone"
    assert article.paragraphs[: len(BRIDGE_PARAGRAPHS)] == BRIDGE_PARAGRAPHS
    assert article.authors == ("Anne Leclerc",)
    assert article.site_name == "Example News"
    assert article.published_date is not None
    assert article.published_date.isoformat() == "2021-05-04"
    assert article.language == "en"
    assert article.canonical_url == "https://news.example.org/2021/05/04/bridge-1"
    assert article.url == article.canonical_url
    assert article.tags == ("Lyon", "Transport")
    assert article.subtitle == "A bridge opens a year late."
    assert article.image_caption == "The new bridge at dawn. Photo: Example News"


def test_parse_html_leaves_out_navigation_teasers_footer_and_caption() -> None:
    body = "\n".join(parse_html(render(bridge_page(1))).paragraphs)
    for furniture in ("Home", "Most read", "Shares fall", "All rights reserved", "Photo:"):
        assert furniture not in body


def test_parse_html_given_url_is_the_identity_canonical_kept_apart() -> None:
    article = parse_html(render(bridge_page(2)), url="https://mirror.example.net/b2")
    assert article.url == "https://mirror.example.net/b2"
    assert article.canonical_url == "https://news.example.org/2021/05/04/bridge-2"


def test_parse_html_blockquote_kept_once_with_its_marks() -> None:
    said = "\u201cWe will keep building,\u201d the mayor wrote on the city\u2019s website."
    article = parse_html(render(bridge_page(3, blockquote=said)))
    body = "\n\n".join(article.paragraphs)
    assert body.count("We will keep building") == 1
    assert said in article.paragraphs


@pytest.mark.parametrize("tag", ["aside", "blockquote"])
def test_parse_html_pull_quote_does_not_duplicate_quoted_words(tag: str) -> None:
    markup = render(bridge_page(4)).replace(
        "</h1>", f'</h1><{tag} class="pullquote"><p>{QUOTED}</p></{tag}>'
    )
    body = "\n\n".join(parse_html(markup).paragraphs)
    assert body.count("It is a great day for Lyon") == 1
    assert body.count('"') == BRIDGE_PARAGRAPHS[0].count('"') + BRIDGE_PARAGRAPHS[2].count('"')


def test_parse_html_br_and_paragraph_breaks_survive() -> None:
    markup = render(bridge_page(5)).replace(
        "</article>", "<p>First line of a letter.<br>Second line of the letter.</p></article>"
    )
    paragraphs = parse_html(markup).paragraphs
    assert "First line of a letter." in paragraphs
    assert "Second line of the letter." in paragraphs


def test_parse_html_other_language_identified_from_text() -> None:
    page = german_page()
    # A site-wide lang="en" does not make a German article English.
    markup = render(page).replace('lang="de"', 'lang="en"')
    assert parse_html(markup).language == "de"


def test_parse_html_without_body_is_refused_with_reason() -> None:
    with pytest.raises(ValueError, match="no article body"):
        parse_html("<html><head><title>Empty</title></head><body><nav>Home</nav></body></html>")


def test_parse_html_without_headline_titled_by_first_words() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in BRIDGE_PARAGRAPHS)
    article = parse_html(f"<html><body><article>{paragraphs}</article></body></html>")
    assert article.title.startswith('"It is a great day for Lyon,"')


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("café".encode(), "utf-8", "café"),
        ("café".encode("cp1252"), "iso-8859-1", "café"),
        (
            b'<meta charset="windows-1252"><p>caf\xe9</p>',
            None,
            '<meta charset="windows-1252"><p>café</p>',
        ),
        ("<p>café</p>".encode(), None, "<p>café</p>"),
        ("<p>café</p>".encode(), "no-such-charset", "<p>café</p>"),
    ],
)
def test_decode_html_follows_declared_charsets(
    data: bytes, declared: str | None, expected: str
) -> None:
    assert decode_html(data, declared) == expected
