"""The reply clock of a case across 2026's holidays and make-up working days, for every
path. Hand-worked with the 2026 calendar: make-up working days 01-04, 02-14, 02-28,
05-09, 09-20, 10-10; holidays 01-01–03, 02-15–23, 04-04–06, 05-01–05, 06-19–21,
09-25–27, 10-01–07. The receipt day is not counted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.core.roles import Role
from lantian.foi import services
from lantian.foi.selectors import case_clock
from tests.foi.flow import assigned

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(staff: dict[Role, Any]) -> Any:
    return staff[Role.ADMINISTRATOR]


def test_plain_twenty_working_days_over_mid_autumn_and_national_day(staff, admin) -> None:
    # 09-22, 23, 24 (3); 25–27 holiday; 28, 29, 30 (6); 10-01–07 holiday; 10-08, 09 (8);
    # Saturday 10-10 make-up (9); 10-12…16 (14); 10-19…23 (19); 10-26 (20)
    application = assigned(staff, date(2026, 9, 21))
    clock = case_clock(application, today=date(2026, 9, 21))
    assert clock.status == "running"
    assert clock.statutory_due == date(2026, 10, 26)
    assert clock.working_days_left == 20
    assert not clock.provisional
    # internal due: 5 working days earlier (10-23, 22, 21, 20, 19)
    assert clock.internal_due == date(2026, 10, 19)


def test_spring_festival_and_its_two_make_up_saturdays(staff) -> None:
    # 02-02…06 (5); 09…13 (10); Sat 02-14 (11); 15–23 holiday; 24…27 (15); Sat 02-28 (16);
    # 03-02…05 (20)
    application = assigned(staff, date(2026, 1, 30))
    assert case_clock(application, today=date(2026, 1, 30)).statutory_due == date(2026, 3, 5)


def test_new_year_make_up_sunday(staff) -> None:
    # 01-01–03 holiday; Sun 01-04 (1); 05…09 (6); 12…16 (11); 19…23 (16); 26…29 (20)
    application = assigned(staff, date(2025, 12, 31))
    assert case_clock(application, today=date(2026, 1, 5)).statutory_due == date(2026, 1, 29)


def test_a_period_running_into_an_unannounced_year_is_provisional(staff) -> None:
    # 12-11 (1); 14…18 (6); 21…25 (11); 28…31 (15); 2027 Monday–Friday guess: 01-01, 04…07
    application = assigned(staff, date(2026, 12, 10))
    clock = case_clock(application, today=date(2026, 12, 10))
    assert clock.statutory_due == date(2027, 1, 7)
    assert clock.provisional


def test_supplement_restarts_the_period_from_its_receipt(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.request_supplement(
        actor=admin,
        application=application,
        on=date(2026, 9, 30),  # 6th working day after receipt
        deadline=date(2026, 10, 16),
        note="请写明所需监测数据对应的企业名称。",
    )
    paused = case_clock(application, today=date(2026, 10, 9))
    assert paused.status == "paused" and not paused.overdue
    services.receive_supplement(actor=admin, application=application, on=date(2026, 10, 12))
    # afresh from 10-12: 13…16 (4); 19…23 (9); 26…30 (14); 11-02…06 (19); 11-09 (20)
    clock = case_clock(application, today=date(2026, 10, 12))
    assert clock.status == "running"
    assert clock.statutory_due == date(2026, 11, 9)
    assert clock.working_days_left == 20


def test_consultation_time_does_not_count(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.start_consultation(
        actor=admin,
        application=application,
        on=date(2026, 9, 24),  # 3 days used: 09-22, 23, 24
        party="示范市宏达化工有限公司",
        kind="third_party",
    )
    clock = case_clock(application, today=date(2026, 10, 9))
    assert clock.status == "paused"
    assert clock.statutory_due is None
    assert clock.working_days_left == 17
    # the third party's 15 working days: 09-25–27 and 10-01–07 are holidays → 10-22
    started = application.events.get(kind=services.Step.CONSULTATION_STARTED)
    assert started.data["answer_due"] == "2026-10-22"
    services.end_consultation(
        actor=admin, application=application, on=date(2026, 10, 12), opinion="不同意公开。"
    )
    # 17 left from 10-12: 13…16 (4); 19…23 (9); 26…30 (14); 11-02, 03, 04 (17)
    assert case_clock(application, today=date(2026, 10, 12)).statutory_due == date(2026, 11, 4)


def test_extension_adds_working_days_to_the_due_date(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.extend(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        on=date(2026, 10, 20),
        days=20,
        approver=staff[Role.DEPARTMENT_HEAD],
        reason="涉及多个企业，需逐一核实。",
    )
    # 20 after 10-26: 27…30 (4); 11-02…06 (9); 09…13 (14); 16…20 (19); 23 (20)
    clock = case_clock(application, today=date(2026, 10, 20))
    assert clock.statutory_due == date(2026, 11, 23)
    assert clock.extended_days == 20
    # the default internal deadline follows: 5 working days before 11-23
    assert clock.internal_due == date(2026, 11, 16)


def test_abandonment_stops_the_clock(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.request_supplement(
        actor=admin,
        application=application,
        on=date(2026, 9, 22),
        deadline=date(2026, 10, 13),
        note="请补充身份证明。",
    )
    services.close_unsupplemented(actor=admin, application=application, on=date(2026, 10, 14))
    clock = case_clock(application, today=date(2026, 11, 30))
    assert clock.status == "stopped"
    assert not clock.overdue
    assert application.state == application.State.ABANDONED
    assert application.reply_type == "other_no_supplement"


def test_fee_notice_pauses_until_payment_over_labour_day(staff, admin) -> None:
    # received Mon 04-27: 28, 29, 30 (3); 05-01–05 holiday; 06, 07, 08 (6)
    application = assigned(staff, date(2026, 4, 27))
    services.issue_fee_notice(
        actor=admin,
        application=application,
        on=date(2026, 5, 8),
        method="per_volume",
        quantity=150,
    )
    assert application.fee_amount == 1700
    assert case_clock(application, today=date(2026, 5, 15)).working_days_left == 14
    services.record_fee_paid(actor=admin, application=application, on=date(2026, 5, 20))
    # 14 left from 05-20: 21, 22 (2); 25…29 (7); 06-01…05 (12); 08, 09 (14)
    assert case_clock(application, today=date(2026, 5, 20)).statutory_due == date(2026, 6, 9)


def test_due_soon_and_overdue(staff, settings) -> None:
    settings.FOI_DUE_SOON_DAYS = 5
    application = assigned(staff, date(2026, 9, 21))  # due 10-26
    # 10-16: 10-19…23, 26 → 6 left: not yet due soon
    clock = case_clock(application, today=date(2026, 10, 16))
    assert clock.working_days_left == 6 and not clock.due_soon
    clock = case_clock(application, today=date(2026, 10, 19))
    assert clock.working_days_left == 5 and clock.due_soon and not clock.overdue
    clock = case_clock(application, today=date(2026, 10, 26))
    assert clock.working_days_left == 0 and clock.due_soon and not clock.overdue
    clock = case_clock(application, today=date(2026, 10, 27))
    assert clock.overdue and not clock.due_soon and clock.working_days_left == -1


def test_a_reply_after_the_due_date_stays_late(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    handler, reviewer = staff[Role.CASE_HANDLER], staff[Role.REVIEWER]
    services.draft_reply(
        actor=handler, application=application, reply_type="disclose", text="现予以公开。"
    )
    services.submit_reply_for_review(actor=handler, application=application)
    services.approve_reply(actor=reviewer, application=application, on=date(2026, 10, 27))
    clock = case_clock(application, today=date(2026, 12, 1))
    assert clock.status == "stopped"
    assert clock.on_time is False and clock.overdue
    assert clock.statutory_due == date(2026, 10, 26)
