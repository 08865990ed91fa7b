"""Validity and aggregation rules for air-quality statistics (numpy, no Django import).

Sources: GB 3095-2012 Table 4 (data validity), kept by GB 3095-2026; HJ 663-2013 6.1.2
(daily maximum 8-hour O3) and its percentile method, the same in HJ 663-2026.

Hourly values are labelled by the *end* of their hour (DESIGN.md): a natural day holds
the hours ending 01:00 … 24:00, i.e. index 0 … 23 of a day's row.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

MIN_HOURS_PER_DAY = 20  # GB 3095 Table 4: ≥ 20 hourly values for a daily mean
MIN_HOURS_PER_8H = 6  # GB 3095 Table 4: ≥ 6 hourly values in each 8 hours
MIN_8H_WINDOWS = 14  # HJ 663 6.1.2: ≥ 14 valid 8-hour means for the daily maximum
O3_8H_LIMIT_CLASS2 = 160.0  # GB 3095-2012 Table 1 and GB 3095-2026 (2026–2030), µg/m³
FIRST_DAILY_WINDOW_END = 8  # windows ending 08:00 … 24:00 stay inside the natural day


def daily_mean(hours: npt.ArrayLike, min_hours: int = MIN_HOURS_PER_DAY) -> FloatArray:
    """Mean of each day's 24 hourly values (last axis); NaN with fewer than 20 valid."""
    h = np.asarray(hours, dtype=float)
    if h.shape[-1] != 24:
        raise ValueError("a day has 24 hourly values (NaN where missing or invalid)")
    valid = np.sum(~np.isnan(h), axis=-1)
    with np.errstate(all="ignore"):
        mean = np.nanmean(np.where(valid[..., None] > 0, h, 0.0), axis=-1)
    return np.where(valid >= min_hours, mean, np.nan)


def moving_8h(series: npt.ArrayLike, min_hours: int = MIN_HOURS_PER_8H) -> FloatArray:
    """8-hour moving mean at every hour of a continuous hourly series: the mean of the
    hours ending h−7 … h, NaN where fewer than 6 of them are valid (or fewer than 8 hours
    of history exist)."""
    s = np.asarray(series, dtype=float)
    valid = ~np.isnan(s)
    values = np.where(valid, s, 0.0)
    csum = np.concatenate([[0.0], np.cumsum(values)])
    ccount = np.concatenate([[0], np.cumsum(valid)])
    out = np.full(s.shape, np.nan)
    if s.size >= 8:
        sums = csum[8:] - csum[:-8]
        counts = ccount[8:] - ccount[:-8]
        with np.errstate(all="ignore"):
            out[7:] = np.where(counts >= min_hours, sums / counts, np.nan)
    return out


def daily_max_8h(
    hours: npt.ArrayLike,
    limit: float = O3_8H_LIMIT_CLASS2,
    min_windows: int = MIN_8H_WINDOWS,
) -> FloatArray:
    """Daily maximum 8-hour O3 for each day (rows of 24 hourly values, consecutive days).

    The day's 8-hour means are those ending 08:00 … 24:00 (17 windows). The maximum is
    valid with at least 14 valid windows, or with fewer when it exceeds the limit
    (HJ 663 6.1.2): an exceedance measured is an exceedance, however few the data.
    """
    h = np.asarray(hours, dtype=float)
    if h.ndim != 2 or h.shape[1] != 24:
        raise ValueError("give consecutive days as rows of 24 hourly values")
    windows = moving_8h(h.reshape(-1)).reshape(h.shape)[:, FIRST_DAILY_WINDOW_END - 1 :]
    count = np.sum(~np.isnan(windows), axis=1)
    with np.errstate(all="ignore"):
        top = np.nanmax(np.where(count[:, None] > 0, windows, -np.inf), axis=1)
    top = np.where(count > 0, top, np.nan)
    return np.where((count >= min_windows) | (top > limit), top, np.nan)


def percentile(values: npt.ArrayLike, p: float) -> float:
    """HJ 663 percentile of the valid values: k = 1 + (n−1)·p/100, linear between ranks."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return float("nan")
    return float(np.percentile(v, p, method="linear"))


def good_days_ratio(daily_aqi: npt.ArrayLike) -> float:
    """优良天数比例: share of valid days with AQI ≤ 100, in percent."""
    a = np.asarray(daily_aqi, dtype=float)
    a = a[~np.isnan(a)]
    return float("nan") if a.size == 0 else float(np.mean(a <= 100) * 100)
