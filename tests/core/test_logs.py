"""`lantian scheduler` logs a job that ran at INFO, its lock upkeep (every 5 seconds) only
at DEBUG: the filter from settings.LOGGING on APScheduler's executor logger."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import crontask
import pytest
from apscheduler.executors.base import run_job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from crontask import utils

import lantian.air.tasks  # noqa: F401  (registers its @cron jobs with crontask)
from lantian.core.logs import LOCK_UPKEEP_JOB

EXECUTOR_LOGGER = "apscheduler.executors.default"  # the logger the scheduler runs jobs with


@pytest.fixture
def scheduler() -> Iterator[BackgroundScheduler]:
    """A scheduler with the lock job added as `crontask` adds it, started paused so only
    the test runs its jobs."""
    scheduler = BackgroundScheduler()
    scheduler.start(paused=True)
    yield scheduler
    if scheduler.running:  # a failed lock extension shuts it down itself
        scheduler.shutdown(wait=False)


def run(job: Any) -> list[Any]:
    return run_job(job, "default", [datetime.now(UTC)], EXECUTOR_LOGGER)


def records(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == EXECUTOR_LOGGER]


def test_lock_upkeep_logs_nothing_at_info(
    scheduler: BackgroundScheduler, caplog: pytest.LogCaptureFixture
) -> None:
    job = scheduler.add_job(
        utils.extend_lock,
        IntervalTrigger(seconds=5),
        args=(utils.lock, scheduler),
        name=LOCK_UPKEEP_JOB,
    )
    # held as the scheduler holds it (a real Redis lock when REDIS_URL is set)
    with utils.lock, caplog.at_level(logging.INFO):
        run(job)
    assert records(caplog) == []
    with utils.lock, caplog.at_level(logging.DEBUG):  # LOG_LEVEL=DEBUG still shows it
        run(job)
    assert [level for level, _message in records(caplog)] == [logging.DEBUG, logging.DEBUG]


def test_a_job_that_ran_logs_at_info(
    scheduler: BackgroundScheduler, caplog: pytest.LogCaptureFixture, settings: Any
) -> None:
    settings.AIR_INBOX_DIR = ""  # the task finds no folder; the job still enqueued it
    registered = next(
        job
        for job in crontask.scheduler.get_jobs()
        if job.name.endswith("pick_up_observation_files")
    )
    job = scheduler.add_job(registered.func, registered.trigger, name=registered.name)
    with caplog.at_level(logging.INFO):
        run(job)
    assert records(caplog) == [(logging.INFO, f'Job "{job}" executed successfully')]


def test_failures_keep_their_level(
    scheduler: BackgroundScheduler, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    job = scheduler.add_job(broken, IntervalTrigger(seconds=5), name=LOCK_UPKEEP_JOB)
    with caplog.at_level(logging.INFO):
        run(job)
    assert [level for level, _message in records(caplog)] == [logging.ERROR]
