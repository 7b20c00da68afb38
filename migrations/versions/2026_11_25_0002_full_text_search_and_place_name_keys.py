"""full-text search and place name keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:21:00

SQLite: FTS5 external-content tables over article (title, body) and quote (text), kept in sync
by triggers, so every ingest transaction updates the index with the rows it writes.
PostgreSQL: GIN indexes over the same tsvector expressions the search service queries.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.extract.text import name_key

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept in step with app/db/fulltext.py, which queries these expressions.
PG_ARTICLE_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || body)"
PG_QUOTE_VECTOR = "to_tsvector('english', text)"
FTS5_TOKENIZER = "porter unicode61 remove_diacritics 2"

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, content='article', content_rowid='id', tokenize='{FTS5_TOKENIZER}')""",
    """CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER article_fts_update AFTER UPDATE OF title, body ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    f"""CREATE VIRTUAL TABLE quote_fts USING fts5(
        text, content='quote', content_rowid='id', tokenize='{FTS5_TOKENIZER}')""",
    """CREATE TRIGGER quote_fts_insert AFTER INSERT ON quote BEGIN
        INSERT INTO quote_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER quote_fts_delete AFTER DELETE ON quote BEGIN
        INSERT INTO quote_fts(quote_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER quote_fts_update AFTER UPDATE OF text ON quote BEGIN
        INSERT INTO quote_fts(quote_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO quote_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    "INSERT INTO quote_fts(quote_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS article_fts_insert",
    "DROP TRIGGER IF EXISTS article_fts_delete",
    "DROP TRIGGER IF EXISTS article_fts_update",
    "DROP TRIGGER IF EXISTS quote_fts_insert",
    "DROP TRIGGER IF EXISTS quote_fts_delete",
    "DROP TRIGGER IF EXISTS quote_fts_update",
    "DROP TABLE IF EXISTS article_fts",
    "DROP TABLE IF EXISTS quote_fts",
]
PG_UP = [
    f"CREATE INDEX ix_article_fts ON article USING gin ({PG_ARTICLE_VECTOR})",
    f"CREATE INDEX ix_quote_fts ON quote USING gin ({PG_QUOTE_VECTOR})",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_article_fts", "DROP INDEX IF EXISTS ix_quote_fts"]


def _backfill(table: str, source: str, target: str) -> None:
    """Keys for the rows a first-release database already holds."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {source} FROM {table}")).all()  # noqa: S608
    for row_id, value in rows:
        bind.execute(
            sa.text(f"UPDATE {table} SET {target} = :key WHERE id = :id"),  # noqa: S608
            {"key": name_key(value), "id": row_id},
        )


def upgrade() -> None:
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=300), nullable=True))
    with op.batch_alter_table("place_mention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_key", sa.String(length=300), nullable=True))
    _backfill("place", "name", "name_key")
    _backfill("place_mention", "text", "text_key")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=sa.String(length=300), nullable=False)
        batch_op.create_index(batch_op.f("ix_place_name_key"), ["name_key"], unique=False)
    with op.batch_alter_table("place_mention", schema=None) as batch_op:
        batch_op.alter_column("text_key", existing_type=sa.String(length=300), nullable=False)
        batch_op.create_index(batch_op.f("ix_place_mention_text_key"), ["text_key"], unique=False)

    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else PG_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else PG_DOWN
    for statement in statements:
        op.execute(statement)
    with op.batch_alter_table("place_mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_mention_text_key"))
        batch_op.drop_column("text_key")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_name_key"))
        batch_op.drop_column("name_key")
