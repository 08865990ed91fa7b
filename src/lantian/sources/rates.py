"""The exceedance rates of an enterprise's outlets over a year and day by day, judged as
the events are (reads for the enterprise page and the API; between the selectors and the
engine's glue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.db.models import Max

from lantian.sources import detection
from lantian.sources.models import Enterprise, Measurement, Outlet
from lantian.sources.selectors import LOCAL, day_start, limit_for

# A rate (a year's, or a day's) is shown as complete only when valid data cover this
# share of the periods elapsed (the annual-rate bands of credit scoring presume a year of
# data); below it the rate is labelled incomplete and never compared.
RATE_COVERAGE = 0.75
DAILY_DAYS = 30  # the daily rates: the 30 days up to the newest value of each series
PERIODS_PER_DAY = {"hour": 24, "day": 1}


@dataclass(frozen=True)
class Rate:
    """Exceeding valid averaging periods over valid ones, with the data's coverage."""

    valid: int  # valid averaging periods
    exceeding: int
    expected: int  # periods elapsed

    @property
    def rate(self) -> float | None:
        return self.exceeding / self.valid if self.valid else None

    @property
    def coverage(self) -> float:
        return self.valid / self.expected if self.expected else 0.0

    @property
    def complete(self) -> bool:
        return self.coverage >= RATE_COVERAGE


@dataclass(frozen=True, kw_only=True)
class YearRate(Rate):
    outlet: Outlet
    pollutant: str
    averaging: str  # "hour" | "day"


@dataclass(frozen=True, kw_only=True)
class DayRate(Rate):
    day: date


@dataclass(frozen=True)
class DailyRates:
    """One outlet pollutant's daily rates, oldest first: every day of the window, a day
    without any stored value as 0 valid periods (incomplete)."""

    outlet: Outlet
    pollutant: str
    averaging: str
    days: list[DayRate]

    @property
    def incomplete_days(self) -> int:
        return sum(1 for d in self.days if not d.complete)

    @property
    def exceeding_days(self) -> int:
        return sum(1 for d in self.days if d.complete and d.exceeding)


def _series(enterprise: Enterprise) -> list[detection.Series]:
    return [
        detection.Series(outlet, monitored.pollutant, monitored.permit_limit)
        for outlet in enterprise.outlets.all()
        for monitored in outlet.pollutants.all()
    ]


def _counts(
    specs: list[detection.Series],
    windows: dict[tuple[int, str], tuple[datetime, datetime]],
    period: str,
) -> list[list[tuple[date, int, int]]]:
    """The engine's counts per series (:func:`detection.rates_of_many`) of the stored
    values of each series inside its window ``[first, stop)``."""
    position = {(s.outlet.pk, s.pollutant): i for i, s in enumerate(specs)}
    if not windows:
        return [[] for _ in specs]
    first = min(w[0] for w in windows.values())
    stop = max(w[1] for w in windows.values())
    rows = [
        r
        for r in Measurement.objects.filter(
            outlet__in=[s.outlet for s in specs], start__gte=first, start__lt=stop
        ).values_list("outlet_id", "pollutant", "start", "end", "value", "o2", "flag")
        if (r[0], r[1]) in windows and windows[(r[0], r[1])][0] <= r[2] < windows[(r[0], r[1])][1]
    ]
    if not rows:
        return [[] for _ in specs]
    return detection.rates_of_many(
        specs,
        index=np.array([position[(r[0], r[1])] for r in rows], dtype=np.int64),
        start=detection.datetime64([r[2] for r in rows]),
        end=detection.datetime64([r[3] for r in rows]),
        value=np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float),
        o2=np.array([np.nan if r[5] is None else r[5] for r in rows], dtype=float),
        flag=np.array([r[6] for r in rows], dtype=object),
        period=period,
    )


def _averaging(spec: detection.Series, on: date) -> str:
    limit = limit_for(spec.outlet, spec.pollutant, on)
    return limit.averaging if limit else "hour"


def year_rates(enterprise: Enterprise, year: int, today: date) -> list[YearRate]:
    """Each monitored outlet pollutant's exceedance rate over ``year`` up to ``today``:
    exceeding valid periods (hours, or days where the standard judges daily means) over
    valid periods, with the data's coverage so that a thin year is labelled, not compared."""
    first = day_start(date(year, 1, 1))
    stop = day_start(min(today, date(year + 1, 1, 1)))
    if stop <= first:
        return []
    specs = _series(enterprise)
    windows = {(s.outlet.pk, s.pollutant): (first, stop) for s in specs}
    counts = _counts(specs, windows, "year")
    hours = int((stop - first).total_seconds() // 3600)
    found = []
    for spec, per_year in zip(specs, counts, strict=True):
        if not per_year:
            continue
        _bucket, valid, exceeding = per_year[0]
        averaging = _averaging(spec, date(year, 1, 1))
        expected = hours // 24 if averaging == "day" else hours
        found.append(
            YearRate(
                valid=valid,
                exceeding=exceeding,
                expected=expected,
                outlet=spec.outlet,
                pollutant=spec.pollutant,
                averaging=averaging,
            )
        )
    return found


def daily_rates(enterprise: Enterprise, *, days: int = DAILY_DAYS) -> list[DailyRates]:
    """Each monitored outlet pollutant's exceedance rate per local day over the ``days``
    days up to the day of its newest stored value: exceeding valid periods over valid
    ones, a day whose valid periods cover less than :data:`RATE_COVERAGE` of the day
    marked incomplete. Series without any stored value are left out."""
    specs = _series(enterprise)
    newest = {
        (row["outlet_id"], row["pollutant"]): row["newest"]
        for row in Measurement.objects.filter(outlet__in=[s.outlet for s in specs])
        .values("outlet_id", "pollutant")
        .annotate(newest=Max("start"))
    }
    last_day = {key: stamp.astimezone(LOCAL).date() for key, stamp in newest.items()}
    windows = {
        key: (day_start(day - timedelta(days=days - 1)), day_start(day + timedelta(days=1)))
        for key, day in last_day.items()
    }
    counts = _counts(specs, windows, "day")
    found = []
    for spec, per_day in zip(specs, counts, strict=True):
        key = (spec.outlet.pk, spec.pollutant)
        if key not in last_day:
            continue
        averaging = _averaging(spec, last_day[key])
        expected = PERIODS_PER_DAY.get(averaging, 24)
        by_day = {bucket: (valid, over) for bucket, valid, over in per_day}
        window = [last_day[key] - timedelta(days=n) for n in range(days - 1, -1, -1)]
        rows = [DayRate(*by_day.get(day, (0, 0)), expected=expected, day=day) for day in window]
        found.append(DailyRates(spec.outlet, spec.pollutant, averaging, rows))
    return found
