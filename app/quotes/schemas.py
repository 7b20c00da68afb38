from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.articles.models import Article
from app.quotes.models import Quote, Speaker

CSV_COLUMNS = (
    "id",
    "text",
    "kind",
    "cue",
    "start",
    "end",
    "speaker_id",
    "speaker_name",
    "speaker_title",
    "speaker_text",
    "article_id",
    "article_title",
    "published_date",
)


class SpeakerRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str = Field(examples=["James Jeffrey"])
    kind: str = Field(description="`person` or `group`.", examples=["person"])
    title: str | None = Field(
        default=None,
        description="The role given with the quote.",
        examples=["US special envoy for Syria engagement"],
    )


class QuoteInArticle(BaseModel):
    id: int
    text: str = Field(examples=["This is a dangerous conflict."])
    kind: str = Field(description="`direct`, `partial` or `indirect`.", examples=["direct"])
    cue: str | None = Field(description="The speech verb or phrase.", examples=["said"])
    start: int = Field(description="Character offset of the quote in the article body.")
    end: int = Field(description="Offset just past the quote's last character.")
    speaker: SpeakerRef | None
    speaker_text: str | None = Field(
        description="The attribution as written in the article.", examples=["he"]
    )

    @classmethod
    def build(cls, quote: Quote, speaker: Speaker | None) -> QuoteInArticle:
        return cls(
            id=quote.id,
            text=quote.text,
            kind=quote.kind,
            cue=quote.cue,
            start=quote.start_offset,
            end=quote.end_offset,
            speaker=speaker_ref(speaker, quote.speaker_title),
            speaker_text=quote.speaker_text,
        )


class QuoteRead(QuoteInArticle):
    article_id: int
    article_title: str
    published_date: date | None = Field(description="The article's publication date.")

    @classmethod
    def of(cls, quote: Quote, speaker: Speaker | None, article: Article) -> QuoteRead:
        return cls(
            **QuoteInArticle.build(quote, speaker).model_dump(),
            article_id=article.id,
            article_title=article.title,
            published_date=article.published_date,
        )

    def csv_row(self) -> dict[str, Any]:
        row = self.model_dump(mode="json", exclude={"speaker"})
        speaker = self.speaker
        row.update(
            speaker_id=speaker.id if speaker else None,
            speaker_name=speaker.name if speaker else None,
            speaker_title=speaker.title if speaker else None,
        )
        return row


class SpeakerRead(BaseModel):
    id: int
    name: str = Field(examples=["James Jeffrey"])
    kind: str = Field(examples=["person"])
    title: str | None = Field(description="The role most recently given.")
    aliases: list[str] = Field(examples=[["James Jeffrey", "Jeffrey"]])
    quote_count: int


class SpeakerDetail(SpeakerRead):
    titles: list[str] = Field(description="Every role given with their quotes.")
    first_quoted_date: date | None = Field(description="Earliest article quoting them.")
    last_quoted_date: date | None = Field(description="Latest article quoting them.")


def speaker_ref(speaker: Speaker | None, title: str | None) -> SpeakerRef | None:
    """The speaker as shown with one quote: with the role given in that article."""
    if speaker is None:
        return None
    return SpeakerRef(
        id=speaker.id, name=speaker.name, kind=speaker.kind, title=title or speaker.title
    )
