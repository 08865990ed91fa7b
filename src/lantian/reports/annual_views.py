"""The annual disclosure report (sections 一 to 六): the back-office screen where the
office writes the narrative with the figures beside it, previews, downloads and publishes
the report; and the public page of a published report.

Who: the office (``FOI_OFFICE_DEPARTMENT``: its editors, reviewers and head) writes and
publishes — the office keeps the annual report (条例 Art. 49) — and administrators; whoever
may see tables 三 and 四 (the FOI handlers) may read the screen and download the report.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import admin_access
from lantian.core.roles import Role, is_administrator, roles_of, works_in
from lantian.reports import annual, annual_documents, annual_services, views
from lantian.reports.models import AnnualReportText

WRITERS = {Role.EDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD}
PDF_CONTENT_TYPE = "application/pdf"


def can_edit_annual(user: Any) -> bool:
    """The office's editors, reviewers and head, and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_administrator(user):
        return True
    office = str(getattr(settings, "FOI_OFFICE_DEPARTMENT", "office"))
    return bool(WRITERS & set(roles_of(user))) and works_in(user, office)


def can_view_annual(user: Any) -> bool:
    return can_edit_annual(user) or views.can_view_foi_annual(user)


class NarrativeForm(forms.Form):
    overview = forms.CharField(
        label=annual.SECTION_TITLES["1"], required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    problems = forms.CharField(
        label=annual.SECTION_TITLES["5"], required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    other_matters = forms.CharField(
        label=annual.SECTION_TITLES["6"], required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    help = gettext_lazy(
        "Leave a section blank to use the default text written from the figures. "
        "Write {table_2.penalty.decisions} or any key listed beside the form to insert a figure."
    )


def _year(request: HttpRequest, years: list[int]) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or this_year - 1)
    except ValueError:
        year = this_year - 1
    return year if year in years else this_year - 1


def download(doc: dict[str, Any], fmt: str) -> HttpResponse | None:
    """The document as a file (json, html, docx, pdf), None for another format."""
    if fmt == "json":
        body: Any = json.dumps(doc, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "html":
        response = HttpResponse(annual_documents.render_html(doc))
    elif fmt == "docx":
        response = HttpResponse(
            annual_documents.render_docx(doc), content_type=views.DOCX_CONTENT_TYPE
        )
    elif fmt == "pdf":
        response = HttpResponse(annual_documents.render_pdf(doc), content_type=PDF_CONTENT_TYPE)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="annual-report-{doc["year"]}.{fmt}"'
    return response


def annual_report(request: HttpRequest) -> HttpResponse:
    # a refusal answers 403 itself: Wagtail turns PermissionDenied into a redirect
    if not can_view_annual(request.user):
        return admin_access.refused(request)
    this_year = timezone.localdate().year
    years = list(range(this_year, views.FIRST_YEAR - 1, -1))
    year = _year(request, years)
    text = AnnualReportText.objects.filter(year=year).first()
    editable = can_edit_annual(request.user)
    if request.method == "POST":
        if not editable:
            return admin_access.refused(request)
        return _post(request, year, text)
    doc = annual.build(year, text=text)
    if fmt := request.GET.get("format", ""):
        response = download(doc, fmt)
        if response is not None:
            return response
    initial = {field: getattr(text, field, "") for field in annual_services.TEXT_FIELDS}
    if request.GET.get("defaults"):
        # fill the blank sections with the default text (placeholders kept), unsaved
        defaults = annual.default_texts(doc)
        for key, field in annual.TEXT_SECTIONS.items():
            initial[field] = initial[field] or defaults[key]
    return _page(request, year, years, doc, text, NarrativeForm(initial=initial), editable)


def _post(request: HttpRequest, year: int, text: AnnualReportText | None) -> HttpResponse:
    here = f"{reverse('reports_annual')}?year={year}"
    if "publish" in request.POST:
        try:
            annual_services.publish(actor=request.user, year=year)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _("The report could not be published: %s") % error)
        else:
            messages.success(
                request,
                _("The %(year)s report was sent to the disclosure review.") % {"year": year},
            )
        return redirect(here)
    form = NarrativeForm(request.POST)
    if not form.is_valid():  # text fields without limits: only a tampered form fails
        return redirect(here)
    annual_services.save_text(actor=request.user, year=year, **form.cleaned_data)
    messages.success(request, _("The narrative of the %(year)s report was saved.") % {"year": year})
    return redirect(here)


def _page(
    request: HttpRequest,
    year: int,
    years: list[int],
    doc: dict[str, Any],
    text: AnnualReportText | None,
    form: NarrativeForm,
    editable: bool,
) -> HttpResponse:
    published = text.published_item if text is not None else None
    context = {
        **annual_documents.context(doc),
        "page_title": _("Annual disclosure report"),
        "years": years,
        "year": year,
        "form": form,
        "editable": editable,
        "figures": sorted(annual.figures(doc).items()),
        "unknown": {
            key: section["unknown_placeholders"]
            for key, section in doc["sections"].items()
            if section.get("unknown_placeholders")
        },
        "text": text,
        "published": published,
        "show_defaults": True,
    }
    return render(request, "reports/annual_admin.html", context)


# ---- public


def annual_public(request: HttpRequest, year: int) -> HttpResponse:
    """A published report as it was published (its snapshot), while its disclosure item
    is live; the item's page holds the DOCX and PDF."""
    from lantian.disclosure import selectors as disclosure

    text = AnnualReportText.objects.filter(year=year).select_related("published_item").first()
    item = text.published_item if text is not None else None
    live = item is not None and item.index_no and disclosure.item_by_index_no(item.index_no)
    snapshot = text.live_snapshot() if live else None
    if not snapshot:
        raise Http404("no published annual report for this year")
    context = {
        **annual_documents.context(snapshot),
        "item": live,
        "item_path": disclosure.item_path(live.index_no),
        "attachments": [
            (attachment.title, disclosure.attachment_path(attachment))
            for attachment in live.attachments.all()
        ],
        "reports_path": disclosure.annual_reports_path(),
    }
    return render(request, "reports/annual_public.html", context)
