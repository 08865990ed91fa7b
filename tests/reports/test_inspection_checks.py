"""Each check of the website self-inspection finds a seeded fault, with its URL, and
passes on a clean site (inspection day 2026-11-16)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from lantian.approvals import services as approval_services
from lantian.approvals.models import ApprovalItem
from lantian.disclosure.models import DisclosureItem
from lantian.portal.models import HomePage
from lantian.portal.site_settings import BureauSettings
from lantian.reports import inspection
from tests.approvals.conftest import make_item
from tests.complaints import conftest as complaints_fixtures
from tests.reports import inspection_fixtures
from tests.reports.inspection_fixtures import TODAY, publish_in

pytestmark = pytest.mark.django_db

# fixtures of other modules, used here
clean_site = inspection_fixtures.clean_site
categories = complaints_fixtures.categories
register = complaints_fixtures.register

CATALOGUE = "/disclosure/catalogue/?category="


def case(complaint: Any) -> str:
    return reverse("complaints_admin:case", args=[complaint.pk])


def check(name: str, *, today: date = TODAY, **options: Any) -> inspection.CheckResult:
    return inspection.CHECKS[name](inspection.Inspection(today, **options))


def test_a_clean_site_passes_every_check(clean_site: Any) -> None:
    results = {r.check: r for r in inspection.run_checks(TODAY)}
    assert set(results) == set(inspection.INDICATORS)
    failed = {name: (r.urls, r.detail) for name, r in results.items() if r.status == "fail"}
    assert failed == {}
    assert results["accessibility"].status == "skipped"  # a browser only when asked
    assert not any(r.veto for r in results.values())


def test_site_inaccessible_is_a_veto(clean_site: Any) -> None:
    HomePage.objects.get().unpublish()
    found = check("site_accessible")
    assert (found.status, found.veto, found.urls) == ("fail", True, ["/"])


def test_home_page_not_updated_for_two_weeks_is_a_veto(clean_site: Any) -> None:
    DisclosureItem.objects.update(published_on=TODAY - timedelta(days=15))
    found = check("home_updated")
    assert (found.status, found.veto, found.urls) == ("fail", True, ["/"])
    assert "2026-11-01" in found.detail
    # 14 days is still within the two weeks
    assert check("home_updated", today=TODAY - timedelta(days=1)).status == "pass"


def test_a_dynamic_column_not_updated_for_two_weeks(clean_site: Any) -> None:
    publish_in("14", TODAY - timedelta(days=15))  # 工作动态, and so the news list
    found = check("dynamic_columns")
    assert found.status == "fail"
    assert found.urls == [f"{CATALOGUE}14", "/disclosure/news/"]
    assert found.veto is False  # the veto from 5 such columns
    publish_in("14", TODAY - timedelta(days=14))
    assert check("dynamic_columns").status == "pass"


def test_other_columns_not_updated_for_six_months(clean_site: Any) -> None:
    publish_in("02.01", date(2026, 5, 15))  # 行政规范性文件: six months and a day
    publish_in("12.01", date(2026, 5, 15))  # 人事任免: a year is allowed
    found = check("stale_columns")
    assert (found.status, found.urls, found.veto) == ("fail", [f"{CATALOGUE}02.01"], False)
    publish_in("02.01", date(2026, 5, 16))
    assert check("stale_columns").status == "pass"


def test_ten_stale_columns_are_a_veto(clean_site: Any) -> None:
    codes = ["02.01", "02.02", "02.03", "03.01", "03.02", "05.01", "05.02", "06.01", "06.02"]
    for code in [*codes, "06.03"]:
        publish_in(code, date(2026, 1, 5))
    found = check("stale_columns")
    assert len(found.urls) == 10 and found.veto is True


def test_an_empty_column(clean_site: Any) -> None:
    DisclosureItem.objects.filter(category__code="10.02").delete()
    found = check("empty_columns")
    assert (found.status, found.urls, found.veto) == ("fail", [f"{CATALOGUE}10.02"], False)


def test_many_empty_columns_are_a_veto(clean_site: Any) -> None:
    DisclosureItem.objects.filter(category__code__startswith="0").delete()
    found = check("empty_columns")
    assert found.veto is True and f"{CATALOGUE}01.01" in found.urls


def test_messages_unanswered_for_two_and_three_months(clean_site: Any, register: Any) -> None:
    old = register(channel="mailbox", received_on=TODAY - timedelta(days=100))
    late = register(channel="online", received_on=date(2026, 9, 10))  # 2 months, not 3
    three, two = check("messages_3_months"), check("messages_2_months")
    assert (three.status, three.veto) == ("fail", True)
    assert three.urls == [case(old)]
    assert (two.status, two.veto) == ("fail", False)
    assert two.urls == [case(old), case(late)]
    # the day before two months, the second message passes
    assert check("messages_2_months", today=date(2026, 11, 9)).urls == [case(old)]


def test_an_incomplete_service_guide(clean_site: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    item = approval_services.publish_item(actor=None, item=make_item("T-XK-0009"))
    assert check("service_guides").status == "pass"
    ApprovalItem.objects.filter(pk=item.pk).update(phone="", office_address="")
    found = check("service_guides")
    assert (found.status, found.veto) == ("fail", False)
    assert found.urls == ["/services/approvals/T-XK-0009/"]
    assert found.detail.startswith("T-XK-0009: ")


@pytest.mark.parametrize("field", ["icp_record", "public_security_record", "site_identifier"])
def test_a_missing_footer_identifier(clean_site: Any, field: str) -> None:
    BureauSettings.objects.update(**{field: ""})
    found = check("footer_identifiers")
    assert (found.status, found.urls, found.veto) == ("fail", ["/"], False)


def test_a_broken_internal_link(clean_site: Any) -> None:
    home = HomePage.objects.get()
    home.body = '<p>请参阅<a href="/no-such-page/">历史资料</a>。</p>'
    home.save_revision().publish()
    found = check("broken_links")
    assert (found.status, found.veto) == ("fail", False)
    assert found.urls == ["/no-such-page/"]
    assert "/no-such-page/ ← /" in found.detail


def test_outbound_links_are_not_requested_unless_allowed(clean_site: Any) -> None:
    home = HomePage.objects.get()
    home.body = '<p><a href="https://unreachable.invalid/">外部链接</a></p>'
    home.save_revision().publish()
    found = check("broken_links")
    assert found.status == "pass" and "LANTIAN_INSPECTION_OUTBOUND_LINKS" in found.detail


def test_accessibility_is_skipped_without_a_browser(clean_site: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    found = check("accessibility", axe=True)
    assert found.status == "skipped" and found.veto is False
    assert "/nonexistent/chromium" in found.detail or "Playwright" in found.detail


@override_settings(LANTIAN_INSPECTION_OUTBOUND_LINKS=False)
def test_results_carry_the_check_title_status_veto_urls_detail(clean_site: Any) -> None:
    found = check("site_accessible").as_json()
    assert set(found) == {"check", "title", "status", "veto", "urls", "detail"}
