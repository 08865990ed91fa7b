"""The dashboard's disclosure-application work (core.attention): the user's own open
cases, the replies waiting for a head's approval, new applications to assign, and the
deadlines of every case the user sees.

Every source sits behind :func:`~lantian.foi.admin.permissions.can_view` — the check of
the case list and the case page its items open — and starts from
:func:`~lantian.foi.admin.permissions.visible_cases`, the scope of those views, so a
listed case always opens.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lantian.core import attention
from lantian.core.roles import Role, roles_of
from lantian.foi import selectors, services
from lantian.foi.admin.permissions import can_view, visible_cases
from lantian.foi.admin.views import Queue, clock_word, excerpt, queue_counts, url
from lantian.foi.models import Application
from lantian.foi.services import Step

MY_CASES_SHOWN = 8


def _queue_url(queue: str) -> str:
    return f"{url('index')}?queue={queue}"


def _open(user: Any) -> QuerySet[Application]:
    return (
        visible_cases(user)
        .filter(state__in=selectors.OPEN_STATES)
        .select_related("department", "handler")
    )


def _urgency(pair: tuple[Application, selectors.CaseClock]) -> tuple[int, int, str]:
    application, clock = pair
    left = clock.working_days_left
    return (
        0 if clock.overdue else 1,
        left if left is not None else 10_000,
        application.tracking_code,
    )


def _clock_detail(application: Application, clock: selectors.CaseClock) -> str:
    parts = [application.get_state_display(), clock_word(clock, application.state)]
    if clock.statutory_due is not None:
        parts.append(_("due %(date)s") % {"date": f"{clock.statutory_due:%Y-%m-%d}"})
    left = clock.working_days_left
    if left is not None and left < 0:
        parts.append(
            ngettext("%(days)d working day late", "%(days)d working days late", -left)
            % {"days": -left}
        )
    elif left is not None:
        parts.append(
            ngettext("%(days)d working day left", "%(days)d working days left", left)
            % {"days": left}
        )
    if application.state == Application.State.DRAFTED:
        last = (
            application.events.filter(kind__in=(Step.REPLY_DRAFTED, Step.REPLY_RETURNED))
            .order_by("-at", "-pk")
            .first()
        )
        if last is not None and last.kind == Step.REPLY_RETURNED:
            parts.append(_("reply returned: %(note)s") % {"note": last.note})
    return " · ".join(part for part in parts if part)


def _case_item(application: Application, clock: selectors.CaseClock) -> Any:
    return attention.AttentionItem(
        label=f"{application.tracking_code} {excerpt(application)}",
        url=url("case", application.pk),
        urgent=clock.overdue,
        detail=_clock_detail(application, clock),
    )


@attention.register(
    allowed=can_view, heading=gettext_lazy("Your disclosure applications"), order=30
)
def my_cases(user: Any) -> list[attention.AttentionItem]:
    """The open applications the user handles, the most urgent first."""
    mine = list(_open(user).filter(handler=user))
    clocks = selectors.case_clocks(mine)
    ordered = sorted(((a, clocks[a.pk]) for a in mine), key=_urgency)
    items = [_case_item(a, c) for a, c in ordered[:MY_CASES_SHOWN]]
    if len(ordered) > MY_CASES_SHOWN:
        items.append(
            attention.AttentionItem(
                label=_("All your open applications"),
                url=_queue_url(Queue.MINE),
                count=len(ordered),
            )
        )
    return items


def approves_replies(user: Any) -> bool:
    """Whose work the approval of a drafted reply is: department heads for their
    department, administrators and the disclosure office for all (four eyes: never the
    drafter, which the service checks)."""
    roles = roles_of(user)
    return (
        Role.DEPARTMENT_HEAD in roles
        or Role.ADMINISTRATOR in roles
        or bool(getattr(user, "is_superuser", False))
    )


@attention.register(allowed=can_view, heading=gettext_lazy("Replies to approve"), order=40)
def replies_to_approve(user: Any) -> list[attention.AttentionItem]:
    if not approves_replies(user):
        return []
    waiting = [
        a
        for a in _open(user).filter(state=Application.State.IN_REVIEW).order_by("received_on")
        if getattr(services.drafter_of(a), "pk", None) != user.pk
    ]
    clocks = selectors.case_clocks(waiting)
    return [_case_item(a, clocks[a.pk]) for a in waiting]


@attention.register(
    allowed=can_view, heading=gettext_lazy("Disclosure applications: deadlines"), order=50
)
def deadlines(user: Any) -> list[attention.AttentionItem]:
    """The queues' own counts over every case the user sees (the tabs the links open):
    overdue, due soon, and for the office the new applications still to be assigned."""
    counts = queue_counts(user)
    overdue, soon, new = counts[Queue.OVERDUE], counts[Queue.DUE_SOON], counts[Queue.NEW]
    if not selectors.is_office_wide(user):
        new = 0  # the office confirms and assigns
    labels = (
        (
            Queue.OVERDUE,
            overdue,
            ngettext(
                "%(count)d disclosure application is overdue.",
                "%(count)d disclosure applications are overdue.",
                overdue,
            ),
        ),
        (
            Queue.DUE_SOON,
            soon,
            ngettext(
                "%(count)d disclosure application is due within %(days)d working days.",
                "%(count)d disclosure applications are due within %(days)d working days.",
                soon,
            ),
        ),
        (
            Queue.NEW,
            new,
            ngettext(
                "%(count)d new disclosure application to confirm and assign.",
                "%(count)d new disclosure applications to confirm and assign.",
                new,
            ),
        ),
    )
    return [
        attention.AttentionItem(
            label=label % {"count": count, "days": selectors.due_soon_days()},
            url=_queue_url(queue),
            count=count,
            urgent=queue == Queue.OVERDUE,
        )
        for queue, count, label in labels
        if count
    ]
