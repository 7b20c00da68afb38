"""Read side of the offline gazetteer: name lookups against the SQLite file built at set-up.

The file is built by ``python -m app.places.gazetteer_build`` from GeoNames data (see
``app/places/data/LICENSE.md``). Opening is cheap (one read-only connection, shared per path) and
lookups are memoised, because the extractor asks for the same few dozen names in every article.

Names are matched on two keys computed by the same functions at build and at query time:
``name_key`` (case, diacritics and punctuation folded) and ``loose_key`` (also drops Arabic
articles, doubled letters and a final "h" after a vowel), so that "Hama", "Hamah" and "Ḩamāh", or
"Maarat Al-Numan" and "Ma'arrat an-Nu'man", meet.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from unidecode import unidecode

from app.extract.types import GazetteerEntry

# Name ranks stored with every name row: a curated alias beats the entry's own name, which beats
# one of GeoNames' alternate names (these include many historical and foreign spellings).
RANK_CODE = -1  # a curated bare two-letter code ("UK", "BC"): unlike "Va.", written so in news
RANK_CURATED = 0
RANK_PRIMARY = 1
RANK_ALTERNATE = 2

# Apostrophes and ayn/hamza marks vanish: "Ma'arrat", "Ma‘arrat" and "Maarrat" are one name.
_STRIP = str.maketrans("", "", "'`´‘’ʼʻʿʾ")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Arabic definite articles written as separate words once hyphens are folded ("an-Nu'man").
_ARTICLES = frozenset({"al", "el", "an", "ar", "as", "ash", "ad", "at", "az", "ath", "ed", "es"})
_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Fold case, diacritics, apostrophes and punctuation: "Ḩamāh" -> "hamah", "U.S." -> "u s"."""
    return key_of(name)


def key_of(name: str) -> str:
    """``name_key`` without the cache (the gazetteer build folds a million distinct names)."""
    text = name if name.isascii() else unidecode(name)
    # unidecode can itself produce apostrophes (from "ʿ", "ʼ"), so strip after it.
    text = text.lower().translate(_STRIP).replace("&", " and ")
    key = " ".join(_NON_ALNUM.sub(" ", text).split())
    if "s" in key or "m" in key or "f" in key:  # cheap pre-check before the word-by-word pass
        key = " ".join(_ABBREVIATIONS.get(w, w) for w in key.split())
    return key


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """A coarser key for transliteration variants: "Maarat Al-Numan" -> "maratnuman"."""
    return loose_of_key(name_key(name))


def loose_of_key(key: str) -> str:
    """``loose_key`` from an already computed ``name_key``."""
    joined = "".join(w for w in key.split() if w not in _ARTICLES)
    joined = _DOUBLED.sub(r"\1", joined)
    # A final "h" after a vowel is a transliteration habit: "Hamah" / "Hama".
    if len(joined) > 2 and joined[-1] == "h" and joined[-2] in "aeiou":
        joined = joined[:-1]
    return joined


_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.")


def is_abbreviation(name: str) -> bool:
    """A one-word abbreviation with its dot ("Ky.", "Man.", "Miss."): without the dot such a
    word is usually an ordinary one, so the gazetteer keys it with the dot."""
    return _ABBREVIATION.fullmatch(name) is not None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to, with how the name matched it."""

    entry: GazetteerEntry
    admin1: str | None  # "SY.10": the first-level region the entry lies in (or is)
    rank: int  # RANK_CODE / RANK_CURATED / RANK_PRIMARY / RANK_ALTERNATE
    loose: bool  # matched only through ``loose_key``
    fame: int = 0  # number of alternate names GeoNames lists for a city: famous places have many
    admin2: str | None = None  # "US.KY.177": the county the entry lies in (or is)


_CACHE_LIMIT = 200_000
# Common names ("San Jose", "Springfield") have hundreds of entries; the most populous 300 are
# plenty for ranking and keep a lookup cheap. The rank column is the best of the matching names.
_BY_KEY = """
SELECT e.geonames_id, e.name, e.country_code, e.latitude, e.longitude, e.kind, e.population,
       e.admin1, e.fame, e.admin2, e.admin1_name, e.admin2_name, MIN(n.rank)
FROM name n JOIN entry e ON e.geonames_id = n.entry
WHERE n.key = ? GROUP BY e.geonames_id ORDER BY MIN(n.rank), e.population DESC LIMIT 300
"""
_BY_LOOSE = """
SELECT e.geonames_id, e.name, e.country_code, e.latitude, e.longitude, e.kind, e.population,
       e.admin1, e.fame, e.admin2, e.admin1_name, e.admin2_name, MIN(n.rank)
FROM name n JOIN entry e ON e.geonames_id = n.entry
WHERE n.loose = ? GROUP BY e.geonames_id ORDER BY MIN(n.rank), e.population DESC LIMIT 300
"""
_BY_ID = """
SELECT e.geonames_id, e.name, e.country_code, e.latitude, e.longitude, e.kind, e.population,
       e.admin1, e.fame, e.admin2, e.admin1_name, e.admin2_name, 1
