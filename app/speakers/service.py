"""Speaker queries and curation. Services flush, never commit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, delete, func, literal, or_, select, update
from sqlalchemy.orm import Session

from app.articles.models import Article
from app.db.base import AnySelect
from app.errors import Conflict, InvalidInput, NotFound
from app.extract.text import name_key
from app.pagination import Cursor, keyset_page
from app.quotes.models import Quote
from app.speakers import resolution
from app.speakers.models import Speaker, SpeakerAlias, SpeakerExternalId
from app.speakers.names import parse_name, same_person

SPEAKER_SORTS = ("-quote_count", "name")
SPEAKER_KINDS = ("person", "organisation")
# Redirect chains are short (a merge points at a live row); the bound only stops a cycle.
_MAX_REDIRECTS = 32
# Added to the sort key of speakers found only through an alias, so they come after.
_ALIAS_ONLY = 1_000_000_000
EXTERNAL_ID_PATTERNS = {"wikidata": re.compile(r"Q[1-9][0-9]*")}


@dataclass(frozen=True, slots=True)
class SpeakerStats:
    speaker: Speaker
    aliases: list[str]
    titles: list[str]
    external_ids: dict[str, str]
    first_quoted_date: date | None
    last_quoted_date: date | None


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A speaker a name query matched, and how: ``alias`` (the name itself or a variant of
    it) or ``name_part`` (a surname or first name shared by several people)."""

    id: int
    name: str
    kind: str
    matched_by: str


# --- lookups ------------------------------------------------------------------------------


def live_speaker_id(session: Session, speaker_id: int) -> int:
    """The speaker an id stands for now: itself, or where its merges lead."""
    current = speaker_id
    for _ in range(_MAX_REDIRECTS):
        target = session.scalar(select(Speaker.merged_into_id).where(Speaker.id == current))
        if target is None:
            return current
        current = target
    return current


def get_speaker(session: Session, speaker_id: int) -> Speaker:
    """A live speaker with quotes (or curated), else NotFound. Merged ids are the router's
    to redirect (``live_speaker_id``)."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None or (speaker.quote_count <= 0 and not _has_forms(session, speaker_id)):
        raise NotFound(f"There is no speaker with id {speaker_id}.")
    return speaker


def _has_forms(session: Session, speaker_id: int) -> bool:
    query = select(SpeakerAlias.id).where(SpeakerAlias.speaker_id == speaker_id).limit(1)
    return session.scalar(query) is not None


def _name_matches(*by: ColumnElement[bool]) -> AnySelect:
    return (
        select(
            SpeakerAlias.alias,
            SpeakerAlias.alias_key,
            SpeakerAlias.kind,
            Speaker.id,
            Speaker.name,
            Speaker.kind.label("speaker_kind"),
            Speaker.quote_count,
        )
        .join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
        .where(or_(SpeakerAlias.alias_key == bindparam("key"), *by), Speaker.quote_count > 0)
    )


# Built once (asked on every ``speaker=`` request): the alias alone, or with the name's
# surname, or for one word with it as surname or first name.
_NAME_MATCHES = (
    _name_matches(),
    _name_matches(SpeakerAlias.last_key == bindparam("part")),
    _name_matches(
        SpeakerAlias.last_key == bindparam("part"), SpeakerAlias.first_key == bindparam("part")
    ),
)


def speakers_matching(session: Session, name: str) -> list[NameMatch]:
    """Every live speaker a name can mean: one with that name form, a person whose full name
    is a variant of it ("Hillary Rodham Clinton" for "Hillary Clinton"), or, for one word,
    everyone with it as surname or first name ("Clinton": Hillary, Bill and the speaker
    "Clinton" where an article did not say which). Most quoted first."""
    key = name_key(name)
    if not key:
        return []
    parts = parse_name(name)
    # By the alias itself; and by surname, or for one word by surname or first name.
    variant = 0 if not parts.last else 1 if parts.full else 2
    params = {"key": key, "part": parts.last}
    found: dict[int, tuple[NameMatch, int]] = {}
    for row in session.connection().execute(_NAME_MATCHES[variant], params):
        if row.alias_key == key or (
            row.kind == "person" and parts.full and same_person(parts, parse_name(row.alias))
        ):
            how = "alias"
        elif not parts.full and row.kind == "person":
            how = "name_part"
        else:
            continue
        known = found.get(row.id)
        if known is None or (how == "alias" and known[0].matched_by != "alias"):
            found[row.id] = (NameMatch(row.id, row.name, row.speaker_kind, how), row.quote_count)
    ranked = sorted(found.values(), key=lambda m: (m[0].matched_by != "alias", -m[1], m[0].id))
    return [match for match, _count in ranked]


def _speakers_query(q: str | None) -> AnySelect:
    query = select(Speaker).where(Speaker.quote_count > 0)
    if q is not None:
        prefix = name_key(q)
        named = select(SpeakerAlias.speaker_id).where(
            or_(
                SpeakerAlias.alias_key.startswith(prefix, autoescape=True),
                SpeakerAlias.last_key.startswith(prefix, autoescape=True),
                SpeakerAlias.first_key.startswith(prefix, autoescape=True),
            )
        )
        query = query.where(Speaker.id.in_(named))
    return query


def speaker_sort_key(q: str | None) -> ColumnElement[Any]:
    """With ``q``, speakers whose own name starts with it come before those found only
    through an alias; within each, most quoted first (the key sorts ascending)."""
    if q is None:
        return -Speaker.quote_count
    prefix = name_key(q)
    by_name = or_(
        Speaker.key.startswith(prefix, autoescape=True),
        Speaker.key.contains(f" {prefix}", autoescape=True),
    )
    return case((by_name, literal(0)), else_=literal(_ALIAS_ONLY)) - Speaker.quote_count


def list_speakers(
    session: Session, *, q: str | None, sort: str, limit: int, cursor: Cursor | None
) -> list[Speaker]:
    """Speakers with at least one quote whose name or an alias starts with ``q``: most quoted
    first (full-name matches ahead), or by name."""
    key = Speaker.key if sort == "name" else speaker_sort_key(q)
    query = keyset_page(
        _speakers_query(q), key, Speaker.id, descending=False, cursor=cursor, limit=limit
    )
    return list(session.scalars(query).all())


def sort_value(speaker: Speaker, *, sort: str, q: str | None) -> Any:
    """The value of ``list_speakers``' sort key for one row (for the next cursor)."""
    if sort == "name":
        return speaker.key
    if q is None:
        return -speaker.quote_count
    prefix = name_key(q)
    by_name = speaker.key.startswith(prefix) or f" {prefix}" in speaker.key
    return (0 if by_name else _ALIAS_ONLY) - speaker.quote_count


