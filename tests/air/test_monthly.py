"""Monthly report engine: hand-worked numbers (HJ 663, 城市环境空气质量排名技术规定), the
validity of a month (GB 3095-2012 Table 4) and the published rounding (GB/T 8170)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from lantian.air.aggregate import daily_max_8h, daily_mean
from lantian.air.monthly import (
    GB3095_2012,
    GB3095_2026,
    GB3095_2026_TRANSITIONAL,
    POLLUTANTS,
    DailySeries,
    build_report,
    compare,
    composite_index,
    enough_days,
    limits_for,
    min_days,
    percent_change,
    published_change,
    rank_areas,
    round_half_even,
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
    assert m.aqi_days == 4
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
    assert m.valid_days == 4  # the fewest of any pollutant: PM2.5
    assert not m.complete  # fewer than 27 days
    # Printed: CO 0.88 → 0.9, the others whole.
    assert m.published == {"so2": 10, "no2": 40, "co": 0.9, "o3_8h": 172, "pm10": 80, "pm25": 45}


def test_composite_index_2012_by_hand(april: DailySeries) -> None:
    """From the printed concentrations (decision 0015): CO 0.88 is printed 0.9, so its
    sub-index is 0.9 / 4, not 0.88 / 4."""
    ci = summarize("city", 2025, 4, april).composite
    assert ci.limits == GB3095_2012
    assert ci.sub["so2"] == pytest.approx(10 / 60)
    assert ci.sub["no2"] == pytest.approx(1.0)
    assert ci.sub["pm10"] == pytest.approx(80 / 70)
    assert ci.sub["pm25"] == pytest.approx(45 / 35)
    assert ci.sub["co"] == pytest.approx(0.225)
    assert ci.sub["o3_8h"] == pytest.approx(172 / 160)
    assert ci.total == pytest.approx(4.895238, abs=1e-6)
    assert ci.published == 4.90  # 4.8952… to two decimals
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
    assert m.valid_days == 0 and m.aqi_days == 0 and m.no_aqi_days == 29
    assert math.isnan(m.good_ratio)
    assert all(math.isnan(v) for v in m.concentrations.values())
    assert math.isnan(m.composite.total) and m.composite.largest is None
    assert not m.has_data and not m.complete and m.as_of is None


def test_all_nan_days_count_as_without_aqi() -> None:
    s = DailySeries.build(days(date(2025, 1, 1), 3), pm25=[None, None, None])
    m = summarize("city", 2025, 1, s)
    assert m.aqi_days == 0 and m.no_aqi_days == 31
    assert math.isnan(m.concentrations["pm25"]) and math.isnan(m.published["pm25"])


def test_days_outside_the_month_are_ignored() -> None:
    s = DailySeries.build([date(2025, 3, 31), date(2025, 4, 1)], pm25=[100, 20], aqi=[130, 40])
    m = summarize("city", 2025, 4, s)
    assert m.concentrations["pm25"] == 20 and m.aqi_days == 1


# ---------------------------------------------------------------- GB 3095 Table 4 validity


@pytest.mark.parametrize(("n", "complete"), [(27, True), (26, False)])
def test_a_month_needs_27_valid_days(n: int, complete: bool) -> None:
    m = summarize("city", 2025, 3, constant(date(2025, 3, 1), n, pm25=10))
    assert m.valid_days == n and m.min_days == 27
    assert m.complete is complete and m.enough_data is complete


@pytest.mark.parametrize(("n", "complete"), [(25, True), (24, False)])
def test_february_needs_25_valid_days(n: int, complete: bool) -> None:
    m = summarize("city", 2025, 2, constant(date(2025, 2, 1), n, pm25=10))
    assert m.min_days == 25 and m.complete is complete


@pytest.mark.parametrize(("n", "complete"), [(324, True), (323, False)])
def test_a_year_needs_324_valid_days(n: int, complete: bool) -> None:
    counts = dict.fromkeys(POLLUTANTS, 365)
    assert min_days() == 324
    assert enough_days(counts | {"pm25": n}) is complete
    assert enough_days(counts | {"o3_8h": n}) is complete


def test_every_pollutant_needs_its_27_days() -> None:
    """Per pollutant, as Table 4 counts daily values: 31 days of AQI and of five
    pollutants, but O3 on only 26 days, leave the month incomplete."""
    s = constant(date(2025, 7, 1), 31, pm25=10)
    s.o3_8h[26:] = np.nan
    m = summarize("city", 2025, 7, s)
    assert m.aqi_days == 31 and m.valid_counts["pm25"] == 31
    assert m.valid_counts["o3_8h"] == 26 and m.valid_days == 26
    assert not m.complete


def _hourly_month(start: date, days: int, last_day_hours: int) -> DailySeries:
    """Days of constant hourly values; the last day has only its first ``last_day_hours``
    hours. Daily values by GB 3095 Table 4 (aggregate.daily_mean, daily_max_8h)."""
    hours = np.full((days, 24), 40.0)
    hours[-1, last_day_hours:] = np.nan
    means = daily_mean(hours)
    return DailySeries.build(
        [start + timedelta(days=i) for i in range(days)],
        **{name: means for name in ("so2", "no2", "co", "pm10", "pm25")},
        o3_8h=daily_max_8h(hours),
        aqi=np.where(np.isnan(means), np.nan, 50.0),
    )


@pytest.mark.parametrize(("hours", "valid_days", "complete"), [(20, 27, True), (19, 26, False)])
def test_a_day_with_19_hours_is_not_valid(hours: int, valid_days: int, complete: bool) -> None:
    """26 whole days and a 27th with 20 (a valid day) or 19 hourly values (not valid)."""
    m = summarize("city", 2025, 3, _hourly_month(date(2025, 3, 1), 27, hours))
    assert m.valid_counts["pm25"] == valid_days
    assert m.valid_days == valid_days and m.complete is complete


# ---------------------------------------------------------------- the running month


def test_the_current_month_is_never_complete() -> None:
    """Even with every day's data: the month is over only after its last day."""
    s = constant(date(2026, 12, 1), 31, pm25=10)
    on_the_last_day = summarize("city", 2026, 12, s, today=date(2026, 12, 31))
    assert on_the_last_day.running and on_the_last_day.enough_data
    assert not on_the_last_day.complete
    next_day = summarize("city", 2026, 12, s, today=date(2027, 1, 1))
    assert not next_day.running and next_day.complete
    assert summarize("city", 2026, 12, s).complete  # no today: judged as over


