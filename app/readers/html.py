"""Articles from HTML pages: metadata from the usual meta tags, body from the <p> elements
of the article container, with scripts, navigation, asides and footers removed."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from app.extract.metadata import ArticleText, is_boilerplate, parse_date
from app.extract.text import normalize_line

_FURNITURE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")


def parse_html(markup: str) -> ArticleText:
    """ValueError when the page has no title or no paragraphs."""
    soup = BeautifulSoup(markup, "html.parser")
    title = _meta(soup, "og:title") or _text(soup.find("h1")) or _text(soup.title)
    if not title:
        raise ValueError("the HTML page has no title (<h1>, <title> or og:title)")
    subtitle = _meta(soup, "og:description") or _meta(soup, "description")
    published_raw = _meta(soup, "article:published_time") or _time(soup)
    caption = _text(soup.find("figcaption"))
    url = _meta(soup, "og:url")
    for tag in soup.find_all(_FURNITURE):
        tag.decompose()
    found = soup.find("article") or soup.body
    container = found if isinstance(found, Tag) else soup
    paragraphs: list[str] = []
    for node in container.find_all(["p", "blockquote"]):
        if node.name == "blockquote" and node.find("p") is not None:
            continue  # its <p> children are read on their own
        text = normalize_line(node.get_text(" "))
        if text and not is_boilerplate(text) and text != caption:
            paragraphs.append(text)
    if not paragraphs:
        raise ValueError("the HTML page has no body paragraphs (<p>)")
    return ArticleText(
        title=title,
        paragraphs=tuple(paragraphs),
        subtitle=subtitle,
        published_date=parse_date(published_raw) if published_raw else None,
        image_caption=caption,
        url=url,
    )


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    if isinstance(tag, Tag):
        content = tag.get("content")
        if isinstance(content, str) and normalize_line(content):
            return normalize_line(content)
    return None


def _time(soup: BeautifulSoup) -> str | None:
    tag = soup.find("time")
    if isinstance(tag, Tag):
        value = tag.get("datetime")
        return value if isinstance(value, str) else _text(tag)
    return None


def _text(tag: object) -> str | None:
    if isinstance(tag, Tag):
        return normalize_line(tag.get_text(" ")) or None
    return None
