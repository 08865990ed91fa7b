"""The reports' back-office screens in a real browser, as the administrator and as the
editor, in Chinese and English at 375 and 1366 px: they fit a phone, axe-core finds
nothing serious at desktop width (Wagtail's own chrome included), and every screen the
menu offers opens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, new_context
from tests.e2e.test_eia_admin import NO_SIDEWAYS_SCROLL, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENS = {
    "admin": (
        "/admin/reports/inspection/",
        "/admin/reports/transparency/",
        "/admin/reports/annual/",
        "/admin/reports/bulletin/",
        "/admin/water/report/",
        "/admin/enforcement/compulsory/",
    ),
    "editor": ("/admin/reports/bulletin/",),
}


PASSWORD = "e2e-password-not-secret"  # the bureau's staff, as the site fixture loads them


def _prefer(username: str, language: str) -> None:
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(username=username))
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_report_screens_open_fit_and_pass_axe(browser: Any, site: str, language: str) -> None:
    for username, paths in SCREENS.items():
        _prefer(username, "en" if language == "en" else "zh-hans")
        for width in (375, 1366):
            context = new_context(browser, site, width=width, language=language)
            page = context.new_page()
            sign_in(page, site, username, PASSWORD)
            for path in paths:
                response = page.goto(site + path)
                assert response is not None and response.status == 200, (path, username)
                assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, username, width, language)
                if width == 1366:
                    assert axe_violations(page) == [], (path, username, language)
            context.close()
