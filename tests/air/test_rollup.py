"""City, district and daily values computed after ingestion (GB 3095 Table 4, HJ 663)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from lantian.air.models import CITY, AreaDay, AreaHour, StationDay
from lantian.air.services import ingest_payload, save_station

pytestmark = pytest.mark.django_db
CST = timezone(timedelta(hours=8))


@pytest.fixture
def network() -> None:
    save_station(actor=None, code="A1", name="甲", district="东区", latitude=31, longitude=120)
    save_station(actor=None, code="B1", name="乙", district="西区", latitude=31, longitude=120)
    save_station(
        actor=None,
        code="X1",
        name="对照点",
        district="西区",
        latitude=31,
        longitude=120,
        counts_for_city=False,
    )


def day_csv(code: str, pm25: float, o3: float, hours: range = range(1, 25), extra: str = "") -> str:
    start = datetime(2026, 3, 10, tzinfo=CST)
    lines = []
    for h in hours:
        t = (start + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
        lines.append(f"{code},{t},6,30,0.6,{o3},60,{pm25}{extra}")
    return "\n".join(lines) + "\n"


def load(text: str) -> None:
    ingest_payload(
        actor=None,
        content=("station,time,so2,no2,co,o3,pm10,pm25\n" + text).encode(),
        filename="day.csv",
    )


def test_city_hour_is_the_mean_of_counted_stations(network) -> None:
    load(day_csv("A1", 40, 80) + day_csv("B1", 60, 100) + day_csv("X1", 500, 100))
    noon = datetime(2026, 3, 10, 12, tzinfo=CST)
    city = AreaHour.objects.get(area=CITY, hour_end=noon)
    assert city.pm25 == 50  # (40 + 60) / 2; the uncounted background station stays out
    assert city.stations == 2
    west = AreaHour.objects.get(area="西区", hour_end=noon)
    assert west.pm25 == 60  # the control point X1 stays out of its district too
    # 2026 hourly: PM2.5 50 → 50 + 50/25·15 = 80; PM10 60 → 58; O3 90 → 29
    assert city.aqi == 80
    assert city.primary == "pm25"


def test_station_day_needs_20_hours(network) -> None:
    load(day_csv("A1", 40, 80) + day_csv("B1", 60, 100, hours=range(1, 20)))
    a1 = StationDay.objects.get(station__code="A1", day=date(2026, 3, 10))
    assert a1.pm25 == 40 and a1.aqi is not None
    b1 = StationDay.objects.get(station__code="B1", day=date(2026, 3, 10))
    assert b1.pm25 is None  # 19 hours: not a valid daily mean
    city = AreaDay.objects.get(area=CITY, day=date(2026, 3, 10))
    assert city.pm25 == 40  # only the valid station day enters the city mean


def test_daily_max_8h_o3_and_daily_aqi(network) -> None:
    load(day_csv("A1", 20, 150) + day_csv("B1", 20, 150))
    day = AreaDay.objects.get(area=CITY, day=date(2026, 3, 10))
    assert day.o3_8h == 150
    assert day.aqi == 92  # 2026 daily: O3 8-hour 150 → 50 + 50/60·50 = 91.7 → 92
    assert day.primary == "o3_8h"
