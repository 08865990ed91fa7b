"""Who may open the public-interaction back office, and which cases they see.

Model permissions open the door (case handlers and department heads view and work
cases, administrators hold everything and edit the settings: categories, routing rules,
channel rules, letter templates; editors and data managers nothing); which cases are
behind it is always :func:`lantian.complaints.selectors.cases_visible_to` — a case of
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

from lantian.complaints.models import (
    Complaint,
    ComplaintEvent,
    Letter,
    Photo,
    SiteInspection,
)
from lantian.core import admin_access
from lantian.core.roles import Role, register_permissions, roles_of

VIEW = "complaints.view_complaint"
CHANGE = "complaints.change_complaint"
ADD = "complaints.add_complaint"

_CASE_WORK = (
    VIEW,
    CHANGE,
    ADD,  # staff enter 12369 calls, petitions and supervision reports
    "complaints.view_complaintevent",
    "complaints.view_letter",
    "complaints.view_photo",
    "complaints.view_siteinspection",
)

# The settings of the channel: administrators edit them (Wagtail snippets, audited).
SETTINGS_MODELS = ("category", "routingrule", "channelrule", "lettertemplate")
_SETTINGS = tuple(
    f"complaints.{action}_{model}"
    for model in SETTINGS_MODELS
    for action in ("add", "change", "delete", "view")
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_HANDLER: _CASE_WORK,
    Role.DEPARTMENT_HEAD: _CASE_WORK,
    Role.ADMINISTRATOR: _CASE_WORK + _SETTINGS,
}


def register() -> None:
    """Add the complaints permissions to the roles (from ``ComplaintsConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view(user: Any) -> bool:
    return _staff(user) and user.has_perm(VIEW)


def can_change(user: Any) -> bool:
    return _staff(user) and user.has_perm(CHANGE)


def can_register(user: Any) -> bool:
    return _staff(user) and user.has_perm(ADD) and user.has_perm(CHANGE)


def is_head(user: Any) -> bool:
    """Department heads approve extensions (《信访条例》 Art. 33: "with approval")."""
    return _staff(user) and Role.DEPARTMENT_HEAD in roles_of(user)


def is_administrator(user: Any) -> bool:
    return _staff(user) and (
        bool(getattr(user, "is_superuser", False)) or Role.ADMINISTRATOR in roles_of(user)
    )


def denied(request: Any) -> HttpResponse:
    """403 with a page that says why (core.admin_access's refusal page)."""
    return admin_access.refused(
        request,
        _(
            "Your role does not include work on complaints and public messages. Ask an "
            "administrator if you need it."
        ),
    )


def is_office_wide(user: Any) -> bool:
    from lantian.complaints import selectors

    return bool(selectors.is_office_wide(user))


def visible_cases(user: Any) -> QuerySet[Complaint]:
    """The cases ``user`` may see; nothing for a user without the view permission."""
    from lantian.complaints import selectors

    if not can_view(user):
        return Complaint.objects.none()
    return selectors.cases_visible_to(user)


def case_for(user: Any, pk: int) -> Complaint:
    """The case ``pk`` if ``user`` may see it, else 404."""
    return get_object_or_404(visible_cases(user), pk=pk)


# Every complaints audit action is named so (services, letters, the back office's views).
AUDIT_ACTION_PREFIX = "lantian.complaint"
# Records that belong to a case through their ``complaint``; their entries are the case's.
CASE_RECORDS = (ComplaintEvent, Letter, Photo, SiteInspection)


def _keys(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Primary keys as the text ``object_id`` of a log entry holds them."""
    return queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")


def visible_log_entries(user: Any, entries: QuerySet[Any]) -> QuerySet[Any]:
    """The audit entries of ``entries`` that ``user`` may see: complaint entries (on a
    case or a record of one, or with a complaints action on anything else) only of the
    cases in :func:`visible_cases` — all for office-wide roles, none without the view
    permission; other entries are not this app's to filter. Registered with
    :func:`lantian.core.audit.register_log_filter` from ``ComplaintsConfig.ready``."""
    if can_view(user) and is_office_wide(user):
        return entries
    types = ContentType.objects.get_for_models(Complaint, *CASE_RECORDS)
    ours = Q(content_type__in=list(types.values())) | Q(action__startswith=AUDIT_ACTION_PREFIX)
    if not can_view(user):
        return entries.exclude(ours)
    cases = visible_cases(user)
    theirs = Q(content_type=types[Complaint], object_id__in=_keys(cases))
    for model in CASE_RECORDS:
        records = model.objects.filter(complaint__in=cases.values("pk"))
        theirs |= Q(content_type=types[model], object_id__in=_keys(records))
    return entries.exclude(ours & ~theirs)
