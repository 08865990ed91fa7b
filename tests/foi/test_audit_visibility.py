"""The audit log (Reports → Site history, its filters and downloads) shows FOI entries only
of the cases the user sees: a handler those of the department, a head those of the
department, office-wide roles and administrators all, editors and data managers none."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.log_actions import registry

from lantian.core import audit
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.foi import services
from lantian.foi.admin import views
from lantian.foi.admin.permissions import AUDIT_ACTION_PREFIX
from lantian.foi.models import Application, Remedy
from tests.conftest import PASSWORD
from tests.foi import flow

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 11, 2)
WATER_HANDLER_NAME = "孙海燕"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def member(username: str, department: str, role: Role, family: str, given: str) -> Any:
    return save_staff_member(
        actor=None,
        username=username,
        family_name=family,
        given_name=given,
        email=f"{username}@sthjj.demo.gov.cn",
        department=Department.objects.get(code=department),
        roles=[role],
        password=PASSWORD,
    )


def case_in(staff: dict[Role, Any], department: str, handler: Any = None) -> Application:
    application, _code = flow.register(staff[Role.ADMINISTRATOR], RECEIVED)
    return services.assign(
        actor=staff[Role.ADMINISTRATOR],
        application=application,
        department=Department.objects.get(code=department),
        handler=handler,
    )


@pytest.fixture
def bureau_log(staff: dict[Role, Any]) -> dict[str, Any]:
    """Cases of three departments with entries written by the services and the back
    office: registration and assignment (by the administrator), case pages opened by their
    handlers, a remedy's change, and a handler's export of the case list."""
    water_handler = member("water-handler", "water", Role.CASE_HANDLER, "孙", "海燕")
    legal = flow.assigned(staff, RECEIVED)  # 法规与标准处, handled by 王丽
    water = case_in(staff, "water", handler=water_handler)
    air = case_in(staff, "air")  # the demo head's 大气环境处
    for user, case in ((staff[Role.CASE_HANDLER], legal), (water_handler, water)):
        assert login(user).get(reverse("foi_admin:case", args=[case.pk])).status_code == 200
    remedy = Remedy.objects.create(
        application=water, kind=Remedy.Kind.RECONSIDERATION, filed_on=date(2026, 11, 20)
    )
    audit.record(
        actor=water_handler,
        instance=remedy,
        action="wagtail.edit",
        changes={"note": ["", "复议机关已受理"]},
    )
    assert login(water_handler).get(reverse("foi_admin:index"), {"export": "csv"}).status_code
    return {
        "legal": legal,
        "water": water,
        "air": air,
        "remedy": remedy,
        "water_handler": water_handler,
    }


def site_history(client: Client, **params: str) -> Any:
    return client.get(reverse("wagtailadmin_reports:site_history"), params)


def exported_rows(client: Client, **params: str) -> list[list[str]]:
    """The CSV download: a heading row, then ID, name, type, action, user, time."""
    response = site_history(client, export="csv", **params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def labels(client: Client) -> set[str]:
    return {row[1] for row in exported_rows(client)[1:]}


def codes_of(log: dict[str, Any], *keys: str) -> set[str]:
    return {log[key].tracking_code for key in keys}


def test_every_foi_action_carries_the_prefix(db: Any) -> None:
    """The filter knows FOI entries on other records (e.g. an export) by the prefix."""
    foi_actions = [action for action, _label in registry.get_choices() if "foi" in action]
    assert {views.CASE_VIEWED, views.CASES_EXPORTED, services.AUDIT_ACTION} <= set(foi_actions)
    assert all(action.startswith(AUDIT_ACTION_PREFIX) for action in foi_actions)


def test_a_handler_sees_the_entries_of_the_departments_cases_only(
    client_as: Any, bureau_log: dict[str, Any]
) -> None:
    legal_handler = client_as(Role.CASE_HANDLER)
    seen = labels(legal_handler)
    assert bureau_log["legal"].tracking_code in seen
    assert not codes_of(bureau_log, "water", "air") & seen
    assert str(bureau_log["remedy"]) not in seen
    page = site_history(legal_handler).content.decode()
    assert bureau_log["legal"].tracking_code in page
    assert bureau_log["water"].tracking_code not in page
    assert WATER_HANDLER_NAME not in page  # neither in a row nor among the user filter's choices
    water_handler = login(bureau_log["water_handler"])
    seen = labels(water_handler)
    assert bureau_log["water"].tracking_code in seen and str(bureau_log["remedy"]) in seen
    assert not codes_of(bureau_log, "legal", "air") & seen


def test_the_results_view_and_filters_follow_the_same_scope(
    client_as: Any, bureau_log: dict[str, Any]
) -> None:
    client = client_as(Role.CASE_HANDLER)
    results = client.get(reverse("wagtailadmin_reports:site_history_results"))
    assert results.status_code == 200
    text = results.content.decode()
    assert bureau_log["legal"].tracking_code in text
    assert bureau_log["water"].tracking_code not in text
    by_action = client.get(
        reverse("wagtailadmin_reports:site_history_results"), {"action": views.CASE_VIEWED}
    ).content.decode()
    assert bureau_log["water"].tracking_code not in by_action
    assert WATER_HANDLER_NAME not in by_action
    # the other department's handler is no choice of the user filter: asking for him
    # filters nothing, and still shows none of his entries
    by_user = exported_rows(client, user=str(bureau_log["water_handler"].pk))
    assert not any(WATER_HANDLER_NAME in row for row in by_user)
    assert bureau_log["water"].tracking_code not in {row[1] for row in by_user}


def test_a_department_head_sees_the_departments_cases(
    client_as: Any, bureau_log: dict[str, Any]
) -> None:
    seen = labels(client_as(Role.DEPARTMENT_HEAD))  # 大气环境处
    assert bureau_log["air"].tracking_code in seen
    assert not codes_of(bureau_log, "legal", "water") & seen


def test_office_staff_and_administrators_see_every_case(
    client_as: Any, bureau_log: dict[str, Any]
) -> None:
    office_handler = member("office-handler", "office", Role.CASE_HANDLER, "吴", "芳")
    everything = codes_of(bureau_log, "legal", "water", "air")
    assert everything <= labels(login(office_handler))
    admin_rows = exported_rows(client_as(Role.ADMINISTRATOR))
    assert everything <= {row[1] for row in admin_rows}
    assert str(bureau_log["remedy"]) in {row[1] for row in admin_rows}
    assert any(WATER_HANDLER_NAME in row for row in admin_rows)  # the export, on the user


def test_roles_without_the_foi_view_permission_see_no_foi_entries(
    client_as: Any, bureau_log: dict[str, Any]
) -> None:
    everything = codes_of(bureau_log, "legal", "water", "air")
    for role in (Role.EDITOR, Role.REVIEWER, Role.DATA_MANAGER):  # editor and reviewer: 办公室
        client = client_as(role)
        rows = exported_rows(client)
        assert not everything & {row[1] for row in rows}, role
        assert not any(row[3].startswith(("Case", "案件")) for row in rows[1:]), role
        page = site_history(client).content.decode()
        assert not any(code in page for code in everything), role
        assert WATER_HANDLER_NAME not in page, role


def test_the_xlsx_download_is_filtered_too(client_as: Any, bureau_log: dict[str, Any]) -> None:
    response = site_history(client_as(Role.CASE_HANDLER), export="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert bureau_log["legal"].tracking_code in values
    assert not codes_of(bureau_log, "water", "air") & values
    assert WATER_HANDLER_NAME not in values
