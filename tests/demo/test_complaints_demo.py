"""The demo complaints: two years of cases from every channel, category and district,
the paths that make the queues and alarms show (overdue, extended, merged, sent
elsewhere), the inspection batch with its results published, typical cases and hot
topics, nothing personal in anything published, a second load that changes nothing —
and history written in bulk that the selectors read as if the services had written it.

The plan is checked at full size (no database); the loader runs once for the module at
a reduced size, as of the demo tests' fixed day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction

from lantian.air import selectors as air_selectors
from lantian.complaints import selectors, services, watch
from lantian.complaints.models import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    HotTopic,
    InspectionBatch,
    TypicalCase,
)
from lantian.core.clock import Status
from lantian.core.models import ClockEvent as ClockEventRow
from lantian.demo import air as air_demo
from lantian.demo import bureau, complaints
from tests.conftest import PASSWORD
from tests.demo.conftest import DEMO_NOW

TODAY = DEMO_NOW.date()
SIZE = 600  # the module's load; the full size is checked on the plan alone
DISTRICTS = {name for name, _ in air_demo.DISTRICTS}


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """Load once for the module in a transaction rolled back at its end; each test runs
    in a savepoint inside it."""
    unblocked = django_db_blocker.unblock()
    with unblocked, time_machine.travel(DEMO_NOW, tick=True), transaction.atomic():
        bureau.load(password=PASSWORD)
        result = complaints.load(today=TODAY, size=SIZE, password="x-demo-password-1")
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def cases(loaded: dict[str, int], db: Any) -> Any:
    return Complaint.objects.all()


# ------------------------------------------------------------------------ the plan


def test_the_full_plan_has_every_channel_category_and_district() -> None:
    plans = complaints.plan(TODAY)
    assert len(plans) >= 3000
    channels = {p.channel for p in plans} | {"inspection"}  # the batch brings the last
    assert channels == set(Channel.values)
    codes = {code for code, *_ in services.DEFAULT_CATEGORIES}
    assert {p.category for p in plans} == codes
    assert {p.district for p in plans} == DISTRICTS
    received = sorted(p.received for p in plans)
    assert (TODAY - received[0]).days >= 700 and received[-1] == TODAY
    assert {p.end for p in plans} == {
        "received",
        "accepted",
        "refused",
        "duplicate",
        "replied",
        "closed",
        "spam",
    }
    # most cases are old, finished history (written in bulk); a couple of hundred
    # recent, open or special ones go through the services
    by_index = {p.index: p for p in plans}
    recent = [p for p in plans if not complaints.in_bulk(p, TODAY, by_index)]
    assert 100 <= len(recent) <= 400


def test_the_plan_is_the_same_every_time_and_moves_with_the_day() -> None:
    first = [(p.received, p.title, p.end, p.name) for p in complaints.plan(TODAY, 400)]
    again = [(p.received, p.title, p.end, p.name) for p in complaints.plan(TODAY, 400)]
    assert first == again
    later = TODAY.replace(year=TODAY.year + 1)
    moved = complaints.plan(later, 400)
    assert max(p.received for p in moved) == later
    assert [p.title for p in moved][:50] == [t for _, t, _, _ in first][:50]


def test_texts_are_varied_chinese_prose() -> None:
    plans = complaints.plan(TODAY)
    descriptions = [p.description for p in plans]
    assert len(set(descriptions)) > 0.9 * len(descriptions)
    text = "".join(descriptions)
    assert "lorem" not in text.lower() and "{" not in text
    for word in ("黑烟", "异味", "夜间", "废水", "尘土", "倾倒", "油烟", "施工"):
        assert word in text, word
    for topic in complaints.TOPICS:
        assert len(topic.titles) == len(topic.what), topic.key
    # every reply says what was found and is signed off the same way
    replies = [p.reply for p in plans if p.end in ("replied", "closed")]
    assert replies and all(r.startswith(("您好", "感谢您的来信")) for r in replies)


# ------------------------------------------------------------------------ the load


def test_every_channel_category_and_district_is_stored(loaded: dict[str, int], cases: Any) -> None:
    assert cases.count() == loaded["cases"] + loaded["batch_cases"] >= SIZE
    assert loaded["in_bulk"] > loaded["through_services"] > 0
    assert set(cases.values_list("channel", flat=True)) == set(Channel.values)
    assert set(cases.values_list("category__code", flat=True)) == set(
        Category.objects.values_list("code", flat=True)
    )
    assert set(cases.values_list("district__name", flat=True)) == DISTRICTS
    assert set(air_selectors.district_records().values_list("name", flat=True)) >= DISTRICTS
    # every case went to a department through the routing rules: the city's, or for
    # noise and solid waste the district's branch
    assert not cases.filter(department__isnull=True).exists()
    assert set(cases.values_list("department__code", flat=True)) == {
        "enforcement",
        "monitoring",
        "office",
        *(code for code, *_ in bureau.BRANCHES.values()),
    }
    assert (
        cases.filter(category__code="radiation").exclude(department__code="monitoring").count() == 0
    )


def test_noise_and_solid_waste_lie_with_the_district_branch(
    loaded: dict[str, int], cases: Any
) -> None:
    """属地管理: a noise or solid-waste case lies with its district's branch, seen by the
    branch's own staff and the office-wide roles, not by another department's handler;
    an air case in the same district stays with the city's enforcement brigade."""
    branch_of = {district: code for district, (code, *_) in bureau.BRANCHES.items()}
    local = cases.filter(category__code__in=bureau.BRANCH_CATEGORIES)
    pairs = set(local.values_list("district__name", "department__code"))
    assert pairs == set(branch_of.items())  # every district's branch, and only its own
    others = cases.exclude(category__code__in=bureau.BRANCH_CATEGORIES)
    assert not others.filter(department__code__in=branch_of.values()).exists()

    noise = cases.filter(category__code="noise", district__name="东城区").first()
    air = cases.filter(category__code="air", district__name="东城区").first()
    assert noise is not None and air is not None
    assert (noise.department.code, noise.department.name) == ("dongcheng", "东城分局")
    assert air.department.code == "enforcement"

    users = get_user_model().objects
    handler, head = users.get(username="handler-dongcheng"), users.get(username="head-dongcheng")
    assert selectors.can_see(handler, noise) and selectors.can_see(head, noise)
    assert not selectors.can_see(handler, air) and not selectors.can_see(head, air)
    assert set(selectors.cases_visible_to(handler).values_list("department__code", flat=True)) == {
        "dongcheng"
    }
    for office_wide in ("admin", "foi-office", "reviewer"):
        assert selectors.can_see(users.get(username=office_wide), noise), office_wide
    for other in ("handler-enforcement", "handler-xihu", "head-monitoring"):
        assert not selectors.can_see(users.get(username=other), noise), other
    assert selectors.can_see(users.get(username="handler-enforcement"), air)
    # the branch's officer worked the case it answered
    answered = local.filter(district__name="东城区", state__in=selectors.ANSWERED_STATES)
    assert answered.exists()
    assert set(answered.values_list("handler__username", flat=True)) == {"handler-dongcheng"}


