"""Periodic jobs of reports, enqueued by `lantian scheduler` (crontask loads every app's
``tasks`` module; the ``@cron`` line is each job's schedule).

- 06:30 daily, :func:`inspect_site`: the website self-inspection (国办秘函〔2019〕19号)
  as of today; a failed single-item veto is e-mailed to the administrators and stays on
  their dashboard until a later run passes. The browser check (axe-core) is left to
  `lantian inspect-site --axe`, outbound links to LANTIAN_INSPECTION_OUTBOUND_LINKS.
- on demand, :func:`inspect_site_for`: the same, asked for by an administrator on the
  inspection screen ("Run the inspection now").
"""

from __future__ import annotations

from crontask import cron
from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone

from lantian.reports import inspection_services as services
from lantian.reports.models import InspectionRun


@cron("30 6 * * *")
@task
def inspect_site() -> int:
    """Run and store the inspection; returns the number of alert e-mails sent."""
    run = services.run_inspection(
        trigger=InspectionRun.Trigger.SCHEDULE, today=timezone.localdate()
    )
    return services.alert_administrators(run)


@task
def inspect_site_for(actor_pk: int) -> int:
    """The inspection an administrator asked for on its screen (a crawl of the whole site
    takes longer than a request should): stored as theirs, alerting like the daily job."""
    actor = get_user_model().objects.filter(pk=actor_pk).first()
    run = services.run_inspection(
        trigger=InspectionRun.Trigger.STAFF, today=timezone.localdate(), actor=actor
    )
    return services.alert_administrators(run)
