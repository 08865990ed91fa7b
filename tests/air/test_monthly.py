"""Monthly report engine: hand-worked numbers (HJ 663, 城市环境空气质量排名技术规定)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from lantian.air.monthly import (
    GB3095_2012,
    GB3095_2026,
    GB3095_2026_TRANSITIONAL,
    DailySeries,
    build_report,
    compare,
    composite_index,
    limits_for,
    percent_change,
    rank_areas,
    summarize,
)

NaN = math.nan


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


def constant(start: date, n: int, **values: float) -> DailySeries:
    """n days with the same value of each pollutant (0 where not given)."""
    fields = {name: [values.get(name, 0.0)] * n for name in ("so2", "no2", "co", "o3_8h")}
    fields |= {name: [values.get(name, 0.0)] * n for name in ("pm10", "pm25")}
    return DailySeries.build(days(start, n), aqi=[values.get("aqi", 50.0)] * n, **fields)


@pytest.fixture
def april() -> DailySeries:
    return DailySeries.build(
        days(date(2025, 4, 1), 5),
        so2=[10, 10, 10, 10, 10],
        no2=[20, 30, 40, 50, 60],
        co=[0.5, 0.6, 0.7, 0.8, 0.9],
        o3_8h=[100, 120, 140, 160, 180],
        pm10=[60, 70, 80, 90, 100],
        pm25=[30, 40, 50, 60, None],
        aqi=[50, 100, 101, 151, None],
    )


def test_month_statistics_by_hand(april: DailySeries) -> None:
    m = summarize("city", 2025, 4, april)
    assert m.days_in_month == 30
    assert m.level_days == {1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0}
    assert m.valid_days == 4
    assert m.no_aqi_days == 26  # 30 days, 4 with a valid AQI
    assert m.good_days == 2
    assert m.good_ratio == pytest.approx(50.0)
    c = m.concentrations
    assert c["so2"] == pytest.approx(10)
    assert c["no2"] == pytest.approx(40)
    assert c["pm10"] == pytest.approx(80)
    assert c["pm25"] == pytest.approx(45)  # the NaN day stays out: (30+40+50+60)/4
    # CO P95 of 5 values: k = 1 + 4·0.95 = 4.8 → 0.8 + 0.8·(0.9 − 0.8) = 0.88
    assert c["co"] == pytest.approx(0.88)
    # O3 P90: k = 1 + 4·0.9 = 4.6 → 160 + 0.6·20 = 172
    assert c["o3_8h"] == pytest.approx(172)
    assert m.valid_counts["pm25"] == 4 and m.valid_counts["so2"] == 5
    assert not m.complete  # fewer than 27 days


def test_composite_index_2012_by_hand(april: DailySeries) -> None:
    ci = summarize("city", 2025, 4, april).composite
    assert ci.limits == GB3095_2012
    assert ci.sub["so2"] == pytest.approx(10 / 60)
    assert ci.sub["no2"] == pytest.approx(1.0)
    assert ci.sub["pm10"] == pytest.approx(80 / 70)
    assert ci.sub["pm25"] == pytest.approx(45 / 35)
    assert ci.sub["co"] == pytest.approx(0.22)
    assert ci.sub["o3_8h"] == pytest.approx(172 / 160)
    assert ci.total == pytest.approx(4.890238, abs=1e-6)
    assert ci.largest == "pm25"


def test_aqi_100_is_good_101_is_not() -> None:
    s = DailySeries.build(days(date(2025, 6, 1), 2), aqi=[100, 101])
    m = summarize("city", 2025, 6, s)
    assert m.good_days == 1 and m.good_ratio == pytest.approx(50.0)
    assert m.level_days[2] == 1 and m.level_days[3] == 1


def test_stored_levels_are_used_but_not_without_an_aqi() -> None:
    s = DailySeries.build(days(date(2025, 6, 1), 3), aqi=[30, 320, None], level=[1, 6, 3])
    m = summarize("city", 2025, 6, s)
    assert m.level_days == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 1}
    assert m.no_aqi_days == 28


def test_empty_month() -> None:
    m = summarize("city", 2024, 2, DailySeries.empty())
    assert m.days_in_month == 29  # leap year
    assert m.valid_days == 0 and m.no_aqi_days == 29
    assert math.isnan(m.good_ratio)
    assert all(math.isnan(v) for v in m.concentrations.values())
    assert math.isnan(m.composite.total) and m.composite.largest is None
    assert not m.has_data and not m.complete


def test_all_nan_days_count_as_without_aqi() -> None:
    s = DailySeries.build(days(date(2025, 1, 1), 3), pm25=[None, None, None])
    m = summarize("city", 2025, 1, s)
    assert m.valid_days == 0 and m.no_aqi_days == 31
    assert math.isnan(m.concentrations["pm25"])


def test_days_outside_the_month_are_ignored() -> None:
    s = DailySeries.build([date(2025, 3, 31), date(2025, 4, 1)], pm25=[100, 20], aqi=[130, 40])
    m = summarize("city", 2025, 4, s)
    assert m.concentrations["pm25"] == 20 and m.valid_days == 1


def test_full_month_is_complete_and_february_needs_25() -> None:
    assert summarize("city", 2025, 3, constant(date(2025, 3, 1), 27, pm25=10)).complete
    assert not summarize("city", 2025, 3, constant(date(2025, 3, 1), 26, pm25=10)).complete
    assert summarize("city", 2025, 2, constant(date(2025, 2, 1), 25, pm25=10)).complete


def test_limits_switch_on_2026_03_01_and_2031_01_01() -> None:
    assert limits_for(date(2026, 2, 28)) == GB3095_2012
    assert limits_for(date(2026, 3, 1)) == GB3095_2026_TRANSITIONAL
    assert limits_for(date(2030, 12, 31)) == GB3095_2026_TRANSITIONAL
    assert limits_for(date(2031, 1, 1)) == GB3095_2026
    values = dict(so2=60, no2=40, co=4, o3_8h=160, pm10=60, pm25=30)
    feb = summarize("city", 2026, 2, constant(date(2026, 2, 1), 28, **values)).composite
    mar = summarize("city", 2026, 3, constant(date(2026, 3, 1), 31, **values)).composite
    jan31 = summarize("city", 2031, 1, constant(date(2031, 1, 1), 31, **values)).composite
    # 2012: 1 + 1 + 1 + 1 + 60/70 + 30/35
    assert feb.total == pytest.approx(4 + 60 / 70 + 30 / 35)
    assert mar.total == pytest.approx(6.0)  # every pollutant exactly at its limit
    # 2031: 60/20 + 40/30 + 1 + 1 + 60/50 + 30/25
    assert jan31.total == pytest.approx(3 + 40 / 30 + 2 + 1.2 + 1.2)
    assert jan31.largest == "so2"


def test_composite_needs_all_six() -> None:
    ci = composite_index({"pm25": 35, "pm10": 70}, GB3095_2012)
    assert math.isnan(ci.total)
    assert ci.sub["pm25"] == 1 and ci.largest in {"pm25", "pm10"}


def test_ranking_ties_share_a_rank_and_skip_the_next() -> None:
    start = date(2025, 5, 1)
    areas = [
        summarize("甲区", 2025, 5, constant(start, 31, pm25=105)),  # 3.00
        summarize("乙区", 2025, 5, constant(start, 31, pm25=104.9)),  # 2.997 → 3.00
        summarize("丙区", 2025, 5, constant(start, 31, pm25=70)),  # 2.00
        summarize("丁区", 2025, 5, constant(start, 31, pm25=140)),  # 4.00
        summarize("戊区", 2025, 5, DailySeries.empty()),
    ]
    ranked = rank_areas(areas)
    assert [(r.rank, r.area.area) for r in ranked] == [
        (1, "丙区"),
        (2, "乙区"),
        (2, "甲区"),
        (4, "丁区"),
        (None, "戊区"),
    ]


def test_comparison_with_last_year() -> None:
    now = summarize("city", 2025, 7, constant(date(2025, 7, 1), 4, pm25=30, aqi=50))
    before_series = DailySeries.build(
        days(date(2024, 7, 1), 4),
        **{n: [0.0] * 4 for n in ("so2", "no2", "co", "o3_8h", "pm10")},
        pm25=[40] * 4,
        aqi=[50, 50, 50, 120],
    )
    before = summarize("city", 2024, 7, before_series)
    change = compare(now, before)
    assert change is not None
    assert change.good_ratio_points == pytest.approx(100 - 75)
    assert change.concentrations_percent["pm25"] == pytest.approx(-25.0)
    assert change.concentrations_percent["so2"] is None  # last year 0: no percentage
    assert change.composite_percent == pytest.approx(-25.0)  # only PM2.5 differs
    assert change.same_limits
    assert compare(now, None) is None
    assert compare(now, summarize("city", 2024, 7, DailySeries.empty())) is None


def test_comparison_across_the_limit_switch_is_flagged() -> None:
    now = summarize("city", 2026, 3, constant(date(2026, 3, 1), 3, pm25=30))
    before = summarize("city", 2025, 3, constant(date(2025, 3, 1), 3, pm25=30))
    change = compare(now, before)
    assert change is not None and not change.same_limits
    assert change.concentrations_percent["pm25"] == 0


def test_percent_change() -> None:
    assert percent_change(110, 100) == pytest.approx(10)
    assert percent_change(NaN, 100) is None
    assert percent_change(5, 0) is None


def test_build_report() -> None:
    report = build_report(
        2026,
        3,
        city=constant(date(2026, 3, 1), 31, pm25=30),
        last_year=DailySeries.empty(),
        districts={
            "东区": constant(date(2026, 3, 1), 31, pm25=45),
            "西区": constant(date(2026, 3, 1), 31, pm25=15),
        },
    )
    assert report.last_year is None and report.change is None
    assert report.limits == GB3095_2026_TRANSITIONAL
    assert [(r.rank, r.area.area) for r in report.ranking] == [(1, "西区"), (2, "东区")]
    assert report.city.good_ratio == 100
    with pytest.raises(ValueError):
        summarize("city", 2026, 13, DailySeries.empty())
