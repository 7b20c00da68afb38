"""Serve a SQLite file with Datasette (run by the bench's own Datasette venv, not ours).

    bench/.venv-datasette/bin/python bench/datasette_serve.py FILE PORT

As `datasette serve -i FILE` (immutable: no change checks, counts cached), but through
uvicorn without the access log, like the Quotemap server it is compared with. The full-text
table is named in metadata because Datasette only auto-detects content="table" quoting.
"""

import sys

import uvicorn
from datasette.app import Datasette  # type: ignore[import-not-found]


def main() -> None:
    path, port = sys.argv[1], int(sys.argv[2])
    metadata = {
        "databases": {"big": {"tables": {"article": {"fts_table": "article_fts", "fts_pk": "id"}}}}
    }
    datasette = Datasette(
        immutables=[path],
        metadata=metadata,
        settings={"default_page_size": 20, "suggest_facets": False},
    )
    uvicorn.run(datasette.app(), host="127.0.0.1", port=port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
