"""Ingest throughput: the full ingest (extraction + writes) against bare spaCy ``nlp.pipe``
over the same texts, on one process and on two; peak RSS and whether it grows with the number
of articles streamed. The ratio to bare ``nlp.pipe`` is taken from the two passes alternating
over the same chunks in one process (separate runs moved it by ±0.04 from one run to the next).

    python -m bench.ingest [--copies 12]

The texts are the real articles in ``seeds/`` and ``bench/corpus/``, each copied with its own
title and a reporter line, so that every copy is a new article to store.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
from dataclasses import replace
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from bench.build_db import person
from bench.common import CORPUS, DATA, GAZETTEER, SEEDS, alternating, mib, record, say
from bench.common import self_peak_rss_bytes as peak_rss

# The paired measurement's chunk: the ingest's own batch size.
CHUNK = 16


def current_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def articles(copies: int) -> list[Any]:
    from app.readers import ReadItem, read_path

    base = [i for i in read_path([SEEDS, CORPUS]) if isinstance(i, ReadItem)]
    items = []
    for n in range(copies):
        for item in base:
            text = item.article
            copy = replace(
                text,
                title=f"{text.title} ({n})",
                url=None,
                paragraphs=(*text.paragraphs, f"Reporting by {person(n)}."),
            )
            items.append(ReadItem(f"{item.item}#{n}", copy))
    return items


def child(mode: str, items: list[Any], url: str, barrier: Barrier, out: Any) -> None:
    """Load everything first (untimed), wait for the others, then do the timed work."""
    from app.articles.service import body_of
    from app.config import Settings
    from app.db.session import build_engine, build_sessionmaker
    from app.ingest import ingest, make_extractor

    extractor = make_extractor(Settings().nlp_model, GAZETTEER)
    extractor.extract("Warm up the pipeline, said the engineer in Paris.")
    bodies = [body_of(i.article) for i in items]
    engine = build_engine(url)
    samples: list[int] = []
    barrier.wait()
    began = time.monotonic()
    cpu_began = _cpu()
    if mode == "paired":
        out.put(_paired(extractor, items, bodies, build_sessionmaker(engine)))
        engine.dispose()
        return
    if mode == "bare":
        for _doc in extractor.nlp.pipe(bodies, batch_size=16):
            pass
    else:
        ingest(
            items,
            build_sessionmaker(engine),
            lambda: extractor,
            on_progress=lambda _s: samples.append(current_rss()),
        )
    ended = time.monotonic()
    cpu = _cpu() - cpu_began
    engine.dispose()
    out.put(
        {"began": began, "ended": ended, "cpu": cpu, "peak_rss": peak_rss(), "samples": samples}
    )


def _paired(extractor: Any, items: list[Any], bodies: list[str], factory: Any) -> dict[str, Any]:
    """Bare ``nlp.pipe`` and the full ingest over the same chunks (``alternating``)."""
    from app.ingest import ingest

    chunks = [
        (
            lambda b=bodies[k : k + CHUNK]: [None for _ in extractor.nlp.pipe(b, batch_size=16)],
            lambda c=items[k : k + CHUNK]: ingest(c, factory, lambda: extractor),
        )
        for k in range(0, len(items), CHUNK)
    ]
    seconds, cpu, _results = alternating(chunks)
    return {"seconds": seconds, "cpu": cpu}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fresh_database(tag: str) -> str:
    from app.db.migrate import upgrade

    db = DATA / f"ingest-{tag}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    upgrade(url)
    return url


def paired(items: list[Any]) -> dict[str, Any]:
    """The ratio full ingest ÷ bare ``nlp.pipe`` from alternating chunks in one process."""
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    process = ctx.Process(
        target=child, args=("paired", items, fresh_database("paired"), ctx.Barrier(1), out)
    )
    process.start()
    report: dict[str, Any] = out.get(timeout=900)
    process.join()
    return report


def run(mode: str, items: list[Any], processes: int, tag: str) -> dict[str, Any]:
    url = fresh_database(tag)
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(processes)
    out = ctx.Queue()
    shares = [items[k::processes] for k in range(processes)]
    procs = [ctx.Process(target=child, args=(mode, s, url, barrier, out)) for s in shares]
    for p in procs:
        p.start()
    reports = [out.get(timeout=900) for _ in procs]
    for p in procs:
        p.join()
    seconds = max(r["ended"] for r in reports) - min(r["began"] for r in reports)
    words = sum(
        len(i.article.title.split()) + sum(len(p.split()) for p in i.article.paragraphs)
        for i in items
    )
    samples = reports[0]["samples"]
    cpu = sum(r["cpu"] for r in reports)
    return {
        "processes": processes,
        "articles": len(items),
        "words": words,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(items) / seconds, 2),
        "words_per_s": round(words / seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "words_per_cpu_s": round(words / cpu, 1),
        "peak_rss_mib": max(mib(r["peak_rss"]) for r in reports),
        "rss_first_batch_mib": mib(samples[0]) if samples else None,
        "rss_last_batch_mib": mib(samples[-1]) if samples else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("--copies", type=int, default=12, help="copies of each real article")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    items = articles(args.copies)
    say(f"Ingest: {len(items)} articles (real texts, copied), SQLite, batches of 16")
    pair = paired(items)
    bare = run("bare", items, 1, "bare")
    one = run("ingest", items, 1, "one")
    two = run("ingest", items, 2, "two")
    results: dict[str, Any] = {
        "ingest.bare_nlp_pipe": bare,
        "ingest.one_process": one,
        "ingest.two_processes": two,
    }
    for name, r in (
        ("bare nlp.pipe, 1 process", bare),
        ("full ingest, 1 process", one),
        ("full ingest, 2 processes", two),
    ):
        say(
            f"  {name:<26} {r['articles_per_s']:>7.2f} articles/s {r['words_per_s']:>9.1f} words/s"
            f"  {r['words_per_cpu_s']:>8.1f} words/CPU-s  peak RSS {r['peak_rss_mib']} MiB"
        )
    results["ingest.ratio_vs_bare"] = round(pair["seconds"]["bare"] / pair["seconds"]["full"], 2)
    results["ingest.ratio_vs_bare_separate_runs"] = round(
        one["words_per_s"] / bare["words_per_s"], 2
    )
    results["ingest.ratio_two_vs_one"] = round(two["words_per_s"] / one["words_per_s"], 2)
    say(
        f"  full ingest / bare nlp.pipe (1 process, alternating chunks of {CHUNK}) = "
        f"{results['ingest.ratio_vs_bare']:.2f}  (bar >= 0.8; "
        f"{results['ingest.ratio_vs_bare_separate_runs']:.2f} from the separate runs above)"
    )
    # The same comparisons per CPU-second: what the code costs, whatever else runs meanwhile.
    results["ingest.cpu_ratio_vs_bare"] = round(pair["cpu"]["bare"] / pair["cpu"]["full"], 2)
    results["ingest.cpu_ratio_two_vs_one"] = round(
        two["words_per_cpu_s"] / one["words_per_cpu_s"], 2
    )
    say(
        f"  per CPU-second: full ingest / bare = {results['ingest.cpu_ratio_vs_bare']:.2f}, "
        f"2 processes / 1 = {results['ingest.cpu_ratio_two_vs_one']:.2f} (1.0: no parallel cost)"
    )
    say(
        f"  full ingest 2 processes / 1 process     = {results['ingest.ratio_two_vs_one']:.2f}"
        "  (bar >= 1.6)"
    )
    say(
        f"  ingest RSS after the first batch {one['rss_first_batch_mib']} MiB, after the last "
        f"{one['rss_last_batch_mib']} MiB ({one['articles']} articles streamed)"
    )
    record(results)


if __name__ == "__main__":
    main()
