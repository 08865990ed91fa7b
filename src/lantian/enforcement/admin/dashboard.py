"""The dashboard's enforcement work (core.attention): enterprises' disclosure reports
that are missing past their due date or came in late, and penalty decisions not yet
published (those past the 7-working-day limit first) or published late this year.

Every source sits behind :func:`~lantian.enforcement.admin.access.can_view` — the check
of the late-reports screen, the penalty list and a decision's page its items open — and
reads the same selectors as those screens, so a count on the dashboard is the count the
screen shows."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lantian.core import attention
from lantian.enforcement import selectors
from lantian.enforcement.admin import access
from lantian.enforcement.admin.views import url

OLDEST_SHOWN = 5


@attention.register(
    allowed=access.can_view,
    heading=gettext_lazy("Disclosure reports late or missing"),
    order=70,
)
def late_reports(user: Any) -> list[attention.AttentionItem]:
    """The late list's missing reports (urgent) and reports submitted late."""
    found = selectors.late_and_missing_reports(timezone.localdate())
    missing = sum(1 for s in found if s.check.missing)
    late = len(found) - missing
    counts = (
        (
            missing,
            True,
            ngettext(
                "%(count)d disclosure report is missing past its due date.",
                "%(count)d disclosure reports are missing past their due date.",
                missing,
            ),
        ),
        (
            late,
            False,
            ngettext(
                "%(count)d disclosure report was submitted late.",
                "%(count)d disclosure reports were submitted late.",
                late,
            ),
        ),
    )
    return [
        attention.AttentionItem(
            label=label % {"count": count}, url=url("late_reports"), count=count, urgent=urgent
        )
        for count, urgent, label in counts
        if count
    ]


@attention.register(
    allowed=access.can_view,
    heading=gettext_lazy("Penalties not yet published or published late"),
    order=75,
)
def unpublished_penalties(user: Any) -> list[attention.AttentionItem]:
    """Unpublished decisions, the oldest first (urgent once past the limit), and the
    decisions of this year published late."""
    today = timezone.localdate()
    waiting = [
        (penalty, selectors.publication_check(penalty, today))
        for penalty in selectors.penalties()
        .filter(published_on__isnull=True)
        .order_by("decided_on", "pk")
    ]
    items = []
    for penalty, check in waiting[:OLDEST_SHOWN]:
        detail = _("decided %(decided)s · to be published by %(due)s") % {
            "decided": f"{penalty.decided_on:%Y-%m-%d}",
            "due": f"{check.due:%Y-%m-%d}",
        }
        items.append(
            attention.AttentionItem(
                label=penalty.document_number,
                url=url("penalty", penalty.pk),
                urgent=check.late,
                detail=detail,
            )
        )
    overdue = sum(1 for _penalty, check in waiting if check.late)
    if overdue:
        items.append(
            attention.AttentionItem(
                label=ngettext(
                    "%(count)d decision is unpublished past the 7-working-day limit.",
                    "%(count)d decisions are unpublished past the 7-working-day limit.",
                    overdue,
                )
                % {"count": overdue},
                url=url("penalties") + "?late=1",
                count=overdue,
                urgent=True,
            )
        )
    published_late = sum(
        1
        for penalty, _check in selectors.late_penalties(today)
        if penalty.published_on is not None and penalty.decided_on.year == today.year
    )
    if published_late:
        items.append(
            attention.AttentionItem(
                label=ngettext(
                    "%(count)d decision of %(year)d was published late.",
                    "%(count)d decisions of %(year)d were published late.",
                    published_late,
                )
                % {"count": published_late, "year": today.year},
                url=url("penalties") + f"?late=1&year={today.year}",
                count=published_late,
            )
        )
    return items
