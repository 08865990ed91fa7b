"""Logging filters named in ``settings.LOGGING``.

`lantian scheduler` runs django-crontask on APScheduler, whose executor logs every run of
every job at INFO: "Running job …" and "Job … executed successfully", so the lock upkeep
(crontask extends its lock every 5 seconds) printed two lines every 5 seconds. The filter
keeps at INFO only the line saying a scheduled job ran (it enqueued its task) and moves
the rest to DEBUG, where ``LOG_LEVEL=DEBUG`` still shows them.
"""

from __future__ import annotations

import logging

LOCK_UPKEEP_JOB = "crontask.utils.lock.extend"  # the name crontask gives its lock job
RUNNING = 'Running job "%s" (scheduled at %s)'
EXECUTED = 'Job "%s" executed successfully'


def _job_name(record: logging.LogRecord) -> str:
    args = record.args if isinstance(record.args, tuple) else ()
    return str(getattr(args[0], "name", "")) if args else ""


class SchedulerRoutine(logging.Filter):
    """On APScheduler's executor logger: lock upkeep and "Running job" notices go to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True  # missed runs (WARNING) and failures (ERROR) stay as they are
        routine = record.msg == RUNNING or (
            record.msg == EXECUTED and _job_name(record) == LOCK_UPKEEP_JOB
        )
        if not routine:
            return True
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
