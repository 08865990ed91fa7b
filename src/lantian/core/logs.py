"""Logging filters named in ``settings.LOGGING``.

`lantian scheduler` runs django-crontask on APScheduler, whose executor logs every run of
every job at INFO: "Running job …" and "Job … executed successfully". A scheduled job only
enqueues its task, and crontask extends its lock every 5 seconds, so an idle scheduler
printed a line a minute for ``deliver_publications`` alone and two lines every 5 seconds
for the lock upkeep. The filter moves both lines to DEBUG, where ``LOG_LEVEL=DEBUG`` still
shows them; a task says at INFO itself when it did something (``publications delivered:
…``, ``air inbox: …``). Missed runs (WARNING) and failures (ERROR) keep their level.
"""

from __future__ import annotations

import logging

LOCK_UPKEEP_JOB = "crontask.utils.lock.extend"  # the name crontask gives its lock job
RUNNING = 'Running job "%s" (scheduled at %s)'
EXECUTED = 'Job "%s" executed successfully'
ROUTINE = {RUNNING, EXECUTED}


class SchedulerRoutine(logging.Filter):
    """On APScheduler's executor logger: "Running job" and "executed successfully" (of
    every job, the lock upkeep included) go to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or record.msg not in ROUTINE:
            return True  # missed runs (WARNING) and failures (ERROR) stay as they are
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
