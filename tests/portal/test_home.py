"""The home page: the city's AQI now, the forecast, the latest news, notices and policy
documents, each section's latest items; empty states; the queries it costs; the feeds
every page advertises."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from lantian.air.models import CITY, AreaHour
from lantian.air.services import ingest_payload, issue_forecast, save_station
from lantian.disclosure import selectors as disclosure_selectors
from lantian.disclosure import services as disclosure_services
from lantian.disclosure.models import DisclosureItem
from tests.portal.content import publish, zh

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=CST)
Kind = DisclosureItem.Kind


@pytest.fixture(autouse=True)
def _clock_and_cache() -> Iterator[None]:
    cache.clear()  # the home lists are cached; each test starts cold
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def load_air(last: datetime) -> None:
    """Two stations, six hours up to ``last`` (PM2.5 80 µg/m³: 轻度污染)."""
    for code, name, district in (("A1", "东湖", "东城区"), ("B1", "西山", "西湖区")):
        save_station(
            actor=None, code=code, name=name, district=district, latitude=26.1, longitude=119.3
        )
    lines = [
        f"{code},{(last - timedelta(hours=h)).isoformat(timespec='seconds')},6,30,0.6,60,30,80"
        for code in ("A1", "B1")
        for h in range(6)
    ]
    content = "station,time,so2,no2,co,o3,pm10,pm25\n" + "\n".join(lines)
    ingest_payload(actor=None, content=content.encode(), filename="hours.csv")


def issue_three_days() -> None:
    issue_forecast(
        actor=None,
        issued_at=NOW - timedelta(hours=2),
        days=[
            {"day": NOW.date() + timedelta(days=n), "aqi_low": 40 + n * 20, "aqi_high": 70 + n * 20}
            | ({"primary": "pm25"} if n == 1 else {})
            for n in (1, 2, 3)
        ],
    )


@pytest.fixture
def items(demo: Any) -> dict[str, DisclosureItem]:
    disclosure_services.ensure_catalogue(actor=None)
    return {
        "news": publish("我局开展冬季燃煤锅炉专项执法检查", "14", Kind.NEWS),
        "notice": publish("关于12369热线元旦值班安排的通知", "15", Kind.NOTICE),
        "policy": publish("关于印发《示范市扬尘污染防治管理规定》的通知", "02.01", Kind.POLICY),
        "eia": publish("关于港区码头工程环评文件受理情况的公示", "06.01", Kind.NOTICE, "eia"),
        "penalty": publish("行政处罚决定书（示环罚〔2026〕40号）", "09.01", Kind.DOCUMENT),
        "functions": publish("示范市生态环境局主要职责", "01.01", Kind.DOCUMENT),
    }


def home(client: Client | None = None) -> str:
    response = (client or Client()).get("/")
    assert response.status_code == 200
    return response.content.decode()


def block(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by ``heading_id``."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert found, heading_id
    return found.group(0)


def card(html: str, slug: str) -> str:
    found = re.search(
        rf'<li class="section-card">\s*<h3><a href="/{slug}/".*?</ul>\s*</li>', html, re.S
    )
    assert found, slug
    return found.group(0)


# ---- with the bureau's data


def test_home_shows_the_aqi_now_and_the_forecast(demo: Any) -> None:
    load_air(NOW)
    issue_three_days()
    html = home()
    now = block(html, "home-aqi-heading")
    city = AreaHour.objects.filter(area=CITY).latest("hour_end")
    assert city.level == 3 and f'data-testid="aqi">{city.aqi}<' in now
    assert "轻度污染" in now and "background:#FF7E00" in now  # HJ 633's level 3 colour
    assert "PM<sub>2.5</sub>" in now
    assert 'datetime="2026-11-26T10:00:00+08:00"' in now and "2026-11-26 10:00" in now
    assert 'href="/environment/air/"' in now
    assert zh("These values are more than 3 hours old.") not in now
    forecast = block(html, "home-forecast-heading")
    assert forecast.count("<li>") == 3
    assert "AQI 60–90" in forecast and "AQI 100–130" in forecast
    assert "良–轻度污染" in forecast and "良–良" not in forecast  # one level named once
    assert 'datetime="2026-11-27"' in forecast and 'href="/environment/air/forecast/"' in forecast


def test_old_air_data_carry_a_stale_notice(demo: Any) -> None:
    load_air(NOW - timedelta(hours=5))
    assert zh("These values are more than 3 hours old.") in block(home(), "home-aqi-heading")


def test_home_lists_the_latest_items_and_each_sections(items: dict[str, DisclosureItem]) -> None:
    html = home()
    path = {key: disclosure_selectors.item_path(item.index_no) for key, item in items.items()}
    news = block(html, "home-news-heading")
    assert f'href="{path["news"]}"' in news and 'href="/disclosure/news/"' in news
    assert items["notice"].title in block(html, "home-notices-heading")
    policies = block(html, "home-policies-heading")
    assert f'href="{path["policy"]}"' in policies
    assert 'href="/disclosure/catalogue/?kind=policy"' in policies
    # each section's block: its own categories' items
    assert f'href="{path["eia"]}"' in card(html, "eia")
    assert items["penalty"].title in card(html, "sources")
    assert items["penalty"].title not in card(html, "eia")
    disclosure = card(html, "disclosure")
    assert items["functions"].title in disclosure and items["policy"].title in disclosure
    assert 'href="/disclosure/catalogue/?category=17"' in disclosure  # the annual reports
    assert zh("Nothing has been published in this section yet.") in card(html, "environment")
    services = card(html, "services")
    assert 'href="/services/foi/apply/"' in services and 'href="/services/foi/track/"' in services
    assert "政府信息公开申请办理指南" in services  # a section without catalogue items: its pages


def test_home_in_english(items: dict[str, DisclosureItem]) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = home(client)
    assert '<html lang="en"' in html
    for heading in ("Air quality now", "Forecast", "Work news", "Notices", "Policy documents"):
        assert f">{heading}</h2>" in html
    assert "No air-quality data has been published yet." in html


def test_a_newly_published_item_shows_at_once(items: dict[str, DisclosureItem]) -> None:
    home()  # the lists are cached now
    fresh = publish("我局召开秋冬季大气污染防治攻坚调度会", "14", Kind.NEWS)
    assert fresh.title in block(home(), "home-news-heading")
    disclosure_services.withdraw_item(actor=None, item=fresh, reason="发布有误，撤回。")
    assert fresh.title not in home()


# ---- without any


def test_home_without_data_says_so_in_every_block(demo: Any) -> None:
    html = home()
    assert zh("No air-quality data has been published yet.") in block(html, "home-aqi-heading")
    assert zh("No forecast has been issued for the coming days.") in block(
        html, "home-forecast-heading"
    )
    for heading in ("home-news-heading", "home-notices-heading", "home-policies-heading"):
        assert zh("Nothing has been published here yet.") in block(html, heading)
    for slug in ("disclosure", "environment", "eia", "sources", "interaction"):
        assert zh("Nothing has been published in this section yet.") in card(html, slug)
    assert 'href="/environment/air/"' in html  # the air pages stay one click away


def test_a_past_forecast_is_not_shown(demo: Any) -> None:
    issue_three_days()
    with time_machine.travel(NOW + timedelta(days=4), tick=False):
        html = home()
    assert zh("No forecast has been issued for the coming days.") in html


# ---- cost


def test_home_page_queries_are_few_and_cached(
    items: dict[str, DisclosureItem], django_assert_max_num_queries: Any
) -> None:
    load_air(NOW)
    issue_three_days()
    client = Client()
    with django_assert_max_num_queries(42):  # cold: the lists are built (41 measured)
        home(client)
    with django_assert_max_num_queries(18):  # warm: routing, sections, air (3), the version
        html = home(client)
    assert items["news"].title in html


# ---- feeds on every kind of page


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/eia/",
        "/disclosure/",
        "/disclosure/catalogue/",
        "/disclosure/guide/",
        "/environment/air/",
        "/services/foi/apply/",
        "/search/?q=环境",
    ],
)
def test_every_page_advertises_the_feeds(demo: Any, url: str) -> None:
    html = Client().get(url).content.decode()
    head = html.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" href="/disclosure/feeds/rss.xml"', head
    )
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" href="/disclosure/feeds/atom.xml"',
        head,
    )
    assert head.count("/disclosure/feeds/rss.xml") == 1