def test_a_running_month_reports_its_last_day() -> None:
    m = summarize("city", 2026, 12, constant(date(2026, 12, 1), 5), today=date(2026, 12, 7))
    assert m.running and m.as_of == date(2026, 12, 5) and m.valid_days == 5


def test_a_running_month_has_no_ranking_and_no_change() -> None:
    report = build_report(
        2026,
        12,
        city=constant(date(2026, 12, 1), 5, pm25=20),
        last_year=constant(date(2025, 12, 1), 31, pm25=30),
        districts={"东区": constant(date(2026, 12, 1), 5, pm25=20)},
        today=date(2026, 12, 7),
    )
    assert not report.complete and report.city.running
    assert report.ranking == [] and report.change is None
    assert report.last_year is not None and report.last_year.complete


# ---------------------------------------------------------------- published rounding


@pytest.mark.parametrize(
    ("value", "digits", "printed"),
    [
        (0.125, 2, 0.12),  # a lone 5 goes to the even digit
        (0.135, 2, 0.14),
        (2.675, 2, 2.68),  # the decimal 2.675, not its binary neighbour 2.67499…
        (44.5, 0, 44.0),
        (45.5, 0, 46.0),
        (44.51, 0, 45.0),  # more than a half goes up
        (0.85, 1, 0.8),
        (0.95, 1, 1.0),
        (-8.9171, 1, -8.9),
        (-0.04, 1, 0.0),  # no “−0.0”
        (29.5 - 1e-14, 0, 30.0),  # binary noise of a computed 29.5 …
        (28.5 + 1e-14, 0, 28.0),  # … either way
    ],
)
def test_round_half_even_gb_t_8170(value: float, digits: int, printed: float) -> None:
    result = round_half_even(value, digits)
    assert result == printed and str(result) == str(printed)


def test_round_half_even_keeps_nan() -> None:
    assert math.isnan(round_half_even(NaN, 1))


def test_change_is_computed_from_the_printed_figures() -> None:
    """31.4 → 28.6 as printed is −8.9 %, whatever the unrounded values were."""
    assert published_change(28.6, 31.4) == -8.9
    assert published_change(28.64, 31.35) == -8.6  # what unrounded values would give
    assert published_change(5, 0) is None


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
    assert math.isnan(ci.total) and math.isnan(ci.published)
    assert ci.sub["pm25"] == 1 and ci.largest in {"pm25", "pm10"}


# ---------------------------------------------------------------- ranking


