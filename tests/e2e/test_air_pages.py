"""The air pages in a real browser: the city AQI, sorting, axe-core, phone width, offline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.air.test_pages import STATIONS
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CST = ZoneInfo("Asia/Shanghai")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def air(site: str) -> dict[str, Any]:
    """Three stations with two days of hours up to the current hour."""
    from lantian.air.models import CITY, AreaHour
    from lantian.air.services import ingest_payload, save_station

    last = timezone.now().astimezone(CST).replace(minute=0, second=0, microsecond=0)
    lines = []
    for code, name, district, lat, lon, pm25 in STATIONS:
        save_station(
            actor=None, code=code, name=name, district=district, latitude=lat, longitude=lon
        )
        for h in range(48):
            t = (last - timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
            lines.append(f"{code},{t},6,30,0.6,60,30,{pm25}")
    content = "station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(lines)
    ingest_payload(actor=None, content=content.encode(), filename="e2e.csv")
    city = AreaHour.objects.get(area=CITY, hour_end=last)
    return {"url": site, "city": city, "level": city.level_detail, "last": last}


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_city_aqi_with_its_category_and_colour(air: dict[str, Any], page: Any) -> None:
    page.goto(air["url"] + "/environment/air/")
    badge = page.locator(".aqi-badge")
    assert badge.get_by_test_id("aqi").inner_text() == str(air["city"].aqi)
    assert badge.get_by_test_id("category").inner_text() == air["level"].category_zh
    colour = badge.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == _rgb(air["level"].color_hex)
    assert page.get_by_text(air["level"].health_zh).is_visible()
    assert page.locator(".air-map__svg circle").count() == len(STATIONS)


def test_sorting_the_station_table_by_aqi_with_the_keyboard(air: dict[str, Any], page: Any) -> None:
    page.goto(air["url"] + "/environment/air/")
    table = page.locator("#table-stations")
    header = table.locator("thead th").nth(2)
    button = header.get_by_role("button")
    assert header.get_attribute("aria-sort") is None

    def aqi_column() -> list[int]:
        return [int(v) for v in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]

    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    assert aqi_column() == sorted(aqi_column()) and aqi_column() != []
    assert table.locator("tbody tr th").first.inner_text() == "南门"
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    assert aqi_column() == sorted(aqi_column(), reverse=True)
    assert table.locator("tbody tr th").first.inner_text() == "西山"
    # Only the sorted column carries aria-sort.
    assert table.locator("thead th[aria-sort]").count() == 1


def test_air_pages_pass_axe(air: dict[str, Any], page: Any) -> None:
    day = (air["last"] - timedelta(hours=1)).date()
    for path in (
        "/environment/air/",
        "/environment/air/stations/B1/",
        f"/environment/air/calendar/{day.year}/",
    ):
        page.goto(air["url"] + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path
    # The charts are drawn, each with its text alternative.
    page.goto(air["url"] + "/environment/air/stations/B1/")
    page.wait_for_selector("#h24-pm25 canvas")
    assert "PM2.5" in (page.locator("#h24-pm25").get_attribute("aria-label") or "")


def test_phone_width(air: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        day = (air["last"] - timedelta(hours=1)).date()
        for path in (
            "/environment/air/",
            "/environment/air/stations/A1/",
            f"/environment/air/calendar/{day.year}/",
            "/environment/air/forecast/",
            "/environment/air/ranking/",
        ):
            phone.goto(air["url"] + path)
            phone.wait_for_load_state("networkidle")
            assert phone.evaluate(NO_SIDEWAYS_SCROLL), path
    finally:
        context.close()


def test_offline_shows_the_last_known_city_aqi(air: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(air["url"] + "/environment/air/")
        scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
        assert scope == air["url"] + "/"
        # The worker takes control of the page once it is active (clients.claim).
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        notice = page.locator("#air-offline")
        assert notice.is_hidden()

        context.set_offline(True)
        page.reload()
        assert notice.is_visible()
        text = notice.inner_text()
        assert str(air["city"].aqi) in text and air["level"].category_zh in text
        assert air["last"].strftime("%H:%M") in text
        # The cached page itself still shows the city's value.
        assert page.locator(".aqi-badge").get_by_test_id("aqi").inner_text() == str(air["city"].aqi)
    finally:
        context.close()


def test_manifest_is_linked_and_served(air: dict[str, Any], page: Any) -> None:
    page.goto(air["url"] + "/environment/air/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("async (url) => (await fetch(url)).json()", href)
    assert manifest["start_url"] == "/environment/air/"
    icon = manifest["icons"][0]["src"]
    status = page.evaluate("async (url) => (await fetch(url)).status", icon)
    assert status == 200
