"""`make e2e`: serve the app, open /docs in headless Chromium, check the operations render.

Swagger UI builds the page with JavaScript from the app's own static files, so a rendered list
of operations proves the assets load with no outside host.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ["/articles", "/articles/{article_id}", "/quotes", "/speakers", "/places", "/healthz"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=15000",
    "--dump-dom",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("error: chromium is not installed: apt-get install -y chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/e2e.sqlite3"
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "app.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            dom = subprocess.run(
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"{base}/docs"],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            ).stdout
        finally:
            server.terminate()
            server.wait(timeout=10)
    rendered = set(re.findall(r'data-path="([^"]+)"', dom))
    missing = [path for path in EXPECTED if path not in rendered]
    if missing:
        print(f"FAIL: /docs did not render {missing}; rendered: {sorted(rendered)}")
        return 1
    print(f"ok: /docs rendered {len(rendered)} paths in headless Chromium: {sorted(rendered)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
