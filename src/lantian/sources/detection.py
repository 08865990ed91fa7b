"""Between the stored self-monitoring values and the pure exceedance engine: the limit in
force for each period (:func:`lantian.sources.selectors.limit_for`, evaluated once per
stretch between the standards' effective dates), the arrays the engine reads, and the
events it finds, as plain records."""

from __future__ import annotations

import json
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


def _breakpoints(first: date, last: date, effective: list[date] | None = None) -> list[date]:
    """The days on which a limit may change within ``first``–``last``: the first day and
    every effective date of the standards' data inside the range."""
    days = _effective_dates() if effective is None else effective
    return [first, *(day for day in days if first < day <= last)]


def _effective_dates() -> list[date]:
    """Every effective date in the standards' data, sorted."""
    return sorted(
        {
            date.fromisoformat(e["effective_from"])
            for e in limits.entries()
            if e.get("effective_from")
        }
    )


def datetime64(values: Sequence[datetime]) -> np.ndarray:
    return np.array([v.astimezone(UTC).replace(tzinfo=None) for v in values], dtype="datetime64[s]")


@dataclass(frozen=True)
class Series:
    """One outlet's pollutant, with the permit's limit on it if any."""

    outlet: Outlet
    pollutant: str
    permit_limit: float | None = None


def events_of(
    outlet: Outlet, pollutant: str, values: Sequence[Value], *, permit_limit: float | None
) -> list[Found]:
    """The exceedance events of one outlet and pollutant in ``values`` (ordered by start)."""
    if not values:
        return []
    (found,) = events_of_many(
        [Series(outlet, pollutant, permit_limit)],
        index=np.zeros(len(values), dtype=np.int64),
        start=datetime64([v[0] for v in values]),
        end=datetime64([v[1] for v in values]),
        value=np.array([np.nan if v[2] is None else v[2] for v in values], dtype=float),
        o2=np.array([np.nan if v[3] is None else v[3] for v in values], dtype=float),
        flag=np.array([v[4] for v in values], dtype=object),
    )
    return found


def _limit_key(spec: Series, day: date) -> tuple:
    outlet = spec.outlet
    profile = json.dumps(outlet.profile or {}, sort_keys=True, default=str)
    return (outlet.standard, profile, outlet.ultra_low, spec.pollutant, day, spec.permit_limit)


def events_of_many(
    series: Sequence[Series],
    *,
    index: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    o2: np.ndarray,
    flag: np.ndarray,
) -> list[list[Found]]:
    """The exceedance events of many outlets' pollutants at once: row ``i`` of the arrays
    is a stored value of ``series[index[i]]`` (times UTC ``datetime64``, NaN for no value
    or O2, the HJ 212 flag), in any order. Each series is judged as :func:`events_of`
    judges it (its own limits in force, reference O2 and averaging); the engine runs once
    over all of them. Returns each series' events, in the order of ``series``."""
    n_series = len(series)
    out: list[list[Found]] = [[] for _ in range(n_series)]
    judged = _judge(series, index=index, start=start, end=end, value=value, o2=o2, flag=flag)
    if judged is None:
        return out
    found = exceedance.detect_events(
        judged.index, judged.start, judged.end, judged.values, judged.upper, judged.valid,
        judged.lower if np.isfinite(judged.lower).any() else None,
    )  # fmt: skip
    for e in found.to_list():
        s = e.series
        out[s].append(
            Found(
                start=e.start.replace(tzinfo=UTC),
                end=e.end.replace(tzinfo=UTC),
                periods=e.periods,
                maximum=e.maximum,
                mean=e.mean,
                limit=e.limit,
                multiple=None if np.isnan(e.multiple) else e.multiple,
                source=judged.sources[s].get(e.limit, judged.default_source[s]),
            )
        )
    for events in out:
        events.sort(key=lambda f: f.start)
    return out


@dataclass
class Judged:
    """The averaged periods of many series with the limits in force on each: what the
    engine judges (events, rates)."""

    index: np.ndarray
    start: np.ndarray
    end: np.ndarray
    values: np.ndarray  # corrected to reference O2, averaged where the standard says
    valid: np.ndarray
    upper: np.ndarray
    lower: np.ndarray
    sources: list[dict[float, str]]
    default_source: list[str]


