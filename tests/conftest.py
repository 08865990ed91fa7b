"""Shared fixtures: the demo bureau, staff of each role, signed-in clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lantian.core.roles import Role
from lantian.demo import bureau

PASSWORD = "correct-horse-battery-staple-9"


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    return bureau.load(password=PASSWORD)


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
