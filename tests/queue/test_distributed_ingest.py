"""Distributed ingest through the real Redis and two real worker processes: every article
lands exactly once, and a worker killed mid-article loses nothing (its job is retried)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Worker
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry
from sqlalchemy import create_engine, func, select

from app.models import Article, Quote
from app.queue.enqueue import ingest_queue
from tests.conftest import GAZETTEER, ROOT, SEEDS

BASE_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
BACKEND = ["postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]
SEED_PARAGRAPHS = [
    p for p in (SEEDS / "us-warns-russia-idlib.txt").read_text().split("\n\n")[2:] if p.strip()
]
pytestmark = pytest.mark.parametrize("database_url", BACKEND, indirect=True)


@pytest.fixture
def redis_url(worker_id: str) -> Iterator[str]:
    """A Redis database of its own for this test worker, emptied before and after."""
    number = 11 if worker_id == "master" else 12 + int(worker_id.removeprefix("gw"))
    url = f"{BASE_REDIS}/{number}"
    connection = Redis.from_url(url, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as error:
        pytest.skip(f"Redis is not reachable at {BASE_REDIS}: {error}")
    connection.flushdb()
    yield url
    connection.flushdb()
    connection.close()


@pytest.fixture
def start_worker(
    database_url: str, redis_url: str, tmp_path: Path
) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "app.worker", "--database-url", database_url),
                *("--redis-url", redis_url, "--gazetteer", str(GAZETTEER)),
                # quick abandonment, so the test need not wait RQ's default minute
                *("--heartbeat", "1", "--abandon-after", "2", "--maintenance-interval", "1"),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def write_articles(path: Path, count: int, *, repeat: int = 1, prefix: str = "a") -> Path:
    """Distinct articles (own title and URL) made of the seed's real paragraphs."""
    with path.open("w") as handle:
        for n in range(count):
            record = {
                "title": f"Idlib report {prefix}{n}",
                "url": f"https://example.test/{prefix}/{n}",
                "date": f"2020-02-{n % 27 + 1:02d}",
                "paragraphs": [f"Report {prefix}{n} from Idlib.", *SEED_PARAGRAPHS * repeat],
            }
            handle.write(json.dumps(record) + "\n")
    return path


def enqueue(redis_url: str, *paths: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "app.ingest", "--queue", "--redis-url", redis_url]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def workers_ready(queue: Queue, count: int) -> Callable[[], bool]:
    return lambda: len(Worker.all(queue=queue)) >= count


def stored_urls(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        urls = [str(u) for (u,) in conn.execute(select(Article.url).order_by(Article.url))]
    engine.dispose()
    return urls


def article_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(Article)) or 0
    engine.dispose()
    return count


