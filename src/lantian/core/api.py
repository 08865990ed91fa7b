"""Core endpoints of the public API: service health."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

router = Router(tags=["service"])


class Health(Schema):
    status: str
    database: str
    time: str


@router.get("/health", response={200: Health, 503: Health}, summary="Service health")
def health(request: HttpRequest) -> tuple[int, Health]:
    """`ok` when the database answers a query; 503 otherwise, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any driver error means "not healthy"
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return status, Health(
        status="ok" if status == 200 else "degraded",
        database=database,
        time=timezone.now().isoformat(),
    )
