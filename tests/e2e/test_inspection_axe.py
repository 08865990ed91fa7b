"""The self-inspection's accessibility check: axe-core in Chromium on the main pages,
served in process (no live server); it finds a seeded fault and passes a clean site."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.portal.models import HomePage
from lantian.reports import inspection
from tests.e2e.conftest import AXE, CHROMIUM, _missing
from tests.reports import inspection_fixtures
from tests.reports.inspection_fixtures import TODAY

pytestmark = pytest.mark.django_db

clean_site = inspection_fixtures.clean_site  # (the fixture)


@pytest.fixture
def browser_ready(monkeypatch: Any) -> None:
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}")
    if not AXE.exists():
        _missing("axe-core missing: run `npm ci`")
    monkeypatch.setenv("CHROMIUM_PATH", CHROMIUM)


def test_axe_passes_a_clean_site_and_finds_an_image_without_text(
    clean_site: Any, browser_ready: None
) -> None:
    clean = inspection.check_accessibility(inspection.Inspection(TODAY, axe=True))
    assert (clean.status, clean.urls) == ("pass", []), clean.detail
    home = HomePage.objects.get()
    home.body = '<p><img src="/static/portal/none.png"></p>'
    home.save_revision().publish()
    found = inspection.check_accessibility(inspection.Inspection(TODAY, axe=True))
    assert (found.status, found.urls, found.veto) == ("fail", ["/"], False)
    assert "image-alt" in found.detail
