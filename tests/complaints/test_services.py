"""The case flow: registration, intake decisions, duplicates, extension rules, replies,
reopening, invalid messages, publication — and the refusals of illegal steps."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from lantian.complaints import selectors, services
from lantian.complaints.clock import handling_spec
from lantian.complaints.models import Category, ChannelRule, Complaint
from lantian.complaints.services import CaseError
from lantian.core.deadlines import clock_state
from lantian.core.models import ClockEvent
from lantian.core.roles import Role
from tests.complaints.conftest import at, department

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


# --- intake decisions -------------------------------------------------------------------


def test_accept_and_refuse(register: Any, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    complaint = register()
    with pytest.raises(CaseError) as early:
        services.accept(actor=actor, complaint=complaint, on=date(2026, 9, 29))
    assert early.value.code == "date"
    services.accept(actor=actor, complaint=complaint, on=date(2026, 10, 8))
    assert complaint.state == Complaint.State.ACCEPTED and complaint.accepted_on == date(
        2026, 10, 8
    )
    with pytest.raises(CaseError):  # accepted twice
        services.accept(actor=actor, complaint=complaint, on=date(2026, 10, 9))
    with pytest.raises(CaseError):  # refusing an accepted case
        services.refuse(
            actor=actor, complaint=complaint, on=date(2026, 10, 9), reason="x", referred_to="y"
        )

    other = register(category="other")
    with pytest.raises(CaseError) as no_referral:
        services.refuse(
            actor=actor, complaint=other, on=date(2026, 10, 8), reason="属劳动争议", referred_to=" "
        )
    assert "referred_to" in no_referral.value.message_dict
    services.refuse(
        actor=actor,
        complaint=other,
        on=date(2026, 10, 8),
        reason="属劳动争议，不属于生态环境部门职责",
        referred_to="示范市人力资源和社会保障局",
    )
    other.refresh_from_db()
    assert (
        other.state == Complaint.State.REFUSED and other.referred_to == "示范市人力资源和社会保障局"
    )
    event = other.events.get(kind="refused")
    assert event.public and event.data["referred_to"] == "示范市人力资源和社会保障局"
    clock = selectors.case_clock(other, date(2026, 12, 1))
    assert clock.stage == "done" and clock.on_time is True and not clock.overdue


def test_assign_handler_must_be_of_the_department(
    accepted: Complaint, air_handler: Any, water_handler: Any, staff: dict[Role, Any]
) -> None:
    actor = staff[Role.ADMINISTRATOR]
    if accepted.department_id != department("air").pk:
        services.transfer(
            actor=actor, complaint=accepted, department=department("air"), note="大气类"
        )
    with pytest.raises(CaseError) as error:
        services.assign_handler(actor=actor, complaint=accepted, handler=water_handler)
    assert "handler" in error.value.message_dict
    services.assign_handler(actor=actor, complaint=accepted, handler=air_handler)
    assert Complaint.objects.get(pk=accepted.pk).handler == air_handler
    services.transfer(
        actor=actor, complaint=accepted, department=department("water"), note="实为水污染"
    )
    assert Complaint.objects.get(pk=accepted.pk).handler is None  # cleared on transfer
    with pytest.raises(CaseError):
        services.transfer(actor=actor, complaint=accepted, department=department("water"), note="x")
    with pytest.raises(CaseError):
        services.transfer(actor=actor, complaint=accepted, department=department("air"), note="")


# --- extension ---------------------------------------------------------------------------


def test_extension_rules(
    accepted: Complaint, air_head: Any, air_handler: Any, staff: dict[Role, Any]
) -> None:
    on = date(2026, 11, 20)
    with pytest.raises(CaseError) as not_head:
        services.extend(actor=air_handler, complaint=accepted, days=10, reason="复杂", on=on)
    assert not_head.value.code == "permission"
    with pytest.raises(CaseError) as too_long:
        services.extend(actor=air_head, complaint=accepted, days=31, reason="复杂", on=on)
    assert "days" in too_long.value.message_dict
    with pytest.raises(CaseError) as no_reason:
        services.extend(actor=air_head, complaint=accepted, days=10, reason=" ", on=on)
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(CaseError) as expired:  # due 9 December
        services.extend(
            actor=air_head, complaint=accepted, days=10, reason="复杂", on=date(2026, 12, 10)
        )
    assert expired.value.code == "expired"
    assert not accepted.events.filter(kind="extended").exists()

    services.extend(actor=air_head, complaint=accepted, days=15, reason="需委托第三方检测", on=on)
    event = accepted.events.get(kind="extended")
    assert event.public and event.note == "需委托第三方检测"  # told to the complainant
    assert event.data["handling_due"] == "2026-12-24"
    assert len(mail.outbox) == 0  # sent on commit; the test transaction does not commit
    with pytest.raises(CaseError) as twice:
        services.extend(
            actor=staff[Role.ADMINISTRATOR], complaint=accepted, days=5, reason="再延", on=on
        )
    assert twice.value.code == "extend_once"


def test_extension_only_while_accepted(register: Any, air_head: Any) -> None:
    complaint = register()
    with pytest.raises(CaseError) as error:
        services.extend(
            actor=air_head, complaint=complaint, days=5, reason="复杂", on=date(2026, 10, 2)
        )
    assert error.value.code == "state"


# --- duplicates ----------------------------------------------------------------------------


def test_duplicates_are_told_the_masters_outcome(register: Any, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    master = register()
    services.accept(actor=actor, complaint=master, on=date(2026, 10, 8))
    first = register(name="赵六", phone="13600003333")
    second = register(name="钱七", phone="13500004444")
    services.merge_duplicate(actor=actor, complaint=first, master=master, on=date(2026, 10, 8))
    services.accept(actor=actor, complaint=second, on=date(2026, 10, 9))
    # merging into a duplicate merges into its master
    services.merge_duplicate(actor=actor, complaint=second, master=first, on=date(2026, 10, 10))
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == Complaint.State.DUPLICATE and case.master == master
        clock = selectors.case_clock(case, date(2027, 3, 1))
        assert not clock.overdue and not clock.due_soon
        assert clock.intake.status == "stopped"
    assert selectors.case_clock(second, date(2027, 3, 1)).handling.status == "stopped"
    with pytest.raises(CaseError):
        services.merge_duplicate(
            actor=actor, complaint=master, master=master, on=date(2026, 10, 10)
        )

    services.reply(
        actor=actor, complaint=master, text="经查，化工厂已停产整改。", on=date(2026, 11, 1)
    )
    for case in (first, second):
        told = case.events.get(kind="master_outcome")
        assert told.public and told.note == "经查，化工厂已停产整改。"
        assert told.data["master"] == master.case_no
    # a late duplicate of an answered case is told at once
    late = register()
    services.merge_duplicate(actor=actor, complaint=late, master=master, on=date(2026, 11, 2))
    assert late.events.filter(kind="master_outcome").count() == 1


# --- reply, satisfaction, reopening, closing ---------------------------------------------------


def test_reply_reopen_and_close(accepted: Complaint, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    with pytest.raises(CaseError):
        services.reply(actor=actor, complaint=accepted, text="", on=date(2026, 11, 1))
    with pytest.raises(CaseError):  # before acceptance
        services.reply(actor=actor, complaint=accepted, text="已处理", on=date(2026, 10, 9))
    services.reply(actor=actor, complaint=accepted, text="已责令整改。", on=date(2026, 11, 1))
    assert accepted.state == Complaint.State.REPLIED
    assert accepted.events.get(kind="replied").data["on_time"] is True
    services.record_satisfaction(actor=actor, complaint=accepted, satisfaction="dissatisfied")
    with pytest.raises(CaseError):
        services.record_satisfaction(actor=actor, complaint=accepted, satisfaction="meh")
    with pytest.raises(CaseError) as no_reason:
        services.reopen(actor=actor, complaint=accepted, reason="", on=date(2026, 11, 5))
    assert "reason" in no_reason.value.message_dict

    services.reopen(
        actor=actor, complaint=accepted, reason="群众反映问题仍存在", on=date(2026, 11, 5)
    )
    accepted.refresh_from_db()
    assert accepted.state == Complaint.State.ACCEPTED and accepted.reopened == 1
    assert accepted.replied_on is None and accepted.satisfaction == ""
    clock = selectors.case_clock(accepted, date(2026, 11, 5))
    assert clock.stage == "handling"
    assert clock.handling_due == date(2027, 1, 4)  # a fresh 60 days from the reopening
    # the first period's verdict stays on its own clock
    first = clock_state(accepted, handling_spec(accepted))
    assert first.on_time is True and first.stopped_on == date(2026, 11, 1)

    with pytest.raises(CaseError):  # not answered yet
        services.close(actor=actor, complaint=accepted, on=date(2026, 11, 6))
    services.reply(actor=actor, complaint=accepted, text="已再次核查。", on=date(2026, 12, 1))
    services.close(actor=actor, complaint=accepted, on=date(2026, 12, 2))
    assert accepted.state == Complaint.State.CLOSED
    assert kinds(accepted) == [
        "registered", "accepted", "replied", "satisfaction", "reopened", "replied", "closed",
    ]  # fmt: skip


def test_mark_invalid_stops_the_clock(register: Any, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    spam = register(channel="online", title="代开发票", description="低价代开发票")
    with pytest.raises(CaseError):
        services.mark_invalid(actor=actor, complaint=spam, reason="", on=date(2026, 10, 1))
    services.mark_invalid(actor=actor, complaint=spam, reason="广告信息", on=date(2026, 10, 1))
    assert spam.state == Complaint.State.SPAM
    clock = selectors.case_clock(spam, date(2027, 1, 1))
    assert clock.intake.status == "stopped" and not clock.overdue
    with pytest.raises(CaseError):
        services.accept(actor=actor, complaint=spam, on=date(2026, 10, 2))


# --- inspections and findings ----------------------------------------------------------------


def test_inspection_and_findings(accepted: Complaint, staff: dict[Role, Any]) -> None:
    actor = staff[Role.ADMINISTRATOR]
    inspection = services.record_inspection(
        actor=actor,
        complaint=accepted,
        on=date(2026, 10, 12),
        inspectors="刘强、陈静",
        findings="现场检查发现废气处理设施未运行。",
    )
    assert inspection.complaint == accepted and inspection.recorded_by == actor
    with pytest.raises(CaseError):
        services.record_inspection(
            actor=actor, complaint=accepted, on=date(2026, 10, 12), inspectors="", findings="x"
        )
    with pytest.raises(CaseError) as no_measures:
        services.record_findings(
            actor=actor, complaint=accepted, findings="属实", substantiated="yes", measures=""
        )
    assert "measures" in no_measures.value.message_dict
    services.record_findings(
        actor=actor,
        complaint=accepted,
        findings="废气处理设施未正常运行，属实。",
        substantiated="yes",
        measures="责令立即改正。",
        penalties="罚款十万元。",
    )
    accepted.refresh_from_db()
    assert accepted.substantiated == "yes" and accepted.penalties == "罚款十万元。"
    assert kinds(accepted)[-2:] == ["inspected", "findings"]


# --- publication -------------------------------------------------------------------------------


def test_publish_reply_masks_and_refuses_personal_data(
    register: Any, staff: dict[Role, Any]
) -> None:
    actor = staff[Role.ADMINISTRATOR]
    complaint = register(channel="mailbox", agrees_to_publication=True)
    services.accept(actor=actor, complaint=complaint, on=date(2026, 10, 8))
    with pytest.raises(CaseError):  # not answered yet
        services.publish_reply(actor=actor, complaint=complaint, summary="问", reply="答")
    services.reply(actor=actor, complaint=complaint, text="已整改。", on=date(2026, 10, 20))
    services.publish_reply(
        actor=actor,
        complaint=complaint,
        summary="李小梅反映：园区化工厂夜间排气，电话13912345678。",
        reply="李小梅您好，经查属实，已责令整改。",
    )
    complaint.refresh_from_db()
    assert complaint.published
    for text in (complaint.public_summary, complaint.public_reply):
        assert "李小梅" not in text and "13912345678" not in text
    assert "化工厂" in complaint.public_summary
    assert list(selectors.public_replies()) == [complaint]

    no_consent = register(channel="mailbox")
    services.accept(actor=actor, complaint=no_consent, on=date(2026, 10, 8))
    services.reply(actor=actor, complaint=no_consent, text="已整改。", on=date(2026, 10, 20))
    with pytest.raises(CaseError) as error:
        services.publish_reply(actor=actor, complaint=no_consent, summary="问题", reply="答复")
    assert error.value.code == "no_consent"
    assert not Complaint.objects.get(pk=no_consent.pk).published


def test_publish_reply_refuses_unmaskable_personal_data(
    register: Any, staff: dict[Role, Any]
) -> None:
    actor = staff[Role.ADMINISTRATOR]
    complaint = register(
        channel="mailbox", agrees_to_publication=True, contact_address="示范市东城区幸福路12号3单元"
    )
    services.accept(actor=actor, complaint=complaint, on=date(2026, 10, 8))
    services.reply(actor=actor, complaint=complaint, text="已整改。", on=date(2026, 10, 20))
    with pytest.raises(CaseError) as error:
        services.publish_reply(
            actor=actor,
            complaint=complaint,
            summary="家住示范市东城区幸福路12号3单元的群众反映异味。",
            reply="已整改。",
        )
    assert "summary" in error.value.message_dict
    assert not Complaint.objects.get(pk=complaint.pk).published


# --- photos ------------------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (64, 48), (120, 130, 140))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (31.0, 18.0, 30.0)}  # GPS IFD: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_add_photo_keeps_the_original_and_a_clean_copy(
    accepted: Complaint, staff: dict[Role, Any]
) -> None:
    from PIL import Image

    actor = staff[Role.ADMINISTRATOR]
    content = _jpeg_with_gps()
    photo = services.add_photo(
        actor=actor, complaint=accepted, filename="现场.JPG", content=content
    )
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 64, 48)
    assert not photo.public
    with photo.original.open("rb") as f:
        assert f.read() == content  # evidence as received
    with photo.cleaned.open("rb") as f:
        cleaned = f.read()
    assert b"PhoneMaker" in content and b"PhoneMaker" not in cleaned
    import io

    assert not Image.open(io.BytesIO(cleaned)).getexif()
    assert photo.cleaned.name.endswith(".jpg") and photo.original.name.endswith(".jpg")
    assert accepted.events.filter(kind="photo").count() == 1

    with pytest.raises(CaseError) as error:
        services.add_photo(
            actor=actor, complaint=accepted, filename="photo.jpg", content=b"MZ\x90\x00not a photo"
        )
    assert "photo" in error.value.message_dict
    assert accepted.photos.count() == 1


def test_complaint_channel_url_for_the_foi_reply() -> None:
    # an FOI application that is in fact a complaint (条例 Art. 39, table 三 (五)1) is
    # pointed to the complaint form
    from django.urls import reverse

    assert selectors.complaint_channel_url() == reverse("complaints:new")
    assert selectors.complaint_channel_url().startswith("/interaction/")


def test_a_duplicate_is_told_the_masters_outcome_without_the_masters_personal_data(
    register: Any, staff: dict[Role, Any]
) -> None:
    actor = staff[Role.ADMINISTRATOR]
    master = register(name="孙大伟", phone="13700005555")
    services.accept(actor=actor, complaint=master, on=date(2026, 10, 8))
    duplicate = register(name="周八", phone="13500006666")
    services.merge_duplicate(actor=actor, complaint=duplicate, master=master, on=date(2026, 10, 8))
    services.record_findings(
        actor=actor,
        complaint=master,
        findings="经查，孙大伟反映的人民路100号3幢502室楼下餐馆油烟问题属实。",
        substantiated=Complaint.Substantiated.YES,
        measures="已责令安装油烟净化设施，联系电话13700005555。",
    )
    services.reply(
        actor=actor, complaint=master, text="孙大伟先生：经查，问题属实。", on=date(2026, 11, 1)
    )
    told = duplicate.events.get(kind="master_outcome").note
    assert "油烟" in told and "属实" in told
    for personal in ("孙大伟", "13700005555", "100号", "502室"):
        assert personal not in told
