"""HJ 633-2012 and HJ 633-2026 from their own tables: every breakpoint, the special and
rounding rules, the switch on 2026-03-01, the NA rule, primary and exceeding pollutants."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantian.air import standards as t
from lantian.air.aqi import calculate, compute

EDITIONS = {
    "hj633-2012": t.HJ633_2012_BREAKPOINTS,
    "hj633-2026": t.HJ633_2026_BREAKPOINTS,
}
# The input that reads each table: (averaging, pollutant key).
READS = {
    ("so2", "1h"): ("hour", "so2"),
    ("so2", "24h"): ("day", "so2"),
    ("no2", "1h"): ("hour", "no2"),
    ("no2", "24h"): ("day", "no2"),
    ("co", "1h"): ("hour", "co"),
    ("co", "24h"): ("day", "co"),
    ("o3", "1h"): ("hour", "o3"),
    ("o3", "8h"): ("day", "o3_8h"),
    ("pm10", "24h"): ("day", "pm10"),
    ("pm25", "24h"): ("day", "pm25"),
}


def edge_cases():
    for edition, table in EDITIONS.items():
        for key, (breakpoints, iaqi) in table.items():
            for bp, index in zip(breakpoints, iaqi, strict=True):
                yield pytest.param(edition, key, bp, index, id=f"{edition}-{key[0]}-{key[1]}-{bp}")


@pytest.mark.parametrize(("edition", "key", "concentration", "expected"), list(edge_cases()))
def test_every_breakpoint_gives_its_iaqi(edition, key, concentration, expected) -> None:
    averaging, name = READS[key]
    if key == ("so2", "1h") and concentration > 800:
        pytest.skip("above 800 the special rule applies")
    batch = compute(edition, averaging, **{name: [float(concentration)]})
    assert batch.iaqi[name][0] == expected


@pytest.mark.parametrize(("edition", "key"), [(e, k) for e, tb in EDITIONS.items() for k in tb])
def test_just_above_a_breakpoint_rounds_up_into_the_next_segment(edition, key) -> None:
    averaging, name = READS[key]
    breakpoints, iaqi = EDITIONS[edition][key]
    step = 0.1 if key[0] == "co" else 1.0
    for i, (bp, index) in enumerate(zip(breakpoints[:-1], iaqi[:-1], strict=True)):
        value = compute(edition, averaging, **{name: [bp + step]}).iaqi[name][0]
        assert index < value <= iaqi[i + 1], (bp, value)


def test_the_2026_particulate_limits() -> None:
    assert calculate("hj633-2026", "day", pm25=60).iaqi["pm25"] == 100
    assert calculate("hj633-2012", "day", pm25=60).iaqi["pm25"] == 82  # 50 + 50/40·25 = 81.25
    assert calculate("hj633-2026", "day", pm10=120).iaqi["pm10"] == 100
    assert calculate("hj633-2012", "day", pm10=120).iaqi["pm10"] == 85
    # 2026: 75 µg/m³ PM2.5 = 100 + 50/55·15 = 113.6 → 114 (rounded up)
    assert calculate("hj633-2026", "hour", pm25=75).iaqi["pm25"] == 114


def test_iaqi_is_always_rounded_up() -> None:
    # 2012 PM2.5 36: 50 + 50/40·1 = 51.25 → 52
    assert calculate("hj633-2012", "day", pm25=36).iaqi["pm25"] == 52
    # exact integers stay: NO2 24h 60 → 50 + 50/40·20 = 75
    assert calculate("hj633-2012", "day", no2=60).iaqi["no2"] == 75


def test_2026_rounds_concentrations_half_to_even_first() -> None:
    # 34.5 → 34 (even): 50/35·34 = 48.57 → 49; under 2012 unrounded 34.5 → 49.29 → 50
    assert calculate("hj633-2026", "day", pm25=34.5).iaqi["pm25"] == 49
    assert calculate("hj633-2012", "day", pm25=34.5).iaqi["pm25"] == 50
    # 35.5 → 36: 50 + 50/25·1 = 52
    assert calculate("hj633-2026", "day", pm25=35.5).iaqi["pm25"] == 52
    # CO to 0.1 mg/m³: 2.25 → 2.2 (50 + 50/2·0.2 = 55), 2.35 → 2.4 (60)
    assert calculate("hj633-2026", "day", co=2.25).iaqi["co"] == 55
    assert calculate("hj633-2026", "day", co=2.35).iaqi["co"] == 60


def test_so2_above_800_in_real_time() -> None:
    assert calculate("hj633-2026", "hour", so2=801).iaqi["so2"] == 200  # Table 3 note b
    assert calculate("hj633-2026", "hour", so2=800).iaqi["so2"] == 200
    # 2012: the 24-hour mean is used instead (Table 1 note 2): 24h 500 → 150 + 50/325·25
    result = calculate("hj633-2012", "hour", so2=900, so2_24h=500)
    assert result.iaqi["so2"] == 154
    assert calculate("hj633-2012", "hour", so2=900).iaqi["so2"] is None  # no 24h mean given


def test_o3_8h_above_800() -> None:
    assert calculate("hj633-2026", "day", o3_8h=801).iaqi["o3_8h"] == 300  # Table 3 note c
    # 2012: no 8-hour IAQI; the 1-hour one counts (Table 1 note 3)
    result = calculate("hj633-2012", "day", o3_8h=850, o3=1000)
    assert result.iaqi["o3_8h"] is None
    assert result.iaqi["o3"] == 400
    assert result.aqi == 400


def test_real_time_and_daily_indicators_per_edition() -> None:
    hour_2026 = calculate(
        "hj633-2026", "hour", so2=5, no2=5, co=0.2, o3=300, o3_8h=300, pm10=5, pm25=5
    )
    assert "o3_8h" not in hour_2026.iaqi  # 2026 real time: O3 1-hour only
    day_2026 = calculate(
        "hj633-2026", "day", so2=5, no2=5, co=0.2, o3=300, o3_8h=150, pm10=5, pm25=5
    )
    assert "o3" not in day_2026.iaqi  # 2026 daily: O3 8-hour only
    assert day_2026.aqi == 92
    day_2012 = calculate(
        "hj633-2012", "day", so2=5, no2=5, co=0.2, o3=300, o3_8h=150, pm10=5, pm25=5
    )
    assert day_2012.aqi == 150  # 2012 daily still counts the maximum 1-hour O3


def test_the_standard_changes_on_1_march_2026() -> None:
    before = calculate("cn", "hour", on=date(2026, 2, 28), pm25=75)
    after = calculate("cn", "hour", on=date(2026, 3, 1), pm25=75)
    assert (before.standard, before.iaqi["pm25"]) == ("hj633-2012", 100)
    assert (after.standard, after.iaqi["pm25"]) == ("hj633-2026", 114)
    days = np.array(["2026-02-28", "2026-03-01"], dtype="datetime64[D]")
    batch = compute("cn", "hour", on=days, pm25=[75, 75])
    assert batch.iaqi["pm25"].tolist() == [100, 114]


def test_2026_na_rule_when_a_pollutant_is_missing() -> None:
    full = {"so2": 5, "no2": 20, "co": 0.5, "o3": 80, "pm10": 40, "pm25": 30}
    assert calculate("hj633-2026", "hour", **full).aqi == 43
    partial = {k: v for k, v in full.items() if k != "co"}
    result = calculate("hj633-2026", "hour", **partial)
    assert result.aqi is None and result.level is None  # ≤ 100 with a gap: NA (5.3.1)
    assert result.iaqi["pm25"] == 43  # the individual IAQIs are still published
    polluted = calculate("hj633-2026", "hour", **{**partial, "pm25": 160})
    assert polluted.aqi == 210  # 200 + 100/100·10; above 100: published despite the gap
    # 2012 has no such rule: the AQI comes from what there is.
    assert calculate("hj633-2012", "hour", **partial).aqi == 43


def test_primary_pollutants_ties_and_threshold() -> None:
    # PM10 150 and PM2.5 75 are both IAQI 100 under 2012: both are primary.
    tie = calculate("hj633-2012", "day", pm10=150, pm25=75, no2=40)
    assert tie.aqi == 100
    assert set(tie.primary) == {"pm10", "pm25"}
    clean = calculate("hj633-2012", "day", pm10=40, pm25=20)
    assert clean.aqi <= 50 and clean.primary == ()  # no primary pollutant at AQI ≤ 50


def test_exceeding_pollutants_only_in_2012() -> None:
    old = calculate("hj633-2012", "day", pm25=80, pm10=160, no2=30)
    assert set(old.exceeding) == {"pm25", "pm10"}  # IAQI > 100
    assert calculate("hj633-2026", "day", pm25=80, pm10=160, no2=30).exceeding == ()


@pytest.mark.parametrize(
    ("aqi_pm25_2012", "level", "category", "color"),
    [
        (35, 1, "优", "#00E400"),
        (75, 2, "良", "#FFFF00"),
        (76, 3, "轻度污染", "#FF7E00"),
        (150, 4, "中度污染", "#FF0000"),
        (250, 5, "重度污染", "#99004C"),
        (251, 6, "严重污染", "#7E0023"),
    ],
)
def test_levels_categories_and_colours(aqi_pm25_2012, level, category, color) -> None:
    result = calculate("hj633-2012", "day", pm25=aqi_pm25_2012)
    assert (result.level.number, result.level.category_zh, result.level.color_hex) == (
        level,
        category,
        color,
    )
    assert result.level.health_zh and result.level.measures_zh and result.level.measures_en


def test_level_boundaries_on_the_aqi() -> None:
    # 2012 PM2.5 → AQI: 35 → 50 (level 1), 35.8 → 51 (2); 150 → 200 (4), 151 → 201 (5)
    assert calculate("hj633-2012", "day", pm25=35).level.number == 1
    assert calculate("hj633-2012", "day", pm25=35.8).level.number == 2
    assert calculate("hj633-2012", "day", pm25=150).level.number == 4
    assert calculate("hj633-2012", "day", pm25=151).level.number == 5


def test_negative_and_unknown_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        compute("hj633-2026", "hour", pm25=[-1.0])
    with pytest.raises(ValueError, match="unknown pollutant"):
        compute("hj633-2026", "hour", pm1=[3.0])
    with pytest.raises(ValueError, match="needs the observation date"):
        compute("cn", "hour", pm25=[3.0])


values = st.floats(min_value=0, max_value=1500, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(values, values, values, values), min_size=1, max_size=30))
def test_vectorised_equals_scalar(rows) -> None:
    so2, no2, pm10, pm25 = (np.array(col) for col in zip(*rows, strict=True))
    batch = compute(
        "hj633-2026",
        "day",
        so2=so2,
        no2=no2,
        pm10=pm10,
        pm25=pm25,
        co=np.full(len(rows), 0.5),
        o3_8h=np.full(len(rows), 80.0),
    )
    for i, (a, b, c, d) in enumerate(rows):
        one = calculate("hj633-2026", "day", so2=a, no2=b, pm10=c, pm25=d, co=0.5, o3_8h=80.0)
        assert one.aqi == int(batch.aqi[i])
        assert one.level.number == batch.level[i]
