"""Monthly air-quality report engine (numpy, no Django import).

From an area's daily values (AreaDay: daily means, daily maximum 8-hour O3, daily AQI)
it computes what a monthly bulletin publishes:

- days per AQI level 1–6, days without a valid AQI, and the good-days ratio
  (优良天数比例 = days with daily AQI ≤ 100 / valid days × 100 %, HJ 663);
- monthly concentrations: SO2, NO2, PM10, PM2.5 as the mean of the valid daily means;
  CO as the 95th and O3 as the 90th percentile of the daily values (daily mean, daily
  maximum 8-hour mean), by the HJ 663 percentile method (:func:`aggregate.percentile`);
- the composite index (城市环境空气质量综合指数, 城市环境空气质量排名技术规定) with its
  sub-indices, the district ranking and the change against the same month last year.

GB 3095 Table 4 asks for at least 27 valid daily values in a month (25 in February) for a
valid monthly statistic; a month with fewer is still computed and flagged ``complete=False``.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from lantian.air import aggregate
from lantian.air.standards import HJ633_2026_LEVELS

FloatArray = npt.NDArray[np.float64]

# The six pollutants of the composite index, in the order bulletins print them.
POLLUTANTS = ("so2", "no2", "co", "o3_8h", "pm10", "pm25")
MEANS = ("so2", "no2", "pm10", "pm25")  # period means of the daily means
CO_PERCENTILE = 95.0  # CO: 95th percentile of the daily means (HJ 663)
O3_PERCENTILE = 90.0  # O3: 90th percentile of the daily maximum 8-hour means (HJ 663)
GOOD_AQI = 100  # 优良: daily AQI ≤ 100 (HJ 633 levels 1 and 2)
LEVELS = tuple(range(1, 7))
# Upper AQI of levels 1–5; the same in HJ 633-2012 and HJ 633-2026.
_LEVEL_UPPERS = np.array([lv["upper"] for lv in HJ633_2026_LEVELS[:-1]], dtype=float)
MIN_DAYS = 27  # GB 3095 Table 4: ≥ 27 daily values per month …
MIN_DAYS_FEBRUARY = 25  # … and ≥ 25 in February

GB3095_2026_IN_FORCE = date(2026, 3, 1)
GB3095_2026_FINAL = date(2031, 1, 1)


@dataclass(frozen=True)
class Limits:
    """S_i of the composite index: annual class-2 limits for SO2, NO2, PM10 and PM2.5, the
    daily-max-8h O3 limit and the daily CO limit (µg/m³, CO mg/m³)."""

    standard: str
    so2: float
    no2: float
    co: float
    o3_8h: float
    pm10: float
    pm25: float

    def of(self, pollutant: str) -> float:
        return float(getattr(self, pollutant))


# GB 3095-2012 Table 1, class 2; in force until 2026-02-28.
GB3095_2012 = Limits("GB 3095-2012", so2=60, no2=40, co=4, o3_8h=160, pm10=70, pm25=35)
# GB 3095-2026 Table 1, class 2: transitional limits 2026-03-01 … 2030-12-31 (4.4).
GB3095_2026_TRANSITIONAL = Limits(
    "GB 3095-2026 (2026–2030)", so2=60, no2=40, co=4, o3_8h=160, pm10=60, pm25=30
)
# GB 3095-2026 Table 1, class 2: final limits from 2031-01-01; O3 and CO unchanged.
GB3095_2026 = Limits("GB 3095-2026", so2=20, no2=30, co=4, o3_8h=160, pm10=50, pm25=25)


def limits_for(on: date) -> Limits:
    """The class-2 limits in force on ``on`` used as S_i of the composite index.

    Assumption: HJ 663-2026 is taken to divide by the limits *in force* (the transitional
    ones until 2030, the final ones from 2031); which limits it names as S_i has not been
    verified against the standard's text.
    """
    if on >= GB3095_2026_FINAL:
        return GB3095_2026
    if on >= GB3095_2026_IN_FORCE:
        return GB3095_2026_TRANSITIONAL
    return GB3095_2012


def _floats(values: npt.ArrayLike | None, size: int) -> FloatArray:
    if values is None:
        return np.full(size, np.nan)
    array = np.array([np.nan if v is None else v for v in np.ravel(values)], dtype=float)
    if array.size != size:
        raise ValueError("every daily series must have one value per day")
    return array


@dataclass
class DailySeries:
    """An area's daily values, one entry per day (NaN where missing or invalid).

    ``so2 no2 co pm10 pm25`` are daily means, ``o3_8h`` the daily maximum 8-hour mean,
    ``aqi`` the daily AQI. ``level`` is derived from the AQI when not given.
    """

    days: list[date]
    so2: FloatArray
    no2: FloatArray
    co: FloatArray
    o3_8h: FloatArray
    pm10: FloatArray
    pm25: FloatArray
    aqi: FloatArray
    level: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    @classmethod
    def build(
        cls, days: Sequence[date], level: npt.ArrayLike | None = None, **values: npt.ArrayLike
    ) -> DailySeries:
        unknown = set(values) - {*POLLUTANTS, "aqi"}
        if unknown:
            raise ValueError(f"unknown daily field: {', '.join(sorted(unknown))}")
        n = len(days)
        arrays = {name: _floats(values.get(name), n) for name in (*POLLUTANTS, "aqi")}
        if level is None:
            aqi = arrays["aqi"]
            levels = np.where(
                np.isnan(aqi), 0, np.searchsorted(_LEVEL_UPPERS, aqi, side="left") + 1
            )
        else:
            levels = np.array([0 if v is None else v for v in np.ravel(level)])
            levels = np.where(np.isnan(arrays["aqi"]), 0, levels)
        return cls(days=list(days), level=levels.astype(np.int8), **arrays)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> DailySeries:
        """From mappings with ``day`` and the daily fields (e.g. ``AreaDay.values()``)."""
        rows = sorted(rows, key=lambda r: r["day"])  # type: ignore[arg-type, return-value]
        return cls.build(
            [r["day"] for r in rows],  # type: ignore[misc]
            level=[r.get("level") or 0 for r in rows] if rows and "level" in rows[0] else None,
            **{name: [r.get(name) for r in rows] for name in (*POLLUTANTS, "aqi")},  # type: ignore[misc]
        )

    @classmethod
    def empty(cls) -> DailySeries:
        return cls.build([])

    def month(self, year: int, month: int) -> DailySeries:
        """Only the days of that calendar month."""
        keep = np.array([d.year == year and d.month == month for d in self.days], dtype=bool)
        return DailySeries(
            days=[d for d, k in zip(self.days, keep, strict=True) if k],
            level=self.level[keep] if self.level.size else np.zeros(0, dtype=np.int8),
            **{name: getattr(self, name)[keep] for name in (*POLLUTANTS, "aqi")},
        )


def period_concentrations(series: DailySeries) -> dict[str, float]:
    """Monthly SO2, NO2, PM10, PM2.5 means of the valid daily means; CO P95 of the daily
    means; O3 P90 of the daily maximum 8-hour means (HJ 663). NaN without valid days."""
    out: dict[str, float] = {}
    for name in MEANS:
        values = getattr(series, name)
        valid = values[~np.isnan(values)]
        out[name] = float(np.mean(valid)) if valid.size else math.nan
    out["co"] = aggregate.percentile(series.co, CO_PERCENTILE)
    out["o3_8h"] = aggregate.percentile(series.o3_8h, O3_PERCENTILE)
    return {name: out[name] for name in POLLUTANTS}


@dataclass(frozen=True)
class CompositeIndex:
    """I_sum = Σ I_i with I_i = C_i / S_i; larger is worse. ``total`` is NaN unless all
    six sub-indices are known; ``largest`` names the pollutant with the largest I_i."""

    total: float
    sub: dict[str, float]
    largest: str | None
    limits: Limits


def composite_index(concentrations: Mapping[str, float], limits: Limits) -> CompositeIndex:
    """城市环境空气质量综合指数 (城市环境空气质量排名技术规定): the sum of each pollutant's
    period value over its limit (see :class:`Limits` for which value and which limit)."""
    sub = {name: concentrations.get(name, math.nan) / limits.of(name) for name in POLLUTANTS}
    known = {name: v for name, v in sub.items() if not math.isnan(v)}
    total = sum(sub.values()) if len(known) == len(POLLUTANTS) else math.nan
    largest = max(known, key=lambda name: known[name]) if known else None
    return CompositeIndex(total=float(total), sub=sub, largest=largest, limits=limits)


@dataclass(frozen=True)
class AreaMonth:
    """One area's month: days by level, good-days ratio, concentrations, composite index."""

    area: str
    year: int
    month: int
    days_in_month: int
    level_days: dict[int, int]
    no_aqi_days: int
    valid_days: int
    good_days: int
    good_ratio: float
    concentrations: dict[str, float]
    valid_counts: dict[str, int]
    composite: CompositeIndex
    daily: DailySeries

    @property
    def min_days(self) -> int:
        return MIN_DAYS_FEBRUARY if self.month == 2 else MIN_DAYS

    @property
    def complete(self) -> bool:
        """GB 3095 Table 4: enough valid daily values of every pollutant for the month."""
        return all(n >= self.min_days for n in self.valid_counts.values())

    @property
    def has_data(self) -> bool:
        return self.valid_days > 0 or any(self.valid_counts.values())


