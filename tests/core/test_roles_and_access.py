"""Roles, permissions at section roots, and the doors of the back office."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from lantian.core.roles import GROUP_NAMES, Role, ensure_roles, roles_of
from lantian.portal.models import SectionPage

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_after_migrate() -> None:
    assert set(GROUP_NAMES.values()) <= set(Group.objects.values_list("name", flat=True))
    admin_perms = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="系统管理员").permissions.select_related("content_type")
    }
    assert {
        "wagtailadmin.access_admin",
        "core.change_calendarday",
        "core.change_user",
    } <= admin_perms
    editor_perms = set(
        Group.objects.get(name="编辑").permissions.values_list("codename", flat=True)
    )
    assert "change_user" not in editor_perms


def test_ensure_roles_is_idempotent() -> None:
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name__in=GROUP_NAMES.values()).count() == len(Role)


def test_page_permissions_are_granted_at_section_roots_only(demo) -> None:
    from wagtail.models import GroupPagePermission

    sections = set(SectionPage.objects.filter(depth=3).values_list("pk", flat=True))
    granted = set(GroupPagePermission.objects.values_list("page_id", flat=True))
    assert granted == sections
    assert len(sections) == 6


def test_each_demo_user_has_one_role_and_a_department(staff) -> None:
    for role, user in staff.items():
        assert role in roles_of(user)
        assert user.staff_profile.department is not None


def test_editor_may_edit_but_not_publish_reviewer_may_publish(staff) -> None:
    guide = Page.objects.get(slug="functions").specific
    editor_perms = guide.permissions_for_user(staff[Role.EDITOR])
    assert editor_perms.can_edit()
    assert not editor_perms.can_publish()
    reviewer_perms = guide.permissions_for_user(staff[Role.REVIEWER])
    assert reviewer_perms.can_publish()
    handler_perms = guide.permissions_for_user(staff[Role.CASE_HANDLER])
    assert not handler_perms.can_edit()


def test_anonymous_visitors_are_sent_to_sign_in(db) -> None:
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_public_user_without_role_is_refused(django_user_model) -> None:
    member = django_user_model.objects.create_user("citizen", password="x" * 12)
    client = Client()
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302  # back to the login page, no admin access


def test_department_admin_only_for_administrators(client_as) -> None:
    url = reverse("wagtailsnippets_core_department:list")
    assert client_as(Role.ADMINISTRATOR).get(url).status_code == 200
    assert client_as(Role.EDITOR).get(url).status_code in (302, 403)
    assert client_as(Role.CASE_HANDLER).get(url).status_code in (302, 403)


def test_calendar_editable_by_administrator_not_by_data_manager(client_as) -> None:
    add_url = reverse("wagtailsnippets_core_calendarday:add")
    assert client_as(Role.ADMINISTRATOR).get(add_url).status_code == 200
    assert client_as(Role.DATA_MANAGER).get(add_url).status_code in (302, 403)
    assert (
        client_as(Role.DATA_MANAGER)
        .get(reverse("wagtailsnippets_core_calendarday:list"))
        .status_code
        == 200
    )


def test_user_management_is_for_administrators(client_as) -> None:
    assert client_as(Role.ADMINISTRATOR).get("/admin/users/").status_code == 200
    assert client_as(Role.REVIEWER).get("/admin/users/").status_code in (302, 403)
