"""Reads of the enforcement app that views, the API and other apps use.

The publication check of a penalty and the status of a disclosure report are computed
here from the recorded dates and the working-day calendar of ``core``
(:mod:`lantian.enforcement.deadlines`); nothing of them is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantian.core.calendar import work_calendar
from lantian.core.privacy import mask_house_numbers, mask_name, mask_text
from lantian.enforcement import deadlines, rating
from lantian.enforcement.models import (
    REPORT_CATEGORIES,
    CompulsoryMeasure,
    CreditRating,
    DisclosureReport,
    DisclosureReportFile,
    Inspection,
    Penalty,
)

LOCAL = ZoneInfo("Asia/Shanghai")

# --------------------------------------------------------------------------- penalties


def public_offender(penalty: Penalty) -> str:
    """The offender as the public may read it: the enterprise's name, or an individual's
    name masked (张三 → 张*)."""
    if penalty.enterprise_id is not None:
        return penalty.enterprise.name
    return mask_name(penalty.offender_name)


def public_text(penalty: Penalty, field: str = "decision_text") -> str:
    """The decision's full text (or another text field) for the public: personal data in
    it masked, the individual offender's name first of all, and on a decision against a
    person the house number of their address (an enterprise's address stays whole)."""
    names = [penalty.offender_name] if penalty.offender_name else []
    text = mask_text(getattr(penalty, field), names=names)
    return text if penalty.enterprise_id is not None else mask_house_numbers(text)


def publication_check(penalty: Penalty, today: date, calendar: Any = None) -> Any:
    """The decision's publication against the 7-working-day limit (双公示): due date,
    working days taken (to ``today`` while unpublished), late, provisional."""
    return deadlines.penalty_publication(
        penalty.decided_on, penalty.published_on, calendar or work_calendar(), today
    )


def penalties(*, year: int | None = None, credit_code: str = "") -> QuerySet[Penalty]:
    """Every recorded decision (staff), newest first."""
    found = Penalty.objects.select_related("enterprise")
    if year:
        found = found.filter(decided_on__year=year)
    if credit_code:
        found = found.filter(enterprise__credit_code=credit_code.strip().upper())
    return found.order_by("-decided_on", "document_number")


def published_penalties(*, year: int | None = None, credit_code: str = "") -> QuerySet[Penalty]:
    """The decisions the public sees: published ones (revoked ones stay, with that
    status, as the law asks the revocation to be explained in public)."""
    return penalties(year=year, credit_code=credit_code).filter(published_on__isnull=False)


def weekly_penalties(year: int, week: int) -> QuerySet[Penalty]:
    """The decisions published in ISO week ``week`` of ``year`` (the weekly list)."""
    monday = date.fromisocalendar(year, week, 1)
    return (
        Penalty.objects.select_related("enterprise")
        .filter(published_on__gte=monday, published_on__lte=monday + timedelta(days=6))
        .order_by("published_on", "document_number")
    )


def late_penalties(today: date) -> list[tuple[Penalty, Any]]:
    """Decisions published late or still unpublished after the limit, with their check."""
    calendar = work_calendar()
    found = []
    for penalty in Penalty.objects.select_related("enterprise").order_by("decided_on"):
        check = publication_check(penalty, today, calendar)
        if check.late:
            found.append((penalty, check))
    return found


def as_public_penalty(penalty: Penalty, today: date, calendar: Any = None) -> dict[str, Any]:
    """One published decision as the public API shows it: no personal data."""
    check = publication_check(penalty, today, calendar)
    return {
        "document_number": penalty.document_number,
        "enterprise": penalty.enterprise.credit_code if penalty.enterprise_id else None,
        "offender": public_offender(penalty),
        "offender_kind": penalty.offender_kind,
        "penalty_types": list(penalty.penalty_types),
        "fine": penalty.fine,
        "decided_on": penalty.decided_on,
        "published_on": penalty.published_on,
        "due": check.due,
        "working_days": check.working_days_taken,
        "late": check.late,
        "provisional": check.provisional,
        "status": penalty.status,
    }


def inspections(*, credit_code: str = "", year: int | None = None) -> QuerySet[Inspection]:
    found = Inspection.objects.select_related("enterprise", "department", "penalty")
    if credit_code:
        found = found.filter(enterprise__credit_code=credit_code.strip().upper())
    if year:
        found = found.filter(inspected_on__year=year)
    return found


# --------------------------------------------------------------------------- compulsory measures


def compulsory_measures(
    *, year: int | None = None, credit_code: str = ""
) -> QuerySet[CompulsoryMeasure]:
    """Every seal-up and seizure decision (staff), newest first."""
    found = CompulsoryMeasure.objects.select_related("enterprise", "penalty")
    if year:
        found = found.filter(decided_on__year=year)
    if credit_code:
        found = found.filter(enterprise__credit_code=credit_code.strip().upper())
    return found.order_by("-decided_on", "decision_number")


def compulsory_decisions(year: int) -> int:
    """The seal-up and seizure decisions made in ``year`` (local dates): the annual
    report's 行政强制 本年处理决定数量."""
    return CompulsoryMeasure.objects.filter(
        decided_on__gte=date(year, 1, 1), decided_on__lte=date(year, 12, 31)
    ).count()


# --------------------------------------------------------------------------- ratings


def current_level(credit_rating: CreditRating) -> str:
    """The level the enterprise holds: the latest credit repair's, else the rating's."""
    repair = credit_rating.repairs.order_by("-repaired_on", "-pk").first()
    return repair.new_level if repair else credit_rating.level


def published_ratings(*, year: int | None = None) -> QuerySet[CreditRating]:
    found = CreditRating.objects.select_related("enterprise").filter(published=True)
    if year:
        found = found.filter(year=year)
    return found.prefetch_related("repairs").order_by("-year", "enterprise__name", "pk")


def as_public_rating(credit_rating: CreditRating) -> dict[str, Any]:
    scheme = rating.load_scheme(credit_rating.scheme)
    held = current_level(credit_rating)
    level = scheme.level(held) if held else None
    return {
        "credit_code": credit_rating.enterprise.credit_code,
        "enterprise": credit_rating.enterprise.name,
        "year": credit_rating.year,
        "scheme": credit_rating.scheme,
        "level": held,
        "level_name": level.name_zh if level else "",
        "colour": level.color_en if level else "",
        "colour_hex": level.color_hex if level else "",
        "score": credit_rating.score,
        "rated_level": credit_rating.level,
        "repaired": held != credit_rating.level,
        "published_on": credit_rating.published_on,
    }


def level_codes() -> list[str]:
    """Every level code of every scheme (for the API's enum)."""
    codes: dict[str, None] = {}
    for name in rating.scheme_names():
        codes.update((level.code, None) for level in rating.load_scheme(name).levels)
    return list(codes)


def colours() -> list[str]:
    found: dict[str, None] = {}
    for name in rating.scheme_names():
        found.update((level.color_en, None) for level in rating.load_scheme(name).levels)
    return list(found)


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class ReportStatus:
    report: DisclosureReport
    check: deadlines.FilingCheck

    @property
    def status(self) -> str:
        return self.check.status.value


def report_status(report: DisclosureReport, today: date, calendar: Any = None) -> ReportStatus:
    """Pending, on time, late or missing: the annual report against 15 March of the next
    year, an ad-hoc report against 5 working days after its document was received."""
    if report.kind == DisclosureReport.Kind.ANNUAL:
        check = deadlines.annual_report_check(report.year, report.submitted_on, today)
    else:
        check = deadlines.adhoc_report_check(
            report.received_on, report.submitted_on, calendar or work_calendar(), today
        )
    return ReportStatus(report, check)


def reports(*, credit_code: str = "") -> QuerySet[DisclosureReport]:
    found = DisclosureReport.objects.select_related("enterprise", "penalty")
    if credit_code:
        found = found.filter(enterprise__credit_code=credit_code.strip().upper())
    return found


def late_and_missing_reports(today: date) -> list[ReportStatus]:
    """For staff: reports submitted late and obligations past their due date without a
    report, the missing first, oldest due date first."""
    calendar = work_calendar()
    # only reports that can be late by today: annual years before today's, ad-hoc
    # documents received before today
    candidates = reports().filter(
        Q(kind=DisclosureReport.Kind.ANNUAL, year__lt=today.year)
        | Q(kind=DisclosureReport.Kind.ADHOC, received_on__lt=today)
    )
    found = [report_status(r, today, calendar) for r in candidates]
    late = [s for s in found if s.check.late]
    return sorted(late, key=lambda s: (not s.check.missing, s.check.due, s.report.pk))


def report_categories() -> list[dict[str, str]]:
    """The annual report's eight categories (令第24号 Art. 12), code and Chinese name."""
    return [{"code": code, "name": name} for code, name in REPORT_CATEGORIES]


# --------------------------------------------------------------------------- public rows


@dataclass(frozen=True)
class PublicPenalty:
    """A published decision as a public page shows it: the offender as the public may
    read it (never an individual's real name) and the 7-working-day check."""

    penalty: Penalty
    offender: str
    check: deadlines.PublicationCheck

    @property
    def late(self) -> bool:
        return self.check.late


def public_penalty(penalty: Penalty, today: date, calendar: Any = None) -> PublicPenalty:
    return PublicPenalty(
        penalty, public_offender(penalty), publication_check(penalty, today, calendar)
    )


def published_penalty(pk: int) -> Penalty | None:
    """One published decision (None when unknown or unpublished)."""
    return (
        Penalty.objects.select_related("enterprise")
        .filter(pk=pk, published_on__isnull=False)
        .first()
    )


def penalty_years() -> list[int]:
    """Years with a published decision, newest first."""
    return sorted(
        {
            d.year
            for d in Penalty.objects.filter(published_on__isnull=False).dates("decided_on", "year")
        },
        reverse=True,
    )


@dataclass(frozen=True)
class PublicRating:
    """A published rating with the level it holds (after any credit repair) and the
    level the engine gave, each with its name, colour and colour's name."""

    rating: CreditRating
    scheme: rating.RatingScheme
    level: rating.Level | None  # held
    rated_level: rating.Level | None

    @property
    def repaired(self) -> bool:
        return self.level != self.rated_level


def public_rating(credit_rating: CreditRating) -> PublicRating:
    scheme = rating.load_scheme(credit_rating.scheme)

    def level(code: str) -> rating.Level | None:
        try:
            return scheme.level(code) if code else None
        except KeyError:
            return None

    return PublicRating(
        credit_rating, scheme, level(current_level(credit_rating)), level(credit_rating.level)
    )


def published_rating(pk: int) -> CreditRating | None:
    return (
        CreditRating.objects.select_related("enterprise")
        .prefetch_related("repairs", "objections")
        .filter(pk=pk, published=True)
        .first()
    )


def rating_years() -> list[int]:
    return list(
        CreditRating.objects.filter(published=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def rating_result(credit_rating: CreditRating) -> rating.RatingResult:
    """The engine's answer again from the stored inputs: the contributions of each
    indicator (weight, score, band, points) and the vetoes that applied."""
    inputs = {
        str(code): rating.IndicatorInput(
            score=given.get("score"),
            measured=given.get("measured"),
            band=given.get("band"),
            source=str(given.get("source", "")),
        )
        for code, given in (credit_rating.inputs or {}).items()
    }
    return rating.rate(rating.load_scheme(credit_rating.scheme), inputs, credit_rating.vetoes)


# --------------------------------------------------------------------------- reports (public)


def report_years() -> list[int]:
    """Years of annual reports (obligations or submitted), newest first."""
    return list(
        DisclosureReport.objects.filter(kind=DisclosureReport.Kind.ANNUAL)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def annual_reports(year: int, today: date) -> list[ReportStatus]:
    """Every enterprise's annual report of ``year`` with its status, by enterprise name."""
    found = reports().filter(kind=DisclosureReport.Kind.ANNUAL, year=year)
    return [report_status(r, today) for r in found.order_by("enterprise__name", "pk")]


def adhoc_reports(year: int, today: date) -> list[ReportStatus]:
    """Ad-hoc reports whose document was received in ``year``, newest first."""
    calendar = work_calendar()
    found = reports().filter(kind=DisclosureReport.Kind.ADHOC, received_on__year=year)
    return [
        report_status(r, today, calendar)
        for r in found.order_by("-received_on", "enterprise__name", "pk")
    ]


def submitted_report(pk: int) -> DisclosureReport | None:
    """A submitted report, as the public may read it (None when not submitted)."""
    return reports().filter(pk=pk, submitted_on__isnull=False).first()


# --------------------------------------------------------------------------- one enterprise


@dataclass(frozen=True)
class EnterpriseRecord:
    """What the enforcement app knows of one enterprise, for its public page: each list
    with when it last changed (None for an empty list).

    Credit ratings have no modification timestamp: their "last updated" is the latest of
    ``rated_at`` and the publication day (objections and repairs carry only their dates,
    which count at the start of that day)."""

    inspections: list[Inspection]
    inspections_updated: datetime | None
    penalties: list[PublicPenalty]
    penalties_updated: datetime | None
    ratings: list[PublicRating]
    ratings_updated: datetime | None
    reports: list[ReportStatus]
    reports_updated: datetime | None


INSPECTION_YEARS = 5


def _day(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(), tzinfo=LOCAL)


def _latest(*stamps: datetime | None) -> datetime | None:
    found = [s for s in stamps if s is not None]
    return max(found) if found else None


def enterprise_record(enterprise: Any, today: date | None = None) -> EnterpriseRecord:
    """The enterprise's inspections of the last five years, its published penalty
    decisions (with the 7-working-day check), its published credit ratings (with the
    level held after repair) and its disclosure reports and obligations (with their
    status), each newest first."""
    today = today or timezone.localdate()
    calendar = work_calendar()
    try:
        since = today.replace(year=today.year - INSPECTION_YEARS)
    except ValueError:  # 29 February
        since = date(today.year - INSPECTION_YEARS, 2, 28)
    inspected = list(
        Inspection.objects.select_related("department", "penalty")
        .filter(enterprise=enterprise, inspected_on__gte=since)
        .order_by("-inspected_on", "-pk")
    )
    penalised = list(
        Penalty.objects.select_related("enterprise")
        .filter(enterprise=enterprise, published_on__isnull=False)
        .order_by("-decided_on", "document_number")
    )
    rated = list(
        CreditRating.objects.select_related("enterprise")
        .prefetch_related("repairs", "objections")
        .filter(enterprise=enterprise, published=True)
        .order_by("-year")
    )
    reported = list(
        DisclosureReport.objects.select_related("enterprise", "penalty")
        .filter(enterprise=enterprise)
        .order_by("-year", "-received_on", "-pk")
    )
    rating_stamps: list[datetime | None] = []
    for r in rated:
        rating_stamps += [r.rated_at, _day(r.published_on)]
        rating_stamps += [_day(x.repaired_on) for x in r.repairs.all()]
        rating_stamps += [_day(x.decided_on or x.received_on) for x in r.objections.all()]
    return EnterpriseRecord(
        inspections=inspected,
        inspections_updated=_latest(*(i.updated_at for i in inspected)),
        penalties=[public_penalty(p, today, calendar) for p in penalised],
        penalties_updated=_latest(*(p.updated_at for p in penalised)),
        ratings=[public_rating(r) for r in rated],
        ratings_updated=_latest(*rating_stamps),
        reports=[report_status(r, today, calendar) for r in reported],
        reports_updated=_latest(*(r.updated_at for r in reported)),
    )


# ------------------------------------------------------------------ the enterprise's account


def enterprise_reports(enterprise: Any, today: date) -> list[ReportStatus]:
    """An enterprise's reports and obligations with their status: the unsubmitted first
    (soonest due first), then the submitted, newest first."""
    calendar = work_calendar()
    statuses = [report_status(r, today, calendar) for r in reports().filter(enterprise=enterprise)]
    waiting = sorted(
        (s for s in statuses if s.report.submitted_on is None), key=lambda s: s.check.due
    )
    done = sorted(
        (s for s in statuses if s.report.submitted_on is not None),
        key=lambda s: s.report.submitted_on,
        reverse=True,
    )
    return waiting + done


def enterprise_report(enterprise: Any, pk: int) -> DisclosureReport | None:
    """One of ``enterprise``'s reports (None for another enterprise's)."""
    return reports().filter(enterprise=enterprise, pk=pk).first()


def report_files(report: DisclosureReport) -> QuerySet[DisclosureReportFile]:
    return report.files.order_by("uploaded_at", "pk")


def report_file(report_pk: int, file_pk: int) -> DisclosureReportFile | None:
    return (
        DisclosureReportFile.objects.select_related("report__enterprise")
        .filter(report_id=report_pk, pk=file_pk)
        .first()
    )
