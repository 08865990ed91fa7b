"""Daily exceedance rates on the enterprise page and in the API: per outlet pollutant and
local day, exceeding valid averaging periods over valid ones (a value at the limit
complies), a day whose valid periods cover less than 75 % of it marked incomplete and
left out of the chart, over the 30 days up to the newest value."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from lantian.sources import rates, services

from .conftest import HEADER, POWER_PLANT, WWTP, Plants

pytestmark = pytest.mark.django_db


def hours(
    code: str, outlet: str, pollutant: str, day: date, values: dict[int, tuple], water: bool = False
) -> str:
    """CSV rows of hourly values: hour -> (value, flag); flue gas at the reference 6 % O2."""
    unit, o2 = ("mg/L", "") if water else ("mg/m3", "6")
    rows = []
    for hour, (value, flag) in sorted(values.items()):
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
        end = start + timedelta(hours=1)
        rows.append(
            f"{code},{outlet},{pollutant},{start:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},"
            f"{value},{unit},{o2},{flag}\n"
        )
    return "".join(rows)


@pytest.fixture
def so2(plants: Plants) -> Plants:
    """SO2 at the plant's stack (GB 13223-2011: 100 mg/m³ hourly at 6 % O2):
    8 March 18 valid hours, none over (75 %: complete); 9 March 24 hours, 3 over the limit
    and one exactly at it (12.5 %); 10 March 24 hours of which 7 flagged for maintenance
    (17 valid: incomplete), 1 over; 11 March 10 hours, 2 over (incomplete)."""
    day9 = {h: (40, "N") for h in range(24)} | {5: (150, "N"), 6: (160, "N"), 7: (101, "N")}
    day9[8] = (100, "N")  # at the limit: complies
    day10 = {h: (40, "N") for h in range(24)} | {h: (300, "M") for h in range(7)}
    day10[12] = (120, "N")
    day11 = {h: (40, "N") for h in range(10)} | {2: (130, "N"), 3: (130, "N")}
    content = HEADER + "".join(
        hours(POWER_PLANT, "DA001", "a21026", day, values)
        for day, values in (
            (date(2026, 3, 8), {h: (40, "N") for h in range(18)}),
            (date(2026, 3, 9), day9),
            (date(2026, 3, 10), day10),
            (date(2026, 3, 11), day11),
        )
    )
    services.ingest_payload(actor=None, content=content.encode(), filename="so2.csv")
    return plants


def test_the_daily_rates_count_valid_periods_above_the_limit(so2: Plants) -> None:
    (series,) = rates.daily_rates(so2.power)
    assert (series.outlet, series.pollutant, series.averaging) == (so2.stack, "a21026", "hour")
    assert len(series.days) == 30
    assert series.days[0].day == date(2026, 2, 10) and series.days[-1].day == date(2026, 3, 11)
    by_day = {d.day: d for d in series.days}
    seen = {
        day: (d.valid, d.exceeding, d.expected, d.complete) for day, d in by_day.items() if d.valid
    }
    assert seen == {
        date(2026, 3, 8): (18, 0, 24, True),  # exactly 75 %: complete
        date(2026, 3, 9): (24, 3, 24, True),  # 100 is at the limit: not counted
        date(2026, 3, 10): (17, 1, 24, False),  # flagged M hours are not valid
        date(2026, 3, 11): (10, 2, 24, False),
    }
    assert by_day[date(2026, 3, 9)].rate == pytest.approx(0.125)
    assert by_day[date(2026, 3, 8)].rate == 0
    empty = by_day[date(2026, 3, 1)]
    assert (empty.valid, empty.rate, empty.complete) == (0, None, False)
    assert (series.exceeding_days, series.incomplete_days) == (1, 28)


def test_a_daily_mean_standard_counts_one_period_a_day(plants: Plants) -> None:
    # GB 18918-2002 1A: COD 50 mg/L as a daily mean; 24 hourly values averaging 60
    day = {h: (60, "N") for h in range(24)}
    thin = {h: (90, "N") for h in range(12)}  # 12 hours: no valid daily mean
    content = HEADER + hours(WWTP, "DW001", "w01018", date(2026, 3, 9), day, water=True)
    content += hours(WWTP, "DW001", "w01018", date(2026, 3, 10), thin, water=True)
    batch = services.ingest_payload(actor=None, content=content.encode(), filename="cod.csv")
    assert batch.accepted == 36
    (series,) = rates.daily_rates(plants.wwtp)
    assert series.averaging == "day"
    ninth, tenth = series.days[-2], series.days[-1]
    assert (ninth.valid, ninth.exceeding, ninth.expected, ninth.complete) == (1, 1, 1, True)
    assert (tenth.valid, tenth.complete) == (0, False)


@time_machine.travel("2026-03-12 10:00 +0800", tick=False)
def test_the_enterprise_page_shows_the_daily_rates_with_a_table(so2: Plants) -> None:
    html = Client().get(f"/sources/enterprises/{POWER_PLANT}/").content.decode()
    assert 'id="sources-rate-charts-data"' in html and "<details>" in html
    assert "2026-03-09" in html and "12.5 %" in html
    assert html.count("数据不完整") >= 2  # the incomplete days (and the thin year)
    start = html.index('id="sources-rate-charts-data"')
    specs = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    (chart,) = specs
    assert chart["kind"] == "rate" and chart["x"][-3:] == ["03-09", "03-10", "03-11"]
    # the incomplete days are gaps, not bars
    assert chart["y"][-4:] == [0.0, 12.5, None, None]
    assert "28" in chart["summary"]


@time_machine.travel("2026-03-12 10:00 +0800", tick=False)
def test_the_api_gives_the_daily_rates_per_outlet_pollutant(so2: Plants) -> None:
    body = Client().get(f"/api/v1/enterprises/{POWER_PLANT}").json()
    (stack,) = body["outlets"]
    (so2_rates,) = stack["exceedance_rates"]
    assert (so2_rates["pollutant"], so2_rates["averaging"]) == ("a21026", "hour")
    days = so2_rates["daily_rates"]
    assert len(days) == 30
    assert days[-3] == {
        "date": "2026-03-09",
        "valid_periods": 24,
        "exceeding_periods": 3,
        "rate": 0.125,
        "complete": True,
    }
    assert days[-1]["complete"] is False and days[-1]["rate"] == pytest.approx(0.2)
    assert days[0] == {
        "date": "2026-02-10",
        "valid_periods": 0,
        "exceeding_periods": 0,
        "rate": None,
        "complete": False,
    }
    water = Client().get(f"/api/v1/enterprises/{WWTP}").json()
    assert water["outlets"][0]["exceedance_rates"] == []  # no value stored
