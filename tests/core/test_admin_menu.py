"""Every entry of the back office's menu opens for the role that sees it: an entry shown
to a role that then refuses it (403), breaks (500) or is missing (404) is a dead end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, RequestFactory
from wagtail.admin.menu import MenuItem, SubmenuMenuItem, admin_menu

from lantian.core.roles import Role

pytestmark = pytest.mark.django_db


def entries(items: list[MenuItem], request: Any) -> Iterator[tuple[str, str]]:
    for item in items:
        if isinstance(item, SubmenuMenuItem):
            yield from entries(item.menu.menu_items_for_request(request), request)
        elif item.url.startswith("/admin/"):
            yield str(item.label), item.url


def menu_of(user: Any) -> list[tuple[str, str]]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return sorted(set(entries(admin_menu.menu_items_for_request(request), request)))


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_entry_opens_for_the_role_that_sees_it(staff, role: Role) -> None:
    user = staff[role]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    shown = menu_of(user)
    assert shown, f"{role} sees no menu at all"
    dead = []
    for label, url in shown:
        response = client.get(url)
        if response.status_code not in (200, 302) or (
            response.status_code == 302 and "/login/" in response["Location"]
        ):
            dead.append((label, url, response.status_code))
    assert dead == [], f"{role}: menu entries that do not open: {dead}"


def test_the_reports_of_issue_14_are_in_the_menu_of_those_who_may_open_them(staff) -> None:
    administrator = dict(menu_of(staff[Role.ADMINISTRATOR]))
    urls = set(administrator.values())
    for expected in (
        "/admin/reports/inspection/",
        "/admin/reports/transparency/",
        "/admin/reports/annual/",
    ):
        assert any(url.startswith(expected) for url in urls), expected
    editor_urls = {url for _label, url in menu_of(staff[Role.EDITOR])}
    assert not any(url.startswith("/admin/reports/inspection/") for url in editor_urls)
