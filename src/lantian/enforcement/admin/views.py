"""Screens of the enforcement back office (执法): penalty decisions (record, correct,
publish, change status with the reason), inspections, credit ratings (indicator inputs
rated by the engine, publication, objections, repair), and the enterprises' disclosure
reports with the list of late and missing ones.

Each view checks :mod:`lantian.enforcement.admin.access` (and the same checks stand in
front of the URLs, :mod:`lantian.enforcement.admin.urls`); every write goes through
:mod:`lantian.enforcement.services`, which audits it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantian.core import admin_access
from lantian.core.forms import add_service_errors, form_page, save_with
from lantian.core.i18n import localized
from lantian.enforcement import rating, selectors, services
from lantian.enforcement.admin import access, forms
from lantian.enforcement.models import (
    CompulsoryMeasure,
    CreditObjection,
    CreditRating,
    DisclosureReport,
    Inspection,
    Penalty,
)

NAMESPACE = "enforcement_admin"
PER_PAGE = 50


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _(
            "Enforcement is the work of the enforcement brigade and of administrators; your "
            "role does not include this screen."
        ),
    )


def _base(request: HttpRequest, title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    return {
        **admin_access.screen(title, *trail),
        "can_work": access.can_work(request.user),
        "can_decide": access.can_decide(request.user),
    }


def _year(value: Any) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def _item_url(user: Any, item: Any) -> str:
    """The disclosure item's editor, for those its door lets in."""
    if item is None:
        return ""
    try:
        link = reverse("wagtailsnippets_disclosure_disclosureitem:edit", args=[item.pk])
    except NoReverseMatch:
        return ""
    holds = user.has_perm("disclosure.change_disclosureitem") or user.has_perm(
        "disclosure.view_disclosureitem"
    )
    return link if holds and admin_access.allows(user, link) else ""


# ---- penalties


