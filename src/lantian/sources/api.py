"""Pollution-source endpoints of the public API: enterprises, their outlets and limits,
exceedance events, and the self-monitoring submission of enterprises' keys."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime as dt
import json
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import AfterValidator

from lantian.core.apikeys import check_key
from lantian.core.apitypes import (
    ApiDate,
    Between,
    Choice,
    ErrorOut,
    Mapped,
    Text,
    check_text,
    paged,
    period,
)
from lantian.core.models import ApiKey
from lantian.sources import limits, rates, selectors
from lantian.sources.apps import SUBMIT_ANY, SUBMIT_OWN
from lantian.sources.ingest import COLUMNS, FileError
from lantian.sources.models import (
    Enterprise,
    EnterpriseKey,
    ExceedanceEvent,
    KeyUnitListing,
    MonitoringBatch,
    Outlet,
    Permit,
)
from lantian.sources.services import explain_exceedance, ingest_payload

router = Router(tags=["pollution sources"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)

Pollutant = Choice(sorted(limits.pollutants()))
Averaging = Choice(["hour", "day"])
LimitPolicy = Choice(["standard", "permit", "ultra_low"])


class ListingOut(Schema):
    year: int
    medium: Choice(KeyUnitListing.Medium.values)
    level: Choice(KeyUnitListing.Level.values)


class EnterpriseOut(Schema):
    credit_code: str
    name: str
    name_en: str
    address: str
    district: str | None
    latitude: float | None
    longitude: float | None
    industry_code: str
    industry_name: str
    status: Choice(Enterprise.Status.values)
    key_unit: list[ListingOut]
    updated_at: datetime

    @staticmethod
    def resolve_district(obj: Enterprise | dict[str, Any]) -> str | None:
        if isinstance(obj, dict):  # the detail's row, already resolved
            return obj["district"]
        return obj.district.name if obj.district_id else None

    @staticmethod
    def resolve_key_unit(obj: Enterprise | dict[str, Any]) -> list[Any]:
        if isinstance(obj, dict):
            return obj["key_unit"]
        return sorted(obj.listings.all(), key=lambda x: (-x.year, x.medium))


class LimitOut(Schema):
    pollutant: Pollutant
    limit: float | None = Field(description="Upper limit; for pH the upper bound of the range.")
    low: float | None = Field(description="Lower bound of a range (pH); otherwise null.")
    unit: str
    reference_o2: float | None = Field(description="Reference oxygen (%) of gas limits.")
    averaging: Averaging
    source: str = Field(description="Standard and table, or the permit.")
    policy: LimitPolicy


class DailyRateOut(Schema):
    date: dt.date = Field(description="Local day (Asia/Shanghai).")  # dt: the name is taken
    valid_periods: int = Field(description="Averaging periods of the day with a valid value.")
    exceeding_periods: int = Field(description="Valid periods above the limit (at it complies).")
    rate: float | None = Field(
        description="exceeding_periods / valid_periods (0–1); null when none is valid."
    )
    complete: bool = Field(
        description=f"Valid periods cover at least {100 * rates.RATE_COVERAGE:g} % of the "
        "day; an incomplete day's rate is not comparable."
    )


class OutletRatesOut(Schema):
    pollutant: Pollutant
    averaging: Averaging
    daily_rates: list[DailyRateOut] = Field(
        description=f"The {rates.DAILY_DAYS} days up to the newest value of this pollutant, "
        "oldest first."
    )


class OutletOut(Schema):
    code: str
    name: str
    kind: Choice(Outlet.Kind.values)
    latitude: float | None
    longitude: float | None
    standard: str
    pollutants: list[Pollutant]
    limits: list[LimitOut]
    exceedance_rates: list[OutletRatesOut] = Field(
        description="Daily exceedance rates of each monitored pollutant with stored values."
    )


class PermitOut(Schema):
    number: str
    management_class: Choice(Permit.ManagementClass.values)
    valid_from: date
    valid_to: date


class EnterpriseDetailOut(EnterpriseOut):
    standards: list[str]
    permits: list[PermitOut]
    outlets: list[OutletOut]


class EnterpriseQuery(Schema):
    q: Annotated[str, Text(100)] = Field("", description="Name or credit code.")
    district: Annotated[str, Text(50)] = Field("", description="District name.")
    industry: Annotated[str, Text(5)] = Field(
        "", description="Industry code (GB/T 4754) or its leading part."
    )
    key_unit_year: Annotated[int, Between(2000, 2100)] | None = Field(
        None, description="Enterprises on that year's key-unit list."
    )


@router.get(
    "/enterprises",
    response={200: list[EnterpriseOut], 422: ErrorOut},
    summary="Supervised enterprises",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=50, max_page_size=500)
def enterprise_list(request: HttpRequest, query: Query[EnterpriseQuery]) -> object:
    """Pollutant-discharging units by name; search by name or credit code, district,
    industry and key-unit list year."""
    return selectors.enterprises(
        q=query.q.strip(),
        district=query.district.strip(),
        industry=query.industry.strip(),
        key_unit_year=query.key_unit_year,
    )


def _daily(series: rates.DailyRates) -> dict[str, Any]:
    return {
        "pollutant": series.pollutant,
        "averaging": series.averaging,
        "daily_rates": [
            {
                "date": d.day,
                "valid_periods": d.valid,
                "exceeding_periods": d.exceeding,
                "rate": d.rate,
                "complete": d.complete,
            }
            for d in series.days
        ],
    }


@router.get(
    "/enterprises/{credit_code}",
    response={200: EnterpriseDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One enterprise with its permits, outlets and the limits in force today",
)
@decorate_view(PUBLIC_CACHE)
def enterprise_detail(request: HttpRequest, credit_code: Annotated[str, Text(18)]) -> object:
    """The enterprise, its permits and outlets; each outlet's limits are those in force
    today (the permit's where stricter than the standard's), and each monitored
    pollutant's daily exceedance rates over the 30 days up to its newest value."""
    found = selectors.enterprise(credit_code)
    if found is None:
        raise HttpError(404, _("No enterprise has this credit code."))
    today = timezone.localdate()
    base = EnterpriseOut.from_orm(found).dict()
    daily: dict[int, list[dict[str, Any]]] = {}
    for series in rates.daily_rates(found):
        daily.setdefault(series.outlet.pk, []).append(_daily(series))
    return {
        **base,
        "standards": found.standards,
        "permits": list(found.permits.all()),
        "outlets": [
            {
                "code": o.code,
                "name": o.name,
                "kind": o.kind,
                "latitude": o.latitude,
                "longitude": o.longitude,
                "standard": o.standard,
                "pollutants": [p.pollutant for p in o.pollutants.all()],
                "limits": selectors.outlet_limits(o, today),
                "exceedance_rates": daily.get(o.pk, []),
            }
            for o in found.outlets.all()
        ],
    }


