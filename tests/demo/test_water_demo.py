"""The demo water data: 12 sites inside their districts, 24 months of samples with the
story's exceedances, drinking-water rates below 100 % in some months, one source-month
not sampled; the same values whenever generated; loading again adds nothing."""

from __future__ import annotations

import json
import time
from datetime import date
from importlib import resources

import pytest
from django.core.management import call_command

from lantian.demo import water as demo
from lantian.water import selectors
from lantian.water.models import Sample, SampleBatch, Site

TODAY = date(2026, 11, 26)  # the day tests/demo/conftest.py freezes the clock at


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: whether a point lies inside a polygon ring."""
    found = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            found = not found
    return found


def test_every_site_lies_in_its_district_on_the_bundled_map() -> None:
    text = resources.files("lantian.air").joinpath("data/districts.geojson").read_text()
    shapes = {f["properties"]["name"]: f["geometry"] for f in json.loads(text)["features"]}
    for s in demo.SITES:
        shape = shapes[s.district]
        polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
        assert any(_inside(s.longitude, s.latitude, p[0]) for p in polygons), s.code


def test_a_month_is_the_same_whenever_it_is_generated() -> None:
    assert demo.plan_month(2026, 3) == demo.plan_month(2026, 3)
    early = [p for p in demo.plan(date(2026, 4, 20)) if p.sampled_on.isoformat()[:7] == "2026-03"]
    late = [p for p in demo.plan(TODAY) if p.sampled_on.isoformat()[:7] == "2026-03"]
    assert early == late
    assert all(p.sampled_on.weekday() < 5 for p in demo.plan(TODAY))


@pytest.mark.django_db
def test_loading_gives_two_years_with_the_story_and_again_adds_nothing() -> None:
    started = time.perf_counter()
    first = demo.load(today=TODAY)
    print(f"water demo loaded in {time.perf_counter() - started:.2f} s")
    assert first["sites"] == 12 and Site.objects.count() == 12
    assert Site.objects.filter(kind__in=Site.DRINKING).count() == 4
    assert Site.objects.filter(kind="river_section").count() == 6
    assert Site.objects.filter(kind="lake_reservoir").count() == 2
    assert not Site.objects.filter(district__isnull=True).exists()
    drinking_targets = Site.objects.filter(kind__in=Site.DRINKING).values_list("target", flat=True)
    assert set(drinking_targets) <= {"I", "II", "III"}
    months = sorted(
        set(Sample.objects.filter(month__lt=date(2026, 11, 1)).values_list("month", flat=True))
    )
    assert len(months) == 24 and months[0] == date(2024, 11, 1)
    assert Sample.objects.filter(month=date(2026, 11, 1)).count() == 12  # taken before the 26th
    # every site every month but the 运河 intake's February 2025
    assert Sample.objects.count() == 12 * 25 - 1 == first["samples"]
    assert not Sample.objects.filter(site__code="DW04", month=date(2025, 2, 1)).exists()
    assert first["batches"] == SampleBatch.objects.count() == 25
    source = Sample.objects.filter(site__code="DW01").first()
    assert set(source.values) == set(demo.drinking.ITEMS)  # Table 1 and Table 2
    assert source.abstraction and source.detection_limits.get("hg") == 0.00004
    river = Sample.objects.filter(site__code="RS02").first()
    assert "manganese" not in river.values and river.abstraction is None

    # drinking-water rates: below 100 % in the story's months, 100 % in others
    rates = {
        (y, m): selectors.drinking_compliance(year=y, month=m).rates
        for y, m in demo.span(TODAY)[:-1]
    }
    failing = {k for k, r in rates.items() if r.source_rate is not None and r.source_rate < 1}
    assert failing == {(2025, 7), (2025, 8), (2026, 1), (2026, 9)}
    assert rates[(2026, 1)].source_rate == 0.75 and rates[(2026, 1)].volume_rate < 0.75
    assert rates[(2026, 3)].source_rate == 1 and rates[(2026, 3)].status == "complete"
    assert rates[(2025, 2)].status == "partial" and rates[(2025, 2)].evaluated == 3
    september = selectors.drinking_compliance(year=2026, month=9)
    worst = [m for m in september.source_months if m.compliant is False]
    assert [m.source for m in worst] == ["DW01"]
    assert {e.item for e in worst[0].exceeding} == {"manganese", "iron"}

    # classes: 柳溪河 usually IV–V and worse than V one month; 南湖's phosphorus
    liuxi = Site.objects.get(code="RS05")
    classes = [
        c.site_class for c in selectors.monthly_series(liuxi, start=date(2024, 11, 1), end=TODAY)
    ]
    assert classes.count("劣V") == 1 and sum(c in ("IV", "V") for c in classes) >= 18
    nanhu = Site.objects.get(code="LR01")
    series = selectors.monthly_series(nanhu, start=date(2024, 11, 1), end=TODAY)
    assert "V" in {c.site_class for c in series}
    assert sum("tp" in c.items and c.items["tp"] in ("IV", "V") for c in series) >= 6
    # the clean sites stay at their target
    for code in ("DW01", "RS01", "LR02", "RS04"):
        site = Site.objects.get(code=code)
        series = selectors.monthly_series(site, start=date(2024, 11, 1), end=TODAY)
        assert all(not c.exceeding for c in series), code

    again = demo.load(today=TODAY)
    assert again == {"sites": 0, "samples": 0, "batches": 0}
    assert Sample.objects.count() == 12 * 25 - 1 and Site.objects.count() == 12
    # a month later only the new month comes
    later = demo.load(today=date(2026, 12, 28))
    assert later["samples"] == 12 and later["batches"] == 1


@pytest.mark.django_db
def test_load_demo_loads_the_water_data_unless_told_not_to(capsys: pytest.CaptureFixture) -> None:
    skip_others = ("--no-air", "--no-disclosure", "--no-foi", "--no-complaints", "--no-sources")
    skip_others += ("--no-eia", "--no-approvals")
    call_command("load_demo", *skip_others, "--no-water")
    assert "Water quality loaded" not in capsys.readouterr().out
    assert not Site.objects.exists()
    call_command("load_demo", *skip_others)
    assert "Water quality loaded: 299 new samples" in capsys.readouterr().out
    assert Site.objects.count() == 12
