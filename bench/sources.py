"""Self-monitoring data at scale (issue 13, item 11): one year of hourly flue-gas values of
500 outlets × 3 pollutants (SO2 a21026, NOx a21002, particulate a34013) ≈ 13.1 million
values, with measured O2, flagged hours (HJ 212 F/M/C/D) and exceedance episodes,
generated with numpy (seeded).

- ingest: ``lantian.sources.services.ingest_payload`` of one CSV per month of every
  outlet (about 1.1 million rows, the whole path: parse and check every row, match the
  outlets, compare with stored rows, insert, detect the exceedances of the periods
  touched and store the events) on a fresh SQLite file, against a bare
  ``cursor.executemany`` INSERT of the same rows, already in their stored form, into the
  same table (emptied before each run), measured in the same run (target ≤ 4×);
- detection: the exceedance engine on the year's 13.1 million values —
  ``exceedance.valid_mask`` of the flags, ``correct_oxygen`` to the reference 6 % O2,
  ``events_and_rates`` (``detect_events`` and the daily ``exceedance_rates`` in one pass,
  sharing the valid and exceeding rows and the order check) — against a bare numpy pass over
  the same arrays (``valid & (v × k > limit)`` with ``k = 15 / (21 − O2)`` and the run
  edges ``np.flatnonzero(np.diff(mask))``) (target ≤ 3×).

Prints seconds, rows per second and the ratios; asserts nothing (machines here are
noisy). ``--quick`` uses 50 outlets for a smoke run.

    .venv/bin/python bench/sources.py [--outlets 500] [--months 1] [--quick]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

POLLUTANTS = ("a21026", "a21002", "a34013")
# GB 13223-2011 Table 1, a coal-fired boiler built after 2012 (the outlets' profile):
# SO2 100, NOx 100, particulate 30 mg/m³ at 6 % O2.
LIMITS = np.array([100.0, 100.0, 30.0])
REFERENCE_O2 = 6.0
YEAR = 2025
FIRST_HOUR = np.datetime64(f"{YEAR}-01-01T00:00:00", "s") - np.timedelta64(8, "h")  # UTC
FLAGS = np.array(["N", "F", "M", "C", "D"])
PROFILE = {"unit_type": "coal_boiler", "built_on": "2013-05-01"}


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


# ---- data


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 for enterprise ``n`` (check characters computed)."""
    from lantian.sources import creditcode

    body = f"MA{n:06d}"
    first17 = "91320500" + body + creditcode.org_code_check_character(body)
    return first17 + creditcode.check_character(first17)


@dataclass
class Data:
    """Hourly values of ``outlets × 3`` series laid out series-major (outlet, pollutant,
    hour): ``value`` NaN where a flagged hour carries no value, ``o2`` per row (the
    outlet's O2 of that hour), ``flag`` one HJ 212 letter per row."""

    outlets: int
    hours: int
    value: np.ndarray  # float64, n
    o2: np.ndarray  # float64, n
    flag: np.ndarray  # <U1, n

    @property
    def size(self) -> int:
        return self.value.size

    def series(self) -> np.ndarray:
        return np.repeat(np.arange(self.outlets * len(POLLUTANTS)), self.hours)

    def start(self) -> np.ndarray:
        hours = np.arange(self.hours) * np.timedelta64(3600, "s")
        return np.tile(FIRST_HOUR + hours, self.outlets * len(POLLUTANTS))

    def limit(self) -> np.ndarray:
        return np.tile(np.repeat(LIMITS, self.hours), self.outlets)


def make_data(outlets: int, hours: int = 8760, seed: int = 13) -> Data:
    """Realistic-looking hourly CEMS data: a level per series at 25–65 % of the limit
    (corrected), a daily load cycle, log-normal noise; O2 around 6–8 % per outlet;
    about a dozen exceedance episodes per series and year (1–24 h at 1.3–3× the level
    of the limit); 0.5 % of hours flagged (stopped and fault hours without a value) and
    a few stoppages of a day or two per outlet."""
    rng = np.random.default_rng(seed)
    n_series = outlets * len(POLLUTANTS)
    hour = np.arange(hours)
    o2 = rng.normal(6.5, 0.6, (outlets, 1)) + rng.normal(0, 0.8, (outlets, hours))
    o2 = np.clip(o2, 3.0, 14.0)
    level = LIMITS[None, :] * rng.uniform(0.25, 0.65, (outlets, len(POLLUTANTS)))
    cycle = 1 + 0.15 * np.sin((hour % 24 - 8) / 24 * 2 * np.pi)
    noise = rng.lognormal(0.0, 0.18, (outlets, len(POLLUTANTS), hours))
    corrected = level[:, :, None] * cycle[None, None, :] * noise
    # exceedance episodes: the corrected value lifted above the limit for a few hours
    episodes = rng.poisson(12, n_series)
    series_of = np.repeat(np.arange(n_series), episodes)
    first = rng.integers(0, hours, series_of.size)
    length = np.minimum(rng.geometric(0.2, series_of.size), 24)
    factor = rng.uniform(1.3, 3.0, series_of.size)
    flat = corrected.reshape(n_series, hours)
    for s, a, n, f in zip(series_of, first, length, factor, strict=True):
        limit = LIMITS[s % len(POLLUTANTS)]
        flat[s, a : a + n] = np.maximum(flat[s, a : a + n], limit * f * noise.flat[s * hours + a])
    # measured = corrected × (21 − O2) / (21 − 6)
    measured = corrected * ((21.0 - o2) / (21.0 - REFERENCE_O2))[:, None, :]
    flag = np.full((outlets, len(POLLUTANTS), hours), "N", dtype="<U1")
    odd = rng.random((outlets, len(POLLUTANTS), hours)) < 0.005
    flag[odd] = FLAGS[rng.integers(1, len(FLAGS), int(odd.sum()))]
    for o in range(outlets):  # a stoppage (F) of 1–2 days in about a third of outlets
        if rng.random() < 0.33:
            a = int(rng.integers(0, max(hours - 48, 1)))
            flag[o, :, a : a + int(rng.integers(24, 49))] = "F"
    value = np.round(measured, 1)
    value[(flag == "F") | (flag == "D")] = np.nan
    o2_rows = np.repeat(np.round(o2, 1)[:, None, :], len(POLLUTANTS), axis=1)
    return Data(outlets, hours, value.ravel(), o2_rows.ravel(), flag.ravel())


