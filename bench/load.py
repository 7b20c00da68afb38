"""API throughput and latency under wrk: Quotemap (1 and 2 workers, and 1 worker with its
response cache off) against Datasette serving the same SQLite file and against a bare FastAPI
endpoint (the stack's ceiling).

    python -m bench.load [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.build_db import ensure, person
from bench.common import (
    BENCH,
    DATA,
    GAZETTEER,
    HOST,
    PeakRss,
    free_port,
    mib,
    record,
    say,
    serving,
    tree_cpu_seconds,
    uvicorn_command,
)
from bench.wrk import ensure_wrk, run_wrk

DATASETTE_PYTHON = BENCH / ".venv-datasette" / "bin" / "python"
REQUESTS = ("article_by_id", "article_list", "quotes_by_speaker", "fulltext")


def request_paths(meta: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    """For each request: (Quotemap paths, Datasette paths), random but the same set for both."""
    rng = random.Random(42)
    ids = [rng.randint(1, meta["articles"]) for _ in range(2000)]
    speakers = [rng.randint(0, meta["speakers"] - 1) for _ in range(200)]
    reporters = [meta["speakers"] + (i * 7919) % (meta["speakers"] * 5) for i in range(200)]
    table = "_size=20&_nocount=1&_nofacet=1"
    return {
        "article_by_id": (
            [f"/articles/{i}" for i in ids],
            [f"/big/article/{i}.json" for i in ids],
        ),
        "article_list": (
            ["/articles?limit=20"],
            [f"/big/article.json?_sort_desc=published_date&{table}"],
        ),
        "quotes_by_speaker": (
            [f"/quotes?speaker={quote(person(s))}&limit=20" for s in speakers],
            [
                f"/big/quote.json?speaker_id={s + 1}&_sort_desc=id&_labels=on&{table}"
                for s in speakers
            ],
        ),
        "fulltext": (
            [f"/articles?q={quote(person(r))}&limit=20" for r in reporters],
            [f"/big/article.json?_search={quote(person(r))}&{table}" for r in reporters],
        ),
    }


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def has_fulltext(base: str) -> bool:
    """`GET /articles?q=` exists once the OpenAPI document lists a `q` parameter."""
    _status, body = get(f"{base}/openapi.json")
    spec = json.loads(body)
    parameters = spec["paths"]["/articles"]["get"].get("parameters", [])
    return any(p["name"] == "q" for p in parameters)


def has_fts_table(path: Path) -> bool:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_fts'").fetchone()
    return found is not None


def measure(wrk: str, base: str, paths: list[str], pid: int, seconds: int) -> dict[str, Any]:
    for path in paths[:5]:  # warm up, and fail loudly on a broken request
        status, body = get(base + path)
        if status != 200:
            raise RuntimeError(f"GET {path} -> {status}: {body[:300]!r}")
    run_wrk(wrk, base, paths, seconds=2)
    cpu_before = tree_cpu_seconds(pid)
    with PeakRss(pid) as rss:
        figures = run_wrk(wrk, base, paths, seconds=seconds)
    cpu = tree_cpu_seconds(pid) - cpu_before
    figures["server_peak_rss_mib"] = mib(rss.peak)
    figures["server_cpu_seconds"] = round(cpu, 2)
    figures["requests_per_cpu_s"] = round(figures["requests"] / cpu, 1) if cpu else None
    return figures


def try_measure(
    wrk: str, base: str, paths: list[str], pid: int, seconds: int
) -> dict[str, Any] | str:
    try:
        return measure(wrk, base, paths, pid, seconds)
    except RuntimeError as error:
        return f"failed: {error}"


def show(name: str, figures: dict[str, Any] | str) -> None:
    if isinstance(figures, str):
        say(f"  {name:<34} {figures}")
        return
    say(
        f"  {name:<34} {figures['requests_per_s']:>9.1f} req/s  p50 {figures['p50_ms']:>7.2f} ms"
        f"  p99 {figures['p99_ms']:>7.2f} ms  errors {figures['errors']}"
        f"  peak RSS {figures['server_peak_rss_mib']} MiB"
        f"  {figures['requests_per_cpu_s']} req/CPU-s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    wrk = ensure_wrk()
    if wrk is None:
        record({"load.skipped": "wrk is not installed"})
        return
    big = DATA / "big.sqlite3"
    meta = ensure(100_000, 1_000_000, big)
    paths = request_paths(meta)
    results: dict[str, Any] = {}
    say(
        f"API load: wrk -t1 -c16, {args.seconds} s per request, {meta['articles']} articles, "
        f"{meta['quotes']} quotes"
    )

    port = free_port()
    with serving(
        uvicorn_command("bench.bare_app:create_app", port),
        port,
    ) as proc:
        for kind in ("sync", "async"):
            results[f"load.bare_{kind}"] = measure(
                wrk, f"http://{HOST}:{port}", [f"/{kind}"], proc.pid, args.seconds
            )
            show(f"bare FastAPI ({kind} def)", results[f"load.bare_{kind}"])

    if DATASETTE_PYTHON.exists():
        port = free_port()
        with serving(
            [str(DATASETTE_PYTHON), "bench/datasette_serve.py", str(big), str(port)], port
        ) as proc:
            for name in REQUESTS:
                key = f"load.datasette.{name}"
                if name == "fulltext" and not has_fts_table(big):
                    results[key] = "not available: the database has no article_fts table yet"
                    show(f"Datasette {name}", results[key])
                    continue
                results[key] = try_measure(
                    wrk, f"http://{HOST}:{port}", paths[name][1], proc.pid, args.seconds
                )
                show(f"Datasette {name}", results[key])
    else:
        say(f"Datasette is not installed at {DATASETTE_PYTHON}: `make bench` installs it")

    env = {"DATABASE_URL": f"sqlite:///{big}", "GAZETTEER_PATH": str(GAZETTEER)}
    # The default server (response cache on) with 1 and 2 workers, then 1 worker with the cache
    # off: what every request costs when it has to be computed (a cold or fast-changing archive).
    for label, workers, cache in (("w1", 1, True), ("w2", 2, True), ("w1_nocache", 1, False)):
        port = free_port()
        base = f"http://{HOST}:{port}"
        server_env = env if cache else {**env, "RESPONSE_CACHE_BYTES": "0"}
        with serving(
            uvicorn_command("app.main:create_app", port, workers=workers),
            port,
            server_env,
        ) as proc:
            fulltext = has_fulltext(base)
            for name in REQUESTS:
                key = f"load.quotemap_{label}.{name}"
                if name == "fulltext" and not fulltext:
                    results[key] = "not available: GET /articles has no q parameter yet"
                    say(f"  Quotemap {label} {name}: {results[key]}")
                    continue
                results[key] = try_measure(wrk, base, paths[name][0], proc.pid, args.seconds)
                show(f"Quotemap {label} {name}", results[key])

    say("ratios (requests/s); bars: >= 2 x Datasette, >= 0.6 x bare for by-id and by-speaker")
    for name in REQUESTS:
        theirs = results.get(f"load.datasette.{name}")
        for label in ("w1", "w1_nocache"):
            ours = results.get(f"load.quotemap_{label}.{name}")
            if not isinstance(ours, dict):
                continue
            if isinstance(theirs, dict):
                ratio = round(ours["requests_per_s"] / theirs["requests_per_s"], 2)
                results[f"load.ratio_vs_datasette.{label}.{name}"] = ratio
                say(f"  {name:<18} {label:<11} / Datasette = {ratio:>6.2f}")
                if ours["requests_per_cpu_s"] and theirs["requests_per_cpu_s"]:
                    per_cpu = round(ours["requests_per_cpu_s"] / theirs["requests_per_cpu_s"], 2)
                    results[f"load.cpu_ratio_vs_datasette.{label}.{name}"] = per_cpu
                    say(f"  {name:<18} {label:<11} / Datasette per CPU-s = {per_cpu:>6.2f}")
            # The ceiling is the fastest the stack goes: async (no thread hop); sync for reference.
            for kind in ("async", "sync"):
                ceiling = results[f"load.bare_{kind}"]["requests_per_s"]
                ratio = round(ours["requests_per_s"] / ceiling, 2)
                results[f"load.ratio_vs_bare_{kind}.{label}.{name}"] = ratio
                say(f"  {name:<18} {label:<11} / bare {kind:<5} = {ratio:>6.2f}")
        one, two = (results.get(f"load.quotemap_{w}.{name}") for w in ("w1", "w2"))
        if isinstance(one, dict) and isinstance(two, dict):
            ratio = round(two["requests_per_s"] / one["requests_per_s"], 2)
            results[f"load.ratio_2_workers.{name}"] = ratio
            say(f"  {name:<18} 2 workers / 1 worker = {ratio:>6.2f}")
    record(results)


if __name__ == "__main__":
    main()
