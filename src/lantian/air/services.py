"""Writes of the air app: ingestion of observations and the AQI recomputation."""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
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


def _same(obs: Observation, row: ingest.Row) -> bool:
    return (
        all(getattr(obs, p) == row.values[p] for p in POLLUTANT_FIELDS)
        and sorted(obs.invalid or []) == row.invalid
    )


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
    """
    stations = dict(Station.objects.values_list("code", "pk"))
    parsed = ingest.read(content, filename, set(stations))
    total = len(parsed.rows)
    with transaction.atomic():
        batch = IngestBatch.objects.create(
            source=source,
            filename=filename,
            sha256=hashlib.sha256(content).hexdigest(),
            raw=content,
        )
        created = updated = unchanged = 0
        for start in range(0, total, CHUNK):
            chunk = parsed.rows[start : start + CHUNK]
            keys = {(stations[r.station], r.hour_end) for r in chunk}
            existing = {(o.station_id, o.hour_end): o for o in _existing(keys)}
            new: list[ingest.Row] = []
            changed: list[Observation] = []
            for row in chunk:
                obs = existing.get((stations[row.station], row.hour_end))
                if obs is None:
                    new.append(row)
                elif _same(obs, row):
                    unchanged += 1
                else:
                    for p in POLLUTANT_FIELDS:
                        setattr(obs, p, row.values[p])
                    obs.invalid, obs.batch = row.invalid, batch
                    changed.append(obs)
            _insert_new(new, stations, batch)
            _score(changed)
            Observation.objects.bulk_update(
                changed, [*POLLUTANT_FIELDS, "invalid", "batch", *SCORE_FIELDS], batch_size=1000
            )
            created, updated = created + len(new), updated + len(changed)
            if progress:
                progress(min(start + CHUNK, total), total)
        refreshed = (
            refresh_aggregates([r.hour_end for r in parsed.rows]) if created + updated else {}
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


def _existing(keys: set[tuple[int, datetime]]) -> QuerySet[Observation]:
    """Stored observations that may match ``keys``: each station over its own time span."""
    spans: dict[int, list[datetime]] = {}
    for station_id, hour_end in keys:
        spans.setdefault(station_id, []).append(hour_end)
    match = Q()
    for station_id, hours in spans.items():
        match |= Q(station_id=station_id, hour_end__gte=min(hours), hour_end__lte=max(hours))
    return Observation.objects.filter(match)


@functools.cache
def _adapted_time(vendor: str) -> Callable[[datetime], Any]:
    """The database's datetime adapter, remembering each hour (a file repeats its hours
    for every station)."""
    return functools.lru_cache(maxsize=65536)(connection.ops.adapt_datetimefield_value)


def _insert_new(rows: Sequence[ingest.Row], stations: dict[str, int], batch: IngestBatch) -> None:
    """Insert new observations, scored, with one prepared statement over all rows.

    Model instances and ``bulk_create`` (a statement compiled per ~60 rows on SQLite)
    dominated ingestion time; plain tuples through ``executemany`` do the same work near
    the driver's speed, on SQLite and PostgreSQL alike.
    """
    if not rows:
        return
    scores = _scores(
        [r.values for r in rows], [r.invalid for r in rows], [r.hour_end for r in rows]
    )
    meta = Observation._meta
    names = ["station", "hour_end", *POLLUTANT_FIELDS, "invalid", *SCORE_FIELDS, "batch"]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(meta.get_field(n).column) for n in names),
        ", ".join(["%s"] * len(names)),
    )
    adapt_time = _adapted_time(connection.vendor)
    invalid_field = meta.get_field("invalid")
    prepared_flags: dict[tuple[str, ...], Any] = {}
    for row in rows:
        flags = tuple(row.invalid)
        if flags not in prepared_flags:
            prepared_flags[flags] = invalid_field.get_db_prep_save(row.invalid, connection)
    params = [
        (
            stations[row.station],
            adapt_time(row.hour_end),
            *(row.values[p] for p in POLLUTANT_FIELDS),
            prepared_flags[tuple(row.invalid)],
            *score,
            batch.pk,
        )
        for row, score in zip(rows, scores, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _score(rows: Sequence[Observation]) -> None:
    """Set each observation's AQI, level and primary pollutants."""
    scores = _scores(
        [{p: getattr(o, p) for p in POLLUTANT_FIELDS} for o in rows],
        [o.invalid or [] for o in rows],
        [o.hour_end for o in rows],
    )
    for obs, (aqi, level, primary) in zip(rows, scores, strict=True):
        obs.aqi, obs.level, obs.primary = aqi, level, primary


