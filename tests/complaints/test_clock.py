"""The intake and handling clocks of a case: limits of the channel's rule at receipt,
working days across the 2026 National Day holiday, extensions, team deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.complaints import selectors, services
from lantian.complaints.models import ChannelRule, Complaint
from lantian.core.roles import Role

pytestmark = pytest.mark.django_db


def test_hotline_intake_is_15_calendar_days(register: Any) -> None:
    complaint = register(received_on=date(2026, 9, 30))
    clock = selectors.case_clock(complaint, today=date(2026, 10, 1))
    assert clock.stage == "intake"
    assert clock.intake_due == date(2026, 10, 15)  # holidays count: calendar days
    assert clock.handling_due is None
    assert not clock.overdue and not clock.due_soon
    assert selectors.case_clock(complaint, today=date(2026, 10, 10)).due_soon  # 5 days left
    assert not selectors.case_clock(complaint, today=date(2026, 10, 15)).overdue  # due day
    assert selectors.case_clock(complaint, today=date(2026, 10, 16)).overdue


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 29), date(2026, 10, 8)),  # 30 Sep, then the holiday, then 8 Oct
        (date(2026, 9, 30), date(2026, 10, 9)),  # 1–7 October are holidays
        (date(2026, 10, 3), date(2026, 10, 9)),  # received during the holiday
        (date(2026, 10, 9), date(2026, 10, 12)),  # Saturday 10 Oct is a make-up working day
    ],
)
def test_wechat_intake_is_2_working_days(register: Any, received: date, due: date) -> None:
    complaint = register(channel="wechat_12369", received_on=received)
    assert (complaint.intake_limit, complaint.intake_unit) == (2, "working_days")
    assert (complaint.handling_limit, complaint.handling_unit) == (30, "calendar_days")
    clock = selectors.case_clock(complaint, today=received)
    assert clock.intake_due == due
    assert selectors.case_clock(complaint, today=due).overdue is False
    assert selectors.case_clock(complaint, today=date.fromordinal(due.toordinal() + 1)).overdue


def test_handling_is_60_days_from_acceptance(accepted: Complaint) -> None:
    clock = selectors.case_clock(accepted, today=date(2026, 10, 10))
    assert clock.stage == "handling"
    assert clock.intake.on_time is True  # accepted on day 10 of 15
    assert clock.handling_due == date(2026, 12, 9)
    assert selectors.case_clock(accepted, today=date(2026, 12, 4)).due_soon
    assert selectors.case_clock(accepted, today=date(2026, 12, 10)).overdue


def test_late_acceptance_shows_late_intake(register: Any, staff: dict[Role, Any]) -> None:
    complaint = register(received_on=date(2026, 9, 30))
    services.accept(actor=staff[Role.ADMINISTRATOR], complaint=complaint, on=date(2026, 10, 16))
    clock = selectors.case_clock(complaint, today=date(2026, 10, 16))
    assert clock.intake.on_time is False
    assert clock.handling_due == date(2026, 12, 15)


def test_rule_snapshot_at_receipt(register: Any, staff: dict[Role, Any]) -> None:
    before = register()
    ChannelRule.objects.filter(channel="hotline_12369").update(intake_limit=7, handling_limit=45)
    after = register()
    assert (before.intake_limit, before.handling_limit) == (15, 60)
    assert (after.intake_limit, after.handling_limit) == (7, 45)
    assert selectors.case_clock(before, date(2026, 10, 1)).intake_due == date(2026, 10, 15)
    assert selectors.case_clock(after, date(2026, 10, 1)).intake_due == date(2026, 10, 7)


def test_extension_moves_the_due_date(
    accepted: Complaint, air_head: Any, staff: dict[Role, Any]
) -> None:
    services.extend(
        actor=air_head, complaint=accepted, days=30, reason="需委托检测", on=date(2026, 12, 1)
    )
    clock = selectors.case_clock(accepted, today=date(2026, 12, 20))
    assert clock.extended and clock.extension_days == 30
    assert clock.handling_due == date(2027, 1, 8)
    assert not clock.overdue
    services.reply(actor=air_head, complaint=accepted, text="已责令整改。", on=date(2027, 1, 8))
    done = selectors.case_clock(accepted, today=date(2027, 2, 1))
    assert done.stage == "done" and done.on_time is True and not done.overdue


def test_late_reply_is_late_for_good(accepted: Complaint, staff: dict[Role, Any]) -> None:
    services.reply(
        actor=staff[Role.ADMINISTRATOR], complaint=accepted, text="已处理。", on=date(2026, 12, 10)
    )
    clock = selectors.case_clock(accepted, today=date(2027, 3, 1))
    assert clock.on_time is False and clock.overdue


def test_team_deadline_sets_the_handling_limit(register: Any, staff: dict[Role, Any]) -> None:
    complaint = register(
        channel="inspection", team_case_no="D3SFJ000123", team_due_on=date(2026, 10, 31)
    )
    services.accept(actor=staff[Role.ADMINISTRATOR], complaint=complaint, on=date(2026, 10, 9))
    complaint.refresh_from_db()
    assert (complaint.handling_limit, complaint.handling_unit) == (22, "calendar_days")
    assert selectors.case_clock(complaint, date(2026, 10, 9)).handling_due == date(2026, 10, 31)


def test_bulk_clocks_use_a_fixed_number_of_queries(
    register: Any, staff: dict[Role, Any], django_assert_max_num_queries: Any
) -> None:
    cases = [register() for _i in range(12)]
    for complaint in cases[:6]:
        services.accept(actor=staff[Role.ADMINISTRATOR], complaint=complaint, on=date(2026, 10, 9))
    fresh = list(Complaint.objects.filter(pk__in=[c.pk for c in cases]))
    with django_assert_max_num_queries(4):
        clocks = selectors.case_clocks(fresh, date(2026, 10, 12))
    assert sum(c.stage == "handling" for c in clocks.values()) == 6
    assert all(c.intake_due == date(2026, 10, 15) for c in clocks.values())
