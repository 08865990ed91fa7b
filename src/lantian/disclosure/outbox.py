"""The publication outbox's writes: a row per channel when an item is published (Wagtail's
``published`` signal), the withdrawal when it is unpublished, and staff's audited
"retry now" — each enqueues the delivery job (``tasks.deliver_publications``), which
works the rows off through :mod:`lantian.disclosure.channels`.

These writes live here (not in ``services.py``) because they are driven by signals and
the job, not by staff forms.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.signals import published, unpublished

from lantian.core import audit
from lantian.core.jobs import enqueue_on_commit
from lantian.disclosure import tasks
from lantian.disclosure.channels import CHANNELS, get_channel
from lantian.disclosure.models import DisclosureItem, Publication

State = Publication.State
PUBLICATION_RETRIED = "lantian.publication_retried"  # labelled in channel_admin.py


def queue_publication(*, item: DisclosureItem) -> list[Publication]:
    """One row per enabled channel that takes the item; idempotent (see the module)."""
    now = timezone.now()
    rows = []
    to_deliver = False
    with transaction.atomic():
        for channel in CHANNELS:
            if not (channel.enabled() and channel.accepts(item)):
                continue
            row, created = Publication.objects.select_for_update().get_or_create(
                item=item, channel=channel.code, defaults={"next_attempt_at": now}
            )
            if not created and row.state in (State.SENT, State.PENDING, State.FAILED):
                rows.append(row)  # already out, or on its way
                continue
            row.state, row.attempts, row.last_error = State.PENDING, 0, ""
            row.next_attempt_at, row.external_id, row.sent_at = now, "", None
            if channel.delivered_at_once:
                row.state, row.attempts = State.SENT, 1
                row.external_id, row.sent_at, row.next_attempt_at = channel.publish(item), now, None
            else:
                to_deliver = True
            row.save()
            rows.append(row)
        if to_deliver:
            _enqueue_delivery()
    return rows


def queue_withdrawal(*, item: DisclosureItem) -> list[Publication]:
    """Mark the item's rows for withdrawal; a sent post is taken back by the job."""
    now = timezone.now()
    rows = []
    to_deliver = False
    with transaction.atomic():
        for row in Publication.objects.select_for_update().filter(item=item):
            if row.state == State.WITHDRAWN:
                continue
            channel = get_channel(row.channel)
            row.next_attempt_at = None
            can_withdraw = bool(channel and channel.supports_withdraw)
            if row.state == State.SENT and row.external_id and can_withdraw:
                if channel and channel.delivered_at_once:
                    row.state = State.WITHDRAWN
                else:
                    row.state, row.attempts, row.last_error = State.PENDING, 0, ""
                    row.next_attempt_at = now
                    to_deliver = True
            elif row.state == State.SENT:
                row.state = State.WITHDRAWN
                row.last_error = str(
                    _("This channel cannot take a post back; remove the post by hand.")
                )
            else:  # never reached the channel: nothing to take back
                row.state = State.WITHDRAWN
            row.save()
            rows.append(row)
        if to_deliver:
            _enqueue_delivery()
    return rows


def _enqueue_delivery() -> None:
    enqueue_on_commit(tasks.deliver_publications)


@receiver(published, sender=DisclosureItem, dispatch_uid="disclosure_channels_published")
def _on_published(sender: Any, instance: DisclosureItem, **kwargs: Any) -> None:
    if instance.live:  # not when the revision was only scheduled
        queue_publication(item=instance)


@receiver(unpublished, sender=DisclosureItem, dispatch_uid="disclosure_channels_unpublished")
def _on_unpublished(sender: Any, instance: DisclosureItem, **kwargs: Any) -> None:
    queue_withdrawal(item=instance)


def retry_publication(*, publication: Publication, actor: Any) -> Publication:
    """Staff's "retry now": a failed or given-up row is due at once with fresh attempts."""
    retryable = (State.FAILED, State.GAVE_UP, State.PENDING)
    with transaction.atomic():
        row = Publication.objects.select_for_update().get(pk=publication.pk)
        if row.state not in retryable:
            raise ValueError(f"a {row.state} publication cannot be retried")
        before = audit.snapshot(row, ["state", "attempts", "next_attempt_at"])
        row.state, row.attempts, row.next_attempt_at = State.PENDING, 0, timezone.now()
        row.save(update_fields=["state", "attempts", "next_attempt_at"])
        audit.record(
            actor=actor,
            instance=row.item,
            action=PUBLICATION_RETRIED,
            changes=audit.changed_fields(before, audit.snapshot(row, before.keys())),
            data={"publication": row.pk, "channel": row.channel},
        )
        _enqueue_delivery()
    return row
