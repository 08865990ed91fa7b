"""Writes of the air app: ingestion of observations and the AQI recomputation."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.timezone import localdate

from lantian.air import aggregate, ingest
from lantian.air.aqi import POLLUTANTS as AQI_KEYS
from lantian.air.aqi import compute
from lantian.air.models import (
    CITY,
    POLLUTANT_FIELDS,
    AreaDay,
    AreaHour,
    District,
    Forecast,
    ForecastDay,
    IngestBatch,
    Observation,
    Station,
    StationDay,
    _local_day,
    check_forecast_days,
)
from lantian.core import audit
from lantian.core.services import upsert_audited

Progress = Callable[[int, int], None]
SCORE_FIELDS = ["aqi", "level", "primary"]
CHUNK = 5000


def ingest_payload(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    source: str = IngestBatch.Source.FILE,
    progress: Progress | None = None,
) -> IngestBatch:
    """Check, upsert and score a file of observations; refuse bad rows with reasons.

    Idempotent: the same file again changes no observation (it is counted as unchanged).
    Raises :class:`lantian.air.ingest.FileError` when the file as a whole is unreadable;
    nothing is written then.

    The rows go through as columns: compared with the stored ones in one read, scored in
    one AQI computation, new ones written with plain INSERTs and changed ones with
    UPDATEs by id, and the aggregates recomputed once from the values in hand.
    """
    stations = dict(Station.objects.values_list("code", "pk"))
    with _without_gc():
        return _ingest(actor, content, filename, source, progress, stations)


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """No cyclic garbage collection while a file is ingested: its rows are millions of
    new objects in no cycle, and the collector's passes over them cost a fifth of the
    time. Collection resumes afterwards (unless someone else had stopped it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ingest(
    actor: Any,
    content: bytes,
    filename: str,
    source: str,
    progress: Progress | None,
    stations: dict[str, int],
) -> IngestBatch:
    parsed = ingest.read(content, filename, set(stations))
    total = len(parsed)
    station_ids = np.array([stations[c] for c in parsed.stations], dtype=np.int64)
    # values as the aggregates count them: a value the station flagged is missing
    counted = np.where(parsed.invalid, np.nan, parsed.values)
    with transaction.atomic():
        batch = IngestBatch.objects.create(
            source=source,
            filename=filename,
            sha256=hashlib.sha256(content).hexdigest(),
            raw=content,
        )
        stored_id, same = _compare_stored(parsed, station_ids)
        write = ~same
        columns = _write_columns(parsed, station_ids, counted, write)
        new_rows = write & (stored_id == 0)
        changed_rows = write & (stored_id != 0)
        writer = _ObservationWriter()
        for start in range(0, total, CHUNK):
            part = slice(start, start + CHUNK)
            writer.insert(columns, np.flatnonzero(new_rows[part]) + start, batch.pk)
            writer.update(columns, np.flatnonzero(changed_rows[part]) + start, stored_id, batch.pk)
            if progress:
                progress(min(start + CHUNK, total), total)
        created, updated = int(new_rows.sum()), int(changed_rows.sum())
        unchanged = total - created - updated
        refreshed = (
            refresh_aggregates(parsed.hour_ends, _Known(station_ids, parsed.micros, counted))
            if created + updated
            else {}
        )
        batch.accepted, batch.unchanged = created + updated, unchanged
        batch.rejected = len(parsed.rejected)
        batch.report = {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "aggregates": refreshed,
            "rejected": [
                {"row": r.number, "reasons": r.reasons, "raw": r.raw} for r in parsed.rejected
            ],
        }
        batch.save()
        audit.record(
            actor=actor,
            instance=batch,
            action="wagtail.create",
            data={"created": created, "updated": updated, "rejected": batch.rejected},
        )
    return batch


def _flag_list(stored: Any) -> list[str]:
    """A stored ``invalid`` value as a list (SQLite gives JSON text)."""
    if isinstance(stored, str):
        stored = json.loads(stored)
    return stored or []


def _compare_stored(
    parsed: ingest.Parsed, station_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the id of the stored observation of its station and hour (0: none)
    and whether that one already holds the same values and flags."""
    total = len(parsed)
    stored_id = np.zeros(total, dtype=np.int64)
    same = np.zeros(total, dtype=bool)
    stored = _stored_rows(station_ids, parsed.micros)
    if not stored:
        return stored_id, same
    position = {
        key: i
        for i, key in enumerate(zip(station_ids.tolist(), parsed.micros.tolist(), strict=True))
    }
    for pk, station_id, hour_end, *values, flags in stored:
        i = position.get((station_id, _micros(hour_end)))
        if i is None:
            continue
        stored_id[i] = pk
        mine = parsed.values[i]
        same[i] = all(
            (v is None and m != m) or v == m for v, m in zip(values, mine.tolist(), strict=True)
        ) and sorted(_flag_list(flags)) == ingest.flag_names(parsed.invalid[i])
    return stored_id, same


def _stored_rows(station_ids: np.ndarray, micros: np.ndarray) -> list[tuple[Any, ...]]:
    """Stored observations that may match the rows: each station over its own time span."""
    if not station_ids.size:
        return []
    meta = Observation._meta
    quote = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    columns = ["id", "station", "hour_end", *POLLUTANT_FIELDS, "invalid"]
    spans, params = [], []
    for station_id in np.unique(station_ids).tolist():
        mine = micros[station_ids == station_id]
        spans.append(f"({quote('station_id')} = %s AND {quote('hour_end')} BETWEEN %s AND %s)")
        params += [station_id, adapt(_from_micros(mine.min())), adapt(_from_micros(mine.max()))]
    sql = "SELECT {} FROM {} WHERE {}".format(
        ", ".join(quote(meta.get_field(c).column) for c in columns),
        quote(meta.db_table),
        " OR ".join(spans),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _micros(stored: Any) -> int:
    """A database datetime as UTC microseconds: SQLite gives naive UTC datetimes (or
    text), PostgreSQL aware ones."""
    if isinstance(stored, str):
        stored = datetime.fromisoformat(stored)
    if stored.tzinfo is None:
        stored = stored.replace(tzinfo=UTC)
    return (stored - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(micros))


def _nullable(column: np.ndarray) -> np.ndarray:
    """Floats as the database takes them: None for NaN."""
    out = column.astype(object)
    out[np.isnan(column)] = None
    return out


def _per_distinct(codes: np.ndarray, make: Callable[[int], Any]) -> np.ndarray:
    """``make(first position)`` for each distinct code, spread over all positions."""
    _distinct, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    made = np.empty(first.size, dtype=object)
    made[:] = [make(i) for i in first.tolist()]
    return made[inverse.reshape(-1)]


def _write_columns(
    parsed: ingest.Parsed, station_ids: np.ndarray, counted: np.ndarray, write: np.ndarray
) -> dict[str, np.ndarray]:
    """Each observation column in the database's form, for every row (only the rows in
    ``write`` are scored; the others stay as stored)."""
    n = len(parsed)
    columns: dict[str, np.ndarray] = {
        "station": station_ids.astype(object),
        **{p: _nullable(parsed.values[:, j]) for j, p in enumerate(POLLUTANT_FIELDS)},
    }
    # each distinct hour and set of flags adapted once (a file repeats them per station)
    adapt = connection.ops.adapt_datetimefield_value
    columns["hour_end"] = _per_distinct(parsed.micros, lambda i: adapt(parsed.hour_ends[i]))
    prepare = Observation._meta.get_field("invalid").get_db_prep_save
    flag_codes = parsed.invalid @ (1 << np.arange(len(POLLUTANT_FIELDS)))
    columns["invalid"] = _per_distinct(
        flag_codes, lambda i: prepare(ingest.flag_names(parsed.invalid[i]), connection)
    )
    for name in SCORE_FIELDS:
        columns[name] = np.full(n, "" if name == "primary" else None, dtype=object)
    rows = np.flatnonzero(write)
    if rows.size:
        days = _local_days(parsed.micros[rows])
        scored = _score_lists(
            "hour", days, {p: counted[rows, j] for j, p in enumerate(POLLUTANT_FIELDS)}
        )
        for name, values in zip(SCORE_FIELDS, scored, strict=True):
            columns[name][rows] = values
    return columns


def _local_days(micros: np.ndarray) -> np.ndarray:
    """The local dates (datetime64[D]) of ends of hour in UTC microseconds: the hour
    ending 24:00 still belongs to its day (as :func:`_local_day`)."""
    shift = (8 * 3600 - 60) * 1_000_000
    return ((micros + shift) // (86_400 * 1_000_000)).astype("datetime64[D]")


class _ObservationWriter:
    """INSERTs and UPDATEs of observation columns with one prepared statement each."""

    NAMES = ("station", "hour_end", *POLLUTANT_FIELDS, "invalid", *SCORE_FIELDS)
    CHANGED = (*POLLUTANT_FIELDS, "invalid", *SCORE_FIELDS)

    def __init__(self) -> None:
        meta = Observation._meta
        quote = connection.ops.quote_name
        column = {n: quote(meta.get_field(n).column) for n in (*self.NAMES, "batch")}
        table = quote(meta.db_table)
        names = [column[n] for n in (*self.NAMES, "batch")]
        self.insert_sql = "INSERT INTO {} ({}) VALUES ({})".format(
            table, ", ".join(names), ", ".join(["%s"] * len(names))
        )
        # A row another import stored since the comparison (two at once) is replaced,
        # not an error: only then is the chunk written again as an upsert, which SQLite
        # runs several times slower than a plain INSERT.
        kept = [column[n] for n in (*self.CHANGED, "batch")]
        self.upsert_sql = "{} ON CONFLICT ({}, {}) DO UPDATE SET {}".format(
            self.insert_sql,
            column["station"],
            column["hour_end"],
            ", ".join(f"{c} = excluded.{c}" for c in kept),
        )
        self.update_sql = "UPDATE {} SET {} WHERE {} = %s".format(
            table, ", ".join(f"{c} = %s" for c in kept), quote("id")
        )

    @staticmethod
    def _tuples(
        columns: dict[str, np.ndarray], names: Sequence[str], rows: np.ndarray, *extra: Any
    ) -> list[tuple[Any, ...]]:
        picked = [columns[n][rows].tolist() for n in names]
        tail = [x if isinstance(x, list) else [x] * len(rows) for x in extra]
        return list(zip(*picked, *tail, strict=True))

    def insert(self, columns: dict[str, np.ndarray], rows: np.ndarray, batch_id: int) -> None:
        if not rows.size:
            return
        params = self._tuples(columns, self.NAMES, rows, batch_id)
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():  # a savepoint: PostgreSQL goes on after the error
                    cursor.executemany(self.insert_sql, params)
            except IntegrityError:
                cursor.executemany(self.upsert_sql, params)

    def update(
        self,
        columns: dict[str, np.ndarray],
        rows: np.ndarray,
        stored_id: np.ndarray,
        batch_id: int,
    ) -> None:
        if not rows.size:
            return
        params = self._tuples(columns, self.CHANGED, rows, batch_id, stored_id[rows].tolist())
        with connection.cursor() as cursor:
            cursor.executemany(self.update_sql, params)


INBOX_SUFFIXES = (".csv", ".xlsx", ".json")
SETTLE_SECONDS = 30  # a file younger than this may still be being written


def ingest_inbox(
    *, directory: Path, now: float | None = None, settle: float = SETTLE_SECONDS
) -> list[dict[str, Any]]:
    """Ingest the observation files dropped in ``directory`` (oldest first).

    Each file is first renamed into ``processing/`` — an atomic claim, so two workers
    never take the same file — then ingested as a "folder" batch and moved to ``done/``;
    a file that cannot be read at all goes to ``failed/`` beside a ``.txt`` giving the
    reason. Files modified in the last ``settle`` seconds wait for the next run. A file
    whose content was already ingested is recorded as unchanged rows, nothing more.
    """
    now = time.time() if now is None else now
    ready = sorted(
        (p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in INBOX_SUFFIXES),
        key=lambda p: p.stat().st_mtime,
    )
    results: list[dict[str, Any]] = []
    for path in ready:
        if now - path.stat().st_mtime < settle:
            continue
        stamp = datetime.fromtimestamp(now).strftime("%Y%m%dT%H%M%S")
        claimed = directory / "processing" / f"{stamp}-{path.name}"
        claimed.parent.mkdir(exist_ok=True)
        try:
            path.rename(claimed)
        except FileNotFoundError:  # another worker claimed it first
            continue
        try:
            batch = ingest_payload(
                actor=None,
                content=claimed.read_bytes(),
                filename=path.name,
                source=IngestBatch.Source.FOLDER,
            )
        except ingest.FileError as exc:
            target = directory / "failed" / claimed.name
            target.parent.mkdir(exist_ok=True)
            claimed.rename(target)
            target.with_name(target.name + ".txt").write_text(f"{exc}\n", encoding="utf-8")
            results.append({"file": path.name, "error": str(exc)})
            continue
        target = directory / "done" / claimed.name
        target.parent.mkdir(exist_ok=True)
        claimed.rename(target)
        results.append(
            {
                "file": path.name,
                "batch": batch.pk,
                "accepted": batch.accepted,
                "unchanged": batch.unchanged,
                "rejected": batch.rejected,
            }
        )
    return results


def save_station(*, actor: Any, code: str, **fields: Any) -> Station:
    """Create or update a monitoring station by its code."""
    return upsert_audited(actor=actor, model=Station, lookup={"code": code}, values=fields)


def save_district(*, actor: Any, name: str, name_en: str = "") -> District:
    """Create or update a district by its (Chinese) name, the one its stations carry."""
    return upsert_audited(
        actor=actor, model=District, lookup={"name": name}, values={"name_en": name_en}
    )


def issue_forecast(
    *,
    actor: Any,
    issued_at: datetime,
    days: Sequence[dict[str, Any]],
    area: str = CITY,
    summary: str = "",
    summary_en: str = "",
) -> Forecast:
    """Publish a forecast; ``days`` are dicts of ForecastDay fields (day, aqi_low, aqi_high,
    primary, advice, advice_en). Raises ValidationError naming the day or rule broken."""
    problems = check_forecast_days([d["day"] for d in days], localdate(issued_at))
    rows = [ForecastDay(**d) for d in days]
    for row in rows:
        try:
            row.clean_fields(exclude=["forecast"])
            row.clean()
        except ValidationError as exc:
            problems += [f"{row.day}: {m}" for m in exc.messages]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        forecast = Forecast(
            area=area,
            issued_at=issued_at,
            issued_by=actor,
            summary=summary,
            summary_en=summary_en,
        )
        forecast.days = rows
        forecast.save()
        audit.record(
            actor=actor,
            instance=forecast,
            action="wagtail.create",
            data={"days": [str(r.day) for r in rows]},
        )
    return forecast


# --------------------------------------------------------------------------- aggregates

DAILY_FIELDS = ("so2", "no2", "co", "pm10", "pm25")


def _score_lists(
    averaging: str, days: Sequence[date | str] | np.ndarray, columns: dict[str, np.ndarray]
) -> tuple[list[int | None], list[int | None], list[str]]:
    """AQIs, levels and primary pollutants of the columns' positions, as lists of what
    the database stores; the edition by date."""
    if len(days) == 0:
        return [], [], []
    result = compute("cn", averaging, on=np.asarray(days, dtype="datetime64[D]"), **columns)
    missing = np.isnan(result.aqi)
    aqi = np.where(missing, 0, result.aqi).astype(np.int64).astype(object)
    aqi[missing] = None
    level = result.level.astype(np.int64).astype(object)
    level[result.level == 0] = None
    keys = [k for k in AQI_KEYS if k in result.primary]
    code = np.zeros(len(days), dtype=np.int64)
    for bit, k in enumerate(keys):
        code |= result.primary[k].astype(np.int64) << bit
    primary = _per_distinct(
        code, lambda i: ",".join(k for bit, k in enumerate(keys) if code[i] >> bit & 1)
    )
    return aqi.tolist(), level.tolist(), primary.tolist()


def _rounded(values: np.ndarray) -> list[float | None]:
    """Aggregate values as stored: to 0.001, None where there is none."""
    return [None if x != x else round(x, 3) for x in values.tolist()]


@dataclass
class _Known:
    """Observations an ingestion holds in hand, all now stored: station ids, ends of hour
    (UTC microseconds) and values (NaN where missing or flagged invalid)."""

    station_ids: np.ndarray
    micros: np.ndarray
    values: np.ndarray


def refresh_aggregates(
    hour_ends: Sequence[datetime], known: _Known | None = None
) -> dict[str, int]:
    """Recompute the city and district hourly values, and the station, city and district
    daily values, of the local days these hours fall in.

    Runs of consecutive days are read once into a stations × hours × pollutants grid;
    every mean, validity rule and AQI is then one numpy operation over the grid, and the
    rows are written with one prepared statement per table. A station whose stored hours
    in a run are just those ``known`` holds is taken from there, not read again.
    """
    counts = {"area_hours": 0, "station_days": 0, "area_days": 0}
    if known is not None:
        days = [d.item() for d in np.unique(_local_days(known.micros))]
    else:
        days = sorted({_local_day(h) for h in hour_ends})
    if not days:
        return counts
    stations = list(Station.objects.filter(is_active=True).order_by("pk"))
    for first, last in _runs(days):
        grid = _read_grid(stations, first, last, known)
        counts["area_hours"] += _write_area_hours(grid, stations, first)
        station_days = _daily_values(grid)
        counts["station_days"] += _write_station_days(station_days, stations, first)
        counts["area_days"] += _write_area_days(station_days, stations, first)
    return counts


def _runs(days: Sequence[date], max_days: int = 400) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs of at most ``max_days`` (bounded memory)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1 and (day - runs[-1][0]).days < max_days:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _areas(station: Station) -> list[str]:
    """City and district values come from the stations designated for evaluation only;
    background and control points are published on their own."""
    return [CITY, station.district] if station.counts_for_city else []


def _day_start(day: date) -> datetime:
    """The end of the first hour of ``day`` (01:00 local)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=ingest.LOCAL) + timedelta(hours=1)


