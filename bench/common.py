"""Shared bench plumbing: paths, the results file, servers on loopback, peak RSS."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DATA = BENCH / "data"
CORPUS = BENCH / "corpus"
SEEDS = ROOT / "seeds"
GAZETTEER = ROOT / "data" / "gazetteer.sqlite"
HOST = "127.0.0.1"


def results_path() -> Path:
    return Path(os.environ.get("BENCH_JSON", BENCH / "results.json"))


def record(figures: Mapping[str, Any]) -> None:
    """Merge figures into the results file (one key per figure; later runs overwrite)."""
    path = results_path()
    current: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    current.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2, sort_keys=True, default=str) + "\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before listening")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {timeout} s")


UVICORN = str(ROOT / ".venv" / "bin" / "uvicorn")


def uvicorn_command(factory: str, port: int, *, workers: int = 1) -> list[str]:
    """A quiet uvicorn serving ``module:factory`` on loopback."""
    command = [UVICORN, factory, "--factory", "--host", HOST, "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    return [*command, "--no-access-log", "--log-level", "warning"]


@contextmanager
def serving(
    command: Sequence[str], port: int, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server until the block ends; its output goes to bench/data/logs."""
    logs = DATA / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = (logs / f"server-{port}.log").open("wb")
    process = subprocess.Popen(
        list(command),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    try:
        wait_for_port(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        for task in tasks:
            text = (task / "children").read_text().split()
            found.extend(int(c) for c in text)
    except OSError:
        pass
    return found


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (uvicorn workers, work horses)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        stack.extend(_children(current))
    return total


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live descendants: throughput per CPU
    second does not depend on how busy the rest of the machine is."""
    ticks, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        stack.extend(_children(current))
    return ticks / os.sysconf("SC_CLK_TCK")


class PeakRss:
    """Samples a process tree's RSS every 50 ms in a thread; `peak` is the maximum seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self._stop.wait(0.05)


def self_peak_rss_bytes() -> int:
    """This process's own high-water mark (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def mib(n: float) -> float:
    return round(n / 2**20, 1)


def python() -> str:
    return sys.executable


def say(line: str) -> None:
    print(line, flush=True)


def alternating(
    chunks: Sequence[tuple[Callable[[], Any], Callable[[], Any]]],
) -> tuple[dict[str, float], dict[str, float], list[Any]]:
    """Wall and CPU seconds of a bare and a full pass over the same chunks, which one goes first
    alternating from chunk to chunk, so that load from other processes and the machine's drift
    fall on both alike; also what the full passes returned."""
    seconds = {"bare": 0.0, "full": 0.0}
    cpu = {"bare": 0.0, "full": 0.0}
    results: list[Any] = []
    for number, (bare, full) in enumerate(chunks):
        passes = [("bare", bare), ("full", full)]
        if number % 2:
            passes.reverse()
        for name, work in passes:
            began, cpu_began = time.perf_counter(), time.process_time()
            result = work()
            seconds[name] += time.perf_counter() - began
            cpu[name] += time.process_time() - cpu_began
            if name == "full":
                results.append(result)
    return seconds, cpu, results
