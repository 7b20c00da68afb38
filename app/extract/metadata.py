"""Article metadata from the plain-text article dump (title, standfirst, date, body).

The dump is a web page's visible text: the headline (often twice), the standfirst, a
"N min read" line, the date, the image caption, then paragraphs separated by blank lines,
with page furniture (related-article teasers, social footers) among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from app.extract.text import normalize_line

_READING_TIME = re.compile(r"^(\d{1,3})\s*(?:-\s*)?min(?:ute)?s?\.?\s+read$", re.IGNORECASE)
_DATE_FORMATS = (
    "%d %B, %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %b, %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%Y-%m-%d",
    "%d/%m/%Y",
)
_FOOTER = re.compile(
    r"^(follow us on|subscribe to|sign up (for|to)|share this|click here|"
    r"read more:|read also:|related:|also read:|copyright|©|all rights reserved)",
    re.IGNORECASE,
)
# "Syria Weekly: Assad regime celebrates ..." — a section label and a headline, no full stop.
_TEASER = re.compile(r"^[A-Z][\w'’&-]*(?: [A-Z\w'’&-]+){0,3}: \S")
_SENTENCE_END = re.compile(r"[.!?…\"'”’)\]]$")
_TEASER_MAX_WORDS = 25


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article as read from any source, before extraction."""

    title: str
    paragraphs: tuple[str, ...]
    subtitle: str | None = None
    published_date: date | None = None
    reading_time_minutes: int | None = None
    image_caption: str | None = None
    url: str | None = None  # the article's identity: where it was read from, or its own claim
    source: str | None = None
    dropped: tuple[str, ...] = field(default=())  # non-body lines removed, for inspection
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    language: str | None = None  # ISO 639-1 code ("en"), None when unknown
    canonical_url: str | None = None  # the page's <link rel="canonical"> or og:url
    tags: tuple[str, ...] = ()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> date | None:
    """A publication date in the common news formats; None when it is not a date."""
    cleaned = normalize_line(text).replace("Sept.", "Sep.").rstrip(".")
    if _ISO_DATE.match(cleaned):
        # Web pages' metadata (and trafilatura) give ISO dates: no need to try every format.
        try:
            return date.fromisoformat(cleaned[:10])
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    try:
        return date.fromisoformat(cleaned[:10])
    except ValueError:
        return None


def is_boilerplate(paragraph: str) -> bool:
    """Page furniture that sits among body paragraphs: teasers and social footers."""
    if _FOOTER.match(paragraph):
        return True
    words = paragraph.split()
    has_quote = any(mark in paragraph for mark in '"“”')
    return (
        len(words) <= _TEASER_MAX_WORDS
        and not has_quote
        and _TEASER.match(paragraph) is not None
        and _SENTENCE_END.search(paragraph) is None
    )


def parse_text_dump(text: str) -> ArticleText:
    """Split a plain-text article dump into metadata and body paragraphs.

    Raises ValueError when there is no title or no body, with the reason.
    """
    blocks = _blocks(text)
    if not blocks:
        raise ValueError("the file has no text")
    header, body_blocks = blocks[0], blocks[1:]
    title = header[0]
    rest = header[1:]
    # The headline block is often followed by a second block that repeats it with the metadata.
    if not rest and body_blocks and body_blocks[0] and body_blocks[0][0] == title:
        rest = body_blocks[0][1:]
        body_blocks = body_blocks[1:]
    elif rest and rest[0] == title:
        rest = rest[1:]

    subtitle: str | None = None
    published: date | None = None
    minutes: int | None = None
    caption: str | None = None
    dropped: list[str] = []
    for line in rest:
        if (match := _READING_TIME.match(line)) is not None:
            minutes = int(match.group(1))
            dropped.append(line)
        elif published is None and (parsed := parse_date(line)) is not None:
            published = parsed
        elif published is None and minutes is None and subtitle is None:
            subtitle = line
        elif caption is None:
            caption = line
        else:
            # Unknown header furniture: keep it as body text rather than lose it.
            body_blocks.insert(0, [line])

    paragraphs: list[str] = []
    for block in body_blocks:
        paragraph = " ".join(block)
        if is_boilerplate(paragraph):
            dropped.append(paragraph)
        else:
            paragraphs.append(paragraph)
    if not paragraphs:
        raise ValueError("the article has a title but no body text")
    return ArticleText(
        title=title,
        subtitle=subtitle,
        published_date=published,
        reading_time_minutes=minutes,
        image_caption=caption,
        paragraphs=tuple(paragraphs),
        dropped=tuple(dropped),
    )


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped by blank lines, each line normalised."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalize_line(raw)
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks
