"""Screens of the sources back office (污染源监管): the register of enterprises with their
outlets, permits, key-unit listings and bound API keys; the upload of self-monitoring
files and supervisory-monitoring sheets with each import's accepted and refused rows;
the exceedance events and their review; and the publications (the year's key-unit list,
with its 31 March status, and the quarter's supervisory report).

Each view checks :mod:`lantian.sources.admin.access` (and the same checks stand in front
of the URLs, :mod:`lantian.sources.admin.urls`); every write goes through
:mod:`lantian.sources.services` or :mod:`lantian.sources.supervisory_services`, which
audit it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantian.core import admin_access
from lantian.core.forms import add_service_errors, form_page
from lantian.core.jobs import enqueue_on_commit
from lantian.sources import selectors, services, supervisory_services, tasks
from lantian.sources.admin import access, forms
from lantian.sources.ingest import FileError
from lantian.sources.models import (
    Enterprise,
    EnterpriseAccount,
    ExceedanceEvent,
    KeyUnitListing,
    MonitoringBatch,
    Outlet,
    Permit,
)

NAMESPACE = "sources_admin"
PER_PAGE = 50


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _(
            "Pollution-source supervision is the work of the enforcement brigade, the "
            "monitoring station's data managers and administrators; your role does not "
            "include this screen."
        ),
    )


def _base(request: HttpRequest, title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    return {
        **admin_access.screen(title, (_("Enterprises"), url("index")), *trail),
        "can_edit": access.can_edit(request.user),
        "can_upload": access.can_upload(request.user),
        "can_review": access.can_review(request.user),
        "can_bind": access.can_bind(request.user),
        "can_manage_accounts": access.can_manage_accounts(request.user),
    }


# ---- enterprises


def index(request: HttpRequest) -> HttpResponse:
    """The enterprises, searched by name or credit code and filtered by district, status
    and key-unit list year."""
    if not access.can_view(request.user):
        return denied(request)
    q = request.GET.get("q", "").strip()
    district = request.GET.get("district", "").strip()
    status = request.GET.get("status", "").strip()
    if status not in Enterprise.Status.values:
        status = ""
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    found = selectors.enterprises(q=q, district=district, status=status, key_unit_year=year)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    districts = (
        Enterprise.objects.exclude(district=None)
        .order_by("district__name")
        .values_list("district__name", flat=True)
        .distinct()
    )
    context = _base(request, _("Enterprises"))
    home = context["breadcrumbs_items"][0]
    context["breadcrumbs_items"] = [home, {"url": "", "label": _("Enterprises")}]
    context.update(
        {
            "page": page,
            "rows": [{"enterprise": e, "url": url("enterprise", e.pk)} for e in page],
            "q": q,
            "district": district,
            "districts": list(districts),
            "status": status,
            "statuses": Enterprise.Status.choices,
            "year": year,
            "years": selectors.key_unit_years(),
            "add_url": url("enterprise_add") if access.can_edit(request.user) else "",
        }
    )
    return render(request, "sources/admin/enterprise_index.html", context)


def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise with its outlets and their limits, permits, listings and keys."""
    if not access.can_view(request.user):
        return denied(request)
    found = get_object_or_404(Enterprise.objects.select_related("district"), pk=pk)
    today = timezone.localdate()
    outlets = []
    for outlet in found.outlets.prefetch_related("pollutants"):
        limits_today = {limit.pollutant: limit for limit in selectors.outlet_limits(outlet, today)}
        outlets.append(
            {
                "outlet": outlet,
                "edit_url": url("outlet_edit", outlet.pk),
                "pollutants": [
                    {
                        "code": p.pollutant,
                        "label": selectors.pollutant_label(p.pollutant),
                        "permit_limit": p.permit_limit,
                        "limit": limits_today.get(p.pollutant),
                    }
                    for p in outlet.pollutants.all()
                ],
            }
        )
    context = _base(request, found.name, (found.name, ""))
    context.update(
        {
            "enterprise": found,
            "outlets": outlets,
            "permits": [
                {"permit": p, "edit_url": url("permit_edit", p.pk)} for p in found.permits.all()
            ],
            "listings": found.listings.order_by("-year", "medium"),
            "keys": found.api_keys.select_related("api_key"),
            "accounts": selectors.enterprise_accounts(found),
            "public_url": _public_url(found),
            "exceedances_url": url("exceedances") + f"?credit_code={found.credit_code}",
        }
    )
    return render(request, "sources/admin/enterprise.html", context)


