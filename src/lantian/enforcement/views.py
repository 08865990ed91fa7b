"""Public pages of enforcement under the 污染源监管 section (`/sources/…`): the published
penalty decisions (filters, downloads, one page per decision, feeds), the credit ratings
by year (one page per rating with its inputs), and the enterprises' disclosure reports
(令第24号) by year. Thin views over the selectors; no personal data of an individual
offender ever reaches a page or a file (core privacy masking)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control

from lantian.core import privatefiles, spreadsheets
from lantian.core.calendar import work_calendar
from lantian.core.privacy import mask_text
from lantian.enforcement import rating, selectors
from lantian.enforcement.admin import access
from lantian.enforcement.models import REPORT_CATEGORIES
from lantian.enforcement.templatetags.enforcement_tags import (
    level_name,
    penalty_types,
    report_status,
)
from lantian.sources import selectors as sources

PUBLIC = cache_control(public=True, max_age=300)
PER_PAGE = 50
YEARS = (2000, 2100)


def _year_choices(years: list[int]) -> list[tuple[str, str]]:
    return [("", _("Any"))] + [(str(y), str(y)) for y in years]


class PenaltyForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year decided"), min_value=YEARS[0], max_value=YEARS[1], required=False
    )
    week = forms.IntegerField(
        label=gettext_lazy("Week published (ISO week)"),
        min_value=1,
        max_value=53,
        required=False,
        help_text=gettext_lazy("The weekly list: decisions published in that week of the year."),
    )
    q = forms.CharField(
        label=gettext_lazy("Enterprise name or credit code"), max_length=100, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, week = data.get("year"), data.get("week")
        if week and not year:
            self.add_error("year", _("Choose the year of the week."))
        elif week and year:
            try:
                date.fromisocalendar(year, week, 1)
            except ValueError:
                self.add_error("week", _("%(year)s has no week %(week)s.") % data)
        return data


def _penalties(values: dict[str, Any]) -> Any:
    year, week, q = values.get("year"), values.get("week"), (values.get("q") or "").strip()
    if year and week:
        found = selectors.weekly_penalties(year, week).order_by("-published_on", "document_number")
    else:
        found = selectors.published_penalties(year=year)
    if q:
        # only enterprises are searched: a search must not find an individual by name
        found = found.filter(
            Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__iexact=q.upper())
        )
    return found


def _penalty_rows(found: Any) -> list[list[Any]]:
    today, calendar = timezone.localdate(), work_calendar()
    rows = []
    for penalty in found:
        row = selectors.public_penalty(penalty, today, calendar)
        rows.append(
            [
                penalty.document_number,
                row.offender,
                penalty.get_offender_kind_display(),
                penalty.enterprise.credit_code if penalty.enterprise_id else "",
                penalty_types(penalty.penalty_types),
                penalty.fine,
                penalty.decided_on,
                penalty.published_on,
                row.check.due,
                row.check.working_days_taken,
                _("late") if row.late else _("on time"),
                penalty.get_status_display(),
                selectors.public_text(penalty, "status_reason"),
            ]
        )
    return rows


@PUBLIC
def penalty_list(request: HttpRequest) -> HttpResponse:
    form = PenaltyForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    found = _penalties(values)
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS:
        header = [
            _("Document number"), _("Offender"), _("Offender kind"), _("Credit code"),
            _("Penalty types"), _("Fine (yuan)"), _("Decided on"), _("Published on"),
            _("Due for publication"), _("Working days taken"), _("Publication"), _("Status"),
            _("Reason for the status"),
        ]  # fmt: skip
        return spreadsheets.attachment(
            fmt, "penalties", [(_("Penalty decisions"), header, _penalty_rows(found))]
        )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    today, calendar = timezone.localdate(), work_calendar()
    context = {
        "form": form,
        "page_obj": page,
        "rows": [selectors.public_penalty(p, today, calendar) for p in page],
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        "years": selectors.penalty_years(),
        "query": request.GET.urlencode(),
        "weekly": bool(values.get("year") and values.get("week")),
        "values": values,
    }
    return render(request, "enforcement/penalty_list.html", context)


@PUBLIC
def penalty(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.published_penalty(pk)
    if found is None:
        raise Http404
    row = selectors.public_penalty(found, timezone.localdate())
    context = {
        "row": row,
        "penalty": found,
        "facts": selectors.public_text(found, "facts"),
        "legal_basis": selectors.public_text(found, "legal_basis"),
        "text": selectors.public_text(found),
        "status_reason": selectors.public_text(found, "status_reason"),
    }
    return render(request, "enforcement/penalty.html", context)


# --------------------------------------------------------------------------- ratings


def _year(request: HttpRequest, years: list[int]) -> tuple[int | None, bool]:
    """The year asked for (the latest of ``years`` by default) and whether it was valid."""
    raw = request.GET.get("year", "")
    if not raw:
        return (years[0] if years else None), True
    try:
        year = int(raw)
    except ValueError:
        return (years[0] if years else None), False
    if not YEARS[0] <= year <= YEARS[1]:
        return (years[0] if years else None), False
    return year, True


@PUBLIC
def rating_list(request: HttpRequest) -> HttpResponse:
    years = selectors.rating_years()
    year, valid = _year(request, years)
    ratings = (
        [selectors.public_rating(r) for r in selectors.published_ratings(year=year)] if year else []
    )
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS and year:
        header = [
            _("Credit code"), _("Enterprise"), _("Year"), _("Rating scheme"), _("Score"),
            _("Level held"), _("Colour"), _("Level rated"), _("Repaired"), _("Published on"),
        ]  # fmt: skip
        rows = [
            [
                r.rating.enterprise.credit_code, r.rating.enterprise.name, r.rating.year,
                r.scheme.title_zh, r.rating.score, level_name(r.level),
                r.level.color_zh if r.level else "", level_name(r.rated_level),
                _("yes") if r.repaired else _("no"), r.rating.published_on,
            ]
            for r in ratings
        ]  # fmt: skip
        return spreadsheets.attachment(fmt, f"credit-ratings-{year}", [(str(year), header, rows)])
    counts: dict[str, tuple[Any, int]] = {}
    for r in ratings:
        if r.level:
            level, n = counts.get(r.level.code, (r.level, 0))
            counts[r.level.code] = (level, n + 1)
    context = {
        "years": years,
        "year": year,
        "valid": valid,
        "ratings": ratings,
        "counts": list(counts.values()),
    }
    return render(request, "enforcement/rating_list.html", context)


@PUBLIC
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.published_rating(pk)
    if found is None:
        raise Http404
    row = selectors.public_rating(found)
    result = selectors.rating_result(found)
    context = {
        "row": row,
        "rating": found,
        "result": result,
        "classes": [
            (klass, result.class_points[klass])
            for klass in rating.IndicatorClass
            if klass in result.class_points
        ],
        "missing": [row.scheme.indicator(code) for code in result.missing],
        "objections": [
            (o, mask_text(o.text), mask_text(o.outcome_note)) for o in found.objections.all()
        ],
        "repairs": [
            (x, mask_text(x.measures), _level(row.scheme, x.new_level)) for x in found.repairs.all()
        ],
    }
    return render(request, "enforcement/rating.html", context)


def _level(scheme: Any, code: str) -> Any:
    try:
        return scheme.level(code)
    except KeyError:
        return None


# --------------------------------------------------------------------------- reports


@PUBLIC
def report_list(request: HttpRequest) -> HttpResponse:
    years = selectors.report_years()
    year, valid = _year(request, years)
    today = timezone.localdate()
    annual = selectors.annual_reports(year, today) if year else []
    adhoc = selectors.adhoc_reports(year, today) if year else []
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS and year:
        header = [
            _("Credit code"), _("Enterprise"), _("Kind"), _("Triggering document"),
            _("Document received on"), _("Due"), _("Submitted on"), _("Status"),
        ]  # fmt: skip
        rows = [
            [
                s.report.enterprise.credit_code, s.report.enterprise.name,
                s.report.get_kind_display(), s.report.trigger_document, s.report.received_on,
                s.check.due, s.report.submitted_on, report_status(s.status),
            ]
            for s in [*annual, *adhoc]
        ]  # fmt: skip
        return spreadsheets.attachment(
            fmt, f"disclosure-reports-{year}", [(str(year), header, rows)]
        )
    summary = {
        status: sum(1 for s in annual if s.status == status)
        for status in ("on_time", "late", "missing", "pending")
    }
    context = {
        "years": years,
        "year": year,
        "valid": valid,
        "annual": annual,
        "adhoc": adhoc,
        "summary": summary,
        "due": date(year + 1, 3, 15) if year else None,
    }
    return render(request, "enforcement/report_list.html", context)


@PUBLIC
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.submitted_report(pk)
    if found is None:
        raise Http404
    status = selectors.report_status(found, timezone.localdate())
    content = found.content or {}
    categories = [
        (code, name, mask_text(str(content.get(code, "") or "")))
        for code, name in REPORT_CATEGORIES
    ]
    return render(
        request,
        "enforcement/report.html",
        {
            "report": found,
            "status": status,
            "categories": categories,
            "files": selectors.report_files(found),
        },
    )


def _may_download(user: Any, found: Any) -> bool:
    """A submitted report's files are public; before that, its enterprise's accounts and
    the enforcement staff only."""
    if found.report.submitted_on is not None:
        return True
    account = sources.account_of(user)
    if account is not None:
        return account.enterprise_id == found.report.enterprise_id
    return access.can_view(user)


def report_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """An attachment of a report, checked on every request (404 when not allowed)."""
    found = selectors.report_file(pk, file_pk)
    if found is None or not _may_download(request.user, found):
        raise Http404
    return privatefiles.serve(found.file, filename=found.name)
