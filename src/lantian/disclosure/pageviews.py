"""Page views of disclosure items, counted per item and local day.

Why a database row per item and day, incremented in place: the count is read by the
watch of sensitive items (is the public reading it? since when?), so it must be shared
by every app server and survive a restart. A per-process buffer (the local-memory cache
of the embedded set-up) would be invisible to the job that flushes it, and Redis is not
always there. One ``UPDATE … SET views = views + 1`` on the unique (item, day) index is
a single indexed write (measured by ``tests/disclosure/test_page_views.py``: well under
a millisecond on SQLite); the item page also carries ``Cache-Control: public,
max-age=300``, so a proxy in front absorbs repeat requests and only what reaches the app
is counted. A failure to count never fails the page.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from lantian.disclosure.models import ItemViewDay

logger = logging.getLogger(__name__)


def record_view(item_id: int, *, day: date | None = None) -> None:
    """Count one view of the item's public page on ``day`` (today, local)."""
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            updated = ItemViewDay.objects.filter(item_id=item_id, day=day).update(
                views=F("views") + 1
            )
            if updated:
                return
        try:
            with transaction.atomic():
                ItemViewDay.objects.create(item_id=item_id, day=day, views=1)
        except IntegrityError:  # another request created the day's row first
            with transaction.atomic():
                ItemViewDay.objects.filter(item_id=item_id, day=day).update(views=F("views") + 1)
    except Exception:  # counting is a by-product: the reader still gets the page
        logger.exception("page view of disclosure item %s not counted", item_id)


def views_by_day(item_ids: list[int], start: date, end: date) -> dict[int, dict[date, int]]:
    """``{item_id: {day: views}}`` for the days in [start, end] that had views."""
    found: dict[int, dict[date, int]] = {pk: {} for pk in item_ids}
    rows = ItemViewDay.objects.filter(item_id__in=item_ids, day__gte=start, day__lte=end)
    for item_id, day, views in rows.values_list("item_id", "day", "views"):
        found[item_id][day] = views
    return found


def total_views(item_ids: list[int], since: date | None = None) -> dict[int, int]:
    rows = ItemViewDay.objects.filter(item_id__in=item_ids)
    if since is not None:
        rows = rows.filter(day__gte=since)
    totals = rows.order_by().values_list("item_id").annotate(n=Sum("views"))
    return {pk: 0 for pk in item_ids} | dict(totals.values_list("item_id", "n"))
