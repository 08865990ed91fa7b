"""Clocks bound to records: events stored, validated before writing, audited."""

from __future__ import annotations

from datetime import date

import pytest
from wagtail.models import ModelLogEntry

from lantian.core import audit
from lantian.core.clock import ClockError, Status
from lantian.core.deadlines import ClockSpec, clock_state
from lantian.core.models import ClockEvent, Department
from lantian.core.services import record_clock_event

pytestmark = pytest.mark.django_db

FOI_REPLY = ClockSpec(name="reply", limit=20, max_extension=20)


@pytest.fixture
def subject() -> Department:
    # Any record can carry a clock; a department stands in for a case here.
    return Department.objects.create(code="case-standin", name="测试主体")


def test_due_date_comes_from_the_log(subject: Department, django_user_model) -> None:
    actor = django_user_model.objects.create_user("clerk", password="x" * 12)
    record_clock_event(
        actor=actor, subject=subject, spec=FOI_REPLY, kind="start", on=date(2026, 9, 21)
    )
    state = record_clock_event(
        actor=actor,
        subject=subject,
        spec=FOI_REPLY,
        kind="extend",
        on=date(2026, 10, 20),
        days=20,
        note="经办公室主任同意延期",
    )
    assert state.due == date(2026, 11, 23)
    assert clock_state(subject, FOI_REPLY).due == date(2026, 11, 23)
    entries = ModelLogEntry.objects.filter(action=audit.CLOCK_EVENT, object_id=str(subject.pk))
    assert entries.count() == 2
    latest = entries.order_by("-timestamp", "-pk").first()
    assert latest.user == actor
    assert latest.data["event"] == "extend"
    assert latest.data["due"] == "2026-11-23"


def test_an_impossible_event_writes_nothing(subject: Department) -> None:
    record_clock_event(
        actor=None, subject=subject, spec=FOI_REPLY, kind="start", on=date(2026, 9, 21)
    )
    with pytest.raises(ClockError, match="not paused"):
        record_clock_event(
            actor=None, subject=subject, spec=FOI_REPLY, kind="resume", on=date(2026, 9, 22)
        )
    assert ClockEvent.objects.count() == 1
    assert clock_state(subject, FOI_REPLY).status is Status.RUNNING


def test_clocks_of_one_subject_are_separate(subject: Department) -> None:
    supplement_notice = ClockSpec(name="supplement_notice", limit=7)
    record_clock_event(
        actor=None, subject=subject, spec=FOI_REPLY, kind="start", on=date(2026, 9, 21)
    )
    record_clock_event(
        actor=None, subject=subject, spec=supplement_notice, kind="start", on=date(2026, 9, 21)
    )
    assert clock_state(subject, FOI_REPLY).due == date(2026, 10, 26)
    # 7 WD: 09-22..24, 09-28..30, 10-08 (holidays between).
    assert clock_state(subject, supplement_notice).due == date(2026, 10, 8)
