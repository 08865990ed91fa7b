"""The EIA back office per role: the EIA division's case handlers keep the projects,
their notices, documents and comments; its head (and administrators) also record the
decision; everyone else gets a 403 and anonymous visitors the login page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lantian.core.roles import Role
from lantian.eia.admin import access
from tests.complaints.conftest import signed_in
from tests.eia.conftest import Record

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"eia_admin:{name}", args=args)


def test_role_matrix(staff: dict[Role, Any], division: dict[str, Any]) -> None:
    capabilities = {
        "view": access.can_view,
        "edit": access.can_edit,
        "decide": access.can_decide,
        "moderate": access.can_moderate,
        "import": access.can_import,
    }
    everything = set(capabilities)
    expected = {
        "handler": (division["handler"], everything - {"decide"}),
        "head": (division["head"], everything),
        "administrator": (staff[Role.ADMINISTRATOR], everything),
        "other handler": (staff[Role.CASE_HANDLER], set()),
        "other head": (staff[Role.DEPARTMENT_HEAD], set()),
        "data manager": (staff[Role.DATA_MANAGER], set()),
        "editor": (staff[Role.EDITOR], set()),
        "reviewer": (staff[Role.REVIEWER], set()),
    }
    for who, (user, allowed) in expected.items():
        assert {n for n, check in capabilities.items() if check(user)} == allowed, who


def test_anonymous_visitors_are_sent_to_the_login(record: Record) -> None:
    for path in (url("projects"), url("project", record.book.pk)):
        response = Client().get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path


def test_roles_outside_the_division_are_refused(staff: dict[Role, Any], record: Record) -> None:
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER, Role.EDITOR):
        client = signed_in(staff[role])
        for path in (url("projects"), url("project", record.book.pk)):
            assert client.get(path).status_code == 403, (role, path)


def test_the_division_sees_every_project_unpublished_ones_too(
    division: dict[str, Any], record: Record
) -> None:
    client = signed_in(division["handler"])
    page = client.get(url("projects")).content.decode()
    for project in (record.book, record.form, record.hidden):
        assert project.name in page
    assert "3 projects" in page
    found = client.get(url("projects"), {"q": "污水", "stage": "acceptance"}).content.decode()
    assert record.form.name in found and record.book.name not in found
    detail = client.get(url("project", record.book.pk)).content.decode()
    assert "Decision notice" in detail and "late" in detail
    assert client.get(url("project", 999999)).status_code == 404
