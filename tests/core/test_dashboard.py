"""The back-office dashboard greets staff and lists their own work, each part behind the
policy of the screen it opens; every link on it opens for every role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from lantian.air import services as air_services
from lantian.core import selectors
from lantian.core.models import CalendarYear, Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.demo import air as air_demo
from lantian.demo import workflow as workflow_demo
from lantian.foi import services as foi_services
from tests.core import dashboard_links
from tests.core.dashboard_links import heading
from tests.foi import flow

pytestmark = pytest.mark.django_db


def test_greeting_names_department_and_role(client_as) -> None:
    page = client_as(Role.CASE_HANDLER).get("/admin/").content.decode()
    assert "王丽" in page
    assert "法规与标准处" in page
    assert "承办人" in page  # the role, in Chinese by default


def test_empty_attention_list_says_so(client_as) -> None:
    page = client_as(Role.EDITOR).get("/admin/").content.decode()
    assert "lantian-attention--empty" in page


def test_unconfirmed_calendar_years() -> None:
    assert selectors.unconfirmed_calendar_years(date(2026, 6, 1)) == []
    assert selectors.unconfirmed_calendar_years(date(2026, 11, 26)) == [2027]
    CalendarYear.objects.create(year=2027, confirmed=True)
    assert selectors.unconfirmed_calendar_years(date(2026, 11, 26)) == []


def test_administrator_is_told_to_enter_next_years_calendar(client_as, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "local_today", lambda: date(2026, 11, 26))
    page = client_as(Role.ADMINISTRATOR).get("/admin/").content.decode()
    assert "2027" in page
    assert "lantian-attention--urgent" in page
    editor_page = client_as(Role.EDITOR).get("/admin/").content.decode()
    assert "lantian-attention--urgent" not in editor_page


def test_dashboard_in_english_when_the_user_prefers_it(client_as, staff) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff[Role.CASE_HANDLER])
    profile.preferred_language = "en"
    profile.save()
    page = client_as(Role.CASE_HANDLER).get("/admin/").content.decode()
    assert "Case handler" in page
    assert "Needs your attention" in page


# ---- the user's own work, behind the policy of the screen it opens

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def plain_administrator(demo) -> Any:
    """An administrator who is not a superuser (the demo's admin is both)."""
    return save_staff_member(
        actor=None,
        username="admin-2",
        family_name="钱",
        given_name="伟",
        email="admin-2@sthjj.demo.gov.cn",
        department=Department.objects.get(code="office"),
        roles=[Role.ADMINISTRATOR],
    )


def paused_case(staff: dict[Role, Any]) -> Any:
    """A case of the handler's waiting for the applicant's supplement (its clock paused)."""
    case = flow.assigned(staff, date(2026, 11, 20), name="林小雨")
    return foi_services.request_supplement(
        actor=staff[Role.CASE_HANDLER],
        application=case,
        on=date(2026, 11, 23),
        deadline=date(2026, 12, 14),
        note="请写明所需信息的名称或文号。",
    )


@pytest.fixture
def work(staff: dict[Role, Any], frozen: None) -> dict[str, Any]:
    """Something for every role: items in review (the demo's), the handler's cases, a reply
    of the air division to approve, and an air file with a refused row."""
    workflow_demo.load(today=NOW.date())
    handler_cases = {
        "overdue": flow.assigned(staff, date(2026, 10, 15)),
        "paused": paused_case(staff),
    }
    admin = staff[Role.ADMINISTRATOR]
    air_case, _code = flow.register(admin, date(2026, 11, 10), name="陈晓峰")
    foi_services.assign(
        actor=admin, application=air_case, department=Department.objects.get(code="air")
    )
    foi_services.draft_reply(
        actor=admin, application=air_case, reply_type="disclose", text="经审查，予以公开。"
    )
    foi_services.submit_reply_for_review(actor=admin, application=air_case)
    air_demo.save_stations()
    row = "3105A,2026-11-26 09:00,5,22,0.6,96,-8,12,\n"
    batch = air_services.ingest_payload(
        actor=None, content=air_demo.to_csv([]) + row.encode(), filename="hourly-2026112609.csv"
    )
    return {**handler_cases, "air_case": air_case, "batch": batch, **complaints_work(staff)}


def complaints_work(staff: dict[Role, Any]) -> dict[str, Any]:
    """A public message with the air division, unanswered since September (past the
    two-month alarm, its intake overdue), and a case of the handler's own."""
    from lantian.complaints import services as complaints

    admin = staff[Role.ADMINISTRATOR]

    def with_department(day: date, title: str, code: str, note: str) -> Any:
        case, _code = complaints.register_complaint(
            actor=None,
            channel="online",
            category="air",
            title=title,
            description="夜间化工园区方向有刺鼻异味。",
            submitted_at=datetime(day.year, day.month, day.day, 9, tzinfo=NOW.tzinfo),
            anonymous=True,
        )
        department = Department.objects.get(code=code)
        return complaints.transfer(
            actor=admin, complaint=case, department=department, note=note, on=day
        )

    unanswered = with_department(date(2026, 9, 10), "化工园区夜间异味", "air", "大气污染问题。")
    own = with_department(date(2026, 11, 20), "工地扬尘", "legal", "涉及执法依据。")
    complaints.assign_handler(
        actor=admin, complaint=own, handler=staff[Role.CASE_HANDLER], on=date(2026, 11, 20)
    )
    return {"unanswered_message": unanswered, "own_complaint": own}


def everyone(client_as, plain_administrator) -> dict[str, Client]:
    clients = {role.value: client_as(role) for role in Role}  # the demo admin is a superuser
    clients["administrator (not a superuser)"] = Client()
    clients["administrator (not a superuser)"].force_login(
        plain_administrator, backend="django.contrib.auth.backends.ModelBackend"
    )
    return clients


def test_every_link_on_every_dashboard_opens(work, client_as, plain_administrator) -> None:
    complaint_links = set()
    for who, client in everyone(client_as, plain_administrator).items():
        page = dashboard_links.read(client)
        assert page.links, who
        assert dashboard_links.broken_links(client, page) == [], who
        complaint_links |= {(who, link) for link in page.links if "/admin/complaints/" in link}
    # the complaint panels were there to follow: the handler's own case, the air head's
    # alarm and deadline, the administrators' alarm
    whose = {who for who, _link in complaint_links}
    assert {Role.CASE_HANDLER.value, Role.DEPARTMENT_HEAD.value, Role.ADMINISTRATOR.value} <= whose


def test_each_role_sees_its_own_work(work, client_as) -> None:
    pages = {role: dashboard_links.read(client_as(role)) for role in Role}

    def text(role: Role) -> str:
        return " ".join(" ".join(items) for items in pages[role].sections.values())

    editor = pages[Role.EDITOR].sections
    assert "关于调整示范市声环境功能区划的公告（征求意见稿）" in " ".join(
        editor[heading("Returned to you for changes")]
    )
    assert "噪声自动监测点位坐标" in " ".join(
        editor[heading("Returned to you for changes")]
    )  # the remark
    assert "示范市生态环境局2027年政务公开工作要点" in " ".join(editor[heading("Your drafts")])

    reviewer = " ".join(pages[Role.REVIEWER].sections[heading("Waiting for your review")])
    assert "排污许可证执行报告质量抽查" in reviewer and "秋冬季大气污染综合治理" in reviewer
    assert "应急减排清单" not in reviewer  # at the head's step

    head = " ".join(pages[Role.DEPARTMENT_HEAD].sections[heading("Waiting for your review")])
    assert "应急减排清单" in head and "挥发性有机物专项执法检查" in head
    assert "排污许可证执行报告" not in head  # at the reviewer's step
    approvals = " ".join(pages[Role.DEPARTMENT_HEAD].sections[heading("Replies to approve")])
    assert work["air_case"].tracking_code in approvals

    handler = " ".join(pages[Role.CASE_HANDLER].sections[heading("Your disclosure applications")])
    assert work["overdue"].tracking_code in handler and work["paused"].tracking_code in handler
    assert "逾期" in handler and "个工作日" in handler  # "%(days)d working days late"

    data = " ".join(pages[Role.DATA_MANAGER].sections[heading("Refused air-quality rows")])
    assert "hourly-2026112609.csv" in data and "pm10" in data
    assert "3105A" in " ".join(
        pages[Role.DATA_MANAGER].sections[heading("Stations without recent data")]
    )

    # nobody is shown the disclosure applications' deadlines behind a door they cannot open
    for role in (Role.EDITOR, Role.REVIEWER, Role.DATA_MANAGER):
        assert "Disclosure applications: deadlines" not in pages[role].sections, role
        assert "disclosure application" not in text(role), role
    assert not any(page.empty for page in pages.values())


def test_nothing_to_do_only_when_there_is_nothing(staff, client_as, frozen) -> None:
    assert dashboard_links.read(client_as(Role.CASE_HANDLER)).empty
    # two open cases, neither due soon nor overdue: still the handler's work
    case = flow.assigned(staff, date(2026, 11, 24))
    paused = paused_case(staff)
    page = dashboard_links.read(client_as(Role.CASE_HANDLER))
    assert not page.empty
    mine = " ".join(page.sections[heading("Your disclosure applications")])
    assert case.tracking_code in mine and paused.tracking_code in mine
    # the editor of the same department (legal) has no door to the cases
    assert dashboard_links.read(client_as(Role.EDITOR)).empty


def test_a_link_is_offered_only_through_its_door(work, staff) -> None:
    """The dashboard asks the checks in front of each link's view (core.admin_access):
    a disclosure item's edit view is closed to case handlers and data managers."""
    from lantian.core import admin_access
    from lantian.disclosure.models import DisclosureItem

    item = DisclosureItem.objects.get(title="示范市生态环境局2027年政务公开工作要点")
    url = f"/admin/disclosure/items/edit/{item.pk}/"
    assert admin_access.allows(staff[Role.EDITOR], url)
    assert not admin_access.allows(staff[Role.CASE_HANDLER], url)
    assert not admin_access.allows(staff[Role.DATA_MANAGER], url)
