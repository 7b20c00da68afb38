"""Value types produced by the extractors.

Offsets are character offsets into the text the extractor was given (for stored articles: the
body, i.e. the paragraphs joined by a blank line), half-open: ``text == body[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QuoteKind = Literal["direct", "partial", "indirect"]
# "organisation": an outlet, agency, company, campaign, party or other named body.
SpeakerKind = Literal["person", "organisation"]
# What kind of source a quote has, also when no speaker row is made for it: "unnamed" is a
# generic or anonymous source ("officials", "a spokesman", "sources familiar with ...").
SourceKind = Literal["person", "organisation", "unnamed"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """The person or group a quote is attributed to, resolved within one article."""

    name: str  # canonical full name as introduced in the article, e.g. "James Jeffrey"
    kind: SpeakerKind
    title: str | None = None  # role from apposition, e.g. "US special envoy for Syria engagement"
    aliases: tuple[str, ...] = ()  # surface forms seen in the article: "Jeffrey", "James Jeffrey"


@dataclass(frozen=True, slots=True)
class QuoteMention:
    text: str  # the quoted words without their quotation marks (direct/partial) or the report
    start: int
    end: int
    kind: QuoteKind
    cue: str | None  # the speech verb or phrase: "said", "told", "according to"
    speaker: Speaker | None
    speaker_text: str | None = None  # the attribution as written: "he", "Jeffrey", "sources"
    # None when the quote has no attribution at all; "unnamed" goes with speaker=None
    source_kind: SourceKind | None = None


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    geonames_id: int
    name: str
    country_code: str | None
    latitude: float
    longitude: float
    # "continent", "country", "region" (first-level: a state, province), "county" (second-level:
    # a county, parish, district), "capital", "city", "airport", or a curated kind ("sea",
    # "area", ...)
    feature_kind: str
    population: int = 0
    admin1_name: str | None = None  # the state or province it lies in (or is): "Missouri"
    admin2_name: str | None = None  # the county it lies in (or is): "Lamar County"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    start: int
    end: int
    entry: GazetteerEntry | None  # None: a place the gazetteer does not know (a small village)


@dataclass(frozen=True, slots=True)
class Extraction:
    quotes: tuple[QuoteMention, ...]
    places: tuple[PlaceMention, ...]
