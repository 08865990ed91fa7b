"""Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download is not used (no network here): the system Chromium
is launched by path. Without it the browser tests are skipped on a workstation, and
fail in CI (LANTIAN_REQUIRE_E2E=1), where .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
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


class _InFlight:
    """Counts the live server's requests between Django's request_started and
    request_finished signals (the latter fires when the response is closed), and with
    ``serialise`` lets one request run at a time.

    On SQLite in memory every server thread shares one connection: two requests at once
    (a page and the icon sprite it loads, the next page while the last one's sprite is
    still coming) misuse it ("bad parameter or other API misuse"), a failure of the test
    set-up, not of the site. A browser's parallel requests then wait their turn."""

    def __init__(self, *, serialise: bool = False) -> None:
        self.count = 0
        self.lock = threading.Lock()
        self.serialise = serialise
        self.turn = threading.Lock()
        self.holding = threading.local()

    def started(self, **_: Any) -> None:
        if self.serialise and not getattr(self.holding, "turn", False):
            self.turn.acquire()
            self.holding.turn = True
        with self.lock:
            self.count += 1

    def finished(self, **_: Any) -> None:
        with self.lock:
            self.count -= 1
        if getattr(self.holding, "turn", False):
            self.holding.turn = False
            self.turn.release()

    def wait_idle(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.count <= 0:
                    return
            time.sleep(0.02)


@pytest.fixture
def site(live_server: Any, transactional_db: Any) -> Iterator[str]:
    from django.core.signals import request_finished, request_started

    from lantian.demo import bureau

    # The live server needs committed data, so these tests are transactional and the
    # database is emptied after each: load the demo bureau again (idempotent, ~1 s).
    bureau.load(password="e2e-password-not-secret")
    from django.db import connection

    in_flight = _InFlight(serialise=connection.vendor == "sqlite")
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)
    try:
        yield live_server.url
        # On SQLite in memory the server thread shares this thread's connection: a request
        # still running after the browser closed (a service worker's fetch, say) holds a
        # statement open, and emptying the database then fails with "database table is
        # locked". Let the server finish first.
        in_flight.wait_idle()
    finally:
        request_started.disconnect(in_flight.started)
        request_finished.disconnect(in_flight.finished)


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    # Depends on ``site`` so that the browser closes before the site's teardown waits for
    # the server to fall idle.
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
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
    # does not govern (an injected <script> tag would be refused as inline script).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]
