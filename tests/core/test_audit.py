"""The audit log: staff writes recorded with changed fields; read-only for administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core import audit
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_department, save_staff_member

pytestmark = pytest.mark.django_db


def test_changed_fields_lists_old_and_new() -> None:
    assert audit.changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
        "b": [2, 3],
        "c": [None, 4],
    }


def test_a_department_change_records_who_what_and_fields(staff) -> None:
    admin = staff[Role.ADMINISTRATOR]
    before = ModelLogEntry.objects.count()
    dept = save_department(
        actor=admin, code="air", name="大气环境处", name_en="Air Division", phone="0599-1"
    )
    entry = ModelLogEntry.objects.filter(object_id=str(dept.pk)).order_by("-timestamp", "-id")[0]
    assert ModelLogEntry.objects.count() == before + 1
    assert entry.user == admin
    assert entry.action == "wagtail.edit"
    assert entry.data["changes"]["name_en"][1] == "Air Division"
    assert entry.data["changes"]["phone"] == ["0599-8812 0003", "0599-1"]
    # Saving the same values again is not a change and writes nothing.
    save_department(
        actor=admin, code="air", name="大气环境处", name_en="Air Division", phone="0599-1"
    )
    assert ModelLogEntry.objects.count() == before + 1


def test_role_change_is_audited(staff) -> None:
    admin = staff[Role.ADMINISTRATOR]
    handler = staff[Role.CASE_HANDLER]
    save_staff_member(
        actor=admin,
        username=handler.username,
        family_name="王",
        given_name="丽",
        email=handler.email,
        department=Department.objects.get(code="legal"),
        roles=[Role.CASE_HANDLER, Role.DEPARTMENT_HEAD],
    )
    entry = ModelLogEntry.objects.filter(action=audit.ROLE_CHANGED).latest("timestamp")
    assert entry.user == admin
    assert entry.data["changes"]["roles"] == [["承办人"], ["处室负责人", "承办人"]]


def test_site_history_shows_entries_to_administrators(client_as, staff) -> None:
    save_department(actor=staff[Role.ADMINISTRATOR], code="office", name="办公室", phone="1")
    client = client_as(Role.ADMINISTRATOR)
    url = reverse("wagtailadmin_reports:site_history")
    response = client.get(url)
    assert response.status_code == 200
    assert "办公室" in response.content.decode()
    # Filtered by action.
    filtered = client.get(url, {"action": "wagtail.edit"})
    assert filtered.status_code == 200


def test_no_one_can_edit_or_delete_entries_through_the_ui(client_as) -> None:
    from django.urls import NoReverseMatch

    client = client_as(Role.ADMINISTRATOR)
    for name in (
        "wagtailadmin_reports:site_history_delete",
        "wagtailadmin_reports:site_history_edit",
    ):
        with pytest.raises(NoReverseMatch):
            reverse(name)
    # Log entries are not a snippet, so no generic edit or delete view exists for them.
    assert client.get("/admin/snippets/wagtailcore/modellogentry/").status_code == 404
