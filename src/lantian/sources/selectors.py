"""Reads of the sources app that views, the API and other apps use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import (
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
)

from lantian.core.calendar import work_calendar
from lantian.core.i18n import localized
from lantian.sources import blocks, limits
from lantian.sources.blocks import Block as Block  # other apps' blocks on the enterprise page
from lantian.sources.models import (
    Enterprise,
    EnterpriseAccount,
    ExceedanceEvent,
    KeyUnitList,
    KeyUnitListing,
    Measurement,
    MonitoringBatch,
    Outlet,
    OutletPollutant,
    SupervisoryReport,
    SupervisorySample,
)

LOCAL = ZoneInfo("Asia/Shanghai")
# Other apps add their blocks to the enterprise page through this (sources imports none).
register_enterprise_block = blocks.register
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


def day_start(day: date) -> datetime:
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
        found = found.filter(start__gte=day_start(start))
    if end:
        found = found.filter(start__lt=day_start(end + timedelta(days=1)))
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
        "id": event.pk,
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


# ---- the enterprise page (ECHO's detailed facility report)

QUARTERS = 12  # ECHO's "last three years": the 12 most recent quarters


@dataclass(frozen=True)
class LatestValue:
    """The newest value of one outlet and pollutant, corrected to the limit's reference
    O2, with the limit in force then."""

    outlet: Outlet
    pollutant: str
    start: datetime
    end: datetime
    measured: float | None
    corrected: float | None
    flag: str
    limit: OutletLimit | None

    @property
    def exceeds(self) -> bool:
        if self.corrected is None or self.limit is None or self.flag != "N":
            return False
        if self.limit.limit is not None and self.corrected > self.limit.limit:
            return True
        return self.limit.low is not None and self.corrected < self.limit.low


def corrected_value(
    value: float | None, o2: float | None, limit: OutletLimit | None
) -> float | None:
    if value is None:
        return None
    if limit is None or limit.reference_o2 is None:
        return value
    if o2 is None or not 0 <= o2 < 21:
        return None
    return value * (21 - limit.reference_o2) / (21 - o2)


def latest_values(enterprise: Enterprise) -> list[LatestValue]:
    """Per outlet and monitored pollutant, the newest stored value (one query each)."""
    rows = []
    for outlet in enterprise.outlets.all():
        for monitored in outlet.pollutants.all():
            newest = (
                Measurement.objects.filter(outlet=outlet, pollutant=monitored.pollutant)
                .order_by("-start")
                .first()
            )
            if newest is None:
                continue
            on = newest.start.astimezone(LOCAL).date()
            limit = limit_for(outlet, monitored.pollutant, on, permit_limit=monitored.permit_limit)
            corrected = corrected_value(newest.value, newest.o2, limit)
            rows.append(
                LatestValue(
                    outlet, monitored.pollutant, newest.start, newest.end, newest.value,
                    None if corrected is None else round(corrected, 2), newest.flag, limit,
                )
            )  # fmt: skip
    return rows


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:  # exclusive
        return (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )


@dataclass(frozen=True)
class GridCell:
    events: int | None  # None: no valid data in the quarter
    values: int


def recent_quarters(today: date, count: int = QUARTERS) -> list[Quarter]:
    """The ``count`` most recent completed quarters and the current one, oldest first."""
    year, number = today.year, (today.month - 1) // 3 + 1
    found = []
    for _i in range(count + 1):
        found.append(Quarter(year, number))
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return found[::-1]


def compliance_grid(
    enterprise: Enterprise, today: date
) -> tuple[list[Quarter], list[tuple[Outlet, list[GridCell]]]]:
    """ECHO's quarterly compliance grid: per outlet and quarter, the exceedance events that
    started in it, or no data when the quarter holds no valid value."""
    quarters = recent_quarters(today)
    first = day_start(quarters[0].start)
    outlets = list(enterprise.outlets.all())
    stamps = Measurement.objects.filter(outlet__in=outlets, start__gte=first, flag="N").values_list(
        "outlet_id", "start"
    )
    counts: dict[tuple[int, str], int] = {}
    for outlet_id, start in stamps.iterator(chunk_size=20_000):
        local = start.astimezone(LOCAL)
        key = (outlet_id, f"{local.year}Q{(local.month - 1) // 3 + 1}")
        counts[key] = counts.get(key, 0) + 1
    events: dict[tuple[int, str], int] = {}
    for outlet_id, start in (
        ExceedanceEvent.objects.filter(outlet__in=outlets, start__gte=first)
        .exclude(review=ExceedanceEvent.Review.DISMISSED)
        .values_list("outlet_id", "start")
    ):
        local = start.astimezone(LOCAL)
        key = (outlet_id, f"{local.year}Q{(local.month - 1) // 3 + 1}")
        events[key] = events.get(key, 0) + 1
    rows = []
    for outlet in outlets:
        cells = []
        for quarter in quarters:
            values = counts.get((outlet.pk, quarter.label), 0)
            found = events.get((outlet.pk, quarter.label), 0)
            cells.append(GridCell(found if values or found else None, values))
        rows.append((outlet, cells))
    return quarters, rows


def outlet_series(
    outlet: Outlet, pollutant: str, *, until: datetime, days: int = 30
) -> list[tuple[datetime, float | None]]:
    """The last ``days`` of an outlet's values for one pollutant, corrected to reference O2
    (flagged values as gaps), oldest first."""
    since = until - timedelta(days=days)
    rows = Measurement.objects.filter(
        outlet=outlet, pollutant=pollutant, start__gte=since, start__lt=until
    ).order_by("start")
    limit = limit_for(outlet, pollutant, until.astimezone(LOCAL).date())
    series = []
    for m in rows.values_list("start", "value", "o2", "flag"):
        start, value, o2, flag = m
        corrected = corrected_value(value, o2, limit) if flag == "N" else None
        series.append((start, None if corrected is None else round(corrected, 2)))
    return series


def last_updated(enterprise: Enterprise) -> dict[str, datetime | None]:
    """When each block of the enterprise page last changed."""
    outlets = enterprise.outlets.all()
    batch = Measurement.objects.filter(outlet__in=outlets).aggregate(
        latest=Max("batch__received_at")
    )["latest"]
    events = ExceedanceEvent.objects.filter(outlet__in=outlets).aggregate(
        latest=Max("detected_at")
    )["latest"]
    return {"basics": enterprise.updated_at, "monitoring": batch, "exceedances": events}


def enterprises_with_events_since(since: datetime) -> set[int]:
    """Ids of enterprises with an exceedance event (not dismissed) starting since then."""
    return set(
        ExceedanceEvent.objects.filter(start__gte=since)
        .exclude(review=ExceedanceEvent.Review.DISMISSED)
        .values_list("outlet__enterprise_id", flat=True)
    )


def pollutant_label(code: str) -> str:
    """The pollutant's name in the active language (its HJ 212 code when unknown)."""
    info = limits.pollutants().get(code)
    return localized(info["name_zh"], info["name_en"]) if info else code


