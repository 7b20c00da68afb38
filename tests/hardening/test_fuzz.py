"""Schemathesis against the app's own OpenAPI document: every operation, positive and negative
data, a fixed seed and a bounded number of cases. No 5xx; every response matches its declared
schema and content type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from app.extract.pipeline import Extractor
from tests.conftest import SEEDS, ingest_paths, make_client
from tests.factories import article_record, write_jsonl

KEY = "fuzz-key"
SEED = 20261125
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 10}
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def fuzz_operation(
    operation: Any, mode: GenerationMode, headers: dict[str, str], statuses: list[int]
) -> Callable[[], None]:
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    return run


def test_fuzz_every_operation_finds_no_5xx_and_no_schema_violation(
    database_url: str, extractor: Extractor, tmp_path: Path
) -> None:
    ingest_paths(database_url, extractor, SEEDS)
    extra = write_jsonl(tmp_path / "more.jsonl", [article_record(n) for n in range(5)])
    ingest_paths(database_url, extractor, extra)
    # As a context manager: the lifespan runs, and closes the app's pool at the end.
    with make_client(database_url, api_keys=[KEY]) as client:
        app = client.app
        app.state.extractor = extractor  # type: ignore[attr-defined]  # the model loads once
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        results = list(schema.get_all_operations())
        operations = [result.ok() for result in results if isinstance(result, Ok)]
        assert len(operations) == len(results), "the OpenAPI document has invalid operations"
        labels = {op.label for op in operations}
        assert {"GET /articles", "GET /quotes", "GET /places", "POST /articles"} <= labels, labels
        keyed = {"Authorization": f"Bearer {KEY}"}
        failures: list[str] = []
        statuses: list[int] = []
        for operation in operations:
            # Writes are fuzzed anonymously too: every such case must be refused, never a 5xx.
            callers = [keyed, {}] if operation.method.upper() != "GET" else [keyed]
            for headers in callers:
                for mode in EXAMPLES:
                    try:
                        fuzz_operation(operation, mode, headers, statuses)()
                    except Unsatisfiable:
                        continue  # nothing to negate (no parameters, no body)
                    except Exception as error:  # collect every operation's failure, then report
                        who = "keyed" if headers else "anonymous"
                        failures.append(f"{operation.label} [{mode.value}, {who}]: {error}")
        assert not failures, "\n\n".join(failures)
        # Bounded, but not empty: every operation was called, and some calls succeeded.
        assert len(statuses) >= 10 * len(operations), Counter(statuses)
        print(f"fuzz: {len(operations)} operations, {len(statuses)} calls, {Counter(statuses)}")
        assert any(200 <= status < 300 for status in statuses)
        assert all(status < 500 for status in statuses)
