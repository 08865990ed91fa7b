"""Validity and statistics rules (GB 3095 Table 4, HJ 663) with hand-worked numbers."""

from __future__ import annotations

import numpy as np
import pytest

from lantian.air.aggregate import daily_max_8h, daily_mean, good_days_ratio, moving_8h, percentile

NaN = np.nan


def test_daily_mean_needs_20_valid_hours() -> None:
    day = np.arange(24, dtype=float)  # mean 11.5
    assert daily_mean(day) == pytest.approx(11.5)
    twenty = day.copy()
    twenty[:4] = NaN  # hours 4..23 remain: mean 13.5
    assert daily_mean(twenty) == pytest.approx(13.5)
    nineteen = day.copy()
    nineteen[:5] = NaN
    assert np.isnan(daily_mean(nineteen))
    assert np.isnan(daily_mean(np.full(24, NaN)))


def test_daily_mean_over_many_days_at_once() -> None:
    days = np.vstack([np.full(24, 10.0), np.full(24, 30.0)])
    assert daily_mean(days).tolist() == [10.0, 30.0]
    with pytest.raises(ValueError):
        daily_mean(np.ones(23))


def test_moving_8h_needs_6_of_8_hours() -> None:
    series = np.arange(1, 11, dtype=float)  # 1..10
    out = moving_8h(series)
    assert np.isnan(out[:7]).all()  # no full 8 hours of history yet
    assert out[7] == pytest.approx(4.5)  # mean of 1..8
    assert out[9] == pytest.approx(6.5)  # mean of 3..10
    gappy = series.copy()
    gappy[[1, 2]] = NaN  # window 1..8 keeps 6 values: (1+4+5+6+7+8)/6
    assert moving_8h(gappy)[7] == pytest.approx(31 / 6)
    gappy[3] = NaN  # only 5 left
    assert np.isnan(moving_8h(gappy)[7])


def test_daily_max_8h_uses_windows_ending_8_to_24() -> None:
    day = np.full(24, 50.0)
    day[16:24] = 200.0  # hours ending 17..24: the last window averages 200
    assert daily_max_8h(day[None, :])[0] == pytest.approx(200.0)
    early = np.full(24, 50.0)
    early[0:4] = 400.0  # high before 04:00 only reaches windows ending 08:00 (half of it)
    assert daily_max_8h(early[None, :])[0] == pytest.approx((4 * 400 + 4 * 50) / 8)


def test_daily_max_8h_carries_the_previous_evening_into_early_windows() -> None:
    # Windows stay inside the day: yesterday's hours never enter today's maximum.
    yesterday = np.full(24, 300.0)
    today = np.full(24, 40.0)
    assert daily_max_8h(np.vstack([yesterday, today]))[1] == pytest.approx(40.0)


def test_daily_max_8h_needs_14_windows_unless_it_exceeds_the_limit() -> None:
    day = np.full(24, 100.0)
    day[[9, 10, 11]] = NaN  # hours ending 10, 11, 12 missing
    # windows ending 12..17 hold all three gaps (5 valid hours): 17 − 6 = 11 valid < 14
    assert np.isnan(daily_max_8h(day[None, :])[0])
    polluted = day.copy()
    polluted[16:] = 250.0
    assert daily_max_8h(polluted[None, :])[0] == pytest.approx(250.0)  # > 160: still valid


def test_percentile_matches_hj_663_example() -> None:
    # n = 5, p = 90: k = 1 + 4·0.9 = 4.6 → X4 + 0.6·(X5 − X4) = 40 + 0.6·10 = 46
    assert percentile([10, 50, 20, 40, 30], 90) == pytest.approx(46.0)
    assert percentile([NaN, 5.0], 50) == pytest.approx(5.0)
    assert np.isnan(percentile([NaN], 90))


def test_good_days_ratio() -> None:
    assert good_days_ratio([50, 100, 101, NaN, 30]) == pytest.approx(75.0)
    assert np.isnan(good_days_ratio([NaN]))
