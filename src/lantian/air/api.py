"""Air-quality endpoints of the public API (`/api/v1/air/…`)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import json
import math
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import AfterValidator

from lantian.air import aqi, ingest, monthly, presentation, selectors, standards
from lantian.air.ingest import FileError
from lantian.air.models import FORECAST_POLLUTANTS, IngestBatch, Station
from lantian.air.services import ingest_payload
from lantian.core.apikeys import ScopedKey
from lantian.core.apitypes import (
    EARLIEST_DATE,
    LATEST_DATE,
    ApiDate,
    ApiDateTime,
    ApiMonth,
    Between,
    Choice,
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

# The choices of the answers, each an enum of the document: pollutant codes, the six
# AQI levels of HJ 633 (with their categories and colours, 2012 and 2026 tables), the
# station kinds, a forecast's primary pollutant (or none), units and the limits' standard.
_LEVEL_TABLES = (*standards.HJ633_2012_LEVELS, *standards.HJ633_2026_LEVELS)
AnyPollutant = Choice(aqi.POLLUTANTS)
Level = Choice(monthly.LEVELS, int)
Category = Choice(dict.fromkeys(level["category_zh"] for level in _LEVEL_TABLES))
CategoryEn = Choice(dict.fromkeys(level["category_en"] for level in _LEVEL_TABLES))
Color = Choice(dict.fromkeys(level["color_hex"] for level in _LEVEL_TABLES))
StationKind = Choice(Station.Kind.values)
ForecastPollutant = Choice(["", *(code for code, _label in FORECAST_POLLUTANTS)])
Standard = Choice(
    limits.standard
    for limits in (monthly.GB3095_2012, monthly.GB3095_2026_TRANSITIONAL, monthly.GB3095_2026)
)
Unit = Choice([presentation.MICROGRAMS, presentation.MILLIGRAMS])


def _primary(obj: object) -> list[str]:
    return obj.primary_list  # type: ignore[attr-defined]


class StationOut(Schema):
    code: str
    name: str
    name_en: str
    district: str
    latitude: float
    longitude: float
    kind: StationKind
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
    invalid: list[AnyPollutant]
    aqi: int | None
    level: Level | None
    primary: list[AnyPollutant]

    @staticmethod
    def resolve_station(obj: object) -> str:
        return obj.station.code  # type: ignore[attr-defined]

    resolve_primary = staticmethod(_primary)


class LevelOut(Schema):
    level: Level
    category: Category
    category_en: CategoryEn
    color: Color
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
    level: Level | None
    category: Category | None
    color: Color | None
    primary: list[AnyPollutant]
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
    level: Level | None
    primary: list[AnyPollutant]

    resolve_primary = staticmethod(_primary)

    @staticmethod
    def resolve_station(obj: object) -> str | None:
        station = getattr(obj, "station", None)
        return station.code if station else None


class ForecastDayOut(Schema):
    day: date
    aqi_low: int
    aqi_high: int
    level_low: Level
    level_high: Level
    primary: ForecastPollutant
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
        raise HttpError(404, _("No air-quality data has been published yet."))
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
        raise HttpError(404, _("No forecast is current."))
    return latest


# ---- the monthly report (the figures of /environment/air/report/YYYY-M/, as printed)

STATISTICS = {"co": "p95", "o3_8h": "p90"}  # the others: the mean of the daily means
Pollutant = Choice(monthly.POLLUTANTS)
Statistic = Choice(("mean", *STATISTICS.values()))


class LevelDaysOut(Schema):
    level: Level
    category: Category
    category_en: CategoryEn
    color: Color
    days: int


class PollutantMonthOut(Schema):
    pollutant: Pollutant
    statistic: Statistic = Field(
        description="mean (of the daily means), p95 (CO: 95th percentile of the daily "
        "means) or p90 (O3: 90th percentile of the daily maximum 8-hour means)."
    )
    value: float | None = Field(description="As printed: whole µg/m³, CO mg/m³ to 0.1.")
    unit: Unit
    limit: float = Field(description="The class-2 limit dividing the value (S_i).")
    sub_index: float | None = Field(description="value / limit, to two decimals.")
    valid_days: int = Field(description="Valid daily values of this pollutant in the month.")


class LastYearOut(Schema):
    month: str
    valid_days: int
    good_ratio: float | None
    composite_index: float | None
    standard: Standard
    pollutants: dict[Pollutant, float | None] = Field(
        description="Values as printed, by pollutant."
    )


class YearOnYearOut(Schema):
    good_ratio_points: float | None = Field(description="Change in percentage points.")
    composite_index_percent: float | None
    pollutants_percent: dict[Pollutant, float | None]
    same_limits: bool = Field(
        description="False across the 2026 change of limits: the two indices divide by "
        "different limits."
    )


class DistrictMonthOut(Schema):
    rank: int | None = Field(description="1 = best; null: not ranked (too few valid days).")
    district: str
    complete: bool
    valid_days: int
    composite_index: float | None
    largest_sub_index: Pollutant | None
    good_ratio: float | None
    pm25: float | None


class MonthlyReportOut(Schema):
    """The month's figures as the report prints them (rounded by GB/T 8170, decision
    0015). ``last_year``, ``year_on_year`` and ``ranking`` are present only for a complete
    month (``year_on_year`` and ``last_year`` only when last year's month is complete too)."""

    month: str = Field(description="YYYY-MM.")
    area: str
    complete: bool = Field(
        description="At least 27 valid days of each pollutant (25 in February; GB 3095 "
        "Table 4) and the month is over."
    )
    running: bool = Field(description="The month is not over yet.")
    as_of: date = Field(description="The last day with data.")
    days_in_month: int
    valid_days: int = Field(description="有效天数: the fewest valid daily values of any pollutant.")
    min_valid_days: int = Field(description="What GB 3095 requires for the month: 27, or 25.")
    aqi_days: int = Field(description="Days with a valid daily AQI.")
    no_aqi_days: int
    good_days: int
    good_ratio: float | None = Field(description="优良天数比例 in percent, to 0.1.")
    levels: list[LevelDaysOut]
    standard: Standard
    composite_index: float | None = Field(description="To two decimals; larger is worse.")
    largest_sub_index: Pollutant | None
    pollutants: list[PollutantMonthOut]
    last_year: LastYearOut | None = None
    year_on_year: YearOnYearOut | None = None
    ranking: list[DistrictMonthOut] | None = None


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def _sub_index(value: float) -> float | None:
    return _number(monthly.round_half_even(value, monthly.INDEX_DECIMALS))


def _district(ranked: monthly.Ranked) -> dict[str, Any]:
    area = ranked.area
    shown = area.complete  # an incomplete district's figures are not published
    return {
        "rank": ranked.rank,
        "district": area.area,
        "complete": area.complete,
        "valid_days": area.valid_days,
        "composite_index": _number(area.composite.published) if shown else None,
        "largest_sub_index": area.composite.largest if shown else None,
        "good_ratio": _number(area.published_good_ratio) if shown else None,
        "pm25": _number(area.published["pm25"]) if shown else None,
    }


def report_body(report: monthly.MonthlyReport) -> dict[str, Any]:
    """The report as JSON: the optional keys only where the month allows them."""
    city = report.city
    body: dict[str, Any] = {
        "month": f"{report.year:04d}-{report.month:02d}",
        "area": city.area,
        "complete": city.complete,
        "running": city.running,
        "as_of": city.as_of,
        "days_in_month": city.days_in_month,
        "valid_days": city.valid_days,
        "min_valid_days": city.min_days,
        "aqi_days": city.aqi_days,
        "no_aqi_days": city.no_aqi_days,
        "good_days": city.good_days,
        "good_ratio": _number(city.published_good_ratio),
        "levels": [
            {
                "level": info.number,
                "category": info.category_zh,
                "category_en": info.category_en,
                "color": info.color_hex,
                "days": city.level_days[info.number],
            }
            for number in monthly.LEVELS
            if (info := aqi.level_info(aqi.Standard.CN, number, on=report.first_day))
        ],
        "standard": report.limits.standard,
        "composite_index": _number(city.composite.published),
        "largest_sub_index": city.composite.largest,
        "pollutants": [
            {
                "pollutant": name,
                "statistic": STATISTICS.get(name, "mean"),
                "value": _number(city.published[name]),
                "unit": presentation.unit(name),
                "limit": report.limits.of(name),
                "sub_index": _sub_index(city.composite.sub[name]),
                "valid_days": city.valid_counts[name],
            }
            for name in monthly.POLLUTANTS
        ],
    }
    last, change = report.last_year, report.change
    if last is not None and change is not None:
        body["last_year"] = {
            "month": f"{last.year:04d}-{last.month:02d}",
            "valid_days": last.valid_days,
            "good_ratio": _number(last.published_good_ratio),
            "composite_index": _number(last.composite.published),
            "standard": last.composite.limits.standard,
            "pollutants": {name: _number(last.published[name]) for name in monthly.POLLUTANTS},
        }
        body["year_on_year"] = {
            "good_ratio_points": change.good_ratio_points,
            "composite_index_percent": change.composite_percent,
            "pollutants_percent": change.concentrations_percent,
            "same_limits": change.same_limits,
        }
    if city.complete:
        body["ranking"] = [_district(ranked) for ranked in report.ranking]
    return body


@router.get(
    "/air/reports/monthly/{month}",
    response={200: MonthlyReportOut, 404: ErrorOut, 422: ErrorOut},
    exclude_unset=True,
    summary="The monthly air-quality report",
)
@decorate_view(PUBLIC_CACHE)
def monthly_report(request: HttpRequest, month: ApiMonth) -> object:
    """The city's month as the report prints it: days per level, good-days ratio,
    concentrations, composite index; for a complete month also the district ranking and
    the change against the same month last year. 404 for a month without data; 422 for
    a month not written YYYY-MM or outside 1900-01 … 2100-12."""
    report = selectors.monthly_report(month.year, month.month)
    if report is None:
        raise HttpError(404, "No air-quality data for this month.")
    return report_body(report)


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
