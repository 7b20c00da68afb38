"""Ingest: the one place where extraction meets persistence, and its command line.

    python -m app.ingest PATH|URL [PATH|URL ...] [--urls FILE]
    python -m app.ingest --queue PATH [PATH ...]   (workers: python -m app.worker)

PATHs are files or directories: plain-text dumps, JSON, JSONL, HTML, and web archives
(.warc, .warc.gz, .arc, .arc.gz). URLs, given as arguments or listed one a line in FILE,
are fetched politely (see app/readers/web.py).

Articles are read, checked against what is stored (content hash and URL) and extracted in
batches; a batch is written in one transaction, and when that fails its articles are written
again one transaction each, so a failure loses only the article that caused it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.articles.service import add_article, body_of, find_article, stored_identities
from app.config import Settings
from app.db.revision import bump_revision
from app.db.session import build_engine, build_sessionmaker, transaction
from app.extract.metadata import ArticleText
from app.extract.pipeline import Extractor
from app.extract.text import content_hash
from app.extract.types import Extraction, PlaceMention, QuoteMention
from app.places.service import add_mentions
from app.quotes.service import add_quotes
from app.readers import ReadFailure, ReadItem, read_path
from app.readers.language import ENGLISH, identify_language, language_name, load_identifier
from app.readers.web import is_url, read_url_list, read_urls

BATCH_SIZE = 16
# Longer texts need gigabytes in the parser (about 3 GB at one million characters).
MAX_ARTICLE_CHARS = 1_500_000
STORE_ATTEMPTS = 5


NOTHING_EXTRACTED = Extraction(quotes=(), places=())


def identity_of(text: ArticleText) -> str:
    return content_hash(text.title, body_of(text))


def with_language(text: ArticleText) -> ArticleText:
    """The article with its language identified from its text, if its reader did not."""
    if text.language is not None:
        return text
    return replace(text, language=identify_language(body_of(text)))


def skip_reason(text: ArticleText) -> str | None:
    """Why quotes and places are not extracted from this article (None: they are). The
    model reads English: another language would give garbage, so it is not attempted."""
    if text.language is None or text.language == ENGLISH:
        return None
    return (
        f"the article is in {language_name(text.language)} ({text.language}); quotes and "
        "places are extracted from English text only"
    )


def extract_article(extractor: Extractor, text: ArticleText) -> Extraction:
    """One article's extraction, or nothing when ``skip_reason`` says so."""
    if skip_reason(text) is not None:
        return NOTHING_EXTRACTED
    return extractor.extract(body_of(text))


def store_article(session: Session, text: ArticleText, extraction: Extraction) -> int:
    """Write one extracted article with its quotes and place mentions (no commit); its id.

    An article not in English is stored without them, whatever its caller extracted: callers
    that extract before asking (the queue's worker) cannot store an English model's guesses."""
    (article_id,) = _write_articles(session, [(text, extraction)])
    bump_revision(session)
    return article_id


def _write_articles(
    session: Session, extracted: Sequence[tuple[ArticleText, Extraction]]
) -> list[int]:
    """``store_article`` for several articles at once, without counting the write in the
    data revision (a batch counts its writes once, last, as the count holds its row's lock
    until the commit). Their quotes and places are written together: one identity
    resolution and one place lookup for the batch."""
    quotes: list[tuple[int, Sequence[QuoteMention]]] = []
    places: list[tuple[int, Sequence[PlaceMention]]] = []
    for text, extraction in extracted:
        text = with_language(text)
        if skip_reason(text) is not None:
            extraction = NOTHING_EXTRACTED
        article_id = add_article(
            session,
            text=text,
            content_hash=identity_of(text),
            skipped_because=skip_reason(text),
            quote_count=len(extraction.quotes),
            place_count=len(extraction.places),
        )
        quotes.append((article_id, extraction.quotes))
        places.append((article_id, extraction.places))
    add_quotes(session, quotes)
    add_mentions(session, places)
    session.flush()
    return [article_id for article_id, _quotes in quotes]


@dataclass
class Summary:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    # added, but not in English: stored without quotes and places
    not_english: int = 0
    failures: list[ReadFailure] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"read {self.read}, added {self.added}, unchanged {self.unchanged}, "
            f"failed {self.failed}, not in English {self.not_english}"
        )


