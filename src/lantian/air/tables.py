"""The tables, charts and map of the public air pages, built from selector results.

Each builder returns an :class:`exports.Table` (rendered by ``air/includes/table.html`` and
downloaded by :func:`exports.download`) or a JSON-ready chart spec for ``air-charts.js``.
"""

from __future__ import annotations

import calendar as cal
import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _

from lantian.air import airmap
from lantian.air import presentation as show
from lantian.air.aqi import level_info
from lantian.air.exports import Cell, Column, Table
from lantian.air.models import area_name, area_names
from lantian.air.monthly import MonthlyReport
from lantian.air.selectors import AirNow, StationNow

Row = list[Any]


def stamp(hour_end: datetime) -> str:
    """``2026-11-26T10``: the local end of hour, for file names."""
    return localtime(hour_end).strftime("%Y-%m-%dT%H")


def _pollutant_column(code: str) -> Column:
    unit = show.unit(code)
    return Column(
        f"{show.pollutant_text(code)} ({unit})",
        numeric=True,
        html=format_html("{} ({})", show.pollutant_html(code), unit),
    )


def _level_cell(row: Any) -> Cell:
    detail = row.level_detail if row is not None and row.aqi is not None else None
    return Cell(
        show.category(detail) if detail else "—",
        value=show.category(detail) if detail else None,
        sort=detail.number if detail else None,
        color=show.color(detail) if detail else "",
    )


def _primary_cell(row: Any) -> Cell:
    codes = row.primary_list if row is not None and row.aqi is not None else []
    text = show.pollutants_text(codes)
    return Cell(text or "—", value=text or None, html=show.pollutants_html(codes) or None)


def _values(row: Any, codes: Sequence[str]) -> list[Cell]:
    cells = []
    for code in codes:
        value = getattr(row, code, None) if row is not None else None
        cells.append(Cell(show.fmt(value, code), value=show.round_value(value, code)))
    return cells


def _aqi_cell(row: Any) -> Cell:
    aqi = row.aqi if row is not None else None
    return Cell("—" if aqi is None else str(aqi), value=aqi)


def _scored_columns(codes: Sequence[str]) -> list[Column]:
    """AQI, level, primary pollutant and the concentrations."""
    return [
        Column(_("AQI"), numeric=True),
        Column(_("Level")),
        Column(_("Primary pollutant")),
        *(_pollutant_column(c) for c in codes),
    ]


def _scored_cells(row: Any, codes: Sequence[str]) -> list[Cell]:
    return [_aqi_cell(row), _level_cell(row), _primary_cell(row), *_values(row, codes)]


# ---------------------------------------------------------------------------- now


def station_table(now: AirNow) -> Table:
    columns = [
        Column(_("Station")),
        Column(_("District")),
        *_scored_columns(show.HOURLY),
    ]
    rows: list[Row] = []
    names = area_names()
    for item in now.stations:
        obs = item.observation
        rows.append(
            [
                Cell(item.station.display_name, href=station_url(item.station.code)),
                area_name(item.station.district, names),
                *_scored_cells(obs, show.HOURLY),
            ]
        )
    when = date_format(localtime(now.hour_end), "Y-m-d H:i")
    return Table(
        "stations",
        _("Stations at %(when)s (hourly values)") % {"when": when},
        columns,
        rows,
        filename=f"air-stations-{stamp(now.hour_end)}",
    )


def district_table(now: AirNow) -> Table:
    columns = [
        Column(_("District")),
        *_scored_columns(show.HOURLY),
    ]
    names = area_names()
    rows = [
        [
            area_name(area.area, names),
            *_scored_cells(area, show.HOURLY),
        ]
        for area in now.districts
    ]
    when = date_format(localtime(now.hour_end), "Y-m-d H:i")
    return Table(
        "districts",
        _("Districts at %(when)s (hourly values)") % {"when": when},
        columns,
        rows,
        filename=f"air-districts-{stamp(now.hour_end)}",
    )


def station_url(code: str) -> str:
    return reverse("air:station", args=[code])


def station_map(stations: Sequence[StationNow]) -> airmap.StationMap | None:
    markers = []
    for item in stations:
        obs = item.observation
        detail = obs.level_detail if obs is not None and obs.aqi is not None else None
        name = item.station.display_name
        if detail is not None and obs is not None:
            label = _("%(station)s: AQI %(aqi)s, %(category)s") % {
                "station": name,
                "aqi": obs.aqi,
                "category": show.category(detail),
            }
        else:
            label = _("%(station)s: no data this hour") % {"station": name}
        markers.append(
            airmap.Marker(
                latitude=item.station.latitude,
                longitude=item.station.longitude,
                label=str(obs.aqi) if detail is not None and obs is not None else "—",
                name=label,
                href=station_url(item.station.code),
                fill=show.color(detail),
                text_fill=show.text_color(detail),
            )
        )
    return airmap.build(markers)


