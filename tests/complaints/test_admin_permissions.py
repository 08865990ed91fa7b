"""Who may open the complaints back office and which audit entries they see: the roles'
permissions, the menu, the doors (core.admin_access) in front of every screen, and the
audit log narrowed to the cases the user sees."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.complaints import services
from lantian.complaints.admin import permissions, views
from lantian.complaints.models import Complaint, RoutingRule
from lantian.core import admin_access, audit
from lantian.core.models import Department
from lantian.core.roles import Role
from tests.complaints.conftest import department

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def cases(register: Any, staff: dict[Role, Any]) -> dict[str, Complaint]:
    """An air case and a water case, each opened by staff (an audit entry each)."""
    actor = staff[Role.ADMINISTRATOR]
    RoutingRule.objects.all().delete()  # registered without a department, then given one
    air = register()
    water = register(category="water", title="河道发黑发臭")
    services.transfer(actor=actor, complaint=air, department=department("air"), note="大气类")
    services.transfer(actor=actor, complaint=water, department=department("water"), note="水类")
    return {"air": air, "water": water}


def test_role_permissions(staff: dict[Role, Any]) -> None:
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR):
        assert permissions.can_view(staff[role]) and permissions.can_change(staff[role])
        assert permissions.can_register(staff[role])
    for role in (Role.EDITOR, Role.REVIEWER, Role.DATA_MANAGER):
        assert not permissions.can_view(staff[role])
        assert not permissions.can_change(staff[role])
    # only administrators edit the settings
    for codename in ("change_category", "add_routingrule", "change_channelrule"):
        assert staff[Role.ADMINISTRATOR].has_perm(f"complaints.{codename}")
        assert not staff[Role.CASE_HANDLER].has_perm(f"complaints.{codename}")
        assert not staff[Role.DEPARTMENT_HEAD].has_perm(f"complaints.{codename}")
    assert permissions.is_head(staff[Role.DEPARTMENT_HEAD])
    assert not permissions.is_head(staff[Role.CASE_HANDLER])


def test_doors_guard_every_screen(staff: dict[Role, Any], cases: dict[str, Complaint]) -> None:
    case = reverse(views.NAMESPACE + ":case", args=[cases["air"].pk])
    act = reverse(views.NAMESPACE + ":act", args=[cases["air"].pk, "accept"])
    settings_list = reverse("complaints_categories:list")
    for role in (Role.EDITOR, Role.DATA_MANAGER):
        assert not admin_access.allows(staff[role], case)
        assert not admin_access.allows(staff[role], act)
    assert admin_access.allows(staff[Role.CASE_HANDLER], case)
    assert not admin_access.allows(staff[Role.CASE_HANDLER], settings_list)
    assert admin_access.allows(staff[Role.ADMINISTRATOR], settings_list)
    # the settings screens answer 403 to a handler, 200 to an administrator
    for name in (
        "complaints_categories:list",
        "complaints_routing:list",
        "complaints_channels:list",
        "complaints_letter_templates:list",
    ):
        assert login(staff[Role.CASE_HANDLER]).get(reverse(name)).status_code == 403
        assert login(staff[Role.ADMINISTRATOR]).get(reverse(name)).status_code == 200


def test_menu_public_interaction(staff: dict[Role, Any]) -> None:
    home = reverse("wagtailadmin_home")
    handler_html = login(staff[Role.CASE_HANDLER]).get(home).content.decode()
    assert reverse(views.NAMESPACE + ":index") in handler_html
    assert reverse("complaints_categories:list") not in handler_html
    admin_html = login(staff[Role.ADMINISTRATOR]).get(home).content.decode()
    assert reverse("complaints_categories:list") in admin_html
    assert reverse("complaints_routing:list") in admin_html
    editor_html = login(staff[Role.EDITOR]).get(home).content.decode()
    assert reverse(views.NAMESPACE + ":index") not in editor_html


def _complaint_entries(user: Any) -> set[str]:
    entries = audit.viewable_entries(user, ModelLogEntry.objects.all())
    return set(
        entries.filter(action__startswith=permissions.AUDIT_ACTION_PREFIX).values_list(
            "object_id", flat=True
        )
    )


def test_audit_log_shows_entries_of_the_cases_the_user_sees(
    staff: dict[Role, Any], cases: dict[str, Complaint], water_handler: Any, air_handler: Any
) -> None:
    air, water = str(cases["air"].pk), str(cases["water"].pk)
    assert login(air_handler).get(reverse(views.NAMESPACE + ":case", args=[air])).status_code == 200
    assert {air, water} <= _complaint_entries(staff[Role.ADMINISTRATOR])
    assert _complaint_entries(air_handler) == {air}
    assert _complaint_entries(staff[Role.DEPARTMENT_HEAD]) == {air}  # head of 大气环境处
    assert _complaint_entries(water_handler) == {water}
    assert _complaint_entries(staff[Role.EDITOR]) == set()
    assert _complaint_entries(staff[Role.DATA_MANAGER]) == set()
    # the audit report (Reports → Site history) as a handler: no other department's case
    page = login(water_handler).get(reverse("wagtailadmin_reports:site_history"))
    assert page.status_code == 200


def test_the_office_sees_every_entry(staff: dict[Role, Any], cases: dict[str, Complaint]) -> None:
    from tests.complaints.conftest import member

    office_handler = member("office-handler", "office", Role.CASE_HANDLER)
    seen = _complaint_entries(office_handler)
    assert {str(cases["air"].pk), str(cases["water"].pk)} <= seen
    assert Department.objects.get(code="office") == office_handler.staff_profile.department
    assert date(2026, 9, 30) == cases["air"].received_on
