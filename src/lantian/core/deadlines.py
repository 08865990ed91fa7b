"""Legal clocks bound to records: the spec of a time limit and its state for a subject.

A domain declares a :class:`ClockSpec` once (e.g. FOI reply: 20 working days, at most
20 more by extension) and records events through :func:`lantian.core.services.
record_clock_event`; the due date always comes from replaying the stored log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lantian.core import calendar
from lantian.core.clock import ClockEvent, ClockState, LegalClock, Unit
from lantian.core.models import ClockEvent as ClockEventRow


@dataclass(frozen=True)
class ClockSpec:
    name: str
    limit: int
    unit: Unit = Unit.WORKING_DAYS
    max_extension: int | None = None

    def clock(self) -> LegalClock:
        return LegalClock(
            calendar=calendar.work_calendar(),
            limit=self.limit,
            unit=self.unit,
            max_extension=self.max_extension,
        )


def event_rows(subject: models.Model, spec: ClockSpec) -> models.QuerySet[ClockEventRow]:
    return ClockEventRow.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        clock=spec.name,
    ).order_by("on", "id")


def to_event(row: ClockEventRow) -> ClockEvent:
    return ClockEvent(kind=row.kind, on=row.on, days=row.days, note=row.note)  # type: ignore[arg-type]


def clock_state(subject: models.Model, spec: ClockSpec) -> ClockState:
    return spec.clock().replay(to_event(row) for row in event_rows(subject, spec))
