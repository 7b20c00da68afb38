from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.speakers.schemas import SpeakerMatch

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
    "source_kind",
    "article_id",
    "article_title",
    "published_date",
)


class SpeakerRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str = Field(examples=["James Jeffrey"])
    kind: str = Field(description="`person` or `organisation`.", examples=["person"])
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
    source_kind: str | None = Field(
        default=None,
        description="`person`, `organisation`, or `unnamed` (a source no speaker row names, "
        'such as "officials"); null when the quote has no attribution.',
        examples=["person"],
    )


class QuoteRead(QuoteInArticle):
    article_id: int
    article_title: str
    published_date: date | None = Field(description="The article's publication date.")

    @classmethod
    def from_row(cls, row: Any) -> QuoteRead:
        return cls.model_validate(quote_read(row))

    def csv_row(self) -> dict[str, Any]:
        row = self.model_dump(mode="json", exclude={"speaker"})
        speaker = self.speaker
        row.update(
            speaker_id=speaker.id if speaker else None,
            speaker_name=speaker.name if speaker else None,
            speaker_title=speaker.title if speaker else None,
        )
        return row


class QuotePage(BaseModel):
    """A page of quotes; filtered by a speaker's name, it says which speakers matched."""

    items: list[QuoteRead]
    next: str | None = Field(description="Absolute URL of the next page, or null on the last page.")
    count: int | None = Field(
        default=None, description="Total number of matching items, only when `count=true`."
    )
    speakers: list[SpeakerMatch] | None = Field(
        default=None,
        description="With `speaker=`: every speaker the name matched, best match first (a "
        "surname shared by several people lists them all).",
    )


# Routes answer with these plain dicts, in the shape of the models above: FastAPI validates
# and serialises a whole response in one pass through pydantic-core, where building a model
# per quote in Python cost more than reading the rows.


def quote_in_article(row: Any) -> dict[str, Any]:
    """A ``QuoteInArticle`` from a row of ``quotes.service.QUOTE_COLUMNS``."""
    speaker = (
        None
        if row.speaker_id is None
        else {
            "id": row.speaker_id,
            "name": row.speaker_name,
            "kind": row.speaker_kind,
            # the role given with this quote, else the speaker's latest one
            "title": row.quote_speaker_title or row.speaker_title,
        }
    )
    return {
        "id": row.id,
        "text": row.text,
        "kind": row.kind,
        "cue": row.cue,
        "start": row.start_offset,
        "end": row.end_offset,
        "speaker": speaker,
        "speaker_text": row.speaker_text,
        "source_kind": row.source_kind,
    }


def quote_read(row: Any) -> dict[str, Any]:
    """A ``QuoteRead``: ``QUOTE_COLUMNS`` and ``QUOTE_ARTICLE_COLUMNS``."""
    return {
        **quote_in_article(row),
        "article_id": row.article_id,
        "article_title": row.article_title,
        "published_date": row.published_date,
    }
