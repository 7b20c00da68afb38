"""The data revision: a counter of committed writes, which validates the API's response cache
and the ETags of its streamed exports.

Every write transaction (an ingest, a deletion) raises it as its last statement. The row lock
that takes makes concurrent writers commit one after another, so the counter changes with
every commit, in commit order, on PostgreSQL as on SQLite. (The highest article id does not:
on PostgreSQL a transaction holding a lower id can commit after one holding a higher id.)
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from sqlalchemy import BigInteger, Engine, Integer, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db.base import Base
from app.db.session import is_sqlite

ROW_ID = 1


class DataRevision(Base):
    __tablename__ = "data_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)


_BUMP = (
    update(DataRevision).where(DataRevision.id == ROW_ID).values(revision=DataRevision.revision + 1)
)
# A missing row (a database emptied by hand) reads as 0 and is put back by the next write.
_TABLE = DataRevision.__table__
_READ = select(
    func.coalesce(select(_TABLE.c.revision).where(_TABLE.c.id == ROW_ID).scalar_subquery(), 0)
)
# The same query as plain SQL (valid on both engines), for the probe's raw cursor. Built from
# the table, not the ORM class: compiling an ORM statement at import would configure mappers
# before every model is imported.
_READ_SQL = str(_READ.compile(compile_kwargs={"literal_binds": True}))


def bump_revision(session: Session) -> None:
    """Count this transaction's write. Call it last: it holds the row lock until commit."""
    connection = session.connection()
    if connection.execute(_BUMP).rowcount == 0:
        connection.execute(insert(DataRevision).values(id=ROW_ID, revision=1))


def read_revision(session: Session) -> int:
    """The revision as this session sees it: the validator of streamed exports."""
    return int(session.connection().execute(_READ).scalar_one())


class RevisionProbe:
    """Reads the revision on every request, on a connection of its own kept open: without a
    pool checkout or SQLAlchemy's statement machinery, which cost more than the lookup (a
    third of a cached answer's time).

    Used from the event loop only. The connection reads in autocommit, so each probe sees the
    latest committed revision and never holds a snapshot or a transaction open.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Any = None

    def __call__(self) -> int | None:
        """The revision, or None when the database cannot be read."""
        try:
            if self.connection is None:
                self.connection = self.engine.raw_connection()
                if not is_sqlite(str(self.engine.url)):
                    self.connection.driver_connection.autocommit = True
            cursor = self.connection.cursor()
            try:
                cursor.execute(_READ_SQL)
                (revision,) = cursor.fetchone()
            finally:
                cursor.close()
        except Exception:
            self.close()
            return None
        return int(revision)

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            with suppress(Exception):
                connection.invalidate()
