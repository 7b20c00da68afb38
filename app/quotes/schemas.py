from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.quotes.models import Speaker


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


class QuoteRead(BaseModel):
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
    article_id: int
    article_title: str


class QuoteInArticle(BaseModel):
    id: int
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    speaker: SpeakerRef | None
    speaker_text: str | None


class SpeakerRead(BaseModel):
    id: int
    name: str = Field(examples=["James Jeffrey"])
    kind: str
    title: str | None
    aliases: list[str] = Field(examples=[["James Jeffrey", "Jeffrey"]])
    quote_count: int


def speaker_ref(speaker: Speaker | None, title: str | None) -> SpeakerRef | None:
    """The speaker as shown with one quote: with the role given in that article."""
    if speaker is None:
        return None
    return SpeakerRef(
        id=speaker.id, name=speaker.name, kind=speaker.kind, title=title or speaker.title
    )
