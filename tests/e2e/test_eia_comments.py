"""Public comments on an EIA notice in a real browser: a visitor comments with the
keyboard alone while the acceptance notice is open, the EIA division publishes the
comment and replies in the back office, and the visitor then reads both on the project
page (never the contact); axe-core on the project page with comments and on the comment
page with its error summary, in Chinese and English, and no sideways scroll at 375 and
1366 px."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from lantian.eia import comment_services, services
from lantian.eia.models import Comment, Project
from tests.e2e.conftest import axe_violations, new_context
from tests.eia.conftest import OUTSIDER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
PASSWORD = "e2e-password-not-secret"
CONTACT = "13912345678"
TEXT = "项目距居民区较近，建议夜间停止高噪声施工，并公开施工期噪声监测结果。"
REPLY = "感谢您的意见。我局已要求建设单位夜间停止高噪声作业，并按月公开监测结果。"


@pytest.fixture
def open_project(site: str) -> Project:
    """A project whose acceptance notice runs from three days ago to a month ahead."""
    cache.clear()  # rate-limit windows of earlier tests
    today = timezone.localdate()
    project = services.save_project(
        actor=None,
        builder_name="外来建材有限公司",
        builder_credit_code=OUTSIDER,
        name="示范新材料产业园年产10万吨环保建材项目",
        address="示范市高新区创业路8号",
        industry_code="3021",
        industry_name="水泥制品制造",
        category=Project.Category.REPORT_FORM,
        accepted_on=today - timedelta(days=5),
    )
    services.add_notice(
        actor=None,
        project=project,
        kind="acceptance",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=30),
        to_disclosure=False,
    )
    return project


def focused_id(page: Any) -> str:
    return page.evaluate("() => document.activeElement.id")


def comment_with_the_keyboard(page: Any, site: str, project: Project) -> None:
    page.goto(f"{site}/eia/projects/{project.pk}/")
    form = page.get_by_test_id("comment-form")
    name = form.locator("input[name=name]")
    name.focus()
    page.keyboard.type("王小明")
    page.keyboard.press("Tab")
    assert focused_id(page).endswith("_contact")
    page.keyboard.type(CONTACT)
    page.keyboard.press("Tab")
    assert focused_id(page).endswith("_text")
    page.keyboard.type(TEXT)
    page.keyboard.press("Tab")  # past the field people never see, to the button
    assert page.evaluate("() => document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_comment_is_moderated_answered_and_shown(
    browser: Any, site: str, open_project: Project
) -> None:
    visitor = new_context(browser, site, width=1366, language="en")
    page = visitor.new_page()
    comment_with_the_keyboard(page, site, open_project)
    assert page.url.endswith(f"/eia/projects/{open_project.pk}/#comments")
    thanks = page.get_by_test_id("comment-message")
    assert "once the bureau has moderated it" in thanks.inner_text()
    comment = Comment.objects.get()
    assert (comment.state, comment.contact, comment.text) == ("pending", CONTACT, TEXT)
    assert TEXT not in page.content()  # not before it is published

    staff = browser.new_context(viewport={"width": 1366, "height": 900})
    office = staff.new_page()
    office.goto(site + "/admin/login/")
    office.fill("#id_username", "admin")
    office.fill("#id_password", PASSWORD)
    with office.expect_navigation():
        office.press("#id_password", "Enter")
    office.goto(site + "/admin/eia/comments/")
    row = office.locator("tbody tr").first
    assert CONTACT in row.inner_text()  # staff see the contact
    with office.expect_navigation():
        row.locator("a").first.click()
    assert office.url.endswith(f"/admin/eia/comments/{comment.pk}/")
    with office.expect_navigation():
        office.locator(f"a[href$='/comments/{comment.pk}/moderate/']").click()
    office.check("input[name=decision][value=publish]")
    with office.expect_navigation():
        office.locator("main form button[type=submit]").click()
    with office.expect_navigation():
        office.locator(f"a[href$='/comments/{comment.pk}/reply/']").first.click()
    office.fill("textarea[name=reply]", REPLY)
    with office.expect_navigation():
        office.locator("main form button[type=submit]").click()
    comment.refresh_from_db()
    assert (comment.state, comment.reply) == ("published", REPLY)
    staff.close()

    page.goto(f"{site}/eia/projects/{open_project.pk}/")
    published = page.locator(f"#comment-{comment.pk}")
    assert TEXT in published.inner_text() and REPLY in published.inner_text()
    assert "王**" in published.inner_text() and "王小明" not in page.content()  # masked
    assert CONTACT not in page.content()
    visitor.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_comment_pages_pass_axe_and_fit_a_phone(
    browser: Any, site: str, open_project: Project, language: str
) -> None:
    notice = open_project.notices.get()
    comment = comment_services.submit_comment(
        notice=notice, name="", contact=CONTACT, text=TEXT, today=timezone.localdate()
    )
    comment_services.moderate_comment(actor=None, comment=comment, publish=True)
    comment_services.reply_to_comment(actor=None, comment=comment, reply=REPLY)
    for width in (375, 1366):
        context = new_context(browser, site, width=width, language=language)
        page = context.new_page()
        page.goto(f"{site}/eia/projects/{open_project.pk}/")
        assert page.locator(f"#comment-{comment.pk}").is_visible()
        assert page.get_by_test_id("comment-form").is_visible()
        assert page.evaluate(NO_SIDEWAYS_SCROLL), (width, language, "project")
        if width == 1366:
            assert axe_violations(page) == [], (language, "project")
        # sent empty: the comment page with its error summary, which takes the focus
        page.get_by_test_id("comment-form").locator("button[type=submit]").click()
        page.wait_for_function("() => document.activeElement.matches('.error-summary')")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), (width, language, "errors")
        if width == 1366:
            assert axe_violations(page) == [], (language, "errors")
        context.close()
