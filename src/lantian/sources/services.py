"""Every write of the sources app: enterprises, outlets and permits, key-unit listings,
enterprise API keys, self-monitoring data and the exceedance events found in it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lantian.core import audit
from lantian.core.models import ApiKey
from lantian.core.services import upsert_audited
from lantian.sources import creditcode, detection, ingest, limits
from lantian.sources.models import (
    Enterprise,
    EnterpriseKey,
    ExceedanceEvent,
    KeyUnitListing,
    Measurement,
    MonitoringBatch,
    Outlet,
    OutletPollutant,
    Permit,
)

Progress = Callable[[int, int], None]
CHUNK = 20_000
EXCEEDANCE_REVIEWED = "lantian.exceedance_reviewed"
EXCEEDANCE_EXPLAINED = "lantian.exceedance_explained"


class NotAllowed(Exception):
    """The actor may not make this change (the message says why)."""


# ---- enterprises, outlets, permits, listings


@transaction.atomic
def save_enterprise(*, actor: Any, credit_code: str, **values: Any) -> Enterprise:
    """Create or update an enterprise by its credit code (validated, check character
    included)."""
    return upsert_audited(
        actor=actor,
        model=Enterprise,
        lookup={"credit_code": creditcode.normalise(credit_code)},
        values=values,
    )


@transaction.atomic
def save_outlet(
    *,
    actor: Any,
    enterprise: Enterprise,
    code: str,
    pollutants: Iterable[str] = (),
    permit_limits: dict[str, float] | None = None,
    **values: Any,
) -> Outlet:
    """Create or update an outlet and the pollutants it monitors (HJ 212 codes; a permit
    limit per pollutant where the permit sets one)."""
    known = limits.pollutants()
    unknown = [p for p in pollutants if p not in known]
    if unknown:
        raise ValueError(f"unknown HJ 212 pollutant codes: {', '.join(unknown)}")
    outlet = upsert_audited(
        actor=actor, model=Outlet, lookup={"enterprise": enterprise, "code": code}, values=values
    )
    permit_limits = permit_limits or {}
    for pollutant in pollutants:
        upsert_audited(
            actor=actor,
            model=OutletPollutant,
            lookup={"outlet": outlet, "pollutant": pollutant},
            values={"permit_limit": permit_limits.get(pollutant)},
        )
    return outlet


@transaction.atomic
def save_permit(*, actor: Any, enterprise: Enterprise, number: str, **values: Any) -> Permit:
    return upsert_audited(
        actor=actor,
        model=Permit,
        lookup={"number": number},
        values={"enterprise": enterprise, **values},
    )


@transaction.atomic
def list_key_unit(
    *, actor: Any, enterprise: Enterprise, year: int, medium: str, level: str
) -> KeyUnitListing:
    return upsert_audited(
        actor=actor,
        model=KeyUnitListing,
        lookup={"enterprise": enterprise, "year": year, "medium": medium},
        values={"level": level},
    )


@transaction.atomic
def bind_key(*, actor: Any, api_key: ApiKey, enterprise: Enterprise) -> EnterpriseKey:
    """Let ``api_key`` submit data for ``enterprise``'s outlets, and for no other's."""
    return upsert_audited(
        actor=actor,
        model=EnterpriseKey,
        lookup={"api_key": api_key},
        values={"enterprise": enterprise},
    )


# ---- self-monitoring data


def pollutant_units() -> dict[str, ingest.PollutantUnit]:
    return {
        code: ingest.PollutantUnit(info["medium"], ingest.normalise_unit(info["unit"]))
        for code, info in limits.pollutants().items()
    }


def _resolve_outlets(
    parsed: ingest.Parsed, enterprise: Enterprise | None
) -> tuple[list[tuple[ingest.Row, int]], list[ingest.Rejection]]:
    """Rows matched to their outlet id, and refusals of rows whose enterprise, outlet or
    pollutant is unknown (or, for an enterprise's key, not its own)."""
    codes = {r.credit_code for r in parsed.rows}
    outlets = {
        (o.enterprise.credit_code, o.code): o
        for o in Outlet.objects.filter(enterprise__credit_code__in=codes).select_related(
            "enterprise"
        )
    }
    known_enterprises = set(
        Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    monitored = set(
        OutletPollutant.objects.filter(outlet__in=list(outlets.values())).values_list(
            "outlet_id", "pollutant"
        )
    )
    media = {code: info["medium"] for code, info in limits.pollutants().items()}
    matched: list[tuple[ingest.Row, int]] = []
    refused: list[ingest.Rejection] = []
    for row in parsed.rows:
        reasons: list[str] = []
        outlet = outlets.get((row.credit_code, row.outlet_code))
        if enterprise is not None and row.credit_code != enterprise.credit_code:
            # an enterprise's key learns nothing of other enterprises' outlets
            reasons.append(f"credit_code: this key submits for {enterprise.credit_code} only")
        elif row.credit_code not in known_enterprises:
            reasons.append(f"credit_code: no enterprise {row.credit_code} is registered")
        elif outlet is None:
            reasons.append(f"outlet_code: {row.credit_code} has no outlet {row.outlet_code!r}")
        elif media[row.pollutant] != outlet.kind:
            reasons.append(
                f"pollutant: {row.pollutant} is a {media[row.pollutant]} pollutant, "
                f"outlet {outlet.code} discharges {outlet.kind}"
            )
        elif (outlet.pk, row.pollutant) not in monitored:
            reasons.append(f"pollutant: outlet {outlet.code} does not monitor {row.pollutant}")
        if reasons:
            raw = {
                "credit_code": row.credit_code,
                "outlet_code": row.outlet_code,
                "pollutant": row.pollutant,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "value": "" if row.value is None else f"{row.value:g}",
                "o2": "" if row.o2 is None else f"{row.o2:g}",
                "flag": row.flag,
            }
            refused.append(ingest.Rejection(row.number, reasons, raw))
        else:
            matched.append((row, outlet.pk))
    return matched, refused


def _existing(rows: list[tuple[ingest.Row, int]]) -> dict[tuple[int, str, datetime], Measurement]:
    spans: dict[tuple[int, str], list[datetime]] = {}
    for row, outlet_id in rows:
        spans.setdefault((outlet_id, row.pollutant), []).append(row.start)
    match = Q()
    for (outlet_id, pollutant), starts in spans.items():
        match |= Q(
            outlet_id=outlet_id, pollutant=pollutant, start__gte=min(starts), start__lte=max(starts)
        )
    if not spans:
        return {}
    return {(m.outlet_id, m.pollutant, m.start): m for m in Measurement.objects.filter(match)}


def _same(stored: Measurement, row: ingest.Row) -> bool:
    return (stored.end, stored.value, stored.o2, stored.flag) == (
        row.end,
        row.value,
        row.o2,
        row.flag,
    )


def ingest_payload(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    source: str = MonitoringBatch.Source.FILE,
    enterprise: Enterprise | None = None,
    progress: Progress | None = None,
    detect: bool = True,
) -> MonitoringBatch:
    """Check and store a file or payload of self-monitoring values, then find the
    exceedances of the periods it touched.

    ``enterprise`` is the enterprise an API key is bound to: rows of other enterprises are
    refused. Idempotent: the same payload again changes no value. A changed value replaces
    the stored one (the batch that brought it is recorded). Raises
    :class:`lantian.sources.ingest.FileError` when the file as a whole is unreadable;
    nothing is written then.
    """
    parsed = ingest.read(
        content, filename, pollutant_units(), credit_code_problem=creditcode.validate
    )
    rows, refused = _resolve_outlets(parsed, enterprise)
    rejected = sorted(parsed.rejected + refused, key=lambda r: r.number)
    total = len(rows)
    touched: dict[tuple[int, str], list[datetime]] = {}
    with transaction.atomic():
        batch = MonitoringBatch.objects.create(
            source=source,
            filename=filename[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            raw=content,
            enterprise=enterprise,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        created = updated = unchanged = 0
        for first in range(0, total, CHUNK):
            chunk = rows[first : first + CHUNK]
            existing = _existing(chunk)
            new: list[Measurement] = []
            changed: list[Measurement] = []
            for row, outlet_id in chunk:
                stored = existing.get((outlet_id, row.pollutant, row.start))
                if stored is not None and _same(stored, row):
                    unchanged += 1
                    continue
                if stored is None:
                    new.append(
                        Measurement(
                            outlet_id=outlet_id,
                            pollutant=row.pollutant,
                            start=row.start,
                            end=row.end,
                            value=row.value,
                            o2=row.o2,
                            flag=row.flag,
                            batch=batch,
                        )
                    )
                else:
                    stored.end, stored.value, stored.o2 = row.end, row.value, row.o2
                    stored.flag, stored.batch = row.flag, batch
                    changed.append(stored)
                span = touched.setdefault((outlet_id, row.pollutant), [row.start, row.end])
                span[0], span[1] = min(span[0], row.start), max(span[1], row.end)
            Measurement.objects.bulk_create(new, batch_size=2000)
            Measurement.objects.bulk_update(
                changed, ["end", "value", "o2", "flag", "batch"], batch_size=2000
            )
            created, updated = created + len(new), updated + len(changed)
            if progress:
                progress(min(first + CHUNK, total), total)
        events = detect_exceedances(touched) if detect and touched else {}
        batch.accepted, batch.unchanged = created + updated, unchanged
        batch.rejected = len(rejected)
        batch.report = {
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "exceedances": events,
            "rejected": [{"row": r.number, "reasons": r.reasons, "raw": r.raw} for r in rejected],
        }
        batch.save()
        audit.record(
            actor=actor,
            instance=batch,
            action="wagtail.create",
            data={"created": created, "updated": updated, "rejected": batch.rejected},
        )
    return batch


# ---- exceedances

# An event may run across the edge of the data just loaded: look this far either side.
EVENT_MARGIN = timedelta(days=2)


def detect_exceedances(spans: dict[tuple[int, str], list[datetime]]) -> dict[str, int]:
    """Find the exceedance events of each ``(outlet id, pollutant)`` over its span (widened
    to whole days and by :data:`EVENT_MARGIN`) and store them: an event found again keeps
    its review and the enterprise's explanation; an event no longer found is removed
    unless staff reviewed it. Returns counts ``{"found", "created", "removed"}``."""
    found = created = removed = 0
    outlets = Outlet.objects.in_bulk({outlet_id for outlet_id, _p in spans})
    permit = dict(
        (((op.outlet_id, op.pollutant), op.permit_limit))
        for op in OutletPollutant.objects.filter(outlet_id__in=list(outlets))
    )
    for (outlet_id, pollutant), (first, last) in spans.items():
        outlet = outlets[outlet_id]
        start, end = first - EVENT_MARGIN, last + EVENT_MARGIN
        values = list(
            Measurement.objects.filter(
                outlet_id=outlet_id, pollutant=pollutant, start__gte=start, start__lt=end
            )
            .order_by("start")
            .values_list("start", "end", "value", "o2", "flag")
        )
        events = detection.events_of(
            outlet, pollutant, values, permit_limit=permit.get((outlet_id, pollutant))
        )
        found += len(events)
        window = ExceedanceEvent.objects.filter(
            outlet_id=outlet_id, pollutant=pollutant, start__gte=start, start__lt=end
        )
        stored = {e.start: e for e in window}
        for event in events:
            record = stored.pop(event.start, None)
            fields = {
                "end": event.end,
                "periods": event.periods,
                "maximum": event.maximum,
                "mean": event.mean,
                "limit": event.limit,
                "multiple": event.multiple,
                "limit_source": event.source,
            }
            if record is None:
                ExceedanceEvent.objects.create(
                    outlet_id=outlet_id, pollutant=pollutant, start=event.start, **fields
                )
                created += 1
            else:
                for name, value in fields.items():
                    setattr(record, name, value)
                record.save()
        stale = [e.pk for e in stored.values() if e.review == ExceedanceEvent.Review.UNREVIEWED]
        removed += ExceedanceEvent.objects.filter(pk__in=stale).delete()[0]
    return {"found": found, "created": created, "removed": removed}


@transaction.atomic
def review_exceedance(
    *, actor: Any, event: ExceedanceEvent, review: str, note: str = ""
) -> ExceedanceEvent:
    """Staff confirm or dismiss an event; the public list then drops the unaudited label."""
    if review not in ExceedanceEvent.Review.values or review == ExceedanceEvent.Review.UNREVIEWED:
        raise ValueError(f"review must be confirmed or dismissed, not {review!r}")
    before = audit.snapshot(event, ["review", "review_note"])
    event.review, event.review_note = review, note
    event.reviewed_by, event.reviewed_at = actor, timezone.now()
    event.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=actor,
        instance=event,
        action=EXCEEDANCE_REVIEWED,
        changes=audit.changed_fields(before, audit.snapshot(event, ["review", "review_note"])),
    )
    return event


@transaction.atomic
def explain_exceedance(
    *, actor: Any, event: ExceedanceEvent, enterprise: Enterprise, text: str
) -> ExceedanceEvent:
    """The enterprise's explanation of its own event, shown beside it."""
    if event.outlet.enterprise_id != enterprise.pk:
        raise NotAllowed("an enterprise explains only its own events")
    text = text.strip()
    if not text:
        raise ValueError("the explanation is empty")
    event.explanation, event.explained_at = text[:4000], timezone.now()
    event.save(update_fields=["explanation", "explained_at"])
    audit.record(
        actor=actor,
        instance=event,
        action=EXCEEDANCE_EXPLAINED,
        data={"enterprise": enterprise.credit_code},
    )
    return event
