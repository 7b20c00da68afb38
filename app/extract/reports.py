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
        content: list[Token] | None = None
        if is_according_to(tok):
            main = tok.head
            if main is tok:
                continue
            skip = {t.i for t in tok.subtree}
            content = [t for t in main.subtree if t.i not in skip]
        elif is_strong_speech_verb(tok):
            for child in tok.children:
                if child.dep_ == "ccomp":
                    content = list(child.subtree)
                    break
            else:
                if tok.dep_ == "parataxis" and tok.head is not tok:
                    # "The museum, Mr. Obama said, would ...": the report is the clause the
                    # parenthetical attribution interrupts.
                    skip = {t.i for t in tok.subtree}
                    content = [t for t in tok.head.subtree if t.i not in skip]
        if not content:
            continue
        while content and (content[0].is_punct or content[0].lower_ == "that"):
            content = content[1:]
        while content and content[-1].is_punct:
            content = content[:-1]
        if len(content) < 3:
            continue
        start = content[0].idx
        end = content[-1].idx + len(content[-1].text)
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
