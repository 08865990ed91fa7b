"""Core periodic jobs. `lantian scheduler` enqueues them on their cron schedules."""

from __future__ import annotations

from crontask import cron
from django.core.management import call_command
from django.tasks import task


@cron("*/5 * * * *")
@task
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail).

    Idempotent: a page already published is not published again.
    """
    call_command("publish_scheduled")
