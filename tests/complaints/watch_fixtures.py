"""Builders for the watch, hot-topic and typical-case tests: a disclosure item taken
through the review workflow, and complaints written straight to the table (the case
model is the contract; these tests are not about intake)."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from lantian.complaints.models import Category, Complaint
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.disclosure import services as disclosure
from lantian.disclosure.models import Category as CatalogueCategory
from lantian.disclosure.models import DisclosureItem

CST = ZoneInfo("Asia/Shanghai")
ITEM_TITLE = "关于示范化工园区挥发性有机物排放问题的情况通报"
ITEM_CORE = "示范化工园区挥发性有机物排放问题"
_serial = count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CST)


def published_item(
    staff: dict[Role, Any], *, sensitive: bool = True, title: str = ITEM_TITLE
) -> DisclosureItem:
    """An item drafted by the editor, reviewed by the reviewer (保密审查), approved by the
    head of 大气环境处, and so published."""
    disclosure.ensure_catalogue(actor=None)
    item = disclosure.save_item(
        actor=staff[Role.EDITOR],
        title=title,
        category=CatalogueCategory.objects.get(code="05.01"),
        department=Department.objects.get(code="air"),
        formed_on=date(2026, 10, 30),
        summary="园区周边异味问题的调查情况。",
        body="<p>经调查，园区内两家企业治理设施运行不正常，已责令整改。</p>",
        sensitive=sensitive,
        review_note="涉及企业整改情况，经审查可以公开，发布后跟踪舆情。" if sensitive else "",
    )
    disclosure.submit_for_review(actor=staff[Role.EDITOR], item=item)
    disclosure.approve_step(actor=staff[Role.REVIEWER], item=item, comment="不涉密，可公开")
    item = disclosure.approve_step(actor=staff[Role.DEPARTMENT_HEAD], item=item)
    assert item.live
    return item


def category() -> Category:
    found, _created = Category.objects.get_or_create(
        code="watch-test", defaults={"name": "测试类别（跟踪）"}
    )
    return found


def complaint(
    *,
    title: str = "化工园区夜间异味",
    description: str = "园区东侧每晚有刺鼻气味。",
    received_on: date = date(2026, 11, 3),
    department: str = "air",
    state: str = Complaint.State.ACCEPTED,
    **fields: Any,
) -> Complaint:
    n = next(_serial)
    values: dict[str, Any] = {
        "case_no": f"TS-WATCH-{n:04d}",
        "verification_hash": "x",
        "channel": "online",
        "category": category(),
        "title": title,
        "description": description,
        "submitted_at": at(received_on),
        "received_on": received_on,
        "intake_limit": 7,
        "intake_unit": "working_days",
        "handling_limit": 60,
        "handling_unit": "calendar_days",
        "max_extension": 30,
        "name": "李小梅",
        "phone": "13912345678",
        "email": "xiaomei@example.cn",
        "contact_address": "示范市东城区人民路100号3栋2单元",
        "department": Department.objects.get(code=department),
        "state": state,
    }
    values.update(fields)
    return Complaint.objects.create(**values)
