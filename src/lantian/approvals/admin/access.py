"""Who may open the approvals back office, and what they may do there
(docs/decisions/0027-approval-service-guides.md):

- editors draft and correct the guides (items and their materials);
- reviewers publish a complete guide and withdraw a published one (four eyes: the
  editor who wrote it does not publish it);
- administrators do both; editors, reviewers and administrators see the completeness
  report. Case handlers, department heads and data managers hold nothing here (403).

The roles' model permissions (registered by :func:`register`, called from
``ApprovalsConfig.ready``) open the door; the role decides behind it.
"""

from __future__ import annotations

from typing import Any

from lantian.core.roles import Role, is_administrator, register_permissions, roles_of

VIEW = "approvals.view_approvalitem"
EDIT = "approvals.change_approvalitem"
PUBLISH = "approvals.publish_approvalitem"

_SEE = ("approvals.view_approvalitem", "approvals.view_material")
_EDIT = (
    *(
        f"approvals.{action}_{model}"
        for model in ("approvalitem", "material")
        for action in ("add", "change")
    ),
    "approvals.delete_material",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.EDITOR: _SEE + _EDIT,
    Role.REVIEWER: (*_SEE, PUBLISH),
    Role.ADMINISTRATOR: (*_SEE, *_EDIT, PUBLISH),
}


def register() -> None:
    """Add the approvals permissions to the roles (from ``ApprovalsConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def _holds(user: Any, permission: str, *roles: Role) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.has_perm(permission)
        and (is_administrator(user) or bool(set(roles) & set(roles_of(user))))
    )


def can_view(user: Any) -> bool:
    """The items, their guides and the completeness report."""
    return _holds(user, VIEW, Role.EDITOR, Role.REVIEWER)


def can_edit(user: Any) -> bool:
    """Add and change items and their materials."""
    return _holds(user, EDIT, Role.EDITOR)


def can_publish(user: Any) -> bool:
    """Publish a complete guide, withdraw a published one."""
    return _holds(user, PUBLISH, Role.REVIEWER)
