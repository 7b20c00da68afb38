"""The guards in front of every route: size caps, load shedding and security headers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.guards import API_CSP, HTML_CSP, Guards
from tests.conftest import make_client

PATHS = ["/articles", "/quotes", "/speakers", "/places", "/healthz", "/articles/999999", "/nope"]


@pytest.fixture
def small_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from app.db.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('guards') / 'g.sqlite3'}"
    upgrade(url)
    with make_client(url, max_body_bytes=1000, max_query_bytes=200) as client:
        yield client


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = json.loads(response.text)
    assert isinstance(body, dict)
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    return body


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_security_headers(small_client: TestClient, path: str) -> None:
    response = small_client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == API_CSP


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_get_a_policy_their_inline_scripts_can_run_under(
    small_client: TestClient, path: str
) -> None:
    response = small_client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert csp == HTML_CSP
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "frame-ancestors 'none'" in csp
    # Everything the pages load is served by us.
    for asset in ("/static/docs/swagger-ui-bundle.js", "/static/docs/redoc.standalone.js"):
        if asset.rsplit("/", 1)[1] in response.text:
            assert small_client.get(asset).status_code == 200


def test_query_string_over_cap_is_414(small_client: TestClient) -> None:
    body = assert_problem(small_client.get("/quotes", params={"q": "x" * 500}), 414)
    assert body["instance"] == "/quotes"
    assert small_client.get("/quotes", params={"limit": "5"}).status_code == 200


@pytest.mark.parametrize("param", ["speaker", "place", "q", "source"])
def test_query_string_with_nul_is_400(client: TestClient, param: str) -> None:
    # PostgreSQL text cannot hold NUL: it must be refused before any query, on every engine.
    path = "/articles" if param == "source" else "/quotes"
    body = assert_problem(client.get(path, params={param: "Trump\x00"}), 400)
    assert "NUL" in str(body["detail"])


def test_declared_body_over_cap_is_413(small_client: TestClient) -> None:
    response = small_client.post("/articles", content=b"{" + b" " * 5000 + b"}")
    assert_problem(response, 413)


def test_streamed_body_over_cap_is_413_without_content_length(small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * 200

    response = small_client.post(
        "/articles", content=chunks(), headers={"content-type": "application/json"}
    )
    # The route reads the body (before even checking the key) and is cut off at the cap.
    assert_problem(response, 413)


async def _reading_app(scope: Scope, receive: Receive, send: Send) -> None:
    """A bare ASGI app that reads the whole body, then answers 200 with its length."""
    assert scope["type"] == "http"
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(size).encode()})


def _guarded(app: ASGIApp = _reading_app, **limits: int) -> httpx.AsyncClient:
    options = {"max_body_bytes": 1000, "max_query_bytes": 100, "max_concurrent_requests": 2}
    options.update(limits)
    guards = Guards(app, **options)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=guards), base_url="http://t")


def test_streamed_body_is_counted_and_cut_at_the_cap() -> None:
    async def run() -> tuple[httpx.Response, httpx.Response]:
        async def chunks(n: int) -> AsyncIterator[bytes]:
            for _ in range(n):
                yield b"x" * 100

        async with _guarded() as client:
            small = await client.post("/", content=chunks(10))
            large = await client.post("/", content=chunks(11))
        return small, large

    small, large = asyncio.run(run())
    assert small.status_code == 200
    assert small.text == "1000"
    assert_problem(large, 413)
    assert large.headers["x-content-type-options"] == "nosniff"


def test_requests_over_the_concurrency_cap_are_shed_with_503_and_retry_after() -> None:
    release = asyncio.Event()

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        await release.wait()
        await _reading_app(scope, receive, send)

    async def run() -> list[httpx.Response]:
        async with _guarded(slow_app, max_concurrent_requests=2) as client:
            held = [asyncio.create_task(client.get("/")) for _ in range(2)]
            await asyncio.sleep(0.05)
            shed = await client.get("/")
            release.set()
            done = await asyncio.gather(*held)
            after = await client.get("/")
        return [*done, shed, after]

    first, second, shed, after = asyncio.run(run())
    assert first.status_code == second.status_code == 200
    assert_problem(shed, 503)
    assert shed.headers["retry-after"] == "1"
    assert after.status_code == 200  # the slots are given back


def test_failing_app_gives_its_slot_back() -> None:
    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    async def run() -> None:
        guards = Guards(broken, max_body_bytes=10, max_query_bytes=100, max_concurrent_requests=1)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await guards({"type": "http", "path": "/", "headers": []}, _empty, _drop)
        assert guards.in_flight == 0

    asyncio.run(run())


async def _empty() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _drop(message: Message) -> None:
    return None
