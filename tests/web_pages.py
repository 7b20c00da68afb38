"""News pages and web archives written for the tests: a site's furniture (navigation, teasers,
footer) around an article with a byline, a blockquote and a pull quote."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BRIDGE_PARAGRAPHS = (
    '"It is a great day for Lyon," said Jean Martin, the mayor of the city, as the new '
    "bridge over the Rhone opened to traffic on Tuesday morning.",
    "Martin said the bridge had cost 20 million euros and had taken three years to build, "
    "a year longer than the council had planned when work began in 2018.",
    "Claire Dubois, who leads the opposition on the council, was less pleased. "
    '"We were promised a bridge in two years and at half the price," she told reporters.',
    "Engineers from Marseille designed the structure, which carries two tram lines and a "
    "cycle path, and which the region hopes will ease traffic in the old town.",
)
GERMAN_PARAGRAPHS = (
    "Der Bürgermeister von Leipzig hat am Dienstag die neue Brücke über die Weiße Elster "
    "eröffnet. Sie habe zwanzig Millionen Euro gekostet, sagte er vor zahlreichen Gästen.",
    '„Das ist ein großer Tag für unsere Stadt", sagte der Bürgermeister. Die Bauarbeiten '
    "hatten drei Jahre gedauert, ein Jahr länger als ursprünglich geplant.",
    "Die Opposition im Stadtrat kritisierte die hohen Kosten und die lange Bauzeit. Man habe "
    "den Bürgern eine Brücke in zwei Jahren und zum halben Preis versprochen.",
)


@dataclass(frozen=True)
class Page:
    title: str
    paragraphs: tuple[str, ...]
    url: str = "https://news.example.org/2021/05/04/bridge"
    authors: tuple[str, ...] = ("Anne Leclerc",)
    site_name: str = "Example News"
    published: str = "2021-05-04"
    language: str = "en"
    tags: tuple[str, ...] = ("Lyon", "Transport")
    blockquote: str | None = None
    pull_quote: str | None = None  # repeats words of a paragraph, as pull quotes do
    caption: str | None = "The new bridge at dawn. Photo: Example News"
    extra_head: str = ""
    teasers: tuple[str, ...] = field(
        default=("Markets: Shares fall in Paris", "Weather: Storms expected in the north")
    )


def render(page: Page) -> str:
    e = html.escape
    body = [f"<p>{e(p, quote=False)}</p>" for p in page.paragraphs]
    if page.blockquote is not None:
        body.insert(2, f"<blockquote><p>{e(page.blockquote, quote=False)}</p></blockquote>")
    if page.pull_quote is not None:
        body.insert(1, f'<aside class="pullquote"><p>{e(page.pull_quote, quote=False)}</p></aside>')
    meta_authors = "".join(f'<meta name="author" content="{e(a)}">' for a in page.authors)
    tags = "".join(f'<meta property="article:tag" content="{e(t)}">' for t in page.tags)
    teasers = "".join(f'<li><a href="/t/{n}">{e(t)}</a></li>' for n, t in enumerate(page.teasers))
    caption = (
        f'<figure><img src="/bridge.jpg" alt=""><figcaption>{e(page.caption)}</figcaption></figure>'
        if page.caption
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{page.language}">
<head>
<meta charset="utf-8">
<title>{e(page.title)} | {e(page.site_name)}</title>
<meta property="og:title" content="{e(page.title)}">
<meta property="og:site_name" content="{e(page.site_name)}">
<meta property="og:description" content="A bridge opens a year late.">
<meta property="article:published_time" content="{page.published}T08:00:00Z">
<link rel="canonical" href="{e(page.url)}">
{meta_authors}{tags}{page.extra_head}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
</header>
<main>
<article>
<h1>{e(page.title)}</h1>
<p class="byline">By {e(" and ".join(page.authors))}</p>
{caption}
{"".join(body)}
</article>
<section class="related"><h2>Most read</h2><ul>{teasers}</ul></section>
</main>
<footer><p>© 2021 {e(page.site_name)}. All rights reserved.</p>
<p>Follow us on social media.</p></footer>
</body>
</html>
"""


def bridge_page(n: int = 0, **changes: object) -> Page:
    """A distinct English article per ``n``: its own title, URL and closing paragraph."""
    fields: dict[str, object] = {
        "title": f"Mayor opens bridge number {n} over the Rhone",
        "paragraphs": (
            *BRIDGE_PARAGRAPHS,
            f"The council said bridge number {n} would be followed by a tunnel in {2022 + n}.",
        ),
        "url": f"https://news.example.org/2021/05/04/bridge-{n}",
    }
    fields.update(changes)
    return Page(**fields)  # type: ignore[arg-type]


def german_page() -> Page:
    return Page(
        title="Bürgermeister eröffnet neue Brücke in Leipzig",
        paragraphs=GERMAN_PARAGRAPHS,
        url="https://nachrichten.example.de/2021/05/04/bruecke",
        authors=("Jonas Weber",),
        site_name="Beispiel Nachrichten",
        language="de",
        tags=("Leipzig",),
        caption=None,
        teasers=(),
    )


@dataclass(frozen=True)
class Record:
    uri: str
    body: bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    kind: str = "response"


def write_warc(path: Path, records: Iterable[Record], *, gzip: bool = True) -> list[int]:
    """Write the records; returns the byte offset where each one starts."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = []
    for record in records:
        offsets.append(buffer.tell())
        if record.kind == "response":
            headers = StatusAndHeaders(
                record.status, [("Content-Type", record.content_type)], protocol="HTTP/1.1"
            )
            warc = writer.create_warc_record(
                record.uri, "response", payload=io.BytesIO(record.body), http_headers=headers
            )
        else:
            warc = writer.create_warc_record(
                record.uri,
                record.kind,
                payload=io.BytesIO(record.body),
                warc_content_type="application/http; msgtype=request",
            )
        writer.write_record(warc)
    path.write_bytes(buffer.getvalue())
    return offsets


def page_record(page: Page) -> Record:
    return Record(page.url, render(page).encode("utf-8"))


def write_arc(path: Path, pages: Iterable[Page]) -> None:
    """An ARC (version 1) file: the Internet Archive's format before WARC."""
    described = b"1 0 Quotemap tests\nURL IP-address Archive-date Content-type Archive-length\n"
    parts = [
        f"filedesc://{path.name} 0.0.0.0 20210504080000 text/plain {len(described)}\n".encode()
        + described
        + b"\n"
    ]
    for page in pages:
        payload = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + render(page).encode()
        )
        header = f"{page.url} 127.0.0.1 20210504080000 text/html {len(payload)}\n".encode()
        parts.append(header + payload + b"\n")
    path.write_bytes(b"".join(parts))
