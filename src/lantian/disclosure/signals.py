"""Signal wiring for disclosure: catalogue and workflow set-up after migrate, the
publication date when an item goes live."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import published

from lantian.disclosure.models import DisclosureItem


@receiver(post_migrate)
def _after_migrate(sender: Any, **kwargs: Any) -> None:
    # Like core: act in the last round, when every app's permissions and tables exist.
    from django.apps import apps

    with_models = [app for app in apps.get_app_configs() if app.models_module is not None]
    if sender is not with_models[-1]:
        return
    from lantian.disclosure.services import ensure_catalogue
    from lantian.disclosure.workflow import ensure_workflow

    using = kwargs.get("using", "default")
    ensure_catalogue(actor=None, using=using)
    ensure_workflow(using=using)


@receiver(published, sender=DisclosureItem)
def _set_published_on(sender: Any, instance: DisclosureItem, **kwargs: Any) -> None:
    """The local date the information first went public since it was formed or last
    changed (条例 Art. 26 counts to it); a later republication of the same information
    keeps the date. Wagtail also signals a revision merely scheduled for later: that item
    is not live yet, and its date is set when the scheduler publishes it."""
    if not instance.live:
        return
    if instance.published_on is None or instance.published_on < instance.formed_on:
        instance.published_on = timezone.localdate()
        DisclosureItem.objects.filter(pk=instance.pk).update(published_on=instance.published_on)
