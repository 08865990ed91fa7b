"""Both languages all the way through the public site: <html lang> on every page; on the
English site the bureau's settings, districts and stations in English, and whatever
Chinese has no translation (item titles, categories, records) marked lang="zh-Hans" so
that screen readers read it in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from lantian.air.services import ingest_payload
from lantian.demo import air as demo_air
from lantian.disclosure import selectors as disclosure_selectors
from lantian.disclosure.models import DisclosureItem
from tests.core.page_text import html_lang, unmarked_chinese
from tests.portal.content import publish

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


@pytest.fixture
def site(demo: Any) -> dict[str, str]:
    """The demo's districts and stations with six hours of two of them, and a live item."""
    demo_air.save_stations()
    lines = [
        f"{code},{(NOW - timedelta(hours=h)).isoformat(timespec='seconds')},6,30,0.6,60,30,40"
        for code in ("3101A", "3103A")
        for h in range(6)
    ]
    content = "station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(lines)
    ingest_payload(actor=None, content=content.encode(), filename="hours.csv")
    item = publish("我局开展冬季燃煤锅炉专项执法检查", "14", DisclosureItem.Kind.NEWS)
    return {"item": disclosure_selectors.item_path(item.index_no)}


def pages(site: dict[str, str]) -> list[str]:
    return [
        "/",
        "/environment/",
        "/environment/air-quality-explained/",
        "/environment/air/",
        "/environment/air/stations/3101A/",
        "/disclosure/catalogue/",
        "/disclosure/news/",
        site["item"],
        "/search/?q=燃煤锅炉",
    ]


def get(path: str, language: str) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(("language", "tag"), [("zh-hans", "zh-Hans"), ("en", "en")])
def test_every_page_declares_its_language(site: dict[str, str], language: str, tag: str) -> None:
    for path in [*pages(site), "/disclosure/guide/", "/services/foi/apply/"]:
        assert html_lang(get(path, language)) == tag, path
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert html_lang(missing.content.decode()) == tag


def test_the_english_site_marks_every_chinese_text(site: dict[str, str]) -> None:
    for path in pages(site):
        assert unmarked_chinese(get(path, "en")) == [], path


def test_the_english_site_names_districts_stations_and_the_bureau_in_english(
    site: dict[str, str],
) -> None:
    now = get("/environment/air/", "en")
    assert "Dongcheng District" in now and "Xihu District" in now
    assert "东城区" not in now
    station = get("/environment/air/stations/3101A/", "en")
    assert "<h1>City Monitoring Station</h1>" in station
    assert "Dongcheng District" in station
    footer = get("/", "en").split('<footer class="site-footer">')[1]
    assert "Demo City Ecology and Environment Bureau" in footer
    assert "88 Zhengwu Zhongxin Road, Demo City" in footer
    assert "Working days 8:30–12:00 and 13:30–17:30" in footer
    # record numbers are issued in Chinese: shown as issued, marked as Chinese
    assert '<span><span lang="zh-Hans">示ICP备20190001号-1</span></span>' in footer
    content = get("/environment/air-quality-explained/", "en")
    assert "How the Air Quality Index is calculated" in content and "空气质量" not in content


def test_the_chinese_site_marks_nothing(site: dict[str, str]) -> None:
    for path in pages(site):
        assert '<span lang="zh-Hans">' not in get(path, "zh-hans"), path
    now = get("/environment/air/", "zh-hans")
    assert "东城区" in now and "Dongcheng District" not in now
    footer = get("/", "zh-hans").split('<footer class="site-footer">')[1]
    assert "工作日 8:30—12:00，13:30—17:30" in footer
