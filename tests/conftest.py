"""Shared fixtures: the demo bureau, staff of each role, signed-in clients; and the
shifted clock (``--shift-clock-days`` or ``LANTIAN_TEST_CLOCK_SHIFT_DAYS``), which runs
the whole session that many days ahead so a test that depends on today shows itself."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from lantian.core.roles import Role
from lantian.demo import bureau

PASSWORD = "correct-horse-battery-staple-9"
SHIFT_ENV = "LANTIAN_TEST_CLOCK_SHIFT_DAYS"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shift-clock-days",
        type=int,
        default=None,
        help=f"run the session with the clock this many days ahead (or set {SHIFT_ENV})",
    )


def clock_shift_days(config: pytest.Config) -> int:
    days = config.getoption("--shift-clock-days")
    return days if days is not None else int(os.environ.get(SHIFT_ENV) or 0)


def pytest_configure(config: pytest.Config) -> None:
    # Started before any test module is imported or the database is set up, so the demo
    # bureau loaded for the session and every default date see the shifted day; a test
    # that freezes its own clock still travels from here to its fixed date.
    if days := clock_shift_days(config):
        traveller = time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config: pytest.Config) -> str | None:
    if days := clock_shift_days(config):
        return f"clock shifted {days:+d} days: now {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    return None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the demo bureau once into the test database; each test rolls back to it."""
    from django.conf import settings

    # Hashing with PBKDF2's full cost dominates the suite's time; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        bureau.load(password=PASSWORD)


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    # Loaded once for the session and rolled back to after each test; loaded again only
    # after a test that empties the tables (a live-server test).
    return bureau.already_loaded(PASSWORD) or bureau.load(password=PASSWORD)


@pytest.fixture
def staff(demo: dict[str, Any]) -> dict[Role, Any]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return {member.role: users.get(username=member.username) for member in bureau.STAFF}


@pytest.fixture
def client_as(staff: dict[Role, Any]):
    def make(role: Role) -> Client:
        client = Client()
        client.force_login(staff[role], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> None:
    # Rolled-back test transactions send no signal; start each test from the table.
    from lantian.core import calendar

    calendar.invalidate()
