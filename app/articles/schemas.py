from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.api.params import IsoDate
from app.places.schemas import PlaceMentionRead
from app.quotes.schemas import QuoteInArticle

CSV_COLUMNS = (
    "id",
    "title",
    "published_date",
    "source",
    "url",
    "quote_count",
    "place_count",
    "site_name",
    "language",
    "extraction_status",
)


class ArticleSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str = Field(
        examples=["US warns Russia to 'change its policies' and halt bloody assault"]
    )
    published_date: date | None = Field(examples=["2020-02-06"])
    source: str | None = Field(examples=["The New Arab"])
    url: str | None = Field(examples=["https://example.com/news/us-warns-russia"])
    quote_count: int
    place_count: int
    site_name: str | None = Field(
        default=None, description="The site the page is from.", examples=["The New Arab"]
    )
    language: str | None = Field(
        default=None,
        description="ISO 639-1 code identified from the text (null: unknown).",
        examples=["en"],
    )
    extraction_status: Literal["done", "skipped"] = Field(
        default="done",
        description="`done`: quotes and places extracted; `skipped`: not attempted "
        "(`extraction_note` says why, e.g. the article is not in English).",
    )


class ArticleRead(ArticleSummary):
    subtitle: str | None
    reading_time_minutes: int | None
    image_caption: str | None
    authors: list[str] = Field(
        default_factory=list, description="The byline, in order.", examples=[["Jane Doe"]]
    )
    canonical_url: str | None = Field(
        default=None,
        description="The URL the page names as its own (`<link rel=canonical>` or og:url).",
    )
    extraction_note: str | None = Field(
        default=None, description="Why quotes and places were not extracted, if they were not."
    )
    body: str = Field(description="Paragraphs joined by a blank line; offsets point into it.")
    paragraphs: list[str]
    quotes: list[QuoteInArticle]
    places: list[PlaceMentionRead]


MAX_ARTICLE_CHARS = 500_000
# Text means at least one visible character: not only spaces or zero-width marks, which the
# reader drops (app.extract.text.normalize_line).
VISIBLE = "[^\\s\u200b\u200c\u200d\u2060\ufeff]"


class ArticleCreate(BaseModel):
    """One article to ingest: plain text (`body` or `paragraphs`) or an HTML page (`html`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            # what ``_has_text`` checks, said in the schema: HTML, or a title and text (as
            # if/then: client generators take a top-level anyOf for a union of models)
            "if": {"not": {"required": ["html"]}},
            "then": {
                "required": ["title"],
                "properties": {"title": {"type": "string"}},
                "anyOf": [
                    {"required": ["body"], "properties": {"body": {"type": "string"}}},
                    {"required": ["paragraphs"], "properties": {"paragraphs": {"type": "array"}}},
                ],
            },
            "examples": [
                {
                    "title": "Mayor opens bridge over the Rhone",
                    "body": '"It is a great day for Lyon," said Jean Martin, the mayor.\n\n'
                    "Martin said the bridge had cost 20 million euros.",
                    "published_date": "2021-05-04",
                    "url": "https://example.com/news/lyon-bridge",
                    "source": "Example News",
                }
            ],
        },
    )

    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        pattern=VISIBLE,
        description="Required unless `html` has one.",
    )
    body: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_ARTICLE_CHARS,
        pattern=VISIBLE,
        description="Plain text; paragraphs separated by blank lines.",
    )
    paragraphs: list[str] | None = Field(
        default=None,
        min_length=1,
        max_length=2000,
        description="Paragraphs of plain text; at least one has text.",
        json_schema_extra={"contains": {"type": "string", "pattern": VISIBLE}},
    )
    html: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_ARTICLE_CHARS,
        description="An HTML page, with a title (<h1>, <title> or og:title) unless `title` is "
        "given, and body paragraphs.",
    )
    subtitle: str | None = Field(default=None, max_length=2000)
    published_date: IsoDate | None = None
    url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://\S+$")
    source: str | None = Field(default=None, max_length=200)
    authors: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, max_length=50, description="The byline, in order."
    )
    site_name: str | None = Field(default=None, max_length=200)
    language: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$",
        description="The language the article declares (`en`, `de-AT`); it is checked against "
        "the text, and an article not in English is stored without quotes and places.",
    )

    @model_validator(mode="after")
    def _has_text(self) -> ArticleCreate:
        if self.body is None and self.paragraphs is None and self.html is None:
            raise ValueError("give the article's text as 'body', 'paragraphs' or 'html'")
        if self.title is None and self.html is None:
            raise ValueError("'title' is required (unless 'html' carries one)")
        return self

    def as_mapping(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)