# ---- supervisory monitoring and the key-unit lists


@dataclass(frozen=True)
class SupervisoryQuarter:
    year: int
    quarter: int
    samples: list[SupervisorySample]
    report: SupervisoryReport | None

    @property
    def enterprises(self) -> list[Enterprise]:
        seen: dict[int, Enterprise] = {}
        for s in self.samples:
            seen.setdefault(s.outlet.enterprise_id, s.outlet.enterprise)
        return sorted(seen.values(), key=lambda e: e.name)

    @property
    def judged(self) -> list[SupervisorySample]:
        return [s for s in self.samples if s.compliant is not None]

    @property
    def total(self) -> int:
        return len(self.judged)

    @property
    def compliant(self) -> int:
        return sum(1 for s in self.judged if s.compliant)

    @property
    def exceeding(self) -> int:
        return self.total - self.compliant

    @property
    def rate(self) -> float | None:
        return None if not self.total else self.compliant / self.total

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{100 * self.rate:.1f}%"

    def by_enterprise(self) -> list[tuple[Enterprise, int, int]]:
        """(enterprise, results judged, results exceeding), by name."""
        rows: dict[int, list[int]] = {}
        for s in self.judged:
            counts = rows.setdefault(s.outlet.enterprise_id, [0, 0])
            counts[0] += 1
            counts[1] += 0 if s.compliant else 1
        return [(e, *rows.get(e.pk, [0, 0])) for e in self.enterprises]