def summarize(area: str, year: int, month: int, series: DailySeries) -> AreaMonth:
    """An area's statistics for the calendar month (days outside it are ignored)."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1–12")
    series = series.month(year, month)
    days_in_month = calendar.monthrange(year, month)[1]
    valid = ~np.isnan(series.aqi)
    level_days = {lv: int(np.sum(valid & (series.level == lv))) for lv in LEVELS}
    valid_days = int(np.sum(valid))
    # HJ 663: 优良天数比例 = days with daily AQI ≤ 100 / valid days × 100 %
    good_days = int(np.sum(series.aqi[valid] <= GOOD_AQI))
    concentrations = period_concentrations(series)
    return AreaMonth(
        area=area,
        year=year,
        month=month,
        days_in_month=days_in_month,
        level_days=level_days,
        no_aqi_days=days_in_month - valid_days,
        valid_days=valid_days,
        good_days=good_days,
        good_ratio=aggregate.good_days_ratio(series.aqi),
        concentrations=concentrations,
        valid_counts={name: int(np.sum(~np.isnan(getattr(series, name)))) for name in POLLUTANTS},
        composite=composite_index(concentrations, limits_for(date(year, month, 1))),
        daily=series,
    )


def percent_change(current: float, previous: float) -> float | None:
    """(current − previous) / previous × 100; None when either is missing or previous is 0."""
    if math.isnan(current) or math.isnan(previous) or previous == 0:
        return None
    return (current - previous) / previous * 100


@dataclass(frozen=True)
class Change:
    """Against the same month last year: the good-days ratio in percentage points, the
    composite index and each concentration in percent (None: not comparable)."""

    good_ratio_points: float | None
    composite_percent: float | None
    concentrations_percent: dict[str, float | None]
    same_limits: bool


def compare(current: AreaMonth, previous: AreaMonth | None) -> Change | None:
    """None when last year's month has no data."""
    if previous is None or not previous.has_data:
        return None
    points = (
        None
        if math.isnan(current.good_ratio) or math.isnan(previous.good_ratio)
        else current.good_ratio - previous.good_ratio
    )
    return Change(
        good_ratio_points=points,
        composite_percent=percent_change(current.composite.total, previous.composite.total),
        concentrations_percent={
            name: percent_change(current.concentrations[name], previous.concentrations[name])
            for name in POLLUTANTS
        },
        # Across the 2026 switch the two indices divide by different limits.
        same_limits=current.composite.limits == previous.composite.limits,
    )


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    area: AreaMonth


