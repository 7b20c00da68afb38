"""Distance on the globe, for ranking readings by how near they lie to each other."""

from __future__ import annotations

import math

_EARTH_DIAMETER_KM = 12742.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return _EARTH_DIAMETER_KM * math.asin(math.sqrt(min(1.0, a)))
