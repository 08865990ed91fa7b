"""The exceedance rates of an enterprise's outlets over a year, judged as the events are
(reads for the enterprise page; between the selectors and the engine's glue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from lantian.sources import detection
from lantian.sources.models import Enterprise, Measurement, Outlet
from lantian.sources.selectors import day_start, limit_for

# A year's exceedance rate is shown as complete only when valid data cover this share of
# the periods elapsed (the annual-rate bands of credit scoring presume a year of data).
RATE_COVERAGE = 0.75


@dataclass(frozen=True)
class YearRate:
    outlet: Outlet
    pollutant: str
    averaging: str  # "hour" | "day"
    valid: int  # valid averaging periods
    exceeding: int
    expected: int  # periods elapsed in the year (to the day before ``today``)

    @property
    def rate(self) -> float | None:
        return self.exceeding / self.valid if self.valid else None

    @property
    def coverage(self) -> float:
        return self.valid / self.expected if self.expected else 0.0

    @property
    def complete(self) -> bool:
        return self.coverage >= RATE_COVERAGE


def year_rates(enterprise: Enterprise, year: int, today: date) -> list[YearRate]:
    """Each monitored outlet pollutant's exceedance rate over ``year`` up to ``today``:
    exceeding valid periods (hours, or days where the standard judges daily means) over
    valid periods, with the data's coverage so that a thin year is labelled, not compared."""
    first = day_start(date(year, 1, 1))
    stop = day_start(min(today, date(year + 1, 1, 1)))
    if stop <= first:
        return []
    specs: list[detection.Series] = []
    for outlet in enterprise.outlets.all():
        for monitored in outlet.pollutants.all():
            specs.append(detection.Series(outlet, monitored.pollutant, monitored.permit_limit))
    if not specs:
        return []
    position = {(s.outlet.pk, s.pollutant): i for i, s in enumerate(specs)}
    rows = list(
        Measurement.objects.filter(
            outlet__in=[s.outlet for s in specs], start__gte=first, start__lt=stop
        ).values_list("outlet_id", "pollutant", "start", "end", "value", "o2", "flag")
    )
    rows = [r for r in rows if (r[0], r[1]) in position]
    if not rows:
        return []
    counts = detection.rates_of_many(
        specs,
        index=np.array([position[(r[0], r[1])] for r in rows], dtype=np.int64),
        start=detection.datetime64([r[2] for r in rows]),
        end=detection.datetime64([r[3] for r in rows]),
        value=np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float),
        o2=np.array([np.nan if r[5] is None else r[5] for r in rows], dtype=float),
        flag=np.array([r[6] for r in rows], dtype=object),
        period="year",
    )
    hours = int((stop - first).total_seconds() // 3600)
    found = []
    for spec, per_year in zip(specs, counts, strict=True):
        if not per_year:
            continue
        _bucket, valid, exceeding = per_year[0]
        limit = limit_for(spec.outlet, spec.pollutant, date(year, 1, 1))
        averaging = limit.averaging if limit else "hour"
        expected = hours // 24 if averaging == "day" else hours
        found.append(YearRate(spec.outlet, spec.pollutant, averaging, valid, exceeding, expected))
    return found
