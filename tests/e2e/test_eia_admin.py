"""The EIA back office in a real browser, as the EIA division's case handler and head:
the project list and a project's page (notices, documents, decision, completion), the
head's decision form; axe-core and no sideways scroll at 375 and 1366 px, in Chinese and
English. Every link on the project page opens for the role that sees it."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.core.roles import Role
from lantian.demo import eia as eia_demo
from lantian.eia.models import Project
from tests.complaints.conftest import member
from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
PASSWORD = "correct-horse-battery-staple-9"


@pytest.fixture
def completed(site: str) -> Project:
    eia_demo.load(count=30)
    member("eia-handler", "eia", Role.CASE_HANDLER, "周", "洁")
    member("eia-head", "eia", Role.DEPARTMENT_HEAD, "吴", "涛")
    return (
        Project.objects.filter(notices__kind="completion").first()
        or Project.objects.filter(decision="approved").first()
    )


def sign_in(page: Any, site: str, username: str, password: str = PASSWORD) -> None:
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_division_works_its_projects(
    browser: Any, site: str, completed: Project, language: str
) -> None:
    for username in ("eia-handler", "eia-head"):
        for width in (375, 1366):
            context = new_context(browser, site, width=width, language=language)
            page = context.new_page()
            sign_in(page, site, username)
            if language == "en":  # the back office speaks the user's chosen language
                from django.contrib.auth import get_user_model
                from wagtail.users.models import UserProfile

                user = get_user_model().objects.get(username=username)
                profile = UserProfile.get_for_user(user)
                profile.preferred_language = "en"
                profile.save(update_fields=["preferred_language"])
            for path in ("/admin/eia/projects/", f"/admin/eia/projects/{completed.pk}/"):
                page.goto(site + path)
                assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, username, width)
                if width == 1366:
                    assert axe_violations(page) == [], (path, username, language)
            # every action offered on the project page opens for this role
            hrefs = page.eval_on_selector_all(
                "main a.button[href]", "links => links.map(a => a.getAttribute('href'))"
            )
            assert hrefs
            for href in hrefs:
                response = page.goto(site + href)
                assert response.status == 200, (href, username)
            decision = f"/admin/eia/projects/{completed.pk}/decision/"
            assert (decision in hrefs) == (username == "eia-head")
            context.close()
