"""Score predicted quotes against PolNeAR-style gold, by the reference rules of the eval README.

Gold quoted spans are the ``direct`` segments plus the ``quoted_parts`` of ``mixed`` quotes,
trimmed of quotation marks and edge punctuation. A prediction matches a gold span when their
overlap is at least half of the shorter span, one-to-one. Speakers are compared by last name
token, against the annotated mention or its resolved name; a pronoun mention counts only
through its resolved name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.extract.names import GENERATIONAL_SUFFIXES

# Characters trimmed from both ends of a span before matching.
_EDGE = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb.,;:!?\u2026-\u2014\u2013()[] \t\n\u00a0"
_WORD_RE = re.compile(r"[\w\-]+")
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "his",
        "their",
        "i",
        "we",
        "you",
        "it",
        "who",
        "this",
        "that",
        "one",
    ]
)


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    text: str
    kind: str  # "direct" or "partial" (a quoted part of a gold "mixed" quote)
    speaker: str | None
    speaker_is_pronoun: bool
    speaker_resolved: str | None


@dataclass(frozen=True, slots=True)
class PredSpan:
    start: int
    end: int
    text: str
    speaker: str | None  # resolved name, else the mention as written
    kind: str = "direct"  # the predicted kind, "direct" or "partial"
    speaker_is_pronoun: bool = False  # the attribution as written is a pronoun


@dataclass
class Tally:
    """Counts for one slice of the data (all, direct, partial, pronoun, named)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    speaker_right_strict: int = 0
    speaker_scorable: int = 0  # matched spans whose gold speaker the rule can ever call right

    def figures(self) -> dict[str, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        sp = self.speaker_right / self.matched if self.matched else 0.0
        e2e_p = self.speaker_right / self.predicted if self.predicted else 0.0
        e2e_r = self.speaker_right / self.gold if self.gold else 0.0
        return {
            "gold": float(self.gold),
            "predicted": float(self.predicted),
            "matched": float(self.matched),
            "precision": p,
            "recall": r,
            "f1": _f1(p, r),
            "speaker_accuracy": sp,
            "speaker_accuracy_strict": (
                self.speaker_right_strict / self.matched if self.matched else 0.0
            ),
            "quote_speaker_f1": _f1(e2e_p, e2e_r),
            # What a perfect attributor would score on these matched spans under the rule.
            "speaker_ceiling": self.speaker_scorable / self.matched if self.matched else 0.0,
        }


@dataclass
class ArticleErrors:
    """What went wrong in one article, for error study."""

    missed: list[GoldSpan] = field(default_factory=list)
    false_hits: list[PredSpan] = field(default_factory=list)
    wrong_speaker: list[tuple[GoldSpan, PredSpan]] = field(default_factory=list)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` of ``text`` past quotation marks and edge punctuation."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _trim_local(span_text: str, start: int, end: int) -> tuple[int, int, str]:
    """Trim when only the span's own text is known (offsets shift with it)."""
    lead = len(span_text) - len(span_text.lstrip(_EDGE))
    stripped = span_text.strip(_EDGE)
    return start + lead, start + lead + len(stripped), stripped


_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TRAILING_POSSESSIVE_RE = re.compile(r"'s?[\s,.;:)]*$")
_NAME_CUT_RE = re.compile(r"\s(?:of|at|for|from|who|in|with|on)\s")


def name_part(mention: str) -> str:
    """The name inside a speaker description: "Patrick McGinley, a law professor at X" → "Patrick
    McGinley"; "Mr. Morgan of the Sierra Club" → "Mr. Morgan"; a plain description stays whole.

    Annotated mentions carry their appositions, so the literal last token of the mention is
    often a word of the role ("University"); the surname is the name before it.
    """
    text = _PAREN_RE.sub(" ", mention).strip()
    head = text.split(",")[0].strip() or text
    cut = _NAME_CUT_RE.search(head)
    if cut is not None:
        before = head[: cut.start()].split()
        if before and before[-1][:1].isupper():
            head = head[: cut.start()]
    return head


def last_name_token(name: str | None) -> str | None:
    """The last word of a name, lower-cased, without a possessive: "Gov. Mike Pence's" → "pence"."""
    if not name:
        return None
    # Only a possessive at the end goes: in "Obama's former strategist" or "Hillary Clinton's
    # campaign manager Robby Mook" the possessor is not the mention's last name token.
    text = _TRAILING_POSSESSIVE_RE.sub("", name.replace("\u2019", "'"))
    words: list[str] = _WORD_RE.findall(text)
    # "Joseph R. Murray II", "Martin Luther King Jr.": a generational suffix is no name.
    while len(words) > 1 and words[-1].lower() in GENERATIONAL_SUFFIXES:
        words.pop()
    if not words:
        return None
    return words[-1].lower()


def gold_spans(record: Mapping[str, Any]) -> list[GoldSpan]:
    """The scored spans of one gold article: direct segments and mixed quotes' quoted parts."""
    spans: list[GoldSpan] = []
    for q in record.get("quotes", []):
        kind = q.get("kind")
        parts: Iterable[Mapping[str, Any]]
        if kind == "direct":
            parts, label = [q], "direct"
        elif kind == "mixed":
            parts, label = q.get("quoted_parts") or [], "partial"
        else:
            continue
        for part in parts:
            s, e, t = _trim_local(str(part["text"]), int(part["start"]), int(part["end"]))
            if e <= s:
                continue
            spans.append(
                GoldSpan(
                    start=s,
                    end=e,
                    text=t,
                    kind=label,
                    speaker=q.get("speaker"),
                    speaker_is_pronoun=bool(q.get("speaker_is_pronoun")),
                    speaker_resolved=q.get("speaker_resolved_auto") or None,
                )
            )
    return spans


def gold_indirect(record: Mapping[str, Any]) -> list[tuple[int, int]]:
    out = []
    for q in record.get("quotes", []):
        if q.get("kind") == "indirect":
            s, e, _ = _trim_local(str(q["text"]), int(q["start"]), int(q["end"]))
            if e > s:
                out.append((s, e))
    return out


def overlaps_enough(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when the overlap is at least half of the shorter span."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return overlap > 0 and 2 * overlap >= shorter


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one matching (gold index, predicted index), largest overlaps first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if overlaps_enough(g, p):
                overlap = min(g[1], p[1]) - max(g[0], p[0])
                candidates.append((-overlap, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def speaker_is_right(gold: GoldSpan, predicted: str | None, *, strict: bool = False) -> bool:
    """The reference rule: last name tokens equal; a pronoun mention only via its resolved name.

    ``strict`` reads "last name token" literally as the mention's last word; by default the
    surname inside an appositive mention counts too (see ``name_part``).
    """
    guess = last_name_token(predicted)
    return guess is not None and guess in _targets(gold, strict=strict)


def speaker_can_be_right(gold: GoldSpan) -> bool:
    """Whether any prediction can score: not when the gold has no speaker, or a pronoun
    mention with no resolved name (the rule then has nothing to compare with)."""
    return bool(_targets(gold, strict=False))


def _targets(gold: GoldSpan, *, strict: bool) -> set[str]:
    """The last name tokens a predicted speaker may equal to be right."""
    targets = [last_name_token(gold.speaker_resolved)]
    # A mention that is a pronoun counts only through its resolved name, flagged or not
    # (the gold leaves a few relative "who" mentions unflagged).
    pronoun = gold.speaker_is_pronoun or (gold.speaker or "").strip().lower() in _PRONOUNS
    if not pronoun:
        targets.append(last_name_token(gold.speaker))
        if not strict and gold.speaker:
            targets.append(last_name_token(name_part(gold.speaker)))
    return {t for t in targets if t is not None}


def identity_accuracy(
    rows: Sequence[Mapping[str, Any]], predicted: Sequence[PredSpan]
) -> tuple[int, int]:
    """Speaker accuracy of one article against the hand-checked identity gold: ``rows`` are the
    article's lines of the identity file (``span`` and ``person``). Returns (right, scored):
    scored are the rows with a person whose span a prediction matches (the overlap rule, one
    to one); right when the predicted speaker's last name token equals the person's."""
    pairs = match_spans(
        [(int(r["span"][0]), int(r["span"][1])) for r in rows],
        [(p.start, p.end) for p in predicted],
    )
    right = scored = 0
    for gi, pi in pairs:
        person = rows[gi].get("person")
        if not person:
            continue
        scored += 1
        guess = last_name_token(predicted[pi].speaker)
        right += guess is not None and guess == last_name_token(str(person))
    return right, scored


class QuoteScorer:
    """Accumulates articles; ``result()`` gives the figures as a flat-ish dict of floats."""

    def __init__(self) -> None:
        self.slices: dict[str, Tally] = {
            name: Tally()
            for name in ("all", "direct", "partial", "pronoun", "pronoun_resolvable", "named")
        }
        self.indirect = Tally()

    def add(
        self,
        record: Mapping[str, Any],
        predicted: Sequence[PredSpan],
        predicted_indirect: Sequence[tuple[int, int]] = (),
    ) -> ArticleErrors:
        gold = gold_spans(record)
        errors = ArticleErrors()
        pairs = match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in predicted])
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for g in gold:
            for name in self._slices_of(g):
                self.slices[name].gold += 1
        # A matched prediction counts in its gold span's slices; an unmatched one in the slices
        # of its own predicted kind and attribution, so each slice has a precision.
        for gi, pi in pairs:
            right = speaker_is_right(gold[gi], predicted[pi].speaker)
            right_strict = speaker_is_right(gold[gi], predicted[pi].speaker, strict=True)
            for name in self._slices_of(gold[gi]):
                tally = self.slices[name]
                tally.matched += 1
                tally.predicted += 1
                tally.speaker_right += right
                tally.speaker_right_strict += right_strict
                tally.speaker_scorable += speaker_can_be_right(gold[gi])
            if not right:
                errors.wrong_speaker.append((gold[gi], predicted[pi]))
        errors.missed = [g for i, g in enumerate(gold) if i not in matched_g]
        errors.false_hits = [p for i, p in enumerate(predicted) if i not in matched_p]
        for p in errors.false_hits:
            kind = "partial" if p.kind == "partial" else "direct"
            for name in ("all", kind, "pronoun" if p.speaker_is_pronoun else "named"):
                self.slices[name].predicted += 1
        ind_gold = gold_indirect(record)
        ind_pairs = match_spans(ind_gold, predicted_indirect)
        self.indirect.gold += len(ind_gold)
        self.indirect.predicted += len(predicted_indirect)
        self.indirect.matched += len(ind_pairs)
        return errors

    @staticmethod
    def _slices_of(g: GoldSpan) -> tuple[str, ...]:
        if not g.speaker_is_pronoun:
            return ("all", g.kind, "named")
        # Pronoun mentions without a resolved name can never be scored right; the
        # "pronoun_resolvable" slice measures resolution where the gold gives a name.
        if g.speaker_resolved:
            return ("all", g.kind, "pronoun", "pronoun_resolvable")
        return ("all", g.kind, "pronoun")

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: t.figures() for name, t in self.slices.items()}
        ind = self.indirect.figures()
        out["indirect"] = {
            k: ind[k] for k in ("gold", "predicted", "matched", "precision", "recall", "f1")
        }
        return out


_QUOTE_CHARS = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00ab": '"', "\u00bb": '"'}
)


def normalise_quote_text(text: str) -> str:
    """White space collapsed, curly marks made straight, edge punctuation trimmed."""
    return " ".join(text.translate(_QUOTE_CHARS).split()).strip(_EDGE)


@dataclass(frozen=True, slots=True)
class SeedPrediction:
    text: str
    kind: str
    speaker: str | None
    title: str | None = None


def score_seed(gold: Mapping[str, Any], predicted: Sequence[SeedPrediction]) -> dict[str, Any]:
    """Required seed quotes found with the right speaker (texts compared after normalising).

    A gold quote is found when a predicted quote of the same text (or one containing it, for a
    partial quote inside a longer prediction) carries the gold speaker's name.
    """
    required = [q for q in gold.get("quotes", []) if q.get("required")]
    preds = [(normalise_quote_text(p.text), p) for p in predicted]
    found: list[str] = []
    missing: list[dict[str, Any]] = []
    for q in required:
        want = normalise_quote_text(str(q["text"]))
        hits = [p for text, p in preds if text == want or (want and want in text)]
        right = [p for p in hits if p.speaker == q.get("speaker")]
        if right:
            found.append(want)
        else:
            missing.append(
                {
                    "text": want,
                    "speaker": q.get("speaker"),
                    "predicted_speakers": sorted({str(p.speaker) for p in hits}),
                }
            )
    return {
        "required": len(required),
        "found": len(found),
        "share": len(found) / len(required) if required else 1.0,
        "missing": missing,
    }
