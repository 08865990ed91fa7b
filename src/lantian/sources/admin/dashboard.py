"""The dashboard's pollution-source work (core.attention): the exceedance events waiting
for the enforcement brigade's review, the oldest first.

The source sits behind :func:`~lantian.sources.admin.access.can_review` — the check of
the review on the event's screen — and its links open the exceedance list and the
event's screen, whose door (:func:`~lantian.sources.admin.access.can_view`) every
reviewer passes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import attention
from lantian.sources import selectors
from lantian.sources.admin import access
from lantian.sources.admin.views import url
from lantian.sources.models import ExceedanceEvent

OLDEST_SHOWN = 5


def _detail(event: ExceedanceEvent) -> str:
    parts = [_("from %(start)s") % {"start": f"{timezone.localtime(event.start):%Y-%m-%d %H:%M}"}]
    if event.multiple is not None:
        parts.append(_("up to %(multiple)s × the limit") % {"multiple": f"{event.multiple:g}"})
    return " · ".join(parts)


@attention.register(
    allowed=access.can_review, heading=gettext_lazy("Exceedances awaiting review"), order=60
)
def exceedances_awaiting_review(user: Any) -> list[attention.AttentionItem]:
    """The count of events nobody has confirmed or dismissed yet, and the oldest few."""
    waiting = selectors.exceedances(public=False).filter(review=ExceedanceEvent.Review.UNREVIEWED)
    count = waiting.count()
    if not count:
        return []
    oldest = waiting.order_by("start", "pk")[:OLDEST_SHOWN]
    items = [
        attention.AttentionItem(
            label=f"{e.outlet.enterprise.name} {e.outlet.code} "
            f"{selectors.pollutant_label(e.pollutant)}",
            url=url("exceedance", e.pk),
            detail=_detail(e),
        )
        for e in oldest
    ]
    items.append(
        attention.AttentionItem(
            label=_("All exceedances awaiting review"),
            url=url("exceedances") + f"?review={ExceedanceEvent.Review.UNREVIEWED}",
            count=count,
        )
    )
    return items
