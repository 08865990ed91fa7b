"""Reads of the enforcement app that views, the API and other apps use.

The publication check of a penalty and the status of a disclosure report are computed
here from the recorded dates and the working-day calendar of ``core``
(:mod:`lantian.enforcement.deadlines`); nothing of them is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from lantian.core.calendar import work_calendar
from lantian.core.privacy import mask_name, mask_text
from lantian.enforcement import deadlines, rating
from lantian.enforcement.models import (
    REPORT_CATEGORIES,
    CreditRating,
    DisclosureReport,
    Inspection,
    Penalty,
)

# --------------------------------------------------------------------------- penalties


def public_offender(penalty: Penalty) -> str:
    """The offender as the public may read it: the enterprise's name, or an individual's
    name masked (张三 → 张*)."""
    if penalty.enterprise_id is not None:
        return penalty.enterprise.name
    return mask_name(penalty.offender_name)


def public_text(penalty: Penalty, field: str = "decision_text") -> str:
    """The decision's full text (or another text field) for the public: personal data in
    it masked, the individual offender's name first of all."""
    names = [penalty.offender_name] if penalty.offender_name else []
    return mask_text(getattr(penalty, field), names=names)


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
