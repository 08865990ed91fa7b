"""Pollution-source pages in a real browser: the enterprise page with its charts drawn
(limit line included), its blocks and the unaudited label; axe-core on the search, the
enterprise page, the exceedance list, the supervisory results, the penalties, credit
ratings and disclosure reports, in Chinese and English; no sideways scroll at 375 and
1366 px."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.demo import enforcement as enforcement_demo
from lantian.demo import sources as sources_demo
from lantian.enforcement.models import CreditRating, Penalty
from lantian.sources import selectors
from lantian.sources.models import Enterprise, ExceedanceEvent
from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def data(site: str) -> str:
    sources_demo.load(count=30, days=10)
    enforcement_demo.load(count=30)
    event = ExceedanceEvent.objects.select_related("outlet__enterprise").first()
    enterprise = event.outlet.enterprise if event else Enterprise.objects.first()
    return enterprise.credit_code


def pages(code: str) -> list[str]:
    (latest, *_older) = selectors.supervisory_quarters()
    return [
        "/sources/enterprises/",
        f"/sources/enterprises/{code}/",
        "/sources/exceedances/",
        "/sources/supervisory/",
        f"/sources/supervisory/{latest.year}/q{latest.number}/",
        "/sources/penalties/",
        f"/sources/penalties/{Penalty.objects.filter(published_on__isnull=False).first().pk}/",
        "/sources/credit-ratings/",
        f"/sources/credit-ratings/{CreditRating.objects.filter(published=True).first().pk}/",
        "/sources/disclosure-reports/",
    ]


def test_the_enterprise_page_draws_its_charts_with_the_limit(site: str, data: str, page: Any):
    page.goto(f"{site}/sources/enterprises/{data}/")
    charts = page.locator(".sources-chart")
    assert charts.count() >= 1
    drawn = (
        "() => [...document.querySelectorAll('.sources-chart')]"
        ".every(c => c.querySelector('canvas'))"
    )
    page.wait_for_function(drawn)
    label = charts.first.get_attribute("aria-label")
    assert "30" in label and "mg/m" in label  # the summary says the period and the limit
    assert page.get_by_text("企业自行监测数据，未经审核").first.is_visible()
    headings = page.locator("h2").all_inner_texts()
    for block in (
        "基本信息",
        "排污许可证",
        "排放口及现行限值",
        "最新自行监测数据",
        "分季度达标情况",
    ):
        assert block in headings
    # the search's link leads back here
    page.goto(f"{site}/sources/enterprises/")
    page.locator(f"a[href='/sources/enterprises/{data}/']").first.click()
    page.wait_for_url(f"**/sources/enterprises/{data}/")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_sources_pages_pass_axe_and_fit_a_phone(
    browser: Any, site: str, data: str, language: str
) -> None:
    for width in (375, 1366):
        context = new_context(browser, site, width=width, language=language)
        page = context.new_page()
        for path in pages(data):
            page.goto(site + path)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, width, language)
            if width == 1366:
                assert axe_violations(page) == [], (path, language)
        context.close()
