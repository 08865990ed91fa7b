"""The search page in a real browser: axe-core finds nothing at any impact (landmarks
named apart included), the order is chosen in the form and kept from page to page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture
def items(site: str) -> str:
    """25 items about water quality, a day apart, so the results run to two pages."""
    from lantian.disclosure.models import DisclosureItem
    from tests.portal.content import publish

    for n in range(25):
        item = publish(f"示范市第{n + 1}期地表水水质月报", "05.02", department="water")
        DisclosureItem.objects.filter(pk=item.pk).update(
            published_on=date(2026, 1, 5) + timedelta(days=n),
            summary="全市12个国考断面中，Ⅰ～Ⅲ类水质断面11个；“水质优良”比例为91.7%。",
        )
    return site


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [375, 1366])
def test_the_search_page_passes_axe_at_every_impact(
    items: str, browser: Any, language: str, width: int
) -> None:
    context = new_context(browser, items, width=width, language=language)
    page = context.new_page()
    try:
        page.goto(items + "/search/?q=水质")
        assert "水质" in page.title()
        assert axe_violations(page, EVERY_IMPACT) == []
        page.goto(items + "/search/?q=水质&type=document&sort=date&page=2")
        assert axe_violations(page, EVERY_IMPACT) == []
        page.goto(items + "/search/")
        assert axe_violations(page, EVERY_IMPACT) == []
    finally:
        context.close()


def test_the_order_is_chosen_in_the_form_and_kept_on_the_next_page(items: str, page: Any) -> None:
    page.goto(items + "/search/?q=水质&type=document")
    page.locator("#search-sort").select_option("date")
    with page.expect_navigation():
        page.locator("form.search-filters button[type=submit]").click()
    assert parse_qs(urlparse(page.url).query)["sort"] == ["date"]
    first = page.locator(".search-result time").first.get_attribute("datetime")
    assert first == "2026-01-29"  # the newest
    with page.expect_navigation():
        page.locator(".pagination a[rel=next]").click()
    assert parse_qs(urlparse(page.url).query)["sort"] == ["date"]
    assert page.locator("#search-sort").input_value() == "date"
    days = page.locator(".search-result time").evaluate_all(
        "(times) => times.map((t) => t.getAttribute('datetime'))"
    )
    assert days == sorted(days, reverse=True) and days[-1] == "2026-01-05"
    # the snippet shows the text as written, its full-width punctuation included
    snippet = page.locator(".search-result__snippet").first.inner_text()
    assert "，Ⅰ～Ⅲ类水质断面11个；“水质优良”比例为91.7%。" in snippet
