"""Air quality index engine (no Django import): HJ 633-2012, HJ 633-2026 and US EPA.

``compute`` works on whole numpy arrays (a million station-hours at once); ``calculate``
is the scalar helper for one observation. ``standard="cn"`` applies the Chinese standard
in force on each observation's date: HJ 633-2012 before 2026-03-01, HJ 633-2026 from then.

Inputs are concentrations in µg/m³, CO in mg/m³ (GB 3095 units); ``NaN``/``None`` means
missing. Pollutant keys:

``so2 no2 co o3 pm10 pm25``  hourly values for ``averaging="hour"``; daily means for
                             ``"day"`` (``o3`` is then the daily maximum 1-hour value)
``o3_8h``                    8-hour moving mean (hour) / daily maximum 8-hour mean (day)
``so2_24h``                  HJ 633-2012 only: the 24-hour SO2 mean used when the 1-hour
                             value is above 800 µg/m³; US EPA: the 24-hour SO2 for AQI > 200
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from lantian.air import standards as tables

FloatArray = npt.NDArray[np.float64]
POLLUTANTS = ("so2", "no2", "co", "o3", "o3_8h", "pm10", "pm25")
INPUTS = (*POLLUTANTS, "so2_24h")
_EPS = 1e-9  # absorbs binary noise before rounding up or truncating


class Standard(enum.StrEnum):
    HJ633_2012 = "hj633-2012"
    HJ633_2026 = "hj633-2026"
    CN = "cn"
    US_EPA = "us-epa"


class Averaging(enum.StrEnum):
    HOUR = "hour"
    DAY = "day"


@dataclass(frozen=True)
class Level:
    number: int
    category_zh: str
    category_en: str
    color_hex: str
    health_zh: str
    health_en: str
    measures_zh: str
    measures_en: str


@dataclass(frozen=True)
class AqiResult:
    """One observation: ``aqi`` is None where the standard says NA."""

    standard: str
    averaging: str
    aqi: int | None
    level: Level | None
    primary: tuple[str, ...]
    exceeding: tuple[str, ...]
    iaqi: dict[str, int | None]


@dataclass
class AqiBatch:
    """Arrays aligned with the input: ``aqi`` is NaN for NA, ``level`` 0 for NA."""

    aqi: FloatArray
    level: npt.NDArray[np.int8]
    iaqi: dict[str, FloatArray]
    primary: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict)
    exceeding: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict)


# --------------------------------------------------------------------------- China


def _round_half_even(values: FloatArray, decimals: int) -> FloatArray:
    """GB/T 8170 rounding (round half to even) on decimal digits, as HJ 633-2026 4.2.2
    asks; scaling first keeps 2.25 → 2.2 and 2.35 → 2.4 as on paper."""
    scale = 10.0**decimals
    return np.round(values * scale) / scale


def _ceil(values: FloatArray) -> FloatArray:
    """IAQI and AQI are rounded up to integers (HJ 633-2012 6.2, HJ 633-2026 4.2.6)."""
    return np.ceil(values - _EPS)


def _iaqi(values: FloatArray, table: tuple[tuple[float, ...], tuple[int, ...]]) -> FloatArray:
    breakpoints, index = table
    # np.interp is exactly the standard's formula on contiguous segments; above the last
    # breakpoint it holds the top IAQI (500), which the standards leave undefined.
    return _ceil(np.interp(values, breakpoints, index))


def _cn(
    edition: str, averaging: Averaging, inputs: Mapping[str, FloatArray], size: int
) -> AqiBatch:
    is_2026 = edition == Standard.HJ633_2026
    t = tables.HJ633_2026_BREAKPOINTS if is_2026 else tables.HJ633_2012_BREAKPOINTS
    nan = np.full(size, np.nan)
    c = {name: inputs.get(name, nan) for name in INPUTS}
    if is_2026:  # 4.2.2: concentrations rounded first, CO to 0.1 mg/m³, the rest to 1 µg/m³
        c = {name: _round_half_even(v, 1 if name == "co" else 0) for name, v in c.items()}

    hourly = averaging is Averaging.HOUR
    column = "1h" if hourly else "24h"
    iaqi: dict[str, FloatArray] = {
        "no2": _iaqi(c["no2"], t[("no2", column)]),
        "co": _iaqi(c["co"], t[("co", column)]),
        # PM: the 1-hour value is read on the daily column in real time (2026 4.2.3;
        # the national platform's practice since 2014 under 2012).
        "pm10": _iaqi(c["pm10"], t[("pm10", "24h")]),
        "pm25": _iaqi(c["pm25"], t[("pm25", "24h")]),
    }
    if hourly:
        so2 = _iaqi(c["so2"], t[("so2", "1h")])
        above = c["so2"] > 800
        if is_2026:  # Table 3 note b
            so2 = np.where(above, 200.0, so2)
        else:  # Table 1 note (2): use the 24-hour mean instead
            so2 = np.where(above, _iaqi(c["so2_24h"], t[("so2", "24h")]), so2)
        iaqi["so2"] = so2
    else:
        iaqi["so2"] = _iaqi(c["so2"], t[("so2", "24h")])

    o3_1h = _iaqi(c["o3"], t[("o3", "1h")])
    o3_8h = _iaqi(c["o3_8h"], t[("o3", "8h")])
    above = c["o3_8h"] > 800
    if is_2026:
        # Real time uses O3 1-hour only; the daily report O3 8-hour only (4.2.2, 4.2.3).
        if hourly:
            iaqi["o3"] = o3_1h
        else:
            iaqi["o3_8h"] = np.where(above, 300.0, o3_8h)  # Table 3 note c
    else:
        # 2012 reports both; above 800 the 8-hour IAQI is not computed (Table 1 note 3).
        iaqi["o3"] = o3_1h
        iaqi["o3_8h"] = np.where(above, np.nan, o3_8h)

    stacked = np.vstack(list(iaqi.values()))
    with np.errstate(all="ignore"):
        all_missing = np.all(np.isnan(stacked), axis=0)
        aqi = np.where(all_missing, np.nan, np.nanmax(np.where(np.isnan(stacked), -1, stacked), 0))
    if is_2026:
        # 5.3.1: with a pollutant missing, the AQI is published only when above 100.
        required = ("so2", "no2", "co", "pm10", "pm25", "o3" if hourly else "o3_8h")
        missing = np.any(np.vstack([np.isnan(c[name]) for name in required]), axis=0)
        aqi = np.where(missing & ~(aqi > 100), np.nan, aqi)

    levels = tables.HJ633_2026_LEVELS if is_2026 else tables.HJ633_2012_LEVELS
    batch = AqiBatch(aqi=aqi, level=_levels(aqi, [lv["upper"] for lv in levels]), iaqi=iaqi)
    batch.primary = {
        name: (aqi > 50) & (values == aqi) for name, values in iaqi.items()
    }  # 4.4.2 / 4.3.1: ties all named
    if not is_2026:  # 超标污染物: IAQI > 100 (2012 3.4; deleted in 2026)
        batch.exceeding = {name: values > 100 for name, values in iaqi.items()}
    return batch


def _levels(aqi: FloatArray, uppers: Sequence[int]) -> npt.NDArray[np.int8]:
    level = np.searchsorted(np.asarray(uppers[:-1]), aqi, side="left") + 1
    return np.where(np.isnan(aqi), 0, level).astype(np.int8)


# --------------------------------------------------------------------------- US EPA


def to_ppb(values: FloatArray, pollutant: str) -> FloatArray:
    """µg/m³ (mg/m³ for CO, giving ppm) to ppb at 25 °C and 1 atm."""
    return values * tables.MOLAR_VOLUME_L / tables.MOLECULAR_WEIGHT[pollutant]


def _truncate(values: FloatArray, decimals: int) -> FloatArray:
    scale = 10.0**decimals
    return np.floor(values * scale + _EPS) / scale


def _epa_index(values: FloatArray, table: str) -> FloatArray:
    _unit, decimals, rows = tables.US_EPA_BREAKPOINTS[table]
    c = _truncate(values, decimals)
    lo = np.array([r[0] for r in rows])
    hi = np.array([r[1] for r in rows])
    i_lo = np.array([r[2] for r in rows], dtype=float)
    i_hi = np.array([r[3] for r in rows], dtype=float)
    row = np.clip(np.searchsorted(lo, c, side="right") - 1, 0, len(rows) - 1)
    # Above the top row the Hazardous formula goes on past 500 (guide, footnote 4).
    index = (i_hi[row] - i_lo[row]) / (hi[row] - lo[row]) * (c - lo[row]) + i_lo[row]
    index = np.floor(index + 0.5 + _EPS)  # "round to the nearest integer"
    return np.where(c < lo[0], np.nan, index)


def _us_epa(inputs: Mapping[str, FloatArray], size: int) -> AqiBatch:
    nan = np.full(size, np.nan)
    get = lambda name: inputs.get(name, nan)  # noqa: E731
    o3_8h_ppm = to_ppb(get("o3_8h"), "o3") / 1000
    o3_1h_ppm = to_ppb(get("o3"), "o3") / 1000
    so2_ppb, so2_24h_ppb = to_ppb(get("so2"), "so2"), to_ppb(get("so2_24h"), "so2")
    # 8-hour O3 stops at 0.200 ppm (footnote 2): above it only the 1-hour table applies.
    o3_8h = np.where(_truncate(o3_8h_ppm, 3) > 0.200, np.nan, _epa_index(o3_8h_ppm, "O3_8h"))
    # 1-hour O3 is used from 0.125 ppm (footnote 1); below, the 8-hour value alone.
    o3_1h = _epa_index(o3_1h_ppm, "O3_1h")
    # SO2: 1-hour up to AQI 200; the 24-hour mean above (footnote 3), else fixed at 200.
    so2 = _epa_index(so2_ppb, "SO2_1h")
    high = _truncate(so2_ppb, 0) >= 305
    so2_24h = _epa_index(so2_24h_ppb, "SO2_24h_for_aqi_ge_200")
    so2 = np.where(high, np.where(_truncate(so2_24h_ppb, 0) >= 305, so2_24h, 200.0), so2)
    iaqi = {
        "pm25": _epa_index(get("pm25"), "PM2.5_24h"),
        "pm10": _epa_index(get("pm10"), "PM10_24h"),
        "o3_8h": o3_8h,
        "o3": o3_1h,
        "co": _epa_index(to_ppb(get("co"), "co"), "CO_8h"),
        "so2": so2,
        "no2": _epa_index(to_ppb(get("no2"), "no2"), "NO2_1h"),
    }
    stacked = np.vstack(list(iaqi.values()))
    all_missing = np.all(np.isnan(stacked), axis=0)
    aqi = np.where(all_missing, np.nan, np.max(np.where(np.isnan(stacked), -1, stacked), 0))
    uppers = [c["upper"] for c in tables.US_EPA_CATEGORIES]
    batch = AqiBatch(aqi=aqi, level=_levels(aqi, uppers), iaqi=iaqi)
    batch.primary = {name: (values == aqi) & ~np.isnan(aqi) for name, values in iaqi.items()}
    return batch


def nowcast(hours: npt.ArrayLike) -> FloatArray:
    """EPA NowCast for PM over the last 12 hours, most recent first (last axis).

    w* = min/max of the valid hours, w = max(w*, 0.5); NowCast = Σ wⁱcᵢ / Σ wⁱ over
    the valid hours; NaN unless at least 2 of the 3 most recent hours are valid.
    """
    c = np.asarray(hours, dtype=float)
    if c.shape[-1] != 12:
        raise ValueError("NowCast needs the last 12 hourly values")
    valid = ~np.isnan(c)
    with np.errstate(all="ignore"):
        top, bottom = np.nanmax(c, axis=-1), np.nanmin(c, axis=-1)
        w = np.where(top > 0, np.maximum(bottom / top, 0.5), 1.0)
        powers = w[..., None] ** np.arange(12)
        weights = np.where(valid, powers, 0.0)
        value = np.sum(weights * np.nan_to_num(c), axis=-1) / np.sum(weights, axis=-1)
    enough = np.sum(valid[..., :3], axis=-1) >= 2
    return np.where(enough, value, np.nan)


# --------------------------------------------------------------------------- entry points


def edition_for(on: date) -> Standard:
    """The Chinese standard in force on ``on``."""
    return Standard.HJ633_2026 if on >= tables.HJ633_2026_IN_FORCE else Standard.HJ633_2012


def _as_array(value: Any, size: int | None) -> FloatArray:
    array = np.asarray(value if value is not None else np.nan, dtype=float)
    if array.ndim == 0:
        array = np.full(size or 1, float(array))
    if np.any(array < 0):
        raise ValueError("concentrations must not be negative")
    return array


def compute(
    standard: Standard | str,
    averaging: Averaging | str,
    *,
    on: date | datetime | npt.ArrayLike | None = None,
    **concentrations: Any,
) -> AqiBatch:
    """IAQI, AQI, level, primary (and 2012's exceeding) pollutants for arrays of values.

    ``on`` (a date, or an array of ``datetime64`` of the same length) is required for
    ``standard="cn"``: each observation uses the edition in force on its date.
    """
    standard, averaging = Standard(standard), Averaging(averaging)
    unknown = set(concentrations) - set(INPUTS)
    if unknown:
        raise ValueError(f"unknown pollutant: {', '.join(sorted(unknown))}")
    sizes = {np.size(v) for v in concentrations.values() if v is not None and np.ndim(v) > 0}
    if len(sizes) > 1:
        raise ValueError("all pollutant arrays must have the same length")
    size = sizes.pop() if sizes else 1
    inputs = {name: _as_array(v, size) for name, v in concentrations.items()}

    if standard is Standard.US_EPA:
        return _us_epa(inputs, size)
    if standard is not Standard.CN:
        return _cn(standard, averaging, inputs, size)
    if on is None:
        raise ValueError('standard "cn" needs the observation date (on=...)')
    if isinstance(on, date | datetime):
        return _cn(
            edition_for(on if not isinstance(on, datetime) else on.date()), averaging, inputs, size
        )
    days = np.asarray(on, dtype="datetime64[D]")
    new = days >= np.datetime64(tables.HJ633_2026_IN_FORCE)
    old_batch = _cn(Standard.HJ633_2012, averaging, inputs, size)
    new_batch = _cn(Standard.HJ633_2026, averaging, inputs, size)
    return _merge(new, new_batch, old_batch)


def _merge(mask: npt.NDArray[np.bool_], a: AqiBatch, b: AqiBatch) -> AqiBatch:
    def pick(x: npt.NDArray[Any] | None, y: npt.NDArray[Any] | None, fill: Any) -> Any:
        x = x if x is not None else np.full(mask.shape, fill)
        y = y if y is not None else np.full(mask.shape, fill)
        return np.where(mask, x, y)

    names = set(a.iaqi) | set(b.iaqi)
    return AqiBatch(
        aqi=np.where(mask, a.aqi, b.aqi),
        level=np.where(mask, a.level, b.level).astype(np.int8),
        iaqi={n: pick(a.iaqi.get(n), b.iaqi.get(n), np.nan) for n in names},
        primary={n: pick(a.primary.get(n), b.primary.get(n), False) for n in names},
        exceeding={n: pick(a.exceeding.get(n), b.exceeding.get(n), False) for n in names},
    )


def level_info(standard: Standard | str, level: int, on: date | None = None) -> Level | None:
    standard = Standard(standard)
    if level <= 0:
        return None
    if standard is Standard.CN:
        standard = edition_for(on) if on else Standard.HJ633_2026
    if standard is Standard.US_EPA:
        cat = tables.US_EPA_CATEGORIES[level - 1]
        return Level(level, cat["name"], cat["name"], cat["color_hex"], "", "", "", "")
    levels = (
        tables.HJ633_2026_LEVELS if standard is Standard.HJ633_2026 else tables.HJ633_2012_LEVELS
    )
    lv = levels[level - 1]
    return Level(
        level,
        lv["category_zh"],
        lv["category_en"],
        lv["color_hex"],
        lv["health_zh"],
        lv["health_en"],
        lv["measures_zh"],
        lv["measures_en"],
    )


def level_of(aqi: int, standard: Standard | str = Standard.CN, on: date | None = None) -> int:
    """The level (1–6) of an AQI value, e.g. a forecast's range ends."""
    standard = Standard(standard)
    if standard is Standard.CN:
        standard = edition_for(on) if on else Standard.HJ633_2026
    if standard is Standard.US_EPA:
        uppers = [c["upper"] for c in tables.US_EPA_CATEGORIES]
    else:
        levels = (
            tables.HJ633_2026_LEVELS
            if standard is Standard.HJ633_2026
            else tables.HJ633_2012_LEVELS
        )
        uppers = [lv["upper"] for lv in levels]
    return int(_levels(np.array([float(aqi)]), uppers)[0])


def calculate(
    standard: Standard | str,
    averaging: Averaging | str,
    *,
    on: date | datetime | None = None,
    **concentrations: float | None,
) -> AqiResult:
    """One observation; see :func:`compute`."""
    given = {k: v for k, v in concentrations.items() if v is not None}
    batch = compute(standard, averaging, on=on, **given)
    aqi = batch.aqi[0]
    edition = Standard(standard)
    if edition is Standard.CN:  # compute() already required the date
        edition = edition_for(on.date() if isinstance(on, datetime) else on)  # type: ignore[arg-type]
    return AqiResult(
        standard=str(edition),
        averaging=str(Averaging(averaging)),
        aqi=None if np.isnan(aqi) else int(aqi),
        level=level_info(edition, int(batch.level[0])),
        primary=tuple(n for n in POLLUTANTS if n in batch.primary and batch.primary[n][0]),
        exceeding=tuple(n for n in POLLUTANTS if n in batch.exceeding and batch.exceeding[n][0]),
        iaqi={n: None if np.isnan(v[0]) else int(v[0]) for n, v in batch.iaqi.items()},
    )
