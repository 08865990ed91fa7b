"""An enterprise's account in a real browser: sign in with the keyboard, fill in the
annual disclosure report, attach a PDF, save the draft, submit, and find the report and
its file on the public page; explain an exceedance. axe-core on the sign-in, home and
report pages in Chinese and English, and no sideways scroll at 375 and 1366 px."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lantian.enforcement import services as enforcement
from lantian.enforcement.models import REPORT_CATEGORY_CODES, DisclosureReport
from lantian.sources import services as sources
from lantian.sources.models import Enterprise, ExceedanceEvent
from tests.e2e.conftest import axe_violations, new_context
from tests.privatestorage import point_private_storage_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
EMAIL = "hb@e2e.example"
PASSWORD = "Kz8!enterprise-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def report(site: str, settings: Any, monkeypatch: Any, tmp_path: Path) -> DisclosureReport:
    point_private_storage_at(tmp_path / "private", settings=settings, monkeypatch=monkeypatch)
    from lantian.demo import sources as sources_demo

    sources_demo.load(count=3, days=2)
    enterprise = Enterprise.objects.filter(outlets__kind="gas").distinct().first()
    outlet = enterprise.outlets.filter(kind="gas").first()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    ExceedanceEvent.objects.create(
        outlet=outlet,
        pollutant="a21026",
        # within the account page's last year, whatever the (shifted) clock says
        start=hour - timedelta(days=30),
        end=hour - timedelta(days=30) + timedelta(hours=3),
        periods=3,
        maximum=180.0,
        mean=150.0,
        limit=100.0,
        multiple=1.8,
    )
    account = sources.invite_account(actor=None, enterprise=enterprise, email=EMAIL, name="王环保")
    account.user.set_password(PASSWORD)
    account.user.save()
    (found,) = enforcement.open_annual_reports(actor=None, year=2025, enterprises=[enterprise])
    return found


def sign_in(page: Any, site: str) -> None:
    page.goto(f"{site}/sources/account/sign-in/")
    page.keyboard.press("Tab")  # the skip link first: the form is reachable by keyboard
    page.locator("input[name=username]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/sources/account/")


def test_an_enterprise_writes_submits_and_finds_its_report(
    browser: Any, site: str, report: DisclosureReport, tmp_path: Path
) -> None:
    context = new_context(browser, site, width=1366, language="en")
    page = context.new_page()
    sign_in(page, site)
    page.get_by_role("link", name="Fill in").click()
    page.wait_for_url(f"**/sources/account/reports/{report.pk}/")
    page.locator("textarea[name=basic]").fill("示范企业基本情况。")
    pdf = tmp_path / "自行监测年报.pdf"
    pdf.write_bytes(PDF)
    page.locator("input[name=files]").set_input_files(str(pdf))
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_selector("text=The draft is saved")
    assert page.get_by_role("link", name="自行监测年报.pdf", exact=True).is_visible()
    # submitting with empty categories shows the error summary, each field named
    page.get_by_role("button", name="Submit the report").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible() and summary.locator("li").count() == 7
    for code in REPORT_CATEGORY_CODES[1:]:
        page.locator(f"textarea[name={code}]").fill("无。")
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_selector("text=The report is submitted and published")
    report.refresh_from_db()
    assert report.submitted_on is not None
    page.get_by_role("link", name="Public view").first.click()
    page.wait_for_url(f"**/sources/disclosure-reports/{report.pk}/")
    assert page.get_by_text("示范企业基本情况。").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="自行监测年报.pdf", exact=True).click()
    assert Path(download.value.path()).read_bytes() == PDF
    # the exceedance is explained from the home page and shown in public
    page.goto(f"{site}/sources/account/")
    page.get_by_role("link", name="Explain").first.click()
    page.locator("textarea[name=text]").fill("脱硫塔循环泵故障，已更换。")
    page.get_by_role("button", name="Publish the explanation").click()
    page.wait_for_selector("text=Your explanation is published")
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_account_pages_pass_axe_and_fit_a_phone(
    browser: Any, site: str, report: DisclosureReport, language: str
) -> None:
    for width in (375, 1366):
        context = new_context(browser, site, width=width, language=language)
        page = context.new_page()
        page.goto(f"{site}/sources/account/sign-in/")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), ("sign-in", width, language)
        if width == 1366:
            assert axe_violations(page) == [], ("sign-in", language)
        sign_in(page, site)
        for path in ("/sources/account/", f"/sources/account/reports/{report.pk}/"):
            page.goto(site + path)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, width, language)
            if width == 1366:
                assert axe_violations(page) == [], (path, language)
        context.close()
