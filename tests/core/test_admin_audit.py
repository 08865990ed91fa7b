"""Changes made through the back office land in the audit log with the staff member."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core.models import CalendarDay
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
