"""`st run`, the schemathesis CLI, against a live server as any client would run it: every
check (`--checks all`), the stateful phase, a fixed seed, once with an API key (so writes
run) and once without. The rules a JSON Schema cannot state are in schemathesis.toml.

The short run is part of `make test`; `make stress` runs the long one, on PostgreSQL too
when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.extract.pipeline import Extractor
from tests.conftest import GAZETTEER, ROOT, SEEDS, ingest_paths

SEED = 20261127
KEY = "schemathesis-key"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(url: str, log: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GAZETTEER_PATH": str(GAZETTEER),
        "API_KEYS": f'["{KEY}"]',
    }
    command = [str(BIN / "uvicorn"), "app.main:create_app", "--factory", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


def schemathesis(base: str, *, examples: int, keyed: bool) -> subprocess.CompletedProcess[str]:
    headers = ["-H", f"Authorization: Bearer {KEY}"] if keyed else []
    return subprocess.run(
        [
            str(BIN / "st"),
            "run",
            f"{base}/openapi.json",
            "--checks",
            "all",
            "--seed",
            str(SEED),
            "--max-examples",
            str(examples),
            "--workers",
            "1",
            "--no-color",
            *headers,
        ],
        cwd=ROOT,  # schemathesis.toml
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def check(url: str, extractor: Extractor, tmp_path: Path, *, examples: int) -> None:
    ingest_paths(url, extractor, SEEDS)
    with live_server(url, tmp_path / "server.log") as base:
        for keyed in (True, False):
            result = schemathesis(base, examples=examples, keyed=keyed)
            assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
            assert "Stateful" in result.stdout


def test_schemathesis_short_run_finds_no_failure(
    sqlite_url: str, extractor: Extractor, tmp_path: Path
) -> None:
    check(sqlite_url, extractor, tmp_path, examples=5)


@pytest.mark.slow
def test_schemathesis_long_run_finds_no_failure(
    database_url: str, extractor: Extractor, tmp_path: Path
) -> None:
    check(database_url, extractor, tmp_path, examples=100)
