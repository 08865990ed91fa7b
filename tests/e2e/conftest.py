"""Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download is not used (no network here): the system Chromium
is launched by path. Without it the browser tests are skipped on a workstation, and
fail in CI (LANTIAN_REQUIRE_E2E=1), where .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("LANTIAN_REQUIRE_E2E"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        _missing("axe-core missing: run `npm ci`")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures
    # make in the same thread are safe, so Django's async guard is lifted for these tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server: Any, transactional_db: Any) -> str:
    from lantian.demo import bureau

    # The live server needs committed data, so these tests are transactional and the
    # database is emptied after each: load the demo bureau again (idempotent, ~1 s).
    bureau.load(password="e2e-password-not-secret")
    return live_server.url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def new_context(
    browser: Any, site: str, *, width: int, language: str = "zh-hans", **options: Any
) -> Any:
    """A browser context ``width`` pixels wide with the site's language chosen (the cookie
    the language switch sets); ``options`` go to ``browser.new_context``."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", **options
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    return context


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]
