"""Signal wiring for core: calendar cache invalidation and role set-up after migrate."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from lantian.core import calendar
from lantian.core.models import CalendarDay, CalendarYear


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(**_: Any) -> None:
    calendar.invalidate()


@receiver(post_migrate)
def _after_migrate(sender: Any, **kwargs: Any) -> None:
    # post_migrate is sent once per installed app, in order, and each app's permissions
    # are created by its own round: act in the last round, when all of them exist.
    from django.apps import apps

    with_models = [app for app in apps.get_app_configs() if app.models_module is not None]
    if sender is not with_models[-1]:
        return
    from lantian.core.roles import ensure_roles
    from lantian.core.services import seed_calendar

    ensure_roles(using=kwargs.get("using", "default"))
    seed_calendar(actor=None)  # idempotent: only years and days not yet in the table
