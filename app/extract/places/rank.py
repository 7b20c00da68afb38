"""Step 3: one reading per mention, ranked with what the article itself says."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from app.extract.gazetteer import (
    RANK_ALTERNATE,
    RANK_CODE,
    RANK_CURATED,
    RANK_PRIMARY,
    Candidate,
    Gazetteer,
    name_key,
)
from app.extract.places.candidates import Lookup, lookup_span
from app.extract.places.geo import farther_than, km
from app.extract.places.words import CITY_KINDS, PlaceSpan
from app.extract.types import GazetteerEntry, PlaceMention


def resolve(spans: list[PlaceSpan], gazetteer: Gazetteer, text: str) -> list[PlaceMention]:
    lookups = [lookup_span(span, gazetteer) for span in spans]
    qualifiers = _qualifiers(spans, text)
    # What each qualified mention's qualifier may be: "Georgia" in "Columbus, Georgia" may be the
    # country or the state, and the reading that contains a Columbus wins.
    containers = {i: _containers(lookups[q].candidates) for i, q in qualifiers.items()}
    # First pass without the article's context (but with a mention's own qualifier: "Glasgow,
    # Ky."); these readings become the context of the second pass.
    alone, scored = _Context(), _Scored()
    first = [
        _best(lk, alone, containers[i])[0] if i in containers else _best_once(scored, lk, alone)[0]
        for i, lk in enumerate(lookups)
    ]
    # Unqualified mentions of one name share one reading ("one sense per discourse"), and a name
    # is not its own context: five "Glasgow"s in a Kentucky story must not vote for Scotland. A
    # qualified mention ("Washington, D.C.") keeps its own reading.
    groups: dict[str, list[int]] = {}
    for index, lookup in enumerate(lookups):
        groups.setdefault(name_key(lookup.span.text), []).append(index)
    # The dateline says where the story was written: it weighs like several mentions.
    weights = [_DATELINE_WEIGHT if lk.span.label == "DATELINE" else 1 for lk in lookups]
    chosen = first
    for _ in range(_ROUNDS):
        chosen = _round(lookups, groups, qualifiers, containers, chosen, weights)
    # "Columbus, Georgia": the qualifier takes the reading that contains the qualified place.
    for index, qualifier in qualifiers.items():
        inner = chosen[index]
        if inner is None:
            continue
        for candidate in containers[index]:
            if candidate.entry.feature_kind in ("country", "region") and _within(inner, candidate):
                chosen[qualifier] = candidate
                break
    chosen = _without_stray_hamlets(chosen)
    return [
        PlaceMention(lk.span.text, lk.span.start, lk.span.end, None if c is None else c.entry)
        for lk, c in zip(lookups, chosen, strict=True)
    ]


def _without_stray_hamlets(chosen: list[Candidate | None]) -> list[Candidate | None]:
    """A hamlet in a country no other mention is in is more likely a name the gazetteer
    happens to share ("Titan", a village in Afghanistan, for a drilling company in Texas): left
    unresolved. (Not so a loose spelling alone: "Maarat Al-Numan" is a town GeoNames gives no
    population.)"""
    countries = Counter(c.entry.country_code for c in chosen if c is not None)
    return [
        None
        if c is not None
        and c.entry.feature_kind == "city"
        and c.entry.population < _HAMLET
        and countries[c.entry.country_code] <= 1
        and len(chosen) > 1
        else c
        for c in chosen
    ]


def _round(
    lookups: list[Lookup],
    groups: dict[str, list[int]],
    qualifiers: dict[int, int],
    containers: dict[int, tuple[Candidate, ...]],
    previous: list[Candidate | None],
    weights: list[int],
) -> list[Candidate | None]:
    """Each name's reading given the readings of all other names from the previous round."""
    context = _Context()
    for choice, weight in zip(previous, weights, strict=True):
        context.add(choice, weight)
    # Counties any other name may be, and counties any other name's towns may lie in: "Paris and
    # Henry County" settle each other (Paris, Tennessee lies in Henry County, Tennessee).
    may_be = {key: _county_codes(lookups[members[0]]) for key, members in groups.items()}
    for counties, towns in may_be.values():
        context.counties.update(counties)
        context.town_counties.update(towns)
    chosen: list[Candidate | None] = [None] * len(lookups)
    for key, members in groups.items():
        counties, towns = may_be[key]
        context.counties.subtract(counties)
        context.town_counties.subtract(towns)
        for index in members:
            context.add(previous[index], -weights[index])
        shared: list[int] = []
        for index in members:
            if index in qualifiers:
                chosen[index] = _best(lookups[index], context, containers[index])[0]
            else:
                shared.append(index)
        scored = _Scored()
        for index in shared:
            _best_once(scored, lookups[index], context)
        best = max(scored.values(), key=lambda pair: pair[1], default=(None, 0.0))[0]
        for index in shared:
            chosen[index] = best
        for index in members:
            context.add(previous[index], weights[index])
        context.counties.update(counties)
        context.town_counties.update(towns)
    return chosen


