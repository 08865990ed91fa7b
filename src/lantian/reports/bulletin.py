"""The yearly environmental quality bulletin (环境状况公报): air and water of a year.

Air (HJ 663-2013 and GB 3095; the same rules in HJ 663-2026 and GB 3095-2026):

- SO2, NO2, PM10, PM2.5: the annual mean of the valid daily means, and the percentile of
  the daily means HJ 663's annual assessment uses (SO2 and NO2 the 98th, PM10 and PM2.5
  the 95th); CO the 95th percentile of the daily means; O3 the 90th percentile of the
  daily maximum 8-hour means. Percentiles by HJ 663's method
  (:func:`lantian.air.aggregate.percentile`: k = 1 + (n − 1)·p/100, linear between ranks).
- A pollutant meets the standard when its annual mean (where it has one) is within the
  annual limit and its percentile within the 24-hour (O3: 8-hour) limit.
- Good-days ratio, days per AQI level, days per primary pollutant, composite index.
- A year needs ≥ 324 valid daily values of each pollutant (GB 3095 Table 4) and must be
  over: otherwise its figures are shown as incomplete, with no comparison with the year
  before and not as the annual assessment.

Water: each surface site's class from the year's mean values (the water selectors), the
number and share of sites per class (I–III, IV–V, 劣V), and the drinking-water sources'
水源达标率 and 水量达标率.

The engine part (:func:`air_year`, :func:`compare`) is pure; :func:`bulletin` assembles
a year through the air and water selectors.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.utils.timezone import localdate

from lantian.air import aggregate, monthly
from lantian.air import selectors as air
from lantian.air.monthly import POLLUTANTS, DailySeries, Limits, round_half_even
from lantian.water import selectors as water

# HJ 663-2013 Table 5 (annual assessment): the percentile of the daily values checked
# against the 24-hour limit (O3: the daily maximum 8-hour mean against its limit).
PERCENTILES: dict[str, float] = {
    "so2": 98.0,
    "no2": 98.0,
    "pm10": 95.0,
    "pm25": 95.0,
    "co": 95.0,
    "o3_8h": 90.0,
}
# Class-2 24-hour limits (O3: daily maximum 8 hours) of each edition's Table 1, keyed as
# :attr:`Limits.standard`; µg/m³, CO mg/m³.
DAILY_LIMITS: dict[str, dict[str, float]] = {
    monthly.GB3095_2012.standard: {
        "so2": 150,
        "no2": 80,
        "co": 4,
        "o3_8h": 160,
        "pm10": 150,
        "pm25": 75,
    },
    monthly.GB3095_2026_TRANSITIONAL.standard: {
        "so2": 150,
        "no2": 80,
        "co": 4,
        "o3_8h": 160,
        "pm10": 120,
        "pm25": 60,
    },
    monthly.GB3095_2026.standard: {
        "so2": 50,
        "no2": 50,
        "co": 4,
        "o3_8h": 160,
        "pm10": 100,
        "pm25": 50,
    },
}
WATER_GROUPS = (("I–III", ("I", "II", "III")), ("IV–V", ("IV", "V")), ("劣V", ("劣V",)))


def year_limits(year: int) -> Limits:
    """The class-2 limits a year is assessed against: those in force at its end (the
    assessment is made after the year; for 2026 the GB 3095-2026 transitional limits)."""
    return monthly.limits_for(date(year, 12, 31))


def percentile(values: Sequence[float] | np.ndarray, p: float) -> float:
    """HJ 663's percentile of the valid values (NaN ignored); NaN without any."""
    return aggregate.percentile(values, p)


# --------------------------------------------------------------------------- air engine


@dataclass(frozen=True)
class PollutantYear:
    key: str
    mean: float | None  # annual mean of the daily means (None for CO and O3)
    percentile: float  # the HJ 663 percentile of the daily values
    p: float
    published_mean: float | None
    published_percentile: float
    annual_limit: float | None
    daily_limit: float
    valid_days: int

    @property
    def meets(self) -> bool | None:
        """Within the annual and the 24-hour limit; None when not computable."""
        if math.isnan(self.published_percentile) or (
            self.published_mean is not None and math.isnan(self.published_mean)
        ):
            return None
        if (
            self.published_mean is not None
            and self.annual_limit is not None
            and self.published_mean > self.annual_limit
        ):
            return False
        return self.published_percentile <= self.daily_limit


