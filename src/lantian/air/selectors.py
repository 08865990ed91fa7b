"""Reads of the air app for pages, the API and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils.timezone import localdate

from lantian.air import airmap, boundaries, monthly
from lantian.air.models import (
    CITY,
    AreaDay,
    AreaHour,
    District,
    Forecast,
    ForecastDay,
    IngestBatch,
    Observation,
    Station,
    StationDay,
)


def data_version() -> int:
    """Changes whenever observations may have changed (every ingestion is a batch)."""
    return IngestBatch.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def active_stations() -> QuerySet[Station]:
    return Station.objects.filter(is_active=True).order_by("code")


def station(code: str) -> Station | None:
    return active_stations().filter(code=code).first()


def districts() -> list[str]:
    """Districts with a station counted for the city, in code order of their stations."""
    seen: dict[str, None] = {}
    for name in active_stations().filter(counts_for_city=True).values_list("district", flat=True):
        seen.setdefault(name, None)
    return list(seen)


def district_records() -> QuerySet[District]:
    """Every district the bureau knows, by name (other apps' choices and look-ups)."""
    return District.objects.order_by("name")


def district_boundaries() -> list[boundaries.District]:
    """The district outlines the station map draws (``settings.AIR_MAP_DISTRICTS``,
    WGS 84: name, English name, polygons of (longitude, latitude)), for other apps' maps
    (the complaint form's location map); [] when none are configured."""
    return boundaries.districts()


MapMarker = airmap.Marker


def marker_map(markers: list[airmap.Marker]) -> airmap.StationMap | None:
    """The station map's drawing (districts, tiles, markers placed apart) for other apps'
    points, e.g. the key pollutant-discharging units; None without a marker."""
    return airmap.build(markers)


def hourly(
    station: str | None = None, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Observation]:
    """Observations in ``(start, end]`` by end of hour, oldest first."""
    rows = Observation.objects.select_related("station").order_by("hour_end", "station__code")
    if station:
        rows = rows.filter(station__code=station)
    if start:
        rows = rows.filter(hour_end__gt=start)
    if end:
        rows = rows.filter(hour_end__lte=end)
    return rows


# --------------------------------------------------------------------------- now


@dataclass(frozen=True)
class StationNow:
    station: Station
    observation: Observation | None  # None: no value for the hour (offline or late)


@dataclass(frozen=True)
class AirNow:
    """The latest published hour: the city's value and every active station's."""

    city: AreaHour
    districts: list[AreaHour]
    stations: list[StationNow]

    @property
    def hour_end(self) -> datetime:
        return self.city.hour_end


def latest_city_hour() -> AreaHour | None:
    return AreaHour.objects.filter(area=CITY).order_by("-hour_end").first()


def air_now() -> AirNow | None:
    """The city's latest hour with its districts and stations; None before any data."""
    city = latest_city_hour()
    if city is None:
        return None
    observed = {
        o.station_id: o
        for o in Observation.objects.filter(hour_end=city.hour_end).select_related("station")
    }
    return AirNow(
        city=city,
        districts=list(
            AreaHour.objects.filter(hour_end=city.hour_end).exclude(area=CITY).order_by("area")
        ),
        stations=[StationNow(s, observed.get(s.pk)) for s in active_stations()],
    )


# --------------------------------------------------------------------------- series


def station_hours(station: Station, hours: int = 24) -> list[Observation]:
    """The station's last ``hours`` hours up to its latest observation, oldest first."""
    latest = station.observations.order_by("-hour_end").values_list("hour_end", flat=True).first()
    if latest is None:
        return []
    return list(
        station.observations.filter(
            hour_end__gt=latest - timedelta(hours=hours), hour_end__lte=latest
        ).order_by("hour_end")
    )


def station_days(station: Station, days: int = 30) -> list[StationDay]:
    """The station's last ``days`` natural days up to its latest, oldest first."""
    latest = station.days.order_by("-day").values_list("day", flat=True).first()
    if latest is None:
        return []
    return list(
        station.days.filter(day__gt=latest - timedelta(days=days), day__lte=latest).order_by("day")
    )


def daily(
    *,
    area: str | None = None,
    station: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[AreaDay] | QuerySet[StationDay]:
    """Daily values of a station (by code) or an area (the city by default), ``start ≤ day
    ≤ end``, oldest first."""
    rows: QuerySet = (
        StationDay.objects.filter(station__code=station).select_related("station")
        if station
        else AreaDay.objects.filter(area=area or CITY)
    )
    if start:
        rows = rows.filter(day__gte=start)
    if end:
        rows = rows.filter(day__lte=end)
    return rows.order_by("day")


def city_year(year: int) -> list[AreaDay]:
    """The city's daily values of a calendar year (for the calendar heat-map)."""
    return list(daily(start=date(year, 1, 1), end=date(year, 12, 31)))


def data_years() -> list[int]:
    """Years with city daily values, newest first."""
    return sorted(
        {d.year for d in AreaDay.objects.filter(area=CITY).dates("day", "year")}, reverse=True
    )


# --------------------------------------------------------------------------- forecast


def latest_forecast(area: str = CITY, today: date | None = None) -> Forecast | None:
    """The newest forecast for the area, with its days from today on; None when the newest
    has no day left to come."""
    today = today or localdate()
    forecast = (
        Forecast.objects.filter(area=area)
        .order_by("-issued_at")
        .prefetch_related(
            Prefetch(
                "days",
                queryset=ForecastDay.objects.filter(day__gte=today).order_by("day"),
                to_attr="coming_days",
            )
        )
        .first()
    )
    return forecast if forecast and forecast.coming_days else None


# ---- monthly report

_MONTHLY_FIELDS = ("area", "day", *monthly.POLLUTANTS, "aqi", "level")


def _month_rows(year: int, month: int, area: str | None = None) -> list[dict]:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    rows = AreaDay.objects.filter(day__gte=first, day__lte=last)
    if area:
        rows = rows.filter(area=area)
    return list(rows.order_by("area", "day").values(*_MONTHLY_FIELDS))


def monthly_report(
    year: int, month: int, *, today: date | None = None
) -> monthly.MonthlyReport | None:
    """The month's report from the city and district daily values and the city's same
    month last year; None when the month is out of range or the city has no data in it.
    The month containing ``today`` (the local date by default) is still running."""
    if not 1 <= month <= 12 or not 2 <= year <= 9998:  # last year and next month exist
        return None
    by_area: dict[str, list[dict]] = {}
    for row in _month_rows(year, month):
        by_area.setdefault(row["area"], []).append(row)
    city = by_area.pop(CITY, None)
    if not city:
        return None
    return monthly.build_report(
        year,
        month,
        city=monthly.DailySeries.from_rows(city),
        last_year=monthly.DailySeries.from_rows(_month_rows(year - 1, month, CITY)),
        districts={name: monthly.DailySeries.from_rows(rows) for name, rows in by_area.items()},
        city_name=CITY,
        today=today or localdate(),
    )


def report_months() -> list[date]:
    """First days of the months with city daily values, newest first."""
    return list(AreaDay.objects.filter(area=CITY).dates("day", "month", order="DESC"))


# ---- annual bulletin (reports.bulletin)

_YEAR_FIELDS = ("day", *monthly.POLLUTANTS, "aqi", "level", "primary")


def city_days_of_year(year: int) -> list[dict]:
    """The city's daily values of a calendar year as mappings (the monthly engine's
    fields plus ``primary``, comma-separated pollutant codes), oldest first."""
    rows = AreaDay.objects.filter(area=CITY, day__gte=date(year, 1, 1), day__lte=date(year, 12, 31))
    return list(rows.order_by("day").values(*_YEAR_FIELDS))
