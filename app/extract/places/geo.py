"""Distance on the globe, for ranking readings by how near they lie to each other."""

from __future__ import annotations

import math

_EARTH_DIAMETER_KM = 12742.0
# A degree of latitude is 111.19 km everywhere: two points further apart in latitude than
# d / KM_PER_DEGREE_LAT degrees are further than d apart (rounded down to stay a lower bound).
KM_PER_DEGREE_LAT = 111.0


def farther_than(lat1: float, lat2: float, limit_km: float) -> bool:
    """True when points at these latitudes are surely more than ``limit_km`` apart, whatever
    their longitudes: a cheap test that spares most haversines."""
    return abs(lat1 - lat2) * KM_PER_DEGREE_LAT > limit_km


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return _EARTH_DIAMETER_KM * math.asin(math.sqrt(min(1.0, a)))
