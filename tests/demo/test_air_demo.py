"""The demo air data: realistic shape, deterministic, idempotent, crossing 2026-03-01."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from django.core.management import call_command

from lantian.air.models import AreaDay, Forecast, IngestBatch, Observation, Station
from lantian.demo import air
from lantian.demo.air import LOCAL

FIRST = datetime(2026, 2, 25, 0, 0, tzinfo=LOCAL)
LAST = datetime(2026, 3, 3, 0, 0, tzinfo=LOCAL)


def test_a_span_of_hours_is_the_same_whenever_it_is_generated() -> None:
    short = air.generate(datetime(2026, 6, 1, tzinfo=LOCAL), datetime(2026, 6, 2, tzinfo=LOCAL))
    long = air.generate(datetime(2026, 5, 1, tzinfo=LOCAL), datetime(2026, 6, 2, tzinfo=LOCAL))
    tail = [r for r in long if r["time"] > "2026-06-01 00:00"]
    assert short == tail


def test_the_series_have_daily_and_seasonal_patterns() -> None:
    rows = air.generate(datetime(2025, 6, 1, tzinfo=LOCAL), datetime(2026, 6, 1, tzinfo=LOCAL))
    city = [r for r in rows if r["station"] == "3101A" and "invalid" not in r]
    month = np.array([int(r["time"][5:7]) for r in city])
    hour = np.array([int(r["time"][11:13]) for r in city])
    pm25 = np.array([r["pm25"] for r in city], dtype=float)
    o3 = np.array([r["o3"] for r in city], dtype=float)
    winter, summer = np.isin(month, (12, 1)), np.isin(month, (6, 7))
    assert pm25[winter].mean() > 1.5 * pm25[summer].mean()  # heating season, low mixing
    assert o3[summer].mean() > 1.5 * o3[winter].mean()  # photochemistry
    afternoon, dawn = np.isin(hour, (14, 15, 16)), np.isin(hour, (5, 6, 7))
    assert o3[afternoon].mean() > 2 * o3[dawn].mean()
    assert pm25.max() > 150  # the haze episodes reach heavy pollution


def test_gaps_flags_and_refused_rows_are_present() -> None:
    rows = air.generate(datetime(2026, 2, 1, tzinfo=LOCAL), datetime(2026, 5, 7, tzinfo=LOCAL))
    stations = len(air.STATIONS)
    hours = (datetime(2026, 5, 7, tzinfo=LOCAL) - datetime(2026, 2, 1, tzinfo=LOCAL)).days * 24
    assert len(rows) < stations * hours  # hours lost in transmission and an outage
    assert not [r for r in rows if r["time"] == "2026-03-01 02:00"]  # a network-wide gap
    assert not [r for r in rows if r["station"] == "3108A" and r["time"][:10] == "2026-02-11"]
    assert any(r.get("invalid") == "pm25" for r in rows)
    assert any(r["pm10"] < 0 for r in rows)  # one row ingestion must refuse


@pytest.mark.django_db
def test_loading_is_idempotent_and_builds_the_aggregates() -> None:
    first = air.load(first=FIRST, last=LAST)
    assert Station.objects.filter(code__in=[s.code for s in air.STATIONS]).count() == 14
    assert Station.objects.filter(counts_for_city=True).count() >= 12
    assert first["observations"] == Observation.objects.count() > 14 * 24 * 5.5  # 6 days, gaps
    assert first["batches"] == 2  # February and March
    # both editions of HJ 633 are in the span
    assert AreaDay.objects.filter(area="city", day="2026-02-28", aqi__isnull=False).exists()
    assert AreaDay.objects.filter(area="city", day="2026-03-01", aqi__isnull=False).exists()
    assert Forecast.objects.count() == 1
    again = air.load(first=FIRST, last=LAST)
    assert again == {"observations": 0, "batches": 0}
    assert IngestBatch.objects.count() == 2 and Forecast.objects.count() == 1


@pytest.mark.django_db
def test_load_demo_command_without_air(capsys) -> None:
    call_command(
        "load_demo", "--no-air", "--no-disclosure", "--no-foi", "--no-complaints", "--no-sources"
    )
    out = capsys.readouterr().out
    assert "示范市生态环境局" in out
    assert not Observation.objects.exists()
    # the EIA projects and the approval items load without the sources
    assert "EIA projects loaded" in out and "Approval items loaded" in out
