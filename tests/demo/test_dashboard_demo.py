"""After the demo is loaded every demo user finds their own work on the dashboard, and
every link there opens: the handler's and the head's cases at every stage, items at each
review step, the editor's returned item and draft, the data manager's refused rows."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db.models import Count
from wagtail.models import Revision, TaskState, WorkflowState

from lantian.core.roles import Role
from lantian.demo import air, bureau, disclosure, foi, workflow
from lantian.disclosure.models import DisclosureItem
from lantian.foi import selectors
from lantian.foi.models import Application
from tests.core import dashboard_links
from tests.core.dashboard_links import heading
from tests.demo.conftest import DEMO_NOW

pytestmark = pytest.mark.django_db

TODAY = DEMO_NOW.date()
# the air demo's refused row of 2026-09-15 14:00, and the hours before the demo's "now"
REFUSED_SPAN = (
    datetime(2026, 9, 15, 12, tzinfo=air.LOCAL),
    datetime(2026, 9, 15, 16, tzinfo=air.LOCAL),
)
RECENT_SPAN = (DEMO_NOW - timedelta(hours=6), DEMO_NOW.replace(minute=0))
# placeholder records; 封装测试 (chip packaging and testing) is an industry, not a test
NOT_DEMO_TEXT = re.compile(r"\btest\b|lorem|(?<!封装)测试", re.IGNORECASE)


@pytest.fixture
def loaded(demo: Any) -> None:
    disclosure.load(today=TODAY)
    workflow.load(today=TODAY)
    for first, last in (REFUSED_SPAN, RECENT_SPAN):
        air.load(first=first, last=last)
    foi.load(today=TODAY, password="x-demo-password-1")


def _staff_client(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


def test_the_demo_gives_every_role_work(loaded: None) -> None:
    """One load of the demo (about two minutes) for every check."""
    every_demo_user_finds_their_work_and_every_link_opens()
    the_demo_handler_and_head_have_cases_at_every_stage()
    items_in_review_are_played_by_the_demo_staff_and_loaded_once()
    no_test_records_in_the_demo()


def every_demo_user_finds_their_work_and_every_link_opens() -> None:
    pages = {}
    for member in bureau.STAFF:
        client = _staff_client(member.username)
        page = dashboard_links.read(client)
        assert not page.empty, member.username
        assert dashboard_links.broken_links(client, page) == [], member.username
        pages[member.role] = page.sections

    handler = pages[Role.CASE_HANDLER][heading("Your disclosure applications")]
    # as the Chinese back office words "%(days)d working days late/left", "reply returned"
    assert any("逾期" in row and "个工作日" in row for row in handler)  # overdue
    assert any("剩余" in row and "即将到期" in row for row in handler)  # due soon
    assert any("答复退回修改" in row for row in handler)  # sent back by the head of legal
    assert len(handler) >= 5

    head = pages[Role.DEPARTMENT_HEAD]
    assert {heading("Waiting for your review"), heading("Replies to approve")} <= set(head)
    assert len(head[heading("Waiting for your review")]) == 2  # the air division's items only
    assert len(head[heading("Replies to approve")]) >= 1
    deadlines = " ".join(head[heading("Disclosure applications: deadlines")])
    assert "超期" in deadlines and "到期" in deadlines

    assert len(pages[Role.REVIEWER][heading("Waiting for your review")]) == 2
    editor = pages[Role.EDITOR]
    assert (
        len(editor[heading("Returned to you for changes")]) == 1
        and len(editor[heading("Your drafts")]) == 1
    )
    refused = " ".join(pages[Role.DATA_MANAGER][heading("Refused air-quality rows")])
    assert "demo-2026-09.csv" in refused and "co" in refused and "999" in refused
    stale = heading("Stations without recent data")
    assert stale not in pages[Role.DATA_MANAGER]  # data is current


def the_demo_handler_and_head_have_cases_at_every_stage() -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    handler, head = users.get(username="handler"), users.get(username="head")
    assert foi.HANDLERS["legal"] == "handler" and foi.HEADS["air"] == "head"
    open_cases = Application.objects.filter(state__in=selectors.OPEN_STATES)
    clocks = selectors.case_clocks(open_cases, today=TODAY)
    for cases in (
        open_cases.filter(handler=handler),
        open_cases.filter(department=head.staff_profile.department),
    ):
        assert any(clocks[a.pk].overdue for a in cases)
        assert any(clocks[a.pk].due_soon for a in cases)
        assert cases.filter(state=Application.State.IN_REVIEW).exists()
    states = set(open_cases.filter(handler=handler).values_list("state", flat=True))
    assert {"assigned", "drafted", "in_review", "fee"} <= states


def items_in_review_are_played_by_the_demo_staff_and_loaded_once() -> None:
    titles = [item.title for item in workflow.ITEMS]
    items = DisclosureItem.objects.filter(title__in=titles)
    assert items.count() == len(workflow.ITEMS)
    assert not items.filter(live=True).exists()
    # authored by the editor; the reviewer approved the first step of the head's items
    assert set(
        Revision.objects.filter(object_id__in=[str(i.pk) for i in items]).values_list(
            "user__username", flat=True
        )
    ) == {"editor"}
    approved = TaskState.objects.filter(status=TaskState.STATUS_APPROVED)
    assert set(approved.values_list("finished_by__username", flat=True)) == {"reviewer"}
    states = WorkflowState.objects.filter(object_id__in=[str(i.pk) for i in items])
    assert dict(states.values_list("status").annotate(n=Count("pk"))) == {
        WorkflowState.STATUS_IN_PROGRESS: 4,
        WorkflowState.STATUS_NEEDS_CHANGES: 1,
    }
    counts = (
        DisclosureItem.objects.count(),
        WorkflowState.objects.count(),
        TaskState.objects.count(),
    )
    assert workflow.load(today=TODAY) == {"items": 0}
    assert (
        DisclosureItem.objects.count(),
        WorkflowState.objects.count(),
        TaskState.objects.count(),
    ) == counts


def no_test_records_in_the_demo() -> None:
    texts = [
        *DisclosureItem.objects.values_list("title", flat=True),
        *DisclosureItem.objects.values_list("summary", flat=True),
        *Application.objects.values_list("description", flat=True),
        *Application.objects.values_list("name", flat=True),
        *(p.remark for p in workflow.ITEMS),
    ]
    assert [text for text in texts if NOT_DEMO_TEXT.search(text)] == []
