"""The approvals app in the back office: its audit-log actions and its screens
(``admin``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.approvals import services


@hooks.register("register_log_actions")
def register_approvals_log_actions(actions: Any) -> None:
    actions.register_action(
        services.ITEM_PUBLISHED,
        _("Service guide published"),
        _("Approval item's service guide published"),
    )
    actions.register_action(
        services.ITEM_WITHDRAWN,
        _("Service guide withdrawn"),
        _("Approval item's service guide withdrawn from the public site"),
    )


# The back office's screens, doors and menu, registered on import.
from lantian.approvals.admin import urls as admin_urls  # noqa: E402, F401
