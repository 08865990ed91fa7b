"""The demo's pollution sources at a reduced size: enterprises of every kind with valid
credit codes, permits, outlets and key-unit listings, hourly flue-gas data with
exceedances and flagged hours, daily waste-water data, supervisory monitoring, the
lists and a quarter's report sent to publication; loading again adds nothing."""

from __future__ import annotations

from datetime import date

import pytest

from lantian.demo import sources as sources_demo
from lantian.sources import creditcode, selectors
from lantian.sources.models import (
    Enterprise,
    ExceedanceEvent,
    KeyUnitListing,
    Measurement,
    Outlet,
    SupervisorySample,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def test_the_full_plan_has_every_kind_and_valid_unique_codes():
    plans = sources_demo.plan()
    assert 190 <= len(plans) <= 210
    assert len({p.credit_code for p in plans}) == len(plans)
    assert len({p.name for p in plans}) == len(plans)
    assert all(creditcode.is_valid(p.credit_code) for p in plans)
    assert {p.kind.key for p in plans} == {k.key for k in sources_demo.KINDS}
    assert sum(p.hourly for p in plans) == sources_demo.WITH_HOURLY_DATA
    assert plans == sources_demo.plan()  # seeded


def test_a_reduced_load_tells_the_story_and_is_idempotent(demo):
    result = demo_load()
    assert result["enterprises"] >= 30
    assert (
        Outlet.objects.filter(kind="gas").exists() and Outlet.objects.filter(kind="water").exists()
    )
    assert Measurement.objects.filter(flag="N").exists()
    assert Measurement.objects.exclude(flag="N").exists()  # maintenance and calibration
    assert ExceedanceEvent.objects.exists()
    assert SupervisorySample.objects.filter(compliant=True).exists()
    assert KeyUnitListing.objects.filter(year=2026).count() > 30
    assert selectors.key_unit_list_status(2026, TODAY).status == "on_time"
    assert selectors.key_unit_list_status(2025, TODAY).status == "on_time"
    counts = (
        Enterprise.objects.count(),
        Measurement.objects.count(),
        SupervisorySample.objects.count(),
    )
    demo_load()
    assert (
        Enterprise.objects.count(),
        Measurement.objects.count(),
        SupervisorySample.objects.count(),
    ) == counts


def demo_load():
    return sources_demo.load(today=TODAY, count=40, days=6)
