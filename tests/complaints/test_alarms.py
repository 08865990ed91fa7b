"""Website-inspection alarms for unanswered public messages (2 and 3 calendar months,
tested on the edge days), the due-soon / overdue queues, and the statistics."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.complaints import selectors, services
from lantian.complaints.models import RoutingRule
from lantian.complaints.selectors import add_months
from lantian.core.roles import Role
from tests.complaints.conftest import department

pytestmark = pytest.mark.django_db


def levels(today: date) -> dict[int, str]:
    return {m.complaint.pk: m.level for m in selectors.unanswered_public_messages(today)}


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 3, 31), 2) == date(2026, 5, 31)
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)  # leap year
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 15), 3) == date(2026, 11, 15)


@pytest.mark.parametrize(
    ("received", "today", "level"),
    [
        (date(2026, 3, 31), date(2026, 5, 30), None),  # a day short of 2 months
        (date(2026, 3, 31), date(2026, 5, 31), "alarm"),  # exactly 2 months
        (date(2026, 3, 31), date(2026, 6, 29), "alarm"),
        (date(2026, 3, 31), date(2026, 6, 30), "veto"),  # exactly 3 months (30 June)
        (date(2025, 12, 31), date(2026, 2, 27), None),
        (date(2025, 12, 31), date(2026, 2, 28), "alarm"),  # February has no 31st
        (date(2025, 12, 31), date(2026, 3, 30), "alarm"),
        (date(2025, 12, 31), date(2026, 3, 31), "veto"),
        (date(2026, 8, 15), date(2026, 10, 14), None),
        (date(2026, 8, 15), date(2026, 10, 15), "alarm"),
        (date(2026, 8, 15), date(2026, 11, 15), "veto"),
    ],
)
def test_alarm_edges(register: Any, received: date, today: date, level: str | None) -> None:
    message = register(channel="mailbox", received_on=received)
    assert levels(today).get(message.pk) == level


def test_only_unanswered_valid_public_messages_count(register: Any, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    received = date(2026, 3, 2)
    waiting = register(channel="online", received_on=received)
    accepted_only = register(channel="mailbox", received_on=received)
    services.accept(actor=actor, complaint=accepted_only, on=date(2026, 3, 5))
    answered = register(channel="mailbox", received_on=received)
    services.accept(actor=actor, complaint=answered, on=date(2026, 3, 5))
    services.reply(actor=actor, complaint=answered, text="已答复。", on=date(2026, 4, 1))
    spam = register(channel="online", received_on=received)
    services.mark_invalid(actor=actor, complaint=spam, reason="广告", on=date(2026, 3, 3))
    duplicate = register(channel="online", received_on=received)
    services.merge_duplicate(actor=actor, complaint=duplicate, master=waiting, on=date(2026, 3, 3))
    hotline = register(channel="hotline_12369", received_on=received)  # not a public message
    found = levels(date(2026, 6, 2))
    assert found == {waiting.pk: "veto", accepted_only.pk: "veto"}
    assert hotline.pk not in found and spam.pk not in found
    # reopening makes an answered message unanswered again
    services.reopen(actor=actor, complaint=answered, reason="群众不满意", on=date(2026, 4, 20))
    assert levels(date(2026, 6, 2))[answered.pk] == "veto"


def test_due_soon_and_overdue_queues_per_department(
    register: Any, staff: dict[Role, Any], air_handler: Any, water_handler: Any
) -> None:
    RoutingRule.objects.all().delete()
    actor = staff[Role.ADMINISTRATOR]
    air_late = register(received_on=date(2026, 9, 1))  # intake due 16 Sep
    air_soon = register(received_on=date(2026, 9, 20))  # intake due 5 Oct
    air_fine = register(received_on=date(2026, 9, 30))  # intake due 15 Oct
    water_late = register(category="water", received_on=date(2026, 9, 1))
    for case in (air_late, air_soon, air_fine):
        services.transfer(actor=actor, complaint=case, department=department("air"), note="大气")
    services.transfer(actor=actor, complaint=water_late, department=department("water"), note="水")
    today = date(2026, 10, 1)
    queues = selectors.due_soon_and_overdue(None, today)
    air = [c.pk for c, _clock in queues[department("air")]]
    assert air == [air_late.pk, air_soon.pk]  # most urgent first; 15 Oct not yet due soon
    assert [c.pk for c, _clock in queues[department("water")]] == [water_late.pk]
    mine = selectors.due_soon_and_overdue(air_handler, today)
    assert set(mine) == {department("air")}
    assert selectors.due_soon_and_overdue(staff[Role.DATA_MANAGER], today) == {}


def test_statistics(
    register: Any, staff: dict[Role, Any], django_assert_max_num_queries: Any
) -> None:
    actor = staff[Role.ADMINISTRATOR]
    on_time = register(received_on=date(2026, 3, 2))
    services.accept(actor=actor, complaint=on_time, on=date(2026, 3, 3))
    services.reply(actor=actor, complaint=on_time, text="已整改。", on=date(2026, 4, 1))
    late = register(category="noise", received_on=date(2026, 3, 10))
    services.accept(actor=actor, complaint=late, on=date(2026, 3, 11))
    services.reply(actor=actor, complaint=late, text="已处理。", on=date(2026, 5, 20))  # day 70
    services.close(actor=actor, complaint=late, on=date(2026, 5, 25))
    refused = register(received_on=date(2026, 4, 1))
    services.refuse(
        actor=actor,
        complaint=refused,
        on=date(2026, 4, 2),
        reason="属劳动争议",
        referred_to="示范市人力资源和社会保障局",
    )
    mailbox_answered = register(channel="mailbox", received_on=date(2026, 4, 3))
    services.accept(actor=actor, complaint=mailbox_answered, on=date(2026, 4, 3))
    services.reply(actor=actor, complaint=mailbox_answered, text="感谢建议。", on=date(2026, 4, 9))
    register(channel="mailbox", received_on=date(2026, 4, 5))  # unanswered
    spam = register(channel="mailbox", received_on=date(2026, 4, 6))
    services.mark_invalid(actor=actor, complaint=spam, reason="广告", on=date(2026, 4, 6))
    register(received_on=date(2025, 12, 30))  # another year

    with django_assert_max_num_queries(8):
        stats = selectors.statistics(2026)
    assert stats["received"] == 5 and stats["invalid"] == 1
    assert stats["accepted"] == 3 and stats["refused"] == 1
    assert stats["closed"] == 3 and stats["closed_on_time"] == 2
    assert stats["mailbox_received"] == 2 and stats["mailbox_answer_rate"] == 0.5
    assert stats["by_channel"]["hotline_12369"] == {"received": 3, "closed": 2}
    assert stats["by_category"]["noise"] == {"received": 1, "closed": 1}
    assert stats["by_month"] == {3: {"received": 2, "closed": 2}, 4: {"received": 3, "closed": 1}}
    april = selectors.statistics(2026, 4)
    assert april["received"] == 3 and april["closed"] == 1 and april["refused"] == 1
    assert selectors.statistics(2025)["received"] == 1


def test_statistics_count_a_reopened_late_round(register: Any, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    case = register(received_on=date(2026, 3, 2))
    services.accept(actor=actor, complaint=case, on=date(2026, 3, 3))
    services.reply(actor=actor, complaint=case, text="已整改。", on=date(2026, 4, 1))
    assert selectors.statistics(2026)["closed_on_time"] == 1
    services.reopen(actor=actor, complaint=case, reason="复查：问题仍存在", on=date(2026, 4, 10))
    assert selectors.statistics(2026)["closed"] == 0
    services.reply(actor=actor, complaint=case, text="再次整改。", on=date(2026, 6, 10))  # day 61
    stats = selectors.statistics(2026)
    assert stats["closed"] == 1 and stats["closed_on_time"] == 0
