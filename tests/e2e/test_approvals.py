"""The approval items in a real browser: the list by type, one guide with its materials
and flow chart, axe-core clean, and no sideways scroll on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.demo import approvals as demo_approvals
from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def url(site: str, settings: Any, tmp_path: Any) -> str:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo_approvals.load()
    return site


def test_the_list_and_a_guide_are_accessible(url: str, page: Any, browser: Any) -> None:
    page.goto(url + "/services/approvals/")
    assert page.locator("h2").count() == 3  # the three types
    assert axe_violations(page) == []
    page.get_by_role("link", name="建设项目环境影响报告书审批").click()
    page.wait_for_url("**/services/approvals/SFS-XK-0001/")
    assert page.locator("ol.flow > li").count() == 7
    assert page.locator("table a[href$='/template/']").count() >= 1
    assert axe_violations(page) == []
    phone = new_context(browser, url, width=360).new_page()
    phone.goto(url + "/services/approvals/SFS-XK-0001/")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)  # the materials table scrolls in its region
    assert axe_violations(phone) == []
    phone.context.close()
