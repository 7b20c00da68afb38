"""The reference quote-scoring rules on tiny hand-made gold and prediction tables."""

from __future__ import annotations

from typing import Any

import pytest

from app.eval.quotes import (
    PredSpan,
    QuoteScorer,
    SeedPrediction,
    gold_spans,
    identity_accuracy,
    last_name_token,
    match_spans,
    name_part,
    normalise_quote_text,
    overlaps_enough,
    score_seed,
    trim_span,
)

TEXT = 'Ann Lee said "we will build it." Later she said it was "a fine plan" for all.'
#        0         1         2         3         4         5         6         7
#        0123456789012345678901234567890123456789012345678901234567890123456789012345678


def direct(start: int, end: int, speaker: str, resolved: str | None = None, **kw: Any) -> Any:
    return {
        "kind": "direct",
        "text": TEXT[start:end],
        "start": start,
        "end": end,
        "speaker": speaker,
        "speaker_is_pronoun": kw.get("pronoun", False),
        "speaker_resolved_auto": resolved,
    }


def record(*quotes: dict[str, Any]) -> dict[str, Any]:
    return {"id": "t1", "text": TEXT, "quotes": list(quotes)}


def test_gold_spans_trim_marks_and_edge_punctuation() -> None:
    # Gold offsets that include the marks and the final period.
    spans = gold_spans(record(direct(12, 32, "Ann Lee")))
    assert [(s.text, s.start, s.end) for s in spans] == [("we will build it", 14, 30)]


def test_mixed_quotes_score_their_quoted_parts_only() -> None:
    mixed = {
        "kind": "mixed",
        "text": TEXT[46:76],
        "start": 46,
        "end": 76,
        "speaker": "she",
        "speaker_is_pronoun": True,
        "speaker_resolved_auto": "Ann Lee",
        "quoted_parts": [{"text": "a fine plan", "start": 56, "end": 67}],
    }
    indirect = {"kind": "indirect", "text": "x", "start": 0, "end": 1, "speaker": "Ann"}
    spans = gold_spans(record(mixed, indirect))
    assert [(s.text, s.kind, s.speaker_resolved) for s in spans] == [
        ("a fine plan", "partial", "Ann Lee")
    ]


OVERLAP = [
    ((0, 10), (0, 10), True),
    ((0, 10), (5, 20), True),  # overlap 5 = half of the shorter (10)
    ((0, 10), (6, 20), False),  # overlap 4 < 5
    ((0, 4), (2, 100), True),  # overlap 2 = half of the shorter (4)
    ((0, 4), (3, 100), False),
    ((0, 10), (10, 20), False),  # touching is no overlap
]


