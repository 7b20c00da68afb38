"""The data revision: a counter of committed writes, for the API's response cache.

Every write transaction (an ingest, a deletion) raises it as its last statement. The row lock
that takes makes concurrent writers commit one after another, so the counter changes with
every commit, in commit order, on PostgreSQL as on SQLite. (The highest article id does not:
on PostgreSQL a transaction holding a lower id can commit after one holding a higher id.)
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from sqlalchemy import BigInteger, Engine, Integer, insert, update
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
_READ = "SELECT coalesce((SELECT revision FROM data_revision WHERE id = 1), 0)"  # id: ROW_ID


def bump_revision(session: Session) -> None:
    """Count this transaction's write. Call it last: it holds the row lock until commit."""
    connection = session.connection()
    if connection.execute(_BUMP).rowcount == 0:
        connection.execute(insert(DataRevision).values(id=ROW_ID, revision=1))


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
                cursor.execute(_READ)
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
