"""The enterprise record for the enterprise page (inspections of five years, published
penalties, published ratings, disclosure reports, each with its last update) and the
annual report obligations opened from the key-unit lists, with their schedule."""

from __future__ import annotations

from datetime import date

import pytest

from lantian.enforcement import rating, selectors, services, tasks
from lantian.enforcement.models import DisclosureReport
from lantian.sources import services as sources_services
from tests.enforcement.conftest import Plants
from tests.enforcement.records import INDIVIDUAL_NAME, make_record

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 1)


def test_the_enterprise_record_lists_what_the_public_may_see(plants: Plants) -> None:
    record = make_record(plants)
    power = selectors.enterprise_record(plants.power, TODAY)
    assert power.inspections == [record.inspection]  # the 2020 one is more than 5 years old
    assert [p.penalty for p in power.penalties] == [record.on_time]
    assert power.penalties[0].check.working_days_taken == 3 and not power.penalties[0].late
    assert power.penalties_updated == record.on_time.updated_at
    assert [r.rating for r in power.ratings] == [record.green]
    assert power.ratings[0].level.color_en == "green" and not power.ratings[0].repaired
    assert power.ratings_updated >= record.green.rated_at
    statuses = {(s.report.kind, s.status) for s in power.reports}
    assert ("annual", "on_time") in statuses and ("adhoc", "missing") in statuses
    assert power.reports_updated is not None

    wwtp = selectors.enterprise_record(plants.wwtp, TODAY)
    assert wwtp.penalties[0].late and wwtp.penalties[0].check.working_days_taken == 10
    assert wwtp.inspections == [] and wwtp.inspections_updated is None
    assert wwtp.ratings == [] and wwtp.ratings_updated is None

    other = selectors.enterprise_record(plants.other, TODAY)
    # the unpublished decision is not shown; the revoked one is, with its status
    assert [p.penalty for p in other.penalties] == [record.revoked]
    (black,) = other.ratings
    assert black.rated_level.code == "black" and black.level.code == "red" and black.repaired
    for found in (power, wwtp, other):
        assert all(INDIVIDUAL_NAME not in p.offender for p in found.penalties)


def test_individuals_are_masked_in_the_public_rows(plants: Plants) -> None:
    record = make_record(plants)
    row = selectors.public_penalty(record.person, TODAY)
    assert row.offender == "张**"


def test_the_rating_inputs_are_shown_again_from_the_engine(plants: Plants) -> None:
    record = make_record(plants)
    result = selectors.rating_result(record.black)
    assert result.veto.code == "evasive_discharge" and result.level.code == "black"
    assert len(result.contributions) == len(rating.load_scheme("jiangsu").indicators)
    assert str(result.score) == "70.0"


def test_annual_obligations_are_opened_for_last_years_key_units_once(plants: Plants) -> None:
    for enterprise in (plants.power, plants.wwtp):
        sources_services.list_key_unit(
            actor=None, enterprise=enterprise, year=2026, medium="air", level="city"
        )
    sources_services.list_key_unit(
        actor=None, enterprise=plants.other, year=2025, medium="water", level="city"
    )
    assert tasks.open_obligations(date(2027, 1, 5)) == 2
    assert tasks.open_obligations(date(2027, 1, 6)) == 0  # idempotent
    annual = DisclosureReport.objects.filter(kind="annual", year=2026)
    assert {r.enterprise for r in annual} == {plants.power, plants.wwtp}
    status = selectors.report_status(annual.first(), date(2027, 3, 16))
    assert status.status == "missing"
    # listed later: opened on the next run, the others kept
    sources_services.list_key_unit(
        actor=None, enterprise=plants.other, year=2026, medium="water", level="city"
    )
    assert services.open_annual_reports_of_key_units(actor=None, year=2026) == 1
    assert DisclosureReport.objects.filter(kind="annual", year=2026).count() == 3


def test_the_obligations_run_every_morning_from_january_to_march() -> None:
    from crontask import scheduler

    job = next(j for j in scheduler.get_jobs() if j.name.endswith("open_annual_report_obligations"))
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["month"], fields["hour"], fields["minute"]) == ("1-3", "6", "30")


def test_the_enterprise_page_shows_the_enforcement_record(plants: Plants) -> None:
    import time_machine
    from django.test import Client

    record = make_record(plants)
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        html = Client().get(f"/sources/enterprises/{plants.power.credit_code}/").content.decode()
        other = Client().get(f"/sources/enterprises/{plants.other.credit_code}/").content.decode()
    for heading in ("监督检查", "行政处罚", "环境信用评价", "环境信息依法披露报告"):
        assert heading in html, heading
    assert record.on_time.document_number in html
    assert f"/sources/penalties/{record.on_time.pk}/" in html
    assert f"/sources/credit-ratings/{record.green.pk}/" in html
    assert record.revoked.document_number in other
    assert INDIVIDUAL_NAME not in html and INDIVIDUAL_NAME not in other