def now_data(now: AirNow) -> dict[str, Any]:
    """What the page's script keeps as the last known city value (offline use)."""
    city = now.city
    detail = city.level_detail
    return {
        "hour_end": city.hour_end.isoformat(),
        "time": localtime(city.hour_end).strftime("%H:%M"),
        "date": localtime(city.hour_end).strftime("%Y-%m-%d"),
        "aqi": city.aqi,
        "level": city.level,
        "category": show.category(detail),
        "color": show.color(detail),
        "text_color": show.text_color(detail),
        "primary": show.pollutants_text(city.primary_list),
    }


# ---------------------------------------------------------------------------- forecast


def level_range(low: int, high: int, on: date) -> str:
    names = [show.category(level_info("cn", n, on)) for n in sorted({low, high})]
    return "–".join(names)


def forecast_table(forecast: Any) -> Table:
    columns = [
        Column(_("Day")),
        Column(_("AQI")),
        Column(_("Level")),
        Column(_("Primary pollutant")),
        Column(_("Health and travel advice")),
    ]
    rows = []
    for day in forecast.coming_days:
        low = level_info("cn", day.level_low, day.day)
        high = level_info("cn", day.level_high, day.day)
        codes = [day.primary] if day.primary else []
        rows.append(
            [
                Cell(date_format(day.day, "Y-m-d (D)"), value=day.day.isoformat()),
                f"{day.aqi_low}–{day.aqi_high}",
                Cell(
                    level_range(day.level_low, day.level_high, day.day),
                    color=show.color(low),
                    color_end=show.color(high) if high != low else "",
                ),
                Cell(show.pollutants_text(codes) or "—", html=show.pollutants_html(codes) or None),
                day.display_advice,
            ]
        )
    issued = localtime(forecast.issued_at)
    return Table(
        "forecast",
        _("Forecast issued %(when)s") % {"when": date_format(issued, "Y-m-d H:i")},
        columns,
        rows,
        filename=f"air-forecast-{issued.strftime('%Y-%m-%dT%H')}",
    )


# ---------------------------------------------------------------------------- station


def _summary(name: str, unit: str, labels: list[str], values: list[float | None]) -> str:
    known = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not known:
        return _("%(name)s: no valid values in this period.") % {"name": name}
    high_label, high = max(known, key=lambda item: item[1])
    low = min(v for _label, v in known)
    return _(
        "%(name)s from %(first)s to %(last)s: lowest %(low)s, highest %(high)s at %(when)s, "
        "latest %(latest)s %(unit)s."
    ) % {
        "name": name,
        "first": labels[0],
        "last": labels[-1],
        "low": _num(low),
        "high": _num(high),
        "when": high_label,
        "latest": _num(known[-1][1]),
        "unit": unit,
    }


def _num(value: float) -> str:
    return f"{value:g}"


def series_charts(
    prefix: str, labels: list[str], rows: Sequence[Any], codes: Sequence[str]
) -> list[dict[str, Any]]:
    """An AQI bar chart coloured by level, then one line chart per pollutant."""
    charts: list[dict[str, Any]] = []
    aqi = [r.aqi for r in rows]
    colors = [show.color(r.level_detail) if r.aqi is not None else "" for r in rows]
    charts.append(
        {
            "id": f"{prefix}-aqi",
            "title": "AQI",
            "kind": "bar",
            "unit": "",
            "x": labels,
            "y": aqi,
            "colors": colors,
            "summary": _summary("AQI", "", labels, aqi),
        }
    )
    for code in codes:
        values = [show.round_value(getattr(r, code), code) for r in rows]
        name = show.pollutant_text(code)
        charts.append(
            {
                "id": f"{prefix}-{code}",
                "title": name,
                "html_title": show.pollutant_html(code),
                "kind": "line",
                "unit": show.unit(code),
                "x": labels,
                "y": values,
                "summary": _summary(name, show.unit(code), labels, values),
            }
        )
    return charts


def hours_table(station: Any, rows: Sequence[Any]) -> Table:
    columns = [
        Column(_("Hour ending")),
        *_scored_columns(show.HOURLY),
    ]
    body = [
        [
            Cell(
                date_format(localtime(r.hour_end), "m-d H:i"),
                value=localtime(r.hour_end).strftime("%Y-%m-%d %H:%M"),
            ),
            *_scored_cells(r, show.HOURLY),
        ]
        for r in rows
    ]
    last = rows[-1].hour_end if rows else None
    return Table(
        "hours",
        _("%(station)s: the last 24 hours") % {"station": station.display_name},
        columns,
        body,
        filename=f"air-{station.code}-hours-{stamp(last)}" if last else f"air-{station.code}",
    )


def daily_table(caption: str, rows: Sequence[Any], filename: str) -> Table:
    """Daily values, one row per day (a station's or the city's)."""
    columns = [Column(_("Day")), *_scored_columns(show.DAILY)]
    body = [[Cell(r.day.isoformat()), *_scored_cells(r, show.DAILY)] for r in rows]
    return Table("days", caption, columns, body, filename=filename)


def days_table(station: Any, rows: Sequence[Any]) -> Table:
    last = rows[-1].day.isoformat() if rows else ""
    return daily_table(
        _("%(station)s: daily values of the last 30 days") % {"station": station.display_name},
        rows,
        f"air-{station.code}-days-{last}",
    )


