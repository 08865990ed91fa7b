"""The working-day engine against the State Council notices (rules-foi.md §10).

Hand-worked vectors; the library-backed calendar is built the way the app builds it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantian.core.services import library_calendar
from lantian.core.workdays import DayKind, WorkCalendar


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    holidays, workdays, years, _source = library_calendar()
    return WorkCalendar.build(holidays=holidays, makeup_workdays=workdays, confirmed_years=years)


@pytest.mark.parametrize(
    "day", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
)
def test_2026_make_up_weekends_are_working_days(cal: WorkCalendar, day: str) -> None:
    answer = cal.is_working_day(date.fromisoformat(day))
    assert answer.kind is DayKind.WORKING
    assert date.fromisoformat(day).weekday() >= 5
    assert not answer.provisional


def test_new_year_friday_2026_is_a_holiday(cal: WorkCalendar) -> None:
    assert cal.is_working_day(date(2026, 1, 2)).kind is DayKind.HOLIDAY


def test_plain_weekend_and_weekday(cal: WorkCalendar) -> None:
    assert cal.is_working_day(date(2026, 11, 28)).kind is DayKind.WEEKEND
    assert cal.is_working_day(date(2026, 11, 27)).kind is DayKind.WORKING


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # rules-foi.md §10: 20 WD after 2026-09-21, start not counted (Mid-autumn + National
        # Day 09-25..27 and 10-01..07, make-up Saturday 10-10).
        ("2026-09-21", 20, "2026-10-26"),
        ("2026-09-25", 20, "2026-10-29"),
        # Spring Festival 2025: holiday 01-28..02-04, make-up Sunday 01-26 and Saturday 02-08.
        ("2025-01-20", 20, "2025-02-21"),
        # National Day 2025: holiday 10-01..08, make-up Sunday 09-28 and Saturday 10-11.
        ("2025-09-26", 20, "2025-10-30"),
        # Spring Festival 2026: holiday 02-15..23, make-up Saturdays 02-14 and 02-28.
        ("2026-02-10", 20, "2026-03-16"),
        # Starting on a holiday: the next working day is day 1.
        ("2026-10-01", 1, "2026-10-08"),
        ("2026-10-10", 0, "2026-10-10"),
    ],
)
def test_add_working_days(cal: WorkCalendar, start: str, n: int, expected: str) -> None:
    result = cal.add_working_days(date.fromisoformat(start), n)
    assert result.value == date.fromisoformat(expected)
    assert not result.provisional
    assert cal.working_days_between(date.fromisoformat(start), result.value).value == n


def test_between_counts_the_end_not_the_start(cal: WorkCalendar) -> None:
    assert cal.working_days_between(date(2026, 9, 21), date(2026, 10, 26)).value == 20
    assert cal.working_days_between(date(2026, 10, 26), date(2026, 9, 21)).value == -20
    assert cal.working_days_between(date(2026, 10, 1), date(2026, 10, 7)).value == 0


def test_a_year_without_a_notice_is_provisional(cal: WorkCalendar) -> None:
    assert not cal.is_confirmed(2027)
    assert cal.is_working_day(date(2027, 1, 4)).provisional
    late = cal.add_working_days(date(2026, 12, 20), 20)
    assert late.provisional
    assert late.value == date(2027, 1, 15)  # Monday-to-Friday fallback, flagged
    assert cal.working_days_between(date(2026, 12, 1), date(2027, 1, 5)).provisional


def test_negative_count_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_days(date(2026, 1, 5), -1)


def test_a_day_cannot_be_both_holiday_and_working() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkCalendar.build(
            holidays=[date(2030, 1, 5)], makeup_workdays=[date(2030, 1, 5)], confirmed_years=[]
        )


days = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 1))


@given(start=days, n=st.integers(min_value=0, max_value=60))
def test_add_and_between_are_inverse(cal: WorkCalendar, start: date, n: int) -> None:
    result = cal.add_working_days(start, n)
    assert cal.working_days_between(start, result.value).value == n
    if n:
        assert cal.is_working_day(result.value).is_working
        # No working day is skipped: the day before the result leaves one to go.
        assert cal.working_days_between(start, result.value - timedelta(days=1)).value == n - 1


@given(start=days, n=st.integers(min_value=0, max_value=40))
def test_adding_more_days_never_ends_earlier(cal: WorkCalendar, start: date, n: int) -> None:
    assert cal.add_working_days(start, n + 1).value > cal.add_working_days(start, n).value