@pytest.mark.parametrize(("a", "b", "expected"), OVERLAP)
def test_half_of_shorter_threshold(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert overlaps_enough(a, b) is expected
    assert overlaps_enough(b, a) is expected


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    gold = [(0, 10), (12, 20)]
    # One long prediction covering both gold spans, one exact prediction of the second.
    predicted = [(0, 20), (12, 20)]
    assert match_spans(gold, predicted) == [(0, 0), (1, 1)]
    # Two predictions for one gold span: only one can match.
    assert match_spans([(0, 10)], [(0, 10), (1, 9)]) == [(0, 0)]


NAMES = [
    ("Ann Lee", "lee"),
    ("Gov. Mike Pence's", "pence"),
    ("Ms. Moore", "moore"),
    # Only a possessive at the end is dropped: a possessor inside the mention is not its
    # last name token.
    ("Obama\u2019s former campaign strategist", "strategist"),
    ("Ann Lee's campaign manager Bo Park", "park"),
    ("the Democrats'", "democrats"),
    ("sources", "sources"),
    # A generational suffix is no name: "Murray II" is Murray.
    ("Joseph R. Murray II", "murray"),
    ("Martin Luther King Jr.", "king"),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_last_name_token(name: str | None, expected: str | None) -> None:
    assert last_name_token(name) == expected


PARTS = [
    ("Patrick Roe, a law professor at State University", "Patrick Roe"),
    ("Mr. Roe of the Sierra Club", "Mr. Roe"),
    ("Rep. Jim Doe (D-Ohio), the ranking member", "Rep. Jim Doe"),
    ("the former secretary of state", "the former secretary of state"),
]


@pytest.mark.parametrize(("mention", "expected"), PARTS)
def test_name_part(mention: str, expected: str) -> None:
    assert name_part(mention) == expected


def pred(start: int, end: int, speaker: str | None, kind: str = "direct") -> PredSpan:
    return PredSpan(start, end, TEXT[start:end], speaker, kind)


SPEAKERS = [
    # gold speaker, resolved, is pronoun, predicted speaker, right?
    ("Ann Lee", None, False, "Ann Lee", True),
    ("Lee", "Ann Lee", False, "A. Lee", True),
    ("the mayor", "Ann Lee", False, "Ann Lee", True),
    ("Ann Lee, a city planner at the county office", None, False, "Ann Lee", True),
    ("she", "Ann Lee", True, "Ann Lee", True),
    ("she", None, True, "Ann Lee", False),  # a pronoun counts only through its resolved name
    ("she", "Ann Lee", True, "she", False),
    ("Ann Lee", None, False, None, False),
    ("Ann Lee's aide", None, False, "Ann Lee", False),  # the possessor is not the speaker
    ("who", None, False, "who", False),  # an unflagged pronoun counts only when resolved
    ("who", "Ann Lee", False, "Ann Lee", True),
]


@pytest.mark.parametrize(("gold", "resolved", "pronoun", "predicted", "right"), SPEAKERS)
def test_speaker_rule(
    gold: str, resolved: str | None, pronoun: bool, predicted: str | None, right: bool
) -> None:
    scorer = QuoteScorer()
    scorer.add(record(direct(13, 31, gold, resolved, pronoun=pronoun)), [pred(13, 31, predicted)])
    result = scorer.result()
    assert result["all"]["matched"] == 1
    assert result["all"]["speaker_accuracy"] == (1.0 if right else 0.0)


def test_strict_reading_uses_the_mentions_last_word() -> None:
    scorer = QuoteScorer()
    gold = direct(13, 31, "Ann Lee, a city planner at the county office")
    scorer.add(record(gold), [pred(13, 31, "Ann Lee")])
    figures = scorer.result()["all"]
    assert (figures["speaker_accuracy"], figures["speaker_accuracy_strict"]) == (1.0, 0.0)


def test_the_ceiling_leaves_out_golds_no_speaker_can_match() -> None:
    scorer = QuoteScorer()
    gold = record(
        direct(13, 31, "Ann Lee"),
        direct(56, 67, "she", None, pronoun=True),  # a pronoun nobody resolved
    )
    scorer.add(gold, [pred(13, 31, "Bob Stone"), pred(56, 67, "Ann Lee")])
    figures = scorer.result()["all"]
    assert figures["speaker_accuracy"] == 0.0
    assert figures["speaker_ceiling"] == 0.5


def test_precision_recall_f1_and_end_to_end() -> None:
    scorer = QuoteScorer()
    gold = record(direct(13, 31, "Ann Lee"), direct(56, 67, "she", "Ann Lee", pronoun=True))
    predictions = [
        pred(13, 31, "Ann Lee"),  # right span, right speaker
        pred(56, 67, "Bob Stone", "partial"),  # right span, wrong speaker
        pred(0, 7, "Ann Lee"),  # a false hit
    ]
    errors = scorer.add(gold, predictions, predicted_indirect=[(33, 45)])
    result = scorer.result()
    figures = result["all"]
    assert (figures["precision"], figures["recall"]) == (pytest.approx(2 / 3), 1.0)
    assert figures["f1"] == pytest.approx(0.8)
    assert figures["speaker_accuracy"] == 0.5
    # End to end: 1 right of 3 predicted and 2 gold.
    assert figures["quote_speaker_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert result["pronoun"]["matched"] == 1
    assert result["pronoun"]["speaker_accuracy"] == 0.0
    assert [p.text for p in errors.false_hits] == ["Ann Lee"]
    assert len(errors.wrong_speaker) == 1
    assert result["indirect"]["gold"] == 0
    assert result["indirect"]["predicted"] == 1


def test_indirect_scored_against_indirect_gold() -> None:
    indirect = {"kind": "indirect", "text": TEXT[33:46], "start": 33, "end": 46, "speaker": "x"}
    scorer = QuoteScorer()
    scorer.add(record(indirect), [], predicted_indirect=[(33, 46), (60, 70)])
    ind = scorer.result()["indirect"]
    assert (ind["precision"], ind["recall"]) == (0.5, 1.0)


def test_trim_span() -> None:
    text = '"Hello, world."'
    assert trim_span(text, 0, len(text)) == (1, 13)


def test_seed_scoring_normalises_marks_and_space() -> None:
    gold = {
        "quotes": [
            {"text": "We don't know,", "speaker": "Ann Lee", "required": True},
            {"text": "It is late.", "speaker": "Ann Lee", "required": True},
            {"text": "optional", "speaker": "Ann Lee", "required": False},
        ]
    }
    predicted = [
        SeedPrediction("We don\u2019t\u00a0 know,", "direct", "Ann Lee"),
        SeedPrediction("It is late.", "direct", "Bob Stone"),
    ]
    result = score_seed(gold, predicted)
    assert (result["required"], result["found"]) == (2, 1)
    assert result["missing"][0]["predicted_speakers"] == ["Bob Stone"]
    assert normalise_quote_text("\u201cA  b,\u201d") == "A b"


def test_identity_accuracy_counts_matched_spans_with_a_person() -> None:
    rows: list[dict[str, Any]] = [
        {"span": [13, 31], "person": "Ann Lee"},
        {"span": [56, 68], "person": "Ann Lee"},
        {"span": [0, 3], "person": None},  # an unnamed source: never scored
        {"span": [40, 45], "person": "Bo Chen"},  # no prediction matches: not scored
    ]
    predicted = [
        PredSpan(start=13, end=31, text="we will build it.", speaker="Ann Lee"),
        PredSpan(start=56, end=68, text="a fine plan", speaker="she"),
        PredSpan(start=0, end=3, text="Ann", speaker="Ann Lee"),
    ]
    assert identity_accuracy(rows, predicted) == (1, 2)
