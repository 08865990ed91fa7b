"""The daily digest of due-soon and overdue complaints, the website-inspection alarms of
unanswered public messages at their edges (2 months: once; 3 months: every day), and
the dashboard items — each of whose links opens for the user it is shown to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from lantian.complaints import services, tasks
from lantian.complaints.admin import dashboard
from lantian.complaints.models import Complaint, ComplaintEvent
from lantian.core import attention
from lantian.core.models import Department
from lantian.core.roles import Role
from tests.complaints.conftest import SHANGHAI, member

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "李小梅", "13912345678", "xiaomei@example.cn"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def routed(staff: dict[Role, Any]) -> None:
    services.save_routing_rule(
        actor=None, category=None, district=None, department=Department.objects.get(code="air")
    )


@pytest.fixture
def water_head(demo: Any) -> Any:
    return member("water-head", "water", Role.DEPARTMENT_HEAD, "钱", "江")


@pytest.fixture
def cases(register: Callable[..., Complaint], staff: dict[Role, Any], air_handler: Any) -> Any:
    # on 2026-10-12 (intake: 15 calendar days from receipt): received 09-30 → due 10-15,
    # 3 days left (due soon); received 09-20 → due 10-05 (overdue); 10-10 → due 10-25
    soon = register(received_on=date(2026, 9, 30))
    late = register(received_on=date(2026, 9, 20))
    later = register(received_on=date(2026, 10, 10))
    services.assign_handler(actor=staff[Role.ADMINISTRATOR], complaint=soon, handler=air_handler)
    return {"soon": soon, "late": late, "later": later}


# ---------------------------------------------------------------- the digest


def test_digest_to_the_handler_and_the_head_once_a_day(
    staff: dict[Role, Any], cases: Any, air_handler: Any, air_head: Any, water_head: Any
) -> None:
    result = tasks.send_deadline_reminders(date(2026, 10, 12))
    assert result == {"cases": 2, "emails": 2}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {air_handler.email, air_head.email}
    head_mail = by_address[air_head.email]
    assert cases["soon"].case_no in head_mail.body and cases["late"].case_no in head_mail.body
    assert cases["later"].case_no not in head_mail.body
    handler_mail = by_address[air_handler.email]
    assert cases["soon"].case_no in handler_mail.body
    assert cases["late"].case_no not in handler_mail.body  # not the handler's case
    assert "2026-10-15" in handler_mail.body and "2026-10-05" in head_mail.body
    assert "/admin/complaints/cases/" in head_mail.body
    for message in mail.outbox:
        for personal in (NAME, PHONE, EMAIL):
            assert personal not in message.body and personal not in message.subject
    assert water_head.email not in by_address
    # a second run the same day sends nothing; the next day it sends again
    assert tasks.send_deadline_reminders(date(2026, 10, 12)) == {"cases": 0, "emails": 0}
    assert len(mail.outbox) == 2
    assert ComplaintEvent.objects.filter(kind=tasks.REMINDER_SENT).count() == 2
    assert tasks.send_deadline_reminders(date(2026, 10, 13))["emails"] == 2


def test_answered_cases_are_not_reminded(staff: dict[Role, Any], cases: Any) -> None:
    actor = staff[Role.ADMINISTRATOR]
    services.refuse(
        actor=actor,
        complaint=cases["late"],
        on=date(2026, 10, 1),
        reason="非本局职责",
        referred_to="示范市住建局",
    )
    services.accept(actor=actor, complaint=cases["soon"], on=date(2026, 10, 1))
    assert tasks.send_deadline_reminders(date(2026, 10, 12)) == {"cases": 0, "emails": 0}


def test_the_reminder_task_runs(cases: Any) -> None:
    assert tasks.remind_due_cases.enqueue().status == "SUCCESSFUL"
    assert tasks.alarm_unanswered_messages.enqueue().status == "SUCCESSFUL"


# ---------------------------------------------------------------- 2 / 3 months


@pytest.fixture
def message(register: Callable[..., Complaint]) -> Complaint:
    """An online message received on 2026-08-07: alarm from 10-07, veto from 11-07."""
    found = register(channel="online", received_on=date(2026, 8, 7))
    assert found.public_message
    return found


def test_inspection_alarms_at_their_edges(
    staff: dict[Role, Any], message: Complaint, air_head: Any, air_handler: Any, water_head: Any
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    assert tasks.send_inspection_alarms(date(2026, 10, 6))["emails"] == 0  # a day short
    first = tasks.send_inspection_alarms(date(2026, 10, 7))
    assert first == {"alarms": 1, "vetoes": 0, "emails": 2}
    assert {m.to[0] for m in mail.outbox} == {air_head.email, admin.email}
    assert message.case_no in mail.outbox[0].body
    assert all(NAME not in m.body and PHONE not in m.body for m in mail.outbox)
    # the 2-month alarm is sent once
    assert tasks.send_inspection_alarms(date(2026, 10, 8))["emails"] == 0
    assert tasks.send_inspection_alarms(date(2026, 11, 6))["emails"] == 0
    # 3 months: the veto, every day
    mail.outbox.clear()
    veto = tasks.send_inspection_alarms(date(2026, 11, 7))
    assert veto == {"alarms": 0, "vetoes": 1, "emails": 2}
    assert "3" in mail.outbox[0].subject
    assert tasks.send_inspection_alarms(date(2026, 11, 7))["emails"] == 0  # once a day
    assert tasks.send_inspection_alarms(date(2026, 11, 8))["vetoes"] == 1
    recipients = {m.to[0] for m in mail.outbox}
    assert air_handler.email not in recipients and water_head.email not in recipients


def test_an_answered_message_raises_no_alarm(staff: dict[Role, Any], message: Complaint) -> None:
    actor = staff[Role.ADMINISTRATOR]
    services.accept(actor=actor, complaint=message, on=date(2026, 8, 10))
    services.reply(actor=actor, complaint=message, text="已处理。", on=date(2026, 9, 1))
    assert tasks.send_inspection_alarms(date(2026, 11, 7))["emails"] == 0


# ---------------------------------------------------------------- dashboard


def _every_link_opens(user: Any) -> list[attention.AttentionItem]:
    items = attention.items_for(user)
    client = login(user)
    for item in items:
        if item.url:
            assert client.get(item.url).status_code == 200, (user, item)
    return items


def test_dashboard_deadlines_per_department(
    staff: dict[Role, Any],
    cases: Any,
    air_head: Any,
    air_handler: Any,
    water_head: Any,
    time_machine: Any,
) -> None:
    time_machine.move_to(datetime(2026, 10, 12, 10, tzinfo=SHANGHAI), tick=False)
    air = Department.objects.get(code="air")
    items = dashboard.deadlines(air_head)
    assert [(i.count, i.urgent) for i in items] == [(1, True), (1, False)]
    assert items[0].url.endswith(f"?queue=overdue&department={air.pk}")
    assert items[1].url.endswith(f"?queue=due_soon&department={air.pk}")
    assert dashboard.deadlines(water_head) == []
    mine = dashboard.my_cases(air_handler)
    assert [i.label.split()[0] for i in mine] == [cases["soon"].case_no]
    assert "2026-10-15" in str(mine[0].detail)
    for user in (air_head, air_handler, staff[Role.ADMINISTRATOR], water_head):
        _every_link_opens(user)
    # the overdue queue the head's link opens lists the overdue case
    html = login(air_head).get(items[0].url).content.decode()
    assert cases["late"].case_no in html and cases["soon"].case_no not in html
    assert attention.items_for(staff[Role.DATA_MANAGER]) == []
    assert attention.items_for(staff[Role.EDITOR]) == [] or all(
        "complaints" not in i.url for i in attention.items_for(staff[Role.EDITOR])
    )


def test_dashboard_alarms_for_the_head_and_the_administrator(
    staff: dict[Role, Any],
    message: Complaint,
    air_head: Any,
    air_handler: Any,
    water_head: Any,
    time_machine: Any,
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    time_machine.move_to(datetime(2026, 10, 6, 10, tzinfo=SHANGHAI), tick=False)
    assert dashboard.inspection_alarms(air_head) == []
    time_machine.move_to(datetime(2026, 10, 7, 10, tzinfo=SHANGHAI), tick=False)
    alarm = dashboard.inspection_alarms(air_head)
    assert len(alarm) == 1 and not alarm[0].urgent
    assert message.case_no in str(alarm[0].label) and "2026-11-07" in str(alarm[0].label)
    assert len(dashboard.inspection_alarms(admin)) == 1
    assert dashboard.inspection_alarms(air_handler) == []
    assert dashboard.inspection_alarms(water_head) == []
    time_machine.move_to(datetime(2026, 11, 7, 10, tzinfo=SHANGHAI), tick=False)
    veto = dashboard.inspection_alarms(air_head)
    assert len(veto) == 1 and veto[0].urgent
    for user in (air_head, admin, air_handler, water_head):
        items = _every_link_opens(user)
        if user in (air_head, admin):
            assert any(item.url.endswith(f"/{message.pk}/") and item.urgent for item in items)
