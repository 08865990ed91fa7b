"""Helpers for the public side of disclosure applications: valid identity numbers, a
complete application as the form posts it, a case registered through the services."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from lantian.foi import services
from lantian.foi.forms import credit_code_check_character, resident_id_check_character
from lantian.foi.models import Application

SHANGHAI = ZoneInfo("Asia/Shanghai")


def resident_id(first17: str = "32050219880315123") -> str:
    return first17 + resident_id_check_character(first17)


def credit_code(first17: str = "91320500MA1N8XQ03") -> str:
    return first17 + credit_code_check_character(first17)


PERSON: dict[str, Any] = {
    "applicant_type": "natural_person",
    "name": "林晓梅",
    "id_type": "resident_id",
    "id_number": resident_id(),
    "phone": "13962158877",
    "email": "linxm@example.cn",
    "address": "江苏省示范市东城区人民路100号",
    "postcode": "215000",
    "description": "请公开示范市化工园区2026年第三季度大气污染物排放自行监测数据。",
    "document_hint": "",
    "form": "electronic",
    "delivery": "email",
    "privacy_acknowledged": "on",
}

ORGANISATION: dict[str, Any] = {
    **PERSON,
    "applicant_type": "public_interest",
    "name": "示范市绿色江河环保志愿者协会",
    "id_type": "credit_code",
    "id_number": credit_code(),
    "legal_representative": "陈建国",
    "contact_person": "赵敏",
}

# What must never reach a public page or the API.
PERSONAL = ("林晓梅", PERSON["id_number"], "13962158877", "linxm@example.cn", "人民路100号")


def register(**overrides: Any) -> tuple[Application, str]:
    """An online application submitted on Monday 2 March 2026, 10:00 Beijing time."""
    fields = {k: v for k, v in PERSON.items() if k != "privacy_acknowledged"}
    fields.update(overrides)
    return services.register_application(
        actor=None,
        channel="online",
        submitted_at=datetime(2026, 3, 2, 10, tzinfo=SHANGHAI),
        **fields,
    )
