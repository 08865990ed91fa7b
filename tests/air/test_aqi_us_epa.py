"""US EPA AQI (2024 PM2.5 breakpoints): the guide's worked examples, truncation, edges,
NowCast."""

from __future__ import annotations

import numpy as np
import pytest

from lantian.air.aqi import calculate, nowcast

MW = {"o3": 48.00, "co": 28.01, "so2": 64.07, "no2": 46.01}


def ugm3(ppb: float, pollutant: str) -> float:
    """The inverse of the engine's conversion (25 °C, 1 atm): our inputs are µg/m³."""
    return ppb * MW[pollutant] / 24.45


def test_guide_worked_examples() -> None:
    # O3 8h 0.07853333 ppm → truncated 0.078 → 126
    assert calculate("us-epa", "day", o3_8h=ugm3(78.53333, "o3")).aqi == 126
    # PM2.5 35.9 → 102; CO 8.4 ppm → 90
    assert calculate("us-epa", "day", pm25=35.9).aqi == 102
    assert calculate("us-epa", "day", co=ugm3(8.4, "co")).aqi == 90
    both = calculate("us-epa", "day", o3_8h=ugm3(78.53333, "o3"), pm25=35.9, co=ugm3(8.4, "co"))
    assert both.aqi == 126
    assert both.primary == ("o3_8h",)
    # O3 1h 0.162 ppm beats the 8-hour 126. The guide's text reports 148; its own formula
    # and 1-hour rows (0.125–0.164 → 101–150) give 101 + 49/0.039·0.037 = 147.49 → 147.
    hourly = calculate("us-epa", "hour", o3=ugm3(162, "o3"), o3_8h=ugm3(78, "o3"))
    assert hourly.aqi == 147
    assert hourly.primary == ("o3",)


@pytest.mark.parametrize(
    ("pm25", "aqi"),
    [
        (0.0, 0),
        (9.0, 50),
        (9.1, 51),
        (9.05, 50),
        (35.4, 100),
        (35.5, 101),
        (55.4, 150),
        (55.5, 151),
        (125.4, 200),
        (125.5, 201),
        (225.4, 300),
        (225.5, 301),
        (325.4, 500),
    ],
)
def test_pm25_2024_breakpoints_and_truncation(pm25: float, aqi: int) -> None:
    assert calculate("us-epa", "day", pm25=pm25).aqi == aqi


def test_above_500_continues_the_hazardous_formula() -> None:
    # 425.4: 301 + 199/99.9·(425.4 − 225.5) = 699.2 → 699
    assert calculate("us-epa", "day", pm25=425.4).aqi == 699


@pytest.mark.parametrize(("pm10", "aqi"), [(54, 50), (55, 51), (154, 100), (155, 101), (604, 500)])
def test_pm10_edges(pm10: int, aqi: int) -> None:
    assert calculate("us-epa", "day", pm10=pm10).aqi == aqi


def test_one_hour_ozone_below_0_125_ppm_is_disregarded() -> None:
    result = calculate("us-epa", "hour", o3=ugm3(120, "o3"))
    assert result.aqi is None
    assert result.iaqi["o3"] is None


def test_so2_above_304_ppb_uses_the_24_hour_mean_or_stays_at_200() -> None:
    assert calculate("us-epa", "hour", so2=ugm3(304, "so2")).aqi == 200
    assert calculate("us-epa", "hour", so2=ugm3(400, "so2")).aqi == 200  # no 24h mean given
    # 24h 400 ppb: 201 + 99/299·(400 − 305) = 232.45 → 232
    assert calculate("us-epa", "hour", so2=ugm3(400, "so2"), so2_24h=ugm3(400, "so2")).aqi == 232


def test_category_and_colour() -> None:
    result = calculate("us-epa", "day", pm25=40.0)
    assert result.level.number == 3
    assert result.level.category_en == "Unhealthy for Sensitive Groups"
    assert result.level.color_hex == "#FF7E00"


def test_nowcast_of_a_steady_series_is_the_mean() -> None:
    assert nowcast([20.0] * 12) == pytest.approx(20.0)


def test_nowcast_weights_recent_hours_when_variable() -> None:
    # min/max = 10/80 < 0.5, so w = 0.5: Σ 0.5^i·c_i / Σ 0.5^i
    hours = [80.0, 40.0, 20.0, 10.0] + [10.0] * 8
    weights = 0.5 ** np.arange(12)
    assert nowcast(hours) == pytest.approx(np.dot(weights, hours) / weights.sum())


def test_nowcast_with_moderate_change_uses_min_over_max() -> None:
    hours = [30.0, 28.0, 26.0, 24.0, 22.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0]
    w = 20.0 / 30.0
    weights = w ** np.arange(12)
    assert nowcast(hours) == pytest.approx(np.dot(weights, hours) / weights.sum())


def test_nowcast_needs_two_of_the_last_three_hours() -> None:
    assert np.isnan(nowcast([np.nan, np.nan, 20.0] + [20.0] * 9))
    assert nowcast([np.nan, 21.0, 20.0] + [20.0] * 9) == pytest.approx(
        20.0 + 1.0 / (1 + sum((20 / 21) ** i for i in range(2, 12)) / (20 / 21)), rel=0.05
    )
    with pytest.raises(ValueError):
        nowcast([1.0] * 11)


def test_nowcast_is_vectorised() -> None:
    series = np.array([[20.0] * 12, [80.0, 40.0, 20.0, 10.0] + [10.0] * 8])
    assert nowcast(series).shape == (2,)
