"""stored search vectors

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 16:00:00

PostgreSQL only: the tsvector of each article and quote is stored in a generated column
(``search_vector``) and GIN-indexed, instead of an index over the ``to_tsvector`` expression.
With the expression index, every row the index could not decide alone (a phrase, such as a
hyphenated name, needs word positions) and every ``ts_rank`` parsed the whole article body
again: a relevance sort over 20,000 matching articles took four seconds. The stored vector is
read instead. SQLite's FTS5 tables (migration 0002) already store their index: nothing changes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same expressions as migration 0002's indexes; app/db/fulltext.py reads the columns.
VECTORS = {
    "article": "to_tsvector('english', coalesce(title, '') || ' ' || body)",
    "quote": "to_tsvector('english', text)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, vector in VECTORS.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector}) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_fts ON {table} USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, vector in VECTORS.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
        op.execute(f"CREATE INDEX ix_{table}_fts ON {table} USING gin ({vector})")