def hour_texts(first: int, last: int) -> list[str]:
    base = datetime(YEAR, 1, 1)
    return [(base + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M") for h in range(first, last + 1)]


def month_hours(month: int) -> tuple[int, int]:
    first = datetime(YEAR, month, 1)
    after = datetime(YEAR + month // 12, month % 12 + 1, 1)
    base = datetime(YEAR, 1, 1)
    return (first - base) // timedelta(hours=1), (after - base) // timedelta(hours=1)


def month_csv(data: Data, codes: list[str], first: int, after: int) -> bytes:
    """The CSV of hours ``first``–``after`` of every outlet (the import's columns)."""
    times = hour_texts(first, after)
    lines = ["credit_code,outlet_code,pollutant,start,end,value,unit,o2,flag\n"]
    for o, code in enumerate(codes):
        for p, pollutant in enumerate(POLLUTANTS):
            offset = (o * len(POLLUTANTS) + p) * data.hours
            values = data.value[offset + first : offset + after].tolist()
            o2 = data.o2[offset + first : offset + after].tolist()
            flags = data.flag[offset + first : offset + after].tolist()
            head = f"{code},DA001,{pollutant},"
            lines.extend(
                f"{head}{times[h]},{times[h + 1]},{'' if v != v else v},mg/m3,{x},{f}\n"
                for h, (v, x, f) in enumerate(zip(values, o2, flags, strict=True))
            )
    return "".join(lines).encode()


# ---- Django


def setup(folder: Path) -> None:
    os.environ.update(
        {
            "DEBUG": "true",
            "LANTIAN_HOME": str(folder),
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "lantian.config.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def create_outlets(outlets: int) -> tuple[list[str], list[int]]:
    """``outlets`` power plants with one flue-gas outlet DA001 each monitoring the three
    pollutants (bulk, outside the measurement). Returns the credit codes and outlet ids."""
    from django.db import transaction

    from lantian.air.services import save_district
    from lantian.sources.models import Enterprise, Outlet, OutletPollutant

    district = save_district(actor=None, name="示范区")
    codes = [credit_code(n) for n in range(outlets)]
    with transaction.atomic():
        Enterprise.objects.bulk_create(
            Enterprise(
                credit_code=code,
                name=f"示范热电{n:03d}有限公司",
                address=f"示范市示范区电厂路{n + 1}号",
                district=district,
                industry_code="4411",
                industry_name="火力发电",
                standards=["GB 13223-2011"],
            )
            for n, code in enumerate(codes)
        )
        ids = dict(Enterprise.objects.values_list("credit_code", "id"))
        Outlet.objects.bulk_create(
            Outlet(
                enterprise_id=ids[code],
                code="DA001",
                name="1号机组烟囱",
                kind="gas",
                standard="GB 13223-2011",
                profile=PROFILE,
            )
            for code in codes
        )
        outlet_ids = dict(Outlet.objects.values_list("enterprise__credit_code", "id"))
        OutletPollutant.objects.bulk_create(
            OutletPollutant(outlet_id=outlet_ids[code], pollutant=p)
            for code in codes
            for p in POLLUTANTS
        )
    return codes, [outlet_ids[code] for code in codes]


def empty_tables() -> None:
    from lantian.sources.models import ExceedanceEvent, Measurement, MonitoringBatch

    Measurement.objects.all().delete()
    ExceedanceEvent.objects.all().delete()
    MonitoringBatch.objects.all().delete()


def ingest(content: bytes) -> Any:
    """The measured path: the project's ingestion of one file, detection included."""
    from lantian.sources import services

    return services.ingest_payload(actor=None, content=content, filename="month.csv")


def stored_rows(data: Data, outlet_ids: list[int], first: int, after: int) -> list[tuple]:
    """The rows of hours ``first``–``after`` as the measurement table stores them (the
    database's form of each column), for the bare INSERT."""
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value
    base = datetime(YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=8)
    times = [adapt(base + timedelta(hours=h)) for h in range(first, after + 1)]
    batch_id = None
    rows = []
    for o, outlet_id in enumerate(outlet_ids):
        for p, pollutant in enumerate(POLLUTANTS):
            offset = (o * len(POLLUTANTS) + p) * data.hours
            values = data.value[offset + first : offset + after].tolist()
            o2 = data.o2[offset + first : offset + after].tolist()
            flags = data.flag[offset + first : offset + after].tolist()
            rows.extend(
                (
                    outlet_id,
                    pollutant,
                    times[h],
                    times[h + 1],
                    None if v != v else v,
                    x,
                    f,
                    batch_id,
                )
                for h, (v, x, f) in enumerate(zip(values, o2, flags, strict=True))
            )
    return rows


def bare_insert(rows: list[tuple]) -> None:
    """One ``cursor.executemany`` INSERT of ready rows into the measurement table."""
    from django.db import connection, transaction

    from lantian.sources.models import Measurement

    quote = connection.ops.quote_name
    columns = ("outlet_id", "pollutant", "start", "end", "value", "o2", "flag", "batch_id")
    sql = (
        f"INSERT INTO {quote(Measurement._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# ---- the engine


def detect(data: Data, series: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple:
    """The measured engine path over the whole year."""
    from lantian.sources import exceedance

    valid = exceedance.valid_mask(data.flag, data.value)
    corrected = exceedance.correct_oxygen(data.value, data.o2, REFERENCE_O2)
    limit = data.limit()
    return exceedance.events_and_rates(series, start, end, corrected, limit, valid, period="day")


def bare_detect(data: Data) -> np.ndarray:
    """The bare pass: the corrected comparison and the edges of the exceeding runs."""
    k = (21.0 - REFERENCE_O2) / (21.0 - data.o2)
    mask = (data.flag == "N") & (data.value * k > data.limit())
    return np.flatnonzero(np.diff(mask))


# ---- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outlets", type=int, default=500)
    parser.add_argument("--months", type=int, default=1, help="months ingested (from January)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the engine (best of)")
    parser.add_argument("--quick", action="store_true", help="50 outlets, for a smoke run")
    args = parser.parse_args()
    outlets = 50 if args.quick else args.outlets
    folder = Path(tempfile.mkdtemp(prefix="lantian-bench-"))
    setup(folder)
    began = time.perf_counter()
    data = make_data(outlets)
    codes, outlet_ids = create_outlets(outlets)
    flagged = int((data.flag != "N").sum())
    print(
        f"{outlets} outlets × {len(POLLUTANTS)} pollutants × {data.hours:,} h = "
        f"{data.size:,} values ({flagged:,} flagged); data built in "
        f"{time.perf_counter() - began:.1f} s"
    )

    # ingest, month by month, against the bare INSERT of the same rows
    t_ours = t_bare = 0.0
    n_rows = n_bytes = 0
    for month in range(1, args.months + 1):
        first, after = month_hours(month)
        content = month_csv(data, codes, first, after)
        rows = stored_rows(data, outlet_ids, first, after)
        empty_tables()
        t_bare += best_of(lambda rows=rows: bare_insert(rows), 1)
        empty_tables()
        start = time.perf_counter()
        batch = ingest(content)
        t_ours += time.perf_counter() - start
        assert batch.accepted == len(rows), batch.report.get("rejected", [])[:3]
        n_rows, n_bytes = n_rows + len(rows), n_bytes + len(content)
        events = batch.report["exceedances"]
        print(
            f"  month {month}: {len(rows):,} rows, CSV {len(content) / 1e6:.0f} MB, "
            f"{events.get('found', 0):,} events"
        )
    print(f"ingest ({args.months} month(s), {n_rows:,} rows, {n_bytes / 1e6:.0f} MB of CSV):")
    print(f"  lantian ingest_payload: {t_ours:.1f} s, {n_rows / t_ours:,.0f} rows/s")
    print(f"  bare executemany INSERT: {t_bare:.1f} s, {n_rows / t_bare:,.0f} rows/s")
    print(f"  ratio: {t_ours / t_bare:.1f}x (target ≤ 4x)")
    empty_tables()

    # the engine on the whole year, against a bare numpy pass
    series, start_t = data.series(), data.start()
    end_t = start_t + np.timedelta64(3600, "s")
    events, rates = detect(data, series, start_t, end_t)
    t_engine = best_of(lambda: detect(data, series, start_t, end_t), args.repeat)
    t_numpy = best_of(lambda: bare_detect(data), args.repeat)
    exceeding = int(rates.n_exceeding.sum())
    print(
        f"detection ({data.size:,} values, {len(events):,} events, {exceeding:,} exceeding hours):"
    )
    print(f"  lantian engine (valid, O2, events, daily rates): {t_engine:.2f} s")
    print(f"  bare numpy pass: {t_numpy:.2f} s")
    print(f"  ratio: {t_engine / t_numpy:.1f}x (target ≤ 3x)")


if __name__ == "__main__":
    sys.exit(main())