def _public_url(found: Enterprise) -> str:
    try:
        return reverse("sources:enterprise", args=[found.credit_code])
    except NoReverseMatch:
        return ""


def enterprise_add(request: HttpRequest) -> HttpResponse:
    return _enterprise_form(request, None)


def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _enterprise_form(request, get_object_or_404(Enterprise, pk=pk))


def _enterprise_form(request: HttpRequest, found: Enterprise | None) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    form = forms.EnterpriseForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = found.credit_code if found else form.cleaned_data["credit_code"]
            try:
                saved = services.save_enterprise(
                    actor=request.user, credit_code=code, **form.values()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Enterprise %(name)s saved.") % {"name": saved.name})
                return redirect(url("enterprise", saved.pk))
    if found is None:
        context = _base(request, _("Add an enterprise"), (_("Add an enterprise"), ""))
        cancel = url("index")
    else:
        title = _("Edit %(name)s") % {"name": found.name}
        context = _base(request, title, (found.name, url("enterprise", found.pk)), (title, ""))
        cancel = url("enterprise", found.pk)
    return form_page(request, form, context, submit=_("Save"), cancel=cancel, status=status)


# ---- outlets, permits, listings, keys


def outlet_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Enterprise, pk=pk)
    return _outlet_form(request, found, Outlet(enterprise=found))


def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outlet = get_object_or_404(Outlet.objects.select_related("enterprise"), pk=pk)
    return _outlet_form(request, outlet.enterprise, outlet)


def _outlet_form(request: HttpRequest, found: Enterprise, outlet: Outlet) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    form = forms.OutletForm(request.POST or None, instance=outlet)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = outlet.code if outlet.pk else form.cleaned_data["code"]
            try:
                services.save_outlet(
                    actor=request.user, enterprise=found, code=code, **form.values()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except ValueError as error:
                form.add_error("pollutants", str(error))
            else:
                messages.success(request, _("Outlet %(code)s saved.") % {"code": code})
                return redirect(url("enterprise", found.pk))
    title = _("Edit outlet %(code)s") % {"code": outlet.code} if outlet.pk else _("Add an outlet")
    context = _base(request, title, (found.name, url("enterprise", found.pk)), (title, ""))
    return form_page(
        request, form, context, submit=_("Save"), cancel=url("enterprise", found.pk), status=status
    )


def permit_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Enterprise, pk=pk)
    return _permit_form(request, found, Permit(enterprise=found))


def permit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    permit = get_object_or_404(Permit.objects.select_related("enterprise"), pk=pk)
    return _permit_form(request, permit.enterprise, permit)


