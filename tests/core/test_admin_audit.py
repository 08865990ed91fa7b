"""Changes made through the back office land in the audit log with the staff member; the
log lists entries through the filters the apps register."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from lantian.core import audit
from lantian.core.models import AuditLogEntry, CalendarDay
from lantian.core.roles import Role

pytestmark = pytest.mark.django_db


def test_adding_a_holiday_in_the_back_office_is_audited(client_as, staff) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.post(
        reverse("wagtailsnippets_core_calendarday:add"),
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(date="2027-01-01")
    entry = ModelLogEntry.objects.get(object_id=str(day.pk), action="wagtail.create")
    assert entry.user == staff[Role.ADMINISTRATOR]


def test_editing_a_users_groups_is_audited(client_as, staff) -> None:
    from django.contrib.auth.models import Group

    editor = staff[Role.EDITOR]
    client = client_as(Role.ADMINISTRATOR)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[editor.pk]),
        {
            "username": editor.username,
            "email": editor.email,
            "first_name": editor.first_name,
            "last_name": editor.last_name,
            "is_active": "on",
            "groups": [Group.objects.get(name="编辑").pk, Group.objects.get(name="审核员").pk],
        },
    )
    assert response.status_code == 302
    entry = ModelLogEntry.objects.filter(object_id=str(editor.pk)).latest("timestamp")
    assert entry.user == staff[Role.ADMINISTRATOR]
    assert entry.data["changes"]["groups"] == [["编辑"], ["审核员", "编辑"]]


def test_wagtail_lists_model_log_entries_through_the_audit_filters(staff) -> None:
    """Every model but pages logs to AuditLogEntry; Wagtail's lists (site history, its
    filters and downloads) ask it for ``viewable_by_user``, which applies the filters the
    apps register. ModelLogEntry itself is no longer listed beside it."""
    assert registry.get_log_model_for_model(CalendarDay) is AuditLogEntry
    assert AuditLogEntry in registry.get_log_entry_models()
    assert ModelLogEntry not in registry.get_log_entry_models()

    day = CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦")
    audit.record(actor=staff[Role.ADMINISTRATOR], instance=day, action="wagtail.create")
    entry = ModelLogEntry.objects.get(object_id=str(day.pk), action="wagtail.create")
    data_manager = staff[Role.DATA_MANAGER]  # views the calendar
    assert AuditLogEntry.objects.viewable_by_user(data_manager).filter(pk=entry.pk).exists()

    def no_holidays(user, entries):
        return entries.exclude(object_id=str(day.pk))

    audit.register_log_filter(no_holidays)
    try:
        assert not AuditLogEntry.objects.viewable_by_user(data_manager).filter(pk=entry.pk)
    finally:
        audit._log_filters.remove(no_holidays)
    assert not AuditLogEntry.objects.viewable_by_user(staff[Role.CASE_HANDLER]).filter(pk=entry.pk)
