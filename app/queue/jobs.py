"""The job a worker runs: extract one article and store it, idempotently.

A job may run more than once (a retry after a worker died, a file enqueued twice): the
article's content hash and URL are unique, so a second run finds it stored and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.articles.service import body_of, find_article
from app.db.session import transaction
from app.extract.metadata import ArticleText
from app.extract.pipeline import Extractor
from app.ingest import identity_of, store_article
from app.queue.payload import article_from_payload

Outcome = Literal["added", "unchanged"]


@dataclass(frozen=True, slots=True)
class WorkerContext:
    extractor: Extractor
    factory: sessionmaker[Session]


# Set once per worker process before it starts working (see app.queue.worker): RQ forks a
# work horse per job, which inherits the loaded model instead of loading it again.
_context: list[WorkerContext] = []


def install_context(context: WorkerContext) -> None:
    _context[:] = [context]


def ingest_article(item: str, payload: dict[str, Any]) -> Outcome:
    """RQ job: store one article (with its quotes and places) in one transaction."""
    if not _context:
        raise RuntimeError("no worker context: run jobs with `python -m app.worker`")
    context = _context[0]
    article = article_from_payload(payload)
    if _stored(context.factory, article):
        return "unchanged"
    extraction = context.extractor.extract(body_of(article))
    try:
        with transaction(context.factory) as session:
            store_article(session, article, extraction)
    except IntegrityError:
        # Either another worker stored this article meanwhile (done), or it raced us on a
        # shared row such as a new speaker: then the job fails and RQ retries it.
        if _stored(context.factory, article):
            return "unchanged"
        raise
    return "added"


def _stored(factory: sessionmaker[Session], article: ArticleText) -> bool:
    with factory() as session:
        found = find_article(session, content_hash=identity_of(article), url=article.url)
    return found is not None
