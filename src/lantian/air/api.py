"""Air-quality endpoints of the public API (`/api/v1/air/…`)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import json
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import AfterValidator

from lantian.air import ingest, selectors
from lantian.air.ingest import FileError
from lantian.air.models import IngestBatch
from lantian.air.services import ingest_payload
from lantian.core.apikeys import ScopedKey
from lantian.core.apitypes import (
    EARLIEST_DATE,
    LATEST_DATE,
    ApiDate,
    ApiDateTime,
    Between,
    ErrorOut,
    Text,
    check_offset,
    check_text,
    paged,
    period,
)

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


# A year of hours (a leap year's) per request; more is several requests.
HOURLY_MAX_DAYS = 366
# Observation times a station can send: the API's dates, checked before ingestion.
_OBSERVATION_TIME = Between(EARLIEST_DATE, LATEST_DATE)


def _observation(row: dict[str, Any]) -> dict[str, Any]:
    """Refuse a row whose text can't be stored or whose time is outside the API's dates;
    any other problem is the row checks' to report, with the row's number."""
    check_text(row, "observations")
    for key, value in row.items():
        if ingest._header(key)[0] != "time":  # the row checks' own reading of a column
            continue
        try:
            hour_end = ingest._time(value)  # … and of a time
        except (TypeError, ValueError):
            continue  # not a time: refused with its reason by the row checks
        _OBSERVATION_TIME.verify(hour_end, "time")
        check_offset(hour_end, "time")
    return row


class ObservationsIn(Schema):
    units: dict[Annotated[str, Text(40)], Annotated[str, Text(40)]] = {}
    observations: list[Annotated[dict[str, Any], AfterValidator(_observation)]] = Field(
        description="Rows of station, time (from 1900-01-01 to 2100-12-31) and pollutants."
    )


class IngestReport(Schema):
    batch: int
    accepted: int
    unchanged: int
    created: int
    updated: int
    rejected: list[dict]


class HourlyQuery(Schema):
    station: Annotated[str, Text(20)] | None = Field(None, description="A station code.")
    start: ApiDateTime | None = Field(
        None, description="Hours ending after this; a day from 1900-01-01 to 2100-12-31."
    )
    end: ApiDateTime | None = Field(
        None,
        description=f"Hours ending at or before this; at most {HOURLY_MAX_DAYS} days after start.",
    )

    check_period = period("start", "end", max_days=HOURLY_MAX_DAYS)


class DailyQuery(Schema):
    area: Annotated[str, Text(50)] | None = Field(None, description="A district; the city.")
    station: Annotated[str, Text(20)] | None = Field(None, description="A station code.")
    start: ApiDate | None = Field(None, description="First day, from 1900-01-01.")
    end: ApiDate | None = Field(None, description="Last day, to 2100-12-31; not before start.")

    check_period = period("start", "end")


@router.get("/air/stations", response=list[StationOut], summary="Monitoring stations")
@decorate_view(PUBLIC_CACHE)
def stations(request: HttpRequest) -> list[StationOut]:
    return list(selectors.active_stations())


@router.get(
    "/air/hourly",
    response={200: list[HourOut], 422: ErrorOut},
    summary="Hourly observations",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=100, max_page_size=1000)
def hourly(request: HttpRequest, query: Query[HourlyQuery]) -> object:
    """Hourly concentrations (µg/m³, CO mg/m³) and AQI, ``start < hour_end ≤ end``."""
    return selectors.hourly(query.station, query.start, query.end)


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
    response={200: NowOut, 404: ErrorOut},
    summary="The city's air quality now",
)
@decorate_view(PUBLIC_CACHE)
def now(request: HttpRequest) -> object:
    """The latest city hour with its level, advice, districts and each station's values."""
    current = selectors.air_now()
    if current is None:
        raise HttpError(404, "No air-quality data has been published yet.")
    return _NowView(current)


@router.get("/air/daily", response={200: list[DayOut], 422: ErrorOut}, summary="Daily values")
@decorate_view(PUBLIC_CACHE)
@paged(page_size=100, max_page_size=1000)
def daily(request: HttpRequest, query: Query[DailyQuery]) -> object:
    """Natural-day values of the city (default), a district (``area``) or a station:
    daily means, maximum 1-hour and 8-hour O3, AQI (GB 3095 validity rules)."""
    return selectors.daily(area=query.area, station=query.station, start=query.start, end=query.end)


@router.get(
    "/air/forecast",
    response={200: ForecastOut, 404: ErrorOut, 422: ErrorOut},
    summary="The forecast",
)
@decorate_view(PUBLIC_CACHE)
def forecast(
    request: HttpRequest,
    area: Annotated[str, Text(50)] = Query("city", description="city or a district"),
) -> object:
    """The newest forecast: at least three days, each with an AQI and level range, the
    primary pollutant and advice."""
    latest = selectors.latest_forecast(area)
    if latest is None:
        raise HttpError(404, "No forecast is current.")
    return latest


@router.post(
    "/air/observations",
    response={200: IngestReport, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
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