def test_ranking_ties_share_a_rank_and_skip_the_next() -> None:
    """Compared as printed: PM2.5 104.9 is printed 105, so both indices are 3.00."""
    start = date(2025, 5, 1)
    areas = [
        summarize("甲区", 2025, 5, constant(start, 31, pm25=105)),  # 3.00
        summarize("乙区", 2025, 5, constant(start, 31, pm25=104.9)),  # printed 105: 3.00
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


def test_only_complete_districts_are_ranked() -> None:
    """A district with 26 valid days is listed after the ranked ones, without a rank,
    even when its index would be the best."""
    start = date(2025, 5, 1)
    ranked = rank_areas(
        [
            summarize("甲区", 2025, 5, constant(start, 31, pm25=70)),
            summarize("乙区", 2025, 5, constant(start, 26, pm25=10)),
            summarize("丙区", 2025, 5, constant(start, 27, pm25=35)),
        ]
    )
    assert [(r.rank, r.area.area, r.area.valid_days) for r in ranked] == [
        (1, "丙区", 27),
        (2, "甲区", 31),
        (None, "乙区", 26),
    ]


# ---------------------------------------------------------------- same month last year


def test_comparison_with_last_year() -> None:
    now = summarize("city", 2025, 7, constant(date(2025, 7, 1), 31, pm25=30, aqi=50))
    before_series = DailySeries.build(
        days(date(2024, 7, 1), 31),
        **{n: [0.0] * 31 for n in ("so2", "no2", "co", "o3_8h", "pm10")},
        pm25=[40] * 31,
        aqi=[50] * 23 + [120] * 8,
    )
    before = summarize("city", 2024, 7, before_series)
    change = compare(now, before)
    assert change is not None
    # 100.0 % against 23/31 = 74.19… printed 74.2 %: +25.8 points
    assert change.good_ratio_points == 25.8
    assert change.concentrations_percent["pm25"] == -25.0
    assert change.concentrations_percent["so2"] is None  # last year 0: no percentage
    # Only PM2.5 differs: indices 30/35 and 40/35 printed 0.86 and 1.14: −24.6 %
    assert change.composite_percent == -24.6
    assert change.same_limits
    assert compare(now, None) is None
    assert compare(now, summarize("city", 2024, 7, DailySeries.empty())) is None


def test_no_comparison_with_an_incomplete_month() -> None:
    """Either side with too few valid days, or still running: no change at all."""
    full_now = summarize("city", 2025, 6, constant(date(2025, 6, 1), 30, pm25=30))
    full_before = summarize("city", 2024, 6, constant(date(2024, 6, 1), 30, pm25=40))
    short_now = summarize("city", 2025, 6, constant(date(2025, 6, 1), 25, pm25=30))
    short_before = summarize("city", 2024, 6, constant(date(2024, 6, 1), 26, pm25=40))
    assert compare(full_now, full_before) is not None
    assert compare(short_now, full_before) is None
    assert compare(full_now, short_before) is None
    running = summarize("city", 2025, 6, constant(date(2025, 6, 1), 30), today=date(2025, 6, 30))
    assert compare(running, full_before) is None


def test_comparison_uses_the_printed_figures() -> None:
    """PM2.5 means 28.5 and 30.5 are printed 28 and 30 (a half to the even digit): the
    change is (28 − 30) / 30 = −6.7 %, not (28.5 − 30.5) / 30.5 = −6.6 %."""
    now = summarize("city", 2025, 8, constant(date(2025, 8, 1), 31, pm25=28.5))
    before = summarize("city", 2024, 8, constant(date(2024, 8, 1), 31, pm25=30.5))
    assert (now.published["pm25"], before.published["pm25"]) == (28, 30)
    change = compare(now, before)
    assert change is not None
    assert change.concentrations_percent["pm25"] == -6.7
    assert round((28.5 - 30.5) / 30.5 * 100, 1) == -6.6
    # The indices 28/35 and 30/35 are printed 0.80 and 0.86: (0.80 − 0.86) / 0.86 = −7.0 %
    assert (now.composite.published, before.composite.published) == (0.8, 0.86)
    assert change.composite_percent == -7.0


def test_comparison_across_the_limit_switch_is_flagged() -> None:
    now = summarize("city", 2026, 3, constant(date(2026, 3, 1), 31, pm25=30))
    before = summarize("city", 2025, 3, constant(date(2025, 3, 1), 31, pm25=30))
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
        today=date(2026, 4, 1),
    )
    assert report.complete
    assert report.last_year is None and report.change is None
    assert report.limits == GB3095_2026_TRANSITIONAL
    assert [(r.rank, r.area.area) for r in report.ranking] == [(1, "西区"), (2, "东区")]
    assert report.city.good_ratio == 100
    with pytest.raises(ValueError):
        summarize("city", 2026, 13, DailySeries.empty())
