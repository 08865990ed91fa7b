"""Who may open the EIA back office, and what they may do there
(docs/decisions/0028-eia-comments-documents-back-office.md):

- the EIA division (环境影响评价与排放管理处: case handlers and department heads of the
  department named by ``EIA_DEPARTMENT``, or one below it) registers projects and their
  documents (full and public versions), publishes the notices, records pauses of the
  clock and the completion acceptance, moderates and answers the public's comments, and
  imports the national platform's XLSX;
- its department heads alone record the decision (批准 / 不予批准);
- administrators do all of it.

Editors, reviewers, data managers and the case handlers and heads of other departments
hold nothing here (403). The roles' model permissions (registered by :func:`register`,
called from ``EiaConfig.ready``) open the door; the role and department decide behind it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lantian.core.roles import Role, is_administrator, register_permissions, roles_of, works_in

VIEW = "eia.view_project"
EDIT = "eia.change_project"
DECIDE = "eia.decide_project"
MODERATE = "eia.change_comment"
IMPORT = "eia.add_projectimport"

_SEE = (
    VIEW,
    "eia.view_notice",
    "eia.view_clockpause",
    "eia.view_document",
    "eia.view_comment",
    "eia.view_projectimport",
)
_EDIT = (
    "eia.add_project",
    EDIT,
    "eia.add_notice",
    "eia.change_notice",
    "eia.add_clockpause",
    "eia.change_clockpause",
    "eia.add_document",
    "eia.delete_document",
    MODERATE,
    IMPORT,
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_HANDLER: _SEE + _EDIT,
    Role.DEPARTMENT_HEAD: (*_SEE, *_EDIT, DECIDE),
    Role.ADMINISTRATOR: (*_SEE, *_EDIT, DECIDE),
}


def register() -> None:
    """Add the EIA permissions to the roles (from ``EiaConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def in_eia_division(user: Any) -> bool:
    return works_in(user, str(getattr(settings, "EIA_DEPARTMENT", "eia")))


def is_division_staff(user: Any) -> bool:
    return (
        _signed_in(user)
        and bool({Role.CASE_HANDLER, Role.DEPARTMENT_HEAD} & set(roles_of(user)))
        and in_eia_division(user)
    )


def is_division_head(user: Any) -> bool:
    return _signed_in(user) and Role.DEPARTMENT_HEAD in roles_of(user) and in_eia_division(user)


def _holds(user: Any, permission: str) -> bool:
    return _signed_in(user) and user.has_perm(permission)


def can_view(user: Any) -> bool:
    """Projects with their full documents, comments (with contacts) and imports."""
    return _holds(user, VIEW) and (is_administrator(user) or is_division_staff(user))


def can_edit(user: Any) -> bool:
    """Register and correct projects; notices, pauses, documents, completion acceptance."""
    return _holds(user, EDIT) and (is_administrator(user) or is_division_staff(user))


def can_decide(user: Any) -> bool:
    """Record the decision on a project."""
    return _holds(user, DECIDE) and (is_administrator(user) or is_division_head(user))


def can_moderate(user: Any) -> bool:
    """Publish or decline the public's comments, and answer them."""
    return _holds(user, MODERATE) and (is_administrator(user) or is_division_staff(user))


def can_import(user: Any) -> bool:
    """Import the national platform's XLSX of projects and decisions."""
    return _holds(user, IMPORT) and (is_administrator(user) or is_division_staff(user))
