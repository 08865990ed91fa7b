"""The public air pages, their downloads, the station map and the phone app files."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lantian.air import airmap
from lantian.air.models import CITY, AreaDay, AreaHour, Observation
from lantian.air.services import ingest_payload, issue_forecast, save_station

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
HEADER = "station,time,so2,no2,co,o3,pm10,pm25\n"
# code, name, district, latitude, longitude, PM2.5
STATIONS = [
    ("A1", "东湖", "东区", 31.30, 120.62, 40),
    ("B1", "西山", "西区", 31.26, 120.50, 160),
    ("C1", "南门", "南区", 31.21, 120.60, 10),
]


def load_hours(last: datetime, hours: int, pm25: dict[str, float] | None = None) -> None:
    lines = []
    for code, *_rest, value in STATIONS:
        value = (pm25 or {}).get(code, value)
        for h in range(hours):
            t = (last - timedelta(hours=h)).astimezone(CST).strftime("%Y-%m-%dT%H:%M:%S+08:00")
            lines.append(f"{code},{t},6,30,0.6,60,30,{value}")
    ingest_payload(actor=None, content=(HEADER + "\n".join(lines)).encode(), filename="x.csv")


@pytest.fixture
def stations() -> None:
    for code, name, district, lat, lon, _pm25 in STATIONS:
        save_station(
            actor=None, code=code, name=name, district=district, latitude=lat, longitude=lon
        )


@pytest.fixture
def current(stations: None) -> datetime:
    """Two days of hours up to the current hour."""
    last = timezone.now().astimezone(CST).replace(minute=0, second=0, microsecond=0)
    load_hours(last, 48)
    return last


@pytest.fixture
def old(stations: None) -> datetime:
    """Two March 2026 days, long past: stale."""
    last = datetime(2026, 3, 11, 24 - 1, tzinfo=CST) + timedelta(hours=1)
    load_hours(last, 48)
    return last


def get(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response


def text(response: Any) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------- now


def test_now_shows_the_city_aqi_level_and_advice(client: Client, current: datetime) -> None:
    city = AreaHour.objects.get(area=CITY, hour_end=current)
    level = city.level_detail
    html = text(get(client, "/environment/air/"))
    badge = re.search(
        r'<div class="aqi-badge" style="background:([^;]+);[^"]*">(.*?)</div>', html, re.S
    )
    assert badge is not None
    assert badge.group(1) == level.color_hex
    assert f'data-testid="aqi">{city.aqi}<' in badge.group(2)
    assert f'data-testid="category">{level.category_zh}<' in badge.group(2)  # name, not only colour
    assert level.health_zh in html and level.measures_zh in html
    assert "PM<sub>2.5</sub>" in html  # the primary pollutant with its subscript
    assert current.strftime("%Y-%m-%d %H:%M") in html  # local time
    assert "more than 3 hours old" not in html and "超过" not in html.split("aqi-badge")[0]
    data = json.loads(re.search(r'id="air-now-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["aqi"] == city.aqi and data["color"] == level.color_hex
    assert data["time"] == current.strftime("%H:%M")


def test_now_in_english(client: Client, current: datetime) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    city = AreaHour.objects.get(area=CITY, hour_end=current)
    html = text(get(client, "/environment/air/"))
    assert f'data-testid="category">{city.level_detail.category_en}<' in html
    assert city.level_detail.health_en in html


def test_old_data_carry_a_stale_notice(client: Client, old: datetime) -> None:
    html = text(get(client, "/environment/air/"))
    assert 'class="notice notice--stale"' in html


def test_now_without_data_says_so(client: Client) -> None:
    html = text(get(client, "/environment/air/"))
    assert 'class="empty-state"' in html
    assert "aqi-badge" not in html and "<svg" not in html


def test_now_is_publicly_cacheable(client: Client, current: datetime) -> None:
    response = get(client, "/environment/air/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]  # the language is chosen by cookie


def test_station_table_has_every_station_with_sort_keys(client: Client, current: datetime) -> None:
    html = text(get(client, "/environment/air/"))
    table = re.search(r'<table class="data-table" id="table-stations".*?</table>', html, re.S)
    assert table is not None and "data-sortable" in table.group(0)
    assert "<caption" in table.group(0) and 'scope="col"' in table.group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0).split("<tbody>")[1], re.S)
    assert len(rows) == 3
    for code, name, *_ in STATIONS:
        obs = Observation.objects.get(station__code=code, hour_end=current)
        row = next(r for r in rows if name in r)
        assert f'<a href="/environment/air/stations/{code}/">{name}</a></th>' in row
        assert f'data-sort="{obs.aqi}">{obs.aqi}</td>' in row
        assert obs.level_detail.category_zh in row


# ---------------------------------------------------------------------------- map


def test_map_has_one_labelled_circle_per_station(client: Client, current: datetime) -> None:
    html = text(get(client, "/environment/air/"))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.count("<circle") == 3
    assert "<image" not in svg  # no tiles unless configured
    for code, name, *_ in STATIONS:
        obs = Observation.objects.get(station__code=code, hour_end=current)
        level = obs.level_detail
        # the label is translated: "东湖：AQI 60，良" on the Chinese page
        label = rf"{name}[:：] ?AQI {obs.aqi}[,，] ?{level.category_zh}"
        assert re.search(rf'<a href="/environment/air/stations/{code}/" aria-label="{label}"', svg)
        assert re.search(rf"<title>{label}</title>", svg)
        assert f'fill="{level.color_hex}"' in svg
    legend = re.search(r'<ul class="aqi-legend".*?</ul>', html, re.S).group(0)
    assert legend.count("<li>") == 6 and "严重污染" in legend


def test_map_draws_tiles_when_configured(client: Client, current: datetime, settings) -> None:
    settings.AIR_MAP_TILES = "https://tiles.example/{z}/{x}/{y}.png"
    settings.AIR_MAP_ATTRIBUTION = "© Example tiles"
    html = text(get(client, "/environment/air/"))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    tiles = re.findall(r'<image href="https://tiles\.example/(\d+)/(\d+)/(\d+)\.png"', svg)
    assert tiles
    assert svg.index("<image") < svg.index("<circle")  # under the stations
    assert "© Example tiles" in html


def test_projection_keeps_stations_inside_and_in_order() -> None:
    markers = [
        airmap.Marker(lat, lon, str(pm), name, "#", "#fff", "#000")
        for _c, name, _d, lat, lon, pm in STATIONS
    ]
    built = airmap.build(markers, tiles="")
    assert built is not None and built.tiles == []
    by_name = {p.name: p for p in built.points}
    for p in built.points:
        assert 0 < p.x < built.width and 0 < p.y < built.height
    assert by_name["西山"].x < by_name["东湖"].x  # west is left
    assert by_name["南门"].y > by_name["东湖"].y  # south is lower
    # Web Mercator: the equator and the prime meridian at zoom 0 are the middle of the tile.
    assert airmap.project(0, 0, 0) == pytest.approx((128, 128))
    assert airmap.build([], tiles="") is None
    one = airmap.build(markers[:1], tiles="https://t/{z}/{x}/{y}")
    assert one is not None and one.tiles and all("{" not in t.href for t in one.tiles)


# ---------------------------------------------------------------------------- downloads


def test_station_table_as_csv_with_bom(client: Client, current: datetime) -> None:
    response = get(client, "/environment/air/", table="stations", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    stamp = current.strftime("%Y-%m-%dT%H")
    assert f'filename="air-stations-{stamp}.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][5] == "PM2.5 (µg/m³)"
    assert len(rows) == 4
    east = next(r for r in rows if r[0] == "东湖")
    obs = Observation.objects.get(station__code="A1", hour_end=current)
    assert east[1] == "东区" and east[2] == str(obs.aqi) and east[3] == obs.level_detail.category_zh
    assert east[5] == "40"


def test_station_table_as_xlsx(client: Client, current: datetime) -> None:
    response = get(client, "/environment/air/", table="stations", format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][5] == "PM2.5 (µg/m³)"
    west = next(r for r in rows if r[0] == "西山")
    assert west[5] == 160 and isinstance(west[2], int)


def test_unknown_table_or_format(client: Client, current: datetime) -> None:
    assert client.get("/environment/air/", {"table": "nope", "format": "csv"}).status_code == 404
    page = client.get("/environment/air/", {"format": "pdf"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")


# ---------------------------------------------------------------------------- station


def test_station_page_has_charts_with_text_alternatives(client: Client, current: datetime) -> None:
    html = text(get(client, "/environment/air/stations/B1/"))
    assert "<h1>西山</h1>" in html
    assert "echarts.min.js" in html
    charts = json.loads(re.search(r'id="air-charts-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    hourly = [c for c in charts if c["id"].startswith("h24-")]
    pollutants = ("pm25", "pm10", "o3", "no2", "so2", "co")
    assert [c["id"] for c in hourly] == ["h24-aqi", *(f"h24-{p}" for p in pollutants)]
    pm25 = next(c for c in hourly if c["id"] == "h24-pm25")
    assert len(pm25["x"]) == 24 and set(pm25["y"]) == {160}
    for chart in charts:
        assert f'id="{chart["id"]}" role="img" aria-label="' in html
    assert "PM2.5" in pm25["summary"] and "160" in pm25["summary"]
    assert html.count("<details") == 2  # a data table for the 24 hours and for the 30 days
    assert 'id="table-hours"' in html and 'id="table-days"' in html


def test_station_hours_download(client: Client, current: datetime) -> None:
    response = get(client, "/environment/air/stations/A1/", table="hours", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 25
    assert rows[-1][0] == current.strftime("%Y-%m-%d %H:%M")


def test_unknown_and_inactive_stations_are_404(client: Client, current: datetime) -> None:
    assert client.get("/environment/air/stations/ZZ9/").status_code == 404
    save_station(actor=None, code="C1", is_active=False)
    assert client.get("/environment/air/stations/C1/").status_code == 404


def test_station_without_values(client: Client, stations: None) -> None:
    html = text(get(client, "/environment/air/stations/A1/"))
    assert 'class="empty-state"' in html and "echarts.min.js" not in html


# ---------------------------------------------------------------------------- calendar


def test_calendar_of_a_year(client: Client, old: datetime) -> None:
    html = text(get(client, "/environment/air/calendar/"))
    assert "2026" in html.split("<h1>")[1].split("</h1>")[0]
    found = re.search(r'id="air-calendar-data"[^>]*>(.*?)</script>', html, re.S)
    chart = json.loads(found.group(1))
    days = AreaDay.objects.filter(area=CITY, aqi__isnull=False)
    assert chart["year"] == 2026 and len(chart["data"]) == days.count()
    assert [p.get("max") for p in chart["pieces"]] == [50, 100, 150, 200, 300, None]
    assert 'id="calendar-chart" role="img" aria-label="' in html
    assert 'id="table-levels"' in html and 'id="table-calendar"' in html
    response = get(client, "/environment/air/calendar/2026/", table="days", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [d.day.isoformat() for d in days.order_by("day")]


def test_calendar_of_a_year_without_data_is_404(client: Client, old: datetime) -> None:
    assert client.get("/environment/air/calendar/2019/").status_code == 404


def test_calendar_without_any_data(client: Client) -> None:
    html = text(get(client, "/environment/air/calendar/"))
    assert 'class="empty-state"' in html and "echarts" not in html


# ---------------------------------------------------------------------------- forecast


def test_forecast_page_and_summary(client: Client, current: datetime) -> None:
    today = timezone.localdate()
    issue_forecast(
        actor=None,
        issued_at=timezone.now(),
        days=[
            {
                "day": today + timedelta(days=i + 1),
                "aqi_low": 60,
                "aqi_high": 120,
                "primary": "pm25",
                "advice": f"第{i + 1}天建议",
            }
            for i in range(3)
        ],
        summary="未来三天以良为主。",
    )
    html = text(get(client, "/environment/air/forecast/"))
    assert "未来三天以良为主。" in html and "60–120" in html
    assert "良–轻度污染" in html and "第3天建议" in html
    now_html = text(get(client, "/environment/air/"))
    assert now_html.count('class="forecast-card"') == 3
    rows = list(
        csv.reader(
            io.StringIO(
                get(client, "/environment/air/forecast/", format="csv").content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 4 and rows[1][1] == "60–120"


def test_forecast_empty(client: Client) -> None:
    html = text(get(client, "/environment/air/forecast/"))
    assert 'class="empty-state"' in html


# ---------------------------------------------------------------------------- ranking


def test_ranking_of_the_month(client: Client, stations: None) -> None:
    # Every hour of March 2026 for every station: a complete month, ranked.
    load_hours(datetime(2026, 4, 1, 0, tzinfo=CST), 31 * 24)
    with time_machine.travel(datetime(2026, 4, 2, 10, tzinfo=CST), tick=False):
        html = text(get(client, "/environment/air/ranking/"))
    assert "2026-03" in html
    table = re.search(r'id="table-ranking".*?</table>', html, re.S).group(0)
    body = table.split("<tbody>")[1]
    order = [name for name in re.findall(r"<td[^>]*>(\S+区)</td>", body)]
    assert order == ["南区", "东区", "西区"]  # cleanest first
    assert get(client, "/environment/air/ranking/2026-3/").status_code == 200
    assert client.get("/environment/air/ranking/2020-1/").status_code == 404
    xlsx = get(client, "/environment/air/ranking/2026-3/", format="xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["南区", "东区", "西区"] and rows[1][0] == 1


def test_ranking_empty(client: Client) -> None:
    assert 'class="empty-state"' in text(get(client, "/environment/air/ranking/"))


# ---------------------------------------------------------------------------- section, app


def test_environment_section_links_to_the_air_pages(client: Client) -> None:
    html = text(get(client, "/environment/"))
    assert 'href="/environment/air/"' in html and 'href="/environment/air/calendar/"' in html
    assert 'href="/environment/air/"' not in text(get(client, "/disclosure/"))


def test_manifest(client: Client) -> None:
    response = get(client, "/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"].startswith("示范市") and "生态环境局" not in manifest["name"]
    assert manifest["start_url"] == "/environment/air/"
    assert manifest["display"] == "standalone"
    assert manifest["short_name"] and manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path and Path(path).stat().st_size > 0
        if icon["type"] == "image/png":
            size = int(icon["sizes"].split("x")[0])
            data = Path(path).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert int.from_bytes(data[16:20], "big") == size  # IHDR width
    page = text(get(client, "/"))
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color"' in page


def test_service_worker(client: Client) -> None:
    response = get(client, "/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert "/environment/air/" in shell and "/static/lantian/css/air.css" in shell
    for url in shell[1:]:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    network_first = json.loads(re.search(r"const NETWORK_FIRST = (\[.*?\]);", body).group(1))
    assert network_first == ["/environment/air/", "/api/v1/air/now"]
    for event in ("install", "activate", "fetch"):
        assert f'addEventListener("{event}"' in body


def test_air_pages_register_the_service_worker(client: Client) -> None:
    for url in ("/environment/air/", "/environment/air/forecast/", "/environment/air/calendar/"):
        html = text(get(client, url))
        assert 'src="/static/lantian/js/air-offline.js"' in html and 'data-sw="/sw.js"' in html


def test_city_hour_date_is_local(old: datetime) -> None:
    assert AreaDay.objects.filter(area=CITY, day=date(2026, 3, 11)).exists()