def penalties(request: HttpRequest) -> HttpResponse:
    """Every decision, newest first, with its publication against the 7 working days."""
    if not access.can_view(request.user):
        return denied(request)
    year = _year(request.GET.get("year"))
    credit_code = request.GET.get("credit_code", "").strip()
    late_only = request.GET.get("late") == "1"
    today = timezone.localdate()
    found = selectors.penalties(year=year, credit_code=credit_code)
    rows = []
    for penalty in found:
        check = selectors.publication_check(penalty, today)
        if late_only and not check.late:
            continue
        rows.append({"penalty": penalty, "check": check, "url": url("penalty", penalty.pk)})
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    context = _base(request, _("Penalty decisions"), (_("Penalty decisions"), ""))
    context.update(
        {
            "page": page,
            "rows": list(page),
            "year": year,
            "credit_code": credit_code,
            "late_only": late_only,
            "add_url": url("penalty_add") if access.can_work(request.user) else "",
            "query": _without_page(request),
        }
    )
    return render(request, "enforcement/admin/penalty_index.html", context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("p", None)
    return query.urlencode()


def penalty(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    found = get_object_or_404(Penalty.objects.select_related("enterprise"), pk=pk)
    today = timezone.localdate()
    decide = access.can_decide(request.user)
    context = _base(
        request,
        found.document_number,
        (_("Penalty decisions"), url("penalties")),
        (found.document_number, ""),
    )
    context.update(
        {
            "penalty": found,
            "check": selectors.publication_check(found, today),
            "types": [Penalty.PenaltyType(t).label for t in found.penalty_types],
            "public_offender": selectors.public_offender(found),
            "inspections": found.inspections.select_related("enterprise"),
            "adhoc_reports": [selectors.report_status(r, today) for r in found.adhoc_reports.all()],
            "publish_form": forms.PublishForm() if decide and not found.published_on else None,
            "status_form": (
                forms.StatusForm(initial={"status": found.status, "reason": found.status_reason})
                if decide
                else None
            ),
            "item_url": _item_url(request.user, found.disclosure_item),
            "edit_url": url("penalty_edit", found.pk) if access.can_work(request.user) else "",
        }
    )
    return render(request, "enforcement/admin/penalty.html", context)


def penalty_add(request: HttpRequest) -> HttpResponse:
    return _penalty_form(request, None)


def penalty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _penalty_form(request, get_object_or_404(Penalty, pk=pk))


def _penalty_form(request: HttpRequest, found: Penalty | None) -> HttpResponse:
    if not access.can_work(request.user):
        return denied(request)
    form = forms.PenaltyForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if found is None:
                    saved = services.record_penalty(
                        actor=request.user,
                        document_number=form.cleaned_data["document_number"],
                        **form.values(),
                    )
                else:
                    saved = services.update_penalty(
                        actor=request.user, penalty=found, **form.values()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Decision %(number)s saved.") % {"number": saved.document_number}
                )
                return redirect(url("penalty", saved.pk))
    if found is None:
        title = _("Record a penalty decision")
        context = _base(request, title, (_("Penalty decisions"), url("penalties")), (title, ""))
        cancel = url("penalties")
    else:
        title = _("Edit %(number)s") % {"number": found.document_number}
        context = _base(
            request,
            title,
            (_("Penalty decisions"), url("penalties")),
            (found.document_number, url("penalty", found.pk)),
            (title, ""),
        )
        cancel = url("penalty", found.pk)
    return form_page(request, form, context, cancel=cancel, status=status)


@require_POST
def penalty_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the decision: its date, and its full text (an individual's name masked)
    as a draft disclosure item for the review."""
    if not access.can_decide(request.user):
        return denied(request)
    found = get_object_or_404(Penalty, pk=pk)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date."))
        return redirect(url("penalty", found.pk))
    try:
        published = services.publish_penalty(
            actor=request.user, penalty=found, on=form.cleaned_data.get("on")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Decision %(number)s published on %(date)s; its full text is sent to the "
                "disclosure review."
            )
            % {"number": published.document_number, "date": published.published_on},
        )
    return redirect(url("penalty", found.pk))


@require_POST
def penalty_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_decide(request.user):
        return denied(request)
    found = get_object_or_404(Penalty, pk=pk)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_penalty_status(
                actor=request.user,
                penalty=found,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(url("penalty", found.pk))


# ---- inspections


def inspections(request: HttpRequest) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    year = _year(request.GET.get("year"))
    credit_code = request.GET.get("credit_code", "").strip()
    found = selectors.inspections(credit_code=credit_code, year=year)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    context = _base(request, _("Inspections"), (_("Inspections"), ""))
    context.update(
        {
            "page": page,
            "rows": [
                {
                    "inspection": i,
                    "url": url("inspection_edit", i.pk) if access.can_work(request.user) else "",
                    "penalty_url": url("penalty", i.penalty_id) if i.penalty_id else "",
                }
                for i in page
            ],
            "year": year,
            "credit_code": credit_code,
            "add_url": url("inspection_add") if access.can_work(request.user) else "",
            "query": _without_page(request),
        }
    )
    return render(request, "enforcement/admin/inspection_index.html", context)


def inspection_add(request: HttpRequest) -> HttpResponse:
    return _inspection_form(request, None)


def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_form(request, get_object_or_404(Inspection, pk=pk))


def _inspection_form(request: HttpRequest, found: Inspection | None) -> HttpResponse:
    if not access.can_work(request.user):
        return denied(request)
    form = forms.InspectionForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                if found is None:
                    services.record_inspection(actor=request.user, **values)
                else:
                    services.update_inspection(actor=request.user, inspection=found, **values)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Inspection saved."))
                return redirect(url("inspections"))
    title = _("Edit the inspection") if found else _("Record an inspection")
    context = _base(request, title, (_("Inspections"), url("inspections")), (title, ""))
    return form_page(request, form, context, cancel=url("inspections"), status=status)


# ---- compulsory measures (查封、扣押)


def compulsory(request: HttpRequest) -> HttpResponse:
    """Every seal-up and seizure decision, newest first, with its period and its end."""
    if not access.can_view(request.user):
        return denied(request)
    year = _year(request.GET.get("year"))
    credit_code = request.GET.get("credit_code", "").strip()
    found = selectors.compulsory_measures(year=year, credit_code=credit_code)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    work = access.can_work(request.user)
    context = _base(request, _("Compulsory measures"), (_("Compulsory measures"), ""))
    context.update(
        {
            "page": page,
            "rows": [
                {
                    "measure": m,
                    "url": url("compulsory_edit", m.pk) if work else "",
                    "penalty_url": url("penalty", m.penalty_id) if m.penalty_id else "",
                }
                for m in page
            ],
            "year": year,
            "credit_code": credit_code,
            "add_url": url("compulsory_add") if work else "",
            "query": _without_page(request),
        }
    )
    return render(request, "enforcement/admin/compulsory_index.html", context)


def compulsory_add(request: HttpRequest) -> HttpResponse:
    return _compulsory_form(request, None)


def compulsory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _compulsory_form(request, get_object_or_404(CompulsoryMeasure, pk=pk))


def _compulsory_form(request: HttpRequest, found: CompulsoryMeasure | None) -> HttpResponse:
    if not access.can_work(request.user):
        return denied(request)
    form = forms.CompulsoryMeasureForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        saved = None
        if form.is_valid() and found is None:
            number = form.cleaned_data["decision_number"]
            saved = save_with(
                form,
                services.record_compulsory_measure,
                actor=request.user,
                decision_number=number,
                **form.values(),
            )
        elif form.is_valid():
            saved = save_with(
                form,
                services.update_compulsory_measure,
                actor=request.user,
                measure=found,
                **form.values(),
            )
        if saved is not None:
            messages.success(
                request, _("Decision %(number)s saved.") % {"number": saved.decision_number}
            )
            return redirect(url("compulsory"))
    if found is None:
        title = _("Record a seal-up or seizure decision")
    else:
        title = _("Edit %(number)s") % {"number": found.decision_number}
    context = _base(request, title, (_("Compulsory measures"), url("compulsory")), (title, ""))
    return form_page(request, form, context, cancel=url("compulsory"), status=status)


# ---- credit ratings


def ratings(request: HttpRequest) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    year = _year(request.GET.get("year"))
    found = CreditRating.objects.select_related("enterprise").prefetch_related("repairs")
    if year:
        found = found.filter(year=year)
    page = Paginator(found.order_by("-year", "enterprise__name", "pk"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    context = _base(request, _("Credit ratings"), (_("Credit ratings"), ""))
    context.update(
        {
            "page": page,
            "rows": [
                {
                    "rating": r,
                    "url": url("rating", r.pk),
                    "level": _level_name(r.scheme, r.level),
                    "held": _level_name(r.scheme, selectors.current_level(r)),
                }
                for r in page
            ],
            "year": year,
            "years": list(
                CreditRating.objects.order_by("-year").values_list("year", flat=True).distinct()
            ),
            "schemes": forms.scheme_choices(),
            "rate_url": url("rate") if access.can_work(request.user) else "",
            "query": _without_page(request),
        }
    )
    return render(request, "enforcement/admin/rating_index.html", context)


def _level_name(scheme: str, code: str) -> str:
    if not code:
        return ""
    try:
        level = rating.load_scheme(scheme).level(code)
    except KeyError:
        return code
    return localized(level.name_zh, level.name_en)


def _scheme(request: HttpRequest, default: str) -> str:
    chosen = request.GET.get("scheme") or request.POST.get("scheme") or default
    return chosen if chosen in rating.scheme_names() else rating.scheme_names()[0]


def rate(request: HttpRequest) -> HttpResponse:
    return _rating_form(request, None)


def rerate(request: HttpRequest, pk: int) -> HttpResponse:
    return _rating_form(
        request, get_object_or_404(CreditRating.objects.select_related("enterprise"), pk=pk)
    )


def _rating_form(request: HttpRequest, rated: CreditRating | None) -> HttpResponse:
    """Enter the indicator inputs and vetoes; the engine rates them when saved."""
    if not access.can_work(request.user):
        return denied(request)
    scheme = _scheme(request, rated.scheme if rated else "national")
    form = forms.RatingForm(request.POST or None, scheme=scheme, rated=rated)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = services.rate_enterprise(
                    actor=request.user,
                    enterprise=rated.enterprise if rated else form.cleaned_data["enterprise"],
                    year=rated.year if rated else form.cleaned_data["year"],
                    scheme=scheme,
                    inputs=form.inputs(),
                    vetoes=form.cleaned_data.get("vetoes") or [],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Rating saved."))
                return redirect(url("rating", saved.pk))
    title = (
        _("Rate %(name)s") % {"name": rated.enterprise.name} if rated else _("Rate an enterprise")
    )
    context = _base(request, title, (_("Credit ratings"), url("ratings")), (title, ""))
    context.update(
        {
            "scheme": scheme,
            "schemes": forms.scheme_choices(),
            "help_text": _(
                "Every indicator needs a score (0–100) or a measured value; without them the "
                "rating has no level unless a one-vote veto applies. A redone rating is "
                "unpublished until it is published again."
            ),
        }
    )
    context.update({"form": form, "submit": _("Rate"), "cancel": url("ratings")})
    return render(request, "enforcement/admin/rate.html", context, status=status)


def rating_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    found = get_object_or_404(CreditRating.objects.select_related("enterprise"), pk=pk)
    scheme = rating.load_scheme(found.scheme)
    contributions = []
    try:
        result = rating.rate(
            scheme,
            {
                code: rating.IndicatorInput(
                    score=given.get("score"),
                    measured=given.get("measured"),
                    band=given.get("band"),
                    source=str(given.get("source", "")),
                )
                for code, given in (found.inputs or {}).items()
            },
            found.vetoes,
        )
    except ValueError:
        result = None
    if result is not None:
        contributions = [
            {
                "name": localized(c.name_zh, c.name_en),
                "weight": f"{c.weight * 100:g}%",
                "given": c.given,
                "score": c.score.quantize(rating.ONE_DECIMAL),
                "band": c.band,
                "points": c.points.quantize(rating.ONE_DECIMAL),
            }
            for c in result.contributions
        ]
    missing = [
        localized(scheme.indicator(code).name_zh, scheme.indicator(code).name_en)
        for code in (result.missing if result else ())
    ]
    decide = access.can_decide(request.user)
    title = f"{found.enterprise.name} {found.year}"
    context = _base(request, title, (_("Credit ratings"), url("ratings")), (title, ""))
    context.update(
        {
            "rating": found,
            "scheme": scheme,
            "scheme_title": localized(scheme.title_zh, scheme.title_en),
            "level": _level_name(found.scheme, found.level),
            "held": _level_name(found.scheme, selectors.current_level(found)),
            "contributions": contributions,
            "missing": missing,
            "vetoes": [
                localized(scheme.veto(code).name_zh, scheme.veto(code).name_en)
                for code in found.vetoes
            ],
            "objections": [
                {
                    "objection": o,
                    "decide_url": url("objection_decide", o.pk),
                    "form": (
                        forms.DecideObjectionForm(prefix=f"o{o.pk}")
                        if decide and o.outcome == CreditObjection.Outcome.PENDING
                        else None
                    ),
                }
                for o in found.objections.all()
            ],
            "repairs": [
                {"repair": r, "level": _level_name(found.scheme, r.new_level)}
                for r in found.repairs.all()
            ],
            "objection_form": forms.ObjectionForm() if access.can_work(request.user) else None,
            "repair_form": forms.RepairForm(scheme=found.scheme) if decide else None,
            "rerate_url": url("rerate", found.pk) if access.can_work(request.user) else "",
        }
    )
    return render(request, "enforcement/admin/rating.html", context)


@require_POST
def rating_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_decide(request.user):
        return denied(request)
    found = get_object_or_404(CreditRating, pk=pk)
    try:
        services.publish_rating(actor=request.user, credit_rating=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Rating published."))
    return redirect(url("rating", found.pk))


@require_POST
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_work(request.user):
        return denied(request)
    found = get_object_or_404(CreditRating, pk=pk)
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.record_objection(actor=request.user, credit_rating=found, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Objection recorded."))
    else:
        messages.error(request, _("Give the date received and the objection."))
    return redirect(url("rating", found.pk))


@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_decide(request.user):
        return denied(request)
    objection = get_object_or_404(CreditObjection, pk=pk)
    form = forms.DecideObjectionForm(request.POST, prefix=f"o{objection.pk}")
    if form.is_valid():
        try:
            services.decide_objection(
                actor=request.user,
                objection=objection,
                outcome=form.cleaned_data["outcome"],
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Objection decided."))
    else:
        messages.error(request, _("Give the outcome, the date and the reasons."))
    return redirect(url("rating", objection.rating_id))


@require_POST
def repair_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_decide(request.user):
        return denied(request)
    found = get_object_or_404(CreditRating, pk=pk)
    form = forms.RepairForm(request.POST, scheme=found.scheme)
    if form.is_valid():
        try:
            services.record_repair(actor=request.user, credit_rating=found, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Credit repair recorded."))
    else:
        messages.error(request, _("Give the date, the measures and the new level."))
    return redirect(url("rating", found.pk))


# ---- disclosure reports


def _status_label(status: str) -> str:
    labels = {
        "pending": _("Not due yet"),
        "on_time": _("Submitted on time"),
        "late": _("Submitted late"),
        "missing": _("Missing: overdue"),
    }
    return labels.get(status, status)


def _report_rows(statuses: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "report": s.report,
            "check": s.check,
            "label": _status_label(s.status),
            "late": s.check.late,
            "penalty_url": url("penalty", s.report.penalty_id) if s.report.penalty_id else "",
        }
        for s in statuses
    ]


def reports(request: HttpRequest) -> HttpResponse:
    """Every report and obligation with its status against its due date."""
    if not access.can_view(request.user):
        return denied(request)
    form = forms.ReportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.reports(credit_code=data.get("credit_code") or "")
    if data.get("kind"):
        found = found.filter(kind=data["kind"])
    today = timezone.localdate()
    page = Paginator(
        found.order_by("enterprise__name", "-year", "-received_on", "pk"), PER_PAGE
    ).get_page(request.GET.get("p"))
    context = _base(request, _("Disclosure reports"), (_("Disclosure reports"), ""))
    context.update(
        {
            "filter_form": form,
            "page": page,
            "rows": _report_rows([selectors.report_status(r, today) for r in page]),
            "late_url": url("late_reports"),
            "query": _without_page(request),
        }
    )
    return render(request, "enforcement/admin/report_index.html", context)


def late_reports(request: HttpRequest) -> HttpResponse:
    """Reports submitted late and obligations past their due date, the missing first."""
    if not access.can_view(request.user):
        return denied(request)
    today = timezone.localdate()
    context = _base(
        request,
        _("Late and missing disclosure reports"),
        (_("Disclosure reports"), url("reports")),
        (_("Late and missing"), ""),
    )
    context.update(
        {
            "rows": _report_rows(selectors.late_and_missing_reports(today)),
            "today": today,
            "categories": DisclosureReport.Kind.choices,
        }
    )
    return render(request, "enforcement/admin/late_reports.html", context)
