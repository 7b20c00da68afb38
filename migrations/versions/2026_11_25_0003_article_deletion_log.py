"""article deletion log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 18:00:00

A row per deleted article. With the highest article id it gives a data revision that changes
on every write and never repeats, which the API's response cache is validated against.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_deletion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column(
            "deleted_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_deletion")),
    )


def downgrade() -> None:
    op.drop_table("article_deletion")
