"""Timeliness of proactive disclosure (条例 Art. 26): within the category's time limit,
in working days from the information being formed or changed to its publication.

Working days come from :mod:`lantian.core.calendar` (China's holidays and make-up
working days); the day formed is not counted, so an item formed on a Friday and
published on the next Monday used one working day. An unpublished item is measured to
today. A count that touches a year whose calendar is not confirmed is *provisional*.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantian.core import calendar
from lantian.disclosure.models import DEFAULT_TIME_LIMIT_WORKING_DAYS, DisclosureItem


class Status(enum.StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    LATE = "late"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.ON_TIME: _("On time"),
    Status.DUE_SOON: _("Due soon"),
    Status.LATE: _("Late"),
}


@dataclass(frozen=True)
class Timeliness:
    formed_on: date
    published_on: date | None
    limit: int  # working days
    days_used: int  # working days from formed_on (not counted) to publication or today
    due: date  # the last working day within the limit
    status: Status
    provisional: bool

    @property
    def published(self) -> bool:
        return self.published_on is not None

    @property
    def late(self) -> bool:
        return self.status is Status.LATE

    @property
    def due_soon(self) -> bool:
        return self.status is Status.DUE_SOON

    @property
    def days_left(self) -> int:
        return self.limit - self.days_used


def due_soon_days() -> int:
    return int(getattr(settings, "DISCLOSURE_DUE_SOON_DAYS", 5))


def time_limit(item: DisclosureItem) -> int:
    category = item.category
    return category.time_limit_days if category else DEFAULT_TIME_LIMIT_WORKING_DAYS


def measure(
    *, formed_on: date, published_on: date | None, limit: int, today: date | None = None
) -> Timeliness:
    end = published_on or today or timezone.localdate()
    used = calendar.working_days_between(formed_on, end)
    due = calendar.add_working_days(formed_on, limit)
    days = max(used.value, 0)
    if days > limit:
        status = Status.LATE
    elif published_on is None and limit - days <= due_soon_days():
        status = Status.DUE_SOON
    else:
        status = Status.ON_TIME
    return Timeliness(
        formed_on=formed_on,
        published_on=published_on,
        limit=limit,
        days_used=days,
        due=due.value,
        status=status,
        provisional=used.provisional or due.provisional,
    )


def assess(item: DisclosureItem, *, today: date | None = None) -> Timeliness:
    """The item's timeliness: published items to their publication date, others to today."""
    return measure(
        formed_on=item.formed_on,
        published_on=item.published_on,
        limit=time_limit(item),
        today=today,
    )


def assess_many(
    items: Iterable[DisclosureItem], *, today: date | None = None
) -> list[tuple[DisclosureItem, Timeliness]]:
    today = today or timezone.localdate()
    return [(item, assess(item, today=today)) for item in items]