def _scores(
    values: Sequence[dict[str, float | None]],
    invalid: Sequence[list[str]],
    hour_ends: Sequence[datetime],
) -> list[tuple[int | None, int | None, str]]:
    """(AQI, level, primary pollutants) per hour, vectorised; the edition by local date;
    values flagged invalid count as missing."""
    arrays = {
        p: np.array(
            [
                np.nan if v[p] is None or p in bad else v[p]
                for v, bad in zip(values, invalid, strict=True)
            ],
            dtype=float,
        )
        for p in POLLUTANT_FIELDS
    }
    return _score_columns("hour", [_local_day(t) for t in hour_ends], arrays)


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


def _score_columns(
    averaging: str, days: Sequence[date | str], columns: dict[str, np.ndarray]
) -> list[tuple[int | None, int | None, str]]:
    """(AQI, level, primary pollutants) per position of the columns; the edition by date."""
    if not days:
        return []
    result = compute("cn", averaging, on=np.array(days, dtype="datetime64[D]"), **columns)
    flags = [(k, result.primary[k]) for k in AQI_KEYS if k in result.primary]
    return [
        (
            None if np.isnan(result.aqi[i]) else int(result.aqi[i]),
            int(result.level[i]) or None,
            ",".join(k for k, mask in flags if mask[i]),
        )
        for i in range(len(days))
    ]


def _value(x: float) -> float | None:
    return None if np.isnan(x) else round(float(x), 3)


def refresh_aggregates(hour_ends: Sequence[datetime]) -> dict[str, int]:
    """Recompute the city and district hourly values, and the station, city and district
    daily values, of the local days these hours fall in.

    Runs of consecutive days are read once into a stations × hours × pollutants grid;
    every mean, validity rule and AQI is then one numpy operation over the grid, and the
    rows are written with one prepared statement per table.
    """
    counts = {"area_hours": 0, "station_days": 0, "area_days": 0}
    days = sorted({_local_day(h) for h in hour_ends})
    if not days:
        return counts
    stations = list(Station.objects.filter(is_active=True).order_by("pk"))
    for first, last in _runs(days):
        grid = _read_grid(stations, first, last)
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


def _read_grid(stations: Sequence[Station], first: date, last: date) -> np.ndarray:
    """Valid hourly values as a (stations, hours, pollutants) array, NaN where missing or
    flagged invalid; hour slot 0 ends at 01:00 local on ``first``."""
    start = _day_start(first)
    hours = ((last - first).days + 1) * 24
    grid = np.full((len(stations), hours, len(POLLUTANT_FIELDS)), np.nan)
    index = {s.pk: i for i, s in enumerate(stations)}
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
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(start), adapt(start + timedelta(hours=hours - 1))])
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
    hour_days = [_local_day(start + timedelta(hours=h)) for h in range(hours)]
    adapt = connection.ops.adapt_datetimefield_value
    params: list[tuple[Any, ...]] = []
    for area, idx in _area_members(stations).items():
        reporting = present[idx].sum(axis=0)
        slots = np.flatnonzero(reporting)
        if not slots.size:
            continue
        means = _nanmean(grid[idx][:, slots], axis=0)  # (slots, pollutants)
        columns = {f: means[:, i] for i, f in enumerate(POLLUTANT_FIELDS)}
        scores = _score_columns("hour", [hour_days[h] for h in slots], columns)
        for j, h in enumerate(slots):
            params.append(
                (
                    area,
                    adapt(start + timedelta(hours=int(h))),
                    int(reporting[h]),
                    *(_value(columns[f][j]) for f in POLLUTANT_FIELDS),
                    *scores[j],
                )
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
    days = [first + timedelta(days=int(d)) for d in day_idx]
    scores = _score_columns("day", days, picked)
    adapt = connection.ops.adapt_datefield_value
    counted = [] if reporting is None else ["stations"]
    _insert(
        model,
        [key, "day", *counted, *DAY_FIELDS, *SCORE_FIELDS],
        [
            (
                keys[r],
                adapt(days[j]),
                *([] if reporting is None else [int(reporting[r, day_idx[j]])]),
                *(_value(picked[f][j]) for f in DAY_FIELDS),
                *scores[j],
            )
            for j, r in enumerate(rows_idx)
        ],
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
