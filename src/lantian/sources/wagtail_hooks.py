"""The sources app in the back office: its audit-log actions, its screens (``admin``)
and the dashboard's exceedances awaiting review (``admin.dashboard``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.sources import services, supervisory_services


@hooks.register("register_log_actions")
def register_sources_log_actions(actions: Any) -> None:
    actions.register_action(
        services.EXCEEDANCE_REVIEWED,
        _("Exceedance reviewed"),
        _("Exceedance event confirmed or dismissed by staff"),
    )
    actions.register_action(
        services.EXCEEDANCE_EXPLAINED,
        _("Exceedance explained"),
        _("Enterprise's explanation of an exceedance event recorded"),
    )
    actions.register_action(
        services.ACCOUNT_INVITED,
        _("Enterprise account opened"),
        _("Account for an enterprise opened and its link sent"),
    )
    actions.register_action(
        services.ACCOUNT_REVOKED,
        _("Enterprise account closed"),
        _("Account for an enterprise closed"),
    )
    actions.register_action(
        supervisory_services.SENT_TO_PUBLICATION,
        _("Sent to publication"),
        _("Key-unit list or supervisory-monitoring report sent to publication"),
    )


# The back office's screens, doors and menu (lantian.sources.admin), and the dashboard's
# sources, registered on import.
from lantian.sources.admin import dashboard  # noqa: E402, F401
from lantian.sources.admin import urls as admin_urls  # noqa: E402, F401
