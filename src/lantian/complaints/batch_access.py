"""Who may see, import and publish inspection-team batches (督察交办批次).

Batches are the office's work: the office (办公室) receives a team's referral sheet,
imports it, follows its progress against the team's deadline and publishes the results.
The model permissions open the door (registered for the roles by
:func:`register`, called from ``ComplaintsConfig.ready``); behind it the user must also
be office-wide (an administrator or a member of the office,
:func:`lantian.complaints.selectors.is_office_wide`). Case handlers and department heads
of other departments work their cases on the case pages, not here.
"""

from __future__ import annotations

from typing import Any

from lantian.core.roles import Role, register_permissions

VIEW = "complaints.view_inspectionbatch"
ADD = "complaints.add_inspectionbatch"
CHANGE = "complaints.change_inspectionbatch"

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_HANDLER: (VIEW,),
    Role.DEPARTMENT_HEAD: (VIEW, ADD, CHANGE),
    Role.ADMINISTRATOR: (VIEW, ADD, CHANGE),
}


def register() -> None:
    """Add the batch permissions to the roles (from ``ComplaintsConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def _office(user: Any) -> bool:
    from lantian.complaints import selectors

    return bool(getattr(user, "is_authenticated", False) and selectors.is_office_wide(user))


def can_view(user: Any) -> bool:
    """The batch list and pages: office-wide staff holding the view permission."""
    return _office(user) and user.has_perm(VIEW)


def can_import(user: Any) -> bool:
    """Uploading a team's sheet: administrators and department heads of the office."""
    return _office(user) and user.has_perm(ADD)


def can_publish(user: Any) -> bool:
    """Sending a batch's results to publication (they then go through the review)."""
    return _office(user) and user.has_perm(CHANGE)
