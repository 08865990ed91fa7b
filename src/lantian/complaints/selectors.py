"""Reads of complaints for views, other apps, jobs and reports: routing, who sees which
cases, the two statutory clocks as staff see them, the website-inspection alarms for
unanswered public messages, statistics and the published replies.

Clocks: every case has an intake clock (受理 / 不予受理, from receipt) and, once
accepted, a handling clock (办结, from acceptance). A reopened case gets a fresh
handling period on a clock of its own (:func:`handling_clock_spec`): the core clock
cannot run again once stopped, and the first period's result (on time or late) must
stay as it was.
"""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone

from lantian.complaints.clock import HANDLING, INTAKE, handling_spec, intake_spec
from lantian.complaints.models import Category, Complaint, ComplaintEvent, RoutingRule
from lantian.complaints.rules import ALARM_MONTHS, VETO_MONTHS
from lantian.core.clock import ClockState, Status
from lantian.core.deadlines import ClockSpec, to_event
from lantian.core.models import ClockEvent as ClockEventRow
from lantian.core.models import Department
from lantian.core.privacy import mask_house_numbers, mask_text
from lantian.core.roles import Role, roles_of

State = Complaint.State

OPEN_STATES = (State.RECEIVED, State.ACCEPTED)
ANSWERED_STATES = (State.REPLIED, State.CLOSED)
# Timeline kinds the statistics read (set by lantian.complaints.services).
REPLIED_EVENT = "replied"


def due_soon_days() -> int:
    return int(getattr(settings, "COMPLAINTS_DUE_SOON_DAYS", 5))


def office_department_code() -> str:
    return str(
        getattr(
            settings,
            "COMPLAINTS_OFFICE_DEPARTMENT",
            getattr(settings, "FOI_OFFICE_DEPARTMENT", "office"),
        )
    )


# --- routing ---------------------------------------------------------------------------


def route(category: Category | None, district: Any | None) -> Department | None:
    """The department a case of ``category`` in ``district`` goes to: the most specific
    rule wins — category and district, then the district's rule, then the category's,
    then the rule for any case."""
    candidates = RoutingRule.objects.filter(
        Q(category=category) | Q(category__isnull=True),
        Q(district=district) | Q(district__isnull=True),
    ).select_related("department")
    if category is None:
        candidates = candidates.filter(category__isnull=True)
    if district is None:
        candidates = candidates.filter(district__isnull=True)

    def rank(rule: RoutingRule) -> int:
        return (2 if rule.district_id else 0) + (1 if rule.category_id else 0)

    best = max(candidates, key=rank, default=None)
    return best.department if best is not None else None


# --- visibility ------------------------------------------------------------------------


def is_office_wide(user: Any) -> bool:
    """Administrators and the office (办公室) see every case."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or Role.ADMINISTRATOR in roles_of(user):
        return True
    profile = getattr(user, "staff_profile", None)
    department = profile.department if profile is not None else None
    return department is not None and department.code == office_department_code()


def department_of(user: Any) -> Department | None:
    profile = getattr(user, "staff_profile", None) if user is not None else None
    return profile.department if profile is not None else None


def cases_visible_to(user: Any) -> QuerySet[Complaint]:
    """Office-wide roles see all cases; a case handler or department head the cases of
    their department; everyone else (the public, other staff) none."""
    cases = Complaint.objects.all()
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff", False):
        return cases.none()
    if is_office_wide(user):
        return cases
    roles = roles_of(user)
    department = department_of(user)
    if department is None or not ({Role.CASE_HANDLER, Role.DEPARTMENT_HEAD} & set(roles)):
        return cases.none()
    return cases.filter(department=department)


def can_see(user: Any, complaint: Complaint) -> bool:
    return cases_visible_to(user).filter(pk=complaint.pk).exists()


# --- clocks ----------------------------------------------------------------------------


def handling_clock_spec(complaint: Complaint) -> ClockSpec:
    """The handling clock of the case's current period: the first period is
    :data:`~lantian.complaints.clock.HANDLING`, the period after the n-th reopening
    ``HANDLING#n`` (with the full limit and a fresh extension allowance)."""
    spec = handling_spec(complaint)
    if complaint.reopened:
        return replace(spec, name=f"{HANDLING}#{complaint.reopened}")
    return spec


