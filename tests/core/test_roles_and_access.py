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


# ---- doors Wagtail leaves open (core.admin_access): 403 before the view runs

TASK_CHOOSER_URLS = (
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chooser_create",
)


def test_the_task_chooser_is_for_those_who_edit_workflows(client_as) -> None:
    """It belongs to the workflow editor (administrators); nobody else may create or
    choose review tasks there, editors and reviewers included."""
    from wagtail.models import Task

    task = Task.objects.first()
    urls = [reverse(name) for name in TASK_CHOOSER_URLS]
    urls.append(reverse("wagtailadmin_workflows:task_chosen", args=[task.pk]))
    for url in urls:
        assert client_as(Role.ADMINISTRATOR).get(url).status_code == 200, url
        for role in set(Role) - {Role.ADMINISTRATOR}:
            assert client_as(role).get(url).status_code == 403, (role, url)
        response = Client().get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_task_cannot_be_created_through_the_chooser_without_the_right(client_as) -> None:
    from wagtail.models import Task

    before = Task.objects.count()
    response = client_as(Role.REVIEWER).post(
        reverse("wagtailadmin_workflows:task_chooser_create")
        + "?create_model=disclosure.confidentialityreviewtask",
        {"create-task-name": "自设审查", "create-task-groups": []},
    )
    assert response.status_code == 403
    assert Task.objects.count() == before


def test_page_workflow_screens_are_for_those_who_edit_pages(client_as) -> None:
    guide = Page.objects.get(slug="functions")
    urls = [
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[guide.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[guide.pk]),
    ]
    for url in urls:
        for role in (Role.EDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR):
            assert client_as(role).get(url).status_code == 200, (role, url)
        for role in (Role.CASE_HANDLER, Role.DATA_MANAGER):
            assert client_as(role).get(url).status_code == 403, (role, url)


def test_bulk_action_confirmations_only_for_holders_of_a_permission_on_the_model(
    client_as,
) -> None:
    """The confirmation page lists the chosen objects' titles (``?id=all``: every one)."""
    guide = Page.objects.get(slug="functions")
    pages = f"/admin/bulk/wagtailcore/page/delete/?id={guide.pk}"
    assert client_as(Role.EDITOR).get(pages).status_code == 200
    for role in (Role.CASE_HANDLER, Role.DATA_MANAGER):
        response = client_as(role).get(pages)
        assert response.status_code == 403, role
        assert guide.title not in response.content.decode()
    calendar = "/admin/bulk/core/calendarday/delete/?id=all"
    assert client_as(Role.DATA_MANAGER).get(calendar).status_code == 200  # views the calendar
    assert client_as(Role.CASE_HANDLER).get(calendar).status_code == 403
