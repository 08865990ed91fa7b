"""Signal wiring for the foi app: the default letter templates after migrate."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_migrate


def _seed_letter_templates(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from lantian.foi.letter_services import ensure_letter_templates

    ensure_letter_templates(actor=None, using=using)


def connect() -> None:
    """Called from ``FoiConfig.ready``: seed templates once the foi tables exist, and give
    administrators the letter templates to edit."""
    from lantian.core.roles import Role, register_permissions

    post_migrate.connect(
        _seed_letter_templates,
        sender=apps.get_app_config("foi"),
        dispatch_uid="lantian.foi.seed_letter_templates",
    )
    register_permissions(
        Role.ADMINISTRATOR, ["foi.change_lettertemplate", "foi.view_lettertemplate"]
    )