def test_overdue_extended_merged_and_refused_cases(loaded: dict[str, int], cases: Any) -> None:
    open_cases = list(cases.filter(state__in=selectors.OPEN_STATES))
    clocks = selectors.case_clocks(open_cases, today=TODAY)
    assert any(c.overdue for c in clocks.values())
    assert any(c.due_soon for c in clocks.values())
    assert any(c.stage == "intake" for c in clocks.values())

    # extended with the reason told (public timeline) and the cap of the rule kept
    extended = ComplaintEvent.objects.filter(kind=services.Step.EXTENDED)
    assert extended.count() >= 3
    for event in extended:
        assert event.public and event.note in complaints.EXTENSION_REASONS
        assert 1 <= event.data["days"] <= event.complaint.max_extension
    answered = list(cases.filter(state__in=selectors.ANSWERED_STATES))
    finished = selectors.case_clocks(answered, today=TODAY)
    assert any(c.extended and c.on_time for c in finished.values())
    late = [c for c in finished.values() if c.on_time is False]
    assert late and len(late) < 0.1 * len(answered)

    duplicates = cases.filter(state=Complaint.State.DUPLICATE)
    assert duplicates.exists()
    for case in duplicates.select_related("master"):
        assert case.master.state not in ("duplicate", "refused", "spam")
        assert case.master.received_on <= case.received_on

    refused = cases.filter(state=Complaint.State.REFUSED)
    assert refused.exists() and not refused.filter(referred_to="").exists()
    sent_to = set(refused.values_list("referred_to", flat=True))
    assert {"市城市管理局", "市住房和城乡建设局"} <= sent_to
    assert any("公安" in place for place in sent_to)
    fumes = refused.filter(title__contains="油烟")
    assert fumes.exists() and set(fumes.values_list("referred_to", flat=True)) == {"市城市管理局"}
    assert cases.filter(state=Complaint.State.SPAM).exists()