@dataclass(frozen=True)
class AirYear:
    year: int
    days_in_year: int
    level_days: dict[int, int]
    aqi_days: int
    good_days: int
    good_ratio: float
    primary_days: dict[str, int]  # days each pollutant was (one of) the primary
    primary_total: int  # days with a primary pollutant (AQI > 50)
    pollutants: dict[str, PollutantYear]
    valid_counts: dict[str, int]
    composite: monthly.CompositeIndex
    monthly_good_ratio: dict[int, float]  # month → good-days ratio (NaN without data)
    monthly_means: dict[int, dict[str, float]]  # month → PM2.5, PM10 means, O3 P90
    running: bool
    as_of: date | None

    @property
    def no_aqi_days(self) -> int:
        return self.days_in_year - self.aqi_days

    @property
    def valid_days(self) -> int:
        return min(self.valid_counts.values()) if self.valid_counts else 0

    @property
    def enough_data(self) -> bool:
        return monthly.enough_days(self.valid_counts)

    @property
    def complete(self) -> bool:
        """An annual assessment: the year is over and has enough valid days."""
        return self.enough_data and not self.running

    @property
    def published_good_ratio(self) -> float:
        return round_half_even(self.good_ratio, monthly.RATIO_DECIMALS)

    @property
    def limits(self) -> Limits:
        return self.composite.limits

    @property
    def meets_standard(self) -> bool | None:
        """Every pollutant meets the standard (None when one is not computable)."""
        verdicts = [p.meets for p in self.pollutants.values()]
        if any(v is None for v in verdicts):
            return None
        return all(verdicts)


def _primary_counts(primary: Iterable[str]) -> tuple[dict[str, int], int]:
    counts = dict.fromkeys(POLLUTANTS, 0)
    total = 0
    for codes in primary:
        names = [c for c in (codes or "").split(",") if c]
        total += bool(names)
        for name in names:
            key = "o3_8h" if name == "o3" else name
            if key in counts:
                counts[key] += 1
    return counts, total


def air_year(
    year: int,
    series: DailySeries,
    primary: Sequence[str] = (),
    *,
    today: date | None = None,
) -> AirYear:
    """The city's year from its daily values (days outside the year are ignored);
    ``primary`` gives each day's primary pollutants (comma-separated codes) in the order
    of ``series.days``; ``today`` tells whether the year is still running."""
    keep = np.array([d.year == year for d in series.days], dtype=bool)
    days = [d for d, k in zip(series.days, keep, strict=True) if k]
    primary = [p for p, k in zip(primary, keep, strict=False) if k] if primary else []
    arrays = {name: getattr(series, name)[keep] for name in (*POLLUTANTS, "aqi")}
    level = series.level[keep] if series.level.size else np.zeros(len(days), dtype=np.int8)
    aqi = arrays["aqi"]
    valid = ~np.isnan(aqi)
    limits = year_limits(year)
    daily_limits = DAILY_LIMITS[limits.standard]
    pollutants: dict[str, PollutantYear] = {}
    for name in POLLUTANTS:
        values = arrays[name]
        ok = values[~np.isnan(values)]
        has_mean = name in monthly.MEANS
        mean = (float(np.mean(ok)) if ok.size else math.nan) if has_mean else None
        p = PERCENTILES[name]
        value = percentile(values, p)
        decimals = monthly.DECIMALS[name]
        pollutants[name] = PollutantYear(
            key=name,
            mean=mean,
            percentile=value,
            p=p,
            published_mean=None if mean is None else round_half_even(mean, decimals),
            published_percentile=round_half_even(value, decimals),
            annual_limit=limits.of(name) if has_mean else None,
            daily_limit=float(daily_limits[name]),
            valid_days=int(ok.size),
        )
    # The composite index's C_i: annual means, CO P95 and O3 P90, as published.
    period = {
        name: (
            pollutants[name].published_mean
            if name in monthly.MEANS
            else pollutants[name].published_percentile
        )
        for name in POLLUTANTS
    }
    composite = monthly.composite_index(period, limits)  # type: ignore[arg-type]
    primary_days, primary_total = _primary_counts(primary)
    by_month: dict[int, dict[str, float]] = {}
    good_by_month: dict[int, float] = {}
    months = np.array([d.month for d in days], dtype=int)
    for m in range(1, 13):
        inside = months == m
        good_by_month[m] = aggregate.good_days_ratio(aqi[inside])
        by_month[m] = {
            "pm25": _mean(arrays["pm25"][inside]),
            "pm10": _mean(arrays["pm10"][inside]),
            "o3_8h": percentile(arrays["o3_8h"][inside], PERCENTILES["o3_8h"]),
        }
    return AirYear(
        year=year,
        days_in_year=366 if calendar.isleap(year) else 365,
        level_days={lv: int(np.sum(valid & (level == lv))) for lv in monthly.LEVELS},
        aqi_days=int(np.sum(valid)),
        good_days=int(np.sum(aqi[valid] <= monthly.GOOD_AQI)),
        good_ratio=aggregate.good_days_ratio(aqi),
        primary_days=primary_days,
        primary_total=primary_total,
        pollutants=pollutants,
        valid_counts={name: pollutants[name].valid_days for name in POLLUTANTS},
        composite=composite,
        monthly_good_ratio=good_by_month,
        monthly_means=by_month,
        running=today is not None and today <= date(year, 12, 31),
        as_of=days[-1] if days else None,
    )


