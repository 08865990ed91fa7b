"""Signal wiring for the complaints app: the channel rules and default categories after
migrate (created when missing, never overwriting an administrator's edit)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_migrate


def _seed_defaults(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from lantian.complaints.services import ensure_defaults

    ensure_defaults(using=using)


def connect() -> None:
    """Called from ``ComplaintsConfig.ready``."""
    post_migrate.connect(
        _seed_defaults,
        sender=apps.get_app_config("complaints"),
        dispatch_uid="lantian.complaints.seed_defaults",
    )
