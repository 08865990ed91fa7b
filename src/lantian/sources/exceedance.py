"""Exceedance engine for self-monitoring data (no Django import), vectorised over many series.

Inputs are parallel numpy arrays, one element per monitored period of one series (an outlet's
pollutant): ``series`` (int), ``start`` / ``end`` (``datetime64[s]``, UTC), ``values``
(float, NaN = missing), and either the HJ 212 data flags or a boolean ``valid`` mask.
Limits come per row (``limit``, and ``lower`` for ranges such as pH 6–9), so a limit that
changes mid-series is applied from the row it changes on.

Steps (rules-sources §7 detection pipeline):

1. :func:`valid_mask` — HJ 212-2017 6.6.4 Table 8 data flags: only ``N`` (仪器仪表工作正常)
   is valid; ``F`` 停运, ``M`` 维护, ``S`` 手工输入的设定值, ``D`` 故障, ``C`` 校准, ``T``
   超过测量上限, ``B`` 通讯异常 and any other or empty flag exclude the value, as does NaN.
   ``T`` (above the instrument's range) is excluded like the rest; a caller that wants to
   show such periods counts them from the flags.
2. :func:`correct_oxygen` — reference-oxygen correction
   ``C_ref = C × (21 − O2_ref) / (21 − O2)`` (HJ 75-2017, GB 13223-2011 formula (1)).
3. :func:`average` — the standard's averaging period (hour for flue gas, day for GB 18918
   waste water), with a minimum of valid coverage (Lantian's rule, below).
4. :func:`detect_events` — events: runs of consecutive exceeding periods of one series.
5. :func:`exceedance_rates` — per series and day or year: exceeding / valid periods.

:func:`events_and_rates` gives both of the same periods at once, finding the valid and
exceeding rows and checking the order once.

No Python loop over rows: :func:`average` and :func:`exceedance_rates` sort by (series,
start) once (skipped when already sorted, which two passes check), :func:`detect_events`
sorts only the exceeding rows; rates count per period from the few invalid and exceeding
rows. Measured on 13.1 million hourly rows (1,500 series × 8,760 h, sorted input): events
0.03 s, daily rates 0.1 s, both at once 0.1 s.
``Events.to_list()`` costs a few µs per event; use the columns for bulk work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
TimeArray = npt.NDArray[np.datetime64]

VALID_FLAG = "N"
# HJ 212-2017 6.6.4 Table 8 (数据标记), as transcribed in public HJ 212 libraries.
EXCLUDING_FLAGS: dict[str, str] = {
    "F": "在线监控（监测）仪器仪表停运 (stopped)",
    "M": "处于维护期间产生的数据 (maintenance)",
    "S": "手工输入的设定值 (manually entered set value)",
    "D": "仪器仪表故障 (fault)",
    "C": "处于校准状态 (calibration)",
    "T": "采样数值超过测量上限 (above the measuring range)",
    "B": "与数采仪通讯异常 (communication failure)",
}

HOUR = np.timedelta64(3600, "s")
DAY = np.timedelta64(86400, "s")
CHINA_OFFSET = np.timedelta64(8 * 3600, "s")  # days and years are Asia/Shanghai (UTC+8)
# Lantian's validity rule for an averaging period: valid data must cover at least this
# share of it. Day: 20 of 24 hours — as GB 3095-2012 asks of a daily mean (at least 20
# hourly values) — so ≥ 20 hourly values, ≥ 10 two-hourly values, or one 24-hour
# composite sample. Hour: 45 of 60 minutes (HJ 75-2017's rule for an hourly mean, [U]);
# an hourly input value covers its whole hour and passes through.
MIN_COVERAGE = {"hour": 45 / 60, "day": 20 / 24}


def valid_mask(flags: npt.ArrayLike, values: npt.ArrayLike | None = None) -> BoolArray:
    """True where the flag is ``N`` (and the value, if given, is a finite number)."""
    f = np.asarray(flags)
    if f.dtype == np.dtype("<U1"):
        # one letter per row (UCS-4): compare the code points, several times faster than
        # a string comparison; an empty flag is code point 0
        ok = f.view(np.uint32) == ord(VALID_FLAG)
    else:
        ok = f.astype(str) == VALID_FLAG
    if values is not None:
        ok &= np.isfinite(np.asarray(values, dtype=np.float64))
    return ok


def correct_oxygen(
    values: npt.ArrayLike, o2: npt.ArrayLike, reference_o2: npt.ArrayLike
) -> FloatArray:
    """``C × (21 − O2_ref) / (21 − O2)``, element-wise with broadcasting.

    Where ``reference_o2`` is NaN no correction is asked for and the value passes through;
    where it is set but the measured O2 is missing, negative or ≥ 21 %, the result is NaN.
    """
    c = np.asarray(values, dtype=np.float64)
    measured = np.asarray(o2, dtype=np.float64)
    ref = np.asarray(reference_o2, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.subtract(21.0, measured)
        if factor.ndim and factor.shape == np.broadcast_shapes(c.shape, ref.shape, factor.shape):
            # one output array, the rest in place (no temporaries of the rows' size)
            np.divide(21.0 - ref, factor, out=factor)
            corrected = np.multiply(c, factor, out=factor)
        else:
            corrected = np.asarray(c * ((21.0 - ref) / factor))
    # a missing (NaN), negative or ≥ 21 % measured O2 gives no value; a NaN O2 already
    # made the product NaN, so only out-of-range O2 is set (when there is any)
    if measured.size and not (measured.min() >= 0.0 and measured.max() < 21.0):
        np.copyto(corrected, np.nan, where=(measured < 0.0) | (measured >= 21.0))
    if ref.ndim == 0 and not np.isnan(ref):
        return corrected  # one reference for all: nothing passes through uncorrected
    return np.where(np.isnan(ref), c, corrected)


def _series_breaks(s: IntArray, t: IntArray) -> IntArray | None:
    """If rows are sorted by (series, start) — ``s`` and ``t`` (start in seconds) as int64 —
    the indices ``i`` where the series changes between row ``i`` and ``i + 1``; None when
    they are not sorted. Two passes over the rows; the rest is on the few breaks."""
    if s.size < 2:
        return np.zeros(0, dtype=np.int64)
    breaks = np.flatnonzero(s[1:] != s[:-1])
    if not np.all(s[breaks + 1] > s[breaks]):
        return None
    back = np.flatnonzero(t[1:] < t[:-1])  # time going back: only where the series changes
    if back.size:
        at = np.searchsorted(breaks, back)
        if np.any(at >= breaks.size) or np.any(breaks[np.minimum(at, breaks.size - 1)] != back):
            return None
    return breaks


def _order(series: npt.ArrayLike, start: npt.ArrayLike) -> IntArray | None:
    """The permutation sorting rows by (series, start), or None when already sorted."""
    s = np.asarray(series, dtype=np.int64)
    t = _seconds(start)
    if _series_breaks(s, t) is not None:
        return None
    # One int64 key (series, start) sorts about ten times faster than np.lexsort when the
    # ranges fit; otherwise fall back to lexsort.
    s_min, t_min = int(s.min()), int(t.min())
    span = int(t.max()) - t_min + 1
    if (int(s.max()) - s_min + 1) * span < 2**62:
        return np.argsort((s - s_min) * span + (t - t_min))
    return np.lexsort((t, s))


def _take(order: IntArray | None, *arrays):
    return tuple(a if order is None else a[order] for a in arrays)


def _seconds(times: npt.ArrayLike) -> IntArray:
    """Seconds since the epoch (a view, not a copy, of ``datetime64[s]`` input)."""
    a = np.asarray(times)
    if a.dtype != np.dtype("datetime64[s]"):
        a = a.astype("datetime64[s]")
    return a.view(np.int64)


def _bucket(start_s: IntArray, period: str, offset_s: int) -> IntArray:
    """Bucket start (UTC seconds) of each row: its hour, or its local day or year."""
    local = start_s + offset_s
    if period == "hour":
        return (local // 3600) * 3600 - offset_s
    if period == "day":
        return (local // 86400) * 86400 - offset_s
    if period == "year":
        years = local.astype("datetime64[s]").astype("datetime64[Y]")
        return years.astype("datetime64[s]").view(np.int64) - offset_s
    raise ValueError(f"unknown period {period!r}")


def _groups(series: IntArray, bucket: IntArray) -> IntArray:
    """Start indices of runs of equal (series, bucket) in sorted rows."""
    if series.size == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.empty(series.size, dtype=bool)
    change[0] = True
    change[1:] = (series[1:] != series[:-1]) | (bucket[1:] != bucket[:-1])
    return np.flatnonzero(change)


@dataclass
class Averages:
    """One row per (series, period) that has any input row; ``valid`` says whether the valid
    data cover enough of the period (``MIN_COVERAGE``); ``mean`` is NaN when nothing is valid."""

    series: IntArray
    start: TimeArray
    end: TimeArray
    mean: FloatArray
    count: IntArray  # valid values averaged
    coverage: FloatArray  # share of the period covered by valid values, 0–1
    valid: BoolArray


def average(
    series: npt.ArrayLike,
    start: npt.ArrayLike,
    end: npt.ArrayLike,
    values: npt.ArrayLike,
    valid: npt.ArrayLike,
    *,
    period: Literal["hour", "day"] = "hour",
    min_coverage: float | None = None,
    utc_offset: np.timedelta64 = CHINA_OFFSET,
) -> Averages:
    """Means of valid values per series and clock hour or local day (Asia/Shanghai by
    default), each row counted in the period its ``start`` falls in (rows are assumed not
    to straddle a period boundary: hourly or 2-hourly data on the hour). The mean is the
    duration-weighted mean of valid values; a period is ``valid`` when its valid rows
    cover at least ``min_coverage`` of it (default :data:`MIN_COVERAGE`)."""
    if period not in MIN_COVERAGE:
        raise ValueError(f"unknown period {period!r}")
    need = MIN_COVERAGE[period] if min_coverage is None else min_coverage
    s = np.asarray(series, dtype=np.int64)
    t0 = _seconds(start)
    t1 = _seconds(end)
    v = np.asarray(values, dtype=np.float64)
    ok = np.asarray(valid, dtype=bool) & np.isfinite(v)
    order = _order(s, t0.view("datetime64[s]"))
    s, t0, t1, v, ok = _take(order, s, t0, t1, v, ok)
    offset = int(utc_offset / np.timedelta64(1, "s"))
    bucket = _bucket(t0, period, offset)
    heads = _groups(s, bucket)
    length = 3600 if period == "hour" else 86400
    duration = np.where(ok, (t1 - t0).astype(np.float64), 0.0)
    covered = np.add.reduceat(duration, heads) if heads.size else np.zeros(0)
    weighted = np.add.reduceat(np.where(ok, v, 0.0) * duration, heads) if heads.size else covered
    count = np.add.reduceat(ok.astype(np.int64), heads) if heads.size else heads
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(covered > 0, weighted / covered, np.nan)
    coverage = covered / length
    b = bucket[heads]
    return Averages(
        series=s[heads],
        start=b.view("datetime64[s]"),
        end=(b + length).view("datetime64[s]"),
        mean=mean,
        count=count,
        coverage=coverage,
        valid=(coverage >= need - 1e-9) & (count > 0),
    )


@dataclass(frozen=True)
class Event:
    """One exceedance event: consecutive exceeding periods of one series."""

    series: int
    start: datetime  # start of the first exceeding period (naive UTC)
    end: datetime  # end of the last exceeding period (naive UTC)
    periods: int
    maximum: float
    mean: float
    limit: float  # the limit of the period with the highest multiple
    multiple: float  # max(value / limit) over the event, rounded to 2 decimals; NaN for
    # an event of values below a range's lower bound only


@dataclass
class Events:
    """Events in columns (fast for many events); ``to_list()`` gives :class:`Event` rows."""

    series: IntArray
    start: TimeArray
    end: TimeArray
    periods: IntArray
    maximum: FloatArray
    mean: FloatArray
    limit: FloatArray
    multiple: FloatArray

    def __len__(self) -> int:
        return int(self.series.size)

    def to_list(self) -> list[Event]:
        starts = self.start.astype("datetime64[s]").tolist()
        ends = self.end.astype("datetime64[s]").tolist()
        return [
            Event(
                series=int(self.series[i]),
                start=starts[i],
                end=ends[i],
                periods=int(self.periods[i]),
                maximum=float(self.maximum[i]),
                mean=float(self.mean[i]),
                limit=float(self.limit[i]),
                multiple=float(self.multiple[i]),
            )
            for i in range(len(self))
        ]


def exceeding(
    values: npt.ArrayLike,
    limit: npt.ArrayLike,
    valid: npt.ArrayLike,
    lower: npt.ArrayLike | None = None,
) -> BoolArray:
    """Valid values strictly above ``limit`` (a value at the limit complies), or strictly
    below ``lower`` where a range is given (NaN ``lower`` = no lower bound). A NaN limit
    means no limit applies to that period: never exceeding."""
    v = np.asarray(values, dtype=np.float64)
    hi = np.asarray(limit, dtype=np.float64)
    out = np.asarray(valid, dtype=bool) & np.isfinite(v)
    over = v > hi  # False where hi is NaN
    if lower is not None:
        over |= v < np.asarray(lower, dtype=np.float64)
    return out & over


def _rows(
    series: npt.ArrayLike,
    start: npt.ArrayLike,
    end: npt.ArrayLike | None,
    values: npt.ArrayLike,
    limit: npt.ArrayLike,
    valid: npt.ArrayLike,
    lower: npt.ArrayLike | None,
) -> tuple[IntArray, IntArray, IntArray | None, FloatArray, FloatArray, BoolArray, BoolArray]:
    """The engine's columns (no copy of arrays already in the engine's types): series,
    start and end seconds, values, the upper limit of every row, the valid rows (valid and
    a finite value) and the exceeding ones (:func:`exceeding`)."""
    s = np.asarray(series, dtype=np.int64)
    t0 = _seconds(start)
    t1 = None if end is None else _seconds(end)
    v = np.asarray(values, dtype=np.float64)
    hi = np.broadcast_to(np.asarray(limit, dtype=np.float64), v.shape)
    ok = np.asarray(valid, dtype=bool) & np.isfinite(v)
    over = v > hi  # False where hi is NaN
    if lower is not None:
        over |= v < np.asarray(lower, dtype=np.float64)
    over &= ok
    return s, t0, t1, v, hi, ok, over


def _events(es: IntArray, et0: IntArray, et1: IntArray, ev: FloatArray, ehi: FloatArray) -> Events:
    """The events of the exceeding rows (any order; they are sorted here)."""
    order = _order(es, et0.view("datetime64[s]"))
    es, et0, et1, ev, ehi = _take(order, es, et0, et1, ev, ehi)
    n = es.size
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = (es[1:] != es[:-1]) | (et0[1:] != et1[:-1])
    heads = np.flatnonzero(new)
    if heads.size == 0:
        empty_t = np.zeros(0, dtype="datetime64[s]")
        empty_f = np.zeros(0, dtype=np.float64)
        return Events(
            np.zeros(0, dtype=np.int64), empty_t, empty_t, np.zeros(0, dtype=np.int64),
            empty_f, empty_f, empty_f, empty_f,
        )  # fmt: skip
    tails = np.append(heads[1:], n) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ev > ehi, ev / ehi, np.nan)
    # the row of the largest ratio in each event (NaN ratios rank lowest)
    rank = np.where(np.isnan(ratio), -np.inf, ratio)
    best = np.maximum.reduceat(rank, heads)
    periods = np.diff(np.append(heads, n))
    event_of = np.repeat(np.arange(heads.size), periods)
    at_best = np.flatnonzero(rank == best[event_of])
    _, first = np.unique(event_of[at_best], return_index=True)
    first_best = at_best[first]  # the first row of each event reaching its best ratio
    multiple = np.where(np.isfinite(best), np.round(best, 2), np.nan)
    return Events(
        series=es[heads],
        start=et0[heads].view("datetime64[s]"),
        end=et1[tails].view("datetime64[s]"),
        periods=periods.astype(np.int64),
        maximum=np.maximum.reduceat(ev, heads),
        mean=np.add.reduceat(ev, heads) / periods,
        limit=ehi[first_best],
        multiple=multiple,
    )


def detect_events(
    series: npt.ArrayLike,
    start: npt.ArrayLike,
    end: npt.ArrayLike,
    values: npt.ArrayLike,
    limit: npt.ArrayLike,
    valid: npt.ArrayLike,
    lower: npt.ArrayLike | None = None,
) -> Events:
    """Exceedance events over averaged periods (hourly or daily means, already corrected).

    The periods of one series must not overlap (averaged periods never do); input order
    is free. Consecutive exceeding periods of one series — the end of one equal to the
    start of the next — form one event; a period that is not exceeding, invalid (flagged, or a
    day without enough data) or missing (a gap in time) ends it. ``maximum`` and ``mean``
    are of the event's values; ``multiple`` is the largest value/limit ratio over the
    event (so a limit changing mid-event is honoured), rounded to 2 decimals.
    """
    s, t0, t1, v, hi, _ok, over = _rows(series, start, end, values, limit, valid, lower)
    assert t1 is not None
    # Only exceeding rows matter: pick them first, then sort those few. Two exceeding
    # periods of a series that touch (end == next start) cannot have another period of
    # that series between them, as periods of one series do not overlap.
    idx = np.flatnonzero(over)
    return _events(s[idx], t0[idx], t1[idx], v[idx], hi[idx])


@dataclass
class Rates:
    """Per series and day or year (local): periods with a valid value, how many of them
    exceed, and the rate (NaN when none is valid). Callers judge ``n_valid`` before
    quoting a rate (e.g. a year with few valid hours)."""

    series: IntArray
    bucket: TimeArray  # local date (datetime64[D]) of the day, or the year's 1 January
    n_valid: IntArray
    n_exceeding: IntArray
    rate: FloatArray


def _rates(
    s: IntArray,
    t0: IntArray,
    ok: BoolArray,
    over_at: IntArray,
    breaks: IntArray,
    period: str,
    offset: int,
) -> Rates:
    """Rates of rows sorted by (series, start): ``ok`` the valid rows, ``over_at`` the
    indices of the exceeding ones (ascending), ``breaks`` where the series changes
    (:func:`_series_breaks`)."""
    n = s.size
    if n == 0:
        none = np.zeros(0, dtype=np.int64)
        return Rates(none, np.zeros(0, dtype="datetime64[D]"), none, none, np.zeros(0))
    # local days: a new group where the day or the series changes
    day = t0 + offset
    np.floor_divide(day, 86400, out=day)
    change = day[1:] != day[:-1]
    change[breaks] = True
    heads = np.empty(int(np.count_nonzero(change)) + 1, dtype=np.int64)
    heads[0] = 0
    heads[1:] = np.flatnonzero(change) + 1
    first_day = day[heads].view("datetime64[D]")
    if period == "year":
        # years change only where days do: judge the day groups' first rows
        year = first_day.astype("datetime64[Y]")
        keep = np.ones(heads.size, dtype=bool)
        keep[1:] = (year[1:] != year[:-1]) | (s[heads[1:]] != s[heads[:-1]])
        heads = heads[keep]
        first_day = year[keep].astype("datetime64[D]")
    # counts per group from the few rows that are invalid or exceeding
    size = np.diff(np.append(heads, n))
    invalid = np.flatnonzero(~ok)
    n_valid = size - np.bincount(np.searchsorted(heads, invalid, "right") - 1, minlength=heads.size)
    n_over = np.bincount(np.searchsorted(heads, over_at, "right") - 1, minlength=heads.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(n_valid > 0, n_over / np.maximum(n_valid, 1), np.nan)
    return Rates(
        series=s[heads],
        bucket=first_day,
        n_valid=n_valid.astype(np.int64),
        n_exceeding=n_over.astype(np.int64),
        rate=rate,
    )


def _sorted_rows(
    s: IntArray, t0: IntArray, *others: np.ndarray
) -> tuple[IntArray | None, IntArray, IntArray, tuple[np.ndarray, ...], IntArray]:
    """Rows sorted by (series, start) — untouched when already sorted (the usual case,
    checked in two passes) — with the order applied (None if none) and the breaks."""
    breaks = _series_breaks(s, t0)
    if breaks is not None:
        return None, s, t0, others, breaks
    order = _order(s, t0.view("datetime64[s]"))
    s, t0, *rest = _take(order, s, t0, *others)
    breaks = _series_breaks(s, t0)
    assert breaks is not None
    return order, s, t0, tuple(rest), breaks


def exceedance_rates(
    series: npt.ArrayLike,
    start: npt.ArrayLike,
    values: npt.ArrayLike,
    limit: npt.ArrayLike,
    valid: npt.ArrayLike,
    *,
    lower: npt.ArrayLike | None = None,
    period: Literal["day", "year"] = "day",
    utc_offset: np.timedelta64 = CHINA_OFFSET,
) -> Rates:
    """Exceedance rate per series and local day or year over averaged periods: exceeding
    valid periods / valid periods (a period without a limit, NaN, counts as valid and
    compliant)."""
    if period not in ("day", "year"):
        raise ValueError(f"unknown period {period!r}")
    s, t0, _t1, _v, _hi, ok, over = _rows(series, start, None, values, limit, valid, lower)
    _, s, t0, (ok, over), breaks = _sorted_rows(s, t0, ok, over)
    offset = int(utc_offset / np.timedelta64(1, "s"))
    return _rates(s, t0, ok, np.flatnonzero(over), breaks, period, offset)


def events_and_rates(
    series: npt.ArrayLike,
    start: npt.ArrayLike,
    end: npt.ArrayLike,
    values: npt.ArrayLike,
    limit: npt.ArrayLike,
    valid: npt.ArrayLike,
    lower: npt.ArrayLike | None = None,
    *,
    period: Literal["day", "year"] = "day",
    utc_offset: np.timedelta64 = CHINA_OFFSET,
) -> tuple[Events, Rates]:
    """:func:`detect_events` and :func:`exceedance_rates` of the same periods at once
    (the same results as calling both), sharing their work: the valid and exceeding
    rows are found once, and the order by (series, start) is checked once (sorted once
    when the input is not)."""
    if period not in ("day", "year"):
        raise ValueError(f"unknown period {period!r}")
    s, t0, t1, v, hi, ok, over = _rows(series, start, end, values, limit, valid, lower)
    assert t1 is not None
    order, s, t0, (ok, over), breaks = _sorted_rows(s, t0, ok, over)
    over_at = np.flatnonzero(over)  # in sorted order
    rows = over_at if order is None else order[over_at]  # the same rows, input positions
    events = _events(s[over_at], t0[over_at], t1[rows], v[rows], hi[rows])
    offset = int(utc_offset / np.timedelta64(1, "s"))
    return events, _rates(s, t0, ok, over_at, breaks, period, offset)
