"""The home page in a real browser: the AQI now, the forecast, the latest lists and the
sections at phone and desktop widths, in Chinese and English, by keyboard, axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CST = ZoneInfo("Asia/Shanghai")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def phone(browser: Any, site: str) -> Iterator[Any]:
    """A page at a phone's width (375 px), in Chinese."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def bureau(site: str) -> dict[str, Any]:
    """Six hours of two stations up to this hour, a three-day forecast, a few items."""
    from lantian.air.models import CITY, AreaHour
    from lantian.air.services import ingest_payload, issue_forecast, save_station
    from lantian.disclosure.models import DisclosureItem
    from tests.portal.content import publish

    last = timezone.now().astimezone(CST).replace(minute=0, second=0, microsecond=0)
    lines = []
    for code, name in (("A1", "东湖"), ("B1", "西山")):
        save_station(
            actor=None, code=code, name=name, district="东城区", latitude=26.1, longitude=119.3
        )
        lines += [
            f"{code},{(last - timedelta(hours=h)).isoformat(timespec='seconds')},6,30,0.6,60,30,55"
            for h in range(6)
        ]
    content = "station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(lines)
    ingest_payload(actor=None, content=content.encode(), filename="e2e.csv")
    today = timezone.localdate()
    issue_forecast(
        actor=None,
        issued_at=timezone.now(),
        days=[
            {"day": today + timedelta(days=n), "aqi_low": 30 + 30 * n, "aqi_high": 60 + 30 * n}
            for n in (1, 2, 3)
        ],
    )
    Kind = DisclosureItem.Kind
    news = publish("我局开展冬季燃煤锅炉专项执法检查", "14", Kind.NEWS)
    publish("关于12369热线元旦值班安排的通知", "15", Kind.NOTICE)
    publish("关于印发《示范市扬尘污染防治管理规定》的通知", "02.01", Kind.POLICY, "legal")
    publish("关于港区码头工程环评文件受理情况的公示", "06.01", Kind.NOTICE, "eia")
    publish("行政处罚决定书（示环罚〔2026〕40号）", "09.01", Kind.DOCUMENT, "enforcement")
    city = AreaHour.objects.get(area=CITY, hour_end=last)
    return {"url": site, "city": city, "news": news}


def test_home_at_phone_width(bureau: dict[str, Any], phone: Any) -> None:
    phone.goto(bureau["url"] + "/")
    now = phone.locator(".home-air__now")
    assert now.get_by_test_id("aqi").inner_text() == str(bureau["city"].aqi)
    assert now.get_by_test_id("category").inner_text() == bureau["city"].level_detail.category_zh
    assert phone.locator(".home-forecast li").count() == 3
    assert phone.get_by_role("link", name=bureau["news"].title).is_visible()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    assert axe_violations(phone) == []


def test_home_on_a_desktop_in_english(bureau: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    desktop = context.new_page()
    try:
        desktop.goto(bureau["url"] + "/")
        assert axe_violations(desktop) == []
        desktop.get_by_role("button", name="English").click()
        desktop.wait_for_load_state()
        assert desktop.locator("html").get_attribute("lang") == "en"
        assert desktop.get_by_role("heading", name="Air quality now").is_visible()
        assert desktop.evaluate(NO_SIDEWAYS_SCROLL)
        assert axe_violations(desktop) == []
    finally:
        context.close()


def test_the_latest_news_by_keyboard(bureau: dict[str, Any], page: Any) -> None:
    page.goto(bureau["url"] + "/")
    title = bureau["news"].title
    for _ in range(80):  # through the header, the air blocks, to the news
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == title:
            break
    else:
        pytest.fail("the news link is not reachable by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/disclosure/items/**")
    assert page.locator("h1").inner_text() == title


def test_the_home_page_without_data_says_so(site: str, phone: Any) -> None:
    phone.goto(site + "/")
    assert phone.locator(".home-air__now .empty-state").is_visible()
    assert phone.locator(".home-air__forecast .empty-state").is_visible()
    assert phone.locator(".home-lists .empty-state").count() == 3
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    assert axe_violations(phone) == []


def test_the_sections_list_their_catalogue_items(bureau: dict[str, Any], phone: Any) -> None:
    phone.goto(bureau["url"] + "/sources/")
    assert phone.get_by_role("link", name="行政处罚决定书（示环罚〔2026〕40号）").is_visible()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    assert axe_violations(phone) == []
    phone.goto(bureau["url"] + "/eia/")
    phone.get_by_label("关键词").fill("处罚")  # a search stays inside the section
    phone.get_by_label("关键词").press("Enter")
    phone.wait_for_url("**/eia/?*")
    assert phone.locator(".item-table").count() == 0
    assert phone.locator(".empty-state").is_visible()
    assert axe_violations(phone) == []
