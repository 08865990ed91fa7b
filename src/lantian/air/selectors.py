"""Reads of the air app for pages, the API and reports."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from lantian.air.models import Observation, Station


def active_stations() -> QuerySet[Station]:
    return Station.objects.filter(is_active=True).order_by("code")


def hourly(
    station: str | None = None, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Observation]:
    """Observations in ``(start, end]`` by end of hour, oldest first."""
    rows = Observation.objects.select_related("station").order_by("hour_end", "station__code")
    if station:
        rows = rows.filter(station__code=station)
    if start:
        rows = rows.filter(hour_end__gt=start)
    if end:
        rows = rows.filter(hour_end__lte=end)
    return rows
