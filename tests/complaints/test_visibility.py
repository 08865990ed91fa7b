"""Who sees which cases: office-wide roles all; a case handler or department head their
department's; staff of other roles and the public none."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from lantian.complaints import selectors, services
from lantian.complaints.models import Complaint, RoutingRule
from lantian.core.roles import Role
from tests.complaints.conftest import department, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(register: Any, staff: dict[Role, Any]) -> dict[str, Complaint]:
    RoutingRule.objects.all().delete()  # registered without a department, then given one
    air = register()
    water = register(category="water", title="河道发黑发臭")
    actor = staff[Role.ADMINISTRATOR]
    services.transfer(actor=actor, complaint=air, department=department("air"), note="大气类")
    services.transfer(actor=actor, complaint=water, department=department("water"), note="水环境类")
    return {"air": air, "water": water}


def visible(user: Any) -> set[int]:
    return set(selectors.cases_visible_to(user).values_list("pk", flat=True))


def test_office_wide_roles_see_all(cases: dict[str, Complaint], staff: dict[Role, Any]) -> None:
    everything = {c.pk for c in cases.values()}
    assert visible(staff[Role.ADMINISTRATOR]) >= everything  # superuser
    assert visible(staff[Role.EDITOR]) >= everything  # a member of the office (办公室)
    admin_elsewhere = member("admin2", "water", Role.ADMINISTRATOR)
    assert visible(admin_elsewhere) >= everything


def test_department_sees_only_its_cases(
    cases: dict[str, Complaint], staff: dict[Role, Any], air_handler: Any, water_handler: Any
) -> None:
    assert visible(staff[Role.DEPARTMENT_HEAD]) == {cases["air"].pk}  # head of 大气环境处
    assert visible(air_handler) == {cases["air"].pk}
    assert visible(water_handler) == {cases["water"].pk}
    assert not selectors.can_see(water_handler, cases["air"])


def test_others_see_none(cases: dict[str, Complaint], staff: dict[Role, Any]) -> None:
    assert visible(AnonymousUser()) == set()
    assert visible(None) == set()
    assert visible(staff[Role.DATA_MANAGER]) == set()  # 监测站, not a case role
    assert visible(staff[Role.CASE_HANDLER]) == set()  # 法规与标准处: no case there
    reviewer_elsewhere = member("reviewer-air", "air", Role.REVIEWER)
    assert visible(reviewer_elsewhere) == set()


def test_transfer_moves_visibility(
    cases: dict[str, Complaint], staff: dict[Role, Any], air_handler: Any, water_handler: Any
) -> None:
    services.transfer(
        actor=staff[Role.DEPARTMENT_HEAD],
        complaint=cases["air"],
        department=department("water"),
        note="实为污水问题",
    )
    assert visible(air_handler) == set()
    assert visible(water_handler) == {cases["air"].pk, cases["water"].pk}
