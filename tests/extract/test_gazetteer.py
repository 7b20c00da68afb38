"""The offline gazetteer: name folding, lookups against the real built file, the build helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.extract.gazetteer import Gazetteer, loose_key, name_key
from app.places.gazetteer_build import _midpoint_longitude
from tests.places_fixtures import gazetteer_path


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Ḩamāh", "hamah"),
        ("U.S.", "u s"),
        ("Ma'arrat an-Nu'man", "maarrat an numan"),
        ("Ma‘arrat an Nu‘mān", "maarrat an numan"),
        ("Saint-Étienne", "st etienne"),
        ("  Idlib\tCity ", "idlib city"),
        ("Trinidad & Tobago", "trinidad and tobago"),
    ],
)
def test_name_key_folds_case_diacritics_and_punctuation(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hama", "Ḩamāh"),
        ("Maarat Al-Numan", "Ma'arrat an-Nu'man"),
        ("Deir ez-Zor", "Deir ezZor"),
        ("Raqqa", "Ar-Raqqah"),
    ],
)
def test_loose_key_meets_transliteration_variants(a: str, b: str) -> None:
    assert loose_key(a) == loose_key(b)


@pytest.mark.parametrize(("a", "b"), [("Hama", "Homs"), ("Paris", "Perth"), ("Iran", "Iraq")])
def test_loose_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert loose_key(a) != loose_key(b)


# name -> (country code, feature kind) of an entry the lookup must return
KNOWN = [
    ("Syria", "SY", "country"),
    ("Idlib", "SY", "city"),
    ("Idlib", "SY", "region"),
    ("Hama", "SY", "city"),
    ("Ḩamāh", "SY", "city"),
    ("Maarat Al-Numan", "SY", "city"),
    ("Moscow", "RU", "capital"),
    ("Washington", "US", "capital"),
    ("Washington", "US", "region"),
    ("UAE", "AE", "country"),
    ("U.K.", "GB", "country"),
    ("Britain", "GB", "country"),
    ("Ky.", "US", "region"),
    ("Calif.", "US", "region"),
    ("D.C.", "US", "capital"),
    ("Tamil Nadu", "IN", "region"),
    ("Mediterranean", None, "sea"),
    ("Middle East", None, "area"),
    ("Europe", None, "continent"),
]


@pytest.mark.parametrize(("name", "country", "kind"), KNOWN)
def test_lookup_finds_entry(
    gazetteer: Gazetteer, name: str, country: str | None, kind: str
) -> None:
    found = {(e.country_code, e.feature_kind) for e in gazetteer.entries(name)}
    assert (country, kind) in found


def test_eu_is_europe_before_the_french_town(gazetteer: Gazetteer) -> None:
    entries = gazetteer.entries("EU")
    assert entries[0].feature_kind == "continent"
    assert entries[0].name == "Europe"


@pytest.mark.parametrize("name", ["Qumenas", "Hezbollah", "Instagram", "", "  ", "..."])
def test_lookup_of_unknown_name_is_empty(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) == ()


def test_country_points_lie_inside_big_countries(gazetteer: Gazetteer) -> None:
    # Representative points: near the middle, not at the capital (Moscow is ~3,000 km away).
    russia = gazetteer.country("RU")
    usa = gazetteer.country("US")
    assert russia is not None
    assert usa is not None
    assert 50 < russia.entry.latitude < 70
    assert 80 < russia.entry.longitude < 120
    assert 35 < usa.entry.latitude < 45
    assert -105 < usa.entry.longitude < -90
    assert gazetteer.country("ZZ") is None


def test_by_id_returns_the_entry(gazetteer: Gazetteer) -> None:
    moscow = gazetteer.entries("Moscow")[0]
    again = gazetteer.by_id(moscow.geonames_id)
    assert again is not None
    assert again.entry == moscow
    assert gazetteer.by_id(-999_999) is None


def test_open_reuses_one_instance_per_file() -> None:
    assert Gazetteer.open(gazetteer_path()) is Gazetteer.open(gazetteer_path())


def test_open_missing_file_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="gazetteer_build"):
        Gazetteer.open(tmp_path / "nope.sqlite")


def test_lookups_are_fast(gazetteer: Gazetteer) -> None:
    import time

    names = [f"Nowhereville{i}" for i in range(300)] + ["London", "Paris", "Springfield"]
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    cold = time.perf_counter() - started
    # A few hundred uncached index lookups take milliseconds, not seconds.
    assert cold < 1.0


@pytest.mark.parametrize(
    ("values", "centre"),
    [
        ([10.0, 20.0], 15.0),
        ([170.0, -170.0], 180.0),  # across the antimeridian (Alaska's Aleutians)
        ([-179.0, -151.0, 172.0], -169.5),
    ],
)
def test_midpoint_longitude(values: list[float], centre: float) -> None:
    assert _midpoint_longitude(values) == pytest.approx(centre) or _midpoint_longitude(
        values
    ) == pytest.approx(centre - 360)


def test_every_curated_alias_resolves_to_its_target(gazetteer: Gazetteer) -> None:
    import csv

    from app.places.gazetteer_build import DATA_DIR

    with (DATA_DIR / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        aliases = [row for row in csv.DictReader(handle) if not row["alias"].startswith("#")]
    assert len(aliases) > 100
    for row in aliases:
        candidates = gazetteer.lookup(row["alias"])
        assert candidates, row["alias"]
        kind, _, ref = row["target"].partition(":")
        best = candidates[0]
        if kind == "country":
            assert best.entry.country_code == ref, row
            assert best.entry.feature_kind == "country", row
        elif kind == "admin1":
            assert best.admin1 == ref, row
        else:
            assert best.entry.geonames_id == int(ref), row


def test_region_by_admin1_code(gazetteer: Gazetteer) -> None:
    kentucky = gazetteer.region("US.KY")
    assert kentucky is not None
    assert kentucky.entry.name == "Kentucky"
    assert kentucky.entry.feature_kind == "region"
    assert gazetteer.region("US.ZZ") is None


def test_forked_child_opens_its_own_connection(gazetteer: Gazetteer) -> None:
    import os

    gazetteer.lookup("Aleppo")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: a fresh name forces a query on the child's own connection
        ok = gazetteer.entries("Qamishli")[0].country_code == "SY"
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
