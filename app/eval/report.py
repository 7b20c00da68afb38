"""Readable tables of evaluation figures and of one article's quote errors."""

from __future__ import annotations

from typing import Any

from app.eval.quotes import ArticleErrors

_QUOTE_SLICES = (
    ("all", "all quoted spans"),
    ("direct", "direct (gold direct)"),
    ("partial", "partial (gold mixed)"),
    ("named", "named speaker"),
    ("pronoun", "pronoun speaker"),
    ("pronoun_resolvable", "pronoun, gold name known"),
)
_QUOTE_COLUMNS = (
    ("gold", "gold", "{:>6.0f}"),
    ("predicted", "pred", "{:>6.0f}"),
    ("precision", "P", "{:>6.3f}"),
    ("recall", "R", "{:>6.3f}"),
    ("f1", "F1", "{:>6.3f}"),
    ("speaker_accuracy", "spkr", "{:>6.3f}"),
    ("speaker_accuracy_strict", "spkr*", "{:>6.3f}"),
    ("quote_speaker_f1", "Q+S F1", "{:>7.3f}"),
    ("speaker_ceiling", "ceil", "{:>6.3f}"),
)


def _directory_lines(label: str, articles: int, d: dict[str, Any]) -> list[str]:
    lines = [
        f"Speaker directory ({label}: {articles} articles)",
        f"  rows {d['rows']} {d['rows_by_kind']}; with one quote {d['rows_with_one_quote']};"
        f" names with a line break {d['names_with_line_break']}, a possessive"
        f" {d['names_with_possessive']}, no capital {d['names_without_capital']}",
        f"  attributed quotes {d['attributed_quotes']}; unnamed-source quotes"
        f" {d['unnamed_source_quotes']}; surnames shared in the top rows:"
        f" {', '.join(d['top_surnames_shared']) or 'none'}",
        "  top: " + "; ".join(d["top"][:30]),
    ]
    return lines


def format_report(result: dict[str, Any], notes: list[str]) -> str:
    lines: list[str] = []
    quotes = result.get("quotes")
    if quotes:
        lines.append("Quotes")
        header = f"  {'slice':<26}" + "".join(
            f"{title:>{7 if key == 'quote_speaker_f1' else 6}}" for key, title, _ in _QUOTE_COLUMNS
        )
        lines.append(header)
        for key, label in _QUOTE_SLICES:
            row = quotes.get(key)
            if not row:
                continue
            lines.append(
                f"  {label:<26}"
                + "".join(fmt.format(row.get(col, 0.0)) for col, _, fmt in _QUOTE_COLUMNS)
            )
        ind = quotes.get("indirect", {})
        lines.append(
            f"  {'indirect speech':<26}{ind.get('gold', 0):>6.0f}{ind.get('predicted', 0):>6.0f}"
            f"{ind.get('precision', 0):>6.3f}{ind.get('recall', 0):>6.3f}{ind.get('f1', 0):>6.3f}"
        )
        lines.append(
            "  spkr: last name token of the name in the annotated mention or of the resolved"
            " name; spkr*: of the mention's literal last word"
        )
        lines.append(
            "  ceil: the spkr a perfect attributor would reach on the matched spans (the rest"
            " have no gold speaker, or a pronoun with no resolved name)"
        )
    html = result.get("html")
    if html:
        lines.append("HTML article bodies (4-word shingles, averaged over pages)")
        lines.append(
            f"  pages {html['pages']}  P {html['precision']:.3f}  R {html['recall']:.3f}  "
            f"F1 {html['f1']:.3f}  refused {html['refused']}  ({html['seconds']:.1f} s)"
        )
        for key, reason in html.get("refused_pages", {}).items():
            lines.append(f"  refused {key[:16]}…: {reason}")
    for key, title in (("places", "Places"), ("local_places", "Places, local news")):
        places = result.get(key)
        if places:
            lines.append(title)
            lines.append(
                "  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  accuracy@161km "
                "{accuracy_161km:.3f}  resolved share {resolved_share:.3f}".format(**places)
            )
    speed = result.get("speed")
    if speed:
        lines.append("Speed")
        lines.append(
            f"  {speed['articles']:.0f} articles: bare nlp.pipe"
            f" {speed['bare_articles_per_second']:.2f}/s, full extraction"
            f" {speed['full_articles_per_second']:.2f}/s, ratio {speed['ratio']:.2f}"
            f" (from the extractors' own time: {speed.get('ratio_from_extractor_time', 0):.2f})"
        )
        parts = [
            f"{key[: -len('_seconds')]} {value:.2f} s"
            for key, value in speed.items()
            if key.endswith("_seconds") and key not in ("bare_seconds", "full_seconds")
        ]
        lines.append(
            f"  seconds: nlp.pipe {speed.get('bare_seconds', 0):.1f}, full"
            f" {speed.get('full_seconds', 0):.1f}; each extractor alone on parsed docs: "
            + (", ".join(parts) or "-")
        )
    seed = result.get("seed")
    if seed:
        lines.append("Seed")
        lines.append(
            f"  required quotes found with the right speaker: {seed['found']}/{seed['required']}"
        )
        for miss in seed["missing"]:
            lines.append(
                f"  missing: {miss['text'][:70]!r} ({miss['speaker']});"
                f" predicted speakers: {', '.join(miss['predicted_speakers']) or 'none'}"
            )
    identity = result.get("identity")
    if identity:
        lines.append(f"Speaker identity (corpus mode: {identity['articles']} articles ingested)")
        lines.append(
            "  B-cubed P {bcubed_precision:.3f}  R {bcubed_recall:.3f}  F1 {bcubed_f1:.3f}"
            "  split {split_share:.3f} of {people_quoted_3_plus} people quoted 3+ times"
            "  accuracy vs person {accuracy_vs_person:.3f}".format(**identity)
        )
        if identity["split_people"]:
            lines.append(f"  split: {', '.join(identity['split_people'])}")
    for label, block in (("dev", identity), ("corpus", result.get("corpus"))):
        if block and block.get("directory"):
            lines.extend(_directory_lines(label, block["articles"], block["directory"]))
    for note in notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def format_errors(article_id: str, errors: ArticleErrors) -> str:
    lines = [f"\nErrors in {article_id}"]
    for g in errors.missed:
        lines.append(f"  MISSED   [{g.start}:{g.end}] {g.kind:<8} {g.text[:90]!r} ({g.speaker})")
    for p in errors.false_hits:
        lines.append(f"  FALSE    [{p.start}:{p.end}] {p.kind:<8} {p.text[:90]!r} ({p.speaker})")
    for g, p in errors.wrong_speaker:
        lines.append(
            f"  SPEAKER  [{g.start}:{g.end}] {g.text[:60]!r}: gold {g.speaker!r}"
            f" / resolved {g.speaker_resolved!r}, predicted {p.speaker!r}"
        )
    if len(lines) == 1:
        lines.append("  none")
    return "\n".join(lines)
