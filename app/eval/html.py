"""Article-body extraction scored as the scrapinghub article-extraction-benchmark scores it.

A directory in the benchmark's layout (``pages/<key>.html.gz`` and ``ground-truth.json`` mapping
each key to ``{"articleBody": ..., "url": ...}``) is read with the project's own HTML reader.
Bodies are compared as 4-word shingles; each page's true/false positives and false negatives
are normalised to sum to one, so long pages weigh no more than short ones; precision is the
mean over pages that predicted something, recall the mean over pages whose gold has text, and
F1 is taken from those two means (the benchmark's ``evaluate.py``).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from app.readers.decode import NotText, decode_html
from app.readers.html import parse_html

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


class HtmlGoldError(Exception):
    """The benchmark directory cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class PageScore:
    key: str
    tp: float
    fp: float
    fn: float
    refused: str | None  # the reader's reason when it returned no article


def shingle_counts(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    # A text shorter than n words is one shingle of what it has (the benchmark does the same).
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def match(true: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of the predicted body's shingles against the true body's."""
    gold, pred = shingle_counts(true), shingle_counts(predicted)
    tp = fp = fn = 0
    for key in gold.keys() | pred.keys():
        g, p = gold.get(key, 0), pred.get(key, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summarise(scores: list[PageScore]) -> dict[str, Any]:
    precisions = [_precision(s.tp, s.fp, s.fn) for s in scores if s.tp + s.fp > 0]
    recalls = [_recall(s.tp, s.fp, s.fn) for s in scores if s.tp + s.fn > 0]
    precision = mean(precisions) if precisions else 0.0
    recall = mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pages": len(scores),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "refused": sum(1 for s in scores if s.refused is not None),
        "refused_pages": {s.key: s.refused for s in scores if s.refused is not None},
    }


def load_benchmark(directory: Path) -> tuple[dict[str, dict[str, Any]], Path]:
    truth_path, pages = directory / "ground-truth.json", directory / "pages"
    if not truth_path.is_file() or not pages.is_dir():
        raise HtmlGoldError(
            f"{directory} needs ground-truth.json and pages/ (the benchmark layout)"
        )
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HtmlGoldError(f"cannot read {truth_path}: {exc}") from None
    if not isinstance(truth, dict) or not truth:
        raise HtmlGoldError(f"{truth_path}: expected an object mapping page keys to bodies")
    return truth, pages


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def body_of_page(data: bytes, url: str | None) -> str:
    """The body the HTML reader keeps, paragraphs on lines of their own; ValueError if refused."""
    article = parse_html(decode_html(data), url=url)
    return "\n".join(article.paragraphs)


def score_html(
    directory: Path, *, extract: Callable[[bytes, str | None], str] = body_of_page
) -> dict[str, Any]:
    truth, pages = load_benchmark(directory)
    scores: list[PageScore] = []
    began = time.perf_counter()
    for key, gold in sorted(truth.items()):
        candidates = [pages / f"{key}.html.gz", pages / f"{key}.html"]
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            raise HtmlGoldError(f"no page for {key} in {pages}")
        refused: str | None = None
        try:
            predicted = extract(read_page(path), gold.get("url"))
        except (NotText, ValueError) as exc:
            predicted, refused = "", str(exc)
        tp, fp, fn = match(str(gold.get("articleBody") or ""), predicted)
        scores.append(PageScore(key, tp, fp, fn, refused))
    result = summarise(scores)
    result["seconds"] = time.perf_counter() - began
    return result
