"""The disclosure pages in a real browser: search and open an item, axe-core, phone width."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
INDEX_NO = "MB1C00001/2026-00012"


@pytest.fixture
def disclosure(site: str) -> dict[str, Any]:
    """Two categories and three published items, one of them about water quality."""
    from lantian.core.models import Department
    from lantian.disclosure.models import Category, DisclosureItem

    quality, _ = Category.objects.get_or_create(code="E2E", defaults={"name": "环境质量"})
    water, _ = Category.objects.get_or_create(
        code="E2E.1", defaults={"name": "水环境质量", "parent": quality}
    )
    department = Department.objects.get(code="water")
    common = {"category": water, "department": department, "live": True}
    item = DisclosureItem.objects.create(
        title="2026年10月示范市地表水水质月报",
        index_no=INDEX_NO,
        doc_number="示环监〔2026〕10号",
        keywords="水质 地表水 月报",
        summary="10月全市12个国考断面水质优良比例为91.7%。",
        body="<p>2026年10月，全市12个国考断面中，Ⅰ～Ⅲ类水质断面11个。</p>",
        formed_on=date(2026, 11, 3),
        published_on=date(2026, 11, 5),
        **common,
    )
    DisclosureItem.objects.create(
        title="局长带队检查饮用水水源地",
        kind="news",
        index_no="MB1C00001/2026-00013",
        formed_on=date(2026, 11, 6),
        published_on=date(2026, 11, 6),
        **common,
    )
    DisclosureItem.objects.create(
        title="未发布的水质草稿",
        live=False,
        formed_on=date(2026, 11, 7),
        category=water,
        department=department,
    )
    return {"url": site, "item": item}


def test_search_the_catalogue_and_open_an_item(disclosure: dict[str, Any], page: Any) -> None:
    page.goto(disclosure["url"] + "/disclosure/catalogue/")
    box = page.locator("#id_q")
    box.focus()
    page.keyboard.type("水质")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=" in page.url
    links = page.locator(".item-table tbody a")
    assert links.count() == 1  # the draft is not found
    assert "地表水水质月报" in links.first.inner_text()
    links.first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == disclosure["item"].title
    meta = page.locator("table.item-meta")
    assert meta.is_visible()
    assert meta.get_by_test_id("index-no").inner_text() == INDEX_NO
    assert "示环监〔2026〕10号" in meta.inner_text()
    assert page.locator("#print-item").is_visible()


def test_disclosure_pages_pass_axe(disclosure: dict[str, Any], page: Any) -> None:
    for path in (
        "/disclosure/catalogue/",
        "/disclosure/catalogue/?q=水质",
        f"/disclosure/items/{INDEX_NO}/",
        "/disclosure/guide/",
        "/disclosure/news/",
        "/disclosure/",
    ):
        page.goto(disclosure["url"] + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path


def test_phone_width(disclosure: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        for path in (
            "/disclosure/catalogue/",
            f"/disclosure/items/{INDEX_NO}/",
            "/disclosure/guide/",
            "/disclosure/news/",
        ):
            phone.goto(disclosure["url"] + path)
            phone.wait_for_load_state("networkidle")
            assert phone.evaluate(NO_SIDEWAYS_SCROLL), path
    finally:
        context.close()
