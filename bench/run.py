"""`make bench`: every benchmark in turn, each in its own process, then the figures against
their bars. Results go to BENCH_JSON (default bench/results.json), one key per figure.

    python -m bench.run [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any

from bench.build_db import ensure
from bench.common import DATA, ROOT, record, results_path, say

REQUESTS = (
    ("article_by_id", "article by id"),
    ("article_list", "article list"),
    ("quotes_by_speaker", "quotes by speaker"),
    ("fulltext", "full-text query"),
)
BARS: list[tuple[str, str, float, str]] = [
    # (key, description, bar, direction)
    *(
        (f"load.ratio_vs_datasette.{label}.{name}", f"{what} / Datasette{note}", 2.0, ">=")
        for label, note in (("w1", ""), ("w1_nocache", ", cache off"))
        for name, what in REQUESTS
    ),
    *(
        (f"load.ratio_vs_bare_{kind}.{label}.{name}", f"{what} / bare {kind}{note}", 0.6, ">=")
        for label, note in (("w1", ""), ("w1_nocache", ", cache off"))
        for name, what in (("article_by_id", "article by id"), ("quotes_by_speaker", "by speaker"))
        for kind in ("async", "sync")
    ),
    *(
        bar
        for engine, note in (("sqlite", ""), ("postgresql", ", PostgreSQL"))
        for name, what in REQUESTS
        for bar in (
            (
                f"longtail.ratio_vs_datasette.{engine}.{name}",
                f"long tail {what} / Datasette{note}",
                2.0,
                ">=",
            ),
            (f"longtail.p99_ms.{engine}.{name}", f"long tail {what} p99 ms{note}", 50.0, "<="),
        )
    ),
    ("flat.ratio.quotes_by_speaker", "quotes by speaker, 1M / 10k quotes", 1.3, "<="),
    ("flat.ratio.quotes_page_1000", "quotes page 1,000, 1M / 10k quotes", 1.3, "<="),
    ("flat.ratio.articles_page_1000", "articles page 1,000, 1M / 10k quotes", 1.3, "<="),
    ("ingest.ratio_vs_bare", "full ingest / bare nlp.pipe", 0.8, ">="),
    ("ingest.ratio_two_vs_one", "ingest 2 processes / 1 process", 1.6, ">="),
    ("ingest_html.ratio_vs_bare", "HTML ingest / bare nlp.pipe", 0.8, ">="),
]


def machine() -> dict[str, Any]:
    return {
        "machine.cpus": os.cpu_count(),
        "machine.python": platform.python_version(),
        "machine.platform": platform.platform(),
        "machine.loadavg_at_start": os.getloadavg(),
    }


def step(module: str, *args: str) -> None:
    say(f"\n== {module} ==")
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, check=False)
    if result.returncode != 0:
        say(f"{module} failed with exit code {result.returncode}")
        record({f"{module}.failed": result.returncode})


def verdicts() -> None:
    results = json.loads(results_path().read_text())
    say("\n== bars ==")
    for key, description, bar, direction in BARS:
        value = results.get(key)
        if not isinstance(value, int | float):
            say(f"  {description:<46} not measured")
            continue
        holds = value >= bar if direction == ">=" else value <= bar
        say(
            f"  {description:<46} {value:>6.2f}  (bar {direction} {bar})  "
            f"{'holds' if holds else 'DOES NOT HOLD'}"
        )
    say(f"\nall figures: {results_path()}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk run")
    args = parser.parse_args()
    results_path().unlink(missing_ok=True)
    began = time.monotonic()
    record(machine())
    say("== building the databases (cached in bench/data) ==")
    for articles, quotes, name in ((1_000, 10_000, "small"), (100_000, 1_000_000, "big")):
        info = ensure(articles, quotes, DATA / f"{name}.sqlite3")
        record(
            {
                f"db.{name}.articles": info["articles"],
                f"db.{name}.quotes": info["quotes"],
                f"db.{name}.build_seconds": info["build_seconds"],
            }
        )
    step("bench.load", "--seconds", str(args.seconds))
    step("bench.longtail", "--seconds", str(args.seconds))
    step("bench.flat")
    step("bench.ingest")
    step("bench.ingest_html")
    record(
        {
            "machine.loadavg_at_end": os.getloadavg(),
            "bench.total_seconds": round(time.monotonic() - began),
        }
    )
    verdicts()


if __name__ == "__main__":
    main()
