"""Reports → Site history (the page, its results view, its filters and its CSV/XLSX
downloads) shows complaint entries only of the cases the user sees (issue 15, item 2):
a handler those of the department, office-wide roles and administrators all, editors
and data managers none — the same scope as the case list."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lantian.complaints import services
from lantian.complaints.models import Complaint, RoutingRule
from lantian.core.roles import Role
from tests.complaints.conftest import department, member, signed_in

pytestmark = pytest.mark.django_db

WATER_HANDLER_NAME = "孙海燕"  # tests.complaints.conftest.member's default name


@pytest.fixture
def cases(register: Any, staff: dict[Role, Any], water_handler: Any) -> dict[str, Complaint]:
    """An air case and a water case, each transferred to its division by the
    administrator; the water case then opened by its own handler."""
    actor = staff[Role.ADMINISTRATOR]
    RoutingRule.objects.all().delete()  # registered without a department, then given one
    air = register()
    water = register(category="water", title="河道发黑发臭")
    services.transfer(actor=actor, complaint=air, department=department("air"), note="大气类")
    services.transfer(actor=actor, complaint=water, department=department("water"), note="水类")
    page = reverse("complaints_admin:case", args=[water.pk])
    assert signed_in(water_handler).get(page).status_code == 200
    return {"air": air, "water": water}


def history(client: Client, results: bool = False, **params: str) -> Any:
    name = "site_history_results" if results else "site_history"
    return client.get(reverse(f"wagtailadmin_reports:{name}"), params)


def csv_rows(client: Client, **params: str) -> list[list[str]]:
    response = history(client, export="csv", **params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_values(client: Client) -> set[Any]:
    response = history(client, export="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return {cell for row in sheet.iter_rows(values_only=True) for cell in row}


def test_a_handler_sees_only_the_departments_cases_in_every_form_of_the_history(
    cases: dict[str, Complaint], air_handler: Any
) -> None:
    air, water = cases["air"].case_no, cases["water"].case_no
    client = signed_in(air_handler)
    for response in (history(client), history(client, results=True)):
        assert response.status_code == 200
        text = response.content.decode()
        assert air in text
        assert water not in text
        assert WATER_HANDLER_NAME not in text  # neither in a row nor the user filter
    labels = {row[1] for row in csv_rows(client)[1:]}
    assert air in labels and water not in labels
    values = xlsx_values(client)
    assert air in values and water not in values and WATER_HANDLER_NAME not in values


def test_filtering_by_another_departments_handler_shows_nothing_of_theirs(
    cases: dict[str, Complaint], air_handler: Any, water_handler: Any
) -> None:
    rows = csv_rows(signed_in(air_handler), user=str(water_handler.pk))
    assert not any(WATER_HANDLER_NAME in row for row in rows)
    assert cases["water"].case_no not in {row[1] for row in rows}


def test_the_office_and_administrators_see_every_case(
    cases: dict[str, Complaint], staff: dict[Role, Any]
) -> None:
    both = {cases["air"].case_no, cases["water"].case_no}
    office_handler = member("office-handler", "office", Role.CASE_HANDLER, "吴", "芳")
    for user in (office_handler, staff[Role.ADMINISTRATOR]):
        assert both <= {row[1] for row in csv_rows(signed_in(user))[1:]}


def test_roles_without_complaint_work_see_no_complaint_entries(
    cases: dict[str, Complaint], staff: dict[Role, Any]
) -> None:
    both = {cases["air"].case_no, cases["water"].case_no}
    for role in (Role.EDITOR, Role.REVIEWER, Role.DATA_MANAGER):
        client = signed_in(staff[role])
        assert not both & {row[1] for row in csv_rows(client)[1:]}, role
        page = history(client).content.decode()
        assert not any(code in page for code in both), role