@dataclass(frozen=True)
class ComplaintClock:
    """The two clocks of one case on ``today``.

    ``stage`` is ``intake`` until the intake decision, ``handling`` while accepted,
    ``done`` once replied, refused, merged or rejected. ``overdue`` is true when the
    running clock is past its due date or a stopped one finished late; ``due_soon``
    when the running clock is due within :func:`due_soon_days` days. ``on_time`` is the
    finished clock's verdict (intake for a refusal, handling for a reply), else None.
    """

    stage: str
    intake: ClockState
    handling: ClockState
    intake_due: date | None
    handling_due: date | None
    extended: bool
    extension_days: int
    overdue: bool
    due_soon: bool
    on_time: bool | None
    provisional: bool
    days_left: int | None  # calendar days from today to the running clock's due date
    today: date

    @property
    def due(self) -> date | None:
        """The due date of the clock that matters now."""
        return self.handling_due if self.stage == "handling" else self.intake_due


def _complaint_clock(
    complaint: Complaint, intake: ClockState, handling: ClockState, base_limit: int, today: date
) -> ComplaintClock:
    if handling.status is not Status.NOT_STARTED:
        current, stage = handling, "handling"
    else:
        current, stage = intake, "intake"
    if handling.status is Status.STOPPED or (
        intake.status is Status.STOPPED and handling.status is Status.NOT_STARTED
    ):
        stage = "done"
    days_left: int | None = None
    due_soon = overdue = False
    if current.status is Status.RUNNING and current.due is not None:
        days_left = (current.due - today).days
        overdue = today > current.due
        due_soon = not overdue and days_left <= due_soon_days()
    elif current.status is Status.STOPPED:
        overdue = current.on_time is False
    # a merged or rejected case's clocks stopped for a reason other than an answer
    if complaint.state in (State.DUPLICATE, State.SPAM):
        overdue = due_soon = False
    on_time: bool | None = None
    if complaint.state in ANSWERED_STATES:
        on_time = handling.on_time
    elif complaint.state == State.REFUSED:
        on_time = intake.on_time
    extension_days = max(handling.limit - base_limit, 0)
    return ComplaintClock(
        stage=stage,
        intake=intake,
        handling=handling,
        intake_due=intake.due,
        handling_due=handling.due,
        extended=extension_days > 0,
        extension_days=extension_days,
        overdue=overdue,
        due_soon=due_soon,
        on_time=on_time,
        provisional=intake.provisional or handling.provisional,
        days_left=days_left,
        today=today,
    )


def case_clocks(
    complaints: Iterable[Complaint], today: date | None = None
) -> dict[int, ComplaintClock]:
    """The clocks of many cases with one query for all their event logs."""
    today = today or timezone.localdate()
    cases = list(complaints)
    rows: dict[tuple[str, str], list[ClockEventRow]] = defaultdict(list)
    if cases:
        content_type = ContentType.objects.get_for_model(Complaint)
        names = {INTAKE} | {handling_clock_spec(c).name for c in cases}
        ids = [str(c.pk) for c in cases]
        for start in range(0, len(ids), 900):  # stay under SQLite's variable limit
            for row in ClockEventRow.objects.filter(
                content_type=content_type, clock__in=names, object_id__in=ids[start : start + 900]
            ).order_by("on", "id"):
                rows[(row.object_id, row.clock)].append(row)
    result = {}
    for c in cases:
        key = str(c.pk)
        intake_spec_, handling_spec_ = intake_spec(c), handling_clock_spec(c)
        intake = intake_spec_.clock().replay(to_event(r) for r in rows[(key, INTAKE)])
        handling = handling_spec_.clock().replay(
            to_event(r) for r in rows[(key, handling_spec_.name)]
        )
        result[c.pk] = _complaint_clock(c, intake, handling, handling_spec_.limit, today)
    return result


def case_clock(complaint: Complaint, today: date | None = None) -> ComplaintClock:
    return case_clocks([complaint], today)[complaint.pk]


def open_cases() -> QuerySet[Complaint]:
    return Complaint.objects.filter(state__in=OPEN_STATES)