def count_speakers(session: Session, *, q: str | None) -> int:
    return session.scalar(select(func.count()).select_from(_speakers_query(q).subquery())) or 0


def aliases_of(session: Session, speaker_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each speaker's name forms, most quoted first, and a person's surname alone when no
    other speaker in the corpus bears it (a shared name part is nobody's plain alias)."""
    ids = list(set(speaker_ids))
    result: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    query = (
        select(
            SpeakerAlias.speaker_id, SpeakerAlias.alias, SpeakerAlias.kind, SpeakerAlias.last_key
        )
        .where(SpeakerAlias.speaker_id.in_(ids))
        .order_by(SpeakerAlias.quote_count.desc(), SpeakerAlias.id)
    )
    surnames: dict[int, dict[str, str]] = {i: {} for i in ids}
    for speaker_id, alias, kind, last_key in session.execute(query):
        if speaker_id is None:
            continue
        result[speaker_id].append(alias)
        if kind == "person" and len(alias.split()) > 1:
            surnames[speaker_id].setdefault(last_key, alias.split()[-1])
    wanted = {key for per in surnames.values() for key in per}
    if wanted:
        bearers = select(SpeakerAlias.last_key, func.count(func.distinct(SpeakerAlias.speaker_id)))
        shared = {
            key
            for key, n in session.execute(
                bearers.join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
                .where(
                    SpeakerAlias.last_key.in_(wanted),
                    SpeakerAlias.kind == "person",
                    Speaker.quote_count > 0,
                )
                .group_by(SpeakerAlias.last_key)
            )
            if n > 1
        }
        for speaker_id, per in surnames.items():
            known = {name_key(a) for a in result[speaker_id]}
            for key, surname in per.items():
                if key not in shared and name_key(surname) not in known:
                    result[speaker_id].append(surname)
    return result


def external_ids_of(session: Session, speaker_id: int) -> dict[str, str]:
    query = select(SpeakerExternalId.scheme, SpeakerExternalId.value).where(
        SpeakerExternalId.speaker_id == speaker_id
    )
    return {
        scheme: value for scheme, value in session.execute(query.order_by(SpeakerExternalId.scheme))
    }


def speaker_stats(session: Session, speaker_id: int) -> SpeakerStats:
    speaker = get_speaker(session, speaker_id)
    titles = session.scalars(
        select(Quote.speaker_title)
        .where(Quote.speaker_id == speaker_id, Quote.speaker_title.is_not(None))
        .group_by(Quote.speaker_title)
        .order_by(func.min(Quote.id))
    ).all()
    first, last = session.execute(
        select(func.min(Article.published_date), func.max(Article.published_date))
        .join(Quote, Quote.article_id == Article.id)
        .where(Quote.speaker_id == speaker_id)
    ).one()
    return SpeakerStats(
        speaker=speaker,
        aliases=aliases_of(session, [speaker_id])[speaker_id],
        titles=[t for t in titles if t],
        external_ids=external_ids_of(session, speaker_id),
        first_quoted_date=first,
        last_quoted_date=last,
    )


# --- curation -----------------------------------------------------------------------------


def merge_speakers(session: Session, *, into: int, speaker_ids: Sequence[int]) -> Speaker:
    """Merge speakers into ``into``: their forms and quotes move and are pinned there, their
    external ids follow, and their ids redirect to it from now on."""
    resolution.lock_identity(session)
    target = get_speaker(session, live_speaker_id(session, into))
    sources = sorted({live_speaker_id(session, s) for s in speaker_ids} - {target.id})
    if not sources:
        raise Conflict(f"These ids are all speaker {target.id} already: nothing to merge.")
    for source in sources:
        get_speaker(session, source)
    taken = set(external_ids_of(session, target.id))
    for source in sources:
        for scheme in external_ids_of(session, source):
            if scheme in taken:
                raise Conflict(
                    f"Speakers {target.id} and {source} both have a {scheme} id; remove one "
                    "before merging."
                )
    session.execute(
        update(SpeakerAlias)
        .where(SpeakerAlias.speaker_id.in_([target.id, *sources]))
        .values(speaker_id=target.id, pinned=True)
    )
    session.execute(update(Quote).where(Quote.speaker_id.in_(sources)).values(speaker_id=target.id))
    session.execute(
        update(SpeakerExternalId)
        .where(SpeakerExternalId.speaker_id.in_(sources))
        .values(speaker_id=target.id)
    )
    session.execute(
        update(Speaker)
        .where(Speaker.id.in_(sources))
        .values(merged_into_id=target.id, quote_count=0)
    )
    # Earlier redirects to a source lead straight to the target now.
    session.execute(
        update(Speaker).where(Speaker.merged_into_id.in_(sources)).values(merged_into_id=target.id)
    )
    resolution.refresh_speakers(session, [target.id])
    session.refresh(target)
    return target


def split_alias(
    session: Session, speaker_id: int, *, alias: str, name: str | None, kind: str | None
) -> Speaker:
    """Move one name form, with the quotes that came through it, to a new speaker. Both
    sides' forms are pinned, so automatic resolution never joins them again."""
    resolution.lock_identity(session)
    source = get_speaker(session, speaker_id)
    form = session.scalar(
        select(SpeakerAlias).where(
            SpeakerAlias.alias_key == name_key(alias), SpeakerAlias.speaker_id == source.id
        )
    )
    if form is None:
        raise NotFound(f"Speaker {source.id} has no alias {alias!r}.")
    if session.scalar(select(func.count()).where(SpeakerAlias.speaker_id == source.id)) == 1:
        raise Conflict("A speaker's only alias cannot be split off; rename the speaker instead.")
    new = Speaker(
        key=name_key(name or form.alias),
        name=name or form.alias,
        kind=kind or form.kind,
        quote_count=0,
        name_curated=name is not None,
        kind_curated=kind is not None,
    )
    session.add(new)
    session.flush()
    session.execute(
        update(SpeakerAlias).where(SpeakerAlias.speaker_id == source.id).values(pinned=True)
    )
    resolution.move_forms(session, [(form.id, new.id)])
    resolution.refresh_speakers(session, [source.id, new.id])
    session.refresh(new)
    return new


def update_speaker(
    session: Session,
    speaker_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    external_ids: dict[str, str | None] | None = None,
) -> Speaker:
    """Rename, set the kind, set or remove external ids. Names and kinds set here are
    curated: automatic resolution keeps them."""
    speaker = get_speaker(session, speaker_id)
    if name is not None:
        clean = " ".join(name.split())
        if not clean:
            raise InvalidInput("A speaker's name cannot be empty.")
        speaker.name, speaker.key, speaker.name_curated = clean, name_key(clean), True
    if kind is not None:
        speaker.kind, speaker.kind_curated = kind, True
    for scheme, value in (external_ids or {}).items():
        _set_external_id(session, speaker.id, scheme, value)
    session.flush()
    return speaker


def _set_external_id(session: Session, speaker_id: int, scheme: str, value: str | None) -> None:
    session.execute(
        delete(SpeakerExternalId).where(
            SpeakerExternalId.speaker_id == speaker_id, SpeakerExternalId.scheme == scheme
        )
    )
    if value is None:
        return
    pattern = EXTERNAL_ID_PATTERNS.get(scheme)
    if pattern is not None and not pattern.fullmatch(value):
        raise InvalidInput(f"{value!r} is not a {scheme} id (expected e.g. Q22686).")
    owner = session.scalar(
        select(SpeakerExternalId.speaker_id).where(
            SpeakerExternalId.scheme == scheme, SpeakerExternalId.value == value
        )
    )
    if owner is not None:
        raise Conflict(f"{scheme} id {value} already belongs to speaker {owner}; merge them.")
    session.add(SpeakerExternalId(speaker_id=speaker_id, scheme=scheme, value=value))


def rerun_resolution(session: Session, blocks: Sequence[str] | None = None) -> int:
    """Re-resolve these blocks (all by default); curated placements stay. Returns how many
    speaker rows changed."""
    resolution.lock_identity(session)
    keys = list(blocks) if blocks is not None else resolution.all_blocks(session)
    return len(resolution.resolve_blocks(session, keys).changed)
