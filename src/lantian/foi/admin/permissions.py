"""Who may open the FOI back office, and which cases they see.

Model permissions open the door (case handlers and department heads view and work
cases, administrators hold everything, editors and data managers nothing); which cases
are behind it is always :func:`lantian.foi.selectors.cases_visible_to` — a case of
another department is a 404, never a 403 that would confirm it exists. The audit log
follows the same scope (:func:`visible_log_entries`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from lantian.core import admin_access
from lantian.core.roles import Role, register_permissions
from lantian.foi.models import Application, CaseEvent, Letter, ReleasedFile, Remedy

VIEW = "foi.view_application"
CHANGE = "foi.change_application"

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_HANDLER: (
        VIEW,
        CHANGE,
        "foi.view_caseevent",
        "foi.view_letter",
        "foi.view_releasedfile",
        "foi.view_remedy",
    ),
    Role.DEPARTMENT_HEAD: (
        VIEW,
        CHANGE,
        "foi.view_caseevent",
        "foi.view_letter",
        "foi.view_releasedfile",
        "foi.view_remedy",
    ),
    Role.ADMINISTRATOR: (
        "foi.add_application",
        VIEW,
        CHANGE,
        "foi.view_caseevent",
        "foi.view_letter",
        "foi.add_releasedfile",
        "foi.change_releasedfile",
        "foi.view_releasedfile",
        "foi.add_remedy",
        "foi.change_remedy",
        "foi.view_remedy",
    ),
}


def register() -> None:
    """Add the FOI permissions to the roles (from ``FoiConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def can_view(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(VIEW))


def can_change(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(CHANGE))


def denied(request: Any) -> HttpResponse:
    """403 with a page that says why (core.admin_access's refusal page)."""
    return admin_access.refused(
        request,
        _(
            "Your role does not include work on disclosure applications. Ask an "
            "administrator if you need it."
        ),
    )


def visible_cases(user: Any) -> QuerySet[Application]:
    """The cases ``user`` may see; nothing for a user without the view permission."""
    from lantian.foi import selectors

    if not can_view(user):
        return Application.objects.none()
    return selectors.cases_visible_to(user)


def case_for(user: Any, pk: int) -> Application:
    """The case ``pk`` if ``user`` may see it, else 404."""
    return get_object_or_404(visible_cases(user), pk=pk)


# Every FOI audit action is named so (services, letters, the back office's views).
AUDIT_ACTION_PREFIX = "lantian.foi_"
# Records that belong to a case through their ``application``; their entries are the case's.
CASE_RECORDS = (CaseEvent, Letter, ReleasedFile, Remedy)


def _keys(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Primary keys as the text ``object_id`` of a log entry holds them."""
    return queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")


def visible_log_entries(user: Any, entries: QuerySet[Any]) -> QuerySet[Any]:
    """The audit entries of ``entries`` that ``user`` may see: FOI entries (on a case or a
    record of one, or with an FOI action on anything else, e.g. an export) only of the
    cases in :func:`visible_cases` — all for office-wide roles, none without the FOI view
    permission; other entries are not this app's to filter. Registered with
    :func:`lantian.core.audit.register_log_filter` from ``FoiConfig.ready``."""
    from lantian.foi import selectors

    if can_view(user) and selectors.is_office_wide(user):
        return entries
    types = ContentType.objects.get_for_models(Application, *CASE_RECORDS)
    foi = Q(content_type__in=list(types.values())) | Q(action__startswith=AUDIT_ACTION_PREFIX)
    if not can_view(user):
        return entries.exclude(foi)
    cases = visible_cases(user)
    theirs = Q(content_type=types[Application], object_id__in=_keys(cases))
    for model in CASE_RECORDS:
        records = model.objects.filter(application__in=cases.values("pk"))
        theirs |= Q(content_type=types[model], object_id__in=_keys(records))
    return entries.exclude(foi & ~theirs)
