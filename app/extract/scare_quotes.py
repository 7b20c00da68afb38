"""Text-only tests for quoted words that nobody says: titles, nicknames, headlines, markup.

These need no parse: they look at the quoted words and the few characters around the marks.
"""

from __future__ import annotations

import re

from app.extract.quote_marks import QuotedSpan

# A first paragraph this short, with a single sentence, reads as a headline.
_HEADLINE_MAX = 110
# Words a Title Case title leaves in lower case ("Fox and Friends", "Women in Power").
_TITLE_SMALL_WORDS = frozenset({"and", "the", "for", "with", "from", "into", "of", "in", "on"})
# A transcript line ("SMITH: Thank you.") quoted whole is a record, not an attributed quote.
_TRANSCRIPT_RE = re.compile(r"\s*[A-Z][A-Z.' -]+:")


def is_transcript_line(text: str, span: QuotedSpan) -> bool:
    return _TRANSCRIPT_RE.match(text, span.start) is not None


def is_markup_value(text: str, span: QuotedSpan) -> bool:
    """``tweet-date="..."``: an attribute value left over from HTML."""
    return text[max(0, span.start - 2) : span.start - 1] == "="


def coordinated(text: str, prev_end: int, span: QuotedSpan) -> bool:
    """The quote follows the previous one as a coordinated item: ``"A" and "B"``."""
    between = text[prev_end + 1 : span.start - 1]
    return 0 < len(between) <= 6 and between.strip(" ,") in ("and", "or", "")


def framed_as_label(text: str, span: QuotedSpan) -> bool:
    """``hailed him as "The Comeback Kid"``: a Title Case quote given as someone's label."""
    before = text[max(0, span.start - 8) : span.start - 1].lower().split()
    return bool(before) and (before[-1] in ("as", "like") or before[-2:-1] == ["as"])


def is_nickname(text: str, span: QuotedSpan) -> bool:
    """``Robert C. "Bobby" Scott``: one quoted word between parts of a name."""
    inner = text[span.start : span.end]
    if " " in inner.strip() or not inner[:1].isupper():
        return False
    before = text[max(0, span.start - 3) : span.start - 1].rstrip()
    after = text[span.end + 1 : span.end + 3].lstrip()
    return bool(before) and before[-1:].isalpha() and after[:1].isupper()


def headline_end(text: str) -> int:
    """Where a headline line at the very top ends (0 when the text starts with body prose).

    Stored articles may begin with their title as a first paragraph; a quote there ("X says
    Y is 'wrong'") repeats one from the body, so it is not extracted twice.
    """
    end = text.find("\n")
    if end == -1 or end > _HEADLINE_MAX or text[:1] in "\"'\u201c\u2018":
        return 0
    if not _headline_like(text[:end]):
        return 0
    # "Ginsburg apologizes for Trump comments; / Justice vows to be 'more circumspect' ...":
    # a title ending in a semicolon goes on into its deck on the next line.
    deck_end = text.find("\n", end + 1)
    if (
        text[:end].rstrip().endswith(";")
        and deck_end != -1
        and deck_end - end <= _HEADLINE_MAX
        and _headline_like(text[end + 1 : deck_end])
    ):
        return deck_end
    return end


# "Dr. Ben Carson: ...": an abbreviated title before a name ends no sentence.
_ABBREVIATION = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Gen|Lt|Sgt|Jr|St)\. ")


def _headline_like(line: str) -> bool:
    """Body prose gives itself away: several sentences, a comma before a closing mark ("...,"
    she said) or a past-tense "said"."""
    line = _ABBREVIATION.sub(" ", line.rstrip().rstrip("."))
    body_signs = (". ", "? ", "! ", ',"', ",\u201d", ",'", ",\u2019", " said")
    return not any(sign in line for sign in body_signs)


def after_possessive(text: str, span: QuotedSpan) -> bool:
    """``MSNBC's "Morning Joe"``: a Title Case quote owned by a name is a show or a work."""
    before = text[max(0, span.start - 5) : span.start - 1].rstrip()
    return before.endswith(("'s", "\u2019s"))


def looks_like_title(words: list[str]) -> bool:
    """A short quoted Title Case phrase names a show, film or headline rather than quoting."""
    if not words or len(words) > 6:
        return False
    long_words = [
        w for w in words if sum(c.isalpha() for c in w) >= 3 and w.lower() not in _TITLE_SMALL_WORDS
    ]
    if len(long_words) < 2:
        return False
    return all(w.lstrip("\"'‘“(")[:1].isupper() for w in long_words) and len(words) > 1
