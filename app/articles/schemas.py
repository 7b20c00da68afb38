from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.places.schemas import PlaceMentionRead
from app.quotes.schemas import QuoteInArticle


class ArticleSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str = Field(
        examples=["US warns Russia to 'change its policies' and halt bloody assault"]
    )
    published_date: date | None = Field(examples=["2020-02-06"])
    source: str | None
    url: str | None
    quote_count: int
    place_count: int


class ArticleRead(ArticleSummary):
    subtitle: str | None
    reading_time_minutes: int | None
    image_caption: str | None
    body: str = Field(description="Paragraphs joined by a blank line; offsets point into it.")
    paragraphs: list[str]
    quotes: list[QuoteInArticle]
    places: list[PlaceMentionRead]
