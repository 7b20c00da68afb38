"""Re-run automatic speaker identity resolution over the whole corpus (or some surnames).

    python -m app.speakers.resolve              every block
    python -m app.speakers.resolve trump clinton

Curated decisions (merges, splits, names and kinds set through the API) are kept: pinned
name forms never move. Useful after upgrading a database whose speakers were stored by an
older release, or after a change to the identity rules.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.config import Settings
from app.db.revision import bump_revision
from app.db.session import build_engine, build_sessionmaker, transaction
from app.speakers.service import rerun_resolution


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.speakers.resolve",
        description="Re-run automatic speaker identity resolution; curated decisions stay.",
    )
    parser.add_argument(
        "blocks", nargs="*", help="surnames or organisation words to re-resolve (default: all)"
    )
    args = parser.parse_args(argv)
    engine = build_engine(Settings().database_url)
    try:
        with transaction(build_sessionmaker(engine)) as session:
            changed = rerun_resolution(
                session, [b.casefold() for b in args.blocks] if args.blocks else None
            )
            if changed:
                bump_revision(session)
    finally:
        engine.dispose()
    print(f"speaker rows changed: {changed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
