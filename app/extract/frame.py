"""Per-article lookups shared by the quote steps, and the record of an attribution."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from app.extract.quote_marks import QuotedSpan
from app.extract.scare_quotes import headline_end
from app.extract.text import doc_text
from app.extract.types import QuoteKind


@dataclass
class Attribution:
    """A quote or report before its speaker is resolved."""

    start: int
    end: int
    kind: QuoteKind
    cue: Token | None
    head: Token | None  # the speaker mention's head token
    inherit_from: int | None = None  # index of the earlier quote whose speaker continues


class QuoteContext:
    """Per-document lookups shared by the steps: token offsets, quote membership, paragraphs."""

    def __init__(self, doc: Doc, spans: list[QuotedSpan]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.tok_starts = [t.idx for t in doc]
        # For each token, the index of the quote it lies in, or -1.
        self.quote_of = [-1] * len(doc)
        for qi, span in enumerate(spans):
            first, last = self.token_range(span.start, span.end)
            for i in range(first, last):
                self.quote_of[i] = qi
        # A blank pipeline (tests, or a misconfigured model) has no parse: sentences fall
        # back to paragraphs and no cue is ever found, but nothing raises.
        self.has_parse = doc.has_annotation("DEP")
        self.headline_end = headline_end(self.text)
        self.para_starts = [0]
        pos = self.text.find("\n")
        while pos != -1:
            self.para_starts.append(pos + 1)
            pos = self.text.find("\n", pos + 1)

    def outside(self, token: Token) -> bool:
        """True when ``token`` is not inside a quotation."""
        return self.quote_of[token.i] == -1

    def sent_start(self, token: Token) -> int:
        """The first token of ``token``'s sentence (of its paragraph when there is no parse)."""
        if self.has_parse:
            return int(token.sent.start)
        return self.token_range(self.paragraph(token.idx)[0], token.idx)[0]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [first, last) of the tokens starting inside ``[start, end)``."""
        return bisect.bisect_left(self.tok_starts, start), bisect.bisect_left(self.tok_starts, end)

    def paragraph(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.para_starts, pos) - 1
        start = self.para_starts[k]
        end = self.para_starts[k + 1] - 1 if k + 1 < len(self.para_starts) else len(self.text)
        return start, end
