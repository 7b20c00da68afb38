"""Quote and speaker queries and writes. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.extract import types as extracted
from app.extract.text import name_key
from app.pagination import Cursor, keyset_after
from app.quotes.models import Quote, Speaker, SpeakerAlias


def upsert_speaker(session: Session, speaker: extracted.Speaker) -> Speaker:
    """The one row for this person or group, created on first sight; aliases and title merged."""
    key = name_key(speaker.name)
    row = session.scalar(select(Speaker).where(Speaker.key == key))
    if row is None:
        row = Speaker(key=key, name=speaker.name, kind=speaker.kind, quote_count=0)
        session.add(row)
        session.flush()
    if speaker.title:
        row.title = speaker.title
    known = set(
        session.scalars(select(SpeakerAlias.alias_key).where(SpeakerAlias.speaker_id == row.id))
    )
    for alias in (speaker.name, *speaker.aliases, *_surname(speaker)):
        alias_key = name_key(alias)
        if alias_key and alias_key not in known:
            session.add(SpeakerAlias(speaker_id=row.id, alias=alias, alias_key=alias_key))
            known.add(alias_key)
    return row


def _surname(speaker: extracted.Speaker) -> tuple[str, ...]:
    """A person is also found by surname alone ("jeffrey"), as news writing refers to them."""
    parts = speaker.name.split()
    return (parts[-1],) if speaker.kind == "person" and len(parts) >= 2 else ()


def add_quotes(
    session: Session, *, article: Article, quotes: Iterable[extracted.QuoteMention]
) -> int:
    speakers: dict[str, Speaker] = {}
    per_speaker: dict[int, int] = {}
    count = 0
    for quote in quotes:
        speaker_row: Speaker | None = None
        if quote.speaker is not None:
            key = name_key(quote.speaker.name)
            if key not in speakers:
                speakers[key] = upsert_speaker(session, quote.speaker)
            speaker_row = speakers[key]
            per_speaker[speaker_row.id] = per_speaker.get(speaker_row.id, 0) + 1
        session.add(
            Quote(
                article_id=article.id,
                speaker_id=speaker_row.id if speaker_row else None,
                text=quote.text,
                start_offset=quote.start,
                end_offset=quote.end,
                kind=quote.kind,
                cue=quote.cue,
                speaker_text=quote.speaker_text,
                speaker_title=quote.speaker.title if quote.speaker else None,
            )
        )
        count += 1
    for speaker_id, n in per_speaker.items():
        # An atomic increment: concurrent ingests never lose a count.
        session.execute(
            update(Speaker)
            .where(Speaker.id == speaker_id)
            .values(quote_count=Speaker.quote_count + n)
        )
    session.flush()
    return count


def list_quotes(
    session: Session,
    *,
    limit: int,
    cursor: Cursor | None,
    speaker: str | None = None,
    article_id: int | None = None,
) -> list[tuple[Quote, Speaker | None, int, str]]:
    """Quotes, newest first, each with its speaker and its article's id and title."""
    query = (
        select(Quote, Speaker, Article.id, Article.title)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .order_by(Quote.id.desc())
        .limit(limit + 1)
    )
    if speaker is not None:
        matching = select(SpeakerAlias.speaker_id).where(
            SpeakerAlias.alias_key == name_key(speaker)
        )
        query = query.where(Quote.speaker_id.in_(matching))
    if article_id is not None:
        query = query.where(Quote.article_id == article_id)
    if cursor is not None:
        query = query.where(keyset_after(None, Quote.id, cursor, descending=True))
    return [(q, s, a, t) for q, s, a, t in session.execute(query).all()]


def quotes_of_article(session: Session, article_id: int) -> Sequence[tuple[Quote, Speaker | None]]:
    query = (
        select(Quote, Speaker)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(Quote.article_id == article_id)
        .order_by(Quote.start_offset, Quote.id)
    )
    return [(q, s) for q, s in session.execute(query).all()]


def list_speakers(session: Session, *, limit: int, cursor: Cursor | None) -> Sequence[Speaker]:
    """Speakers, most quoted first."""
    query = (
        select(Speaker)
        .where(Speaker.quote_count > 0)
        .order_by(Speaker.quote_count.desc(), Speaker.id.desc())
        .limit(limit + 1)
    )
    if cursor is not None:
        query = query.where(keyset_after(Speaker.quote_count, Speaker.id, cursor, descending=True))
    return session.scalars(query).all()


def aliases_of(session: Session, speaker_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(set(speaker_ids))
    result: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    query = (
        select(SpeakerAlias.speaker_id, SpeakerAlias.alias)
        .where(SpeakerAlias.speaker_id.in_(ids))
        .order_by(SpeakerAlias.id)
    )
    for speaker_id, alias in session.execute(query):
        result[speaker_id].append(alias)
    return result
