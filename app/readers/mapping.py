"""Articles given as JSON objects (JSON, JSONL files and the API's POST body)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from app.extract.metadata import ArticleText, is_boilerplate, parse_date
from app.extract.text import normalize_line, split_paragraphs
from app.readers.html import parse_html
from app.readers.language import identify_language

_BODY_KEYS = ("body", "text", "content")
_DATE_KEYS = ("published_date", "published", "date", "published_at")


def article_from_mapping(obj: Mapping[str, Any]) -> ArticleText:
    """Build an article from a JSON object; ValueError says which field is wrong."""
    if not isinstance(obj, Mapping):
        raise ValueError("an article must be a JSON object")
    obj = _without_nul(obj)
    html = _optional_str(obj, "html")
    if html is not None and not any(obj.get(k) for k in _BODY_KEYS):
        url = _optional_str(obj, "url")
        from_html = parse_html(html, url=url)
        return replace(
            from_html,
            title=normalize_line(_optional_str(obj, "title") or from_html.title),
            subtitle=_optional_str(obj, "subtitle") or from_html.subtitle,
            published_date=_date(obj) or from_html.published_date,
            source=_optional_str(obj, "source") or from_html.site_name,
        )
    title = _optional_str(obj, "title")
    if not title or not normalize_line(title):
        raise ValueError("'title' is missing or empty")
    paragraphs = _paragraphs(obj)
    if not paragraphs:
        raise ValueError("the article has no body text ('body', 'text', 'paragraphs' or 'html')")
    return ArticleText(
        title=normalize_line(title),
        paragraphs=tuple(paragraphs),
        subtitle=_clean(_optional_str(obj, "subtitle") or _optional_str(obj, "standfirst")),
        published_date=_date(obj),
        url=_optional_str(obj, "url"),
        source=_optional_str(obj, "source"),
        image_caption=_clean(_optional_str(obj, "image_caption")),
        authors=_authors(obj),
        site_name=_clean(_optional_str(obj, "site_name")),
        # The language a record declares is checked against its text, as a page's is.
        language=identify_language("\n".join(paragraphs), _optional_str(obj, "language")),
        canonical_url=_optional_str(obj, "canonical_url"),
    )


def _authors(obj: Mapping[str, Any]) -> tuple[str, ...]:
    """``authors`` as a list of names, or ``author`` as one byline string ("A; B")."""
    given = obj.get("authors")
    if given is not None:
        if not isinstance(given, list) or not all(isinstance(a, str) for a in given):
            raise ValueError("'authors' must be a list of strings")
        names = given
    else:
        names = (_optional_str(obj, "author") or "").split(";")
    cleaned = (normalize_line(name)[:200] for name in names)
    return tuple(dict.fromkeys(name for name in cleaned if name))


def _paragraphs(obj: Mapping[str, Any]) -> list[str]:
    given = obj.get("paragraphs")
    if given is not None:
        if not isinstance(given, list) or not all(isinstance(p, str) for p in given):
            raise ValueError("'paragraphs' must be a list of strings")
        cleaned = [normalize_line(p) for p in given]
        return [p for p in cleaned if p and not is_boilerplate(p)]
    for key in _BODY_KEYS:
        body = _optional_str(obj, key)
        if body:
            return [p for p in split_paragraphs(body) if not is_boilerplate(p)]
    return []


def _without_nul(value: Any) -> Any:
    """Every string without NUL characters: no text field can store one (PostgreSQL refuses
    them), and no reader means one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, Mapping):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def _date(obj: Mapping[str, Any]) -> date | None:
    for key in _DATE_KEYS:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be a date string such as 2020-02-06")
        parsed = parse_date(value)
        if parsed is None:
            raise ValueError(f"'{key}' is not a date we can read: {value[:40]!r}")
        return parsed
    return None


def _optional_str(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string")
    return value


def _clean(value: str | None) -> str | None:
    return normalize_line(value) or None if value is not None else None
