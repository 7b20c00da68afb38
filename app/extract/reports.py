"""Reported speech without quotation marks: "X said that ...", "..., X said", "according to X".

An indirect report is the clausal complement of a verb of saying (or of finding: a study
"shows"), the clause a parenthetical "X said" interrupts, or the clause "according to X"
modifies. Reports that contain quotation marks are left to the quote step (they are partial
quotes there).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from app.extract.cues import is_according_to, is_strong_speech_verb, subject_of
from app.extract.frame import Attribution, QuoteContext
from app.extract.quote_marks import QuotedSpan


def find_reports(ctx: QuoteContext, spans: list[QuotedSpan]) -> list[Attribution]:
    """Reported speech without marks: a speech verb's clausal complement, or "according to"."""
    doc = ctx.doc
    out: list[Attribution] = []
    quote_starts = [s.start for s in spans]
    for tok in doc:
        if ctx.quote_of[tok.i] != -1:
            continue
        extent: tuple[int, int] | None = None
        if is_according_to(tok):
            if tok.head.i != tok.i:
                extent = _extent(tok.head, skip=tok)
        elif is_strong_speech_verb(tok):
            complement = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if complement is not None:
                extent = _extent(complement, skip=None)
            elif tok.dep_ == "parataxis" and tok.head.i != tok.i:
                # "The museum, Mr. Obama said, would ...": the report is the clause the
                # parenthetical attribution interrupts.
                extent = _extent(tok.head, skip=tok)
        if extent is None:
            continue
        lo, hi = extent
        while lo <= hi and (doc[lo].is_punct or doc[lo].lower_ == "that"):
            lo += 1
        while hi >= lo and doc[hi].is_punct:
            hi -= 1
        if hi - lo + 1 < 3:
            continue
        start = doc[lo].idx
        end = doc[hi].idx + len(doc[hi].text)
        # Reports holding quotation marks are direct or partial quotes, scored as such.
        k = bisect.bisect_left(quote_starts, start)
        if k < len(spans) and spans[k].start < end + 1:
            continue
        if k > 0 and spans[k - 1].end > start:
            continue
        head = subject_of(tok, ctx.outside)
        if head is None:
            continue
        out.append(Attribution(start=start, end=end, kind="indirect", cue=tok, head=head))
    return out


def _extent(head: Token, *, skip: Token | None) -> tuple[int, int]:
    """First and last token index of ``head``'s subtree, less ``skip``'s subtree where it sits
    at either edge. Edges, not token lists: materialising each verb's subtree made one long
    sentence of nested reports quadratic."""
    lo, hi = head.left_edge.i, head.right_edge.i
    if skip is not None:
        skip_lo, skip_hi = skip.left_edge.i, skip.right_edge.i
        if skip_lo <= lo:
            lo = max(lo, skip_hi + 1)
        if skip_hi >= hi:
            hi = min(hi, skip_lo - 1)
    return lo, hi