def test_two_public_messages_raise_the_website_inspection_alarms(
    loaded: dict[str, int], cases: Any
) -> None:
    alarms = selectors.unanswered_public_messages(TODAY)
    assert sorted(a.level for a in alarms) == ["alarm", "veto"]
    assert {a.complaint.channel for a in alarms} == {"mailbox", "online"}


def test_replies_rated_and_published_for_those_who_agreed(
    loaded: dict[str, int], cases: Any
) -> None:
    assert set(cases.exclude(satisfaction="").values_list("satisfaction", flat=True)) == set(
        Complaint.Satisfaction.values
    )
    published = cases.filter(published=True)
    assert published.count() >= 20
    assert not published.filter(agrees_to_publication=False).exists()
    assert not published.exclude(state__in=selectors.ANSWERED_STATES).exists()
    assert selectors.public_replies().count() == published.count()


def test_nothing_personal_is_published(loaded: dict[str, int], cases: Any) -> None:
    published = list(cases.filter(published=True))
    for case in published:
        for text in (case.public_summary, case.public_reply):
            assert text
            for value in (case.name, case.phone, case.email):
                assert not value or value not in text, (case.case_no, value)
            assert watch.personal_data_problems(text, case) == []
    for typical in TypicalCase.objects.all():
        for text in (typical.title, typical.summary, typical.handling, typical.outcome):
            assert watch.personal_data_problems(text, typical.complaint) == []
    for topic in HotTopic.objects.all():
        assert watch.personal_data_problems(f"{topic.concern}{topic.response}", None) == []


def test_the_inspection_batch_is_handled_and_its_results_published(
    loaded: dict[str, int], cases: Any
) -> None:
    batch = InspectionBatch.objects.get(team=complaints.BATCH_TEAM)
    assert loaded["batch_cases"] == batch.cases.count() == complaints.BATCH_SIZE
    assert not batch.cases.filter(findings="").exists()
    assert not batch.cases.filter(substantiated="").exists()
    assert set(batch.cases.values_list("state", flat=True)) == {"replied"}
    assert not batch.cases.filter(replied_on__gt=batch.due_on).exists()
    assert batch.results_published_on is not None
    assert batch.results_item is not None and batch.results_item.live
    assert batch.cases.exclude(accountability="").exists()


def test_typical_cases_and_hot_topics(loaded: dict[str, int], cases: Any) -> None:
    typical = TypicalCase.objects.all()
    assert typical.count() == loaded["typical_cases"] >= 5
    assert not typical.filter(live=False).exists()
    assert all(t.complaint and t.complaint.state == "closed" for t in typical)
    states = list(HotTopic.objects.values_list("state", flat=True))
    assert sorted(states) == ["published", "published", "published", "watching"]
    assert not HotTopic.objects.filter(state="published", response="").exists()


def test_loading_again_changes_nothing(loaded: dict[str, int], cases: Any) -> None:
    before = (cases.count(), ComplaintEvent.objects.count(), ClockEventRow.objects.count())
    again = complaints.load(today=TODAY, size=SIZE, password="x-demo-password-1")
    assert set(again.values()) == {0}
    after = (cases.count(), ComplaintEvent.objects.count(), ClockEventRow.objects.count())
    assert after == before
    # a day later the plan's dates have moved, but the cases are the same ones
    later = complaints.load(today=TODAY.replace(day=TODAY.day + 1), size=SIZE)
    assert later["cases"] == 0 and cases.count() == before[0]