def _judge(
    series: Sequence[Series],
    *,
    index: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    o2: np.ndarray,
    flag: np.ndarray,
) -> Judged | None:
    n_series = len(series)
    if n_series == 0 or np.asarray(index).size == 0:
        return None
    index = np.asarray(index, dtype=np.int64)
    start = np.asarray(start).astype("datetime64[s]")
    end = np.asarray(end).astype("datetime64[s]")
    local_day = (start + exceedance.CHINA_OFFSET).astype("datetime64[D]")
    day_number = local_day.view(np.int64)
    big = np.iinfo(np.int64).max
    first_day = np.full(n_series, big, dtype=np.int64)
    last_day = np.full(n_series, -big, dtype=np.int64)
    np.minimum.at(first_day, index, day_number)
    np.maximum.at(last_day, index, day_number)

    # the limits in force per series: once per day a limit may change on, cached across
    # series that share the facts choosing it
    cache: dict[tuple, selectors.OutletLimit | None] = {}
    bp_series: list[int] = []
    bp_day: list[int] = []
    bp_upper: list[float] = []
    bp_lower: list[float] = []
    reference = np.full(n_series, np.nan)
    daily = np.zeros(n_series, dtype=bool)
    sources: list[dict[float, str]] = [{} for _ in range(n_series)]
    default_source = [""] * n_series
    effective = _effective_dates()
    for s, spec in enumerate(series):
        if first_day[s] == big:
            continue  # no value of this series
        first = date.fromordinal(int(first_day[s]) + _EPOCH_ORDINAL)
        last = date.fromordinal(int(last_day[s]) + _EPOCH_ORDINAL)
        rows: list[tuple[date, selectors.OutletLimit | None]] = []
        for day in _breakpoints(first, last, effective):
            key = _limit_key(spec, day)
            if key not in cache:
                cache[key] = selectors.limit_for(
                    spec.outlet, spec.pollutant, day, permit_limit=spec.permit_limit
                )
            rows.append((day, cache[key]))
        known = [row for _day, row in rows if row is not None]
        if not known:
            continue  # no limit applies: nothing can exceed it
        # one averaging basis and reference O2 per outlet and pollutant (the standard's)
        daily[s] = known[0].averaging == "day"
        if known[0].reference_o2 is not None:
            reference[s] = float(known[0].reference_o2)
        sources[s] = {r.limit: r.source for r in known}
        default_source[s] = known[0].source
        for day, row in rows:
            bp_series.append(s)
            bp_day.append((day - _EPOCH_DAY).days)
            bp_upper.append(np.nan if row is None or row.limit is None else row.limit)
            bp_lower.append(np.nan if row is None or row.low is None else row.low)
    if not bp_series:
        return None

    raw = np.asarray(value, dtype=np.float64)
    valid = exceedance.valid_mask(flag, raw)
    corrected = exceedance.correct_oxygen(raw, o2, reference[index])
    per_day = daily[index]
    if per_day.any():
        hourly = ~per_day
        means = exceedance.average(
            index[per_day], start[per_day], end[per_day], corrected[per_day], valid[per_day],
            period="day",
        )  # fmt: skip
        index = np.concatenate([index[hourly], means.series])
        start = np.concatenate([start[hourly], means.start])
        end = np.concatenate([end[hourly], means.end])
        corrected = np.concatenate([corrected[hourly], means.mean])
        valid = np.concatenate([valid[hourly], means.valid])
        day_number = (start + exceedance.CHINA_OFFSET).astype("datetime64[D]").view(np.int64)
    else:
        day_number = local_day.view(np.int64)
    # the limit of each period: that in force on its local day (series without a limit
    # have no breakpoint and fall on another series' row: masked below)
    span = 1 << 24  # days
    bp_key = np.array(bp_series, dtype=np.int64) * span + np.array(bp_day, dtype=np.int64)
    at = np.searchsorted(bp_key, index * span + day_number, "right") - 1
    has = np.isin(index, np.array(bp_series, dtype=np.int64))
    at = np.maximum(at, 0)
    upper = np.where(has, np.array(bp_upper)[at], np.nan)
    lower = np.where(has, np.array(bp_lower)[at], np.nan)
    return Judged(index, start, end, corrected, valid, upper, lower, sources, default_source)


def rates_of_many(
    series: Sequence[Series],
    *,
    index: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    o2: np.ndarray,
    flag: np.ndarray,
    period: str = "year",
) -> list[list[tuple[date, int, int]]]:
    """Per series, its exceedance rate per local day or year: ``(first day of the period,
    valid averaging periods, exceeding ones)``, judged as the events are."""
    out: list[list[tuple[date, int, int]]] = [[] for _ in series]
    judged = _judge(series, index=index, start=start, end=end, value=value, o2=o2, flag=flag)
    if judged is None:
        return out
    rates = exceedance.exceedance_rates(
        judged.index, judged.start, judged.values, judged.upper, judged.valid,
        lower=judged.lower if np.isfinite(judged.lower).any() else None, period=period,
    )  # fmt: skip
    for s, bucket, n_valid, n_over in zip(
        rates.series, rates.bucket, rates.n_valid, rates.n_exceeding, strict=True
    ):
        out[int(s)].append((bucket.astype(object), int(n_valid), int(n_over)))
    return out


_EPOCH_DAY = date(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH_DAY.toordinal()
