"""The Content-Security-Policy in a real browser (decision 0031): the main public pages,
their charts and scripts included, run without a single violation of the strict policy;
the back office's pages run under its own policy without one either."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.e2e.conftest import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=CST)
PASSWORD = "e2e-password-not-secret"  # the site fixture's

# Installed before any page script: every violation the browser reports to the page.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture
def bureau(site: str) -> dict[str, Any]:
    """Two days of air data, an enterprise with monitoring, EIA projects, one item."""
    from lantian.core.models import Department
    from lantian.demo import air, eia, sources
    from lantian.demo.air import STATIONS
    from lantian.disclosure import services
    from lantian.disclosure.models import Category
    from lantian.sources.models import Enterprise

    with time_machine.travel(NOW, tick=True):
        air.load(first=datetime(2026, 11, 29, tzinfo=CST), last=NOW)
        sources.load(count=5, days=2)
        eia.load(count=4)
        services.ensure_catalogue(actor=None)
        item = services.save_item(
            actor=None,
            kind="document",
            title="示范市2026年10月集中式饮用水水源地水质状况",
            category=Category.objects.get(code="05.02"),
            department=Department.objects.get(code="water"),
            formed_on=date(2026, 11, 20),
            summary="全市集中式饮用水水源地水质均达标。",
            body="<p>2026年10月，全市集中式饮用水水源地水质均达到或优于Ⅲ类标准。</p>",
        )
        item = services.publish_item(actor=None, item=item)
    return {
        "station": STATIONS[0].code,
        "item": item.index_no,
        "enterprise": Enterprise.objects.first().credit_code,
    }


def watch(page: Any) -> list[str]:
    """The console's CSP reports on ``page`` (also those no event reaches, e.g. a refused
    worker), gathered into the list returned."""
    messages: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and messages.append(m.text))
    return messages


def visit(page: Any, console: list[str], url: str) -> list[str]:
    """The violations reported while ``url`` loaded and its scripts ran."""
    console.clear()
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "content-security-policy" in response.headers, url
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # charts draw after load
    return [*page.evaluate("window.__cspViolations"), *console]


def test_public_pages_run_without_a_violation(site: str, bureau: dict[str, Any], browser: Any):
    paths = [
        "/",
        "/environment/air/",
        f"/environment/air/stations/{bureau['station']}/",
        "/disclosure/catalogue/",
        f"/disclosure/items/{bureau['item']}/",
        "/search/?q=" + quote("水质"),
        "/services/foi/apply/",
        "/interaction/complaints/new/",
        "/eia/projects/",
        f"/sources/enterprises/{bureau['enterprise']}/",
    ]
    violations: dict[str, list[str]] = {}
    with time_machine.travel(NOW, tick=True):
        for width in (1366, 375):
            context = new_context(browser, site, width=width)
            context.add_init_script(LISTEN)
            page = context.new_page()
            console = watch(page)
            try:
                for path in paths:
                    found = visit(page, console, site + path)
                    if found:
                        violations[f"{width}px {path}"] = found
            finally:
                context.close()
    assert violations == {}


def test_back_office_pages_run_under_their_policy(site: str, browser: Any) -> None:
    from django.urls import reverse
    from wagtail.models import Page

    from lantian.disclosure.models import DisclosureItem

    home = Page.objects.get(depth=2)
    add_item = reverse(DisclosureItem.snippet_viewset.get_url_name("add"))
    context = new_context(browser, site, width=1366)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = watch(page)
    try:
        page.goto(site + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        violations = {}
        for path in (
            "/admin/",
            f"/admin/pages/{home.pk}/",
            f"/admin/pages/{home.pk}/edit/",  # date-time widgets write inline script
            add_item,  # a snippet form with date widgets
        ):
            found = visit(page, console, site + path)
            if found:
                violations[path] = found
        assert violations == {}
    finally:
        context.close()
