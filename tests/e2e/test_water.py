"""Water pages in a real browser, on the demo's 24 months up to February 2026: a site
found on the map opens its page, whose charts draw; axe-core on the water-quality page, a
site page, the report index and a month's report in Chinese and English, at 375 and
1366 px, without sideways scrolling."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.demo import water as water_demo
from lantian.water.models import Site
from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
# what sticks out, to say why when a page scrolls sideways
WIDE = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""
TODAY = date(2026, 3, 2)  # before March's samples: February 2026 is the latest month


@pytest.fixture
def river(site: str) -> Site:
    water_demo.load(today=TODAY)
    return Site.objects.filter(kind=Site.Kind.RIVER_SECTION, latitude__isnull=False).first()


def test_a_site_found_on_the_map_shows_its_months(browser: Any, site: str, river: Site) -> None:
    context = new_context(browser, site, width=1366, language="en")
    page = context.new_page()
    page.goto(f"{site}/environment/water/")
    figure = page.locator("figure.air-map")
    assert figure.locator("svg.air-map__svg").is_visible()
    marker = figure.locator(f'a[href="/environment/water/sites/{river.code}/"]')
    assert marker.count() == 1
    marker.click()
    page.wait_for_url(f"**/environment/water/sites/{river.code}/")
    assert page.locator("#water-class canvas").count() == 1  # ECharts drew the classes
    assert page.locator("#table-months tbody tr").count() == 24
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_water_pages_pass_axe_and_fit_a_phone(
    browser: Any, site: str, river: Site, language: str
) -> None:
    paths = (
        "/environment/water/",
        f"/environment/water/sites/{river.code}/",
        "/environment/water/report/",
        "/environment/water/report/2026-2/",
    )
    for width in (375, 1366):
        context = new_context(browser, site, width=width, language=language)
        page = context.new_page()
        for path in paths:
            page.goto(site + path)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, width, language, page.evaluate(WIDE))
            assert axe_violations(page) == [], (path, width, language)
        context.close()