# ---------------------------------------------------------------------------- calendar


def calendar_chart(year: int, days: Sequence[Any]) -> dict[str, Any]:
    return {
        "id": "calendar-chart",
        "kind": "calendar",
        "year": year,
        "data": [[d.day.isoformat(), d.aqi] for d in days if d.aqi is not None],
        "pieces": show.visual_pieces(date(year, 12, 31)),
        "unit": "",
    }


def calendar_summary(year: int, days: Sequence[Any]) -> str:
    counts = level_counts(days)
    parts = [
        _("%(category)s %(n)s days")
        % {"category": entry.name, "n": counts.get(entry.level.number, 0)}
        for entry in show.legend(date(year, 12, 31))
    ]
    return _("Daily AQI of the city in %(year)s, days per level: %(parts)s.") % {
        "year": year,
        "parts": "; ".join(parts),
    }


def level_counts(days: Sequence[Any]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for d in days:
        if d.aqi is not None and d.level:
            counts[d.level] = counts.get(d.level, 0) + 1
    return counts


def month_levels_table(year: int, days: Sequence[Any]) -> Table:
    legend = show.legend(date(year, 12, 31))
    columns = [
        Column(_("Month")),
        *(Column(e.name, numeric=True) for e in legend),
        Column(_("No data"), numeric=True),
    ]
    rows = []
    today = localdate()
    for month in range(1, 13):
        in_month = [d for d in days if d.day.month == month]
        counts = level_counts(in_month)
        # Days to come are not missing data.
        past = sum(
            1 for n in range(1, cal.monthrange(year, month)[1] + 1) if date(year, month, n) <= today
        )
        rows.append(
            [Cell(date_format(date(year, month, 1), "F"), value=f"{year}-{month:02d}")]
            + [counts.get(e.level.number, 0) for e in legend]
            + [max(past - sum(counts.values()), 0)]
        )
    return Table(
        "levels",
        _("Days per level in each month of %(year)s") % {"year": year},
        columns,
        rows,
        filename=f"air-city-levels-{year}",
    )


def month_days_table(year: int, days: Sequence[Any]) -> Table:
    by_day = {d.day: d for d in days}
    columns = [Column(_("Month")), *(Column(str(n), numeric=True) for n in range(1, 32))]
    rows = []
    for month in range(1, 13):
        row: Row = [Cell(date_format(date(year, month, 1), "F"), value=f"{year}-{month:02d}")]
        for n in range(1, 32):
            if n > cal.monthrange(year, month)[1]:
                row.append(None)
                continue
            d = by_day.get(date(year, month, n))
            row.append(_aqi_cell(d) if d is not None else Cell("—", value=None))
        rows.append(row)
    return Table(
        "calendar",
        _("Daily AQI of the city in %(year)s, by month and day") % {"year": year},
        columns,
        rows,
        filename=f"air-city-calendar-{year}",
    )


def city_days_table(year: int, days: Sequence[Any]) -> Table:
    return daily_table(
        _("Daily values of the city in %(year)s") % {"year": year}, days, f"air-city-days-{year}"
    )


# ---------------------------------------------------------------------------- ranking


def ranking_table(report: MonthlyReport) -> Table:
    """The complete districts by rank, then those with too few valid days, listed as not
    ranked without figures (GB 3095 Table 4). Figures as published (decision 0015)."""
    codes = ("pm25", "pm10", "o3_8h", "no2", "so2", "co")
    columns = [
        Column(_("Rank"), numeric=True),
        Column(_("District")),
        Column(_("Composite index"), numeric=True),
        Column(_("Largest sub-index")),
        Column(_("Good days (%)"), numeric=True),
        *(_pollutant_column(c) for c in codes),
        Column(_("Valid days"), numeric=True),
    ]
    rows = []
    names = area_names()
    for ranked in report.ranking:
        area = ranked.area
        shown = area.complete
        total = area.composite.published if shown else math.nan
        largest = [area.composite.largest] if shown and area.composite.largest else []
        ratio = area.published_good_ratio if shown else math.nan
        rows.append(
            [
                Cell(_("Not ranked"), value=None)
                if ranked.rank is None
                else Cell(str(ranked.rank), value=ranked.rank),
                area_name(area.area, names),
                Cell(
                    "—" if math.isnan(total) else f"{total:.2f}",
                    value=None if math.isnan(total) else total,
                ),
                Cell(show.pollutants_text(largest) or "—", html=show.pollutants_html(largest)),
                Cell(
                    "—" if _missing(ratio) else f"{ratio:.1f}",
                    value=None if _missing(ratio) else ratio,
                ),
                *(
                    Cell(
                        show.fmt(area.published[c] if shown else None, c),
                        value=show.round_value(area.published[c] if shown else None, c),
                    )
                    for c in codes
                ),
                area.valid_days,
            ]
        )
    return Table(
        "ranking",
        _("Districts ranked by composite index, %(year)s-%(month)02d (1 = best)")
        % {"year": report.year, "month": report.month},
        columns,
        rows,
        filename=f"air-ranking-{report.year}-{report.month:02d}",
        row_headers=False,
    )


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)
