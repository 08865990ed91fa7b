"""Screens of the EIA back office: the projects, a project with its notices on the
clock, its documents (full and public versions), pauses, decision and completion
acceptance.

Each view checks :mod:`lantian.eia.admin.access` (the same checks stand in front of the
URLs, :mod:`lantian.eia.admin.urls`); every write goes through the app's services, which
validate and audit it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.core import admin_access
from lantian.core.calendar import work_calendar
from lantian.eia import selectors
from lantian.eia.admin import access
from lantian.eia.models import Project

NAMESPACE = "eia_admin"
PAGE_SIZE = 50


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _(
            "EIA projects are kept by the EIA division (its case handlers and head) and "
            "administrators; your role or department does not include this screen."
        ),
    )


def base(request: HttpRequest, title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    """The context every EIA back-office screen starts from: title, crumbs, what the
    user may do."""
    user = request.user
    return {
        **admin_access.screen(title, *trail),
        "can_edit": access.can_edit(user),
        "can_decide": access.can_decide(user),
        "can_moderate": access.can_moderate(user),
        "can_import": access.can_import(user),
    }


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else None


def project_index(request: HttpRequest) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    q = request.GET.get("q", "").strip()[:100]
    stage = request.GET.get("stage", "")
    stage = stage if stage in Project.Stage.values else ""
    category = request.GET.get("category", "")
    category = category if category in Project.Category.values else ""
    year = _year(request.GET.get("year", ""))
    found = selectors.staff_projects(q=q, stage=stage, category=category, year=year)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("p"))
    context = base(request, _("EIA projects"), (_("EIA projects"), ""))
    context.update(
        {
            "page": page,
            "rows": [
                {"project": p, "stage": selectors.stage_label(p.stage), "url": url("project", p.pk)}
                for p in page
            ],
            "q": q,
            "query": urlencode({k: v for k, v in request.GET.items() if k != "p"}),
            "stage": stage,
            "category": category,
            "year": year or "",
            "stages": Project.Stage.choices,
            "categories": Project.Category.choices,
        }
    )
    return render(request, "eia/admin/project_index.html", context)


def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    found = selectors.staff_project(pk)
    if found is None:
        raise Http404
    context = base(request, found.name, (_("EIA projects"), url("projects")), (found.name, ""))
    context.update(
        {
            "project": found,
            "stage": selectors.stage_label(found.stage),
            "notices": selectors.notice_rows(found, work_calendar()),
            "clock": selectors.decision_check(found, timezone.localdate()),
            "public_url": reverse("eia:project", args=[found.pk]) if found.notices.all() else "",
        }
    )
    return render(request, "eia/admin/project.html", context)