def _permit_form(request: HttpRequest, found: Enterprise, permit: Permit) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    form = forms.PermitForm(request.POST or None, request.FILES or None, instance=permit)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            number = permit.number if permit.pk else form.cleaned_data["number"]
            try:
                services.save_permit(
                    actor=request.user, enterprise=found, number=number, **form.values()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Permit %(number)s saved.") % {"number": number})
                return redirect(url("enterprise", found.pk))
    title = (
        _("Edit permit %(number)s") % {"number": permit.number}
        if permit.pk
        else _("Add a discharge permit")
    )
    context = _base(request, title, (found.name, url("enterprise", found.pk)), (title, ""))
    return form_page(
        request,
        form,
        context,
        submit=_("Save"),
        cancel=url("enterprise", found.pk),
        status=status,
        multipart=True,
    )


def listing_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the enterprise on a year's key-unit list for a medium (or change its level)."""
    if not access.can_edit(request.user):
        return denied(request)
    found = get_object_or_404(Enterprise, pk=pk)
    form = forms.ListingForm(
        request.POST or None,
        initial={"year": timezone.localdate().year, "level": KeyUnitListing.Level.CITY},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.list_key_unit(actor=request.user, enterprise=found, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Key-unit listing saved."))
                return redirect(url("enterprise", found.pk))
    title = _("Add to a key-unit list")
    context = _base(request, title, (found.name, url("enterprise", found.pk)), (title, ""))
    return form_page(
        request, form, context, submit=_("Save"), cancel=url("enterprise", found.pk), status=status
    )


def listing_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the enterprise off a year's key-unit list (POST), until the list is sent."""
    if not access.can_edit(request.user):
        return denied(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    listing = get_object_or_404(KeyUnitListing.objects.select_related("enterprise"), pk=pk)
    try:
        services.remove_listing(actor=request.user, listing=listing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the %(year)s list.") % {"year": listing.year})
    return redirect(url("enterprise", listing.enterprise_id))


def key_bind(request: HttpRequest, pk: int) -> HttpResponse:
    """Bind an API key to the enterprise: it then submits data for its outlets only."""
    if not access.can_bind(request.user):
        return denied(request)
    found = get_object_or_404(Enterprise, pk=pk)
    form = forms.BindKeyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.bind_key(
                    actor=request.user, api_key=form.cleaned_data["api_key"], enterprise=found
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("API key bound to %(name)s.") % {"name": found.name})
                return redirect(url("enterprise", found.pk))
    title = _("Bind an API key")
    context = _base(request, title, (found.name, url("enterprise", found.pk)), (title, ""))
    return form_page(
        request, form, context, submit=_("Bind"), cancel=url("enterprise", found.pk), status=status
    )


# ---- enterprise accounts


def _send_link(request: HttpRequest, account: EnterpriseAccount) -> None:
    user = account.user
    path = reverse(
        "sources:account_set_password",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    services.send_invitation(account=account, link=request.build_absolute_uri(path))


def account_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Open an account for a person acting for the enterprise and e-mail the link that sets
    its password."""
    if not access.can_manage_accounts(request.user):
        return denied(request)
    found = get_object_or_404(Enterprise, pk=pk)
    form = forms.InviteAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                account = services.invite_account(
                    actor=request.user,
                    enterprise=found,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _send_link(request, account)
                messages.success(
                    request,
                    _("Account opened; the link to set its password was sent to %(email)s.")
                    % {"email": account.user.email},
                )
                return redirect(url("enterprise", found.pk))
    title = _("Open an enterprise account")
    context = _base(request, title, (found.name, url("enterprise", found.pk)), (title, ""))
    return form_page(
        request, form, context, submit=_("Open and send the link"),
        cancel=url("enterprise", found.pk), status=status,
    )  # fmt: skip


def _account_action(request: HttpRequest, pk: int) -> EnterpriseAccount | HttpResponse:
    if not access.can_manage_accounts(request.user):
        return denied(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return get_object_or_404(EnterpriseAccount.objects.select_related("user", "enterprise"), pk=pk)


def account_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """A new link to set the password (the old one stops working when it is used)."""
    account = _account_action(request, pk)
    if isinstance(account, HttpResponse):
        return account
    if not account.user.is_active:
        messages.error(request, _("This account is closed."))
    else:
        _send_link(request, account)
        messages.success(
            request, _("A new link was sent to %(email)s.") % {"email": account.user.email}
        )
    return redirect(url("enterprise", account.enterprise_id))


def account_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the account: it can no longer sign in."""
    account = _account_action(request, pk)
    if isinstance(account, HttpResponse):
        return account
    services.revoke_account(actor=request.user, account=account)
    messages.success(
        request, _("The account of %(email)s is closed.") % {"email": account.user.email}
    )
    return redirect(url("enterprise", account.enterprise_id))


# ---- uploads and their results

UPLOAD_KINDS = ("self-monitoring", "supervisory")


def upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a self-monitoring file or a supervisory-monitoring sheet; the import's
    result (accepted rows, refused rows with their reasons) is the batch's page."""
    if kind not in UPLOAD_KINDS:
        raise Http404
    if not access.can_upload(request.user):
        return denied(request)
    form = forms.DataFileForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            content = upload_file.read()
            background = (
                kind != "supervisory" and len(content) > settings.SOURCES_BACKGROUND_UPLOAD_BYTES
            )
            try:
                if background:
                    with transaction.atomic():
                        batch = services.queue_payload(
                            actor=request.user,
                            content=content,
                            filename=upload_file.name,
                            source=MonitoringBatch.Source.STAFF,
                        )
                        enqueue_on_commit(tasks.import_batch, batch.pk)
                elif kind == "supervisory":
                    batch = supervisory_services.import_results(
                        actor=request.user, content=content, filename=upload_file.name
                    )
                else:
                    batch = services.ingest_payload(
                        actor=request.user,
                        content=content,
                        filename=upload_file.name,
                        source=MonitoringBatch.Source.STAFF,
                    )
            except FileError as error:
                form.add_error("file", _("The file cannot be read: %(reason)s") % {"reason": error})
            else:
                if background:
                    messages.success(
                        request,
                        _("%(file)s is being imported; this page shows how far it has got.")
                        % {"file": upload_file.name},
                    )
                    return redirect(url("batch", batch.pk))
                messages.success(
                    request,
                    _("%(file)s imported: %(accepted)d rows accepted, %(refused)d refused.")
                    % {
                        "file": upload_file.name,
                        "accepted": batch.accepted,
                        "refused": batch.rejected,
                    },
                )
                return redirect(url("batch", batch.pk))
    if kind == "supervisory":
        title = _("Upload supervisory-monitoring results")
        help_text = _(
            "The monitoring station's sheet, one row per sample and pollutant, with the "
            "columns credit_code, outlet_code, pollutant, sampled_on, sample_no, value, unit, "
            "o2 and monitored_by. Each result is corrected to the reference oxygen and judged "
            "against the limit in force on its sampling day. Rows that cannot be read, or "
            "name an unknown outlet or a pollutant the outlet does not monitor, are refused "
            "with their reasons; the others are kept. The same sheet again changes nothing."
        )
    else:
        title = _("Upload self-monitoring data")
        help_text = _(
            "An enterprise's self-monitoring values, with the columns credit_code, "
            "outlet_code, pollutant, start, end, value, unit, o2 and flag (HJ 212 pollutant "
            "codes; flag N for a valid value). Rows that cannot be read, or name an unknown "
            "enterprise, outlet or pollutant, are refused with their reasons; the others are "
            "kept, and the exceedances of the periods they touch are found again. The same "
            "file again changes nothing."
        )
    context = _base(request, title, (_("Data uploads"), url("batches")), (title, ""))
    context.update({"help_text": help_text})
    return form_page(
        request,
        form,
        context,
        submit=_("Upload"),
        cancel=url("batches"),
        status=status,
        multipart=True,
    )


def batches(request: HttpRequest) -> HttpResponse:
    """The latest imports, each with its accepted and refused rows."""
    if not access.can_view(request.user):
        return denied(request)
    found = MonitoringBatch.objects.defer("raw").select_related("enterprise", "submitted_by")
    page = Paginator(found.order_by("-received_at", "-pk"), PER_PAGE).get_page(request.GET.get("p"))
    context = _base(request, _("Data uploads"), (_("Data uploads"), ""))
    context.update(
        {
            "page": page,
            "rows": [
                {"batch": b, "url": url("batch", b.pk), "progress": selectors.batch_progress(b)}
                for b in page
            ],
            "upload_urls": (
                [
                    (_("Upload self-monitoring data"), url("upload", "self-monitoring")),
                    (_("Upload supervisory-monitoring results"), url("upload", "supervisory")),
                ]
                if access.can_upload(request.user)
                else []
            ),
        }
    )
    return render(request, "sources/admin/batch_index.html", context)


def batch(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    found = get_object_or_404(MonitoringBatch.objects.defer("raw"), pk=pk)
    report = found.report or {}
    title = found.filename or _("Upload %(number)d") % {"number": found.pk}
    context = _base(request, title, (_("Data uploads"), url("batches")), (title, ""))
    progress = selectors.batch_progress(found)
    context.update(
        {
            "batch": found,
            "progress": progress,
            "progress_text": _progress_text(progress),
            "progress_url": url("batch_progress", found.pk),
            "created": report.get("created", 0),
            "updated": report.get("updated", 0),
            "exceedances": report.get("exceedances") or {},
            "refused": [
                {"row": r.get("row"), "reasons": r.get("reasons") or [], "raw": r.get("raw") or {}}
                for r in report.get("rejected") or []
            ],
            "exceedances_url": url("exceedances"),
        }
    )
    return render(request, "sources/admin/batch.html", context)


def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a batch's import stands, as JSON for its page to poll while it runs."""
    if not access.can_view(request.user):
        return denied(request)
    found = get_object_or_404(
        MonitoringBatch.objects.only("state", "rows_done", "rows_total", "error"), pk=pk
    )
    progress = selectors.batch_progress(found)
    return JsonResponse(
        {
            "state": progress.state,
            "label": found.get_state_display(),
            "rows_done": progress.rows_done,
            "rows_total": progress.rows_total,
            "percent": progress.percent,
            "text": _progress_text(progress),
            "error": progress.error,
        },
        headers={"Cache-Control": "no-store"},
    )


def _progress_text(progress: selectors.BatchProgress) -> str:
    if progress.state == MonitoringBatch.State.QUEUED:
        return _("Waiting for its turn to be imported.")
    return _("%(done)s of %(total)s rows written (%(percent)d%%).") % {
        "done": f"{progress.rows_done:,}",
        "total": f"{progress.rows_total:,}",
        "percent": progress.percent,
    }


# ---- exceedances


def exceedances(request: HttpRequest) -> HttpResponse:
    """Every exceedance event (dismissed ones too), newest first, with its review."""
    if not access.can_view(request.user):
        return denied(request)
    form = forms.ExceedanceFilterForm(request.GET or None)
    found = ExceedanceEvent.objects.none()
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        found = selectors.exceedances(
            credit_code=data.get("credit_code") or "",
            start=data.get("start"),
            end=data.get("end"),
            public=False,
        )
        if data.get("review"):
            found = found.filter(review=data["review"])
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    context = _base(request, _("Exceedance events"), (_("Exceedance events"), ""))
    context.update(
        {
            "filter_form": form,
            "page": page,
            "rows": [
                {
                    "event": e,
                    "url": url("exceedance", e.pk),
                    "pollutant": selectors.pollutant_label(e.pollutant),
                }
                for e in page
            ],
            "query": _without_page(request),
        }
    )
    return render(request, "sources/admin/exceedance_index.html", context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("p", None)
    return query.urlencode()


def exceedance(request: HttpRequest, pk: int) -> HttpResponse:
    """An event, the enterprise's explanation, and the review (confirm or dismiss with a
    note; :func:`lantian.sources.services.review_exceedance`, audited)."""
    if not access.can_view(request.user):
        return denied(request)
    event = get_object_or_404(
        ExceedanceEvent.objects.select_related("outlet__enterprise", "reviewed_by"), pk=pk
    )
    form = forms.ReviewForm(request.POST or None) if access.can_review(request.user) else None
    status = 200
    if request.method == "POST":
        if form is None:
            return denied(request)
        status = 400
        if form.is_valid():
            services.review_exceedance(
                actor=request.user,
                event=event,
                review=form.cleaned_data["review"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Review recorded."))
            return redirect(url("exceedance", event.pk))
    title = _("Exceedance at %(outlet)s") % {"outlet": event.outlet.code}
    context = _base(
        request,
        title,
        (event.outlet.enterprise.name, url("enterprise", event.outlet.enterprise_id)),
        (title, ""),
    )
    context.update(
        {
            "event": event,
            "pollutant": selectors.pollutant_label(event.pollutant),
            "form": form,
            "list_url": url("exceedances"),
            "label": selectors.event_label(event),
        }
    )
    return render(request, "sources/admin/exceedance.html", context, status=status)


# ---- publications


def publications(request: HttpRequest) -> HttpResponse:
    """The key-unit lists of each year with their 31 March status, and the quarters of
    supervisory monitoring with their report; buttons to send them to publication."""
    if not access.can_view(request.user):
        return denied(request)
    today = timezone.localdate()
    years = sorted(set(selectors.key_unit_years()) | {today.year}, reverse=True)
    lists = []
    for year in years:
        status = selectors.key_unit_list_status(year, today)
        lists.append(
            {
                "status": status,
                "label": _list_status_label(status.status),
                "counts": selectors.key_unit_counts(year),
            }
        )
    quarters = []
    for quarter in selectors.supervisory_quarters():
        report = selectors.supervisory_quarter(quarter.year, quarter.number)
        quarters.append({"quarter": quarter, "report": report})
    context = _base(request, _("Publications"), (_("Publications"), ""))
    context.update(
        {
            "lists": lists,
            "quarters": quarters,
            "publish_list_url": (
                url("publish_list") if access.can_publish_list(request.user) else ""
            ),
            "publish_report_url": (
                url("publish_report") if access.can_publish_report(request.user) else ""
            ),
        }
    )
    return render(request, "sources/admin/publications.html", context)


def _list_status_label(status: str) -> str:
    return {
        "pending": _("Not published yet; due by 31 March"),
        "on_time": _("Published on time"),
        "late": _("Published late"),
        "missing": _("Not published: overdue"),
    }.get(status, status)


def _year(value: Any) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@require_POST
def publish_list(request: HttpRequest) -> HttpResponse:
    if not access.can_publish_list(request.user):
        return denied(request)
    year = _year(request.POST.get("year"))
    if year is None:
        messages.error(request, _("Choose a year."))
        return redirect(url("publications"))
    try:
        record = supervisory_services.publish_key_unit_list(actor=request.user, year=year)
    except (ValueError, ValidationError):
        messages.error(request, _("No enterprise is on a %(year)d key-unit list.") % {"year": year})
    else:
        messages.success(
            request,
            _(
                "The %(year)d key-unit list is sent to publication (%(index)s); it appears "
                "once the disclosure review has approved it."
            )
            % {"year": year, "index": record.item.index_no if record.item else ""},
        )
    return redirect(url("publications"))


@require_POST
def publish_report(request: HttpRequest) -> HttpResponse:
    if not access.can_publish_report(request.user):
        return denied(request)
    year = _year(request.POST.get("year"))
    try:
        quarter = int(request.POST.get("quarter", ""))
    except ValueError:
        quarter = 0
    if year is None or quarter not in (1, 2, 3, 4):
        messages.error(request, _("Choose a year and a quarter."))
        return redirect(url("publications"))
    try:
        record = supervisory_services.publish_supervisory_report(
            actor=request.user, year=year, quarter=quarter
        )
    except (ValueError, ValidationError):
        messages.error(
            request,
            _("No supervisory-monitoring result in %(year)d Q%(quarter)d.")
            % {"year": year, "quarter": quarter},
        )
    else:
        messages.success(
            request,
            _(
                "The supervisory-monitoring report of %(year)d Q%(quarter)d is sent to "
                "publication (%(index)s); it appears once the disclosure review has approved it."
            )
            % {
                "year": year,
                "quarter": quarter,
                "index": record.item.index_no if record.item else "",
            },
        )
    return redirect(url("publications"))
