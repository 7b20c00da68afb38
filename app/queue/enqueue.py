"""Put each readable article on the ingest queue as one job."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from redis import Redis
from rq import Queue, Retry
from rq.serializers import JSONSerializer

from app.ingest import too_long
from app.queue.jobs import ingest_article
from app.queue.payload import article_to_payload
from app.readers import ReadFailure, ReadItem

QUEUE_NAME = "quotemap-ingest"
# One article takes well under a minute even when very long; a hung job is killed after this.
JOB_TIMEOUT_SECONDS = 300
# A failed or abandoned job (its worker died) is re-run this many times before it is failed.
RETRIES = 3
RESULT_TTL_SECONDS = 24 * 3600


def ingest_queue(redis_url: str) -> Queue:
    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_url), serializer=JSONSerializer)


@dataclass
class EnqueueSummary:
    read: int = 0
    enqueued: int = 0
    failed: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    job_ids: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"read {self.read}, enqueued {self.enqueued}, failed {self.failed}"


def enqueue_items(items: Iterable[ReadItem | ReadFailure], queue: Queue) -> EnqueueSummary:
    summary = EnqueueSummary()
    for item in items:
        summary.read += 1
        refused = item if isinstance(item, ReadFailure) else too_long(item)
        if refused is not None:
            summary.failed += 1
            summary.failures.append(refused)
            continue
        assert isinstance(item, ReadItem)
        job = queue.enqueue(
            ingest_article,
            item.item,
            article_to_payload(item.article),
            job_timeout=JOB_TIMEOUT_SECONDS,
            retry=Retry(max=RETRIES),
            result_ttl=RESULT_TTL_SECONDS,
            failure_ttl=7 * RESULT_TTL_SECONDS,
            description=f"ingest {item.item}",
        )
        summary.enqueued += 1
        summary.job_ids.append(job.id)
    return summary