FROM entry e WHERE e.geonames_id = ?
"""
_REGION = """
SELECT e.geonames_id, e.name, e.country_code, e.latitude, e.longitude, e.kind, e.population,
       e.admin1, e.fame, e.admin2, e.admin1_name, e.admin2_name, 1
FROM entry e WHERE e.admin1 = ? AND e.kind = 'region'
"""
_COUNTRIES = """
SELECT e.geonames_id, e.name, e.country_code, e.latitude, e.longitude, e.kind, e.population,
       e.admin1, e.fame, e.admin2, e.admin1_name, e.admin2_name, 1
FROM entry e WHERE e.kind = 'country'
"""


class Gazetteer:
    """A read-only view of the built gazetteer file. Use ``Gazetteer.open(path)``."""

    _open: ClassVar[dict[Path, Gazetteer]] = {}
    _open_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = os.getpid()
        self._db = _connect(path)
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._by_id: dict[int, Candidate | None] = {}
        self._countries: dict[str, Candidate] | None = None

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        """Open (or reuse) the gazetteer at ``path``; raises ``FileNotFoundError`` if not built."""
        resolved = Path(path).resolve()
        with cls._open_lock:
            cached = cls._open.get(resolved)
            if cached is not None:
                return cached
            if not resolved.is_file():
                raise FileNotFoundError(
                    f"gazetteer not built: {resolved} (run python -m app.places.gazetteer_build)"
                )
            gazetteer = cls(resolved)
            cls._open[resolved] = gazetteer
            return gazetteer

    def _connection(self) -> sqlite3.Connection:
        # A forked worker (RQ forks one per job) must not use its parent's SQLite connection.
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._db = _connect(self.path)
        return self._db

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """All entries ``name`` may refer to: exact-key matches, else loose-key matches."""
        key = name_key(name)
        if not key:
            return ()
        if is_abbreviation(name):
            key += "."
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found = self._query(_BY_KEY, key, loose=False)
        if key.endswith("."):
            found += self._query(_BY_KEY, key[:-1], loose=False)
        if not found:
            loose = loose_key(name)
            # Very short loose keys collide with too many unrelated names.
            if len(loose) >= 4:
                found = self._query(_BY_LOOSE, loose, loose=True)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()  # a long-running worker must not grow without bound
        self._cache[key] = found
        return found

    def abbreviation(self, name: str) -> bool:
        """True when ``name`` ("Alta.", "Ky.") is an abbreviation the gazetteer holds with its
        dot."""
        if not is_abbreviation(name):
            return False
        key = f"abbreviation:{name_key(name)}."
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._query(_BY_KEY, key.partition(":")[2], loose=False)
        return bool(cached)

    def entries(self, name: str) -> tuple[GazetteerEntry, ...]:
        """The entries for ``name``, best name match and most populous first."""
        return tuple(c.entry for c in self.lookup(name))

    def knows(self, name: str) -> bool:
        return bool(self.lookup(name))

    def by_id(self, geonames_id: int) -> Candidate | None:
        if geonames_id in self._by_id:
            return self._by_id[geonames_id]
        with self._lock:
            row = self._connection().execute(_BY_ID, (geonames_id,)).fetchone()
        candidate = _candidate(row, loose=False) if row else None
        self._by_id[geonames_id] = candidate
        return candidate

    def region(self, admin1: str) -> Candidate | None:
        """The first-level region with GeoNames' admin1 code ("US.KY"), or None."""
        key = f"admin1:{admin1}"
        cached = self._cache.get(key)
        if cached is None:
            with self._lock:
                row = self._connection().execute(_REGION, (admin1,)).fetchone()
            cached = self._cache[key] = (_candidate(row, loose=False),) if row else ()
        return cached[0] if cached else None

    def country(self, country_code: str) -> Candidate | None:
        """The country entry for an ISO code ("SY"), or None."""
        if self._countries is None:
            with self._lock:
                rows = self._connection().execute(_COUNTRIES).fetchall()
            self._countries = {
                str(row[2]): _candidate(row, loose=False) for row in rows if row[2] is not None
            }
        return self._countries.get(country_code)

    def _query(self, sql: str, value: str, *, loose: bool) -> tuple[Candidate, ...]:
        with self._lock:
            rows = self._connection().execute(sql, (value,)).fetchall()
        return tuple(_candidate(row, loose=loose) for row in rows)


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only and shared between threads: the file never changes while it is in use, and
    # sqlite3 serialises access on one connection (each query also holds Gazetteer._lock).
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _candidate(row: tuple[Any, ...], *, loose: bool) -> Candidate:
    (
        geonames_id,
        name,
        country_code,
        lat,
        lon,
        kind,
        population,
        admin1,
        fame,
        admin2,
        a1,
        a2,
        rank,
    ) = row
    entry = GazetteerEntry(
        geonames_id=int(geonames_id),
        name=str(name),
        country_code=country_code,
        latitude=float(lat),
        longitude=float(lon),
        feature_kind=str(kind),
        population=int(population),
        admin1_name=a1,
        admin2_name=a2,
    )
    return Candidate(
        entry=entry, admin1=admin1, rank=int(rank), loose=loose, fame=int(fame), admin2=admin2
    )
