"""Pair quotation marks in raw text, in one linear pass.

News text mixes straight and curly marks, uses apostrophes that look like single closing marks
(``don't``, ``Jays'``) and is often unbalanced (a stray mark, a quote continued over
paragraphs). The pairing below never backtracks: each mark is looked at once and either opens,
closes or is ignored, so a text with thousands of unbalanced marks stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every character that may open or close a quotation.
# Two apostrophes or backticks stand for a double mark in some wire and archive text (``like
# this''), so they are matched first, as one mark.
_MARK_RE = re.compile("''|``|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb'\u2018\u2019\u201a\u201b]")
_DOUBLE = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
_OPEN_ONLY = frozenset("\u201c\u201e\u201f\u00ab\u2018\u201a\u201b")
_CLOSE_ONLY = frozenset("\u201d\u00bb\u2019")
# Characters after which a straight mark is an opening one.
_BEFORE_OPEN = frozenset(" \t\n\r\u00a0([{\u2014\u2013-/:")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Words between a pair of marks; ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    # True when the span runs to the end of its paragraph without a closing mark because the
    # next paragraph re-opens the quote (the newspaper convention for long quotations).
    continued: bool = False
    double: bool = True


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _orientation(text: str, i: int, width: int = 1) -> str:
    """Classify the mark at ``i`` as "open", "close", "both" (either) or "none" (apostrophe)."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    if width == 2:
        ch = '"' if ch == "'" else "\u201c"  # '' behaves as a straight double mark, `` opens
    if ch in _OPEN_ONLY:
        # An opener glued to the end of a word and followed by a space or the end is a
        # mistyped closer ("51 percent.“"); otherwise curly openers are reliable.
        if (
            not _is_space(prev)
            and prev not in _BEFORE_OPEN
            and (_is_space(nxt) or i + width >= len(text))
        ):
            return "close"
        return "open"
    if ch in _CLOSE_ONLY:
        if ch == "\u2019" and prev.isalnum() and nxt.isalnum():
            return "none"  # don’t, it’s
        if ch == "\u2019" and (_is_space(prev) or prev in _BEFORE_OPEN) and nxt.isalnum():
            return "none"  # ’90s, ’em: an elision, never an opener for curly text
        return "close"
    # Straight marks: decide by the neighbouring characters.
    if ch == "'" and prev.isalnum() and nxt.isalnum():
        return "none"
    opens = prev in _BEFORE_OPEN or _is_space(prev) or i == 0
    closes = not _is_space(prev) and (_is_space(nxt) or not nxt.isalnum() or i + 1 == len(text))
    if opens and not _is_space(nxt):
        return "open"
    if closes and not opens:
        return "close"
    return "both"


def _paragraph_ends(text: str) -> list[int]:
    """Offsets where paragraphs end (a blank line or a single newline both end one)."""
    return [m.start() for m in re.finditer(r"\n", text)] + [len(text)]


def find_quoted_spans(text: str, *, double_apostrophes: bool = False) -> list[QuotedSpan]:
    """Return the quoted spans of ``text``, outermost only (nested quotes stay inside).

    ``double_apostrophes`` reads ``''`` and ````` as double marks (an archive convention).
    Off by default: the evaluation gold (PolNeAR) treats text in such marks as paraphrase,
    so turning it on there counts real quotes as false hits. Either way a doubled
    apostrophe never opens a single quote.
    """
    spans: list[QuotedSpan] = []
    para_ends = _paragraph_ends(text)
    para_idx = 0
    # The open double quote (offset after the mark) and, outside it, an open single quote.
    open_double: int | None = None
    open_single: int | None = None
    # Inside a pair of doubled apostrophes that is not read as a quote: single marks there
    # are nested in it, never quotes of their own.
    masked = False
    # Curly marks tell opening from closing, so a curly opener inside a curly quote opens a
    # nested quote (“... what he calls “hell” than ...”) instead of replacing the outer one.
    # Nested quotes closed inside it wait in ``nested``: they are dropped when the outer quote
    # closes and kept when it never does (its opener was stray).
    outer_curly = False
    nested_open: int | None = None
    nested: list[QuotedSpan] = []

    def flush_paragraph(end: int) -> None:
        nonlocal open_double, open_single, masked, nested_open
        next_start = end
        while next_start < len(text) and text[next_start].isspace():
            next_start += 1
        masked = False
        if nested_open is not None:
            # An inner opener still open: the outer one was stray after all (as before
            # nesting was known); the inner one is the quote that may continue.
            open_double = nested_open
            nested.clear()
        elif open_double is not None:
            # The outer quote never closed: its nested quotes were quotes of their own.
            spans.extend(nested)
        nested_open = None
        nested.clear()
        if open_double is not None:
            # A quote left open at a paragraph end counts only when the next paragraph
            # re-opens it; otherwise the opening mark was stray.
            nxt = text[next_start : next_start + 1]
            width = 2 if text.startswith(("''", "``"), next_start) else 1
            if width == 2 and not double_apostrophes:
                nxt = ""
            elif width == 2:
                nxt = '"'
            if (
                nxt
                and nxt in _DOUBLE
                and _orientation(text, next_start, width)
                in (
                    "open",
                    "both",
                )
            ):
                spans.append(QuotedSpan(open_double, end, continued=True))
        open_double = None
        open_single = None

    for m in _MARK_RE.finditer(text):
        i = m.start()
        while para_idx < len(para_ends) - 1 and i > para_ends[para_idx]:
            flush_paragraph(para_ends[para_idx])
            para_idx += 1
        width = m.end() - i
        ch = '"' if width == 2 else text[i]
        kind = _orientation(text, i, width)
        if kind == "none":
            continue
        if width == 2 and not double_apostrophes:
            if open_double is None:
                masked = (not masked and kind in ("open", "both")) or (masked and kind == "open")
                open_single = None
            continue
        if masked and ch not in _DOUBLE:
            continue
        if ch in _DOUBLE:
            if open_double is None:
                if kind in ("open", "both"):
                    open_double = i + width
                    outer_curly = ch in _OPEN_ONLY
                    open_single = None  # a pending single opener was an apostrophe
            elif nested_open is not None and kind in ("close", "both"):
                if i > nested_open:
                    nested.append(QuotedSpan(nested_open, i))
                nested_open = None
            elif kind in ("close", "both"):
                if i > open_double:
                    spans.append(QuotedSpan(open_double, i))
                open_double = None
                nested.clear()
            elif outer_curly and ch in _OPEN_ONLY and nested_open is None:
                nested_open = i + width
            else:
                # Two openers in a row that cannot nest: the first one was stray (or nested
                # with a straight mark, which we cannot tell apart); restart at the newer one.
                open_double = i + width
                outer_curly = ch in _OPEN_ONLY
                nested_open = None
                nested.clear()
            continue
        # Single marks: only outside a double quote (inside one they are nested quotes or
        # apostrophes and belong to the outer text).
        if open_double is not None:
            continue
        if open_single is None:
            if kind == "open" and (ch != "'" or i == 0 or not text[i - 1].isalnum()):
                open_single = i + 1
        elif kind in ("close", "both"):
            if i > open_single:
                spans.append(QuotedSpan(open_single, i, double=False))
            open_single = None
        elif kind == "open":
            open_single = i + 1
    for end in para_ends[para_idx:]:
        flush_paragraph(end)
    return spans
