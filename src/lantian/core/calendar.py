"""The bureau's working-day calendar, read from the database.

The single place the rest of Lantian asks "is this a working day?" and "when is the
n-th working day after that?". The arithmetic lives in :mod:`lantian.core.workdays`;
this module feeds it the holidays and make-up days stored in :class:`CalendarDay`.
"""

from __future__ import annotations

import threading
import time
from datetime import date

from lantian.core.workdays import CountResult, DateResult, DayAnswer, WorkCalendar

# Rebuilt at most every CACHE_SECONDS in each process, and at once in the process that
# edits the calendar (see signals.py); a second server sees an edit within that time.
CACHE_SECONDS = 30.0
_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None


def load_calendar() -> WorkCalendar:
    from lantian.core.models import CalendarDay, CalendarYear

    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays)[day] = name
    confirmed = CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)
    return WorkCalendar.build(
        holidays=holidays, makeup_workdays=workdays, confirmed_years=confirmed
    )


def work_calendar() -> WorkCalendar:
    global _cached
    with _lock:
        now = time.monotonic()
        if _cached is None or now - _cached[0] > CACHE_SECONDS:
            _cached = (now, load_calendar())
        return _cached[1]


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None


def is_working_day(d: date) -> DayAnswer:
    return work_calendar().is_working_day(d)


def add_working_days(d: date, n: int) -> DateResult:
    return work_calendar().add_working_days(d, n)


def working_days_between(a: date, b: date) -> CountResult:
    return work_calendar().working_days_between(a, b)
