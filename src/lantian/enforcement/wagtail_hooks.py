"""The enforcement app in the back office: its audit-log actions, its screens (``admin``)
and the dashboard's late reports and unpublished penalties (``admin.dashboard``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.enforcement import services


@hooks.register("register_log_actions")
def register_enforcement_log_actions(actions: Any) -> None:
    actions.register_action(
        services.PENALTY_PUBLISHED,
        _("Penalty published"),
        _("Penalty decision published"),
    )
    actions.register_action(
        services.PENALTY_STATUS_CHANGED,
        _("Penalty status changed"),
        _("Penalty decision's status changed (review, litigation, revocation)"),
    )
    actions.register_action(
        services.RATING_PUBLISHED,
        _("Credit rating published"),
        _("Enterprise credit rating published"),
    )
    actions.register_action(
        services.OBJECTION_DECIDED,
        _("Rating objection decided"),
        _("Objection to a credit rating upheld or rejected"),
    )
    actions.register_action(
        services.CREDIT_REPAIRED,
        _("Credit repaired"),
        _("Enterprise credit repaired to a better level"),
    )
    actions.register_action(
        services.REPORT_SUBMITTED,
        _("Disclosure report submitted"),
        _("Enterprise environmental disclosure report submitted or corrected"),
    )
    actions.register_action(
        services.REPORT_DRAFTED,
        _("Disclosure report draft saved"),
        _("Draft of an enterprise environmental disclosure report saved"),
    )
    actions.register_action(
        services.REPORT_FILE_ADDED,
        _("Disclosure report file added"),
        _("File attached to an enterprise environmental disclosure report"),
    )
    actions.register_action(
        services.REPORT_FILE_REMOVED,
        _("Disclosure report file removed"),
        _("File removed from an enterprise environmental disclosure report"),
    )


# The back office's screens, doors and menu (lantian.enforcement.admin), and the
# dashboard's sources, registered on import.
from lantian.enforcement.admin import dashboard  # noqa: E402, F401
from lantian.enforcement.admin import urls as admin_urls  # noqa: E402, F401
