"""Between the stored self-monitoring values and the pure exceedance engine: the limit in
force for each period (:func:`lantian.sources.selectors.limit_for`, evaluated once per
stretch between the standards' effective dates), the arrays the engine reads, and the
events it finds, as plain records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from lantian.sources import exceedance, limits, selectors
from lantian.sources.models import Outlet

LOCAL = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
Value = tuple[datetime, datetime, float | None, float | None, str]


@dataclass(frozen=True)
class Found:
    start: datetime
    end: datetime
    periods: int
    maximum: float
    mean: float
    limit: float
    multiple: float | None  # None for a value below a range's lower bound (pH) only
    source: str


def _breakpoints(first: date, last: date) -> list[date]:
    """The days on which a limit may change within ``first``–``last``: the first day and
    every effective date of the standards' data inside the range."""
    dates = {first}
    for entry in limits.entries():
        text = entry.get("effective_from")
        if text:
            day = date.fromisoformat(text)
            if first < day <= last:
                dates.add(day)
    return sorted(dates)


def _datetime64(values: Sequence[datetime]) -> np.ndarray:
    return np.array([v.astimezone(UTC).replace(tzinfo=None) for v in values], dtype="datetime64[s]")


def events_of(
    outlet: Outlet, pollutant: str, values: Sequence[Value], *, permit_limit: float | None
) -> list[Found]:
    """The exceedance events of one outlet and pollutant in ``values`` (ordered by start)."""
    if not values:
        return []
    local_days = [v[0].astimezone(LOCAL).date() for v in values]
    breaks = _breakpoints(local_days[0], local_days[-1])
    in_force = {
        day: selectors.limit_for(outlet, pollutant, day, permit_limit=permit_limit)
        for day in breaks
    }
    known = [row for row in in_force.values() if row is not None]
    if not known:
        return []  # no limit applies: nothing can exceed it
    # One averaging basis and reference O2 per outlet and pollutant (the standard's).
    averaging, reference_o2 = known[0].averaging, known[0].reference_o2
    raw = np.array([np.nan if v[2] is None else v[2] for v in values], dtype=float)
    o2 = np.array([np.nan if v[3] is None else v[3] for v in values], dtype=float)
    valid = exceedance.valid_mask(np.array([v[4] for v in values]), raw)
    starts, ends = _datetime64([v[0] for v in values]), _datetime64([v[1] for v in values])
    corrected = (
        exceedance.correct_oxygen(raw, o2, float(reference_o2)) if reference_o2 is not None else raw
    )
    series = np.zeros(len(values), dtype=np.int64)
    if averaging == "day":
        means = exceedance.average(series, starts, ends, corrected, valid, period="day")
        series, starts, ends = means.series, means.start, means.end
        corrected, valid = means.mean, means.valid
    # the limit of each period: that in force on its local day
    days = (starts + exceedance.CHINA_OFFSET).astype("datetime64[D]")
    index = np.searchsorted(np.array(breaks, dtype="datetime64[D]"), days, "right") - 1
    rows = [in_force[breaks[i]] for i in index]
    upper = np.array([np.nan if r is None or r.limit is None else r.limit for r in rows])
    lower = np.array([np.nan if r is None or r.low is None else r.low for r in rows])
    found = exceedance.detect_events(
        series, starts, ends, corrected, upper, valid, lower if np.isfinite(lower).any() else None
    )
    sources = {r.limit: r.source for r in known}
    return [
        Found(
            start=e.start.replace(tzinfo=UTC),
            end=e.end.replace(tzinfo=UTC),
            periods=e.periods,
            maximum=e.maximum,
            mean=e.mean,
            limit=e.limit,
            multiple=None if np.isnan(e.multiple) else e.multiple,
            source=sources.get(e.limit, known[0].source),
        )
        for e in found.to_list()
    ]
