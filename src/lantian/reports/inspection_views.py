"""The administrator's screen of the website self-inspection: the latest run, each check
with its status (a failed single-item veto in red and in words), the offending URLs as
links, the history of runs, and a button to run it now."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lantian.core import attention, jobs
from lantian.core.roles import is_administrator
from lantian.reports import inspection, inspection_services, tasks
from lantian.reports.models import InspectionRun

HISTORY = 30


def can_view_inspection(user: Any) -> bool:
    """Administrators only: the site as a whole is theirs."""
    return is_administrator(user)


def _link(url: str) -> bool:
    return url.startswith(("/", "http://", "https://"))


def inspection_dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not can_view_inspection(request.user):
        raise PermissionDenied
    runs = InspectionRun.objects.all()
    run = get_object_or_404(runs, pk=pk) if pk is not None else runs.first()
    results = [
        {
            **row,
            "links": [(url, _link(url)) for url in row.get("urls", [])],
            "part": inspection.INDICATORS[row["check"]].part
            if row.get("check") in inspection.INDICATORS
            else "",
        }
        for row in (run.results if run else [])
    ]
    context = {
        "page_title": _("Website self-inspection"),
        "run": run,
        "results": results,
        "history": runs[:HISTORY],
    }
    return render(request, "reports/inspection_admin.html", context)


@require_POST
def inspection_run_now(request: HttpRequest) -> HttpResponse:
    if not can_view_inspection(request.user):
        raise PermissionDenied
    jobs.enqueue_on_commit(tasks.inspect_site_for, request.user.pk)
    messages.success(
        request, _("The inspection has started; its run appears here when it has finished.")
    )
    return redirect("reports_inspection")


@attention.register(
    allowed=can_view_inspection,
    heading=gettext_lazy("Website self-inspection"),
    order=20,
)
def failed_vetoes(user: Any) -> list[attention.AttentionItem]:
    """The latest run's failed single-item vetoes, until a later run passes them."""
    run = InspectionRun.objects.first()
    if run is None:
        return []
    url = reverse("reports_inspection")
    return [
        attention.AttentionItem(
            label=_("Single-item veto failed: %(title)s") % {"title": row["title"]},
            url=url,
            count=len(row.get("urls", [])) or None,
            urgent=True,
            detail=row.get("detail", ""),
        )
        for row in inspection_services.failed_vetoes(run)
    ]
