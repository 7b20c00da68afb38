"""Score extracted place mentions against a gold file (``places-*.jsonl`` records).

The rules are the reference scorer's (``/work/shared/eval/README.md``):

- Recognition: a predicted mention matches a gold one when they overlap by at least half of the
  shorter span, one-to-one. A prediction left unmatched that overlaps an ``ignore`` span
  (demonyms, organisations named after places, embedded non-literal uses) counts neither way.
- Resolution: of matched gold places that have coordinates, the share whose predicted point lies
  within 161 km (accuracy@161km). A matched prediction without a gazetteer entry has no point and
  counts as wrong.

``resolved_share`` is the share of scored predictions (matched or false hits, not ignored ones)
that carry a gazetteer entry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from app.extract.types import PlaceMention

ACCURACY_KM = 161.0
_EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _matches(gold: Mapping[str, Any], pred: PlaceMention) -> int:
    """Overlap length when it is at least half of the shorter span, else 0."""
    g_start, g_end = int(gold["start"]), int(gold["end"])
    overlap = _overlap(g_start, g_end, pred.start, pred.end)
    shorter = min(g_end - g_start, pred.end - pred.start)
    return overlap if overlap > 0 and 2 * overlap >= shorter else 0


def match_article(
    gold_places: Sequence[Mapping[str, Any]], predicted: Sequence[PlaceMention]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, largest overlaps first."""
    pairs = sorted(
        (
            (-overlap, g, p)
            for g, gold in enumerate(gold_places)
            for p, pred in enumerate(predicted)
            if (overlap := _matches(gold, pred))
        ),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _, g, p in pairs:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            matched.append((g, p))
    return sorted(matched)


def _within(gold: Mapping[str, Any], pred: PlaceMention) -> bool:
    if pred.entry is None:
        return False
    distance = haversine_km(
        float(gold["lat"]), float(gold["lon"]), pred.entry.latitude, pred.entry.longitude
    )
    return distance <= ACCURACY_KM


def score_places(
    gold: list[dict[str, Any]], predicted: list[list[PlaceMention]]
) -> dict[str, float]:
    """Precision, recall, F1, accuracy@161km and resolved share over all articles, with counts."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold articles but {len(predicted)} predictions")
    tp = fp = fn = ignored = resolved = scored = with_coords = correct = 0
    for record, preds in zip(gold, predicted, strict=True):
        gold_places: list[dict[str, Any]] = list(record.get("places") or ())
        ignore_spans = [(int(s["start"]), int(s["end"])) for s in record.get("ignore") or ()]
        matched = match_article(gold_places, preds)
        matched_pred = {p for _, p in matched}
        tp += len(matched)
        fn += len(gold_places) - len(matched)
        for g, p in matched:
            place = gold_places[g]
            if place.get("lat") is not None and place.get("lon") is not None:
                with_coords += 1
                correct += _within(place, preds[p])
        for p, pred in enumerate(preds):
            if p not in matched_pred and any(
                _overlap(pred.start, pred.end, s, e) for s, e in ignore_spans
            ):
                ignored += 1
                continue
            if p not in matched_pred:
                fp += 1
            scored += 1
            resolved += pred.entry is not None
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy_161km": correct / with_coords if with_coords else 0.0,
        "resolved_share": resolved / scored if scored else 0.0,
        "tp": float(tp),
        "fp": float(fp),
        "fn": float(fn),
        "ignored": float(ignored),
        "resolution_scored": float(with_coords),
        "resolution_correct": float(correct),
    }
