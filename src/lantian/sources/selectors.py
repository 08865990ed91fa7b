"""Reads of the sources app that views, the API and other apps use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet

from lantian.sources import limits
from lantian.sources.models import (
    Enterprise,
    ExceedanceEvent,
    KeyUnitListing,
    Outlet,
    OutletPollutant,
)

LOCAL = ZoneInfo("Asia/Shanghai")
# The label self-monitoring data carries until the bureau has reviewed it (环发〔2013〕81号).
UNAUDITED_LABEL = "企业自行监测数据，未经审核"


def enterprises(
    *,
    q: str = "",
    district: str = "",
    industry: str = "",
    key_unit_year: int | None = None,
    status: str = "",
) -> QuerySet[Enterprise]:
    """Enterprises matching a name or credit-code search, a district (name), an industry
    (code prefix) and a key-unit list year, by name."""
    found = Enterprise.objects.select_related("district").prefetch_related("listings")
    if q:
        found = found.filter(Q(name__icontains=q) | Q(credit_code__iexact=q.strip().upper()))
    if district:
        found = found.filter(district__name=district)
    if industry:
        found = found.filter(industry_code__startswith=industry)
    if key_unit_year:
        found = found.filter(listings__year=key_unit_year).distinct()
    if status:
        found = found.filter(status=status)
    return found.order_by("name", "pk")


def enterprise(credit_code: str) -> Enterprise | None:
    return (
        Enterprise.objects.select_related("district")
        .prefetch_related(
            "permits",
            "listings",
            Prefetch(
                "outlets",
                queryset=Outlet.objects.prefetch_related(
                    Prefetch("pollutants", queryset=OutletPollutant.objects.order_by("pollutant"))
                ),
            ),
        )
        .filter(credit_code=credit_code.strip().upper())
        .first()
    )


@dataclass(frozen=True)
class OutletLimit:
    pollutant: str
    limit: float | None
    low: float | None  # a range's lower bound (pH)
    unit: str
    reference_o2: float | None
    averaging: str
    source: str
    policy: str


def outlet_limits(outlet: Outlet, on: date) -> list[OutletLimit]:
    """The limit in force on ``on`` of each pollutant the outlet monitors (the permit's
    when stricter than the standard's; ultra-low emission where it applies)."""
    found = []
    for monitored in outlet.pollutants.all():
        limit = limit_for(outlet, monitored.pollutant, on, permit_limit=monitored.permit_limit)
        if limit is not None:
            found.append(limit)
    return found


def outlet_profile(outlet: Outlet) -> limits.OutletProfile:
    """The outlet's stored limit profile as the limits engine reads it."""
    return limits.OutletProfile.from_mapping(outlet.profile or {})


def limit_for(
    outlet: Outlet, pollutant: str, on: date, *, permit_limit: float | None = None
) -> OutletLimit | None:
    """The one place that answers "which limit applies to this outlet, pollutant and
    day"."""
    limit = limits.select_limit(
        standard=outlet.standard,
        profile=outlet_profile(outlet),
        pollutant=pollutant,
        instant=on,
        permit_limit=permit_limit,
        ultra_low=outlet.ultra_low,
    )
    if limit is None:
        return None
    return OutletLimit(
        pollutant=pollutant,
        limit=limit.value,
        low=getattr(limit, "minimum", None),
        unit=limit.unit,
        reference_o2=limit.reference_o2,
        averaging=limit.averaging,
        source=limit.source,
        policy=limit.policy,
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL)


def exceedances(
    *,
    credit_code: str = "",
    start: date | None = None,
    end: date | None = None,
    public: bool = True,
) -> QuerySet[ExceedanceEvent]:
    """Exceedance events starting in ``start``–``end`` (local days, both included), newest
    first; the public list leaves out events staff dismissed."""
    found = ExceedanceEvent.objects.select_related("outlet__enterprise")
    if credit_code:
        found = found.filter(outlet__enterprise__credit_code=credit_code.strip().upper())
    if start:
        found = found.filter(start__gte=_day_start(start))
    if end:
        found = found.filter(start__lt=_day_start(end + timedelta(days=1)))
    if public:
        found = found.exclude(review=ExceedanceEvent.Review.DISMISSED)
    return found.order_by("-start", "pk")


def key_unit_years() -> list[int]:
    return list(KeyUnitListing.objects.order_by("-year").values_list("year", flat=True).distinct())


def event_label(event: ExceedanceEvent) -> str:
    """What the public sees beside an event: the unaudited label until staff review it."""
    return UNAUDITED_LABEL if event.review == ExceedanceEvent.Review.UNREVIEWED else ""


def as_public_event(event: ExceedanceEvent) -> dict[str, Any]:
    return {
        "credit_code": event.outlet.enterprise.credit_code,
        "enterprise": event.outlet.enterprise.name,
        "outlet": event.outlet.code,
        "pollutant": event.pollutant,
        "start": event.start,
        "end": event.end,
        "max": event.maximum,
        "mean": event.mean,
        "limit": event.limit,
        "multiple": event.multiple,
        "limit_source": event.limit_source,
        "review": event.review,
        "label": event_label(event),
        "explanation": event.explanation,
    }
