"""speaker identity: name forms as aliases, merges with redirects, curation, source kinds

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 13:30:00

Each alias row becomes one name form, unique across the corpus, with its name parts (the
blocks identity resolution works in), its quote count and a curator's pin; every quote points
to the form it came through. A speaker gains ``merged_into_id`` (its old id redirects) and
flags for a curated name and kind; "group" speakers become "organisation"; external ids
(Wikidata) get a table. Data: every alias row stays, as a form; each speaker's own name is
the form that carries its quotes. Run
``python -m app.speakers.resolve`` afterwards to join the forms across articles.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.speakers.names import parse_name
from app.speakers.resolution import block_of

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite's batch mode rebuilds the quote table, which drops the triggers that keep its FTS5
# index (migration 0002) in step: put them back after every rebuild.
QUOTE_FTS_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS quote_fts_insert AFTER INSERT ON quote BEGIN
        INSERT INTO quote_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quote_fts_delete AFTER DELETE ON quote BEGIN
        INSERT INTO quote_fts(quote_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quote_fts_update AFTER UPDATE OF text ON quote BEGIN
        INSERT INTO quote_fts(quote_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO quote_fts(rowid, text) VALUES (new.id, new.text);
    END""",
]


def _restore_quote_fts_triggers() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in QUOTE_FTS_TRIGGERS:
            bind.execute(sa.text(statement))


