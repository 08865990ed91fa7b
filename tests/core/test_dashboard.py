"""The back-office dashboard greets staff and lists what needs them."""

from __future__ import annotations

from datetime import date

import pytest

from lantian.core import selectors
from lantian.core.models import CalendarYear
from lantian.core.roles import Role

pytestmark = pytest.mark.django_db


def test_greeting_names_department_and_role(client_as) -> None:
    page = client_as(Role.CASE_HANDLER).get("/admin/").content.decode()
    assert "王丽" in page
    assert "法规与标准处" in page
    assert "承办人" in page  # the role, in Chinese by default


def test_empty_attention_list_says_so(client_as) -> None:
    page = client_as(Role.EDITOR).get("/admin/").content.decode()
    assert "lantian-attention--empty" in page


def test_unconfirmed_calendar_years() -> None:
    assert selectors.unconfirmed_calendar_years(date(2026, 6, 1)) == []
    assert selectors.unconfirmed_calendar_years(date(2026, 11, 26)) == [2027]
    CalendarYear.objects.create(year=2027, confirmed=True)
    assert selectors.unconfirmed_calendar_years(date(2026, 11, 26)) == []


def test_administrator_is_told_to_enter_next_years_calendar(client_as, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "local_today", lambda: date(2026, 11, 26))
    page = client_as(Role.ADMINISTRATOR).get("/admin/").content.decode()
    assert "2027" in page
    assert "lantian-attention--urgent" in page
    editor_page = client_as(Role.EDITOR).get("/admin/").content.decode()
    assert "lantian-attention--urgent" not in editor_page


def test_dashboard_in_english_when_the_user_prefers_it(client_as, staff) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff[Role.CASE_HANDLER])
    profile.preferred_language = "en"
    profile.save()
    page = client_as(Role.CASE_HANDLER).get("/admin/").content.decode()
    assert "Case handler" in page
    assert "Needs your attention" in page
