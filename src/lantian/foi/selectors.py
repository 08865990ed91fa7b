"""Reads of disclosure applications for views, other apps and jobs: the case clock as
staff see it, who sees which cases, and the cases that are due soon or overdue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from lantian.core import calendar
from lantian.core.clock import ClockState, Status
from lantian.core.deadlines import to_event
from lantian.core.models import ClockEvent as ClockEventRow
from lantian.core.roles import Role, roles_of
from lantian.foi.clock import REPLY_CLOCK
from lantian.foi.models import Application

OPEN_STATES = (
    Application.State.RECEIVED,
    Application.State.ASSIGNED,
    Application.State.SUPPLEMENT,
    Application.State.CONSULTATION,
    Application.State.FEE,
    Application.State.DRAFTED,
    Application.State.IN_REVIEW,
)


def due_soon_days() -> int:
    return int(getattr(settings, "FOI_DUE_SOON_DAYS", 5))


def internal_margin_days() -> int:
    return int(getattr(settings, "FOI_INTERNAL_MARGIN_DAYS", 5))


def office_department_code() -> str:
    return str(getattr(settings, "FOI_OFFICE_DEPARTMENT", "office"))


@dataclass(frozen=True)
class CaseClock:
    """The reply clock of one case on ``today``.

    ``status`` is ``not_started`` (receipt not confirmed), ``running``, ``paused``
    (supplement, consultation, fee) or ``stopped`` (replied or closed).
    ``working_days_left`` counts the working days after ``today`` up to the statutory
    due date (0 on the due day, negative once overdue); while paused it is what is left
    of the period; ``None`` when not started or stopped.
    """

    status: str
    statutory_due: date | None
    internal_due: date | None
    working_days_left: int | None
    due_soon: bool
    overdue: bool
    provisional: bool
    limit: int
    used: int
    started_on: date | None
    stopped_on: date | None
    paused_on: date | None
    on_time: bool | None
    today: date

    @property
    def extended_days(self) -> int:
        return self.limit - REPLY_CLOCK.limit

    @property
    def internal_overdue(self) -> bool:
        return (
            self.status in (Status.RUNNING, Status.PAUSED)
            and self.internal_due is not None
            and self.today > self.internal_due
        )


def working_days_before(day: date, n: int) -> date:
    """The working day ``n`` working days before ``day`` (the inverse of adding them)."""
    cal = calendar.work_calendar()
    current, remaining = day, n
    while remaining > 0:
        current -= timedelta(days=1)
        if cal.is_working_day(current).is_working:
            remaining -= 1
    return current


def _case_clock(application: Application, state: ClockState, today: date) -> CaseClock:
    left: int | None = None
    due_soon = overdue = False
    provisional = state.provisional
    if state.status is Status.RUNNING and state.due is not None:
        count = calendar.working_days_between(today, state.due)
        left, provisional = count.value, provisional or count.provisional
        overdue = today > state.due
        due_soon = not overdue and left <= due_soon_days()
    elif state.status is Status.PAUSED:
        left = state.remaining
        overdue = left < 0
    elif state.status is Status.STOPPED:
        overdue = state.on_time is False
    internal_due = application.internal_due
    if internal_due is None and state.due is not None and state.status is not Status.STOPPED:
        internal_due = working_days_before(state.due, internal_margin_days())
        if application.received_on and internal_due < application.received_on:
            internal_due = application.received_on
    return CaseClock(
        status=str(state.status),
        statutory_due=state.due,
        internal_due=internal_due,
        working_days_left=left,
        due_soon=due_soon,
        overdue=overdue,
        provisional=provisional,
        limit=state.limit,
        used=state.used,
        started_on=state.started_on,
        stopped_on=state.stopped_on,
        paused_on=state.paused_on,
        on_time=state.on_time,
        today=today,
    )


def case_clocks(
    applications: Iterable[Application], today: date | None = None
) -> dict[int, CaseClock]:
    """The clocks of many cases with one query for their event logs."""
    today = today or timezone.localdate()
    cases = list(applications)
    rows: dict[str, list[ClockEventRow]] = defaultdict(list)
    if cases:
        content_type = ContentType.objects.get_for_model(Application)
        for row in ClockEventRow.objects.filter(
            content_type=content_type,
            clock=REPLY_CLOCK.name,
            object_id__in=[str(a.pk) for a in cases],
        ).order_by("on", "id"):
            rows[row.object_id].append(row)
    clock = REPLY_CLOCK.clock()
    return {
        a.pk: _case_clock(a, clock.replay(to_event(r) for r in rows[str(a.pk)]), today)
        for a in cases
    }


def case_clock(application: Application, today: date | None = None) -> CaseClock:
    return case_clocks([application], today)[application.pk]


def is_office_wide(user: Any) -> bool:
    """Administrators and the disclosure office (办公室) see every case."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or Role.ADMINISTRATOR in roles_of(user):
        return True
    profile = getattr(user, "staff_profile", None)
    department = profile.department if profile is not None else None
    return department is not None and department.code == office_department_code()