def _forms_from_aliases(bind: sa.engine.Connection) -> None:
    """Every alias row becomes a form with its name parts; a name that several speakers
    carried (the old schema's surname aliases: "clinton" under Bill and Hillary) stays with
    the most quoted of them only, as forms are unique; each speaker's own name is the form
    that carries its quotes."""
    speakers = {
        row.id: row
        for row in bind.execute(sa.text("SELECT id, key, name, kind, quote_count FROM speaker"))
    }
    aliases = bind.execute(
        sa.text("SELECT id, speaker_id, alias, alias_key FROM speaker_alias ORDER BY id")
    ).all()
    keep: dict[str, tuple[int, int]] = {}  # alias_key -> (alias id, owner's quote count)
    drop: list[int] = []
    for alias_id, speaker_id, _alias, key in aliases:
        weight = speakers[speaker_id].quote_count if speaker_id in speakers else 0
        if key in keep and keep[key][1] >= weight:
            drop.append(alias_id)
            continue
        if key in keep:
            drop.append(keep[key][0])
        keep[key] = (alias_id, weight)
    for alias_id in drop:
        bind.execute(sa.text("DELETE FROM speaker_alias WHERE id = :id"), {"id": alias_id})
    owned = {(speaker_id, key) for _i, speaker_id, _a, key in aliases}
    for speaker in speakers.values():
        if (speaker.id, speaker.key) not in owned and speaker.key not in keep:
            bind.execute(
                sa.text(
                    "INSERT INTO speaker_alias (speaker_id, alias, alias_key) "
                    "VALUES (:speaker, :name, :key)"
                ),
                {"speaker": speaker.id, "name": speaker.name, "key": speaker.key},
            )
    rows = bind.execute(
        sa.text("SELECT id, speaker_id, alias, alias_key FROM speaker_alias")
    ).all()
    for alias_id, speaker_id, alias, key in rows:
        owner = speakers.get(speaker_id)
        kind = owner.kind if owner is not None else "person"
        parts = parse_name(alias) if kind == "person" else None
        own = owner is not None and owner.key == key
        bind.execute(
            sa.text(
                "UPDATE speaker_alias SET kind = :kind, first_key = :first, last_key = :last, "
                "quote_count = :count WHERE id = :id"
            ),
            {
                "id": alias_id,
                "kind": kind,
                "first": parts.first if parts else "",
                "last": parts.last if parts else block_of(alias, kind),
                "count": owner.quote_count if own and owner is not None else 0,
            },
        )


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("name_curated", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("kind_curated", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_constraint("uq_speaker_key", type_="unique")
        batch_op.create_index("ix_speaker_key_id", ["key", "id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_speaker_merged_into_id_speaker"),
            "speaker",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )
    bind.execute(sa.text("UPDATE speaker SET kind = 'organisation' WHERE kind = 'group'"))

    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index("ix_speaker_alias_alias_key")
        batch_op.drop_constraint("uq_speaker_alias_speaker_id", type_="unique")
        batch_op.alter_column("speaker_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="person")
        )
        batch_op.add_column(
            sa.Column("first_key", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("last_key", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("quote_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _forms_from_aliases(bind)
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_speaker_alias_alias_key"), ["alias_key"])
        batch_op.create_index(batch_op.f("ix_speaker_alias_last_key"), ["last_key"], unique=False)
        batch_op.create_index("ix_speaker_alias_first_key", ["first_key"], unique=False)
        batch_op.create_index("ix_speaker_alias_speaker_id", ["speaker_id"], unique=False)

    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_alias_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_kind", sa.String(length=20), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_quote_speaker_alias_id"), ["speaker_alias_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_quote_speaker_alias_id_speaker_alias"),
            "speaker_alias",
            ["speaker_alias_id"],
            ["id"],
            ondelete="SET NULL",
        )
    bind.execute(
        sa.text(
            "UPDATE quote SET speaker_alias_id = (SELECT a.id FROM speaker_alias a "
            "JOIN speaker s ON s.id = a.speaker_id AND s.key = a.alias_key "
            "WHERE a.speaker_id = quote.speaker_id), source_kind = (SELECT s.kind FROM speaker s "
            "WHERE s.id = quote.speaker_id) WHERE speaker_id IS NOT NULL"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE quote SET source_kind = 'unnamed' "
            "WHERE speaker_id IS NULL AND speaker_text IS NOT NULL"
        )
    )
    _restore_quote_fts_triggers()

    op.create_table(
        "speaker_external_id",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
            name=op.f("fk_speaker_external_id_speaker_id_speaker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_external_id")),
        sa.UniqueConstraint("scheme", "value", name=op.f("uq_speaker_external_id_scheme")),
    )
    with op.batch_alter_table("speaker_external_id", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_external_id_speaker_id"), ["speaker_id"], unique=False
        )


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("speaker_external_id", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_external_id_speaker_id"))
    op.drop_table("speaker_external_id")

    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_quote_speaker_alias_id_speaker_alias"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_quote_speaker_alias_id"))
        batch_op.drop_column("source_kind")
        batch_op.drop_column("speaker_alias_id")
    _restore_quote_fts_triggers()

    bind.execute(sa.text("DELETE FROM speaker_alias WHERE speaker_id IS NULL"))
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index("ix_speaker_alias_speaker_id")
        batch_op.drop_index("ix_speaker_alias_first_key")
        batch_op.drop_index(batch_op.f("ix_speaker_alias_last_key"))
        batch_op.drop_constraint(batch_op.f("uq_speaker_alias_alias_key"), type_="unique")
        batch_op.drop_column("pinned")
        batch_op.drop_column("quote_count")
        batch_op.drop_column("last_key")
        batch_op.drop_column("first_key")
        batch_op.drop_column("kind")
        batch_op.alter_column("speaker_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            "uq_speaker_alias_speaker_id", ["speaker_id", "alias_key"]
        )
        batch_op.create_index("ix_speaker_alias_alias_key", ["alias_key"], unique=False)

    bind.execute(sa.text("UPDATE speaker SET kind = 'group' WHERE kind = 'organisation'"))
    # Renames may have given two speakers one key: the old schema's key is unique.
    bind.execute(
        sa.text(
            "UPDATE speaker SET key = key || '#' || CAST(id AS VARCHAR(20)) "
            "WHERE id NOT IN (SELECT min(id) FROM speaker GROUP BY key)"
        )
    )
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_speaker_merged_into_id_speaker"), type_="foreignkey")
        batch_op.drop_index("ix_speaker_key_id")
        batch_op.create_unique_constraint("uq_speaker_key", ["key"])
        batch_op.drop_column("kind_curated")
        batch_op.drop_column("name_curated")
        batch_op.drop_column("merged_into_id")
