"""The dashboard's complaints work (core.attention): the user's own open cases, the
due-soon and overdue queues of each department the user sees, and the website-inspection
alarms for public messages left unanswered (2 months: alarm; 3 months: the single-item
veto 互动回应差, every day until answered) for the department's head and administrators.

Every source sits behind :func:`~lantian.complaints.admin.permissions.can_view` — the
check of the case list and the case page its items open — and starts from
:func:`~lantian.complaints.admin.permissions.visible_cases` (through the selectors'
``user`` scope), so a listed case always opens.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lantian.complaints import selectors
from lantian.complaints.admin.permissions import (
    can_view,
    is_administrator,
    is_head,
    visible_cases,
)
from lantian.complaints.admin.views import Queue, clock_word, excerpt, queue_url, url
from lantian.complaints.models import Complaint
from lantian.core import attention

MY_CASES_SHOWN = 8


def clock_detail(complaint: Complaint, clock: selectors.ComplaintClock) -> str:
    parts = [complaint.get_state_display(), clock_word(clock, complaint.state)]
    if clock.due is not None:
        parts.append(_("due %(date)s") % {"date": f"{clock.due:%Y-%m-%d}"})
    left = clock.days_left
    if left is not None and left < 0:
        parts.append(ngettext("%(days)d day late", "%(days)d days late", -left) % {"days": -left})
    elif left is not None:
        parts.append(ngettext("%(days)d day left", "%(days)d days left", left) % {"days": left})
    if clock.provisional:
        parts.append(_("provisional"))
    return " · ".join(part for part in parts if part)


def _urgency(pair: tuple[Complaint, selectors.ComplaintClock]) -> tuple[int, int, str]:
    complaint, clock = pair
    left = clock.days_left
    return (0 if clock.overdue else 1, left if left is not None else 10_000, complaint.case_no)


@attention.register(allowed=can_view, heading=gettext_lazy("Your complaints"), order=35)
def my_cases(user: Any) -> list[attention.AttentionItem]:
    """The open cases the user handles, the most urgent first."""
    mine = list(visible_cases(user).filter(handler=user, state__in=selectors.OPEN_STATES))
    clocks = selectors.case_clocks(mine)
    ordered = sorted(((c, clocks[c.pk]) for c in mine), key=_urgency)
    items = [
        attention.AttentionItem(
            label=f"{c.case_no} {excerpt(c)}",
            url=url("case", c.pk),
            urgent=clock.overdue,
            detail=clock_detail(c, clock),
        )
        for c, clock in ordered[:MY_CASES_SHOWN]
    ]
    if len(ordered) > MY_CASES_SHOWN:
        items.append(
            attention.AttentionItem(
                label=_("All your open complaints"),
                url=url("index") + f"?queue={Queue.MINE}",
                count=len(ordered),
            )
        )
    return items


@attention.register(allowed=can_view, heading=gettext_lazy("Complaints: deadlines"), order=55)
def deadlines(user: Any) -> list[attention.AttentionItem]:
    """Per department the user sees: the overdue and the due-soon queue (the list's own
    tabs, filtered to the department)."""
    queues = selectors.due_soon_and_overdue(user, timezone.localdate())
    items = []
    ordered = sorted(
        queues.items(), key=lambda kv: (kv[0] is None, getattr(kv[0], "sort_order", 0))
    )
    for department, cases in ordered:
        overdue = sum(1 for _c, clock in cases if clock.overdue)
        soon = len(cases) - overdue
        where = str(department) if department is not None else _("Not yet routed")
        if overdue:
            items.append(
                attention.AttentionItem(
                    label=ngettext(
                        "%(where)s: %(count)d complaint is overdue.",
                        "%(where)s: %(count)d complaints are overdue.",
                        overdue,
                    )
                    % {"where": where, "count": overdue},
                    url=queue_url(Queue.OVERDUE, department),
                    count=overdue,
                    urgent=True,
                )
            )
        if soon:
            items.append(
                attention.AttentionItem(
                    label=ngettext(
                        "%(where)s: %(count)d complaint is due within %(days)d days.",
                        "%(where)s: %(count)d complaints are due within %(days)d days.",
                        soon,
                    )
                    % {"where": where, "count": soon, "days": selectors.due_soon_days()},
                    url=queue_url(Queue.DUE_SOON, department),
                    count=soon,
                )
            )
    return items


def alarms_for(user: Any, today: Any = None) -> list[selectors.UnansweredMessage]:
    """The unanswered public messages whose alarm is ``user``'s: all for administrators,
    their department's for a department head, none for others."""
    if is_administrator(user):
        scope = None
    elif is_head(user):
        scope = set(visible_cases(user).values_list("pk", flat=True))
    else:
        return []
    found = selectors.unanswered_public_messages(today or timezone.localdate())
    if scope is None:
        return found
    return [m for m in found if m.complaint.pk in scope]


def alarm_label(message: selectors.UnansweredMessage) -> str:
    complaint = message.complaint
    if message.level == "veto":
        return _(
            "%(no)s unanswered for 3 months since %(date)s: the website "
            "inspection fails (单项否决 互动回应差). Answer it today."
        ) % {"no": complaint.case_no, "date": f"{complaint.received_on:%Y-%m-%d}"}
    return _(
        "%(no)s unanswered for 2 months since %(date)s: the website inspection deducts "
        "points; it fails on %(veto)s."
    ) % {
        "no": complaint.case_no,
        "date": f"{complaint.received_on:%Y-%m-%d}",
        "veto": f"{message.veto_on:%Y-%m-%d}",
    }


@attention.register(allowed=can_view, heading=gettext_lazy("Unanswered public messages"), order=25)
def inspection_alarms(user: Any) -> list[attention.AttentionItem]:
    return [
        attention.AttentionItem(
            label=alarm_label(message),
            url=url("case", message.complaint.pk),
            urgent=message.level == "veto",
            detail=f"{message.complaint.get_channel_display()} · {excerpt(message.complaint)}",
        )
        for message in alarms_for(user)
    ]
