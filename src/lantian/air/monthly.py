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

Validity (GB 3095 Table 4, decision 0015): a daily value needs ≥ 20 hourly values (applied
when the daily values are aggregated); a month needs ≥ 27 valid daily values of *each*
pollutant (25 in February), a year ≥ 324. A month with fewer, or one still running, is
computed but not complete: no district ranking and no change against last year.

Figures are published rounded (GB/T 8170, :func:`round_half_even`): concentrations whole
(CO one decimal), ratios and changes one decimal, indices two. The composite index is
computed from the published concentrations and every change from the published figures,
so a reader who recomputes them from the report gets the same numbers.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

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
MIN_DAYS_FEBRUARY = 25  # … ≥ 25 in February …
MIN_DAYS_YEAR = 324  # … and ≥ 324 in a year
# Published decimals (decision 0015): concentrations whole, CO (mg/m³) to one decimal.
DECIMALS = {name: 1 if name == "co" else 0 for name in POLLUTANTS}
INDEX_DECIMALS = 2  # composite index and sub-indices
RATIO_DECIMALS = 1  # good-days ratio (%) and its change (percentage points)
CHANGE_DECIMALS = 1  # changes against last year (%)

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


def min_days(month: int | None = None) -> int:
    """Valid daily values GB 3095 Table 4 asks for: in ``month`` (1–12), or a year (None)."""
    if month is None:
        return MIN_DAYS_YEAR
    return MIN_DAYS_FEBRUARY if month == 2 else MIN_DAYS


def enough_days(valid_counts: Mapping[str, int], month: int | None = None) -> bool:
    """Whether every pollutant has enough valid daily values for the month (or year)."""
    needed = min_days(month)
    return bool(valid_counts) and all(n >= needed for n in valid_counts.values())


def round_half_even(value: float, digits: int) -> float:
    """GB/T 8170 rounding (四舍六入五成双) of the number as written on paper: the value to
    12 significant digits (absorbing binary noise, so 29.5 − 1e-14 is 29.5), then a lone 5
    to the even digit (0.125 → 0.12, 0.135 → 0.14, 2.675 → 2.68). NaN stays NaN; −0.0
    becomes 0.0."""
    if math.isnan(value):
        return math.nan
    written = Decimal(format(value, ".12g"))
    return float(written.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)) + 0.0


def published_concentrations(concentrations: Mapping[str, float]) -> dict[str, float]:
    """Each pollutant's value as the report prints it (:data:`DECIMALS`)."""
    return {name: round_half_even(concentrations[name], DECIMALS[name]) for name in POLLUTANTS}


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
    """I_sum = Σ I_i with I_i = C_i / S_i, C_i the published concentration; larger is
    worse. ``total`` is NaN unless all six sub-indices are known; ``largest`` names the
    pollutant with the largest I_i."""

    total: float
    sub: dict[str, float]
    largest: str | None
    limits: Limits

    @property
    def published(self) -> float:
        """The index as printed, to two decimals (the ranking compares this value)."""
        return round_half_even(self.total, INDEX_DECIMALS)


def composite_index(concentrations: Mapping[str, float], limits: Limits) -> CompositeIndex:
    """城市环境空气质量综合指数 (城市环境空气质量排名技术规定): the sum of each pollutant's
    period value over its limit (see :class:`Limits` for which value and which limit).
    Give the published concentrations (:func:`published_concentrations`)."""
    sub = {name: concentrations.get(name, math.nan) / limits.of(name) for name in POLLUTANTS}
    known = {name: v for name, v in sub.items() if not math.isnan(v)}
    total = sum(sub.values()) if len(known) == len(POLLUTANTS) else math.nan
    largest = max(known, key=lambda name: known[name]) if known else None
    return CompositeIndex(total=float(total), sub=sub, largest=largest, limits=limits)


@dataclass(frozen=True)
class AreaMonth:
    """One area's month: days by level, good-days ratio, concentrations, composite index,
    and whether the month is complete (GB 3095 Table 4, and over)."""

    area: str
    year: int
    month: int
    days_in_month: int
    level_days: dict[int, int]
    no_aqi_days: int
    aqi_days: int  # days with a valid daily AQI: the good-days ratio's denominator
    good_days: int
    good_ratio: float
    concentrations: dict[str, float]  # as computed
    published: dict[str, float]  # as printed (:data:`DECIMALS`)
    valid_counts: dict[str, int]  # valid daily values per pollutant
    composite: CompositeIndex
    daily: DailySeries
    running: bool = False  # the month was not over on the day of the report

    @property
    def min_days(self) -> int:
        return min_days(self.month)

    @property
    def valid_days(self) -> int:
        """有效天数: the fewest valid daily values of any of the six pollutants — the
        count that decides whether the month is complete."""
        return min(self.valid_counts.values()) if self.valid_counts else 0

    @property
    def enough_data(self) -> bool:
        """GB 3095 Table 4: enough valid daily values of every pollutant for the month."""
        return enough_days(self.valid_counts, self.month)

    @property
    def complete(self) -> bool:
        """A finished month with enough data: only such a month is ranked and compared."""
        return self.enough_data and not self.running

    @property
    def as_of(self) -> date | None:
        """The last day with data in the month."""
        return self.daily.days[-1] if self.daily.days else None

    @property
    def published_good_ratio(self) -> float:
        return round_half_even(self.good_ratio, RATIO_DECIMALS)

    @property
    def has_data(self) -> bool:
        return self.aqi_days > 0 or any(self.valid_counts.values())


