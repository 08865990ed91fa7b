"""Writes of the air app: ingestion of observations and the AQI recomputation."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import transaction

from lantian.air import ingest
from lantian.air.aqi import POLLUTANTS as AQI_KEYS
from lantian.air.aqi import compute
from lantian.air.models import POLLUTANT_FIELDS, IngestBatch, Observation, Station
from lantian.core import audit

Progress = Callable[[int, int], None]
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
        touched: list[int] = []
        for start in range(0, total, CHUNK):
            chunk = parsed.rows[start : start + CHUNK]
            keys = {(stations[r.station], r.hour_end) for r in chunk}
            existing = {
                (o.station_id, o.hour_end): o
                for o in Observation.objects.filter(
                    station_id__in={k[0] for k in keys},
                    hour_end__gte=min(k[1] for k in keys),
                    hour_end__lte=max(k[1] for k in keys),
                )
            }
            new, changed = [], []
            for row in chunk:
                obs = existing.get((stations[row.station], row.hour_end))
                if obs is None:
                    new.append(
                        Observation(
                            station_id=stations[row.station],
                            hour_end=row.hour_end,
                            invalid=row.invalid,
                            batch=batch,
                            **row.values,
                        )
                    )
                elif _same(obs, row):
                    unchanged += 1
                else:
                    for p in POLLUTANT_FIELDS:
                        setattr(obs, p, row.values[p])
                    obs.invalid, obs.batch = row.invalid, batch
                    changed.append(obs)
            Observation.objects.bulk_create(new, batch_size=1000)
            Observation.objects.bulk_update(
                changed, [*POLLUTANT_FIELDS, "invalid", "batch"], batch_size=1000
            )
            created, updated = created + len(new), updated + len(changed)
            touched.extend(o.pk for o in changed)
            if progress:
                progress(min(start + CHUNK, total), total)
        touched.extend(Observation.objects.filter(batch=batch).values_list("pk", flat=True))
        score_observations(sorted(set(touched)))
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


def score_observations(ids: Sequence[int]) -> int:
    """Recompute the hourly AQI of these observations in bulk (the edition by date)."""
    done = 0
    for start in range(0, len(ids), CHUNK):
        rows = list(Observation.objects.filter(pk__in=ids[start : start + CHUNK]))
        if not rows:
            continue
        values = {
            p: np.array(
                [
                    np.nan if (getattr(o, p) is None or p in (o.invalid or [])) else getattr(o, p)
                    for o in rows
                ],
                dtype=float,
            )
            for p in POLLUTANT_FIELDS
        }
        days = np.array([_local_day(o.hour_end) for o in rows], dtype="datetime64[D]")
        batch = compute("cn", "hour", on=days, **values)
        for i, obs in enumerate(rows):
            aqi = batch.aqi[i]
            obs.aqi = None if np.isnan(aqi) else int(aqi)
            obs.level = int(batch.level[i]) or None
            obs.primary = ",".join(
                k for k in AQI_KEYS if k in batch.primary and batch.primary[k][i]
            )
        Observation.objects.bulk_update(rows, ["aqi", "level", "primary"], batch_size=1000)
        done += len(rows)
    return done


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