def cases_visible_to(user: Any) -> QuerySet[Application]:
    """Office-wide roles see all cases; other staff their department's cases and the
    ones they handle; everyone else none."""
    cases = Application.objects.all()
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff", False):
        return cases.none()
    if is_office_wide(user):
        return cases
    profile = getattr(user, "staff_profile", None)
    department_id = profile.department_id if profile is not None else None
    scope = Q(handler=user)
    if department_id is not None:
        scope |= Q(department_id=department_id)
    return cases.filter(scope)


def open_cases() -> QuerySet[Application]:
    return Application.objects.filter(state__in=OPEN_STATES)


def due_soon_and_overdue(
    today: date | None = None, cases: QuerySet[Application] | None = None
) -> list[tuple[Application, CaseClock]]:
    """Open cases whose clock is due soon or overdue, most urgent first."""
    today = today or timezone.localdate()
    qs = (cases if cases is not None else Application.objects.all()).filter(
        state__in=OPEN_STATES, received_on__isnull=False
    )
    qs = qs.select_related("department", "handler")
    clocks = case_clocks(qs, today)
    found = [(a, c) for a in qs if (c := clocks[a.pk]).due_soon or c.overdue]
    return sorted(
        found,
        key=lambda pair: (
            pair[1].working_days_left if pair[1].working_days_left is not None else 0,
            pair[0].tracking_code,
        ),
    )


def cases_url() -> str:
    """The back-office case list, if the back office is installed."""
    from django.urls import NoReverseMatch, reverse

    for name in ATTENTION_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


ATTENTION_URL_NAMES = ("foi_admin:cases", "foi_admin:queue", "foi_cases")


# ---- annual report (table 三 and table 四 of 国办公开办函〔2021〕30号; lantian.reports)


def annual_report_cases(year: int) -> list[dict[str, Any]]:
    """The applications table 三 of ``year`` counts: received in the year, or received
    earlier and not finished before 1 January (carried over). A case is finished on its
    ``replied_on`` — the reply, or the closing date of a withdrawal or abandonment, which
    the case flow sets with the reply type. Unconfirmed receipts are not counted."""
    start = date(year, 1, 1)
    unfinished = Q(replied_on__isnull=True) | Q(replied_on__gte=start)
    received = Q(received_on__year=year) | (Q(received_on__lt=start) & unfinished)
    return list(
        Application.objects.filter(received_on__isnull=False)
        .filter(received)
        .order_by("received_on", "pk")
        .values("tracking_code", "applicant_type", "received_on", "replied_on", "reply_type")
    )


def annual_report_remedies(year: int) -> list[dict[str, Any]]:
    """Reconsiderations and lawsuits filed in ``year`` (table 四), with their outcome."""
    from lantian.foi.models import Remedy

    return list(
        Remedy.objects.filter(filed_on__year=year)
        .order_by("filed_on", "pk")
        .values("kind", "result", "filed_on", "concluded_on")
    )


def reply_types() -> tuple[Any, ...]:
    """The reply types in table 三's row order (:data:`lantian.foi.replies.REPLY_TYPES`)."""
    from lantian.foi.replies import REPLY_TYPES

    return REPLY_TYPES


def annual_report_fees(year: int) -> dict[str, Any]:
    """信息处理费 of ``year`` (国办函〔2020〕109号): fee notices issued in the year, and the
    fees paid in it (count and yuan) — what was actually charged."""
    from decimal import Decimal

    from django.db.models import Sum

    from lantian.foi.models import CaseEvent

    paid = Application.objects.filter(fee_paid_on__year=year, fee_amount__isnull=False)
    return {
        "notices": CaseEvent.objects.filter(kind="fee_notice", on__year=year).count(),
        "charged": paid.count(),
        "amount_yuan": paid.aggregate(total=Sum("fee_amount"))["total"] or Decimal(0),
    }
