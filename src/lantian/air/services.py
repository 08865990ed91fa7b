"""Writes of the air app: ingestion of observations and the AQI recomputation."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from lantian.air import ingest
from lantian.air.aqi import POLLUTANTS as AQI_KEYS
from lantian.air.aqi import compute
from lantian.air.models import POLLUTANT_FIELDS, IngestBatch, Observation, Station
from lantian.core import audit

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
        batch.accepted, batch.unchanged = created + updated, unchanged
        batch.rejected = len(parsed.rejected)
        batch.report = {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
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


def score_observations(ids: Sequence[int]) -> int:
    """Recompute the stored hourly AQI of these observations (e.g. after a correction of
    the rules), in chunks."""
    done = 0
    for start in range(0, len(ids), CHUNK):
        rows = list(Observation.objects.filter(pk__in=ids[start : start + CHUNK]))
        _score(rows)
        Observation.objects.bulk_update(rows, SCORE_FIELDS, batch_size=1000)
        done += len(rows)
    return done


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
    if not values:
        return []
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
    days = np.array([_local_day(t) for t in hour_ends], dtype="datetime64[D]")
    result = compute("cn", "hour", on=days, **arrays)
    aqi = [None if np.isnan(a) else int(a) for a in result.aqi]
    level = [int(lv) or None for lv in result.level]
    flags = [(k, result.primary[k]) for k in AQI_KEYS if k in result.primary]
    primary = [",".join(k for k, mask in flags if mask[i]) for i in range(len(values))]
    return list(zip(aqi, level, primary, strict=True))


def _local_day(moment: datetime) -> str:
    """The local date that an hour belongs to: the hour ending 24:00 is still that day."""
    local = moment.astimezone(ingest.LOCAL) - timedelta(minutes=1)
    return local.date().isoformat()


@transaction.atomic
def save_station(*, actor: Any, code: str, **fields: Any) -> Station:
    station = Station.objects.filter(code=code).first()
    before = audit.snapshot(station) if station else {}
    station = station or Station(code=code)
    for name, value in fields.items():
        setattr(station, name, value)
    station.full_clean()
    station.save()
    changes = audit.changed_fields(before, audit.snapshot(station))
    if changes:
        audit.record(
            actor=actor,
            instance=station,
            action="wagtail.edit" if before else "wagtail.create",
            changes=changes,
        )
    return station
