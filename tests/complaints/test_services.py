"""The case flow: registration, intake decisions, duplicates, extension rules, replies,
reopening, invalid messages, publication — and the refusals of illegal steps."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from wagtail.models import ModelLogEntry

from lantian.complaints import selectors, services
from lantian.complaints.models import Category, ChannelRule, Complaint
from lantian.complaints.services import CaseError
from lantian.core.models import ClockEvent
from lantian.core.roles import Role
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db


def kinds(complaint: Complaint) -> list[str]:
    return list(complaint.events.order_by("at", "pk").values_list("kind", flat=True))


# --- defaults and registration ----------------------------------------------------------


def test_defaults_seeded_after_migrate(categories: dict[str, Category]) -> None:
    assert set(ChannelRule.objects.values_list("channel", flat=True)) == {
        "hotline_12369", "wechat_12369", "online", "mailbox", "petition_letter",
        "petition_visit", "supervision", "inspection",
    }  # fmt: skip
    wechat = ChannelRule.objects.get(channel="wechat_12369")
    assert (wechat.intake_limit, wechat.intake_unit, wechat.handling_limit) == (
        2,
        "working_days",
        30,
    )
    mailbox = ChannelRule.objects.get(channel="mailbox")
    assert mailbox.public_message and mailbox.max_extension == 30
    assert {c: categories[c].name for c in categories} == {
        "air": "大气", "water": "水", "noise": "噪声", "solid_waste": "固体废物",
        "radiation": "辐射", "ecology": "生态", "other": "其他",
    }  # fmt: skip
    assert categories["noise"].name_en == "Noise"
    codes = [a["code"] for a in categories["noise"].attributes]
    assert "noise_kind" in codes and "pollution_time" in codes
    assert all(a["datatype"] == "singlevaluelist" for a in categories["air"].attributes)


def test_defaults_never_overwrite_admin_edits(categories: dict[str, Category]) -> None:
    ChannelRule.objects.filter(channel="mailbox").update(handling_limit=20)
    Category.objects.filter(code="air").update(name="大气污染", attributes=[])
    assert services.ensure_defaults() == {"channel_rules": 0, "categories": 0}
    assert ChannelRule.objects.get(channel="mailbox").handling_limit == 20
    assert Category.objects.get(code="air").attributes == []
    ChannelRule.objects.filter(channel="online").delete()
    assert services.ensure_defaults()["channel_rules"] == 1


def test_register_numbers_hashes_and_starts_the_clock(
    categories: dict[str, Category], staff: dict[Role, Any]
) -> None:
    complaint, code = services.register_complaint(
        actor=staff[Role.ADMINISTRATOR],
        channel="mailbox",
        category=categories["noise"],
        title="夜间施工噪声扰民",
        description="工地每晚十一点后仍在施工。",
        submitted_at=at(date(2026, 11, 2), 23),
        name="张三",
        phone="13800001111",
    )
    assert complaint.case_no.startswith("TS2026") and len(complaint.case_no) == 11
    assert complaint.received_on == date(2026, 11, 2)  # the local day of submission
    assert complaint.mailbox_kind == "complaint"
    assert code not in complaint.verification_hash and len(code) == 8
    assert services.check_verification(complaint, code.lower())
    assert not services.check_verification(complaint, "WRONG123")
    assert selectors.find_by_case_no(complaint.case_no, code) == complaint
    assert selectors.find_by_case_no(complaint.case_no, "WRONG123") is None
    assert selectors.find_by_case_no("TS202699999", code) is None
    assert (complaint.intake_limit, complaint.handling_limit, complaint.public_message) == (
        15,
        60,
        True,
    )
    assert kinds(complaint) == ["registered"]
    assert ClockEvent.objects.filter(object_id=str(complaint.pk), clock="complaint_intake").count()
    assert ModelLogEntry.objects.filter(
        object_id=str(complaint.pk), action=services.AUDIT_ACTION
    ).exists()
    second, _ = services.register_complaint(
        actor=None,
        channel="online",
        category="water",
        title="河水发黑",
        description="河道发黑发臭。",
        submitted_at=at(date(2026, 11, 3)),
        anonymous=True,
    )
    assert int(second.case_no[6:]) == int(complaint.case_no[6:]) + 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"category": "no-such"}, "category"),
        ({"mailbox_kind": "suggestion"}, "mailbox_kind"),  # not the mailbox
        ({"received_on": date(2026, 9, 29)}, "received_on"),  # before submission
        ({"name": "", "anonymous": False}, "name"),
        ({"latitude": 120.5}, "latitude"),
        ({"title": ""}, "title"),
    ],
)
def test_register_refuses_bad_input(
    categories: dict[str, Category], staff: dict[Role, Any], overrides: dict[str, Any], field: str
) -> None:
    fields: dict[str, Any] = {
        "actor": staff[Role.ADMINISTRATOR],
        "channel": "hotline_12369",
        "category": categories["air"],
        "title": "焚烧垃圾",
        "description": "有人焚烧垃圾。",
        "submitted_at": at(date(2026, 9, 30)),
        "name": "王五",
        "phone": "13700002222",
    }
    fields.update(overrides)
    count = Complaint.objects.count()
    with pytest.raises(CaseError) as error:
        services.register_complaint(**fields)
    assert field in error.value.message_dict
    assert Complaint.objects.count() == count
