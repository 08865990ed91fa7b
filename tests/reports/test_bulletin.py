"""The yearly bulletin's engine (HJ 663 percentiles, annual assessment, validity) and its
assembly from the air and water selectors."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from lantian.air.models import CITY, AreaDay
from lantian.air.monthly import DailySeries
from lantian.reports import bulletin
from lantian.water import services as water_services
from lantian.water.models import Site

NaN = math.nan


# --------------------------------------------------------------------------- percentiles


def test_percentile_hj_663_worked_example() -> None:
    # HJ 663 Appendix: sort ascending, k = 1 + (n − 1)·p/100, s = ⌊k⌋,
    # P = X(s) + (X(s+1) − X(s))·(k − s). n = 5, p = 90: k = 4.6 → 40 + 0.6·10 = 46.
    assert bulletin.percentile([10, 50, 20, 40, 30], 90) == pytest.approx(46.0)


def test_percentile_365_days_interpolates_between_ranks() -> None:
    # A year of 365 daily means 1 … 365: P95 has k = 1 + 364·0.95 = 346.8, between X(346) =
    # 346 and X(347) = 347 → 346.8; P98 k = 1 + 364·0.98 = 357.72 → 357.72.
    values = np.arange(365, 0, -1, dtype=float)  # order does not matter
    assert bulletin.percentile(values, 95) == pytest.approx(346.8)
    assert bulletin.percentile(values, 98) == pytest.approx(357.72)
    assert bulletin.percentile(values, 90) == pytest.approx(328.6)


def test_percentile_integer_k_is_that_rank() -> None:
    # n = 51, p = 98: k = 1 + 50·0.98 = 50 exactly → X(50), no interpolation
    values = [float(v) * 10 for v in range(1, 52)]
    assert bulletin.percentile(values, 98) == pytest.approx(500.0)
    # n = 21, p = 95: k = 20 → X(20)
    assert bulletin.percentile(list(range(1, 22)), 95) == pytest.approx(20.0)


def test_percentile_edges() -> None:
    assert bulletin.percentile([42.0], 98) == pytest.approx(42.0)  # n = 1: k = 1
    assert bulletin.percentile([10.0, 20.0], 90) == pytest.approx(19.0)  # k = 1.9
    assert bulletin.percentile([NaN, 7.0, NaN], 95) == pytest.approx(7.0)  # NaN dropped
    assert math.isnan(bulletin.percentile([NaN, NaN], 95))
    assert math.isnan(bulletin.percentile([], 95))
    assert bulletin.percentile([5.0, 5.0, 5.0], 98) == pytest.approx(5.0)


def test_percentiles_follow_hj_663_annual_table() -> None:
    # HJ 663-2013 Table 5: SO2, NO2 P98; PM10, PM2.5, CO P95; O3 daily max 8 h P90.
    assert bulletin.PERCENTILES == {
        "so2": 98,
        "no2": 98,
        "pm10": 95,
        "pm25": 95,
        "co": 95,
        "o3_8h": 90,
    }


# --------------------------------------------------------------------------- air engine


def year_series(year: int, n: int | None = None, *, pm25_offset: float = 0.0) -> dict[str, Any]:
    """Daily values of ``year`` (the first ``n`` days): PM2.5 runs 1 … n (+ offset)."""
    first = date(year, 1, 1)
    size = n if n is not None else (date(year + 1, 1, 1) - first).days
    days = [first + timedelta(days=i) for i in range(size)]
    idx = np.arange(1, size + 1, dtype=float)
    aqi = np.where(idx % 5 == 0, 120.0, 60.0)  # every fifth day lightly polluted
    aqi[idx % 73 == 0] = 40.0
    primary = ["" if a <= 50 else ("pm25" if i % 2 else "o3_8h,pm25") for i, a in enumerate(aqi)]
    series = DailySeries.build(
        days,
        so2=np.full(size, 8.0),
        no2=np.full(size, 30.0),
        co=np.linspace(0.4, 1.4, size),
        o3_8h=np.full(size, 150.0),
        pm10=np.full(size, 60.0),
        pm25=idx / 10 + pm25_offset,
        aqi=aqi,
    )
    return {"series": series, "primary": primary}


def test_complete_year_statistics() -> None:
    data = year_series(2025)
    a = bulletin.air_year(2025, data["series"], data["primary"], today=date(2026, 2, 1))
    assert a.complete and a.enough_data and not a.running
    assert a.days_in_year == 365 and a.aqi_days == 365 and a.no_aqi_days == 0
    pm25 = a.pollutants["pm25"]
    assert pm25.mean == pytest.approx(18.3)  # mean of 0.1 … 36.5
    assert pm25.published_mean == 18.0  # GB/T 8170: 18.3 → 18
    assert pm25.percentile == pytest.approx(34.68)  # P95, k = 346.8 → 34.68
    assert pm25.published_percentile == 35.0
    assert pm25.annual_limit == 35 and pm25.daily_limit == 75
    assert pm25.meets is True
    assert a.pollutants["so2"].p == 98 and a.pollutants["so2"].published_percentile == 8
    assert a.pollutants["o3_8h"].published_mean is None  # O3 has no annual mean
    assert a.pollutants["o3_8h"].published_percentile == 150
    assert a.pollutants["co"].published_percentile == pytest.approx(1.4, abs=0.05)
    # every fifth day polluted (73), of them five at AQI 40 (multiples of 73 and 5: 365)
    assert a.level_days[3] == 72
    assert a.good_days == 365 - 72
    assert a.good_ratio == pytest.approx((365 - 72) / 365 * 100)
    assert a.level_days[1] == 5 and a.level_days[2] == 288
    assert a.primary_total == 360 and a.primary_days["pm25"] == 360
    assert a.primary_days["o3_8h"] == 180
    # composite: 8/60 + 30/40 + CO/4 + 150/160 + 60/70 + 18/35
    co = a.pollutants["co"].published_percentile
    expected = 8 / 60 + 30 / 40 + co / 4 + 150 / 160 + 60 / 70 + 18 / 35
    assert a.composite.total == pytest.approx(expected)
    assert a.limits.standard == "GB 3095-2012"
    assert a.meets_standard is True


def test_a_pollutant_over_its_24_hour_limit_fails_the_year() -> None:
    data = year_series(2025, pm25_offset=50.0)  # P95 = 84.68 > 75, mean 68 > 35
    a = bulletin.air_year(2025, data["series"], data["primary"], today=date(2026, 2, 1))
    assert a.pollutants["pm25"].meets is False
    assert a.meets_standard is False


def test_year_with_too_few_days_is_not_an_annual_assessment() -> None:
    data = year_series(2025, n=323)  # one short of GB 3095's 324
    a = bulletin.air_year(2025, data["series"], data["primary"], today=date(2026, 2, 1))
    assert not a.enough_data and not a.complete
    assert a.valid_days == 323 and a.no_aqi_days == 42
    assert a.as_of == date(2025, 11, 19)
    full = bulletin.air_year(2024, year_series(2024)["series"], today=date(2026, 2, 1))
    assert full.days_in_year == 366 and full.complete
    assert bulletin.compare(a, full) is None  # never compared


def test_324_days_are_enough_and_a_running_year_is_not_final() -> None:
    data = year_series(2026, n=324)
    a = bulletin.air_year(2026, data["series"], data["primary"], today=date(2026, 12, 8))
    assert a.enough_data and a.running and not a.complete
    over = bulletin.air_year(2026, data["series"], data["primary"], today=date(2027, 1, 1))
    assert over.complete
    # 2026 is assessed against the limits in force at its end: GB 3095-2026 (2026–2030)
    assert over.limits.standard.startswith("GB 3095-2026")
    assert over.pollutants["pm25"].annual_limit == 30
    assert over.pollutants["pm25"].daily_limit == 60


def test_compare_two_complete_years_from_published_figures() -> None:
    before = bulletin.air_year(2024, year_series(2024, pm25_offset=2.0)["series"])
    now = bulletin.air_year(2025, year_series(2025)["series"])
    change = bulletin.compare(now, before)
    assert change is not None and change.same_limits
    # PM2.5 published 18 against 20 (mean of 0.1 … 36.6 + 2 = 20.35 → 20): −10.0 %
    assert before.pollutants["pm25"].published_mean == 20
    assert change.concentrations_percent["pm25"] == pytest.approx(-10.0)
    assert change.concentrations_percent["so2"] == 0.0
    assert change.good_ratio_points is not None


def test_days_outside_the_year_are_ignored() -> None:
    data = year_series(2025)
    a = bulletin.air_year(2024, data["series"], data["primary"])
    assert a.aqi_days == 0 and not a.enough_data
    assert math.isnan(a.good_ratio) and a.meets_standard is None


def test_water_groups_shares() -> None:
    groups, total = bulletin.water_groups({"I": 1, "II": 2, "III": 3, "IV": 1, "V": 0, "劣V": 1})
    assert total == 8
    assert groups == [("I–III", 6, 75.0), ("IV–V", 1, 12.5), ("劣V", 1, 12.5)]
    empty, none = bulletin.water_groups({})
    assert none == 0 and all(math.isnan(share) for _label, _n, share in empty)


# --------------------------------------------------------------------------- assembly (DB)


def add_city_year(year: int, n: int | None = None, *, pm25: float = 30.0) -> None:
    first = date(year, 1, 1)
    size = n if n is not None else (date(year + 1, 1, 1) - first).days
    AreaDay.objects.bulk_create(
        AreaDay(
            area=CITY,
            day=first + timedelta(days=i),
            stations=1,
            so2=8,
            no2=30,
            co=0.8,
            o3_8h=150,
            pm10=60,
            pm25=pm25,
            aqi=120 if i % 4 == 0 else 70,
            level=3 if i % 4 == 0 else 2,
            primary="pm25",
        )
        for i in range(size)
    )


@pytest.fixture
def water_year(db: Any) -> dict[str, Site]:
    river = water_services.save_site(
        actor=None, code="W01", name="示范河大桥断面", kind=Site.Kind.RIVER_SECTION, target="III"
    )
    dirty = water_services.save_site(
        actor=None, code="W02", name="东沟入河口", kind=Site.Kind.RIVER_SECTION, target="IV"
    )
    source = water_services.save_site(
        actor=None,
        code="S01",
        name="青山水库水源地",
        kind=Site.Kind.DRINKING_SURFACE,
        water_body="lake",
        target="II",
        design_abstraction=300.0,
    )
    water_services.save_site(
        actor=None, code="W03", name="新设断面", kind=Site.Kind.RIVER_SECTION, target="III"
    )
    for month in range(1, 13):
        on = date(2025, month, 10)
        # river: NH3-N 0.3 most months, one bad month 1.8 → mean 0.425 (II)
        nh3 = 1.8 if month == 7 else 0.3
        water_services.save_sample(actor=None, site=river, sampled_on=on, values={"nh3_n": nh3})
        water_services.save_sample(actor=None, site=dirty, sampled_on=on, values={"nh3_n": 2.5})
        water_services.save_sample(
            actor=None, site=source, sampled_on=on, values={"nh3_n": 0.2, "tp": 0.01}
        )
    # a second sample in January: the river's January mean is (0.3 + 0.9) / 2 = 0.6
    water_services.save_sample(
        actor=None, site=river, sampled_on=date(2025, 1, 25), values={"nh3_n": 0.9}
    )
    return {"river": river, "dirty": dirty, "source": source}


def test_bulletin_assembles_air_and_water(water_year: dict[str, Site]) -> None:
    add_city_year(2025)
    add_city_year(2024, pm25=40.0)
    b = bulletin.bulletin(2025, today=date(2026, 1, 20))
    assert b.complete and b.air is not None and b.last_year is not None
    assert b.air.pollutants["pm25"].published_mean == 30
    assert b.air.good_days == 365 - 92
    assert b.change is not None
    assert b.change.concentrations_percent["pm25"] == pytest.approx(-25.0)
    classes = {s.classed.site.code: s for s in b.water.sites}
    # monthly means first: January (0.3 + 0.9) / 2 = 0.6, July 1.8, ten months 0.3
    # → (0.6 + 1.8 + 10·0.3) / 12 = 0.45 → class II (≤ 0.5)
    assert classes["W01"].classed.site_class == "II"
    assert classes["W01"].samples == 13 and classes["W01"].months == 12
    assert classes["W02"].classed.site_class == "劣V"
    assert classes["S01"].classed.site_class == "II"
    assert classes["W03"].classed.site_class is None and classes["W03"].samples == 0
    assert b.water.class_counts["II"] == 2 and b.water.class_counts["劣V"] == 1
    assert b.water.classed_sites == 3 and b.water.unclassed_sites == 1
    assert b.water.groups[0] == ("I–III", 2, pytest.approx(200 / 3))
    rates = b.water.drinking.rates
    assert rates.evaluated == 12 and rates.source_rate == 1.0
    data = bulletin.to_json(b)
    assert data["annual_assessment"] is True
    assert data["air"]["pollutants"]["pm25"]["percentile"] == 95
    assert data["water"]["drinking"]["source_rate_percent"] == 100.0
    assert bulletin.years() == [2025, 2024]


def test_incomplete_year_gives_no_year_on_year(db: Any) -> None:
    add_city_year(2025, n=200)
    add_city_year(2024)
    b = bulletin.bulletin(2025, today=date(2026, 1, 20))
    assert b.air is not None and not b.complete
    assert b.change is None and b.last_year is not None
    assert bulletin.to_json(b)["air_change"] is None
    assert b.water.classed_sites == 0


def test_year_without_data(db: Any) -> None:
    b = bulletin.bulletin(2025, today=date(2026, 1, 20))
    assert b.air is None and b.change is None and not b.complete
