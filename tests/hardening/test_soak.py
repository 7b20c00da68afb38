"""Load against a real uvicorn on 127.0.0.1 (``make stress``): a bounded soak at the measured
sustainable rate with zero errors and flat memory, and an overload that is shed with 503."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from app.extract.pipeline import Extractor
from tests.conftest import GAZETTEER, ROOT, SEEDS, ingest_paths
from tests.factories import article_record, write_jsonl

pytestmark = pytest.mark.slow

SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
KEY = "soak-key-never-logged-42"
READS = [
    "/articles",
    "/articles?limit=100",
    "/articles/1",
    "/articles/1/quotes",
    "/quotes",
    "/quotes?q=budget",
    "/speakers",
    "/places",
    "/healthz",
]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def rss_kb(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> str:
    from app.db.migrate import upgrade

    folder = tmp_path_factory.mktemp("soak")
    url = f"sqlite:///{folder / 'soak.sqlite3'}"
    upgrade(url)
    more = write_jsonl(folder / "more.jsonl", [article_record(n) for n in range(60)])
    ingest_paths(url, extractor, SEEDS, more)
    return url


def serve(database: str, tmp_path: Path, **settings: str) -> Iterator[Server]:
    port = free_port()
    log = tmp_path / f"uvicorn-{port}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "GAZETTEER_PATH": str(GAZETTEER),
        "API_KEYS": f'["{KEY}"]',
        **{name.upper(): value for name, value in settings.items()},
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"),
                *("--host", "127.0.0.1", "--port", str(port), "--log-level", "info"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(database: str, tmp_path: Path) -> Iterator[Server]:
    yield from serve(database, tmp_path)


@pytest.fixture
def small_server(database: str, tmp_path: Path) -> Iterator[Server]:
    yield from serve(database, tmp_path, max_concurrent_requests="4")


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int | None, seconds: float, error: str = "") -> None:
        with self.lock:
            if status is None:
                self.errors.append(error)
            else:
                self.statuses[status] += 1
                self.latencies.append(seconds)


def load(base: str, seconds: float, workers: int, per_worker_rate: float | None) -> Tally:
    """``workers`` threads cycling through READS for ``seconds``; paced when a rate is given."""
    tally = Tally()
    stop_at = time.monotonic() + seconds

    def work(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            n = offset
            next_at = time.monotonic()
            while time.monotonic() < stop_at:
                path = READS[n % len(READS)]
                n += 1
                start = time.monotonic()
                try:
                    response = client.get(path)
                    tally.add(response.status_code, time.monotonic() - start)
                except httpx.HTTPError as error:
                    tally.add(None, 0.0, f"{path}: {error!r}")
                if per_worker_rate:
                    next_at += 1 / per_worker_rate
                    time.sleep(max(0.0, next_at - time.monotonic()))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def test_soak_at_the_sustainable_rate_has_no_errors_and_flat_memory(server: Server) -> None:
    probe = load(server.url, 5, workers=4, per_worker_rate=None)
    assert not probe.errors, probe.errors[:5]
    capacity = sum(probe.statuses.values()) / 5
    rate = 0.7 * capacity
    workers = 4
    samples: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(1.0):
            samples.append(server.rss_kb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        tally = load(server.url, SOAK_SECONDS, workers=workers, per_worker_rate=rate / workers)
    finally:
        done.set()
        sampler.join()
    total = sum(tally.statuses.values())
    print(
        f"soak: capacity {capacity:.0f} req/s, ran {total / SOAK_SECONDS:.0f} req/s for "
        f"{SOAK_SECONDS:.0f}s, statuses {dict(tally.statuses)}, "
        f"p99 {statistics.quantiles(tally.latencies, n=100)[98] * 1000:.0f} ms, "
        f"rss {samples[0] // 1024}→{samples[-1] // 1024} MB"
    )
    assert not tally.errors, tally.errors[:5]
    assert set(tally.statuses) == {200}, tally.statuses
    assert total >= 0.5 * rate * SOAK_SECONDS
    third = max(1, len(samples) // 3)
    early, late = statistics.mean(samples[:third]), statistics.mean(samples[-third:])
    assert late <= early * 1.15 + 10 * 1024, f"memory grew from {early:.0f} kB to {late:.0f} kB"
    assert KEY not in server.log.read_text()


def test_overload_is_shed_with_503_and_the_server_stays_up(small_server: Server) -> None:
    tally = load(small_server.url, 10, workers=48, per_worker_rate=None)
    print(f"overload: statuses {dict(tally.statuses)}, errors {len(tally.errors)}")
    assert not tally.errors, tally.errors[:5]
    assert tally.statuses[503] > 0, tally.statuses
    assert set(tally.statuses) <= {200, 503}, tally.statuses
    shed = httpx.get(small_server.url + "/healthz", timeout=10)
    assert shed.status_code == 200
    writes = [
        httpx.post(f"{small_server.url}/articles", json={"title": "x"}, headers=headers)
        for headers in ({"Authorization": f"Bearer {KEY}"}, {"Authorization": "Bearer nope"})
    ]
    assert [w.status_code for w in writes] == [422, 403]
    assert KEY not in small_server.log.read_text()
