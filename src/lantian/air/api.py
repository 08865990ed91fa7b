"""Air-quality endpoints of the public API (`/api/v1/air/…`)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import json
from datetime import datetime

from django.http import HttpRequest
from django.views.decorators.cache import cache_control
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from lantian.air import selectors
from lantian.air.ingest import FileError
from lantian.air.models import IngestBatch
from lantian.air.services import ingest_payload
from lantian.core.apikeys import ScopedKey

router = Router(tags=["air quality"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)
INGEST_SCOPE = "air:ingest"


class StationOut(Schema):
    code: str
    name: str
    name_en: str
    district: str
    latitude: float
    longitude: float
    kind: str
    counts_for_city: bool


class HourOut(Schema):
    station: str
    hour_end: datetime
    so2: float | None
    no2: float | None
    co: float | None
    o3: float | None
    pm10: float | None
    pm25: float | None
    invalid: list[str]
    aqi: int | None
    level: int | None
    primary: list[str]

    @staticmethod
    def resolve_station(obj: object) -> str:
        return obj.station.code  # type: ignore[attr-defined]

    @staticmethod
    def resolve_primary(obj: object) -> list[str]:
        text = obj.primary  # type: ignore[attr-defined]
        return text.split(",") if text else []


class ObservationsIn(Schema):
    units: dict[str, str] = {}
    observations: list[dict]


class IngestReport(Schema):
    batch: int
    accepted: int
    unchanged: int
    created: int
    updated: int
    rejected: list[dict]


@router.get("/air/stations", response=list[StationOut], summary="Monitoring stations")
@decorate_view(PUBLIC_CACHE)
def stations(request: HttpRequest) -> list[StationOut]:
    return list(selectors.active_stations())


@router.get("/air/hourly", response=list[HourOut], summary="Hourly observations")
@decorate_view(PUBLIC_CACHE)
@paginate(PageNumberPagination, page_size=100, max_page_size=1000)
def hourly(
    request: HttpRequest,
    station: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> object:
    """Hourly concentrations (µg/m³, CO mg/m³) and AQI, ``start < hour_end ≤ end``."""
    return selectors.hourly(station, start, end)


@router.post(
    "/air/observations",
    response=IngestReport,
    auth=ScopedKey(INGEST_SCOPE),
    summary="Submit hourly observations (station systems)",
)
def submit_observations(request: HttpRequest, payload: ObservationsIn) -> IngestReport:
    """Same checks as file ingestion: JSON ``{"units": {...}, "observations": [...]}``.
    Refused rows come back with their reasons; accepted ones are stored and scored."""
    try:
        batch = ingest_payload(
            actor=None,
            content=json.dumps(payload.dict(), ensure_ascii=False, default=str).encode(),
            filename=f"api-{request.auth.prefix}.json",  # type: ignore[union-attr]
            source=IngestBatch.Source.API,
        )
    except FileError as exc:
        raise HttpError(400, str(exc)) from None
    return IngestReport(batch=batch.pk, accepted=batch.accepted, **batch.report)