def ingest(
    items: Iterable[ReadItem | ReadFailure],
    factory: sessionmaker[Session],
    extractor: Callable[[], Extractor],
    *,
    on_progress: Callable[[Summary], None] = lambda _s: None,
    batch_size: int = BATCH_SIZE,
) -> Summary:
    """Store every readable, new article; report the rest. The extractor is built lazily, so
    a re-run over stored articles never loads the language model."""
    summary = Summary()
    loaded: list[Extractor] = []
    for batch in _new_articles(items, factory, summary, batch_size):
        if not loaded:
            loaded.append(extractor())
        _store_batch(factory, list(_extract(loaded[0], batch, summary)), summary)
        on_progress(summary)
    on_progress(summary)
    return summary


def _extract(
    extractor: Extractor, batch: list[ReadItem], summary: Summary
) -> Iterator[tuple[ReadItem, Extraction]]:
    """The batch's extractions; if the batch fails, one by one, so only the culprit fails.
    Articles not in English are passed through with nothing extracted."""
    for item in batch:
        if skip_reason(item.article) is not None:
            yield item, NOTHING_EXTRACTED
    batch = [item for item in batch if skip_reason(item.article) is None]
    if not batch:
        return
    try:
        extractions = list(extractor.extract_many([body_of(item.article) for item in batch]))
    except Exception:
        for item in batch:
            try:
                extraction = extractor.extract(body_of(item.article))
            except Exception as error:
                summary.failed += 1
                summary.failures.append(ReadFailure(item.item, f"extraction failed: {error}"))
                continue
            yield item, extraction
        return
    yield from zip(batch, extractions, strict=True)


def _new_articles(
    items: Iterable[ReadItem | ReadFailure],
    factory: sessionmaker[Session],
    summary: Summary,
    batch_size: int,
) -> Iterator[list[ReadItem]]:
    batch: list[ReadItem] = []
    for item in items:
        summary.read += 1
        if isinstance(item, ReadFailure):
            summary.failed += 1
            summary.failures.append(item)
            continue
        if (refused := too_long(item)) is not None:
            summary.failed += 1
            summary.failures.append(refused)
            continue
        batch.append(ReadItem(item.item, with_language(item.article)))
        if len(batch) >= batch_size:
            if new := _not_stored(factory, batch, summary):
                yield new
            batch = []
    if batch and (new := _not_stored(factory, batch, summary)):
        yield new


def _not_stored(
    factory: sessionmaker[Session], batch: list[ReadItem], summary: Summary
) -> list[ReadItem]:
    """The batch without the articles stored already or repeated earlier in the batch (by URL
    or content), which are counted unchanged."""
    hashes = [identity_of(item.article) for item in batch]
    with factory() as session:
        urls, digests = stored_identities(
            session,
            urls=[item.article.url for item in batch if item.article.url is not None],
            content_hashes=hashes,
        )
    new: list[ReadItem] = []
    for item, digest in zip(batch, hashes, strict=True):
        url = item.article.url
        if digest in digests or (url is not None and url in urls):
            summary.unchanged += 1
            continue
        digests.add(digest)
        if url is not None:
            urls.add(url)
        new.append(item)
    return new


def _store_batch(
    factory: sessionmaker[Session],
    extracted: list[tuple[ReadItem, Extraction]],
    summary: Summary,
) -> None:
    """The batch in one transaction (a commit per article cost a quarter of the writing time);
    if any of it fails, one transaction per article, so that only the culprit is lost."""
    if len(extracted) > 1 and _stored_together(factory, extracted):
        for item, _extraction in extracted:
            _count_added(summary, item.article)
        return
    for item, extraction in extracted:
        _store_one(factory, item, extraction, summary)


def _stored_together(
    factory: sessionmaker[Session], extracted: list[tuple[ReadItem, Extraction]]
) -> bool:
    try:
        with transaction(factory) as session:
            _write_articles(session, [(item.article, extraction) for item, extraction in extracted])
            bump_revision(session)
    except Exception:
        return False  # whatever it was, the one-by-one pass meets it again and names it
    return True


def _count_added(summary: Summary, text: ArticleText) -> None:
    summary.added += 1
    summary.not_english += skip_reason(text) is not None


def _store_one(
    factory: sessionmaker[Session], item: ReadItem, extraction: Extraction, summary: Summary
) -> None:
    reason = ""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            with transaction(factory) as session:
                store_article(session, item.article, extraction)
        except IntegrityError as error:
            if _is_stored(factory, item.article):
                # Stored meanwhile by another ingest (same URL or content): nothing to add.
                summary.unchanged += 1
                return
            # Another ingest added one of its speakers or places first: try again.
            reason = f"database conflict: {error.orig}"
        except OperationalError as error:
            # "database is locked" when another writer won the race for SQLite's one lock.
            reason = f"database error: {error.orig}"
        else:
            _count_added(summary, item.article)
            return
        time.sleep(random.uniform(0.05, 0.2) * attempt)
    summary.failed += 1
    summary.failures.append(ReadFailure(item.item, reason))