def supervisory_quarter(year: int, quarter: int) -> SupervisoryQuarter:
    """The quarter's supervisory-monitoring results, by enterprise, outlet and day."""
    first = date(year, 3 * quarter - 2, 1)
    last = Quarter(year, quarter).end
    samples = list(
        SupervisorySample.objects.filter(sampled_on__gte=first, sampled_on__lt=last)
        .select_related("outlet__enterprise")
        .order_by("outlet__enterprise__name", "outlet__code", "sampled_on", "pollutant")
    )
    report = SupervisoryReport.objects.filter(year=year, quarter=quarter).first()
    return SupervisoryQuarter(year, quarter, samples, report)


def supervisory_quarters() -> list[Quarter]:
    """The quarters that hold supervisory-monitoring results, newest first."""
    found = {
        Quarter(d.year, (d.month - 1) // 3 + 1)
        for d in SupervisorySample.objects.values_list("sampled_on", flat=True).distinct()
    }
    return sorted(found, key=lambda q: (q.year, q.number), reverse=True)


def enterprise_samples(enterprise: Enterprise, since: date) -> QuerySet[SupervisorySample]:
    return (
        SupervisorySample.objects.filter(outlet__enterprise=enterprise, sampled_on__gte=since)
        .select_related("outlet")
        .order_by("-sampled_on", "outlet__code", "pollutant")
    )


def key_unit_counts(year: int) -> list[tuple[str, int]]:
    """(medium label, enterprises) of the year's key-unit lists, in the lists' order."""
    counts: dict[str, int] = {}
    for medium in KeyUnitListing.objects.filter(year=year).values_list("medium", flat=True):
        counts[medium] = counts.get(medium, 0) + 1
    labels = dict(KeyUnitListing.Medium.choices)
    return [(str(labels[m]), counts[m]) for m in KeyUnitListing.Medium.values if m in counts]


KEY_UNIT_LIST_DUE = (3, 31)  # month, day: by the end of March (令第31号; 令第24号 Art. 10)


@dataclass(frozen=True)
class ListStatus:
    year: int
    due: date
    sent_on: date | None  # first sent to the disclosure review
    published_on: date | None  # first published by the review
    status: str  # "pending" | "on_time" | "late" | "missing"


def key_unit_list_status(year: int, today: date) -> ListStatus:
    """Whether the year's key-unit lists were published by 31 March (the publication
    counts, not the sending to review)."""
    due = date(year, *KEY_UNIT_LIST_DUE)
    record = KeyUnitList.objects.select_related("item").filter(year=year).first()
    sent = record.sent_on if record else None
    published = record.item.published_on if record and record.item else None
    if published is not None:
        status = "on_time" if published <= due else "late"
    else:
        status = "missing" if today > due else "pending"
    return ListStatus(year, due, sent, published, status)


# ---- enterprise accounts


def account_of(user: Any) -> EnterpriseAccount | None:
    """The enterprise account ``user`` signs in with, if active (None for staff, the
    public, and revoked accounts)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return EnterpriseAccount.objects.select_related("enterprise").filter(user=user).first()


def account_of_email(email: str) -> EnterpriseAccount | None:
    return (
        EnterpriseAccount.objects.select_related("enterprise", "user")
        .filter(user__email__iexact=email.strip())
        .first()
    )


def enterprise_accounts(enterprise: Enterprise) -> QuerySet[EnterpriseAccount]:
    return enterprise.accounts.select_related("user", "invited_by").order_by("user__email")


def account_blocks(enterprise: Enterprise, today: date) -> list[Block]:
    """What other apps show an enterprise's account on its home page (its reports, …)."""
    return blocks.account_blocks_for(enterprise, today)


# Other apps add their sections to the account's home page through this.
register_account_block = blocks.register_account


# ---- uploads imported in the background


def batch_progress_key(batch_id: int) -> str:
    """The cache key of the rows a running import has written so far (the rows are
    written in one transaction, invisible to other connections until it commits)."""
    return f"sources:batch:{batch_id}:rows_done"


@dataclass(frozen=True)
class BatchProgress:
    state: str
    rows_done: int
    rows_total: int
    error: str

    @property
    def pending(self) -> bool:
        return self.state in (MonitoringBatch.State.QUEUED, MonitoringBatch.State.RUNNING)

    @property
    def percent(self) -> int:
        if self.state == MonitoringBatch.State.DONE:
            return 100
        return min(100, 100 * self.rows_done // self.rows_total) if self.rows_total else 0


def batch_progress(batch: MonitoringBatch) -> BatchProgress:
    """Where the import of ``batch`` stands: its state and rows written of rows to write
    (while it runs, the count the job last reported)."""
    done = batch.rows_done
    if batch.state == MonitoringBatch.State.RUNNING:
        done = max(done, int(cache.get(batch_progress_key(batch.pk)) or 0))
    return BatchProgress(
        state=batch.state, rows_done=done, rows_total=batch.rows_total, error=batch.error
    )


# ---- transparency self-score (reports.transparency_inputs)

# Self-monitoring publication limits (rules-sources.md §6): automatic data within 2 hours
# of its period (环发〔2013〕81号); manual results within 5 working days of the task
# (环办监测〔2023〕5号), counted from the end of the measured period.
AUTOMATIC_PUBLICATION = timedelta(hours=2)
MANUAL_PUBLICATION_WORKING_DAYS = 5


@dataclass(frozen=True)
class UnitMonitoring:
    """One key unit's self-monitoring values of a year, as the transparency score counts
    them: values received, valid (flag N with a value), and received within the limit
    (of those whose receipt is known)."""

    enterprise: Enterprise
    values: int
    valid: int
    timed: int  # values with a known receipt (from a batch)
    on_time: int


def key_units(year: int) -> QuerySet[Enterprise]:
    """Enterprises on any of the year's key-unit lists, by name."""
    return Enterprise.objects.filter(listings__year=year).distinct().order_by("name", "pk")


def unit_monitoring(year: int) -> list[UnitMonitoring]:
    """Self-monitoring of every key unit of ``year`` in that year (local days)."""
    start, end = day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))
    units = list(key_units(year))
    in_year = Measurement.objects.filter(outlet__enterprise__in=units, end__gt=start, end__lte=end)
    valid_q = Q(flag="N", value__isnull=False)
    auto = in_year.filter(outlet__automatic=True, batch__isnull=False)
    deadline = ExpressionWrapper(F("end") + AUTOMATIC_PUBLICATION, output_field=DateTimeField())
    counts: dict[int, dict[str, int]] = {
        u.pk: dict.fromkeys(("n", "v", "t", "o"), 0) for u in units
    }
    for row in in_year.values("outlet__enterprise").annotate(
        n=Count("pk"), v=Count("pk", filter=valid_q)
    ):
        counts[row["outlet__enterprise"]].update(n=row["n"], v=row["v"])
    for row in (
        auto.annotate(deadline=deadline)
        .values("outlet__enterprise")
        .annotate(t=Count("pk"), o=Count("pk", filter=Q(batch__received_at__lte=F("deadline"))))
    ):
        counts[row["outlet__enterprise"]]["t"] += row["t"]
        counts[row["outlet__enterprise"]]["o"] += row["o"]
    calendar = work_calendar()
    manual = in_year.filter(outlet__automatic=False, batch__isnull=False)
    for enterprise_id, ended, received in manual.values_list(
        "outlet__enterprise", "end", "batch__received_at"
    ):
        due = calendar.add_working_days(
            ended.astimezone(LOCAL).date(), MANUAL_PUBLICATION_WORKING_DAYS
        ).value
        counts[enterprise_id]["t"] += 1
        counts[enterprise_id]["o"] += received.astimezone(LOCAL).date() <= due
    return [
        UnitMonitoring(
            u, counts[u.pk]["n"], counts[u.pk]["v"], counts[u.pk]["t"], counts[u.pk]["o"]
        )
        for u in units
    ]


def year_exceedances(year: int) -> QuerySet[ExceedanceEvent]:
    """Exceedance events that started in ``year`` and staff did not dismiss."""
    return exceedances(start=date(year, 1, 1), end=date(year, 12, 31))
