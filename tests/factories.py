"""Small article factories for tests: files in the formats the readers accept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def article_record(n: int, **overrides: Any) -> dict[str, Any]:
    day = 1 + n % 28
    record: dict[str, Any] = {
        "title": f"Council votes on budget, part {n}",
        "published_date": f"2021-03-{day:02d}",
        "body": (
            f'"We will balance the books by spring {n}," said Maria Lopez, the mayor of Madrid.\n\n'
            f"Lopez said the council in Madrid would publish the plan on Friday {n}."
        ),
        "source": "Test Wire",
    }
    record.update(overrides)
    return record


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path