def rank_areas(areas: Iterable[AreaMonth]) -> list[Ranked]:
    """Ascending composite index (1 = best). The index is compared as published, to two
    decimals; equal values share a rank and the next rank is skipped (1, 1, 3). Areas
    without a composite index come last, unranked."""
    areas = list(areas)
    scored = sorted(
        (a for a in areas if not math.isnan(a.composite.total)),
        key=lambda a: (round(a.composite.total, 2), a.area),
    )
    ranked: list[Ranked] = []
    for position, area in enumerate(scored, start=1):
        value = round(area.composite.total, 2)
        if ranked and round(ranked[-1].area.composite.total, 2) == value:
            ranked.append(Ranked(ranked[-1].rank, area))
        else:
            ranked.append(Ranked(position, area))
    unscored = sorted((a for a in areas if math.isnan(a.composite.total)), key=lambda a: a.area)
    return ranked + [Ranked(None, a) for a in unscored]


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    city: AreaMonth
    last_year: AreaMonth | None
    change: Change | None
    ranking: list[Ranked]

    @property
    def limits(self) -> Limits:
        return self.city.composite.limits

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def build_report(
    year: int,
    month: int,
    city: DailySeries,
    last_year: DailySeries | None = None,
    districts: Mapping[str, DailySeries] | None = None,
    city_name: str = "city",
) -> MonthlyReport:
    """The whole report from the city's daily values, last year's same month and each
    district's daily values."""
    current = summarize(city_name, year, month, city)
    previous = summarize(city_name, year - 1, month, last_year) if last_year is not None else None
    return MonthlyReport(
        year=year,
        month=month,
        city=current,
        last_year=previous if previous is not None and previous.has_data else None,
        change=compare(current, previous),
        ranking=rank_areas(
            summarize(name, year, month, series) for name, series in (districts or {}).items()
        ),
    )
