"""EIA pages in a real browser: the project list finds a project, whose page shows its
timeline of notices; the list draws its map; the enterprise page's EIA block links it;
axe-core on the list and the project page in Chinese and English, and no sideways scroll
at 375 and 1366 px."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.demo import eia as eia_demo
from lantian.demo import sources as sources_demo
from lantian.eia.models import Project
from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def decided(site: str) -> Project:
    sources_demo.load(count=10, days=2)
    eia_demo.load(count=12)
    found = (
        Project.objects.filter(notices__kind="decision", enterprise__isnull=False)
        .distinct()
        .first()
    )
    return found or Project.objects.filter(notices__kind="decision").first()


def test_a_project_is_found_and_shows_its_timeline(
    browser: Any, site: str, decided: Project
) -> None:
    context = new_context(browser, site, width=1366, language="en")
    page = context.new_page()
    page.goto(f"{site}/eia/projects/")
    page.get_by_label("Project, builder or credit code").fill(decided.name)
    page.get_by_label("Project, builder or credit code").press("Enter")
    page.get_by_role("link", name=decided.name).first.click()
    page.wait_for_url(f"**/eia/projects/{decided.pk}/")
    assert page.get_by_role("heading", name="Timeline of notices").is_visible()
    assert page.get_by_text("Decision notice").first.is_visible()
    if decided.enterprise_id:
        page.goto(f"{site}/sources/enterprises/{decided.enterprise.credit_code}/")
        page.get_by_role("link", name=decided.name).first.click()
        page.wait_for_url(f"**/eia/projects/{decided.pk}/")
    context.close()


def test_a_project_found_on_the_map_opens_its_timeline(
    browser: Any, site: str, decided: Project
) -> None:
    context = new_context(browser, site, width=1366, language="en")
    page = context.new_page()
    page.goto(f"{site}/eia/projects/")
    figure = page.locator("figure.air-map")
    assert figure.locator("svg.air-map__svg").is_visible()
    assert figure.get_by_role("link", name=decided.name).count() == 1
    assert page.get_by_text("The projects found with a location").is_visible()
    # found on the map, its marker opens the project's timeline
    figure.get_by_role("link", name=decided.name).click()
    page.wait_for_url(f"**/eia/projects/{decided.pk}/")
    assert page.get_by_role("heading", name="Timeline of notices").is_visible()
    assert page.get_by_role("heading", name="Documents").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_eia_pages_pass_axe_and_fit_a_phone(
    browser: Any, site: str, decided: Project, language: str
) -> None:
    for width in (375, 1366):
        context = new_context(browser, site, width=width, language=language)
        page = context.new_page()
        for path in ("/eia/", "/eia/projects/", f"/eia/projects/{decided.pk}/"):
            page.goto(site + path)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, width, language)
            if width == 1366:
                assert axe_violations(page) == [], (path, language)
        context.close()