def due_soon_and_overdue(
    user: Any = None, today: date | None = None
) -> dict[Department | None, list[tuple[Complaint, ComplaintClock]]]:
    """Open cases due soon or overdue, queued per handling department (most urgent
    first); only the cases ``user`` sees, or all when ``user`` is None (jobs)."""
    today = today or timezone.localdate()
    qs = cases_visible_to(user) if user is not None else Complaint.objects.all()
    qs = qs.filter(state__in=OPEN_STATES).select_related("department", "handler", "category")
    cases = list(qs)
    clocks = case_clocks(cases, today)
    queues: dict[Department | None, list[tuple[Complaint, ComplaintClock]]] = defaultdict(list)
    for complaint in cases:
        clock = clocks[complaint.pk]
        if clock.due_soon or clock.overdue:
            queues[complaint.department].append((complaint, clock))
    for queue in queues.values():
        queue.sort(key=lambda pair: (pair[1].days_left or 0, pair[0].case_no))
    return dict(queues)


# --- unanswered public messages (website inspection) --------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st of a shorter month is its last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class UnansweredMessage:
    complaint: Complaint
    level: str  # "alarm" (≥ ALARM_MONTHS) or "veto" (≥ VETO_MONTHS)
    alarm_on: date  # the day the alarm starts
    veto_on: date  # the day the single-item veto starts


def unanswered_public_messages(today: date | None = None) -> list[UnansweredMessage]:
    """Public messages (mailbox, online) not answered ``ALARM_MONTHS`` calendar months
    after receipt: level ``alarm``; ``VETO_MONTHS`` months: ``veto`` (互动回应差). A reply
    answers; a refusal that names where the case went answers too; merged and invalid
    messages are not counted. Oldest first."""
    today = today or timezone.localdate()
    # no two calendar months are shorter than 59 days: a safe bound for the database
    candidates = (
        Complaint.objects.filter(
            public_message=True,
            replied_on__isnull=True,
            state__in=OPEN_STATES,
            received_on__lte=today - timedelta(days=59),
        )
        .select_related("department", "category")
        .order_by("received_on", "pk")
    )
    found = []
    for complaint in candidates:
        alarm_on = add_months(complaint.received_on, ALARM_MONTHS)
        veto_on = add_months(complaint.received_on, VETO_MONTHS)
        if today >= alarm_on:
            level = "veto" if today >= veto_on else "alarm"
            found.append(UnansweredMessage(complaint, level, alarm_on, veto_on))
    return found


# --- statistics ------------------------------------------------------------------------


def _month_bucket(year: int) -> Case:
    """The month of ``received_on`` by date ranges: portable, and native on SQLite (where
    ExtractMonth runs a Python function per row)."""
    return Case(
        *(When(received_on__lt=date(year, m + 1, 1), then=Value(m)) for m in range(1, 12)),
        default=Value(12),
        output_field=IntegerField(),
    )


def _ordered(counts: dict[Any, dict[str, int]]) -> dict[Any, dict[str, int]]:
    # The keys in ascending order, the case without a value (None) first as before.
    return dict(sorted(counts.items(), key=lambda item: (item[0] is not None, item[0] or "")))


def statistics_years(today: date) -> list[int]:
    """The years the statistics can be asked for, newest first: from the first case's to
    the last's, and this year. Two index look-ups (the first and last date received), not
    a pass over every case."""
    span = Complaint.objects.aggregate(first=Min("received_on"), last=Max("received_on"))
    first = span["first"].year if span["first"] else today.year
    last = max(span["last"].year if span["last"] else today.year, today.year)
    return list(range(last, min(first, today.year) - 1, -1))


