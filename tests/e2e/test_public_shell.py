"""The public shell in a real browser: pages, language, keyboard, phone, axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_and_section_pages_pass_axe(site: str, page: Any) -> None:
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "示范市生态环境局"
    assert page.get_by_role("navigation", name="主要栏目").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="信息公开", exact=True).first.click()
    page.wait_for_url("**/disclosure/")
    assert page.locator("h1").inner_text() == "信息公开"
    assert page.get_by_role("link", name="政府信息公开指南").is_visible()
    assert axe_violations(page) == []


def test_switching_to_english_and_back(site: str, page: Any) -> None:
    page.goto(site + "/disclosure/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Information Disclosure"
    assert page.url.endswith("/disclosure/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "信息公开"


def test_keyboard_reaches_the_main_content_first(site: str, page: Any) -> None:
    page.goto(site + "/environment/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    # The skip link is visible while it has focus.
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert inside_main


def test_search_from_the_header(site: str, page: Any) -> None:
    page.goto(site + "/")
    page.get_by_role("searchbox").fill("信息公开申请")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("link", name="政府信息公开申请办理指南").first.is_visible()
    assert axe_violations(page) == []


def test_large_text_and_phone_layout(site: str, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        phone.goto(site + "/")
        no_sideways_scroll = "() => document.documentElement.scrollWidth <= window.innerWidth"
        assert phone.evaluate(no_sideways_scroll)
        before = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        phone.get_by_role("button", name="大字模式").click()
        phone.wait_for_load_state()
        assert "text-large" in (phone.locator("html").get_attribute("class") or "")
        after = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        assert after > before
        assert phone.evaluate(no_sideways_scroll)
        assert axe_violations(phone) == []
    finally:
        context.close()
