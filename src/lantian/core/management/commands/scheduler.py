"""`lantian scheduler`: the one process that enqueues periodic jobs on their schedule.

It wraps django-crontask: every ``@cron`` task in an app's ``tasks.py`` is enqueued
at its time; workers (`lantian db_worker`) run them. With ``REDIS_URL`` set, a lock
keeps a second scheduler (on another server) waiting instead of doubling every job.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic-job scheduler (publish_scheduled every 5 minutes, …)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("crontask", no_heartbeat=True)