def statistics(year: int, month: int | None = None) -> dict[str, Any]:
    """Counts of the cases received in ``year`` (and ``month``). Invalid messages (spam)
    are counted apart, not as received. ``closed`` are the cases answered (replied or
    closed); ``closed_on_time`` those with no late reply. The mailbox answer rate is
    answered / received for the director's mailbox.

    Two passes over the period's rows: one GROUP BY over (channel, category, district,
    state, month), whose groups (at most one per combination, far fewer than the cases of
    a busy year) are summed here into the totals and the breakdowns, and one count of the
    answered cases with a late reply event."""
    period = Q(received_on__year=year)
    if month is not None:
        period &= Q(received_on__month=month)
    cases = Complaint.objects.filter(period)
    groups = (
        cases.annotate(m=_month_bucket(year))
        .values("channel", "category_id", "district_id", "state", "m")
        .annotate(n=Count("pk"), accepted=Count("accepted_on"))
        .order_by()
    )
    keys = ("received", "accepted", "refused", "duplicates", "closed", "open")
    totals: dict[str, int] = dict.fromkeys(keys, 0)
    totals.update(invalid=0, mailbox_received=0, mailbox_answered=0)
    by_field: dict[str, dict[Any, dict[str, int]]] = {
        "channel": {},
        "category_id": {},
        "district_id": {},
        "m": {},
    }
    for row in groups:
        n, state = row["n"], row["state"]
        if state == State.SPAM:
            totals["invalid"] += n
            continue
        closed = n if state in ANSWERED_STATES else 0
        totals["received"] += n
        totals["accepted"] += row["accepted"]
        totals["closed"] += closed
        if state == State.REFUSED:
            totals["refused"] += n
        elif state == State.DUPLICATE:
            totals["duplicates"] += n
        elif state in OPEN_STATES:
            totals["open"] += n
        if row["channel"] == "mailbox":
            totals["mailbox_received"] += n
            totals["mailbox_answered"] += closed
        for field, counts in by_field.items():
            bucket = counts.setdefault(row[field], {"received": 0, "closed": 0})
            bucket["received"] += n
            bucket["closed"] += closed
    # Answered cases with at least one reply recorded late: a single join over the reply
    # events rather than a correlated subquery per case.
    late = (
        ComplaintEvent.objects.filter(
            kind=REPLIED_EVENT,
            data__on_time=False,
            complaint__in=cases.filter(state__in=ANSWERED_STATES).values("pk"),
        )
        .values("complaint_id")
        .distinct()
        .count()
        if totals["closed"]
        else 0
    )
    totals["closed_on_time"] = totals["closed"] - late

    def relabel(counts: dict[Any, dict[str, int]], labels: dict[Any, Any]) -> dict[Any, Any]:
        # Several rows may share a label (two districts of one name): add them up.
        merged: dict[Any, dict[str, int]] = {}
        for pk, value in counts.items():
            bucket = merged.setdefault(labels.get(pk), {"received": 0, "closed": 0})
            bucket["received"] += value["received"]
            bucket["closed"] += value["closed"]
        return _ordered(merged)

    category_ids = [pk for pk in by_field["category_id"] if pk is not None]
    district_ids = [pk for pk in by_field["district_id"] if pk is not None]
    district_model = Complaint._meta.get_field("district").related_model
    categories = dict(Category.objects.filter(pk__in=category_ids).values_list("pk", "code"))
    districts = dict(
        district_model._default_manager.filter(pk__in=district_ids).values_list("pk", "name")
    )
    mailbox_received = totals["mailbox_received"]
    return {
        "year": year,
        "month": month,
        "received": totals["received"],
        "accepted": totals["accepted"],
        "refused": totals["refused"],
        "duplicates": totals["duplicates"],
        "closed": totals["closed"],
        "closed_on_time": totals["closed_on_time"],
        "open": totals["open"],
        "mailbox_received": mailbox_received,
        "mailbox_answered": totals["mailbox_answered"],
        "invalid": totals["invalid"],
        "on_time_rate": (totals["closed_on_time"] / totals["closed"]) if totals["closed"] else None,
        "mailbox_answer_rate": (
            totals["mailbox_answered"] / mailbox_received if mailbox_received else None
        ),
        "by_channel": _ordered(by_field["channel"]),
        "by_category": relabel(by_field["category_id"], categories),
        "by_district": relabel(by_field["district_id"], districts),
        "by_month": dict(sorted(by_field["m"].items())),
    }


# --- the public side ---------------------------------------------------------------------


def public_replies() -> QuerySet[Complaint]:
    """Published question-and-reply pairs, newest first (masked texts only: callers show
    ``public_summary`` and ``public_reply``, never the complaint's own fields)."""
    return (
        Complaint.objects.filter(published=True, state__in=ANSWERED_STATES)
        .select_related("category", "district", "department")
        .order_by("-replied_on", "-pk")
    )


