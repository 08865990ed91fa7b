"""A legal clock: a deadline derived from a log of events (no Django import).

Every statutory time limit Lantian tracks (FOI replies, complaint answers, EIA notice
periods, publication timeliness) is the same machine fed with different events:

``START``    the period begins (e.g. the receipt date); the start day is not counted.
``PAUSE``    time stops counting after this day (consultation, fee notice).
``RESUME``   time counts again from the day after this one.
``RESTART``  the period is counted afresh from this day, extensions dropped
             (FOI Art. 30: 补正 received restarts the 20 working days).
``EXTEND``   the limit grows by ``days`` (FOI Art. 33: at most 20 more working days).
``STOP``     the matter was answered or closed on this day.

Paused days: a pause on day P and a resume on day R leave the days in ``(P, R]`` out
of the count; day P itself was already running. The due date is never stored; it is
recomputed from the log whenever it is needed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from lantian.core.workdays import WorkCalendar


class EventKind(enum.StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESTART = "restart"
    EXTEND = "extend"
    STOP = "stop"


class Unit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"


class Status(enum.StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


class ClockError(ValueError):
    """An event that cannot follow the ones before it; names the offending event."""


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    on: date
    days: int = 0
    note: str = ""


@dataclass(frozen=True)
class ClockState:
    status: Status
    limit: int
    used: int  # days counted up to the last pause or the stop; the running stretch excluded
    due: date | None  # None while paused or not started
    provisional: bool
    started_on: date | None = None
    stopped_on: date | None = None
    paused_on: date | None = None

    @property
    def remaining(self) -> int:
        """Days left as of the last pause or the stop (not meaningful while running)."""
        return self.limit - self.used

    @property
    def on_time(self) -> bool | None:
        """For a stopped clock: answered within the limit? ``None`` while still open."""
        if self.status is not Status.STOPPED:
            return None
        return self.used <= self.limit

    def is_overdue(self, today: date) -> bool:
        if self.status is Status.STOPPED:
            return not self.on_time
        return self.due is not None and today > self.due


@dataclass(frozen=True)
class LegalClock:
    """A time limit of ``limit`` working (or calendar) days on a calendar."""

    calendar: WorkCalendar
    limit: int
    unit: Unit = Unit.WORKING_DAYS
    max_extension: int | None = None

    def _count(self, a: date, b: date) -> tuple[int, bool]:
        if self.unit is Unit.CALENDAR_DAYS:
            return (b - a).days, False
        result = self.calendar.working_days_between(a, b)
        return result.value, result.provisional

    def _add(self, a: date, n: int) -> tuple[date, bool]:
        if self.unit is Unit.CALENDAR_DAYS:
            return a + timedelta(days=n), False
        result = self.calendar.add_working_days(a, n)
        return result.value, result.provisional

    def replay(self, events: Iterable[ClockEvent]) -> ClockState:
        """Apply the events in order and return the resulting state.

        Raises :class:`ClockError` naming the first event that is out of order or
        impossible in the state it meets.
        """
        status = Status.NOT_STARTED
        limit, extended = self.limit, 0
        used = 0  # days consumed before the current anchor
        anchor: date | None = None  # counting runs from the day after the anchor
        started_on = paused_on = stopped_on = None
        provisional = False
        last: date | None = None
        due_at_stop: tuple[date, bool] | None = None  # stopped while running

        for index, event in enumerate(events, start=1):
            where = f"event {index} ({event.kind} on {event.on.isoformat()})"
            if last is not None and event.on < last:
                raise ClockError(f"{where}: earlier than the event before it")
            last = event.on
            if status is Status.STOPPED:
                raise ClockError(f"{where}: the clock already stopped")
            match event.kind:
                case EventKind.START:
                    if status is not Status.NOT_STARTED:
                        raise ClockError(f"{where}: the clock already started")
                    status, anchor, started_on, used = Status.RUNNING, event.on, event.on, 0
                case EventKind.RESTART:
                    if status is Status.NOT_STARTED:
                        raise ClockError(f"{where}: the clock has not started")
                    status, anchor, used, paused_on = Status.RUNNING, event.on, 0, None
                    limit, extended = self.limit, 0
                case EventKind.PAUSE:
                    if status is not Status.RUNNING:
                        raise ClockError(f"{where}: the clock is not running")
                    assert anchor is not None
                    days, prov = self._count(anchor, event.on)
                    used, provisional = used + days, provisional or prov
                    status, paused_on = Status.PAUSED, event.on
                case EventKind.RESUME:
                    if status is not Status.PAUSED:
                        raise ClockError(f"{where}: the clock is not paused")
                    status, anchor, paused_on = Status.RUNNING, event.on, None
                case EventKind.EXTEND:
                    if status is Status.NOT_STARTED:
                        raise ClockError(f"{where}: the clock has not started")
                    if event.days <= 0:
                        raise ClockError(f"{where}: an extension needs a positive number of days")
                    if (
                        self.max_extension is not None
                        and extended + event.days > self.max_extension
                    ):
                        raise ClockError(
                            f"{where}: extensions may total at most {self.max_extension} days"
                        )
                    extended += event.days
                    limit += event.days
                case EventKind.STOP:
                    if status is Status.NOT_STARTED:
                        raise ClockError(f"{where}: the clock has not started")
                    if status is Status.RUNNING:
                        assert anchor is not None
                        due_at_stop = self._add(anchor, max(limit - used, 0))
                        days, prov = self._count(anchor, event.on)
                        used, provisional = used + days, provisional or prov
                    status, stopped_on = Status.STOPPED, event.on
                case _:  # pragma: no cover - exhaustive over EventKind
                    raise ClockError(f"{where}: unknown event")

        due: date | None = None
        if status is Status.RUNNING:
            assert anchor is not None
            due, prov = self._add(anchor, max(limit - used, 0))
            provisional = provisional or prov
        elif due_at_stop is not None:
            due, prov = due_at_stop
            provisional = provisional or prov
        return ClockState(
            status=status,
            limit=limit,
            used=used,
            due=due,
            provisional=provisional,
            started_on=started_on,
            stopped_on=stopped_on,
            paused_on=paused_on,
        )
