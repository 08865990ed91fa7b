"""The demo's enforcement record at a reduced size: penalties on the demo enterprises
(the exceedance → inspection → penalty story, late publications, individuals masked,
one under review, one in litigation, one revoked), inspections, last year's credit
ratings in every colour with a Jiangsu black, an objection and a repair, and the
disclosure reports (on time, late, missing); loading again adds nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.test import Client

from lantian.demo import enforcement as enforcement_demo
from lantian.demo import sources as sources_demo
from lantian.enforcement import selectors
from lantian.enforcement.models import (
    CreditObjection,
    CreditRating,
    CreditRepair,
    DisclosureReport,
    Inspection,
    Penalty,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
COUNT = 40


def load() -> dict[str, int]:
    return enforcement_demo.load(today=TODAY, count=COUNT)


def test_a_reduced_load_tells_the_story_and_is_idempotent(demo) -> None:
    sources_demo.load(today=TODAY, count=COUNT, days=40)
    result = load()
    wanted = enforcement_demo.size(COUNT)
    assert result["penalties"] == Penalty.objects.count()
    assert wanted.penalties - 3 <= Penalty.objects.count() <= wanted.penalties + 1
    assert Inspection.objects.count() >= wanted.inspections

    # exceedance → inspection → penalty
    storied = Penalty.objects.filter(inspections__result="case_opened", facts__contains="超标排放")
    assert storied.exists()

    published = selectors.published_penalties()
    checks = [selectors.publication_check(p, TODAY) for p in published]
    assert any(c.late for c in checks) and sum(not c.late for c in checks) > len(checks) / 2
    assert Penalty.objects.filter(published_on__isnull=True).exists()  # the latest
    statuses = Counter(Penalty.objects.values_list("status", flat=True))
    assert statuses["under_review"] == statuses["in_litigation"] == statuses["revoked"] == 1
    assert Penalty.objects.get(status="revoked").status_reason

    persons = Penalty.objects.filter(enterprise__isnull=True)
    assert {p.offender_kind for p in persons} == {"individual", "individual_business"}
    names = [p.offender_name for p in persons]
    client = Client()
    pages = client.get("/sources/penalties/").content.decode()
    pages += client.get("/sources/penalties/", {"format": "csv"}).content.decode("utf-8-sig")
    pages += client.get("/sources/penalties/feed/rss.xml").content.decode()
    for person in persons.filter(published_on__isnull=False):
        pages += client.get(f"/sources/penalties/{person.pk}/").content.decode()
    for name in names:
        assert name not in pages
        assert selectors.public_offender(persons.get(offender_name=name)) == name[0] + "**"

    ratings = CreditRating.objects.filter(year=TODAY.year - 1, published=True)
    assert wanted.ratings - 1 <= ratings.count() <= wanted.ratings
    national = {r.level for r in ratings.filter(scheme="national")}
    assert {"green", "blue", "yellow", "red"} <= national
    black = ratings.get(scheme="jiangsu")
    assert black.level == "black" and black.veto == "evasive_discharge"
    assert CreditObjection.objects.filter(outcome="rejected").count() == 1
    assert CreditRepair.objects.count() == 1

    annual = [
        selectors.report_status(r, TODAY).status
        for r in DisclosureReport.objects.filter(kind="annual", year=TODAY.year - 1)
    ]
    assert {"on_time", "late", "missing"} <= set(annual)
    adhoc = [
        selectors.report_status(r, TODAY)
        for r in DisclosureReport.objects.filter(kind="adhoc", penalty__isnull=False)
    ]
    assert adhoc and any(s.check.late for s in adhoc) and any(s.status == "on_time" for s in adhoc)

    counts = [
        m.objects.count()
        for m in (
            Penalty,
            Inspection,
            CreditRating,
            CreditObjection,
            CreditRepair,
            DisclosureReport,
        )
    ]
    submitted = DisclosureReport.objects.filter(submitted_on__isnull=False).count()
    again = load()
    assert again["penalties"] == again["inspections"] == again["ratings"] == 0
    assert counts == [
        m.objects.count()
        for m in (
            Penalty,
            Inspection,
            CreditRating,
            CreditObjection,
            CreditRepair,
            DisclosureReport,
        )
    ]
    assert DisclosureReport.objects.filter(submitted_on__isnull=False).count() == submitted


def test_without_the_sources_demo_nothing_is_loaded(demo) -> None:
    assert load()["penalties"] == 0
    assert not Penalty.objects.exists()
