"""The demo's industrial complaints linked to the sources demo's enterprises: only air,
water and noise cases with findings, each to an enterprise of its district whose name
its texts now carry; the same cases every time, and a second run links nothing more;
the enterprise page then counts them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client

from lantian.complaints.models import Complaint
from lantian.demo import bureau, complaints
from lantian.demo import sources as sources_demo
from tests.conftest import PASSWORD
from tests.demo.conftest import DEMO_NOW

TODAY = DEMO_NOW.date()


@pytest.fixture(scope="module")
def linked(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    unblocked = django_db_blocker.unblock()
    with unblocked, time_machine.travel(DEMO_NOW, tick=True), transaction.atomic():
        bureau.load(password=PASSWORD)
        complaints.load(today=TODAY, size=200, password="x-demo-password-1")
        sources_demo.load(today=TODAY, count=60, days=1)
        yield complaints.link_enterprises()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_industrial_cases_with_findings_are_linked_in_their_district(
    linked: dict[str, int],
) -> None:
    found = Complaint.objects.filter(linked_enterprise__isnull=False).select_related(
        "category", "district", "linked_enterprise__district"
    )
    assert linked["cases"] == found.count() > 0
    assert linked["enterprises"] == len({c.linked_enterprise_id for c in found}) > 1
    for c in found:
        assert c.category.code in complaints.INDUSTRIAL_CATEGORIES, c.case_no
        assert c.substantiated, c.case_no
        assert c.linked_enterprise.district.name == c.district.name, c.case_no
        assert c.enterprise == c.linked_enterprise.name, c.case_no
        assert not any(name in c.description for name, _d, _i in complaints.COMPANIES)
        findings = c.events.get(kind="findings").data
        assert findings["linked_enterprise"] == c.linked_enterprise.credit_code, c.case_no
        assert findings["changes"]["linked_enterprise"] == [None, findings["linked_enterprise"]]
    unlinked = Complaint.objects.filter(linked_enterprise__isnull=True, substantiated="yes")
    assert unlinked.filter(category__code__in=complaints.INDUSTRIAL_CATEGORIES).exists()
    assert complaints.link_enterprises() == {"cases": 0, "enterprises": 0}


@pytest.mark.django_db
def test_the_linked_enterprise_page_counts_the_cases(linked: dict[str, int]) -> None:
    case = Complaint.objects.filter(linked_enterprise__isnull=False).earliest("pk")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/sources/enterprises/{case.linked_enterprise.credit_code}/")
    text = html.content.decode()
    assert html.status_code == 200 and "Complaints and reports" in text
    assert "No complaint about this enterprise has been recorded." not in text
    assert str(case.received_on.year) in text
