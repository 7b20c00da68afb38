"""Identity resolution against the database: name forms in, speaker ids out.

An ingest registers the article's name forms (``register_forms``), then re-resolves the blocks
they belong to (``resolve_blocks``): the block's forms are read, ``identity.resolve_block``
places them, and only the forms whose speaker changes are written, with the quotes that came
through them (one UPDATE by alias id each). The deletion path and the re-run command use the
same ``resolve_blocks``. Services flush, never commit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from app.db.revision import DataRevision
from app.extract.names import FIRST_NAME_GENDER
from app.extract.text import name_key
from app.quotes.models import Quote
from app.speakers.identity import Form, Placement, resolve_block
from app.speakers.models import Speaker, SpeakerAlias, SpeakerExternalId
from app.speakers.names import clean_name, org_key, parse_name


@dataclass(frozen=True, slots=True)
class NameForm:
    """A cleaned name form as an article gives it."""

    name: str
    key: str
    kind: str

    @property
    def block(self) -> str:
        return block_of(self.name, self.kind)


# Pure, and called for every quote: a speaker's name recurs in each of their quotes.
@lru_cache(maxsize=65536)
def name_form(raw: str, kind: str) -> NameForm | None:
    """The form identity works with, or None when the name names nobody ("man", "Some")."""
    if kind != "person":
        # The tagger calls some people organisations ("wife and nominee Hillary Clinton"):
        # a mention ending in a full name with a known first name is that person.
        person = clean_name(raw, person=True)
        parts = parse_name(person) if person else None
        if person and parts and parts.full and parts.first in FIRST_NAME_GENDER:
            kind = "person"
    name = clean_name(raw, person=kind == "person")
    if name is None:
        return None
    key = name_key(name)
    return NameForm(name=name, key=key, kind=kind) if key else None


def block_of(name: str, kind: str) -> str:
    """A person's surname; an organisation's last word ("times" for "The New York Times"),
    so that shorter names of it ("Times") and lone surnames tagged as organisations meet
    the names they may mean."""
    if kind == "person":
        return parse_name(name).last
    words = org_key(name).split()
    return words[-1] if words else ""


def lock_identity(session: Session) -> None:
    """Serialise identity writers: two ingests resolving the same surname at once would each
    miss the other's forms. The data-revision row is the lock every writer takes anyway
    (SQLite has a single writer already)."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(DataRevision.id).where(DataRevision.id == 1).with_for_update())


# Statements of the ingest's hot path, built once with expanding parameters: building and
# cache-keying a statement per call cost more than running it.
_ALIASES_BY_KEY = select(SpeakerAlias).where(
    SpeakerAlias.alias_key.in_(bindparam("keys", expanding=True))
)
_BLOCK_FORMS = select(
    SpeakerAlias.id,
    SpeakerAlias.alias,
    SpeakerAlias.kind,
    SpeakerAlias.quote_count,
    SpeakerAlias.speaker_id,
    SpeakerAlias.pinned,
    SpeakerAlias.first_key,
    SpeakerAlias.last_key,
).where(
    or_(
        SpeakerAlias.last_key.in_(bindparam("keys", expanding=True)),
        SpeakerAlias.first_key.in_(bindparam("keys", expanding=True))
        & (SpeakerAlias.kind == "person"),
    )
)
_FORMS_OF = select(
    SpeakerAlias.speaker_id, SpeakerAlias.alias, SpeakerAlias.kind, SpeakerAlias.quote_count
).where(SpeakerAlias.speaker_id.in_(bindparam("ids", expanding=True)))
_SPEAKERS_BY_ID = select(
    Speaker.id,
    Speaker.quote_count,
    Speaker.name,
    Speaker.key,
    Speaker.kind,
    Speaker.merged_into_id,
    Speaker.name_curated,
    Speaker.kind_curated,
).where(Speaker.id.in_(bindparam("ids", expanding=True)))


def register_forms(
    session: Session, forms: Iterable[tuple[NameForm, int]]
) -> dict[str, SpeakerAlias]:
    """The alias row of each form (created when new), its quote count raised by the given
    number of quotes. Call ``resolve_blocks`` afterwards to place new forms."""
    counts: dict[str, int] = defaultdict(int)
    by_key: dict[str, NameForm] = {}
    for form, n in forms:
        by_key.setdefault(form.key, form)
        counts[form.key] += n
    if not by_key:
        return {}
    rows = {row.alias_key: row for row in session.scalars(_ALIASES_BY_KEY, {"keys": list(by_key)})}
    for key, form in by_key.items():
        row = rows.get(key)
        if row is None:
            parts = parse_name(form.name) if form.kind == "person" else None
            row = SpeakerAlias(
                alias=form.name,
                alias_key=key,
                kind=form.kind,
                first_key=parts.first if parts else "",
                last_key=form.block,
                quote_count=0,
                pinned=False,
            )
            session.add(row)
            rows[key] = row
        elif form.kind == "person" and row.kind != "person":
            # An article that names a person settles it: order-independent, as it only goes
            # one way.
            row.kind, row.first_key, row.last_key = (
                "person",
                parse_name(row.alias).first,
                form.block,
            )
        row.quote_count = (row.quote_count or 0) + counts[key]
    session.flush()
    return rows