def _epoch_seconds(values: Sequence[Any]) -> np.ndarray:
    """Database datetimes as UTC epoch seconds: SQLite gives naive UTC datetimes (or text),
    PostgreSQL aware ones."""
    if values and (isinstance(values[0], str) or values[0].tzinfo is None):
        return np.array(values, dtype="datetime64[s]").astype(np.int64)
    return np.array([v.timestamp() for v in values], dtype=np.int64)


def _read_grid(
    stations: Sequence[Station], first: date, last: date, known: _Known | None = None
) -> np.ndarray:
    """Valid hourly values as a (stations, hours, pollutants) array, NaN where missing or
    flagged invalid; hour slot 0 ends at 01:00 local on ``first``."""
    start = _day_start(first)
    hours = ((last - first).days + 1) * 24
    end = start + timedelta(hours=hours - 1)
    grid = np.full((len(stations), hours, len(POLLUTANT_FIELDS)), np.nan)
    index = {s.pk: i for i, s in enumerate(stations)}
    to_read = set(index)
    if known is not None:
        to_read -= _fill_known(grid, stations, start, end, known)
        if not to_read:
            return grid
    meta = Observation._meta
    quote = connection.ops.quote_name
    columns = ["station", "hour_end", *POLLUTANT_FIELDS, "invalid"]
    sql = "SELECT {} FROM {} WHERE {} >= %s AND {} <= %s".format(
        ", ".join(quote(meta.get_field(c).column) for c in columns),
        quote(meta.db_table),
        quote("hour_end"),
        quote("hour_end"),
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(start), adapt(end)]
    if to_read != set(index):
        sql += " AND {} IN ({})".format(quote("station_id"), ", ".join(["%s"] * len(to_read)))
        params += sorted(to_read)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [r for r in cursor.fetchall() if r[0] in index]
    if not rows:
        return grid
    station_idx = np.array([index[r[0]] for r in rows])
    slot = (_epoch_seconds([r[1] for r in rows]) - int(start.timestamp())) // 3600
    values = np.array([r[2:-1] for r in rows], dtype=float)  # None → NaN
    for i, r in enumerate(rows):
        flagged = r[-1]
        if flagged and flagged != "[]":
            for name in json.loads(flagged) if isinstance(flagged, str) else flagged:
                values[i, POLLUTANT_FIELDS.index(name)] = np.nan
    grid[station_idx, slot] = values
    return grid


