from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PlaceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str = Field(examples=["Idlib"])
    geonames_id: int | None = Field(description="GeoNames id; null when unresolved.")
    country_code: str | None = Field(description="ISO 3166-1 alpha-2.", examples=["SY"])
    latitude: float | None = Field(examples=[35.93])
    longitude: float | None = Field(examples=[36.63])
    feature_kind: str | None = Field(examples=["city"])
    mention_count: int


class PlaceMentionRead(BaseModel):
    text: str = Field(description="The place as written.", examples=["Idlib City"])
    start: int
    end: int
    place: PlaceRead