@dataclass
class Resolved:
    """What ``resolve_blocks`` did: the speakers whose rows changed, and where every form it
    read now belongs."""

    changed: set[int]
    speaker_of: dict[int, int | None]


def resolve_blocks(session: Session, blocks: Iterable[str]) -> Resolved:
    """Re-resolve these blocks (see the module docstring)."""
    keys = sorted({b for b in blocks if b})
    if not keys:
        return Resolved(set(), {})
    rows = session.execute(_BLOCK_FORMS, {"keys": keys}).all()
    per_block: dict[str, list[Form]] = defaultdict(list)
    wanted = set(keys)
    for row in rows:
        if row.quote_count <= 0 and not row.pinned:
            continue  # a form no quote came through (yet) carries no evidence: it stays put
        if row.last_key in wanted:
            per_block[row.last_key].append(
                Form(row.id, row.alias, row.kind, row.quote_count, row.speaker_id, row.pinned)
            )
        if row.first_key in wanted and row.last_key != row.first_key:
            per_block[row.first_key].append(
                Form(row.id, row.alias, row.kind, row.quote_count, row.speaker_id, context=True)
            )
    resolved = Resolved(set(), {row.id: row.speaker_id for row in rows})
    for key in keys:
        forms = per_block.get(key, [])
        placements = resolve_block(forms)
        resolved.changed |= _apply(session, forms, placements, resolved.speaker_of)
    return resolved


def _apply(
    session: Session,
    forms: Sequence[Form],
    placements: Sequence[Placement],
    speaker_of: dict[int, int | None],
) -> set[int]:
    by_id = {f.id: f for f in forms}
    new_rows: dict[int, Speaker] = {}
    moves: list[tuple[int, int | None, int]] = []  # (form, old speaker, new speaker)
    for placement in placements:
        target = placement.speaker_id
        if target is None:
            row = new_rows.get(placement.new_group)
            if row is None:
                form = by_id[placement.form_id]
                row = Speaker(
                    key=name_key(form.name), name=form.name, kind=form.kind, quote_count=0
                )
                session.add(row)
                session.flush()  # its id
                new_rows[placement.new_group] = row
            target = row.id
        speaker_of[placement.form_id] = target
        old_speaker = by_id[placement.form_id].speaker_id
        if old_speaker != target:
            moves.append((placement.form_id, old_speaker, target))
    if not moves:
        return set()
    move_forms(session, [(form, new) for form, _old, new in moves])
    received: dict[int, Counter[int]] = defaultdict(Counter)
    for _form, old, new in moves:
        if old is not None:
            received[old][new] += 1
    changed = {new for _f, _o, new in moves} | {old for _f, old, _n in moves if old is not None}
    refresh_speakers(session, changed, received)
    return changed


_MOVE_FORM = (
    update(SpeakerAlias)
    .where(SpeakerAlias.id == bindparam("form"))
    .values(speaker_id=bindparam("speaker"))
)
_MOVE_QUOTES = (
    update(Quote)
    .where(Quote.speaker_alias_id == bindparam("form"))
    .values(speaker_id=bindparam("speaker"))
)


def move_forms(session: Session, moves: Sequence[tuple[int, int]]) -> None:
    """Move these forms, and exactly the quotes that came through them, to new speakers."""
    params = [{"form": form, "speaker": speaker} for form, speaker in moves]
    connection = session.connection()
    connection.execute(_MOVE_FORM, params)
    connection.execute(_MOVE_QUOTES, params)


_REFRESH = (
    update(Speaker)
    .where(Speaker.id == bindparam("sid"))
    .values(
        quote_count=bindparam("quote_count"),
        name=bindparam("name"),
        key=bindparam("key"),
        kind=bindparam("kind"),
        merged_into_id=bindparam("merged_into_id"),
    )
)


