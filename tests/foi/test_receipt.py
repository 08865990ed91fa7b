"""The receipt date by channel (条例 Art. 31) on the 2026 calendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from chinese_calendar import constants

from lantian.core.workdays import WorkCalendar
from lantian.foi import receipt

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar.build(
    holidays=constants.holidays,
    makeup_workdays=constants.workdays,
    confirmed_years=range(2004, 2027),
)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def test_start_day_is_not_counted() -> None:
    assert receipt.START_DAY_COUNTED is False


@pytest.mark.parametrize("channel", ["in_person", "registered_post"])
def test_handed_in_or_signed_for_is_known_at_registration(channel: str) -> None:
    # even on a holiday (2026-10-01): Art. 31 takes the day itself
    assert receipt.receipt_on_registration(channel, at(2026, 10, 1)) == date(2026, 10, 1)
    assert not receipt.needs_confirmation(channel)
    assert receipt.earliest_receipt_date(channel, at(2026, 10, 1, 20), CALENDAR) == date(
        2026, 10, 1
    )


@pytest.mark.parametrize("channel", ["ordinary_post", "online", "fax", "email"])
def test_other_channels_wait_for_confirmation(channel: str) -> None:
    assert receipt.receipt_on_registration(channel, at(2026, 9, 21)) is None
    assert receipt.needs_confirmation(channel)


@pytest.mark.parametrize(
    ("submitted", "earliest"),
    [
        (at(2026, 9, 21, 9), date(2026, 9, 21)),  # Monday, office hours
        (at(2026, 9, 21, 16, 59), date(2026, 9, 21)),
        (at(2026, 9, 21, 17, 0), date(2026, 9, 22)),  # after office hours
        (at(2026, 9, 30, 18, 30), date(2026, 10, 8)),  # evening before National Day
        (at(2026, 10, 3, 11), date(2026, 10, 8)),  # during the holiday
        (at(2026, 10, 10, 11), date(2026, 10, 10)),  # Saturday make-up working day
        (at(2026, 9, 20, 16), date(2026, 9, 20)),  # Sunday make-up working day
        (at(2026, 9, 19, 16), date(2026, 9, 20)),  # Saturday: next is the make-up Sunday
        (at(2026, 2, 13, 18), date(2026, 2, 14)),  # Friday evening → make-up Saturday
        (at(2026, 2, 14, 18), date(2026, 2, 24)),  # after the Spring Festival
        (at(2026, 1, 1, 9), date(2026, 1, 4)),  # New Year → make-up Sunday 01-04
    ],
)
def test_online_submission_outside_office_hours_is_received_the_next_working_day(
    submitted: datetime, earliest: date
) -> None:
    assert receipt.earliest_receipt_date("online", submitted, CALENDAR) == earliest


def test_check_receipt_date_names_the_problem() -> None:
    submitted = at(2026, 9, 30, 18, 30)
    assert receipt.check_receipt_date("online", submitted, date(2026, 10, 8), CALENDAR) is None
    assert receipt.check_receipt_date("online", submitted, date(2026, 10, 9), CALENDAR) is None
    problem = receipt.check_receipt_date("online", submitted, date(2026, 9, 30), CALENDAR)
    assert problem is not None and "2026-10-08" in problem
    problem = receipt.check_receipt_date("in_person", at(2026, 9, 21), date(2026, 9, 20), CALENDAR)
    assert problem is not None and "2026-09-21" in problem


def test_unknown_channel() -> None:
    with pytest.raises(ValueError, match="unknown channel"):
        receipt.needs_confirmation("pigeon")
