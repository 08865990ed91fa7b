"""The demo's enforcement record at a reduced size: penalties on the demo enterprises
(the exceedance → inspection → penalty story, late publications, individuals masked,
one under review, one in litigation, one revoked), inspections, last year's credit
ratings in every colour with a Jiangsu black, an objection and a repair, and the
disclosure reports (on time, late, missing); each published decision a live item of the
disclosure catalogue dated its publication (late ones late in the timeliness report, a
person's data masked); loading again adds nothing.

The loader runs once for the module (after the test that loads nothing), as of the
demo tests' fixed day, in a transaction rolled back at the module's end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from lantian.demo import bureau
from lantian.demo import enforcement as enforcement_demo
from lantian.demo import sources as sources_demo
from lantian.disclosure import selectors as disclosure_selectors
from lantian.disclosure.models import DisclosureItem
from lantian.enforcement import selectors, services
from lantian.enforcement.models import (
    CompulsoryMeasure,
    CreditObjection,
    CreditRating,
    CreditRepair,
    DisclosureReport,
    Inspection,
    Penalty,
)
from lantian.sources import selectors as sources_selectors
from tests.conftest import PASSWORD
from tests.demo.conftest import DEMO_NOW

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
COUNT = 40


def load() -> dict[str, int]:
    return enforcement_demo.load(today=TODAY, count=COUNT, password=PASSWORD)


def test_without_the_sources_demo_nothing_is_loaded(demo) -> None:
    # first in the module: the tests below share the module's load
    assert load()["penalties"] == 0
    assert not Penalty.objects.exists()


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """Load once for the module in a transaction rolled back at its end; each test runs
    in a savepoint inside it."""
    unblocked = django_db_blocker.unblock()
    with unblocked, time_machine.travel(DEMO_NOW, tick=True), transaction.atomic():
        bureau.already_loaded(PASSWORD) or bureau.load(password=PASSWORD)
        sources_demo.load(today=TODAY, count=COUNT, days=40)
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def result(loaded: dict[str, int], db: Any) -> dict[str, int]:
    return loaded


def test_a_reduced_load_tells_the_story_and_is_idempotent(result: dict[str, int]) -> None:
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


def test_compulsory_measures_on_the_exceeding_enterprises(result: dict[str, int]) -> None:
    measures = list(CompulsoryMeasure.objects.select_related("enterprise", "penalty"))
    assert result["compulsory"] == len(measures)
    per_year = Counter(m.decided_on.year for m in measures)
    assert 1 <= per_year[TODAY.year - 1] <= 6 and 1 <= per_year[TODAY.year] <= 6
    assert set(per_year) <= {TODAY.year - 1, TODAY.year}
    exceeding = set(
        sources_selectors.exceedances(start=TODAY - timedelta(days=365), end=TODAY).values_list(
            "outlet__enterprise_id", flat=True
        )
    )
    assert {m.enterprise_id for m in measures} <= exceeding
    extended = [m for m in measures if m.extended_to]
    assert len(extended) == 1
    assert extended[0].period_ends_on < extended[0].lifted_on <= extended[0].extended_to
    for m in measures:
        m.full_clean()  # every period within 30 days, every extension within 30 more
        assert m.lifted_on is None or m.decided_on <= m.lifted_on <= m.ends_on
        assert m.penalty is None or m.penalty.enterprise_id == m.enterprise_id
    assert any(m.penalty for m in measures)  # seal-up → penalty
    assert selectors.compulsory_decisions(TODAY.year) == per_year[TODAY.year]
    assert load()["compulsory"] == 0
    assert CompulsoryMeasure.objects.count() == len(measures)


def test_every_published_decision_is_a_live_disclosure_item_dated_its_publication(
    result: dict[str, int],
) -> None:
    published = list(selectors.published_penalties())
    assert published
    for penalty in published:
        item = DisclosureItem.objects.select_related("category").get(pk=penalty.disclosure_item_id)
        assert item.live and item.published_on == penalty.published_on
        assert item.category.code == services.penalty_category_code()
        assert item.doc_number == penalty.document_number
        assert item.formed_on == penalty.decided_on
        assert item.first_published_at.date() == penalty.published_on
    unpublished = Penalty.objects.filter(published_on__isnull=True)
    assert unpublished.exists() and not unpublished.filter(disclosure_item__isnull=False).exists()
    assert DisclosureItem.objects.filter(category__code="09.01").count() == len(published)


def test_the_late_decisions_are_late_in_the_disclosure_timeliness_report(
    result: dict[str, int],
) -> None:
    late = {
        p.disclosure_item_id
        for p in selectors.published_penalties()
        if selectors.publication_check(p, TODAY).late
    }
    assert late  # about one in seven
    report = disclosure_selectors.timeliness_report(category="09.01", today=TODAY)
    assert {item.pk for item, check in report.rows if check.late} == late
    assert report.total.published_late == len(late)
    assert report.total.published == selectors.published_penalties().count()
    assert report.total.pending == 0  # the unpublished decision has no item yet


def test_no_person_is_named_in_any_disclosure_item(result: dict[str, int]) -> None:
    persons = Penalty.objects.filter(enterprise__isnull=True, published_on__isnull=False)
    assert persons.count() >= 2
    personal = [p.offender_name for p in persons]
    for name, (number, address) in enforcement_demo.PERSONAL_DATA.items():
        personal += [name, number, address.split("区", 1)[1]]  # the street with the number
    items = DisclosureItem.objects.filter(category__code="09.01")
    texts = [f"{i.title} {i.summary} {i.body}" for i in items]
    client = Client()
    for person in persons:
        item = person.disclosure_item
        page = client.get(disclosure_selectors.item_path(item.index_no))
        assert page.status_code == 200
        texts.append(page.content.decode())
        assert selectors.public_offender(person) in item.title  # named, masked
    for text in texts:
        for value in personal:
            assert value not in text
    # the record itself keeps the full text for the staff
    assert all(p.offender_name in p.decision_text for p in persons)


def test_the_demo_enterprise_account_signs_in_with_the_demo_password(
    result: dict[str, int],
) -> None:
    from lantian.sources.models import EnterpriseAccount

    (account,) = EnterpriseAccount.objects.select_related("enterprise", "user")
    assert account.user.email == enforcement_demo.ACCOUNT_EMAIL and not account.user.is_staff
    owed = DisclosureReport.objects.get(
        enterprise=account.enterprise, kind="annual", year=TODAY.year - 1
    )
    assert owed.submitted_on is None  # something to do on signing in
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    signed = client.post(
        "/sources/account/sign-in/",
        {"username": enforcement_demo.ACCOUNT_EMAIL, "password": PASSWORD},
    )
    assert signed.status_code == 302
    home = client.get("/sources/account/")
    assert f"/sources/account/reports/{owed.pk}/" in home.text