def refresh_speakers(
    session: Session, ids: Iterable[int], received: dict[int, Counter[int]] | None = None
) -> None:
    """Recompute each speaker's count, name and kind from its forms. A speaker left without
    forms points to the one that took most of them (its old id redirects there). Core
    statements, and only rows that change are written: this runs on every ingest."""
    ids = sorted(set(ids))
    if not ids:
        return
    forms: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    connection = session.connection()
    for speaker_id, alias, kind, count in connection.execute(_FORMS_OF, {"ids": ids}):
        if speaker_id is not None:
            forms[speaker_id].append((alias, kind, count))
    changes = []
    for row in connection.execute(_SPEAKERS_BY_ID, {"ids": ids}):
        mine = forms.get(row.id, [])
        new = {
            "sid": row.id,
            "quote_count": sum(count for _a, _k, count in mine),
            "name": row.name,
            "key": row.key,
            "kind": row.kind,
            "merged_into_id": None,
        }
        if not mine:
            takers = (received or {}).get(row.id)
            new["merged_into_id"] = takers.most_common(1)[0][0] if takers else row.merged_into_id
        else:
            if not row.kind_curated:
                kinds: Counter[str] = Counter()
                for _alias, kind, count in mine:
                    kinds[kind] += count + 1
                new["kind"] = "person" if kinds["person"] else kinds.most_common(1)[0][0]
            if not row.name_curated:
                new["name"] = display_name(mine, str(new["kind"]))
                new["key"] = name_key(str(new["name"]))
        old = {
            "sid": row.id,
            "quote_count": row.quote_count,
            "name": row.name,
            "key": row.key,
            "kind": row.kind,
            "merged_into_id": row.merged_into_id,
        }
        if new != old:
            changes.append(new)
    if changes:
        connection.execute(_REFRESH, changes)


def display_name(forms: Sequence[tuple[str, str, int]], kind: str) -> str:
    """The name a speaker goes by: its most quoted full name (a person's first and last
    name), else its most quoted form; ties go to the shorter, then alphabetical."""

    def rank(form: tuple[str, str, int]) -> tuple[int, int, int, str]:
        alias, _kind, count = form
        full = kind != "person" or parse_name(alias).full
        return (0 if full else 1, -count, len(alias), alias)

    return min(forms, key=rank)[0]


def all_blocks(session: Session) -> list[str]:
    """Every block key, for the re-run command."""
    return list(
        session.scalars(select(SpeakerAlias.last_key).distinct().order_by(SpeakerAlias.last_key))
    )


def quote_counts_by_form(session: Session, article_id: int) -> dict[int, int]:
    """How many of the article's quotes came through each form."""
    query = select(Quote.speaker_alias_id).where(
        Quote.article_id == article_id, Quote.speaker_alias_id.is_not(None)
    )
    return dict(Counter(session.scalars(query)))


_FORGET = (
    update(SpeakerAlias)
    .where(SpeakerAlias.id == bindparam("form"))
    .values(quote_count=SpeakerAlias.quote_count - bindparam("n"))
)


def forget_forms(session: Session, removed: dict[int, int]) -> None:
    """Take back the quotes a deletion removed (``removed``: quotes per form): forms and
    speakers nothing refers to any more go, and the blocks they were in are resolved again,
    since a bare surname's owner may have changed."""
    if not removed:
        return
    lock_identity(session)
    session.connection().execute(_FORGET, [{"form": f, "n": n} for f, n in removed.items()])
    rows = session.execute(
        select(SpeakerAlias.speaker_id, SpeakerAlias.last_key, SpeakerAlias.first_key).where(
            SpeakerAlias.id.in_(removed)
        )
    ).all()
    speakers = {row.speaker_id for row in rows if row.speaker_id is not None}
    session.execute(
        delete(SpeakerAlias).where(
            SpeakerAlias.id.in_(removed), SpeakerAlias.quote_count <= 0, ~SpeakerAlias.pinned
        )
    )
    speakers |= resolve_blocks(
        session, {r.last_key for r in rows} | {r.first_key for r in rows}
    ).changed
    refresh_speakers(session, speakers)
    has_forms = select(SpeakerAlias.id).where(SpeakerAlias.speaker_id == Speaker.id).exists()
    has_ids = (
        select(SpeakerExternalId.id).where(SpeakerExternalId.speaker_id == Speaker.id).exists()
    )
    session.execute(
        delete(Speaker).where(
            Speaker.id.in_(speakers),
            Speaker.quote_count <= 0,
            Speaker.merged_into_id.is_(None),
            ~Speaker.name_curated,
            ~Speaker.kind_curated,
            ~has_forms,
            ~has_ids,
        )
    )
