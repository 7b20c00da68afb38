"""wrk (Debian's package) driven by a Lua script that cycles through a list of paths and
prints its summary as JSON, so nothing depends on wrk's human-readable output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from bench.common import DATA, say

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "status_errors": %%d, ' ..
    '"socket_errors": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def ensure_wrk() -> str | None:
    """The wrk binary, installed from Debian's packages when we may; None (and how) if not."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing wrk: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
        found = shutil.which("wrk")
    if not found:
        say("wrk is missing: install it with `sudo apt-get install -y wrk` (Debian/Ubuntu)")
    return found


def run_wrk(
    wrk: str, base_url: str, paths: list[str], *, seconds: int, connections: int = 16
) -> dict[str, Any]:
    script = DATA / "wrk" / f"paths-{abs(hash(tuple(paths)))}.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    result = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base_url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRKJSON "))
    raw = json.loads(line.removeprefix("WRKJSON "))
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests_per_s": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": raw["status_errors"] + raw["socket_errors"],
    }
