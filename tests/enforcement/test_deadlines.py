"""Penalty publication (双公示: 7 working days from the decision) and enterprise disclosure
deadlines on China's real 2026 calendar: Mid-autumn 09-25, National Day 10-01..07, make-up
working days Sunday 09-20 and Saturday 10-10 (State Council notice for 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from lantian.core.services import library_calendar
from lantian.core.workdays import WorkCalendar
from lantian.enforcement import deadlines
from lantian.enforcement.deadlines import Status


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    holidays, workdays, years, _source = library_calendar()
    return WorkCalendar.build(holidays=holidays, makeup_workdays=workdays, confirmed_years=years)


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- penalties


def test_national_day_is_skipped_and_the_make_up_saturday_counts(cal: WorkCalendar) -> None:
    # 09-30 (Wed) decided: 10-08 1, 10-09 2, 10-10 (make-up Saturday) 3, 10-12 4 … 10-15 7.
    due = deadlines.penalty_publication_due(d("2026-09-30"), cal)
    assert due.value == d("2026-10-15")
    assert not due.provisional


def test_mid_autumn_and_national_day(cal: WorkCalendar) -> None:
    # 09-24 (Thu): 09-25 Mid-autumn; 09-28 1, 09-29 2, 09-30 3, 10-08 4, 10-09 5, 10-10 6, 10-12 7.
    assert deadlines.penalty_publication_due(d("2026-09-24"), cal).value == d("2026-10-12")


@pytest.mark.parametrize(
    ("published", "taken", "status"),
    [
        ("2026-09-30", 0, Status.ON_TIME),  # the decision day itself is not counted
        ("2026-10-01", 0, Status.ON_TIME),
        ("2026-10-08", 1, Status.ON_TIME),
        ("2026-10-10", 3, Status.ON_TIME),  # the make-up Saturday is a working day
        ("2026-10-11", 3, Status.ON_TIME),
        ("2026-10-15", 7, Status.ON_TIME),  # exactly the 7th working day: on time
        ("2026-10-16", 8, Status.LATE),  # the 8th: late
        ("2026-11-02", 19, Status.LATE),
    ],
)
def test_publication_edges(cal: WorkCalendar, published: str, taken: int, status: Status) -> None:
    check = deadlines.penalty_publication(d("2026-09-30"), d(published), cal, today=d("2026-12-01"))
    assert check.due == d("2026-10-15")
    assert check.limit == 7
    assert check.working_days_taken == taken
    assert check.status is status
    assert check.late is (status is Status.LATE)
    assert check.published
    assert not check.provisional


@pytest.mark.parametrize(
    ("today", "taken", "status"),
    [
        ("2026-09-30", 0, Status.PENDING),
        ("2026-10-15", 7, Status.PENDING),
        ("2026-10-16", 8, Status.MISSING),
        ("2026-10-17", 8, Status.MISSING),
    ],
)
def test_unpublished_is_measured_to_today(
    cal: WorkCalendar, today: str, taken: int, status: Status
) -> None:
    check = deadlines.penalty_publication(d("2026-09-30"), None, cal, today=d(today))
    assert not check.published
    assert check.working_days_taken == taken
    assert check.status is status
    assert check.late is (status is Status.MISSING)


def test_a_weekend_after_the_due_date_counts_as_the_last_day(cal: WorkCalendar) -> None:
    # The project's convention (FOI clock, disclosure timeliness): late means more working
    # days taken than the limit. Decided Wed 11-18, due Fri 11-27.
    decided = d("2026-11-18")
    saturday = deadlines.penalty_publication(decided, d("2026-11-28"), cal, today=d("2026-12-31"))
    assert saturday.due == d("2026-11-27")
    assert saturday.working_days_taken == 7
    assert saturday.status is Status.ON_TIME
    monday = deadlines.penalty_publication(decided, d("2026-11-30"), cal, today=d("2026-12-31"))
    assert monday.working_days_taken == 8
    assert monday.status is Status.LATE


def test_a_deadline_in_an_unconfirmed_year_is_provisional(cal: WorkCalendar) -> None:
    assert 2027 not in cal.confirmed_years
    check = deadlines.penalty_publication(d("2026-12-28"), None, cal, today=d("2026-12-29"))
    assert check.due == d("2027-01-06")  # Mon–Fri guess; 2027's 元旦 not yet announced
    assert check.provisional
    assert check.status is Status.PENDING


def test_published_before_the_decision_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="published_on: 2026-09-29 is before the decision"):
        deadlines.penalty_publication(d("2026-09-30"), d("2026-09-29"), cal, today=d("2026-10-01"))


def test_any_calendar_with_the_two_methods_will_do() -> None:
    plain = WorkCalendar()  # Monday to Friday, no confirmed year: everything provisional
    check = deadlines.penalty_publication(d("2026-09-30"), d("2026-10-09"), plain, d("2026-10-09"))
    assert check.due == d("2026-10-09")
    assert check.working_days_taken == 7
    assert check.provisional


# --------------------------------------------------------------------------- enterprises


@pytest.mark.parametrize(
    ("submitted", "today", "status", "days_late"),
    [
        ("2026-01-20", "2026-06-01", Status.ON_TIME, 0),
        ("2026-03-15", "2026-06-01", Status.ON_TIME, 0),  # a Sunday, not moved
        ("2026-03-16", "2026-06-01", Status.LATE, 1),
        (None, "2026-03-15", Status.PENDING, 0),
        (None, "2026-03-16", Status.MISSING, 1),
        (None, "2026-04-15", Status.MISSING, 31),
    ],
)
def test_annual_report_by_15_march(
    submitted: str | None, today: str, status: Status, days_late: int
) -> None:
    assert deadlines.annual_report_due(2025) == d("2026-03-15")
    check = deadlines.annual_report_check(2025, submitted and d(submitted), d(today))
    assert check.due == d("2026-03-15")
    assert check.status is status
    assert check.days_late == days_late
    assert check.late is (status in (Status.LATE, Status.MISSING))
    assert check.missing is (status is Status.MISSING)
    assert not check.provisional


@pytest.mark.parametrize(
    ("submitted", "today", "status", "days_late"),
    [
        ("2026-10-10", "2026-12-01", Status.ON_TIME, 0),  # make-up Saturday: day 3
        ("2026-10-13", "2026-12-01", Status.ON_TIME, 0),  # the 5th working day
        ("2026-10-14", "2026-12-01", Status.LATE, 1),  # the 6th
        (None, "2026-10-13", Status.PENDING, 0),
        (None, "2026-10-14", Status.MISSING, 1),
    ],
)
def test_adhoc_report_within_5_working_days(
    cal: WorkCalendar, submitted: str | None, today: str, status: Status, days_late: int
) -> None:
    received = d("2026-09-30")  # 10-08 1, 10-09 2, 10-10 3, 10-12 4, 10-13 5
    assert deadlines.adhoc_report_due(received, cal).value == d("2026-10-13")
    check = deadlines.adhoc_report_check(received, submitted and d(submitted), cal, d(today))
    assert check.due == d("2026-10-13")
    assert check.status is status
    assert check.days_late == days_late
    assert not check.provisional


def test_adhoc_report_before_receipt_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="submitted_on: 2026-09-01 is before"):
        deadlines.adhoc_report_check(d("2026-09-30"), d("2026-09-01"), cal, d("2026-10-01"))


@pytest.mark.parametrize(
    ("published", "today", "status"),
    [
        ("2026-03-31", "2026-05-01", Status.ON_TIME),
        ("2026-04-01", "2026-05-01", Status.LATE),
        (None, "2026-03-31", Status.PENDING),
        (None, "2026-04-01", Status.MISSING),
    ],
)
def test_key_unit_list_by_end_of_march(published: str | None, today: str, status: Status) -> None:
    assert deadlines.key_unit_list_due(2026) == d("2026-03-31")
    check = deadlines.key_unit_list_check(2026, published and d(published), d(today))
    assert check.status is status
