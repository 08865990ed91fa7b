"""Core endpoints of the public API: service health."""

from __future__ import annotations

from datetime import date as date_type

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from lantian.core import calendar

router = Router(tags=["service"])


class Health(Schema):
    status: str
    database: str
    time: str


@router.get("/health", response={200: Health, 503: Health}, summary="Service health")
def health(request: HttpRequest) -> Status:
    """`ok` when the database answers a query; 503 otherwise, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any driver error means "not healthy"
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return Status(
        status,
        Health(
            status="ok" if status == 200 else "degraded",
            database=database,
            time=timezone.now().isoformat(),
        ),
    )


class WorkdayAnswer(Schema):
    date: date_type
    provisional: bool


class DayKindAnswer(Schema):
    date: date_type
    kind: str
    name: str
    provisional: bool


@router.get(
    "/calendar/add-working-days",
    response=WorkdayAnswer,
    tags=["calendar"],
    summary="The n-th working day after a date",
)
def add_working_days(
    request: HttpRequest, date: date_type, days: int = Query(..., ge=0, le=1000)
) -> WorkdayAnswer:
    """Count ``days`` working days after ``date`` on China's official calendar (the start
    day is not counted, as for statutory reply periods). ``provisional`` is true when
    the result depends on a year whose holidays are not yet announced."""
    result = calendar.add_working_days(date, days)
    return WorkdayAnswer(date=result.value, provisional=result.provisional)


@router.get("/calendar/day", response=DayKindAnswer, tags=["calendar"], summary="Kind of a day")
def day_kind(request: HttpRequest, date: date_type) -> DayKindAnswer:
    """``working``, ``holiday`` or ``weekend`` on the official calendar."""
    answer = calendar.is_working_day(date)
    return DayKindAnswer(
        date=date, kind=answer.kind.value, name=answer.name, provisional=answer.provisional
    )