def _is_stored(factory: sessionmaker[Session], text: ArticleText) -> bool:
    with factory() as session:
        return find_article(session, content_hash=identity_of(text), url=text.url) is not None


def _progress_printer(stream: TextIO, every_seconds: float = 2.0) -> Callable[[Summary], None]:
    last = [time.monotonic()]

    def report(summary: Summary) -> None:
        now = time.monotonic()
        if now - last[0] >= every_seconds:
            last[0] = now
            print(f"… {summary.line()}", file=stream, flush=True)

    return report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.ingest",
        description="Read articles (plain-text dumps, JSON, JSONL, HTML, WARC/ARC web archives; "
        "files or directories; or web pages by URL), extract quotes, speakers and places, and "
        "store them.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH|URL",
        help="files or directories to ingest, or http(s) URLs of pages to fetch",
    )
    parser.add_argument(
        "--urls", type=Path, metavar="FILE", help="a file of URLs to fetch, one a line"
    )
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    parser.add_argument("--gazetteer", type=Path, help="overrides GAZETTEER_PATH")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="articles per nlp batch")
    parser.add_argument(
        "--queue",
        action="store_true",
        help="enqueue each article for `python -m app.worker` instead of extracting here",
    )
    parser.add_argument("--redis-url", help="overrides REDIS_URL (with --queue)")
    return parser


def _inputs(args: argparse.Namespace) -> Iterator[ReadItem | ReadFailure]:
    """Files and directories first, then the URLs (arguments, then the list file)."""
    paths = [Path(p) for p in args.paths if not is_url(p)]
    urls = [p for p in args.paths if is_url(p)]
    yield from read_path(paths)
    if args.urls is not None:
        try:
            with args.urls.open(encoding="utf-8") as handle:
                urls.extend(read_url_list(handle))
        except (OSError, UnicodeDecodeError) as error:
            yield ReadFailure(str(args.urls), f"cannot read the URL list: {error}")
    if urls:
        yield from read_urls(urls)


def _enqueue(args: argparse.Namespace, redis_url: str) -> int:
    from app.queue.enqueue import enqueue_items, ingest_queue

    summary = enqueue_items(_inputs(args), ingest_queue(redis_url))
    for failure in summary.failures:
        print(f"failed: {failure.item}: {failure.reason}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.paths and args.urls is None:
        parser.error("give at least one PATH or URL, or --urls FILE")
    settings = Settings()
    if args.queue:
        return _enqueue(args, args.redis_url or settings.redis_url)
    url = args.database_url or settings.database_url
    gazetteer_path: Path = args.gazetteer or settings.gazetteer_path
    engine = build_engine(url)
    try:
        if not inspect(engine).has_table("article"):
            print(
                "error: the database has no schema yet: run `alembic upgrade head` first",
                file=sys.stderr,
            )
            return 2
        factory = build_sessionmaker(engine)

        def build_extractor() -> Extractor:
            return make_extractor(settings.nlp_model, gazetteer_path)

        summary = ingest(
            _inputs(args),
            factory,
            build_extractor,
            on_progress=_progress_printer(sys.stderr),
            batch_size=max(1, args.batch_size),
        )
    except GazetteerMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    for failure in summary.failures:
        print(f"failed: {failure.item}: {failure.reason}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed else 0


class GazetteerMissing(RuntimeError):
    pass


def too_long(item: ReadItem) -> ReadFailure | None:
    """Articles past MAX_ARTICLE_CHARS are turned away by name, before any parsing."""
    size = len(body_of(item.article))
    if size <= MAX_ARTICLE_CHARS:
        return None
    return ReadFailure(
        item.item,
        f"the article is too long ({size} characters; the limit is {MAX_ARTICLE_CHARS})",
    )


def make_extractor(model: str, gazetteer_path: Path) -> Extractor:
    """Load the spaCy pipeline and open the gazetteer (both once per process)."""
    from app.extract.gazetteer import Gazetteer
    from app.extract.pipeline import load_nlp

    if not gazetteer_path.exists():
        raise GazetteerMissing(
            f"no gazetteer at {gazetteer_path}: "
            "build it with `python -m app.places.gazetteer_build`"
        )
    nlp = load_nlp(model)
    load_identifier()
    # spaCy refuses texts over nlp.max_length (1,000,000 characters) by default; longer
    # articles are turned away by name (too_long) before they reach it.
    nlp.max_length = max(nlp.max_length, MAX_ARTICLE_CHARS + 1)
    return Extractor(nlp, Gazetteer.open(gazetteer_path))


if __name__ == "__main__":
    sys.exit(main())
