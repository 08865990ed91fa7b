"""The case flow through the services: registration, receipt, the steps and their
denials, the audit trail and visibility."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.core.clock import Status
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.foi import services
from lantian.foi.models import Application, Remedy
from lantian.foi.selectors import case_clock, cases_visible_to
from tests.foi.flow import APPLICANT, assigned, at, legal, register


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the services' English messages (the site defaults to Chinese)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

State = Application.State


@pytest.fixture
def admin(staff: dict[Role, Any]) -> Any:
    return staff[Role.ADMINISTRATOR]


# --- registration ------------------------------------------------------------------------


def test_registration_gives_a_tracking_code_and_a_separate_verification_code(admin) -> None:
    first, code = register(admin, date(2026, 9, 21))
    second, code2 = register(admin, date(2026, 9, 22))
    assert re.fullmatch(r"YSQ2026\d{5}", first.tracking_code)
    assert int(second.tracking_code[7:]) == int(first.tracking_code[7:]) + 1
    assert re.fullmatch(f"[{services.CODE_ALPHABET}]{{8}}", code)
    assert code != code2
    assert code not in first.verification_hash and first.verification_hash.count("$") >= 1
    assert services.check_verification(first, code)
    assert services.check_verification(first, code.lower())  # typed casually
    assert not services.check_verification(first, code2)
    assert not services.check_verification(first, "")


def test_a_tracking_number_is_never_reused(admin) -> None:
    first, _ = register(admin, date(2026, 9, 21))
    first.delete()
    again, _ = register(admin, date(2026, 9, 21))
    assert again.tracking_code != first.tracking_code


def test_registration_names_the_bad_fields(admin) -> None:
    with pytest.raises(ValidationError) as error:
        register(admin, date(2026, 9, 21), description="", phone="")
    assert {"description", "phone"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        register(admin, date(2026, 9, 21), state="replied")
    assert "state" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        register(admin, date(2026, 9, 21), channel="pigeon")
    assert "channel" in error.value.message_dict
    assert not Application.objects.exists()


def test_in_person_starts_the_clock_on_the_day_handed_in(admin) -> None:
    application, _ = register(admin, date(2026, 9, 21))
    assert application.received_on == date(2026, 9, 21)
    assert case_clock(application, today=date(2026, 9, 21)).statutory_due == date(2026, 10, 26)
    step = application.events.get()
    assert step.kind == services.Step.REGISTERED and step.actor == admin


def test_online_waits_for_the_confirmed_receipt(admin) -> None:
    # submitted the evening before National Day: confirmable from 10-08 only
    application, _ = services.register_application(
        actor=None, channel="online", submitted_at=at(date(2026, 9, 30), 19), **APPLICANT
    )
    assert application.received_on is None
    assert case_clock(application).status == Status.NOT_STARTED
    with pytest.raises(ValidationError) as error:
        services.confirm_receipt(
            actor=admin, application=application, received_on=date(2026, 9, 30)
        )
    assert "2026-10-08" in str(error.value)
    services.confirm_receipt(actor=admin, application=application, received_on=date(2026, 10, 8))
    # 10-09 (1), Sat 10-10 (2), 12…16 (7), 19…23 (12), 26…30 (17), 11-02, 03, 04 (20)
    assert case_clock(application, today=date(2026, 10, 8)).statutory_due == date(2026, 11, 4)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.confirm_receipt(
            actor=admin, application=application, received_on=date(2026, 10, 9)
        )


# --- assignment --------------------------------------------------------------------------


def test_assignment_with_an_explicit_internal_deadline(staff, admin) -> None:
    application, _ = register(admin, date(2026, 9, 21))
    with pytest.raises(ValidationError) as error:
        services.assign(
            actor=admin,
            application=application,
            department=Department.objects.get(code="air"),
            handler=staff[Role.CASE_HANDLER],  # a member of the legal division
        )
    assert "handler" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.assign(
            actor=admin,
            application=application,
            department=legal(),
            internal_due=date(2026, 10, 27),
        )
    assert "internal_due" in error.value.message_dict
    services.assign(
        actor=admin,
        application=application,
        department=legal(),
        handler=staff[Role.CASE_HANDLER],
        internal_due=date(2026, 10, 15),
    )
    assert application.state == State.ASSIGNED
    assert case_clock(application, today=date(2026, 9, 22)).internal_due == date(2026, 10, 15)


# --- supplement --------------------------------------------------------------------------


def test_supplement_within_seven_working_days_counting_the_national_day_holiday(
    staff, admin
) -> None:
    # the 7th working day after 09-21 is 10-08 (the holidays are not counted)
    late = assigned(staff, date(2026, 9, 21))
    with pytest.raises(ValidationError, match="2026-10-08"):
        services.request_supplement(
            actor=admin,
            application=late,
            on=date(2026, 10, 9),
            deadline=date(2026, 10, 30),
            note="x",
        )
    assert late.state == State.ASSIGNED
    on_time = assigned(staff, date(2026, 9, 21))
    services.request_supplement(
        actor=admin,
        application=on_time,
        on=date(2026, 10, 8),
        deadline=date(2026, 10, 30),
        note="x",
    )
    assert on_time.state == State.SUPPLEMENT


def test_supplement_only_once(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.request_supplement(
        actor=admin,
        application=application,
        on=date(2026, 9, 22),
        deadline=date(2026, 9, 30),
        note="x",
    )
    services.receive_supplement(actor=admin, application=application, on=date(2026, 9, 29))
    assert application.state == State.ASSIGNED
    with pytest.raises(ValidationError, match="only once"):
        services.request_supplement(
            actor=admin,
            application=application,
            on=date(2026, 9, 30),
            deadline=date(2026, 10, 16),
            note="x",
        )


def test_abandonment_only_after_the_stated_date(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.request_supplement(
        actor=admin,
        application=application,
        on=date(2026, 9, 22),
        deadline=date(2026, 10, 13),
        note="x",
    )
    with pytest.raises(ValidationError, match="2026-10-13"):
        services.close_unsupplemented(actor=admin, application=application, on=date(2026, 10, 13))
    services.close_unsupplemented(actor=admin, application=application, on=date(2026, 10, 14))
    assert application.state == State.ABANDONED
    assert application.reply_type == "other_no_supplement"
    with pytest.raises(ValidationError):
        services.receive_supplement(actor=admin, application=application, on=date(2026, 10, 15))


# --- consultation and extension ----------------------------------------------------------


def test_consultation_kinds_and_states(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    with pytest.raises(ValidationError) as error:
        services.start_consultation(
            actor=admin, application=application, on=date(2026, 9, 22), party="x", kind="friend"
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.end_consultation(
            actor=admin, application=application, on=date(2026, 9, 22), opinion=""
        )
    services.start_consultation(
        actor=admin,
        application=application,
        on=date(2026, 9, 22),
        party="示范市水务集团",
        kind="co_agency",
    )
    assert application.state == State.CONSULTATION


def extend(staff: dict[Role, Any], application: Application, **overrides: Any) -> Application:
    arguments = {
        "actor": staff[Role.CASE_HANDLER],
        "application": application,
        "on": date(2026, 10, 20),
        "days": 20,
        "approver": staff[Role.DEPARTMENT_HEAD],
        "reason": "需调取多年档案。",
        **overrides,
    }
    return services.extend(**arguments)


def test_extension_denials(staff) -> None:
    application = assigned(staff, date(2026, 9, 21))
    with pytest.raises(ValidationError) as error:
        extend(staff, application, days=21)
    assert "days" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        extend(staff, application, approver=staff[Role.CASE_HANDLER])
    assert "approver" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        extend(staff, application, approver=staff[Role.REVIEWER])  # not a head
    assert "approver" in error.value.message_dict
    with pytest.raises(ValidationError, match="2026-10-26"):
        extend(staff, application, on=date(2026, 10, 27))  # expired
    extend(staff, application, days=10)
    with pytest.raises(ValidationError, match="only once"):
        extend(staff, application, days=5)
    assert case_clock(application, today=date(2026, 10, 20)).statutory_due == date(2026, 11, 9)


def test_a_head_who_handles_the_case_cannot_approve_its_extension(staff, admin) -> None:
    head = save_staff_member(
        actor=admin,
        username="legal_head",
        family_name="孙",
        given_name="海燕",
        email="legal_head@sthjj.demo.gov.cn",
        department=legal(),
        roles=[Role.DEPARTMENT_HEAD, Role.CASE_HANDLER],
    )
    application, _ = register(admin, date(2026, 9, 21))
    services.assign(actor=admin, application=application, department=legal(), handler=head)
    with pytest.raises(ValidationError) as error:
        extend(staff, application, approver=head)
    assert "approver" in error.value.message_dict
    extend(staff, application, approver=admin)


# --- fees --------------------------------------------------------------------------------


def test_fee_by_the_applicants_month(staff, admin) -> None:
    cases = [assigned(staff, date(2026, 5, 11 + i % 5)) for i in range(11)]
    eleventh = max(cases, key=lambda a: (a.received_on, a.pk))
    assert services.applications_in_month(eleventh) == 11
    services.issue_fee_notice(
        actor=admin, application=eleventh, on=date(2026, 5, 18), method="per_application"
    )
    assert eleventh.fee_amount == 100 and eleventh.state == State.FEE
    first = min(cases, key=lambda a: (a.received_on, a.pk))
    with pytest.raises(ValidationError, match="free"):
        services.issue_fee_notice(
            actor=admin, application=first, on=date(2026, 5, 18), method="per_application"
        )


def test_unpaid_fee_closes_after_twenty_working_days(staff, admin) -> None:
    application = assigned(staff, date(2026, 4, 27))
    services.issue_fee_notice(
        actor=admin, application=application, on=date(2026, 5, 8), method="per_volume", quantity=31
    )
    assert application.fee_amount == 10
    # pay by the 20th working day after 05-08: Sat 05-09 (1) … 06-04 (20)
    with pytest.raises(ValidationError, match="2026-06-04"):
        services.close_fee_unpaid(actor=admin, application=application, on=date(2026, 6, 4))
    services.close_fee_unpaid(actor=admin, application=application, on=date(2026, 6, 5))
    assert application.state == State.ABANDONED and application.reply_type == "other_fee_unpaid"
    assert case_clock(application).status == Status.STOPPED


# --- the reply ---------------------------------------------------------------------------


def test_reply_four_eyes_review_and_archive(staff, admin) -> None:
    handler, reviewer = staff[Role.CASE_HANDLER], staff[Role.REVIEWER]
    application = assigned(staff, date(2026, 9, 21))
    with pytest.raises(ValidationError, match="not possible"):
        services.approve_reply(actor=reviewer, application=application, on=date(2026, 10, 9))
    with pytest.raises(ValidationError) as error:
        services.draft_reply(
            actor=handler, application=application, reply_type="other_fee_unpaid", text="x"
        )
    assert "reply_type" in error.value.message_dict
    services.draft_reply(
        actor=handler, application=application, reply_type="partly_disclose", text="部分公开。"
    )
    services.submit_reply_for_review(actor=handler, application=application)
    with pytest.raises(ValidationError, match="other than its drafter"):
        services.approve_reply(actor=handler, application=application, on=date(2026, 10, 9))
    services.return_reply(actor=reviewer, application=application, note="请补充理由。")
    assert application.state == State.DRAFTED
    services.draft_reply(
        actor=handler,
        application=application,
        reply_type="partly_disclose",
        text="部分公开，理由……",
    )
    services.submit_reply_for_review(actor=handler, application=application)
    services.approve_reply(actor=reviewer, application=application, on=date(2026, 10, 9))
    assert application.state == State.REPLIED and application.replied_on == date(2026, 10, 9)
    clock = case_clock(application)
    assert clock.status == Status.STOPPED and clock.on_time
    with pytest.raises(ValidationError):
        services.withdraw(actor=admin, application=application, on=date(2026, 10, 10), note="")
    services.archive(actor=admin, application=application)
    assert application.state == State.ARCHIVED
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [
        "registered",
        "assigned",
        "reply_drafted",
        "reply_submitted",
        "reply_returned",
        "reply_drafted",
        "reply_submitted",
        "reply_approved",
        "archived",
    ]
    # every step is in the audit log, with the clock events
    entries = ModelLogEntry.objects.filter(object_id=str(application.pk))
    assert entries.filter(action=services.AUDIT_ACTION).count() == len(kinds)
    assert entries.filter(action="lantian.clock_event").count() == 2  # start, stop


def test_withdrawal_stops_the_clock_as_other(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    services.start_consultation(
        actor=admin,
        application=application,
        on=date(2026, 9, 22),
        party="某公司",
        kind="third_party",
    )
    services.withdraw(actor=admin, application=application, on=date(2026, 9, 29), note="申请人撤回")
    assert application.state == State.WITHDRAWN and application.reply_type == "other"
    assert case_clock(application).status == Status.STOPPED


def test_withdrawal_before_receipt_is_confirmed(admin) -> None:
    application, _ = services.register_application(
        actor=None, channel="email", submitted_at=at(date(2026, 9, 21)), **APPLICANT
    )
    services.withdraw(actor=admin, application=application, on=date(2026, 9, 22), note="")
    assert application.state == State.WITHDRAWN


def test_remedies_for_table_four(staff, admin) -> None:
    application = assigned(staff, date(2026, 9, 21))
    with pytest.raises(ValidationError):  # still open
        services.record_remedy(
            actor=admin, application=application, kind="reconsideration", filed_on=date(2026, 10, 1)
        )
    services.withdraw(actor=admin, application=application, on=date(2026, 9, 22), note="")
    remedy = services.record_remedy(
        actor=admin, application=application, kind="reconsideration", filed_on=date(2026, 11, 2)
    )
    assert remedy.result == Remedy.Result.PENDING
    with pytest.raises(ValidationError) as error:
        services.conclude_remedy(
            actor=admin, remedy=remedy, result="upheld", concluded_on=date(2026, 11, 1)
        )
    assert "concluded_on" in error.value.message_dict
    services.conclude_remedy(
        actor=admin, remedy=remedy, result="upheld", concluded_on=date(2026, 12, 20)
    )
    remedy.refresh_from_db()
    assert remedy.result == Remedy.Result.UPHELD


# --- visibility --------------------------------------------------------------------------


def test_cases_visible_to(staff, admin) -> None:
    mine = assigned(staff, date(2026, 9, 21))  # legal division
    air, _ = register(admin, date(2026, 9, 21))
    services.assign(actor=admin, application=air, department=Department.objects.get(code="air"))
    assert set(cases_visible_to(staff[Role.CASE_HANDLER])) == {mine}
    assert set(cases_visible_to(staff[Role.DEPARTMENT_HEAD])) == {air}  # head of air
    assert set(cases_visible_to(admin)) == {mine, air}
    assert set(cases_visible_to(staff[Role.EDITOR])) == {mine, air}  # the office (办公室)
    assert not cases_visible_to(staff[Role.DATA_MANAGER]).exists()  # monitoring station
    from django.contrib.auth.models import AnonymousUser

    assert not cases_visible_to(AnonymousUser()).exists()


def test_also_publish_proactively(staff, admin) -> None:
    from lantian.disclosure.models import Category

    handler, reviewer = staff[Role.CASE_HANDLER], staff[Role.REVIEWER]
    application = assigned(staff, date(2026, 9, 21), document_hint="化工园区2026年第三季度监测报告")
    category = Category.objects.filter(parent__isnull=False).first() or Category.objects.first()
    with pytest.raises(ValidationError, match="not possible"):
        services.publish_proactively(actor=admin, application=application, category=category)
    services.draft_reply(
        actor=handler, application=application, reply_type="disclose", text="公开。"
    )
    services.submit_reply_for_review(actor=handler, application=application)
    services.approve_reply(actor=reviewer, application=application, on=date(2026, 10, 9))
    item = services.publish_proactively(actor=admin, application=application, category=category)
    assert not item.live and item.title == "化工园区2026年第三季度监测报告"
    assert item.department == legal() and item.formed_on == date(2026, 10, 9)
    assert APPLICANT["name"] not in f"{item.title}{item.summary}{item.body}"
    application.refresh_from_db()
    assert application.proactive_item == item
    assert list(item.foi_applications.all()) == [application]
    with pytest.raises(ValidationError, match="already"):
        services.publish_proactively(actor=admin, application=application, category=category)
