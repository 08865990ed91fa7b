"""Fixtures of the complaints tests: the default categories (seeded after migrate),
staff of several departments, and a helper that registers a case on a fixed day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lantian.complaints import services
from lantian.complaints.models import Category, Complaint
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from tests.conftest import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def department(code: str) -> Department:
    return Department.objects.get(code=code)


def member(username: str, code: str, role: Role, family: str = "孙", given: str = "海燕") -> Any:
    return save_staff_member(
        actor=None,
        username=username,
        family_name=family,
        given_name=given,
        email=f"{username}@sthjj.demo.gov.cn",
        department=department(code),
        roles=[role],
        password=PASSWORD,
    )


def signed_in(user: Any, language: str = "en", *, csrf: bool = False) -> Client:
    """A client signed in as ``user``, whose back office speaks ``language`` (Wagtail
    takes the admin's language from the user's profile, not from the request); with
    ``csrf`` it enforces CSRF checks as a browser's request meets them."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def categories(demo: Any) -> dict[str, Category]:
    return {c.code: c for c in Category.objects.all()}


@pytest.fixture
def air_handler(demo: Any) -> Any:
    return member("air-handler", "air", Role.CASE_HANDLER, "周", "明")


@pytest.fixture
def water_handler(demo: Any) -> Any:
    return member("water-handler", "water", Role.CASE_HANDLER)


@pytest.fixture
def air_head(staff: dict[Role, Any]) -> Any:
    return staff[Role.DEPARTMENT_HEAD]  # 陈志强, head of 大气环境处


@pytest.fixture
def register(categories: dict[str, Category], staff: dict[Role, Any]) -> Callable[..., Complaint]:
    """Register a case (12369 hotline, air, received on 2026-09-30 unless told)."""

    def make(**overrides: Any) -> Complaint:
        received = overrides.pop("received_on", date(2026, 9, 30))
        fields: dict[str, Any] = {
            "actor": staff[Role.ADMINISTRATOR],
            "channel": "hotline_12369",
            "category": categories["air"],
            "title": "化工厂夜间排放刺鼻气体",
            "description": "每天夜里十点以后，园区东侧化工厂排放刺鼻气体，附近居民无法开窗。",
            "submitted_at": at(received),
            "received_on": received,
            "name": "李小梅",
            "phone": "13912345678",
            "email": "xiaomei@example.cn",
        }
        fields.update(overrides)
        if "category" in overrides and isinstance(overrides["category"], str):
            fields["category"] = categories[overrides["category"]]
        complaint, _code = services.register_complaint(**fields)
        return complaint

    return make


@pytest.fixture
def accepted(register: Callable[..., Complaint], staff: dict[Role, Any]) -> Complaint:
    """A hotline case received on 2026-09-30 and accepted on 2026-10-10."""
    complaint = register()
    return services.accept(
        actor=staff[Role.ADMINISTRATOR], complaint=complaint, on=date(2026, 10, 10)
    )


@pytest.fixture
def case(accepted: Complaint) -> Complaint:
    """The accepted hotline case, with the air division and a complainant who agreed to
    publication (what publishing its reply and photos needs)."""
    Complaint.objects.filter(pk=accepted.pk).update(
        department=Department.objects.get(code="air"), agrees_to_publication=True
    )
    accepted.refresh_from_db()
    return accepted