# Best reading and score, by what an unqualified mention's score depends on besides the
# context: its readings (the gazetteer hands out one tuple per name) and its hint.
_Scored = dict[tuple[int, str | None], tuple[Candidate | None, float]]


def _best_once(
    scored: _Scored, lookup: Lookup, context: _Context
) -> tuple[Candidate | None, float]:
    """``_best`` of an unqualified mention, scored once for all mentions of one name that
    look up the same readings under the same context."""
    reading = id(lookup.candidates), lookup.hint
    if reading not in scored:
        scored[reading] = _best(lookup, context, None)
    return scored[reading]


def _county_codes(lookup: Lookup) -> tuple[set[str], set[str]]:
    """The counties a name may be, and the counties its towns lie in (own names only)."""
    counties: set[str] = set()
    towns: set[str] = set()
    for candidate in lookup.candidates:
        if candidate.admin2 is None or candidate.loose or candidate.rank > RANK_PRIMARY:
            continue
        if candidate.entry.feature_kind == "county":
            counties.add(candidate.admin2)
        elif candidate.entry.feature_kind in CITY_KINDS:
            towns.add(candidate.admin2)
    return counties, towns


@dataclass(slots=True)
class _Context:
    """How many of the article's other mentions lie in each country and first-level region."""

    countries: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)  # admin1 codes ("US.KY")
    entities: Counter[int] = field(default_factory=Counter)  # GeoNames ids already named
    # Points of the towns and counties named: a namesake near them is the one meant.
    points: Counter[tuple[float, float]] = field(default_factory=Counter)
    counties: Counter[str] = field(default_factory=Counter)  # see _round
    town_counties: Counter[str] = field(default_factory=Counter)
    total: int = 0

    def add(self, choice: Candidate | None, step: int) -> None:
        if choice is None:
            return
        self.total += step
        self.entities[choice.entry.geonames_id] += step
        if choice.entry.country_code:
            self.countries[choice.entry.country_code] += step
        if choice.admin1:
            self.regions[choice.admin1] += step
        if choice.entry.feature_kind in _LOCAL_KINDS:
            self.points[(choice.entry.latitude, choice.entry.longitude)] += step

    def nearby(self, entry: GazetteerEntry) -> float:
        """A bonus for lying near the article's other towns: the nearer and the more, the
        larger."""
        nearest = math.inf
        close = 0
        reach = _NEAR_KM[-1][0]  # beyond it a point changes neither the bonus nor the count
        for (lat, lon), count in self.points.items():
            if count <= 0 or farther_than(entry.latitude, lat, reach):
                continue
            distance = km(entry.latitude, entry.longitude, lat, lon)
            nearest = min(nearest, distance)
            if distance <= _NEAR_KM[-1][0]:
                close += count
        for limit, bonus in _NEAR_KM:
            if nearest <= limit:
                return bonus + _NEAR_EACH * min(close - 1, _NEAR_MAX_EXTRA)
        return 0.0

    # Shares are smoothed: two mentions are thin evidence, twenty are not.
    def country_share(self, code: str | None) -> float:
        return self.countries[code] / max(self.total + _SMOOTHING, 1) if code else 0.0

    def region_share(self, admin1: str | None) -> float:
        return self.regions[admin1] / max(self.total + _SMOOTHING, 1) if admin1 else 0.0