def running(year: int, month: int, today: date | None) -> bool:
    """Whether the month is not over on ``today`` (None: judged as over)."""
    if today is None:
        return False
    return today <= date(year, month, calendar.monthrange(year, month)[1])


def summarize(
    area: str, year: int, month: int, series: DailySeries, *, today: date | None = None
) -> AreaMonth:
    """An area's statistics for the calendar month (days outside it are ignored);
    ``today`` tells whether the month is still running."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1–12")
    series = series.month(year, month)
    days_in_month = calendar.monthrange(year, month)[1]
    valid = ~np.isnan(series.aqi)
    level_days = {lv: int(np.sum(valid & (series.level == lv))) for lv in LEVELS}
    aqi_days = int(np.sum(valid))
    # HJ 663: 优良天数比例 = days with daily AQI ≤ 100 / valid days × 100 %
    good_days = int(np.sum(series.aqi[valid] <= GOOD_AQI))
    concentrations = period_concentrations(series)
    published = published_concentrations(concentrations)
    return AreaMonth(
        area=area,
        year=year,
        month=month,
        days_in_month=days_in_month,
        level_days=level_days,
        no_aqi_days=days_in_month - aqi_days,
        aqi_days=aqi_days,
        good_days=good_days,
        good_ratio=aggregate.good_days_ratio(series.aqi),
        concentrations=concentrations,
        published=published,
        valid_counts={name: int(np.sum(~np.isnan(getattr(series, name)))) for name in POLLUTANTS},
        composite=composite_index(published, limits_for(date(year, month, 1))),
        daily=series,
        running=running(year, month, today),
    )


def percent_change(current: float, previous: float) -> float | None:
    """(current − previous) / previous × 100; None when either is missing or previous is 0."""
    if math.isnan(current) or math.isnan(previous) or previous == 0:
        return None
    return (current - previous) / previous * 100


def published_change(current: float, previous: float) -> float | None:
    """The percent change between two published figures, as printed (one decimal):
    31.4 → 28.6 is −8.9 %."""
    change = percent_change(current, previous)
    return None if change is None else round_half_even(change, CHANGE_DECIMALS)


@dataclass(frozen=True)
class Change:
    """Against the same month last year, from the published figures and as printed: the
    good-days ratio in percentage points, the composite index and each concentration in
    percent (None: not comparable)."""

    good_ratio_points: float | None
    composite_percent: float | None
    concentrations_percent: dict[str, float | None]
    same_limits: bool


def compare(current: AreaMonth, previous: AreaMonth | None) -> Change | None:
    """None unless both months are complete: a change between an incomplete month and
    another says more about missing days than about the air."""
    if previous is None or not current.complete or not previous.complete:
        return None
    now, before = current.published_good_ratio, previous.published_good_ratio
    points = (
        None
        if math.isnan(now) or math.isnan(before)
        else round_half_even(now - before, RATIO_DECIMALS)
    )
    return Change(
        good_ratio_points=points,
        composite_percent=published_change(
            current.composite.published, previous.composite.published
        ),
        concentrations_percent={
            name: published_change(current.published[name], previous.published[name])
            for name in POLLUTANTS
        },
        # Across the 2026 switch the two indices divide by different limits.
        same_limits=current.composite.limits == previous.composite.limits,
    )


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: not ranked (incomplete, or no composite index)
    area: AreaMonth


def rank_areas(areas: Iterable[AreaMonth]) -> list[Ranked]:
    """Complete areas by ascending composite index (1 = best). The index is compared as
    published, to two decimals; equal values share a rank and the next rank is skipped
    (1, 1, 3). Areas with too few valid days, or without a composite index, come last,
    unranked, by name."""
    areas = list(areas)
    rankable = [a.complete and not math.isnan(a.composite.total) for a in areas]
    scored = sorted(
        (a for a, ok in zip(areas, rankable, strict=True) if ok),
        key=lambda a: (a.composite.published, a.area),
    )
    ranked: list[Ranked] = []
    for position, area in enumerate(scored, start=1):
        if ranked and ranked[-1].area.composite.published == area.composite.published:
            ranked.append(Ranked(ranked[-1].rank, area))
        else:
            ranked.append(Ranked(position, area))
    unranked = sorted(
        (a for a, ok in zip(areas, rankable, strict=True) if not ok), key=lambda a: a.area
    )
    return ranked + [Ranked(None, a) for a in unranked]


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    city: AreaMonth
    last_year: AreaMonth | None  # the same month last year, when it has data
    change: Change | None  # None unless both months are complete
    ranking: list[Ranked]  # empty unless the city's month is complete

    @property
    def limits(self) -> Limits:
        return self.city.composite.limits

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def complete(self) -> bool:
        return self.city.complete


def build_report(
    year: int,
    month: int,
    city: DailySeries,
    last_year: DailySeries | None = None,
    districts: Mapping[str, DailySeries] | None = None,
    city_name: str = "city",
    *,
    today: date | None = None,
) -> MonthlyReport:
    """The whole report from the city's daily values, last year's same month and each
    district's daily values; ``today`` marks the current month as running."""
    current = summarize(city_name, year, month, city, today=today)
    previous = (
        summarize(city_name, year - 1, month, last_year, today=today)
        if last_year is not None
        else None
    )
    ranking = (
        rank_areas(
            summarize(name, year, month, series, today=today)
            for name, series in (districts or {}).items()
        )
        if current.complete
        else []
    )
    return MonthlyReport(
        year=year,
        month=month,
        city=current,
        last_year=previous if previous is not None and previous.has_data else None,
        change=compare(current, previous),
        ranking=ranking,
    )
