"""The daily digest of due-soon and overdue cases, and the dashboard items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from lantian.core import attention
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.foi import services, tasks
from lantian.foi.admin import dashboard
from lantian.foi.models import CaseEvent
from lantian.foi.selectors import due_soon_and_overdue
from tests.foi.flow import APPLICANT, assigned, legal, register

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def legal_head(staff: dict[Role, Any]) -> Any:
    return save_staff_member(
        actor=None,
        username="legal_head",
        family_name="孙",
        given_name="海燕",
        email="legal_head@sthjj.demo.gov.cn",
        department=legal(),
        roles=[Role.DEPARTMENT_HEAD],
    )


@pytest.fixture
def cases(staff: dict[Role, Any]) -> dict[str, Any]:
    # on 2026-10-19: received 09-21 → due 10-26, 5 working days left (due soon);
    # received 09-01 → due 09-29 (overdue); received 10-12 → due 11-09 (neither)
    return {
        "soon": assigned(staff, date(2026, 9, 21)),
        "overdue": assigned(staff, date(2026, 9, 1)),
        "later": assigned(staff, date(2026, 10, 12)),
    }


def test_due_soon_and_overdue_lists_open_cases_most_urgent_first(cases) -> None:
    found = due_soon_and_overdue(date(2026, 10, 19))
    assert [a for a, _c in found] == [cases["overdue"], cases["soon"]]
    assert found[0][1].overdue and found[1][1].due_soon


def test_digest_to_the_handler_and_the_department_head_once_a_day(staff, cases, legal_head) -> None:
    result = tasks.send_deadline_reminders(date(2026, 10, 19))
    assert result == {"cases": 2, "emails": 2}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([staff[Role.CASE_HANDLER].email, legal_head.email])
    body = mail.outbox[0].body
    assert cases["soon"].tracking_code in body and cases["overdue"].tracking_code in body
    assert cases["later"].tracking_code not in body
    assert "/admin/foi/cases/" in body
    for personal in (APPLICANT["name"], APPLICANT["phone"], APPLICANT["id_number"]):
        assert personal not in body and personal not in mail.outbox[0].subject
    # the head of another department (air) hears nothing
    assert staff[Role.DEPARTMENT_HEAD].email not in recipients
    # a second run the same day sends nothing; the next day it sends again
    assert tasks.send_deadline_reminders(date(2026, 10, 19)) == {"cases": 0, "emails": 0}
    assert len(mail.outbox) == 2
    assert CaseEvent.objects.filter(kind=services.Step.REMINDER_SENT).count() == 2
    assert tasks.send_deadline_reminders(date(2026, 10, 20))["emails"] == 2


def test_replied_and_paused_cases_are_not_reminded(staff, cases) -> None:
    handler, reviewer = staff[Role.CASE_HANDLER], staff[Role.REVIEWER]
    soon, overdue = cases["soon"], cases["overdue"]
    services.draft_reply(actor=handler, application=soon, reply_type="disclose", text="公开。")
    services.submit_reply_for_review(actor=handler, application=soon)
    services.approve_reply(actor=reviewer, application=soon, on=date(2026, 10, 16))
    services.start_consultation(
        actor=handler, application=overdue, on=date(2026, 9, 8), party="某公司", kind="third_party"
    )
    assert due_soon_and_overdue(date(2026, 10, 19)) == []
    assert tasks.send_deadline_reminders(date(2026, 10, 19))["emails"] == 0


def test_unassigned_cases_go_to_the_office(staff, legal_head) -> None:
    register(staff[Role.ADMINISTRATOR], date(2026, 9, 1))
    tasks.send_deadline_reminders(date(2026, 10, 19))
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {staff[Role.ADMINISTRATOR].email}


def test_the_task_runs_on_its_schedule(cases) -> None:
    result = tasks.remind_due_cases.enqueue()
    assert result.status == "SUCCESSFUL"


def test_dashboard_items(staff, cases) -> None:
    with time_machine.travel(datetime(2026, 10, 19, 10, tzinfo=SHANGHAI), tick=False):
        deadlines = dashboard.deadlines(staff[Role.CASE_HANDLER])
        assert [(i.count, i.urgent) for i in deadlines] == [(1, True), (1, False)]
        assert [i.url for i in deadlines] == [
            "/admin/foi/cases/?queue=overdue",
            "/admin/foi/cases/?queue=due_soon",
        ]
        # the handler's own cases, the overdue one first, each with its clock
        with translation.override("en"):  # the details in the language they were asked in
            mine = dashboard.my_cases(staff[Role.CASE_HANDLER])
        assert [i.label.split()[0] for i in mine] == [
            cases["overdue"].tracking_code,
            cases["soon"].tracking_code,
            cases["later"].tracking_code,
        ]
        assert mine[0].urgent and "working days late" in str(mine[0].detail)
        assert dashboard.deadlines(staff[Role.DEPARTMENT_HEAD]) == []  # air
    # behind the case list's own check: nothing for those without it
    assert attention.items_for(staff[Role.DATA_MANAGER]) == []
    # registered with the dashboard (today all three cases are overdue)
    assert any(
        "overdue" in str(i.label) or i.urgent for i in attention.items_for(staff[Role.CASE_HANDLER])
    )
