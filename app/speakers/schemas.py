"""Speaker shapes on the wire."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.api.params import MAX_ID


class SpeakerKind(StrEnum):
    person = "person"
    organisation = "organisation"


# A name is one line of text with something visible: no control characters (PostgreSQL text
# cannot hold NUL).
NAME_PATTERN = r"^ *[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"


class ExternalScheme(StrEnum):
    wikidata = "wikidata"


class SpeakerRead(BaseModel):
    id: int
    name: str = Field(examples=["James Jeffrey"])
    kind: str = Field(description="`person` or `organisation`.", examples=["person"])
    title: str | None = Field(description="The role most recently given.")
    aliases: list[str] = Field(
        description="Every name form the speaker was quoted under, most quoted first.",
        examples=[["James Jeffrey", "Jeffrey"]],
    )
    quote_count: int


class SpeakerDetail(SpeakerRead):
    titles: list[str] = Field(description="Every role given with their quotes.")
    external_ids: dict[str, str] = Field(
        description="Identifiers elsewhere, by scheme (`wikidata`).",
        examples=[{"wikidata": "Q22686"}],
    )
    first_quoted_date: date | None = Field(description="Earliest article quoting them.")
    last_quoted_date: date | None = Field(description="Latest article quoting them.")


class SpeakerMatch(BaseModel):
    """A speaker a `speaker=` name query matched."""

    id: int
    name: str = Field(examples=["Hillary Clinton"])
    kind: str = Field(examples=["person"])
    matched_by: str = Field(
        description="`alias`: the name or a variant of it; `name_part`: a surname or first "
        "name this speaker shares with others.",
        examples=["alias"],
    )


class SpeakerMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        min_length=1,
        max_length=100,
        description="Speakers to merge into this one: their quotes, aliases and external ids "
        "move here, and their ids redirect here (308) from now on.",
        examples=[[2, 3]],
    )


class SpeakerSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alias: str = Field(
        min_length=1,
        max_length=300,
        pattern=NAME_PATTERN,
        description="The alias to split off, with every quote attributed through it.",
        examples=["Donald Trump Jr."],
    )
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=300,
        pattern=NAME_PATTERN,
        description="The new speaker's name.",
    )
    kind: SpeakerKind | None = Field(default=None, description="The new speaker's kind.")


class SpeakerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        default=None, min_length=1, max_length=300, pattern=NAME_PATTERN, examples=["Donald Trump"]
    )
    kind: SpeakerKind | None = Field(default=None, examples=["person"])
    external_ids: (
        dict[ExternalScheme, Annotated[str, Field(max_length=200, pattern=WIKIDATA_PATTERN)] | None]
        | None
    ) = Field(
        default=None,
        description="Identifiers to set, by scheme; `null` removes one. `wikidata` takes a "
        "QID such as `Q22686`.",
        examples=[{"wikidata": "Q22686"}],
    )
