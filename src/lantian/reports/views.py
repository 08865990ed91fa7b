"""Staff pages of reports: the annual disclosure report's tables 三 and 四 for a year,
with downloads (HTML, DOCX, JSON)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.reports import foi_annual

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_YEAR = 2019  # the revised 条例 took effect on 15 May 2019


def can_view_foi_annual(user: Any) -> bool:
    """Whoever works disclosure applications (handlers, heads, administrators)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("foi.view_application")


def foi_annual_report(request: HttpRequest) -> HttpResponse:
    if not can_view_foi_annual(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    years = list(range(this_year, FIRST_YEAR - 1, -1))
    try:
        year = int(request.GET.get("year", this_year - 1))
    except ValueError:
        year = this_year - 1
    if year not in years:
        year = this_year - 1
    report = foi_annual.foi_annual(year)
    fmt = request.GET.get("format", "")
    stem = f"foi-annual-{year}"
    if fmt == "json":
        body = json.dumps(foi_annual.to_json(report), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "docx":
        response = HttpResponse(foi_annual.render_docx(report), content_type=DOCX_CONTENT_TYPE)
    elif fmt == "html":
        response = HttpResponse(foi_annual.render_html(report))
    else:
        context = {
            **foi_annual.html_context(report),
            "page_title": _("Annual disclosure report: tables 三 and 四"),
            "years": years,
            "year": year,
        }
        return render(request, "reports/foi_annual_admin.html", context)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
