"""Ingest worker: runs the jobs that ``python -m app.ingest --queue`` enqueued.

    python -m app.worker [--burst] [--database-url URL] [--redis-url URL]

Start any number, on any machines, all pointing at the same Redis and PostgreSQL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import inspect

from app.config import Settings
from app.db.session import build_engine, build_sessionmaker
from app.ingest import GazetteerMissing, make_extractor
from app.queue.enqueue import ingest_queue
from app.queue.jobs import WorkerContext, install_context
from app.queue.worker import IngestWorker


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.worker", description="Extract and store queued articles."
    )
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    parser.add_argument("--redis-url", help="overrides REDIS_URL")
    parser.add_argument("--gazetteer", type=Path, help="overrides GAZETTEER_PATH")
    parser.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    parser.add_argument(
        "--heartbeat", type=int, default=10, help="seconds between heartbeats of a running job"
    )
    parser.add_argument(
        "--abandon-after",
        type=int,
        default=30,
        help="seconds past a missed heartbeat before a job counts as abandoned and is retried",
    )
    parser.add_argument(
        "--maintenance-interval",
        type=int,
        default=30,
        help="seconds between this worker's sweeps for abandoned jobs",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    engine = build_engine(args.database_url or settings.database_url)
    if not inspect(engine).has_table("article"):
        print(
            "error: the database has no schema yet: run `alembic upgrade head` first",
            file=sys.stderr,
        )
        return 2
    # Nothing connects before the fork: each work horse opens its own connections.
    engine.dispose()
    try:
        extractor = make_extractor(settings.nlp_model, args.gazetteer or settings.gazetteer_path)
    except GazetteerMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    install_context(WorkerContext(extractor=extractor, factory=build_sessionmaker(engine)))
    queue = ingest_queue(args.redis_url or settings.redis_url)
    worker = IngestWorker(
        [queue],
        connection=queue.connection,
        serializer=queue.serializer,
        job_monitoring_interval=args.heartbeat,
        maintenance_interval=args.maintenance_interval,
        # the worker's own key expires this long after its last sign of life
        worker_ttl=max(20, args.heartbeat + args.abandon_after),
    )
    worker.abandon_after = args.abandon_after
    worker.work(burst=args.burst, logging_level="WARNING")
    return 0


if __name__ == "__main__":
    sys.exit(main())
