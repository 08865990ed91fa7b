"""Fixtures of the FOI back-office tests: a case of the legal division, received on
2026-11-02, and a case handler of another department (水生态环境处)."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.foi.models import Application
from tests.conftest import PASSWORD
from tests.foi import flow


@pytest.fixture
def water_handler(demo: Any) -> Any:
    return save_staff_member(
        actor=None,
        username="water-handler",
        family_name="孙",
        given_name="海燕",
        email="water-handler@sthjj.demo.gov.cn",
        department=Department.objects.get(code="water"),
        roles=[Role.CASE_HANDLER],
        password=PASSWORD,
    )


@pytest.fixture
def legal_case(staff: dict[Role, Any]) -> Application:
    return flow.assigned(staff, flow.RECEIVED)
