"""Helpers for the case-flow tests: an application registered through the services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lantian.core.models import Department
from lantian.foi import services
from lantian.foi.models import Application

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = date(2026, 11, 2)  # a Monday: the back-office tests' case is handed in that day

APPLICANT = {
    "applicant_type": Application.ApplicantType.NATURAL_PERSON,
    "name": "周文涛",
    "id_type": Application.IdType.RESIDENT_ID,
    "id_number": "350102199001011234",
    "phone": "13905991234",
    "email": "zhouwt@example.cn",
    "address": "示范市滨江区江滨路18号",
    "description": "请公开示范市化工园区2026年第三季度大气污染物排放监测数据及超标处理情况。",
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def register(
    actor: Any,
    received: date,
    *,
    channel: str = "in_person",
    **overrides: Any,
) -> tuple[Application, str]:
    fields = {**APPLICANT, **overrides}
    return services.register_application(
        actor=actor, channel=channel, submitted_at=at(received), **fields
    )


def legal() -> Department:
    return Department.objects.get(code="legal")


def assigned(staff: dict[Any, Any], received: date, **overrides: Any) -> Application:
    """An in-person application received on ``received``, assigned to the legal division
    and its handler (the demo's 王丽)."""
    from lantian.core.roles import Role

    application, _code = register(staff[Role.ADMINISTRATOR], received, **overrides)
    return services.assign(
        actor=staff[Role.ADMINISTRATOR],
        application=application,
        department=legal(),
        handler=staff[Role.CASE_HANDLER],
    )
