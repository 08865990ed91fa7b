"""AQI engine throughput for 1,000,000 station-hours, as ratios measured in one run.

(a) `compute("hj633-2026", "hour", …)` over six pollutant arrays, against
    - `np.interp` over the same six arrays (the practical limit: the interpolation alone;
      target: within 5×), and
    - a per-record pure-Python loop computing the same IAQI/AQI (a sample, scaled).

Prints records per second and the ratios; asserts nothing (machines here are noisy).
The ingestion half of the issue's benchmark (CSV into SQLite) comes with ingestion.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from lantian.air import standards as t
from lantian.air.aqi import compute

N = 1_000_000
SAMPLE = 50_000  # records for the slow pure-Python loop


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = np.random.default_rng(2026)
    data = {
        "so2": rng.gamma(2.0, 6.0, N),
        "no2": rng.gamma(3.0, 12.0, N),
        "co": rng.gamma(4.0, 0.2, N),
        "o3": rng.gamma(3.0, 30.0, N),
        "pm10": rng.gamma(2.5, 30.0, N),
        "pm25": rng.gamma(2.0, 22.0, N),
    }
    tables = {
        "so2": t.HJ633_2026_BREAKPOINTS[("so2", "1h")],
        "no2": t.HJ633_2026_BREAKPOINTS[("no2", "1h")],
        "co": t.HJ633_2026_BREAKPOINTS[("co", "1h")],
        "o3": t.HJ633_2026_BREAKPOINTS[("o3", "1h")],
        "pm10": t.HJ633_2026_BREAKPOINTS[("pm10", "24h")],
        "pm25": t.HJ633_2026_BREAKPOINTS[("pm25", "24h")],
    }

    def engine() -> object:
        return compute("hj633-2026", "hour", **data)

    def interp_only() -> object:
        return [np.interp(data[name], *tables[name]) for name in tables]

    def python_loop() -> object:
        out = []
        for i in range(SAMPLE):
            best = 0.0
            for name, (bps, idx) in tables.items():
                c = round(float(data[name][i]), 1 if name == "co" else 0)
                for k in range(1, len(bps)):
                    if c <= bps[k] or k == len(bps) - 1:
                        lo, hi = bps[k - 1], bps[k]
                        value = (idx[k] - idx[k - 1]) / (hi - lo) * (min(c, hi) - lo) + idx[k - 1]
                        best = max(best, math.ceil(value - 1e-9))
                        break
            out.append(best)
        return out

    t_engine, t_interp = best_of(engine), best_of(interp_only)
    t_loop = best_of(python_loop, repeat=1) * (N / SAMPLE)
    print(f"AQI engine, {N:,} station-hours: {N / t_engine:,.0f} records/s ({t_engine:.3f} s)")
    print(f"np.interp over the same arrays: {N / t_interp:,.0f} records/s")
    print(f"pure-Python loop (scaled from {SAMPLE:,}): {N / t_loop:,.0f} records/s")
    print(f"  engine time / np.interp time: {t_engine / t_interp:.2f}x (target ≤ 5x)")
    print(f"  engine speed-up over the Python loop: {t_loop / t_engine:.1f}x")


if __name__ == "__main__":
    main()