class ExceedanceOut(Schema):
    id: int
    credit_code: str
    enterprise: str
    outlet: str
    pollutant: Pollutant
    start: datetime
    end: datetime
    max: float = Field(description="Highest value of the event, corrected to reference O2.")
    mean: float
    multiple: float = Field(description="The maximum as a multiple of the limit.")
    limit: float
    limit_source: str
    review: Choice(ExceedanceEvent.Review.values)
    label: str = Field(description="企业自行监测数据，未经审核 until the bureau reviewed it.")
    explanation: str = Field(description="The enterprise's explanation, if it gave one.")


class ExceedanceQuery(Schema):
    credit_code: Annotated[str, Text(18)] = Field("", description="One enterprise.")
    start: ApiDate | None = Field(None, alias="from", description="Events starting on or after.")
    end: ApiDate | None = Field(None, alias="to", description="Events starting on or before.")

    check_period = period("start", "end")


@router.get(
    "/exceedances",
    response={200: list[ExceedanceOut], 422: ErrorOut},
    summary="Exceedance events found in self-monitoring data",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=100, max_page_size=1000)
def exceedance_list(request: HttpRequest, query: Query[ExceedanceQuery]) -> object:
    """Consecutive averaging periods above the limit in force, newest first. Self-monitoring
    data the bureau has not reviewed carries the label 企业自行监测数据，未经审核; events
    the bureau dismissed are left out."""
    events = selectors.exceedances(credit_code=query.credit_code, start=query.start, end=query.end)
    return Mapped(events, selectors.as_public_event)


