"""Back office of the catalogue, disclosure items, their review and the reports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.disclosure import services


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions: Any) -> None:
    actions.register_action(
        services.WITHDRAWN, _("Withdrawn"), _("Disclosure item withdrawn from publication")
    )
    actions.register_action(
        services.ATTACHMENT_ADDED, _("Attachment added"), _("Attachment checked and added")
    )
    actions.register_action(services.LINKED, _("Links changed"), _("Related items changed"))
    actions.register_action(
        services.CATALOGUE_SEEDED,
        _("Catalogue seeded"),
        _("Catalogue category created from the standard catalogue"),
    )
