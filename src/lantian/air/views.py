"""Public air-quality pages: thin views over :mod:`lantian.air.selectors`."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lantian.air import documents, selectors
from lantian.air.monthly import MonthlyReport

# ---- monthly report


def _monthly_report(year: int, month: int) -> MonthlyReport:
    report = selectors.monthly_report(year, month)
    if report is None:
        raise Http404("no air-quality data for this month")
    return report


def report_index(request: HttpRequest) -> HttpResponse:
    months = selectors.report_months()
    years = [(year, list(group)) for year, group in groupby(months, key=lambda d: d.year)]
    return render(request, "air/report_index.html", {"years": years})


def report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    context = documents.report_context(_monthly_report(year, month))
    return render(request, "air/report.html", context)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_pdf(request: HttpRequest, year: int, month: int) -> HttpResponse:
    context = documents.report_context(_monthly_report(year, month))
    pdf = documents.render_pdf(context["report"], context, request=request)
    return _attachment(pdf, "application/pdf", f"{context['filename_stem']}.pdf")


def report_docx(request: HttpRequest, year: int, month: int) -> HttpResponse:
    context = documents.report_context(_monthly_report(year, month))
    docx = documents.render_docx(context["report"], context)
    return _attachment(docx, documents.DOCX_CONTENT_TYPE, f"{context['filename_stem']}.docx")