# -------------------------------------------------- bulk history = the services' history

COMPARED = ("closed", "replied", "refused", "spam")


def _timeline(case: Complaint) -> list[tuple[Any, ...]]:
    return [
        (e.kind, e.on, e.public, e.note, {k: v for k, v in e.data.items() if k != "inspection"})
        for e in case.events.order_by("on", "pk")
    ]


def _clock_log(case: Complaint) -> list[tuple[Any, ...]]:
    rows = ClockEventRow.objects.filter(object_id=str(case.pk), clock__startswith="complaint_")
    return list(
        rows.order_by("clock", "on", "pk").values_list("clock", "kind", "on", "days", "note")
    )


def test_history_written_in_bulk_reads_as_if_written_by_the_services(
    loaded: dict[str, int], cases: Any
) -> None:
    """A sample of old cases — answered on time, extended, late, consultations, sent
    elsewhere, spam — written once in bulk and once through the services: the same
    state, timeline, clock log and clocks as the selectors see them."""
    plans = complaints.plan(TODAY, SIZE)
    by_index = {p.index: p for p in plans}
    old = [p for p in plans if complaints.in_bulk(p, TODAY, by_index) and p.end in COMPARED]
    sample = [p for p in old if p.extend_days][:3]
    sample += [p for p in old if p.replied and (p.replied - p.decided).days > 60][:3]
    sample += [p for p in old if p.mailbox_kind == "consultation"][:2]
    sample += [p for p in old if p.end == "refused"][:2] + [p for p in old if p.end == "spam"][:1]
    sample += [p for p in old if p.publish][:3] + old[:6]
    sample = list({p.index: p for p in sample}.values())
    assert len({p.end for p in sample}) == len(COMPARED)
    loader = complaints.Loader(TODAY, "x-demo-password-1")
    shift = 1_000_000  # other demo indices, so other tokens
    bulk = [replace(p, index=p.index + shift) for p in sample]
    through = [replace(p, index=p.index + 2 * shift) for p in sample]
    with transaction.atomic():
        loader.bulk(bulk)
    with complaints._as_demo():
        loader.through_services(through)
    written = [loader.by_index[p.index] for p in bulk]
    played = [loader.by_index[p.index] for p in through]
    clocks_a = selectors.case_clocks([Complaint.objects.get(pk=c.pk) for c in written], TODAY)
    clocks_b = selectors.case_clocks([Complaint.objects.get(pk=c.pk) for c in played], TODAY)
    fields = ("state", "accepted_on", "refused_on", "replied_on", "referred_to", "findings")
    fields += ("substantiated", "reply", "satisfaction", "public_summary", "public_reply")
    fields += ("published", "department_id", "handler_id", "intake_limit", "handling_limit")
    for a, b, p in zip(written, played, sample, strict=True):
        a.refresh_from_db()
        b.refresh_from_db()
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields], p.index
        assert _timeline(a) == _timeline(b), p.index
        assert _clock_log(a) == _clock_log(b), p.index
        ca, cb = clocks_a[a.pk], clocks_b[b.pk]
        assert (ca.stage, ca.intake_due, ca.handling_due, ca.extension_days) == (
            cb.stage,
            cb.intake_due,
            cb.handling_due,
            cb.extension_days,
        ), p.index
        assert (ca.on_time, ca.overdue) == (cb.on_time, cb.overdue), p.index
        assert ca.intake.status is Status.STOPPED


@pytest.mark.django_db
def test_load_demo_can_skip_the_complaints(capsys: Any) -> None:
    from django.core.management import call_command

    before = Complaint.objects.count()  # the module's demo may be loaded already
    call_command(
        "load_demo",
        "--no-air",
        "--no-disclosure",
        "--no-foi",
        "--no-complaints",
        "--no-sources",
        "--no-eia",
        "--no-approvals",
    )
    assert "Complaints loaded" not in capsys.readouterr().out
    assert Complaint.objects.count() == before