def _mean(values: np.ndarray) -> float:
    ok = values[~np.isnan(values)]
    return float(np.mean(ok)) if ok.size else math.nan


@dataclass(frozen=True)
class AirChange:
    """Against the year before, from the published figures: the good-days ratio in
    percentage points, the composite index and each pollutant's headline value (annual
    mean; CO P95, O3 P90) in percent."""

    good_ratio_points: float | None
    composite_percent: float | None
    concentrations_percent: dict[str, float | None]
    same_limits: bool


def headline(p: PollutantYear) -> float:
    """The value a bulletin leads with: the annual mean, or the percentile for CO and O3."""
    return p.published_mean if p.published_mean is not None else p.published_percentile


def compare(current: AirYear, previous: AirYear | None) -> AirChange | None:
    """None unless both years are complete annual assessments."""
    if previous is None or not current.complete or not previous.complete:
        return None
    now, before = current.published_good_ratio, previous.published_good_ratio
    points = (
        None
        if math.isnan(now) or math.isnan(before)
        else round_half_even(now - before, monthly.RATIO_DECIMALS)
    )
    return AirChange(
        good_ratio_points=points,
        composite_percent=monthly.published_change(
            current.composite.published, previous.composite.published
        ),
        concentrations_percent={
            name: monthly.published_change(
                headline(current.pollutants[name]), headline(previous.pollutants[name])
            )
            for name in POLLUTANTS
        },
        same_limits=current.limits == previous.limits,
    )


# --------------------------------------------------------------------------- water


@dataclass(frozen=True)
class WaterYear:
    sites: list[Any]  # water.selectors.SiteYear
    class_counts: dict[str, int]  # I … 劣V → sites
    groups: list[tuple[str, int, float]]  # (label, sites, share %)
    classed_sites: int  # sites with a class (the shares' denominator)
    unclassed_sites: int
    drinking: Any  # water.selectors.DrinkingPeriod


def water_groups(class_counts: Mapping[str, int]) -> tuple[list[tuple[str, int, float]], int]:
    """Sites and their share (percent, NaN with no classed site) per group of classes."""
    total = sum(class_counts.values())
    groups = []
    for label, names in WATER_GROUPS:
        n = sum(class_counts.get(name, 0) for name in names)
        groups.append((label, n, n / total * 100 if total else math.nan))
    return groups, total