class SubmitterKey(HttpBearer):
    """An enterprise's key (scope ``sources:submit``, bound to the enterprise) or the
    bureau's (``sources:submit-any``)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return check_key(token, SUBMIT_ANY) or check_key(token, SUBMIT_OWN)


def _row(row: dict[str, Any]) -> dict[str, Any]:
    check_text(row, "observations")
    return row


class SelfMonitoringIn(Schema):
    observations: list[Annotated[dict[str, Any], AfterValidator(_row)]] = Field(
        description=f"Rows with the columns {', '.join(COLUMNS)}.", max_length=100_000
    )


class SelfMonitoringReport(Schema):
    batch: int
    accepted: int
    unchanged: int
    created: int
    updated: int
    rejected: list[dict]


@router.post(
    "/sources/observations",
    response={
        200: SelfMonitoringReport,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ErrorOut,
    },
    auth=SubmitterKey(),
    summary="Submit self-monitoring values (enterprise keys)",
)
def submit_observations(request: HttpRequest, payload: SelfMonitoringIn) -> SelfMonitoringReport:
    """The checks of file ingestion. An enterprise's key submits for its own outlets only:
    rows of other enterprises are refused with their reasons."""
    key: ApiKey = request.auth  # type: ignore[assignment]
    enterprise = None
    if SUBMIT_ANY not in key.scopes:
        binding = EnterpriseKey.objects.select_related("enterprise").filter(api_key=key).first()
        if binding is None:
            raise HttpError(403, _("This key is not bound to an enterprise."))
        enterprise = binding.enterprise
    try:
        batch = ingest_payload(
            actor=None,
            content=json.dumps(payload.dict(), ensure_ascii=False, default=str).encode(),
            filename=f"api-{key.prefix}.json",
            source=MonitoringBatch.Source.API,
            enterprise=enterprise,
        )
    except FileError as exc:
        raise HttpError(400, str(exc)) from None
    report = {k: v for k, v in batch.report.items() if k != "exceedances"}
    return SelfMonitoringReport(batch=batch.pk, accepted=batch.accepted, **report)


class ExplanationIn(Schema):
    text: Annotated[str, Text(2000, one_line=False)] = Field(
        description="The enterprise's explanation, shown beside the event."
    )


class ExplanationOut(Schema):
    id: int
    explanation: str
    explained_at: datetime


@router.post(
    "/sources/exceedances/{event_id}/explanation",
    response={
        200: ExplanationOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    auth=SubmitterKey(),
    summary="An enterprise explains one of its exceedance events",
)
def explain(
    request: HttpRequest, event_id: Annotated[int, Between(1, 2**62)], payload: ExplanationIn
) -> object:
    """Only the enterprise's own key (bound to it) explains, and only its own events: an
    event of another enterprise is a 404 like an unknown one."""
    key: ApiKey = request.auth  # type: ignore[assignment]
    binding = EnterpriseKey.objects.select_related("enterprise").filter(api_key=key).first()
    if binding is None:
        raise HttpError(403, _("Only an enterprise's own key explains its exceedances."))
    event = (
        ExceedanceEvent.objects.select_related("outlet")
        .filter(pk=event_id, outlet__enterprise=binding.enterprise)
        .first()
    )
    if event is None:
        raise HttpError(404, _("No such exceedance event of this enterprise."))
    if not payload.text.strip():
        raise HttpError(422, _("The explanation is empty."))
    event = explain_exceedance(
        actor=None, event=event, enterprise=binding.enterprise, text=payload.text
    )
    return {"id": event.pk, "explanation": event.explanation, "explained_at": event.explained_at}
