"""Periodic enforcement jobs, enqueued by `lantian scheduler` (crontask loads every app's
``tasks`` module; the ``@cron`` line is each job's schedule).

- 06:30 daily in January–March, :func:`open_annual_report_obligations`: every enterprise
  on last year's key-unit lists owes its annual disclosure report for last year by
  15 March (令第24号); the obligations are opened so that the late and missing ones show.
  Idempotent: an enterprise listed after the first run gets its obligation the next day.
"""

from __future__ import annotations

from datetime import date

from crontask import cron
from django.tasks import task
from django.utils import timezone

from lantian.enforcement import services


def open_obligations(today: date | None = None) -> int:
    """Open last year's annual report obligations as of ``today``."""
    today = today or timezone.localdate()
    return services.open_annual_reports_of_key_units(actor=None, year=today.year - 1)


@cron("30 6 * 1-3 *")
@task
def open_annual_report_obligations() -> int:
    """January to March, every morning: last year's annual report obligations."""
    return open_obligations()
