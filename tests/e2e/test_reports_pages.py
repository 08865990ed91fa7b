"""The yearly bulletin and the published annual disclosure report in a real browser: the
bulletin's charts draw, and axe-core finds nothing serious on the bulletin's index, a
year's bulletin and the annual report, in Chinese and English, at 375 and 1366 px, without
sideways scrolling."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.demo import annual_report as annual_report_demo
from lantian.demo import water as water_demo
from tests.e2e.conftest import axe_violations, new_context
from tests.e2e.test_water import NO_SIDEWAYS_SCROLL, WIDE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = date(2026, 3, 2)  # 2025 is the last full year
PATHS = ("/reports/bulletin/", "/reports/bulletin/2025/", "/disclosure/annual-reports/2025/")


@pytest.fixture
def reports(site: str) -> None:
    water_demo.load(today=TODAY)
    assert annual_report_demo.load_annual_report(today=TODAY) == {"reports": 1}


def test_the_bulletin_draws_its_water_chart(browser: Any, site: str, reports: None) -> None:
    context = new_context(browser, site, width=1366, language="en")
    page = context.new_page()
    page.goto(f"{site}/reports/bulletin/2025/")
    assert page.locator("canvas").count() >= 1  # ECharts drew from the JSON, no inline script
    assert page.get_by_role("link", name="PDF").count() >= 1
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_report_pages_pass_axe_and_fit_a_phone(
    browser: Any, site: str, reports: None, language: str
) -> None:
    for width in (375, 1366):
        context = new_context(browser, site, width=width, language=language)
        page = context.new_page()
        for path in PATHS:
            response = page.goto(site + path)
            assert response is not None and response.status == 200, (path, language)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, width, language, page.evaluate(WIDE))
            assert axe_violations(page) == [], (path, width, language)
        context.close()
