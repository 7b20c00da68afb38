from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.places.models import Place

CSV_COLUMNS = (
    "id",
    "name",
    "geonames_id",
    "country_code",
    "latitude",
    "longitude",
    "feature_kind",
    "feature",
    "admin1_name",
    "admin2_name",
    "mention_count",
)


class PlaceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str = Field(examples=["Idlib"])
    geonames_id: int | None = Field(description="GeoNames id; null when unresolved.")
    country_code: str | None = Field(description="ISO 3166-1 alpha-2.", examples=["SY"])
    latitude: float | None = Field(examples=[35.93])
    longitude: float | None = Field(examples=[36.63])
    feature_kind: str | None = Field(
        description="The gazetteer's kind: continent, country, region (first-level), county, "
        "capital, city, or a named feature (sea, ocean, area...).",
        examples=["city"],
    )
    feature: str | None = Field(
        default=None,
        description="What the place is: continent, country, admin1 (a state or province), "
        "county (a second-level division: county, parish, district), city, or a named "
        "feature (sea, ocean, area...); null when unresolved.",
        examples=["city"],
    )
    admin1_name: str | None = Field(
        default=None,
        description="The state or province the place lies in (or is).",
        examples=["Idlib"],
    )
    admin2_name: str | None = Field(
        default=None,
        description="The county or district the place lies in (or is).",
        examples=["Idlib District"],
    )
    mention_count: int


class PlaceMentionRead(BaseModel):
    text: str = Field(description="The place as written.", examples=["Idlib City"])
    start: int
    end: int
    place: PlaceRead


def place_mention(row: Any) -> dict[str, Any]:
    """A ``PlaceMentionRead`` (as a dict: see ``quotes.schemas.quote_in_article``) from a row of
    ``places.service.mentions_of_article``."""
    return {
        "text": row.text,
        "start": row.start_offset,
        "end": row.end_offset,
        "place": {
            "id": row.id,
            "name": row.name,
            "geonames_id": row.geonames_id,
            "country_code": row.country_code,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "feature_kind": row.feature_kind,
            "feature": row.feature,
            "admin1_name": row.admin1_name,
            "admin2_name": row.admin2_name,
            "mention_count": row.mention_count,
        },
    }


# The GeoJSON export (RFC 7946) as its OpenAPI schema: a FeatureCollection of points whose
# properties are a ``PlaceRead``; an unresolved place has a null geometry.
GEOJSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"type": "string", "enum": ["Point"]},
                                    "coordinates": {
                                        "description": "[longitude, latitude]",
                                        "type": "array",
                                        "items": {"type": "number"},
                                        "minItems": 2,
                                        "maxItems": 2,
                                    },
                                },
                            },
                        ]
                    },
                    "properties": {"$ref": "#/components/schemas/PlaceRead"},
                },
            },
        },
    },
}


def geojson_feature(place: Place) -> dict[str, Any]:
    """A GeoJSON Feature ([lon, lat], RFC 7946); unresolved places have a null geometry."""
    geometry = (
        {"type": "Point", "coordinates": [place.longitude, place.latitude]}
        if place.latitude is not None and place.longitude is not None
        else None
    )
    properties = PlaceRead.model_validate(place).model_dump()
    return {"type": "Feature", "id": place.id, "geometry": geometry, "properties": properties}