def _containers(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The readings of a qualifier worth testing: countries, regions and the qualifier's own
    entries by their own names ("D.C." is Washington itself)."""
    return tuple(c for c in candidates if c.rank <= RANK_PRIMARY and not c.loose)[:_MAX_CONTAINERS]


def _qualifiers(spans: list[PlaceSpan], text: str) -> dict[int, int]:
    """ "Austin, Texas" / "Washington, D.C.": the mention right after a comma qualifies the one
    before it (index of the qualified span -> index of its qualifier)."""
    pairs: dict[int, int] = {}
    for index in range(len(spans) - 1):
        left, right = spans[index], spans[index + 1]
        if text[left.end : right.start] in (",", ", ", ",\u00a0") and name_key(
            left.text
        ) != name_key(right.text):
            pairs[index] = index + 1
    return pairs


def _best(
    lookup: Lookup, context: _Context, qualifier: tuple[Candidate, ...] | None
) -> tuple[Candidate | None, float]:
    best: Candidate | None = None
    best_score = -math.inf
    for candidate in lookup.candidates:
        score = _score(candidate, lookup, context, qualifier)
        if score > best_score:
            best, best_score = candidate, score
    return best, best_score


# Scores add up like log-odds: feature kind and size (log10 of population) give the prior, the
# way the name matched and what else the article mentions shift it.
_KIND_PRIOR = {"country": 20.0, "continent": 19.0}
_CURATED_PRIOR = 15.0  # seas, oceans, named regions: rarely ambiguous once named in full
_CAPITAL_BONUS = 3.0
_CITY_POPULATION_WEIGHT = 1.5
# Renown beyond size: Venice, Italy has 66 alternate names in GeoNames, Venice, California 15.
_FAME_WEIGHT = 1.0
_SMOOTHING = 0
_REGION_PRIOR = 2.0  # plus log10 of the summed population of its cities
_AIRPORT_PRIOR = 4.0  # named bare ("Heathrow"), an airport needs the article's context
_COUNTY_PRIOR = -1.0  # plus log10 of the summed population of its towns
_SEAT_PENALTY = 3.0  # a region named like its own big city ("Aleppo"): news means the city
_NAME_BONUS = {RANK_CODE: 3.0, RANK_CURATED: 3.0, RANK_PRIMARY: 0.0, RANK_ALTERNATE: -3.0}
_LOOSE_PENALTY = 2.0
_HINT_BONUS = 8.0
# Context bonuses grow with the share of the article's other mentions in the same country or
# region, plus a fixed part for being mentioned at all.
_COUNTRY_CONTEXT = (1.0, 2.5)
_REGION_CONTEXT = (2.0, 4.0)
_QUALIFIER_BONUS = 12.0
_MAX_CONTAINERS = 20
# Distance to the nearest other town or county the article names (km, bonus), and a little more
# for each further one within the last distance.
_NEAR_KM = ((30.0, 5.0), (80.0, 4.0), (160.0, 2.5), (320.0, 1.0))
_NEAR_EACH = 0.5
_NEAR_MAX_EXTRA = 4
_LOCAL_KINDS = frozenset({"city", "capital", "county", "airport"})
_DATELINE_WEIGHT = 3
_HAMLET = 1000  # people
_SHARED_COUNTY_BONUS = 6.0
_ROUNDS = 2
_NAMESAKE_BONUS = 10.0
_SAME_ENTITY_BONUS = 4.0


def _score(
    candidate: Candidate,
    lookup: Lookup,
    context: _Context,
    qualifier: tuple[Candidate, ...] | None,
) -> float:
    entry = candidate.entry
    kind = entry.feature_kind
    size = math.log10(entry.population + 1)
    if kind in _KIND_PRIOR:
        score = _KIND_PRIOR[kind]
    elif kind in CITY_KINDS:
        score = _CITY_POPULATION_WEIGHT * size + _FAME_WEIGHT * math.log10(candidate.fame + 1)
        # Only under its own name: "Salisbury" is a former name of Harare, not the capital now.
        if kind == "capital" and candidate.rank <= RANK_PRIMARY:
            score += _CAPITAL_BONUS
    elif kind == "region":
        score = _REGION_PRIOR + size
        if lookup.hint != "region" and _has_seat(candidate, lookup.candidates):
            score -= _SEAT_PENALTY
    elif kind == "airport":
        score = _AIRPORT_PRIOR
    elif kind == "county":
        # Unnamed as such ("Laurel" rather than "Laurel County"), a county is seldom meant.
        score = _COUNTY_PRIOR + size
    else:
        score = _CURATED_PRIOR
    score += _NAME_BONUS.get(candidate.rank, 0.0)
    if candidate.loose:
        score -= _LOOSE_PENALTY
    if (
        (lookup.hint == "city" and kind in CITY_KINDS)
        or (lookup.hint == "region" and kind in ("region", "county"))
        or (lookup.hint == "county" and kind == "county")
        or (lookup.hint == "airport" and kind == "airport")
    ):
        score += _HINT_BONUS
    share = context.country_share(entry.country_code)
    if share > 0:
        score += _COUNTRY_CONTEXT[0] + _COUNTRY_CONTEXT[1] * share
    share = context.region_share(candidate.admin1)
    if share > 0:
        score += _REGION_CONTEXT[0] + _REGION_CONTEXT[1] * share
    if kind in _LOCAL_KINDS:
        score += context.nearby(entry)
    if candidate.admin2 is not None and (
        context.counties[candidate.admin2] > 0
        if kind in CITY_KINDS
        else kind == "county" and context.town_counties[candidate.admin2] > 0
    ):
        score += _SHARED_COUNTY_BONUS
    elif kind == "region" and context.regions[candidate.admin1 or ""] > 0:
        # The article's towns lie inside it: as near as a region can be ("Wyoming" the state,
        # not Wyoming, Michigan, in a story about Cheyenne).
        score += _NEAR_KM[1][1]
    if qualifier is not None and any(_within(candidate, q) for q in qualifier):
        score += _QUALIFIER_BONUS
    if context.entities[entry.geonames_id] > 0:
        # Named otherwise elsewhere in the article: "CAMP MURRAY, Wash." makes a later
        # "Washington" the state.
        score += _SAME_ENTITY_BONUS
    if kind == "region" and _outranks_namesake_country(candidate, lookup, context):
        score += _NAMESAKE_BONUS
    return score


def _outranks_namesake_country(region: Candidate, lookup: Lookup, context: _Context) -> bool:
    """ "Georgia" in a story about the US is the state: a region of a country the article is
    about beats a namesake country the article does not otherwise mention."""
    if context.country_share(region.entry.country_code) <= 0:
        return False
    return any(
        other.entry.feature_kind == "country"
        and context.country_share(other.entry.country_code) <= 0
        for other in lookup.candidates
    )


def _has_seat(region: Candidate, candidates: tuple[Candidate, ...]) -> bool:
    """True when a same-named city in the region holds a good share of its people."""
    return any(
        other.entry.feature_kind in CITY_KINDS
        and other.admin1 == region.admin1
        and other.entry.population * 4 >= region.entry.population
        for other in candidates
    )


def _within(candidate: Candidate, qualifier: Candidate) -> bool:
    q = qualifier.entry
    if q.geonames_id == candidate.entry.geonames_id:
        return True
    if q.feature_kind == "country":
        return candidate.entry.country_code == q.country_code
    if q.feature_kind == "region":
        return candidate.admin1 is not None and candidate.admin1 == qualifier.admin1
    if q.feature_kind == "county":
        return candidate.admin2 is not None and candidate.admin2 == qualifier.admin2
    return False
