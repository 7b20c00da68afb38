"""HTML ingest throughput: reading web pages (trafilatura, language identification),
extraction and writes, against bare spaCy ``nlp.pipe`` over the very bodies the reader keeps,
in the same run.

    python -m bench.ingest_html [--copies 8]

The pages are the real articles of ``seeds/`` and ``bench/corpus/`` set in a news site's page
(navigation, teasers, byline, figure, footer), each copy with its own title and URL. The two
passes alternate chunk by chunk so that load from other processes falls on both alike.
"""

from __future__ import annotations

import argparse
import html
import shutil
from pathlib import Path

from bench.common import CORPUS, DATA, GAZETTEER, SEEDS, alternating, record, say

CHUNK = 8


def page(title: str, paragraphs: tuple[str, ...], n: int) -> str:
    e = html.escape
    body = "".join(f"<p>{e(p, quote=False)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | Bench News</title><meta property="og:site_name" content="Bench News">
<meta name="author" content="Reporter {n}">
<meta property="article:published_time" content="2021-05-04T08:00:00Z">
<link rel="canonical" href="https://bench.example.org/news/{n}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{e(title)}</h1><p class="byline">By Reporter {n}</p>
<figure><img src="/p.jpg" alt=""><figcaption>A photograph for article {n}</figcaption></figure>
{body}</article><aside><h2>Most read</h2><ul><li><a href="/a">Markets fall</a></li>
<li><a href="/b">Storms in the north</a></li></ul></aside></main>
<footer><p>© 2021 Bench News. All rights reserved.</p></footer></body></html>"""


def write_pages(folder: Path, copies: int) -> list[Path]:
    from app.readers import ReadItem, read_path

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    base = [i.article for i in read_path([SEEDS, CORPUS]) if isinstance(i, ReadItem)]
    paths = []
    for copy in range(copies):
        for k, article in enumerate(base):
            n = copy * len(base) + k
            path = folder / f"{n:05d}.html"
            text = page(f"{article.title} ({copy})", article.paragraphs, n)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_html")
    parser.add_argument("--copies", type=int, default=12, help="copies of each real article")
    args = parser.parse_args()

    from app.articles.service import body_of
    from app.config import Settings
    from app.db.migrate import upgrade
    from app.db.session import build_engine, build_sessionmaker
    from app.ingest import ingest, make_extractor
    from app.readers import ReadItem, read_path

    DATA.mkdir(parents=True, exist_ok=True)
    paths = write_pages(DATA / "html-pages", args.copies)
    db = DATA / "ingest-html.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    upgrade(url)
    engine = build_engine(url)
    factory = build_sessionmaker(engine)
    extractor = make_extractor(Settings().nlp_model, GAZETTEER)
    # Untimed: the bodies the reader keeps (the bare pass parses exactly these), and warm-up of
    # the pipeline, trafilatura and the language identifier.
    bodies = [body_of(i.article) for i in read_path(paths) if isinstance(i, ReadItem)]
    if len(bodies) != len(paths):
        raise SystemExit(f"only {len(bodies)} of {len(paths)} pages were read")
    list(extractor.nlp.pipe(bodies[:CHUNK]))
    chunks = [
        (
            lambda b=bodies[k : k + CHUNK]: [None for _ in extractor.nlp.pipe(b, batch_size=16)],
            lambda p=paths[k : k + CHUNK]: ingest(read_path(p), factory, lambda: extractor),
        )
        for k in range(0, len(paths), CHUNK)
    ]
    seconds, cpu, summaries = alternating(chunks)
    bare, full, bare_cpu, full_cpu = seconds["bare"], seconds["full"], cpu["bare"], cpu["full"]
    added = sum(summary.added for summary in summaries)
    engine.dispose()
    if added != len(paths):
        raise SystemExit(f"only {added} of {len(paths)} pages were stored")
    words = sum(len(b.split()) for b in bodies)
    ratio = bare / full
    results = {
        "ingest_html.pages": len(paths),
        "ingest_html.words": words,
        "ingest_html.bare_seconds": round(bare, 2),
        "ingest_html.full_seconds": round(full, 2),
        "ingest_html.bare_pages_per_s": round(len(paths) / bare, 2),
        "ingest_html.full_pages_per_s": round(len(paths) / full, 2),
        "ingest_html.ratio_vs_bare": round(ratio, 2),
        # The same from this process's CPU time: what the code costs, whatever else runs.
        "ingest_html.cpu_ratio_vs_bare": round(bare_cpu / full_cpu, 2),
    }
    say(f"HTML ingest: {len(paths)} pages ({words} words of body), SQLite, chunks of {CHUNK}")
    say(f"  bare nlp.pipe on the bodies   {len(paths) / bare:7.2f} pages/s")
    say(f"  read + extract + store        {len(paths) / full:7.2f} pages/s")
    say(f"  HTML ingest / bare nlp.pipe = {ratio:.2f}  (bar >= 0.8)")
    say(f"  per CPU-second: HTML ingest / bare = {bare_cpu / full_cpu:.2f}")
    record(results)


if __name__ == "__main__":
    main()
