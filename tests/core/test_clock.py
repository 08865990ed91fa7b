"""The legal clock against hand-worked examples around the 2025/2026 holidays.

FOI reply: 20 working days from receipt, start day not counted (rules-foi.md §1–2);
extension at most 20 more; 补正 received restarts; consultation time not counted.
"""

from __future__ import annotations

from datetime import date

import pytest

from lantian.core.clock import ClockError, ClockEvent, EventKind, LegalClock, Status, Unit
from lantian.core.services import library_calendar
from lantian.core.workdays import WorkCalendar

E = EventKind


@pytest.fixture(scope="module")
def foi() -> LegalClock:
    holidays, workdays, years, _source = library_calendar()
    cal = WorkCalendar.build(holidays=holidays, makeup_workdays=workdays, confirmed_years=years)
    return LegalClock(calendar=cal, limit=20, max_extension=20)


def ev(kind: EventKind, day: str, days: int = 0) -> ClockEvent:
    return ClockEvent(kind=kind, on=date.fromisoformat(day), days=days)


def test_not_started(foi: LegalClock) -> None:
    state = foi.replay([])
    assert state.status is Status.NOT_STARTED
    assert state.due is None


def test_plain_period_over_national_day_2026(foi: LegalClock) -> None:
    state = foi.replay([ev(E.START, "2026-09-21")])
    assert state.status is Status.RUNNING
    assert state.due == date(2026, 10, 26)
    assert not state.provisional
    assert state.is_overdue(date(2026, 10, 27))
    assert not state.is_overdue(date(2026, 10, 26))


def test_extension_adds_twenty_working_days(foi: LegalClock) -> None:
    state = foi.replay([ev(E.START, "2026-09-21"), ev(E.EXTEND, "2026-10-20", 20)])
    # 20 WD after 10-26 in a November with no holidays.
    assert state.due == date(2026, 11, 23)
    assert state.limit == 40


def test_extension_beyond_the_statutory_maximum_is_refused(foi: LegalClock) -> None:
    with pytest.raises(ClockError, match=r"event 3 .*at most 20"):
        foi.replay(
            [
                ev(E.START, "2026-09-21"),
                ev(E.EXTEND, "2026-10-20", 15),
                ev(E.EXTEND, "2026-10-21", 6),
            ]
        )


def test_consultation_pause_over_spring_festival_2026(foi: LegalClock) -> None:
    # Received Mon 02-02; 6 WD used by Tue 02-10 (02-03..06, 02-09, 02-10).
    paused = foi.replay([ev(E.START, "2026-02-02"), ev(E.PAUSE, "2026-02-10")])
    assert paused.status is Status.PAUSED
    assert paused.used == 6
    assert paused.remaining == 14
    assert paused.due is None
    # Consultation answered Tue 03-03: 14 WD more from 03-04 → 03-23.
    resumed = foi.replay(
        [ev(E.START, "2026-02-02"), ev(E.PAUSE, "2026-02-10"), ev(E.RESUME, "2026-03-03")]
    )
    assert resumed.due == date(2026, 3, 23)


def test_supplement_restarts_from_zero_over_spring_festival_2025(foi: LegalClock) -> None:
    events = [
        ev(E.START, "2025-01-20"),
        ev(E.PAUSE, "2025-01-22"),  # 补正 requested
        ev(E.RESTART, "2025-02-05"),  # 补正 received: counted afresh (Art. 30)
    ]
    state = foi.replay(events)
    # 02-06, 02-07, Sat 02-08 (make-up), then 17 more → 2025-03-04.
    assert state.due == date(2025, 3, 4)
    assert state.used == 0


def test_restart_drops_an_earlier_extension(foi: LegalClock) -> None:
    state = foi.replay(
        [ev(E.START, "2025-01-20"), ev(E.EXTEND, "2025-01-21", 20), ev(E.RESTART, "2025-02-05")]
    )
    assert state.limit == 20
    assert state.due == date(2025, 3, 4)


def test_stop_on_time_and_late_around_national_day_2025(foi: LegalClock) -> None:
    start = ev(E.START, "2025-09-26")
    on_time = foi.replay([start, ev(E.STOP, "2025-10-30")])
    assert on_time.status is Status.STOPPED
    assert on_time.due == date(2025, 10, 30)
    assert on_time.used == 20
    assert on_time.on_time is True
    late = foi.replay([start, ev(E.STOP, "2025-10-31")])
    assert late.used == 21
    assert late.on_time is False
    assert late.is_overdue(date(2025, 11, 1))


def test_stop_while_paused_keeps_the_count(foi: LegalClock) -> None:
    state = foi.replay(
        [ev(E.START, "2026-02-02"), ev(E.PAUSE, "2026-02-10"), ev(E.STOP, "2026-04-01")]
    )
    assert state.status is Status.STOPPED
    assert state.used == 6
    assert state.on_time is True


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ev(E.PAUSE, "2026-01-05")], "event 1 .*not running"),
        ([ev(E.START, "2026-01-05"), ev(E.RESUME, "2026-01-06")], "event 2 .*not paused"),
        ([ev(E.START, "2026-01-05"), ev(E.START, "2026-01-06")], "already started"),
        ([ev(E.START, "2026-01-05"), ev(E.PAUSE, "2026-01-04")], "earlier than"),
        (
            [ev(E.START, "2026-01-05"), ev(E.STOP, "2026-01-06"), ev(E.EXTEND, "2026-01-07", 5)],
            "already stopped",
        ),
        ([ev(E.START, "2026-01-05"), ev(E.EXTEND, "2026-01-06", 0)], "positive"),
        ([ev(E.RESTART, "2026-01-05")], "not started"),
        ([ev(E.STOP, "2026-01-05")], "not started"),
        (
            [ev(E.START, "2026-01-05"), ev(E.PAUSE, "2026-01-06"), ev(E.PAUSE, "2026-01-07")],
            "not running",
        ),
    ],
)
def test_impossible_sequences_name_the_event(
    foi: LegalClock, events: list[ClockEvent], message: str
) -> None:
    with pytest.raises(ClockError, match=message):
        foi.replay(events)


def test_deadline_into_an_unannounced_year_is_provisional(foi: LegalClock) -> None:
    state = foi.replay([ev(E.START, "2026-12-15")])
    assert state.provisional
    assert state.due == date(2027, 1, 12)


def test_calendar_day_clock_for_complaints(foi: LegalClock) -> None:
    clock = LegalClock(calendar=foi.calendar, limit=60, unit=Unit.CALENDAR_DAYS)
    state = clock.replay([ev(E.START, "2026-09-21")])
    assert state.due == date(2026, 11, 20)  # holidays count as days here
    paused = clock.replay(
        [ev(E.START, "2026-09-21"), ev(E.PAUSE, "2026-09-30"), ev(E.RESUME, "2026-10-10")]
    )
    assert paused.due == date(2026, 11, 30)
    assert not paused.provisional
