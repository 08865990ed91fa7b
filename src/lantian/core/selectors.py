"""Reads of the core app that views and other apps use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from lantian.core.models import CalendarYear, Department, StaffProfile
from lantian.core.roles import Role, roles_of


@dataclass(frozen=True)
class StaffSummary:
    name: str
    department: Department | None
    roles: list[Role]
    title: str


def staff_summary(user: Any) -> StaffSummary:
    profile = (
        StaffProfile.objects.select_related("department").filter(user=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    name = (user.get_full_name() or user.get_username()) if user else ""
    return StaffSummary(
        name=name,
        department=profile.department if profile else None,
        roles=roles_of(user),
        title=profile.title if profile else "",
    )


def local_today() -> date:
    return timezone.localdate()


def unconfirmed_calendar_years(today: date | None = None) -> list[int]:
    """This year and, from October on (when the State Council usually announces it),
    next year, where no confirmed calendar is stored."""
    today = today or local_today()
    years = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    confirmed = set(
        CalendarYear.objects.filter(year__in=years, confirmed=True).values_list("year", flat=True)
    )
    return [y for y in years if y not in confirmed]


def departments() -> list[Department]:
    return list(Department.objects.filter(is_active=True))
