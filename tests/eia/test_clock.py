"""The pure clock on China's 2026 calendar, against the calendar tests' own cases
(tests/core/test_workdays.py): 20 working days after 2026-02-10 end on 03-16 across the
Spring Festival; 20 after 2026-09-21 on 10-26 across Mid-autumn and National Day."""

from __future__ import annotations

from datetime import date

import pytest

from lantian.core.services import library_calendar
from lantian.core.workdays import WorkCalendar
from lantian.eia import clock

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    holidays, workdays, years, _source = library_calendar()
    return WorkCalendar.build(holidays=holidays, makeup_workdays=workdays, confirmed_years=years)


def test_an_acceptance_notice_across_the_spring_festival(cal: WorkCalendar) -> None:
    # 02-10 … 02-13 (4), make-up Saturday 02-14 (5), holiday 02-15..23, 02-24 … 02-27 (9),
    # make-up Saturday 02-28 (10)
    assert clock.earliest_end("acceptance", D("2026-02-10"), cal).value == D("2026-02-28")
    short = clock.check_notice(
        kind="acceptance", starts_on=D("2026-02-10"), ends_on=D("2026-02-27"), calendar=cal
    )
    assert (short.working_days, short.minimum, short.short) == (9, 10, True)
    enough = clock.check_notice(
        kind="acceptance", starts_on=D("2026-02-10"), ends_on=D("2026-02-28"), calendar=cal
    )
    assert (enough.working_days, enough.short, enough.provisional) == (10, False, False)


def test_the_calendar_tests_twenty_working_days_are_a_completion_notice(cal: WorkCalendar) -> None:
    # core: 20 working days *after* 09-21 end on 10-26; a notice *from* 09-21 counts it
    check = clock.check_notice(
        kind="completion", starts_on=D("2026-09-22"), ends_on=D("2026-10-26"), calendar=cal
    )
    assert check.working_days == 20 and not check.short
    assert clock.earliest_end("completion", D("2026-09-21"), cal).value == D("2026-10-23")
    # and the Spring Festival case: 20 after 02-10 end on 03-16
    assert clock.notice_length(D("2026-02-11"), D("2026-03-16"), cal).value == 20


def test_a_proposed_approval_notice_across_national_day(cal: WorkCalendar) -> None:
    # 09-28, 09-29, 09-30, (holiday 10-01..07), 10-08, 10-09
    assert clock.earliest_end("pre_approval", D("2026-09-28"), cal).value == D("2026-10-09")
    assert clock.check_notice(
        kind="pre_approval", starts_on=D("2026-09-28"), ends_on=D("2026-10-08"), calendar=cal
    ).short


def test_the_decision_notice_is_late_after_seven_working_days(cal: WorkCalendar) -> None:
    # decided 09-30: 10-08 1, 10-09 2, make-up Saturday 10-10 3, 10-12 … 10-15 7
    assert clock.decision_publication_due(D("2026-09-30"), cal).value == D("2026-10-15")
    on_time = clock.check_notice(
        kind="decision",
        starts_on=D("2026-10-15"),
        ends_on=D("2026-10-21"),
        calendar=cal,
        decided_on=D("2026-09-30"),
    )
    late = clock.check_notice(
        kind="decision",
        starts_on=D("2026-10-16"),
        ends_on=D("2026-10-22"),
        calendar=cal,
        decided_on=D("2026-09-30"),
    )
    assert (on_time.late, late.late, late.short) == (False, True, False)
    assert clock.decision_published_late(D("2026-09-30"), D("2026-10-16"), cal) == (8, True)


def test_a_notice_ending_before_it_starts_or_of_no_kind_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="ends_on"):
        clock.check_notice(
            kind="acceptance", starts_on=D("2026-03-10"), ends_on=D("2026-03-09"), calendar=cal
        )
    with pytest.raises(ValueError, match="kind"):
        clock.check_notice(
            kind="comment", starts_on=D("2026-03-10"), ends_on=D("2026-03-30"), calendar=cal
        )


def test_a_year_without_a_confirmed_calendar_is_provisional(cal: WorkCalendar) -> None:
    check = clock.check_notice(
        kind="completion", starts_on=D("2026-12-21"), ends_on=D("2027-01-29"), calendar=cal
    )
    assert check.provisional


def test_the_decision_period_in_calendar_days_by_category() -> None:
    book = clock.decision_period(
        category="report_book", accepted_on=D("2026-01-05"), today=D("2026-03-01")
    )
    assert (book.period_days, book.due, book.late) == (60, D("2026-03-06"), False)
    form = clock.decision_period(
        category="report_form",
        accepted_on=D("2026-03-02"),
        decided_on=D("2026-04-02"),
        today=D("2026-05-01"),
    )
    assert (form.due, form.late) == (D("2026-04-01"), True)


def test_expert_review_is_not_counted() -> None:
    review = clock.Pause(D("2026-03-10"), D("2026-03-19"))  # 10 days
    form = clock.decision_period(
        category="report_form",
        accepted_on=D("2026-03-02"),
        pauses=[review],
        decided_on=D("2026-04-02"),
        today=D("2026-05-01"),
    )
    assert (form.paused_days, form.due, form.late) == (10, D("2026-04-11"), False)


def test_an_open_pause_stops_the_clock() -> None:
    hearing = clock.Pause(D("2026-03-10"), None)
    check = clock.decision_period(
        category="report_form", accepted_on=D("2026-03-02"), pauses=[hearing], today=D("2026-06-01")
    )
    assert (check.due, check.late, check.paused) == (None, False, True)


def test_a_registration_form_is_filed_without_a_decision_period() -> None:
    check = clock.decision_period(
        category="registration_form", accepted_on=D("2026-03-02"), today=D("2027-03-02")
    )
    assert (check.period_days, check.due, check.late) == (None, None, False)