def public_text(complaint: Complaint, text: str) -> str:
    """A published text, masked once more: the service masked it on publication, and a
    second pass costs little against a phone number left in by hand."""
    masked = mask_text(text or "", names=[complaint.name] if complaint.name else [])
    return mask_house_numbers(masked)


@dataclass(frozen=True)
class EnterpriseYear:
    """The cases about one enterprise received in a year (invalid messages apart)."""

    year: int
    received: int
    closed: int  # replied or closed
    substantiated: int  # found substantiated, fully or partly


@dataclass(frozen=True)
class EnterpriseReply:
    """A published question and reply about the enterprise: masked texts only."""

    pk: int
    received_on: date
    replied_on: date | None
    summary: str
    reply: str


@dataclass(frozen=True)
class EnterpriseComplaints:
    years: list[EnterpriseYear]
    replies: list[EnterpriseReply]  # the newest ``ENTERPRISE_REPLIES``
    published: int  # all published replies about the enterprise
    updated: datetime | None  # the newest change to any of its cases


ENTERPRISE_REPLIES = 20


def enterprise_complaints(enterprise: Any) -> EnterpriseComplaints:
    """The complaints staff linked to ``enterprise`` (of the sources app), as its public
    page shows them: counts per year of receipt, and the published replies — nothing else
    of a case (never the complainant, never an unpublished text)."""
    cases = Complaint.objects.filter(linked_enterprise=enterprise).exclude(state=State.SPAM)
    rows = (
        cases.values("received_on__year")
        .annotate(
            received=Count("pk"),
            closed=Count("pk", filter=Q(state__in=ANSWERED_STATES)),
            substantiated=Count(
                "pk",
                filter=Q(
                    substantiated__in=(
                        Complaint.Substantiated.YES,
                        Complaint.Substantiated.PARTLY,
                    )
                ),
            ),
        )
        .order_by("-received_on__year")
    )
    published = public_replies().filter(linked_enterprise=enterprise)
    newest = list(published[:ENTERPRISE_REPLIES])
    return EnterpriseComplaints(
        years=[
            EnterpriseYear(
                year=row["received_on__year"],
                received=row["received"],
                closed=row["closed"],
                substantiated=row["substantiated"],
            )
            for row in rows
        ],
        replies=[
            EnterpriseReply(
                pk=c.pk,
                received_on=c.received_on,
                replied_on=c.replied_on,
                summary=public_text(c, c.public_summary),
                reply=public_text(c, c.public_reply),
            )
            for c in newest
        ],
        published=published.count() if len(newest) == ENTERPRISE_REPLIES else len(newest),
        updated=cases.aggregate(latest=Max("updated_at"))["latest"],
    )


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def check_verification(complaint: Complaint, code: str) -> bool:
    """Whether ``code`` is the case's verification code."""
    if not code or not complaint.verification_hash:
        return False
    return check_password(normalise_code(code), complaint.verification_hash)


def find_by_case_no(case_no: str, verification: str) -> Complaint | None:
    """The case with this number, if the verification code matches; else None (the same
    answer for an unknown number and a wrong code)."""
    complaint = Complaint.objects.filter(case_no=normalise_code(case_no)).first()
    if complaint is None:
        make_password(verification or "-")  # about the time a wrong code takes
        return None
    return complaint if check_verification(complaint, verification) else None


def complaint_channel_url() -> str:
    """Where to file a complaint: the public complaint form (for the FOI reply to an
    application that is in fact a complaint, 条例 Art. 39), else the section's root."""
    from django.urls import NoReverseMatch, reverse

    for name in ("complaints:new", "complaints:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/interaction/"


# --- transparency self-score (reports.transparency_inputs) ---------------------------------


def cases_received(year: int) -> QuerySet[Complaint]:
    """The valid cases received in ``year``: merged duplicates and spam apart, as the
    statistics count them."""
    return (
        Complaint.objects.filter(received_on__year=year)
        .exclude(state__in=(State.DUPLICATE, State.SPAM))
        .select_related("category", "department")
        .order_by("received_on", "pk")
    )
