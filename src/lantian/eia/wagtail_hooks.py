"""The EIA app in the back office: its audit-log actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.eia import comment_services, services


@hooks.register("register_log_actions")
def register_eia_log_actions(actions: Any) -> None:
    actions.register_action(
        services.NOTICE_ADDED, _("EIA notice added"), _("EIA project's public notice added")
    )
    actions.register_action(
        services.DECISION_RECORDED,
        _("EIA decision recorded"),
        _("EIA project's approval decision recorded"),
    )
    actions.register_action(
        services.PAUSE_RECORDED,
        _("EIA clock paused"),
        _("Pause of an EIA project's decision period recorded (expert review, hearing)"),
    )
    actions.register_action(
        services.DOCUMENT_ADDED, _("EIA document added"), _("Document added to an EIA project")
    )
    actions.register_action(
        services.DOCUMENT_REMOVED,
        _("EIA document removed"),
        _("Document removed from an EIA project"),
    )
    actions.register_action(
        services.COMPLETION_RECORDED,
        _("EIA completion acceptance recorded"),
        _("Completion acceptance of an EIA project recorded"),
    )


@hooks.register("register_log_actions")
def register_eia_comment_log_actions(actions: Any) -> None:
    actions.register_action(
        comment_services.COMMENT_SUBMITTED,
        _("EIA comment received"),
        _("Public comment on an EIA notice received"),
    )
    actions.register_action(
        comment_services.COMMENT_MODERATED,
        _("EIA comment moderated"),
        _("Public comment on an EIA notice published or not published"),
    )
    actions.register_action(
        comment_services.COMMENT_REPLIED,
        _("EIA comment answered"),
        _("The bureau's reply to a public comment on an EIA notice written or corrected"),
    )


# The back office's screens: importing the module registers its URLs, doors and menu.
from lantian.eia.admin import urls as admin_urls  # noqa: E402, F401
