"""Fixtures of the inspection-batch tests: districts, categories, an office department
head (the demo bureau's head is of another department) and a batch imported from the
sample sheet."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.core.models import Department
from lantian.core.roles import Role

BATCH_DATE = date(2026, 11, 2)
BATCH_DUE = date(2026, 11, 20)


@pytest.fixture
def places(demo: Any) -> dict[str, Any]:
    """The districts the sample sheet names and the default complaint categories."""
    from lantian.air import services as air_services
    from lantian.complaints import services

    services.ensure_defaults()
    return {
        name: air_services.save_district(actor=None, name=name, name_en=english)
        for name, english in (("东城区", "Dongcheng"), ("西湖区", "Xihu"))
    }


def _member(username: str, department: str, role: Role, family: str, given: str) -> Any:
    from lantian.core.services import save_staff_member

    return save_staff_member(
        actor=None,
        username=username,
        family_name=family,
        given_name=given,
        email=f"{username}@sthjj.demo.gov.cn",
        department=Department.objects.get(code=department),
        roles=[role],
        title="",
        password="correct-horse-battery-staple-9",
    )


@pytest.fixture
def office_head(demo: Any) -> Any:
    return _member("office_head", "office", Role.DEPARTMENT_HEAD, "周", "海燕")


@pytest.fixture
def office_handler(demo: Any) -> Any:
    return _member("office_handler", "office", Role.CASE_HANDLER, "吴", "静")


@pytest.fixture
def enforcement_head(demo: Any) -> Any:
    return _member("enforcement_head", "enforcement", Role.DEPARTMENT_HEAD, "郑", "国栋")
