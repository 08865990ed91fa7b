"""Who may open the enforcement back office, and what they may do there.

Enforcement is the enforcement brigade's work (生态环境执法支队, the department named by
``ENFORCEMENT_DEPARTMENT``, or one below it), and administrators'
(docs/decisions/0024-sources-back-office.md):

- the brigade's case handlers record and correct penalty decisions, inspections and
  compulsory measures (查封、扣押: their extension and lifting too),
  enter a credit rating's indicator inputs (the engine rates them) and record objections;
- its department heads also publish decisions, change their status (with the reason),
  publish ratings, decide objections and record credit repair;
- administrators do all of it.

The roles' model permissions (registered by :func:`register`, called from
``EnforcementConfig.ready``) open the door; the department decides behind it. Case
handlers and heads of other departments, editors, reviewers and data managers hold
nothing here (403).
"""

from __future__ import annotations

from typing import Any

from lantian.core.roles import (
    Role,
    in_enforcement_brigade,
    is_administrator,
    register_permissions,
    roles_of,
)

VIEW = "enforcement.view_penalty"
WORK = "enforcement.change_penalty"
DECIDE = "enforcement.add_creditrepair"

_SEE = tuple(
    f"enforcement.view_{model}"
    for model in (
        "penalty",
        "inspection",
        "compulsorymeasure",
        "creditrating",
        "creditobjection",
        "creditrepair",
        "disclosurereport",
    )
)
_WORK = (
    *(
        f"enforcement.{action}_{model}"
        for model in ("penalty", "inspection", "compulsorymeasure", "creditrating")
        for action in ("add", "change")
    ),
    "enforcement.add_creditobjection",
)
_DECIDE = (DECIDE, "enforcement.change_creditobjection")

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_HANDLER: _SEE + _WORK,
    Role.DEPARTMENT_HEAD: _SEE + _WORK + _DECIDE,
    Role.ADMINISTRATOR: _SEE + _WORK + _DECIDE,
}


def register() -> None:
    """Add the enforcement permissions to the roles (from ``EnforcementConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _brigade_staff(user: Any) -> bool:
    return (
        _signed_in(user)
        and bool({Role.CASE_HANDLER, Role.DEPARTMENT_HEAD} & set(roles_of(user)))
        and in_enforcement_brigade(user)
    )


def _brigade_head(user: Any) -> bool:
    return (
        _signed_in(user) and Role.DEPARTMENT_HEAD in roles_of(user) and in_enforcement_brigade(user)
    )


def can_view(user: Any) -> bool:
    """Penalties, inspections, ratings, disclosure reports and the late list."""
    return (
        _signed_in(user)
        and user.has_perm(VIEW)
        and (is_administrator(user) or _brigade_staff(user))
    )


def can_work(user: Any) -> bool:
    """Record and correct penalties, inspections and compulsory measures; rate; record
    objections."""
    return (
        _signed_in(user)
        and user.has_perm(WORK)
        and (is_administrator(user) or _brigade_staff(user))
    )


def can_decide(user: Any) -> bool:
    """Publish penalties and ratings, change a penalty's status, decide objections,
    record credit repair."""
    return (
        _signed_in(user)
        and user.has_perm(DECIDE)
        and (is_administrator(user) or _brigade_head(user))
    )
