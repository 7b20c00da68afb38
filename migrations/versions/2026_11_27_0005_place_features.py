"""place features

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 13:00:00

What each place is, said the way a client reads it: ``feature`` (continent, country, admin1,
county, city, or a named feature such as sea, ocean, area), and the names of the first-level
region (state, province) and county it lies in or is: Paris, France from Paris, Missouri at a
glance.

Data: upgrade fills ``feature`` from the existing ``feature_kind`` ("region" is a first-level
division, "admin1"; a capital is a "city"), and ``admin1_name`` of first-level regions and
``admin2_name`` of counties from their own names; places stored before this revision get the
rest when they are next extracted. Downgrade drops the three columns: ``feature_kind`` still
holds what they were derived from, so nothing that existed before the upgrade is lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_place = sa.table(
    "place",
    sa.column("name", sa.String),
    sa.column("feature_kind", sa.String),
    sa.column("feature", sa.String),
    sa.column("admin1_name", sa.String),
    sa.column("admin2_name", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("place") as batch:
        batch.add_column(sa.Column("feature", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("admin1_name", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("admin2_name", sa.String(length=300), nullable=True))
        batch.create_index(batch.f("ix_place_feature"), ["feature"], unique=False)
    kind = _place.c.feature_kind
    op.execute(
        _place.update()
        .where(kind.is_not(None))
        .values(
            feature=sa.case(
                (kind == "region", "admin1"),
                (kind == "capital", "city"),
                else_=kind,
            )
        )
    )
    op.execute(_place.update().where(kind == "region").values(admin1_name=_place.c.name))
    op.execute(_place.update().where(kind == "county").values(admin2_name=_place.c.name))


def downgrade() -> None:
    with op.batch_alter_table("place") as batch:
        batch.drop_index(batch.f("ix_place_feature"))
        batch.drop_column("admin2_name")
        batch.drop_column("admin1_name")
        batch.drop_column("feature")
