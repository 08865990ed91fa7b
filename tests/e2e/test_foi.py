"""Disclosure on application in a real browser: apply with the keyboard, read the codes
from the confirmation, follow the case with them (status, progress, what was asked, when
receipt is expected), sign out of it; a wrong code; axe-core; phone width."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from lantian.foi.tracking import STATUS_LABELS, STEPS
from tests.e2e.conftest import axe_violations
from tests.foi.public import PERSON

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def url(site: str) -> str:
    cache.clear()  # rate-limit windows of earlier tests
    return site


def type_into(page: Any, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def press_on(page: Any, selector: str, key: str = "Space") -> None:
    page.focus(selector)
    page.keyboard.press(key)


def apply_with_the_keyboard(page: Any, url: str) -> tuple[str, str]:
    page.goto(url + "/services/foi/apply/")
    press_on(page, "input[name=applicant_type][value=natural_person]")
    assert page.locator("[data-organisation-fields]").is_hidden()
    type_into(page, "#id_name", PERSON["name"])
    type_into(page, "#id_id_number", PERSON["id_number"])
    type_into(page, "#id_phone", PERSON["phone"])
    type_into(page, "#id_email", PERSON["email"])
    type_into(page, "#id_description", PERSON["description"])
    press_on(page, "#id_privacy_acknowledged")
    press_on(page, "form.foi-form button[type=submit]", "Enter")
    page.wait_for_url("**/services/foi/apply/done/")
    tracking = page.get_by_test_id("tracking-code").inner_text().strip()
    code = page.get_by_test_id("verification-code").inner_text().strip()
    return tracking, code


def test_apply_then_follow_the_case_with_the_codes(url: str, page: Any) -> None:
    tracking, code = apply_with_the_keyboard(page, url)
    assert tracking.startswith("YSQ") and len(code) == 8
    assert page.locator("[data-print]").is_visible()  # the print button, with JS
    assert page.url.endswith("/services/foi/apply/done/") and code not in page.url

    with translation.override("zh-hans"):  # the site speaks Chinese by default
        follow = gettext("Follow your application")
        submitted = str(STATUS_LABELS["submitted"])
        first_step = str(STEPS[0][1])
    page.get_by_role("link", name=follow).first.click()
    type_into(page, "#id_tracking_code", tracking)
    type_into(page, "#id_verification_code", code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/foi/track/case/")
    assert page.get_by_test_id("status").inner_text() == submitted
    current = page.locator('[data-testid=steps] [aria-current="step"]')
    assert current.count() == 1 and current.inner_text().endswith(first_step)
    assert page.get_by_test_id("summary").inner_text() == PERSON["description"]
    assert page.get_by_test_id("receipt-expected").is_visible()
    assert page.get_by_test_id("applicant").inner_text() == PERSON["name"][0] + "**"
    assert PERSON["phone"] not in page.content() and PERSON["id_number"] not in page.content()


def test_signing_out_ends_this_browser_s_access(url: str, page: Any) -> None:
    tracking, code = apply_with_the_keyboard(page, url)
    page.goto(url + "/services/foi/track/")
    type_into(page, "#id_tracking_code", tracking)
    type_into(page, "#id_verification_code", code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/foi/track/case/")
    with translation.override("zh-hans"):
        sign_out = gettext("Sign out of this application on this browser")
    button = page.get_by_role("button", name=sign_out)
    assert button.get_attribute("aria-describedby") == "leave-help"
    press_on(page, "[data-testid=leave]", "Enter")
    page.wait_for_url("**/services/foi/track/")
    assert page.get_by_test_id("signed-out").is_visible()
    assert axe_violations(page) == [], "signed out"
    page.goto(url + "/services/foi/track/case/")
    page.wait_for_url("**/services/foi/track/")  # the case needs both codes again
    assert page.get_by_test_id("signed-out").count() == 0


def test_a_wrong_code_shows_the_generic_message(url: str, page: Any) -> None:
    tracking, code = apply_with_the_keyboard(page, url)
    page.goto(url + "/services/foi/track/")
    type_into(page, "#id_tracking_code", tracking)
    type_into(page, "#id_verification_code", "WRONG999" if code != "WRONG999" else "WRONG998")
    page.keyboard.press("Enter")
    message = page.get_by_test_id("not-found")
    message.wait_for()
    assert page.evaluate("() => document.activeElement.dataset.testid") == "not-found"
    page.goto(url + "/services/foi/track/")
    type_into(page, "#id_tracking_code", "YSQ202699999")
    type_into(page, "#id_verification_code", code)
    page.keyboard.press("Enter")
    page.get_by_test_id("not-found").wait_for()
    assert page.get_by_test_id("not-found").inner_text() == message.inner_text()


def test_errors_are_listed_and_the_organisation_fields_appear(url: str, page: Any) -> None:
    page.goto(url + "/services/foi/apply/")
    press_on(page, "input[name=applicant_type][value=public_interest]")
    assert page.locator("[data-organisation-fields]").is_visible()
    press_on(page, "form.foi-form button[type=submit]", "Enter")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert summary.locator('a[href="#id_name"]').count() == 1
    assert summary.locator('a[href="#id_privacy_acknowledged"]').count() == 1
    assert page.locator("[data-organisation-fields]").is_visible()  # the choice is kept


def test_the_pages_pass_axe(url: str, page: Any) -> None:
    page.goto(url + "/services/foi/apply/")
    assert axe_violations(page) == [], "form"
    press_on(page, "form.foi-form button[type=submit]", "Enter")
    page.locator(".error-summary").wait_for()
    assert axe_violations(page) == [], "form with errors"
    tracking, code = apply_with_the_keyboard(page, url)
    assert axe_violations(page) == [], "confirmation"
    page.goto(url + "/services/foi/track/")
    assert axe_violations(page) == [], "tracking"
    type_into(page, "#id_tracking_code", tracking)
    type_into(page, "#id_verification_code", code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/foi/track/case/")
    assert axe_violations(page) == [], "case"


def test_phone_width(url: str, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        for path in ("/services/foi/apply/", "/services/foi/track/"):
            phone.goto(url + path)
            assert phone.evaluate(NO_SIDEWAYS_SCROLL), path
        tracking, code = apply_with_the_keyboard(phone, url)
        assert phone.evaluate(NO_SIDEWAYS_SCROLL), "confirmation"
        phone.goto(url + "/services/foi/track/")
        type_into(phone, "#id_tracking_code", tracking)
        type_into(phone, "#id_verification_code", code)
        phone.keyboard.press("Enter")
        phone.wait_for_url("**/services/foi/track/case/")
        assert phone.evaluate(NO_SIDEWAYS_SCROLL), "case"
    finally:
        context.close()
