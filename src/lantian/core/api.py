"""Core endpoints of the public API: service health and the working-day calendar."""

from __future__ import annotations

from datetime import date as date_type
from typing import Annotated

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from lantian.core import calendar
from lantian.core.apitypes import LATEST_DATE, Between, Choice, ErrorOut
from lantian.core.workdays import DayKind

# The official calendar is known from 2004, the first year of the State Council notices
# the table is seeded from (decision 0001); after 2100 nothing is planned.
CALENDAR_FIRST_DATE = date_type(2004, 1, 1)
CalendarDate = Annotated[
    date_type,
    Between(CALENDAR_FIRST_DATE, LATEST_DATE),
    Query(description=f"A day from {CALENDAR_FIRST_DATE} to {LATEST_DATE}."),
]
# About four years of working days: every statutory period is far shorter.
MAX_WORKING_DAYS = 1000

router = Router(tags=["service"])


class Health(Schema):
    status: Choice(["ok", "degraded"])
    database: Choice(["ok", "unavailable"])
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
    kind: Choice([k.value for k in DayKind])
    name: str
    provisional: bool


@router.get(
    "/calendar/add-working-days",
    response={200: WorkdayAnswer, 422: ErrorOut},
    tags=["calendar"],
    summary="The n-th working day after a date",
)
def add_working_days(
    request: HttpRequest,
    date: CalendarDate,
    days: Annotated[int, Between(0, MAX_WORKING_DAYS)] = Query(
        ..., description=f"Working days to count, 0 to {MAX_WORKING_DAYS}."
    ),
) -> WorkdayAnswer:
    """Count ``days`` working days after ``date`` on China's official calendar (the start
    day is not counted, as for statutory reply periods). ``provisional`` is true when
    the result depends on a year whose holidays are not yet announced."""
    result = calendar.add_working_days(date, days)
    return WorkdayAnswer(date=result.value, provisional=result.provisional)


@router.get(
    "/calendar/day",
    response={200: DayKindAnswer, 422: ErrorOut},
    tags=["calendar"],
    summary="Kind of a day",
)
def day_kind(
    request: HttpRequest,
    date: CalendarDate,
) -> DayKindAnswer:
    """``working``, ``holiday`` or ``weekend`` on the official calendar."""
    answer = calendar.is_working_day(date)
    return DayKindAnswer(
        date=date, kind=answer.kind.value, name=answer.name, provisional=answer.provisional
    )
