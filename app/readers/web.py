"""Articles fetched from URLs (the ingest command only: the API never fetches for a client).

Each page is fetched with httpx: a timeout on every request, retries with exponential backoff
on network errors and on 429/5xx (``Retry-After`` honoured, within a cap), at most a few
requests at a time per host, a User-Agent that says who we are, robots.txt obeyed (RFC 9309:
a missing robots.txt allows everything, an unreachable one disallows everything), redirects
followed hop by hop so that robots.txt is asked at every host. Every failure names its URL;
the other pages still come in, in the order given.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from app.readers.decode import NotText, decode_html
from app.readers.html import parse_html
from app.readers.items import ReadFailure, ReadItem

ROBOTS_AGENT = "Quotemap"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DISALLOW_ALL = ("User-agent: *", "Disallow: /")


def _user_agent() -> str:
    try:
        release = version("quotemap")
    except PackageNotFoundError:
        release = "dev"
    return (
        f"{ROBOTS_AGENT}/{release} (news quote and place extraction for research; "
        f"httpx/{httpx.__version__}; obeys robots.txt)"
    )


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout_seconds: float = 20.0
    attempts: int = 3  # tries per request, the first included
    backoff_seconds: float = 1.0  # before the second try; doubled for each try after it
    max_retry_after_seconds: float = 30.0
    per_host: int = 2  # requests at once to one host
    concurrency: int = 8  # requests at once in all
    max_redirects: int = 10
    max_page_bytes: int = 20 * 1024 * 1024
    user_agent: str = ""


class FetchError(Exception):
    """A page that could not be had; the message says why."""


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes
    charset: str | None


def read_urls(
    urls: Iterable[str], settings: FetchSettings | None = None
) -> Iterator[ReadItem | ReadFailure]:
    """Fetch and read every URL, yielding in the given order with a bounded window of pages in
    flight, so that memory does not grow with the length of the list."""
    config = settings or FetchSettings()
    agent = config.user_agent or _user_agent()
    with (
        httpx.Client(
            timeout=config.timeout_seconds,
            headers={"User-Agent": agent},
            follow_redirects=False,
            limits=httpx.Limits(max_connections=config.concurrency),
        ) as client,
        ThreadPoolExecutor(max_workers=config.concurrency) as pool,
    ):
        fetcher = _Fetcher(client, config)
        window: deque[Future[ReadItem | ReadFailure]] = deque()
        for url in urls:
            window.append(pool.submit(fetcher.read, url))
            if len(window) >= 2 * config.concurrency:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def read_url_list(lines: Iterable[str]) -> list[str]:
    """The URLs of a list file: one a line; blank lines and # comments skipped."""
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


class _Fetcher:
    def __init__(self, client: httpx.Client, settings: FetchSettings) -> None:
        self.client = client
        self.settings = settings
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def read(self, url: str) -> ReadItem | ReadFailure:
        try:
            final_url, data, charset = self._fetch(url)
            return ReadItem(url, parse_html(decode_html(data, charset), url=final_url))
        except (FetchError, NotText, ValueError) as error:
            return ReadFailure(url, str(error))
        except httpx.HTTPError as error:
            return ReadFailure(url, f"cannot fetch it: {error}")
        except Exception as error:  # one page never takes the others down, whatever it does
            return ReadFailure(url, f"unexpected error: {type(error).__name__}: {error}")

    def _fetch(self, url: str) -> tuple[str, bytes, str | None]:
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            origin = _origin(current)
            if not self._allowed(origin, current):
                raise FetchError(f"robots.txt of {origin} disallows fetching {current}")
            reply = self._get(origin, current, page=True)
            if reply.status in _REDIRECTS and "location" in reply.headers:
                current = urljoin(current, reply.headers["location"])
                continue
            if reply.status != 200:
                raise FetchError(f"HTTP {reply.status} {reply.reason}".strip())
            content_type = reply.headers.get("content-type", "").lower()
            if not content_type.startswith(_HTML_TYPES):
                raise FetchError(f"not an HTML page ({content_type or 'no content type'})")
            return current, reply.body, reply.charset
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _get(self, origin: str, url: str, *, page: bool) -> _Reply:
        """One GET with retries; the page body is read up to the size cap."""
        attempts = self.settings.attempts
        for attempt in range(1, attempts + 1):
            wait = self.settings.backoff_seconds * 2 ** (attempt - 1)
            try:
                with self._slot(origin), self.client.stream("GET", url) as response:
                    if response.status_code in _RETRY_STATUSES and attempt < attempts:
                        wait = max(wait, self._retry_after(response))
                    else:
                        # Only a page worth reading is downloaded: not an error page, a
                        # redirect's body, or a video someone listed by mistake.
                        wanted = not page or (response.status_code == 200 and _is_html(response))
                        cap = self.settings.max_page_bytes
                        return _Reply(
                            status=response.status_code,
                            reason=response.reason_phrase,
                            headers=response.headers,
                            body=_read_capped(response, cap, page=page) if wanted else b"",
                            charset=response.charset_encoding,
                        )
            except httpx.TimeoutException as error:
                if attempt == attempts:
                    raise FetchError(f"timed out after {attempts} tries ({error!r})") from None
            except httpx.TransportError as error:
                if attempt == attempts:
                    raise FetchError(f"network error after {attempts} tries: {error}") from None
            time.sleep(wait)
        raise FetchError("no response")  # not reached: the last try returns or raises

    def _retry_after(self, response: httpx.Response) -> float:
        value = response.headers.get("retry-after", "")
        seconds = float(value) if value.strip().isdigit() else 0.0
        return min(seconds, self.settings.max_retry_after_seconds)

    def _slot(self, origin: str) -> threading.Semaphore:
        with self._lock:
            slot = self._slots.get(origin)
            if slot is None:
                slot = self._slots[origin] = threading.Semaphore(self.settings.per_host)
            return slot

    def _allowed(self, origin: str, url: str) -> bool:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per host, however many pages wait for it
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The host's rules; None when it has no robots.txt (everything allowed)."""
        parser = RobotFileParser()
        try:
            reply = self._get(origin, f"{origin}/robots.txt", page=False)
            if reply.status in _REDIRECTS and "location" in reply.headers:
                target = urljoin(f"{origin}/robots.txt", reply.headers["location"])
                reply = self._get(_origin(target), target, page=False)
        except FetchError:
            parser.parse(_DISALLOW_ALL)  # unreachable: RFC 9309 says assume complete disallow
            return parser
        if reply.status >= 500:
            parser.parse(_DISALLOW_ALL)
            return parser
        if reply.status >= 400:
            return None
        parser.parse(reply.body.decode("utf-8", errors="replace").splitlines())
        return parser


def _is_html(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    return content_type.lower().startswith(_HTML_TYPES)


def _read_capped(response: httpx.Response, cap: int, *, page: bool) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            if page:
                raise FetchError(f"the page is too large (over {cap / 1e6:.0f} MB)")
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"
