"""Air-quality endpoints of the public API (`/api/v1/air/…`)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import json
from datetime import date, datetime

from django.http import HttpRequest
from django.views.decorators.cache import cache_control
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from lantian.air import selectors
from lantian.air.ingest import FileError
from lantian.air.models import IngestBatch
from lantian.air.services import ingest_payload
from lantian.core.apikeys import ScopedKey

router = Router(tags=["air quality"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)
INGEST_SCOPE = "air:ingest"


def _primary(obj: object) -> list[str]:
    return obj.primary_list  # type: ignore[attr-defined]


class StationOut(Schema):
    code: str
    name: str
    name_en: str
    district: str
    latitude: float
    longitude: float
    kind: str
    counts_for_city: bool


class HourOut(Schema):
    station: str
    hour_end: datetime
    so2: float | None
    no2: float | None
    co: float | None
    o3: float | None
    pm10: float | None
    pm25: float | None
    invalid: list[str]
    aqi: int | None
    level: int | None
    primary: list[str]

    @staticmethod
    def resolve_station(obj: object) -> str:
        return obj.station.code  # type: ignore[attr-defined]

    resolve_primary = staticmethod(_primary)


class LevelOut(Schema):
    level: int
    category: str
    category_en: str
    color: str
    health: str
    health_en: str
    measures: str
    measures_en: str


def _level(obj: object) -> LevelOut | None:
    detail = obj.level_detail  # type: ignore[attr-defined]
    if detail is None:
        return None
    return LevelOut(
        level=detail.number,
        category=detail.category_zh,
        category_en=detail.category_en,
        color=detail.color_hex,
        health=detail.health_zh,
        health_en=detail.health_en,
        measures=detail.measures_zh,
        measures_en=detail.measures_en,
    )


class AreaNowOut(Schema):
    area: str
    hour_end: datetime
    stations: int
    aqi: int | None
    level: int | None
    category: str | None
    color: str | None
    primary: list[str]
    so2: float | None
    no2: float | None
    co: float | None
    o3: float | None
    pm10: float | None
    pm25: float | None
    advice: LevelOut | None

    resolve_primary = staticmethod(_primary)
    resolve_advice = staticmethod(_level)

    @staticmethod
    def resolve_category(obj: object) -> str | None:
        detail = obj.level_detail  # type: ignore[attr-defined]
        return detail.category_zh if detail else None

    @staticmethod
    def resolve_color(obj: object) -> str | None:
        detail = obj.level_detail  # type: ignore[attr-defined]
        return detail.color_hex if detail else None


class NowOut(AreaNowOut):
    """The city's latest hour, its districts and stations."""

    districts: list[AreaNowOut]
    station_values: list[HourOut]


class DayOut(Schema):
    area: str | None = None
    station: str | None = None
    day: date
    so2: float | None
    no2: float | None
    co: float | None
    o3: float | None
    o3_8h: float | None
    pm10: float | None
    pm25: float | None
    aqi: int | None
    level: int | None
    primary: list[str]

    resolve_primary = staticmethod(_primary)

    @staticmethod
    def resolve_station(obj: object) -> str | None:
        station = getattr(obj, "station", None)
        return station.code if station else None


class ForecastDayOut(Schema):
    day: date
    aqi_low: int
    aqi_high: int
    level_low: int
    level_high: int
    primary: str
    advice: str
    advice_en: str


class ForecastOut(Schema):
    area: str
    issued_at: datetime
    summary: str
    summary_en: str
    days: list[ForecastDayOut]

    @staticmethod
    def resolve_days(obj: object) -> list[object]:
        return obj.coming_days  # type: ignore[attr-defined]


class ObservationsIn(Schema):
    units: dict[str, str] = {}
    observations: list[dict]


class IngestReport(Schema):
    batch: int
    accepted: int
    unchanged: int
    created: int
    updated: int
    rejected: list[dict]


@router.get("/air/stations", response=list[StationOut], summary="Monitoring stations")
@decorate_view(PUBLIC_CACHE)
def stations(request: HttpRequest) -> list[StationOut]:
    return list(selectors.active_stations())


@router.get("/air/hourly", response=list[HourOut], summary="Hourly observations")
@decorate_view(PUBLIC_CACHE)
@paginate(PageNumberPagination, page_size=100, max_page_size=1000)
def hourly(
    request: HttpRequest,
    station: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> object:
    """Hourly concentrations (µg/m³, CO mg/m³) and AQI, ``start < hour_end ≤ end``."""
    return selectors.hourly(station, start, end)


class _NowView:
    """The city's hour with its districts and stations attached, for :class:`NowOut`."""

    def __init__(self, now: selectors.AirNow) -> None:
        self._city = now.city
        self.districts = now.districts
        self.station_values = [s.observation for s in now.stations if s.observation]

    def __getattr__(self, name: str) -> object:
        return getattr(self._city, name)


@router.get(
    "/air/now",
    response={200: NowOut, 404: dict},
    summary="The city's air quality now",
)
@decorate_view(PUBLIC_CACHE)
def now(request: HttpRequest) -> object:
    """The latest city hour with its level, advice, districts and each station's values."""
    current = selectors.air_now()
    if current is None:
        raise HttpError(404, "No air-quality data has been published yet.")
    return _NowView(current)


@router.get("/air/daily", response=list[DayOut], summary="Daily values")
@decorate_view(PUBLIC_CACHE)
@paginate(PageNumberPagination, page_size=100, max_page_size=1000)
def daily(
    request: HttpRequest,
    area: str | None = None,
    station: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> object:
    """Natural-day values of the city (default), a district (``area``) or a station:
    daily means, maximum 1-hour and 8-hour O3, AQI (GB 3095 validity rules)."""
    return selectors.daily(area=area, station=station, start=start, end=end)


@router.get("/air/forecast", response={200: ForecastOut, 404: dict}, summary="The forecast")
@decorate_view(PUBLIC_CACHE)
def forecast(request: HttpRequest, area: str = "city") -> object:
    """The newest forecast: at least three days, each with an AQI and level range, the
    primary pollutant and advice."""
    latest = selectors.latest_forecast(area)
    if latest is None:
        raise HttpError(404, "No forecast is current.")
    return latest


@router.post(
    "/air/observations",
    response=IngestReport,
    auth=ScopedKey(INGEST_SCOPE),
    summary="Submit hourly observations (station systems)",
)
def submit_observations(request: HttpRequest, payload: ObservationsIn) -> IngestReport:
    """Same checks as file ingestion: JSON ``{"units": {...}, "observations": [...]}``.
    Refused rows come back with their reasons; accepted ones are stored and scored."""
    try:
        batch = ingest_payload(
            actor=None,
            content=json.dumps(payload.dict(), ensure_ascii=False, default=str).encode(),
            filename=f"api-{request.auth.prefix}.json",  # type: ignore[union-attr]
            source=IngestBatch.Source.API,
        )
    except FileError as exc:
        raise HttpError(400, str(exc)) from None
    return IngestReport(batch=batch.pk, accepted=batch.accepted, **batch.report)