def water_year(year: int) -> WaterYear:
    sites = water.annual_classes(year)
    counts = {name: 0 for name in ("I", "II", "III", "IV", "V", "劣V")}
    unclassed = 0
    for s in sites:
        if s.classed.site_class in counts:
            counts[s.classed.site_class] += 1
        else:
            unclassed += 1
    groups, total = water_groups(counts)
    return WaterYear(
        sites=sites,
        class_counts=counts,
        groups=groups,
        classed_sites=total,
        unclassed_sites=unclassed,
        drinking=water.drinking_compliance(year=year),
    )


# --------------------------------------------------------------------------- assembly


@dataclass(frozen=True)
class Bulletin:
    year: int
    air: AirYear | None  # None without any city daily value in the year
    last_year: AirYear | None  # the year before, when it has data
    change: AirChange | None  # None unless both years are complete
    water: WaterYear

    @property
    def complete(self) -> bool:
        """The air part is an annual assessment (the water part says its own status)."""
        return self.air is not None and self.air.complete


def _city_air(year: int, today: date | None) -> AirYear | None:
    rows = air.city_days_of_year(year)
    if not rows:
        return None
    series = DailySeries.from_rows(rows)
    return air_year(year, series, [r["primary"] for r in rows], today=today)


def bulletin(year: int, *, today: date | None = None) -> Bulletin:
    """The year's bulletin; ``today`` (the local date by default) marks a running year."""
    if today is None:
        today = localdate()
    current = _city_air(year, today)
    previous = _city_air(year - 1, today)
    return Bulletin(
        year=year,
        air=current,
        last_year=previous,
        change=compare(current, previous) if current else None,
        water=water_year(year),
    )


def years() -> list[int]:
    """Years with air or water data, newest first."""
    return sorted(set(air.data_years()) | set(water.sample_years()), reverse=True)


# --------------------------------------------------------------------------- JSON


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def air_json(a: AirYear) -> dict[str, Any]:
    return {
        "year": a.year,
        "complete": a.complete,
        "running": a.running,
        "enough_data": a.enough_data,
        "as_of": a.as_of.isoformat() if a.as_of else None,
        "valid_days": a.valid_counts,
        "min_valid_days": monthly.MIN_DAYS_YEAR,
        "aqi_days": a.aqi_days,
        "no_aqi_days": a.no_aqi_days,
        "good_days": a.good_days,
        "good_ratio_percent": _num(a.published_good_ratio),
        "level_days": {str(k): v for k, v in a.level_days.items()},
        "primary_days": a.primary_days,
        "primary_total": a.primary_total,
        "standard": a.limits.standard,
        "composite_index": _num(a.composite.published),
        "largest_sub_index": a.composite.largest,
        "meets_standard": a.meets_standard,
        "pollutants": {
            name: {
                "annual_mean": _num(p.published_mean),
                "percentile": p.p,
                "percentile_value": _num(p.published_percentile),
                "annual_limit": p.annual_limit,
                "daily_limit": p.daily_limit,
                "meets": p.meets,
                "valid_days": p.valid_days,
            }
            for name, p in a.pollutants.items()
        },
    }


def to_json(b: Bulletin) -> dict[str, Any]:
    change = b.change
    w = b.water
    return {
        "year": b.year,
        "annual_assessment": b.complete,
        "air": air_json(b.air) if b.air else None,
        "air_last_year": air_json(b.last_year) if b.last_year else None,
        "air_change": None
        if change is None
        else {
            "good_ratio_points": change.good_ratio_points,
            "composite_percent": change.composite_percent,
            "concentrations_percent": change.concentrations_percent,
            "same_limits": change.same_limits,
        },
        "water": {
            "class_counts": w.class_counts,
            "groups": [
                {"classes": label, "sites": n, "share_percent": _num(round(share, 1))}
                for label, n, share in w.groups
            ],
            "classed_sites": w.classed_sites,
            "unclassed_sites": w.unclassed_sites,
            "sites": [
                {
                    "code": s.classed.site.code,
                    "name": s.classed.site.name,
                    "class": s.classed.site_class,
                    "samples": s.samples,
                    "months": s.months,
                }
                for s in w.sites
            ],
            "drinking": w.drinking.rates.as_json(),
        },
    }
