"""article web fields

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 13:00:00

What web pages tell about an article: its byline (one article_author row per name, in order,
with a casefolded key for the author= filter), site name, language, canonical URL; and whether
quotes and places were extracted (extraction_status, with the reason in extraction_note when
they were not, such as an article not in English).

Columns are added without a batch rebuild, so SQLite's full-text triggers on article stay.
Up: the articles already stored were all extracted, so they are marked "done"; the language
of an article whose source was an English-language outlet is not guessed (NULL: unknown).
Down: the new columns and table go; every earlier column and row is left as it was.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("article", sa.Column("site_name", sa.String(length=200), nullable=True))
    op.add_column("article", sa.Column("language", sa.String(length=16), nullable=True))
    op.add_column("article", sa.Column("canonical_url", sa.String(length=2048), nullable=True))
    op.add_column(
        "article",
        sa.Column("extraction_status", sa.String(length=16), server_default="done", nullable=False),
    )
    op.add_column("article", sa.Column("extraction_note", sa.Text(), nullable=True))
    op.create_index(op.f("ix_article_language"), "article", ["language"], unique=False)
    op.execute("UPDATE article SET extraction_status = 'done'")
    op.create_table(
        "article_author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_article_author_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_author")),
        sa.UniqueConstraint(
            "article_id", "position", name=op.f("uq_article_author_article_id")
        ),
    )
    op.create_index(
        op.f("ix_article_author_name_key"), "article_author", ["name_key"], unique=False
    )
    op.create_index(
        op.f("ix_article_author_article_id"), "article_author", ["article_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_article_author_article_id"), table_name="article_author")
    op.drop_index(op.f("ix_article_author_name_key"), table_name="article_author")
    op.drop_table("article_author")
    op.drop_index(op.f("ix_article_language"), table_name="article")
    for column in ("extraction_note", "extraction_status", "canonical_url", "language", "site_name"):
        op.drop_column("article", column)