def test_queue_two_workers_store_every_article_exactly_once(
    database_url: str,
    redis_url: str,
    start_worker: Callable[[], subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    articles = write_articles(tmp_path / "batch.jsonl", 6)
    queue = ingest_queue(redis_url)
    start_worker(), start_worker()
    wait_for(workers_ready(queue, 2), 60, "two workers")

    # The same file twice: the second copy of each article must change nothing.
    assert "read 6, enqueued 6, failed 0" in enqueue(redis_url, articles)
    assert "read 6, enqueued 6, failed 0" in enqueue(redis_url, articles)
    finished = FinishedJobRegistry(queue=queue)
    failed = FailedJobRegistry(queue=queue)
    wait_for(lambda: finished.count + failed.count >= 12, 90, "12 jobs to finish")

    assert failed.count == 0
    outcomes = sorted(
        str(Job.fetch(i, connection=queue.connection, serializer=queue.serializer).return_value())
        for i in finished.get_job_ids()
    )
    assert outcomes == ["added"] * 6 + ["unchanged"] * 6
    assert stored_urls(database_url) == [f"https://example.test/a/{n}" for n in range(6)]
    workers = {w.pid for w in Worker.all(queue=queue)}
    assert len(workers) == 2


def test_queue_worker_killed_mid_article_loses_nothing(
    database_url: str,
    redis_url: str,
    start_worker: Callable[[], subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    # Long enough that extraction takes a while: the kill lands mid-article.
    long_article = write_articles(tmp_path / "long.jsonl", 1, repeat=8, prefix="long")
    queue = ingest_queue(redis_url)
    processes = {p.pid: p for p in (start_worker(), start_worker())}
    wait_for(workers_ready(queue, 2), 60, "two workers")

    enqueue(redis_url, long_article)
    started = StartedJobRegistry(queue=queue)
    wait_for(lambda: started.count == 1, 30, "the job to start")
    busy = [w for w in Worker.all(queue=queue) if w.get_state() == "busy"]
    assert len(busy) == 1
    assert busy[0].pid in processes
    victim = processes[busy[0].pid]
    job_id = started.get_job_ids()[0]
    time.sleep(0.3)
    horses = Path(f"/proc/{victim.pid}/task/{victim.pid}/children").read_text().split()
    assert horses, "the worker has not forked its work horse"
    # The whole worker dies at once, as with a lost machine: the parent, then its work horse.
    victim.send_signal(signal.SIGKILL)
    for horse in horses:
        os.kill(int(horse), signal.SIGKILL)
    victim.wait(timeout=10)
    assert article_count(database_url) == 0, "the kill came too late to be mid-article"

    job = Job.fetch(job_id, connection=queue.connection, serializer=queue.serializer)
    wait_for(
        lambda: job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED),
        60,
        "the abandoned job to be retried by the surviving worker",
    )
    assert job.get_status() == JobStatus.FINISHED
    assert job.return_value() == "added"
    assert stored_urls(database_url) == ["https://example.test/long/0"]


def test_queue_too_long_article_is_refused_by_name_and_not_enqueued(
    redis_url: str, database_url: str, tmp_path: Path
) -> None:
    too_long = tmp_path / "endless.json"
    too_long.write_text(json.dumps({"title": "Endless", "body": "word " * 320_000}))
    fine = write_articles(tmp_path / "fine.jsonl", 1)
    result = subprocess.run(
        [sys.executable, "-m", "app.ingest", "--queue", "--redis-url", redis_url, too_long, fine],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"failed: {too_long}: the article is too long (1599999 characters" in result.stderr
    assert ingest_queue(redis_url).count == 1  # the good one only


def speakers_by_url(url: str) -> dict[str, int | None]:
    """Each article's first quote's speaker id, by article URL."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Article.url, Quote.speaker_id)
            .join(Quote, Quote.article_id == Article.id)
            .order_by(Quote.id)
        ).all()
    engine.dispose()
    out: dict[str, int | None] = {}
    for article_url, speaker_id in rows:
        out.setdefault(str(article_url), speaker_id)
    return out


def test_queue_two_workers_resolve_speakers_as_one_ingest_would(
    database_url: str,
    redis_url: str,
    start_worker: Callable[[], subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    # Several articles per person under different name forms, taken by two workers at once:
    # each name form must end with the person it names, whatever the interleaving.
    people = [
        "Donald J. Trump",
        "Donald Trump",
        "Eric Trump",
        "Hillary Clinton",
        "Hillary Rodham Clinton",
        "Bill Clinton",
    ]
    path = tmp_path / "people.jsonl"
    with path.open("w") as handle:
        for n in range(12):
            name = people[n % len(people)]
            record = {
                "title": f"Campaign day {n}",
                "url": f"https://example.test/people/{n}",
                "body": f'"We will win on day {n}," said {name}, speaking in Ohio.',
            }
            handle.write(json.dumps(record) + "\n")
    queue = ingest_queue(redis_url)
    start_worker(), start_worker()
    wait_for(workers_ready(queue, 2), 60, "two workers")
    assert "read 12, enqueued 12, failed 0" in enqueue(redis_url, path)
    finished = FinishedJobRegistry(queue=queue)
    failed = FailedJobRegistry(queue=queue)
    wait_for(lambda: finished.count + failed.count >= 12, 120, "12 jobs to finish")
    assert failed.count == 0

    by_url = speakers_by_url(database_url)
    groups: dict[int | None, set[str]] = {}
    for n in range(12):
        groups.setdefault(by_url[f"https://example.test/people/{n}"], set()).add(
            people[n % len(people)]
        )
    assert None not in groups
    assert sorted(sorted(g) for g in groups.values()) == [
        ["Bill Clinton"],
        ["Donald J. Trump", "Donald Trump"],
        ["Eric Trump"],
        ["Hillary Clinton", "Hillary Rodham Clinton"],
    ]