def _fill_known(
    grid: np.ndarray, stations: Sequence[Station], start: datetime, end: datetime, known: _Known
) -> set[int]:
    """Put into the grid the stations whose stored hours from ``start`` to ``end`` are
    as many as ``known`` holds there — then they are those (one key, one row) — and
    return their ids."""
    lo, hi = _micros(start), _micros(end)
    inside = (known.micros >= lo) & (known.micros <= hi)
    ids, counts = np.unique(known.station_ids[inside], return_counts=True)
    pks = np.array([s.pk for s in stations], dtype=np.int64)  # ascending
    adapt = connection.ops.adapt_datetimefield_value
    quote = connection.ops.quote_name
    sql = "SELECT COUNT(*) FROM {} WHERE {} = %s AND {} >= %s AND {} <= %s".format(
        quote(Observation._meta.db_table), quote("station_id"), quote("hour_end"), quote("hour_end")
    )
    complete = []
    with connection.cursor() as cursor:
        for station_id, count in zip(ids.tolist(), counts.tolist(), strict=True):
            if station_id not in pks:
                continue
            cursor.execute(sql, [station_id, adapt(start), adapt(end)])
            if cursor.fetchone()[0] == count:
                complete.append(station_id)
    if not complete:
        return set()
    take = inside & np.isin(known.station_ids, complete)
    slot = (known.micros[take] // 1_000_000 - int(start.timestamp())) // 3600
    grid[np.searchsorted(pks, known.station_ids[take]), slot] = known.values[take]
    return set(complete)


def _area_members(stations: Sequence[Station]) -> dict[str, np.ndarray]:
    members: dict[str, list[int]] = {}
    for i, station in enumerate(stations):
        for area in _areas(station):
            members.setdefault(area, []).append(i)
    return {area: np.array(idx) for area, idx in sorted(members.items())}


def _insert(model: type, names: Sequence[str], params: Sequence[Sequence[Any]]) -> None:
    """Insert plain tuples with one prepared statement (see :func:`_insert_new`)."""
    if not params:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(meta.get_field(n).column) for n in names),
        ", ".join(["%s"] * len(names)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _nanmean(values: np.ndarray, axis: int) -> np.ndarray:
    """Mean ignoring NaN; NaN (quietly) where there is no value at all."""
    valid = ~np.isnan(values)
    count = valid.sum(axis=axis)
    total = np.where(valid, values, 0.0).sum(axis=axis)
    with np.errstate(all="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _write_area_hours(grid: np.ndarray, stations: Sequence[Station], first: date) -> int:
    start = _day_start(first)
    hours = grid.shape[1]
    AreaHour.objects.filter(
        hour_end__gte=start, hour_end__lte=start + timedelta(hours=hours - 1)
    ).delete()
    present = ~np.all(np.isnan(grid), axis=2)  # (stations, hours): any value that hour
    hour_days = _local_days(_micros(start) + np.arange(hours, dtype=np.int64) * 3_600_000_000)
    adapt = connection.ops.adapt_datetimefield_value
    hour_ends = np.array([adapt(start + timedelta(hours=h)) for h in range(hours)], dtype=object)
    params: list[tuple[Any, ...]] = []
    for area, idx in _area_members(stations).items():
        reporting = present[idx].sum(axis=0)
        slots = np.flatnonzero(reporting)
        if not slots.size:
            continue
        means = _nanmean(grid[idx][:, slots], axis=0)  # (slots, pollutants)
        columns = {f: means[:, i] for i, f in enumerate(POLLUTANT_FIELDS)}
        params += zip(
            [area] * slots.size,
            hour_ends[slots].tolist(),
            reporting[slots].tolist(),
            *(_rounded(columns[f]) for f in POLLUTANT_FIELDS),
            *_score_lists("hour", hour_days[slots], columns),
            strict=True,
        )
    _insert(AreaHour, ["area", "hour_end", "stations", *POLLUTANT_FIELDS, *SCORE_FIELDS], params)
    return len(params)


DAY_FIELDS = (*DAILY_FIELDS, "o3", "o3_8h")


def _daily_values(grid: np.ndarray) -> dict[str, np.ndarray]:
    """Each station's daily values, (stations, days) per field, with GB 3095 Table 4 and
    HJ 663 validity: daily means need 20 hours, the 1-hour O3 maximum too, the 8-hour O3
    maximum 14 valid windows (or an exceedance)."""
    n_stations, hours, _ = grid.shape
    by_day = grid.reshape(n_stations, hours // 24, 24, len(POLLUTANT_FIELDS))
    out: dict[str, np.ndarray] = {}
    for f in DAILY_FIELDS:
        out[f] = aggregate.daily_mean(by_day[..., POLLUTANT_FIELDS.index(f)])
    o3 = by_day[..., POLLUTANT_FIELDS.index("o3")]
    enough = np.sum(~np.isnan(o3), axis=2) >= aggregate.MIN_HOURS_PER_DAY
    with np.errstate(all="ignore"):
        out["o3"] = np.where(enough, np.nanmax(np.where(np.isnan(o3), -1, o3), axis=2), np.nan)
    out["o3_8h"] = np.array([aggregate.daily_max_8h(o3[s]) for s in range(n_stations)]).reshape(
        n_stations, hours // 24
    )
    # a station-day exists where the station sent anything that day
    out["present"] = ~np.all(np.isnan(by_day), axis=(2, 3))
    return out


def _write_days(
    model: type,
    key: str,
    keys: Sequence[Any],
    first: date,
    columns: dict[str, np.ndarray],
    reporting: np.ndarray | None = None,
) -> int:
    """Score and insert daily rows from (keys, days) arrays, where ``columns["present"]``;
    ``reporting`` gives an area's number of stations per day."""
    rows_idx, day_idx = np.nonzero(columns["present"])
    if not rows_idx.size:
        return 0
    picked = {f: columns[f][rows_idx, day_idx] for f in DAY_FIELDS}
    adapt = connection.ops.adapt_datefield_value
    n_days = columns["present"].shape[1]
    days = np.array([adapt(first + timedelta(days=d)) for d in range(n_days)], dtype=object)
    counted = [] if reporting is None else ["stations"]
    _insert(
        model,
        [key, "day", *counted, *DAY_FIELDS, *SCORE_FIELDS],
        list(
            zip(
                np.array(keys, dtype=object)[rows_idx].tolist(),
                days[day_idx].tolist(),
                *([] if reporting is None else [reporting[rows_idx, day_idx].tolist()]),
                *(_rounded(picked[f]) for f in DAY_FIELDS),
                *_score_lists("day", np.datetime64(first, "D") + day_idx, picked),
                strict=True,
            )
        ),
    )
    return int(rows_idx.size)


def _write_station_days(
    daily: dict[str, np.ndarray], stations: Sequence[Station], first: date
) -> int:
    last = first + timedelta(days=daily["present"].shape[1] - 1)
    StationDay.objects.filter(day__gte=first, day__lte=last).delete()
    return _write_days(StationDay, "station", [s.pk for s in stations], first, daily)


def _write_area_days(daily: dict[str, np.ndarray], stations: Sequence[Station], first: date) -> int:
    """HJ 663: an area's daily value is the mean of its stations' valid daily values."""
    last = first + timedelta(days=daily["present"].shape[1] - 1)
    AreaDay.objects.filter(day__gte=first, day__lte=last).delete()
    areas = _area_members(stations)
    if not areas:
        return 0
    columns = {
        f: np.array([_nanmean(daily[f][idx], axis=0) for idx in areas.values()]) for f in DAY_FIELDS
    }
    reporting = np.array([daily["present"][idx].sum(axis=0) for idx in areas.values()])
    columns["present"] = reporting > 0
    return _write_days(AreaDay, "area", list(areas), first, columns, reporting)
