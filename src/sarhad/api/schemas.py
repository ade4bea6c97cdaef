"""Query parameters of the API and the pages, validated by pydantic so bad input is a 422, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from sarhad.api.queries import IncidentFilter, MapView

Corroboration = Literal["single", "repeated", "independent", "official", "confirmed"]
Releasability = Literal["national", "bilateral", "public"]
SortKey = Literal[
    "date", "-date", "type", "-type", "place", "-place", "sector", "-sector", "killed", "-killed",
    "casualties", "-casualties",
]  # fmt: skip
TypeName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,31}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
BorderKey = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z]{2}$")]
MAX_PER_PAGE = 200
MAX_GEO_PAGE = 1000


def _blank_to_none(value: Any) -> Any:
    """HTML forms send empty fields as ""; treat them as "not given" rather than as bad input."""
    if isinstance(value, list):
        return [v for v in value if v not in ("", None)]
    return None if value == "" else value


class IncidentQuery(BaseModel):
    """Filters shared by /api/incidents, /api/incidents.geojson, the list page and the map."""

    model_config = ConfigDict(extra="forbid")

    type: list[TypeName] = Field(default_factory=list, description="Event type(s), e.g. ied, attack.")
    date_from: dt.date | None = Field(None, description="Earliest incident date, YYYY-MM-DD.")
    date_to: dt.date | None = Field(None, description="Latest incident date, YYYY-MM-DD.")
    sector: list[Annotated[int, Field(ge=1, le=10_000)]] = Field(
        default_factory=list, description="Border sector number(s), counted from the line's start."
    )
    side: CountryCode | None = Field(None, description="ISO-2 code of the side the incident was on.")
    border: BorderKey | None = Field(
        None, description="Only incidents read for this border, e.g. AF-PK (a node may watch several)."
    )
    corroboration: list[Corroboration] = Field(default_factory=list, description="Corroboration level(s).")
    releasability: list[Releasability] = Field(
        default_factory=list, description="Who may see it: national, bilateral or public."
    )
    recalled: bool | None = Field(
        None,
        description="false: only the news (incidents a report tells as news); true: only the history "
        "reports recall in passing; omitted: both.",
    )

    _blanks = field_validator("*", mode="before")(_blank_to_none)

    @model_validator(mode="after")
    def _ordered_dates(self) -> IncidentQuery:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from ({self.date_from}) is after date_to ({self.date_to})")
        return self

    def to_filter(self, located: bool = False) -> IncidentFilter:
        return IncidentFilter(
            types=tuple(self.type),
            date_from=self.date_from,
            date_to=self.date_to,
            sectors=tuple(self.sector),
            side=self.side,
            corroboration=tuple(self.corroboration),
            releasability=tuple(self.releasability),
            located=located,
            recalled=self.recalled,
            border=self.border,
        )


class ExportQuery(IncidentQuery):
    audience: Literal["national", "bilateral"] = Field(
        "national",
        description="national: this node's picture; bilateral: what the other party may receive (values "
        "chosen again from the sources that may go, as the exchange does).",
    )


class GeoPageQuery(IncidentQuery):
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    per_page: int = Field(
        MAX_GEO_PAGE, ge=1, le=MAX_GEO_PAGE, description=f"Features per page (1–{MAX_GEO_PAGE})."
    )


class PageQuery(IncidentQuery):
    sort: SortKey = Field("-date", description="Sort key; a leading '-' sorts descending.")
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE, description=f"Items per page (1–{MAX_PER_PAGE}).")


class WindowQuery(BaseModel):
    """The period sector shading counts incidents over."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(365, ge=1, le=36_500, description="Length of the window in days, ending at `until`.")
    until: dt.date | None = Field(
        None, description="Last day counted (default: the date of the newest incident)."
    )

    _blanks = field_validator("*", mode="before")(_blank_to_none)


class ViewQuery(IncidentQuery):
    """The map's data for one view: incident filters plus the box on screen and the zoom."""

    bbox: str = Field(
        "-180,-90,180,90",
        pattern=r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$",
        description="West,south,east,north in degrees, e.g. 60.5,26,63.5,29.5.",
    )
    zoom: int = Field(6, ge=0, le=19, description="Map zoom level; sets the cluster size when clustered.")

    @field_validator("bbox")
    @classmethod
    def _box_on_globe(cls, value: str) -> str:
        west, south, east, north = (float(v) for v in value.split(","))
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValueError("bbox must be west,south,east,north within -180..180 and -90..90, west <= east")
        return value

    def to_view(self) -> MapView:
        west, south, east, north = (float(v) for v in self.bbox.split(","))
        return MapView(west, south, east, north, self.zoom)


class MapQuery(IncidentQuery):
    """The map page: incident filters plus the window that sector shading counts over."""

    days: int = Field(365, ge=1, le=36_500, description="Sector shading window in days.")
