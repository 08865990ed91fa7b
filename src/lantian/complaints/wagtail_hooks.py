"""Wagtail loads this module; the screens live in :mod:`lantian.complaints.admin`, one
module each, registered by importing them here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.complaints import services

# Each module registers its own screens and hooks when imported: dashboard its attention
# sources, doors its core.admin_access checks, batches the inspection batches, hot_topics
# and typical_cases the public-reaction screens.
from lantian.complaints.admin import (  # noqa: F401
    batches,
    dashboard,
    doors,
    hot_topics,
    typical_cases,
    views,
)
from lantian.complaints.admin.viewsets import ComplaintsViewSetGroup


@hooks.register("register_admin_viewset")
def register_complaints_viewsets() -> ComplaintsViewSetGroup:
    return ComplaintsViewSetGroup()


@hooks.register("register_log_actions")
def register_complaints_log_actions(actions: Any) -> None:
    actions.register_action(
        services.AUDIT_ACTION, _("Complaint step"), _("Step taken on a complaint or message")
    )
    actions.register_action(
        views.CASE_VIEWED, _("Complaint viewed"), _("Complaint or message opened by staff")
    )


@hooks.register("register_log_actions")
def register_complaint_document_log_actions(actions: Any) -> None:
    """Letters issued and documents (photos, letters) downloaded."""
    from lantian.complaints import downloads, letter_services

    actions.register_action(
        letter_services.LETTER_ISSUED, _("Letter issued"), _("Letter to a complainant issued")
    )
    actions.register_action(
        downloads.DOCUMENT_DOWNLOADED,
        _("Case document downloaded"),
        _("Photo or letter of a complaint downloaded"),
    )
