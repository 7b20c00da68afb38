"""The long tail: every request distinct, as researchers browsing an archive ask.

Against the response cache as shipped (on), nothing repeats within a run, so every answer is
computed: article by id (60,000 distinct ids), quotes by speaker (speaker × page size), full
text (reporter name × page size) and the article list (date bound × page size), the same
requests to Datasette on the same file. Quotemap runs on SQLite and, when a server answers,
on PostgreSQL with the same rows (``bench/pg.py``).

    python -m bench.longtail [--seconds 10]
"""

from __future__ import annotations

import argparse
import random
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.build_db import ensure, person
from bench.common import DATA, GAZETTEER, HOST, free_port, record, say, serving, uvicorn_command
from bench.load import DATASETTE_PYTHON, get, show
from bench.pg import ensure_pg
from bench.wrk import ensure_wrk, run_wrk

REQUESTS = ("article_by_id", "article_list", "quotes_by_speaker", "fulltext")
DISTINCT = 60_000
# The warm-up takes its requests from the end of the list, the measured run from the start:
# the two never share a request.
WARMUP = 10_000
TABLE = "_nocount=1&_nofacet=1"
FIRST_DATE = date(2015, 1, 1)


def long_tail_paths(meta: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    """For each request: (Quotemap paths, Datasette paths), DISTINCT distinct ones each, in
    the same seeded random order for both."""
    rng = random.Random(13)
    n_speakers = meta["speakers"]
    ids = rng.sample(range(1, meta["articles"] + 1), DISTINCT)
    by_speaker = [divmod(k, 100) for k in rng.sample(range(n_speakers * 100), DISTINCT)]
    by_name = [divmod(k, 100) for k in rng.sample(range(n_speakers * 5 * 100), DISTINCT)]
    by_date = [divmod(k, 100) for k in rng.sample(range(3650 * 100), DISTINCT)]
    day = [(FIRST_DATE + timedelta(days=d)).isoformat() for d in range(3650)]
    return {
        "article_by_id": (
            [f"/articles/{i}" for i in ids],
            [f"/big/article/{i}.json" for i in ids],
        ),
        "article_list": (
            [f"/articles?published_to={day[d]}&limit={n + 1}" for d, n in by_date],
            [
                f"/big/article.json?published_date__lte={day[d]}&_sort_desc=published_date"
                f"&_size={n + 1}&{TABLE}"
                for d, n in by_date
            ],
        ),
        "quotes_by_speaker": (
            [f"/quotes?speaker={quote(person(s))}&limit={n + 1}" for s, n in by_speaker],
            [
                f"/big/quote.json?speaker_id={s + 1}&_sort_desc=id&_labels=on&_size={n + 1}&{TABLE}"
                for s, n in by_speaker
            ],
        ),
        "fulltext": (
            [f"/articles?q={quote(person(n_speakers + r))}&limit={n + 1}" for r, n in by_name],
            [
                f"/big/article.json?_search={quote(person(n_speakers + r))}&_size={n + 1}&{TABLE}"
                for r, n in by_name
            ],
        ),
    }


def warm_file(path: Path) -> None:
    """Read the database file once, so every server starts with it in the OS cache: the long
    tail touches pages all over it, and whichever server ran first would pay for the disk."""
    with path.open("rb") as file:
        while file.read(16 * 2**20):
            pass


def measure_distinct(wrk: str, base: str, paths: list[str], seconds: int) -> dict[str, Any]:
    """wrk over ``paths`` after a warm-up over other paths; ``repeated`` counts requests past
    the end of the list (0 when the run stayed in the long tail)."""
    measured, warm = paths[:-WARMUP], paths[-WARMUP:]
    for path in warm[:3]:
        status, body = get(base + path)
        if status != 200:
            raise RuntimeError(f"GET {path} -> {status}: {body[:300]!r}")
    run_wrk(wrk, base, warm, seconds=2)
    figures = run_wrk(wrk, base, measured, seconds=seconds)
    figures["repeated"] = max(0, figures["requests"] - len(measured))
    figures["server_peak_rss_mib"] = None
    figures["requests_per_cpu_s"] = None
    return figures


def _run(wrk: str, base: str, paths: list[str], seconds: int) -> dict[str, Any] | str:
    try:
        return measure_distinct(wrk, base, paths, seconds)
    except RuntimeError as error:
        return f"failed: {error}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.longtail")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--only", nargs="*", default=list(REQUESTS), choices=REQUESTS)
    parser.add_argument("--engines", nargs="*", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    wrk = ensure_wrk()
    if wrk is None:
        record({"longtail.skipped": "wrk is not installed"})
        return
    big = DATA / "big.sqlite3"
    meta = ensure(100_000, 1_000_000, big)
    paths = long_tail_paths(meta)
    warm_file(big)
    results: dict[str, Any] = {}
    say(
        f"long tail: wrk -t1 -c16, {args.seconds} s per request, no request repeats, "
        f"{meta['articles']} articles, {meta['quotes']} quotes"
    )
    # Every server is up at once and idle but for the one measured, and each request is
    # measured on all of them back to back: on a shared machine the load drifts over minutes,
    # so the figures compared should be seconds apart, not a whole block.
    servers: dict[str, str] = {}
    with ExitStack() as stack:
        if DATASETTE_PYTHON.exists():
            port = free_port()
            command = [str(DATASETTE_PYTHON), "bench/datasette_serve.py", str(big), str(port)]
            stack.enter_context(serving(command, port))
            servers["datasette"] = f"http://{HOST}:{port}"
        else:
            say(f"Datasette is not installed at {DATASETTE_PYTHON}: `make bench` installs it")
        urls = {"sqlite": f"sqlite:///{big}"} if "sqlite" in args.engines else {}
        if "postgresql" in args.engines:
            pg = ensure_pg(big, meta)
            if pg is None:
                results["longtail.quotemap_postgresql"] = "not available"
            else:
                urls["postgresql"] = pg
        for engine, url in urls.items():
            port = free_port()
            env = {"DATABASE_URL": url, "GAZETTEER_PATH": str(GAZETTEER)}
            stack.enter_context(serving(uvicorn_command("app.main:create_app", port), port, env))
            servers[f"quotemap_{engine}"] = f"http://{HOST}:{port}"
        for name in args.only:
            for label, base in servers.items():
                mine = paths[name][1] if label == "datasette" else paths[name][0]
                key = f"longtail.{label}.{name}"
                results[key] = _run(wrk, base, mine, args.seconds)
                show(f"{label} {name}", _shown(results[key]))
    report(results, list(urls), args.only)
    record(results)


def _shown(figures: dict[str, Any] | str) -> dict[str, Any] | str:
    if isinstance(figures, str):
        return figures
    return {**figures, "server_peak_rss_mib": "-", "requests_per_cpu_s": "-"}


def report(results: dict[str, Any], engines: list[str], names: list[str]) -> None:
    say("long tail, one worker, cache on, no request repeats (bars: >= 2 x Datasette, p99 <= 50)")
    head = f"{'req/s':>8} {'x Datasette':>11} {'p50 ms':>7} {'p99 ms':>7}"
    say(f"  {'request':<18} {'server':<10} {head}")
    for name in names:
        theirs = results.get(f"longtail.datasette.{name}")
        if isinstance(theirs, dict):
            say(
                f"  {name:<18} {'Datasette':<10} {theirs['requests_per_s']:>8.1f} {'1.00':>11} "
                f"{theirs['p50_ms']:>7.2f} {theirs['p99_ms']:>7.2f}"
            )
        for engine in engines:
            ours = results.get(f"longtail.quotemap_{engine}.{name}")
            if not isinstance(ours, dict):
                continue
            ratio = "-"
            if isinstance(theirs, dict):
                value = round(ours["requests_per_s"] / theirs["requests_per_s"], 2)
                results[f"longtail.ratio_vs_datasette.{engine}.{name}"] = value
                ratio = f"{value:.2f}"
            results[f"longtail.p99_ms.{engine}.{name}"] = ours["p99_ms"]
            say(
                f"  {name:<18} {engine:<10} {ours['requests_per_s']:>8.1f} {ratio:>11} "
                f"{ours['p50_ms']:>7.2f} {ours['p99_ms']:>7.2f}"
                + (f"  ({ours['repeated']} repeated)" if ours["repeated"] else "")
            )


if __name__ == "__main__":
    main()
