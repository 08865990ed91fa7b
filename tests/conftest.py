"""Shared fixtures: the demo bureau, staff of each role, signed-in clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lantian.core.roles import Role
from lantian.demo import bureau

PASSWORD = "correct-horse-battery-staple-9"


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
    return bureau.load(password=PASSWORD)  # already there: returns at once, changes nothing


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
