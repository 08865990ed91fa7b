"""Writes of the air app: ingestion of observations and the AQI recomputation."""

from __future__ import annotations

import functools
import hashlib
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
    Forecast,
    ForecastDay,
    IngestBatch,
    Observation,
    Station,
    StationDay,
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
    adapt_time = functools.lru_cache(maxsize=65536)(connection.ops.adapt_datetimefield_value)
    prep_invalid = meta.get_field("invalid").get_db_prep_save
    params = [
        (
            stations[row.station],
            adapt_time(row.hour_end),
            *(row.values[p] for p in POLLUTANT_FIELDS),
            prep_invalid(row.invalid, connection),
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


def _local_day(moment: datetime) -> str:
    """The local date that an hour belongs to: the hour ending 24:00 is still that day."""
    local = moment.astimezone(ingest.LOCAL) - timedelta(minutes=1)
    return local.date().isoformat()


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
    """Recompute the city and district hourly values for these hours, and the station,
    city and district daily values of the local days they fall in."""
    if not hour_ends:
        return {"area_hours": 0, "station_days": 0, "area_days": 0}
    stations = {s.pk: s for s in Station.objects.all()}
    hours = sorted(set(hour_ends))
    days = sorted({date.fromisoformat(_local_day(h)) for h in hours})
    counts = {"area_hours": 0, "station_days": 0, "area_days": 0}
    for start in range(0, len(hours), 2000):
        counts["area_hours"] += _refresh_area_hours(hours[start : start + 2000], stations)
    for day in days:
        station_days = _refresh_station_days(day, stations)
        counts["station_days"] += len(station_days)
        counts["area_days"] += _refresh_area_days(day, station_days, stations)
    return counts


def _areas(station: Station) -> list[str]:
    """City and district values come from the stations designated for evaluation only;
    background and control points are published on their own."""
    return [CITY, station.district] if station.counts_for_city else []


def _clean(obs: tuple, fields: Sequence[str]) -> dict[str, float]:
    """The valid values of an observation row (pk, station, hour_end, *fields, invalid)."""
    invalid = obs[-1] or []
    return {
        f: v for f, v in zip(fields, obs[3:-1], strict=True) if v is not None and f not in invalid
    }


def _refresh_area_hours(hours: Sequence[datetime], stations: dict[int, Station]) -> int:
    rows = Observation.objects.filter(hour_end__in=hours, station__is_active=True).values_list(
        "pk", "station_id", "hour_end", *POLLUTANT_FIELDS, "invalid"
    )
    sums: dict[tuple[str, datetime], dict[str, list[float]]] = {}
    members: dict[tuple[str, datetime], set[int]] = {}
    for obs in rows:
        for area in _areas(stations[obs[1]]):
            bucket = sums.setdefault((area, obs[2]), {f: [] for f in POLLUTANT_FIELDS})
            members.setdefault((area, obs[2]), set()).add(obs[1])
            for field, value in _clean(obs, POLLUTANT_FIELDS).items():
                bucket[field].append(value)
    keys = sorted(sums)
    columns = {
        f: np.array([np.mean(sums[k][f]) if sums[k][f] else np.nan for k in keys])
        for f in POLLUTANT_FIELDS
    }
    scores = _score_columns("hour", [_local_day(k[1]) for k in keys], columns)
    with transaction.atomic():
        AreaHour.objects.filter(hour_end__in=hours).delete()
        AreaHour.objects.bulk_create(
            AreaHour(
                area=area,
                hour_end=hour_end,
                stations=len(members[(area, hour_end)]),
                aqi=aqi,
                level=level,
                primary=primary,
                **{f: _value(columns[f][i]) for f in POLLUTANT_FIELDS},
            )
            for i, ((area, hour_end), (aqi, level, primary)) in enumerate(
                zip(keys, scores, strict=True)
            )
        )
    return len(keys)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """Hours ending 01:00 … 24:00 local of ``day``."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=ingest.LOCAL)
    return start + timedelta(hours=1), start + timedelta(hours=24)


def _refresh_station_days(day: date, stations: dict[int, Station]) -> list[StationDay]:
    first, last = _day_bounds(day)
    grids: dict[int, np.ndarray] = {}
    for obs in Observation.objects.filter(hour_end__gte=first, hour_end__lte=last).values_list(
        "pk", "station_id", "hour_end", *POLLUTANT_FIELDS, "invalid"
    ):
        grid = grids.setdefault(obs[1], np.full((len(POLLUTANT_FIELDS), 24), np.nan))
        slot = int((obs[2] - first).total_seconds() // 3600)
        for field, value in _clean(obs, POLLUTANT_FIELDS).items():
            grid[POLLUTANT_FIELDS.index(field), slot] = value
    station_ids = sorted(grids)
    o3_row = POLLUTANT_FIELDS.index("o3")
    columns: dict[str, np.ndarray] = {}
    for f in DAILY_FIELDS:
        row = POLLUTANT_FIELDS.index(f)
        columns[f] = np.array([aggregate.daily_mean(grids[s][row]) for s in station_ids])
    o3 = np.array([grids[s][o3_row] for s in station_ids]).reshape(len(station_ids), 24)
    enough = np.sum(~np.isnan(o3), axis=1) >= aggregate.MIN_HOURS_PER_DAY
    with np.errstate(all="ignore"):
        columns["o3"] = np.where(enough, np.nanmax(np.where(np.isnan(o3), -1, o3), axis=1), np.nan)
    columns["o3_8h"] = aggregate.daily_max_8h(o3) if station_ids else np.array([])
    scores = _score_columns("day", [day] * len(station_ids), columns)
    built = [
        StationDay(
            station_id=s,
            day=day,
            aqi=aqi,
            level=level,
            primary=primary,
            **{f: _value(columns[f][i]) for f in columns},
        )
        for i, (s, (aqi, level, primary)) in enumerate(zip(station_ids, scores, strict=True))
    ]
    with transaction.atomic():
        StationDay.objects.filter(day=day).delete()
        StationDay.objects.bulk_create(built)
    return built


def _refresh_area_days(
    day: date, station_days: Sequence[StationDay], stations: dict[int, Station]
) -> int:
    """HJ 663: an area's daily value is the mean of its stations' valid daily values."""
    fields = (*DAILY_FIELDS, "o3", "o3_8h")
    sums: dict[str, dict[str, list[float]]] = {}
    members: dict[str, int] = {}
    for sd in station_days:
        for area in _areas(stations[sd.station_id]):
            bucket = sums.setdefault(area, {f: [] for f in fields})
            members[area] = members.get(area, 0) + 1
            for f in fields:
                if getattr(sd, f) is not None:
                    bucket[f].append(getattr(sd, f))
    areas = sorted(sums)
    columns = {
        f: np.array([np.mean(sums[a][f]) if sums[a][f] else np.nan for a in areas]) for f in fields
    }
    scores = _score_columns("day", [day] * len(areas), columns)
    with transaction.atomic():
        AreaDay.objects.filter(day=day).delete()
        AreaDay.objects.bulk_create(
            AreaDay(
                area=a,
                day=day,
                stations=members[a],
                aqi=aqi,
                level=level,
                primary=primary,
                **{f: _value(columns[f][i]) for f in fields},
            )
            for i, (a, (aqi, level, primary)) in enumerate(zip(areas, scores, strict=True))
        )
    return len(areas)
