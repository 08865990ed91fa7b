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

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantian.core import admin_access, privatefiles
from lantian.core.calendar import work_calendar
from lantian.core.forms import attempt, form_page, save_with
from lantian.eia import selectors, services
from lantian.eia.admin import access, forms
from lantian.eia.models import ClockPause, Document, Project

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
            "actions": (
                [{"url": url("project_add"), "label": _("Register a project")}]
                if access.can_edit(request.user)
                else []
            ),
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
    calendar, today = work_calendar(), timezone.localdate()
    user = request.user
    actions = []
    if access.can_edit(user):
        actions += [
            {"url": url("project_edit", pk), "label": _("Edit")},
            {"url": url("notice_add", pk), "label": _("Add a notice")},
            {"url": url("document_add", pk), "label": _("Add a document")},
            {"url": url("pause_add", pk), "label": _("Pause the clock")},
        ]
    if access.can_decide(user) and found.accepted_on:
        actions.append({"url": url("decision", pk), "label": _("Record the decision")})
    if access.can_edit(user) and found.decision == Project.Decision.APPROVED:
        actions.append({"url": url("completion", pk), "label": _("Completion acceptance")})
    if access.can_moderate(user) and found.notices.all():
        actions.append(
            {
                "url": f"{url('comments')}?{urlencode({'project': pk})}",
                "label": _("Public comments"),
            }
        )
    context = base(request, found.name, (_("EIA projects"), url("projects")), (found.name, ""))
    context.update(
        {
            "project": found,
            "actions": actions,
            "stage": selectors.stage_label(found.stage),
            "notices": selectors.notice_rows(found, calendar),
            "clock": selectors.decision_check(found, today),
            "completion": selectors.completion_check(found, today, calendar),
            "documents": found.documents.all(),
            "pauses": found.pauses.all(),
            "public_url": reverse("eia:project", args=[found.pk]) if found.notices.all() else "",
        }
    )
    return render(request, "eia/admin/project.html", context)


def _project(pk: int) -> Project:
    return get_object_or_404(Project, pk=pk)


def _screen(request: HttpRequest, project: Project | None, title: str) -> dict[str, Any]:
    trail = [(_("EIA projects"), url("projects"))]
    if project is not None:
        trail.append((project.name, url("project", project.pk)))
    return base(request, title, *trail, (title, ""))


def project_add(request: HttpRequest) -> HttpResponse:
    return _project_form(request, None)


def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(request, _project(pk))


def _project_form(request: HttpRequest, found: Project | None) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    form = forms.ProjectForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            written = save_with(
                form, services.save_project, actor=request.user, project=found, **form.values()
            )
            if written is not None:
                messages.success(request, _("Project saved."))
                return redirect(url("project", written.pk))
    title = _("Edit the project") if found else _("Register a project")
    cancel = url("project", found.pk) if found else url("projects")
    return form_page(request, form, _screen(request, found, title), cancel=cancel, status=status)


def _step_form(
    request: HttpRequest,
    project: Project,
    form: Any,
    *,
    title: str,
    done: str,
    write: Any,
    values: Any,
    multipart: bool = False,
) -> HttpResponse:
    """A form screen of one project: on a valid POST, ``write`` (a service) is called with
    ``values(form)``; its refusal goes onto the form (400), its success back to the
    project with ``done``."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            written = save_with(
                form, write, actor=request.user, project=project, **values(form.cleaned_data)
            )
            if written is not None:
                messages.success(request, done)
                return redirect(url("project", project.pk))
    return form_page(
        request,
        form,
        _screen(request, project, title),
        cancel=url("project", project.pk),
        status=status,
        multipart=multipart,
    )


def notice_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    project = _project(pk)
    taken = set(project.notices.values_list("kind", flat=True))
    return _step_form(
        request,
        project,
        forms.NoticeForm(request.POST or None, taken=taken),
        title=_("Add a notice"),
        done=_("Notice added and its disclosure item sent to review."),
        write=services.add_notice,
        values=dict,
    )


def decision(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_decide(request.user):
        return denied(request)
    project = _project(pk)
    initial = {name: getattr(project, name) for name in services.DECISION_FIELDS}
    return _step_form(
        request,
        project,
        forms.DecisionForm(request.POST or None, initial=initial),
        title=_("Record the decision"),
        done=_("Decision recorded."),
        write=services.record_decision,
        values=dict,
    )


def pause_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _pause_form(request, _project(pk), None)


def pause_edit(request: HttpRequest, pk: int, pause_pk: int) -> HttpResponse:
    return _pause_form(
        request, _project(pk), get_object_or_404(ClockPause, pk=pause_pk, project_id=pk)
    )


def _pause_form(request: HttpRequest, project: Project, found: ClockPause | None) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    return _step_form(
        request,
        project,
        forms.PauseForm(request.POST or None, instance=found),
        title=_("Pause the clock") if found is None else _("Edit the pause"),
        done=_("Pause of the decision period saved."),
        write=services.record_pause,
        values=lambda data: {
            "pause": found,
            **{k: data[k] for k in ("reason", "start", "end")},
        },
    )


def completion(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    project = _project(pk)
    return _step_form(
        request,
        project,
        forms.CompletionForm(request.POST or None, instance=project),
        title=_("Completion acceptance"),
        done=_("Completion acceptance saved."),
        write=services.record_completion,
        values=lambda data: {k: data[k] for k in services.COMPLETION_FIELDS},
    )


def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    return _step_form(
        request,
        _project(pk),
        forms.DocumentForm(request.POST or None, request.FILES or None),
        title=_("Add a document"),
        done=_("Document added."),
        write=services.add_document,
        values=lambda data: {
            "kind": data["kind"],
            "version": data["version"],
            "title": data["title"],
            "upload": data["file"],
        },
        multipart=True,
    )


def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """Either version, for the EIA division (checked on every request)."""
    if not access.can_view(request.user):
        return denied(request)
    found = selectors.staff_document(pk, document_pk)
    if found is None:
        raise Http404
    return privatefiles.serve(found.file, filename=found.original_name)


@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    found = get_object_or_404(Document, pk=document_pk, project_id=pk)
    attempt(request, services.remove_document, _("Document removed."), document=found)
    return redirect(url("project", pk))
