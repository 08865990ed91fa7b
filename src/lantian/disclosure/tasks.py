"""Periodic disclosure jobs, enqueued by `lantian scheduler`."""

from __future__ import annotations

import logging

from crontask import cron
from django.tasks import task

from lantian.disclosure import channels

logger = logging.getLogger(__name__)


@cron("* * * * *")
@task
def deliver_publications() -> dict[str, int]:
    """Post due outbox rows to their channels (WeChat, Weibo), with retries and backoff.

    Idempotent and safe to run on several workers at once: each row is claimed before
    its attempt. Never raises; failures are recorded on the rows.
    """
    try:
        counts = channels.deliver_due()
    except Exception:  # a periodic job must not die; the next run retries
        logger.exception("deliver_publications failed")
        return {"error": 1}
    if counts:
        logger.info("publications delivered: %s", counts)
    return counts
