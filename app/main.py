"""The application factory: settings in, a ready FastAPI app out."""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from app.api import health
from app.api.caching import ConditionalGetMiddleware
from app.api.guards import install_guards
from app.api.memo import RevisionMemo
from app.api.openapi import document_guards, operation_id
from app.api.problems import install_problem_handlers
from app.api.response_cache import ResponseCache
from app.articles import router as articles
from app.config import Settings
from app.db.revision import RevisionProbe
from app.db.session import build_engine, build_sessionmaker
from app.places import router as places
from app.quotes import router as quotes
from app.speakers import router as speakers

DESCRIPTION = """
Who said what, and where: quotes (direct, partial, indirect) with their resolved speakers, and
places resolved to GeoNames entries, extracted from news articles.

Lists are `{items, next}` pages with an opaque cursor; errors are RFC 9457 problem details.
Contains data from GeoNames (geonames.org), CC BY 4.0.
"""


_frozen = threading.Event()


def freeze_startup_objects() -> None:
    """What start-up built (modules, routes, schemas, the engine) lives as long as the
    process: move it out of the collector's full passes, which walked all of it and paused
    requests for tens to hundreds of milliseconds (the long tail's p99). Once per process,
    after a collection, so no garbage is frozen (a test run starts many apps)."""
    if not _frozen.is_set():
        _frozen.set()
        gc.collect()
        gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = build_engine(
        settings.database_url,
        statement_timeout_ms=settings.statement_timeout_ms,
        mmap_bytes=settings.sqlite_mmap_bytes,
    )

    revision = RevisionProbe(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        freeze_startup_objects()
        yield
        revision.close()
        engine.dispose()

    app = FastAPIOffline(
        title="Quotemap",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        static_url="/static/docs",
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = build_sessionmaker(engine)
    app.state.extractor = None  # loaded by the first write: reads never pay for the model
    app.state.extractor_lock = threading.Lock()
    # What a speaker name matches, per data revision (``app.api.memo``).
    app.state.name_matches = RevisionMemo()
    # Added first, so it runs inside the conditional GET (which ETags its answers too).
    app.add_middleware(
        ResponseCache,
        revision=revision,
        max_bytes=settings.response_cache_bytes,
    )
    app.add_middleware(ConditionalGetMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
            expose_headers=["Link", "ETag", "Location"],
        )
    install_problem_handlers(app)
    install_guards(app, settings)
    app.include_router(articles.router)
    app.include_router(quotes.router)
    app.include_router(speakers.router)
    app.include_router(places.router)
    app.include_router(health.router)
    document_guards(app)
    return app
