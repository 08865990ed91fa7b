"""`lantian scheduler` writes a line at INFO only when a job did something (the task says
so itself); that a job ran, and the lock upkeep every 5 seconds, only at DEBUG: the filter
from settings.LOGGING on APScheduler's executor logger."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import crontask
import pytest
from apscheduler.executors.base import run_job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from crontask import utils

# importing a tasks module registers its @cron jobs with crontask
import lantian.air.tasks
import lantian.disclosure.tasks  # noqa: F401
from lantian.air.services import save_station
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


def registered(name: str, scheduler: BackgroundScheduler) -> Any:
    """The job `lantian scheduler` runs for one of our tasks, on the test's scheduler."""
    job = next(job for job in crontask.scheduler.get_jobs() if job.name.endswith(name))
    return scheduler.add_job(job.func, job.trigger, name=job.name)


def info_and_above(caplog: pytest.LogCaptureFixture) -> list[tuple[str, int, str]]:
    """Every line the console shows at the default LOG_LEVEL=INFO, from any logger."""
    return [
        (r.name, r.levelno, r.getMessage()) for r in caplog.records if r.levelno >= logging.INFO
    ]


@pytest.mark.django_db
def test_an_idle_run_is_quiet_at_info(
    scheduler: BackgroundScheduler,
    caplog: pytest.LogCaptureFixture,
    settings: Any,
    tmp_path: Path,
) -> None:
    """deliver_publications runs every minute; with nothing due it writes nothing at INFO,
    nor does the folder pick-up finding an empty folder (tasks run inline in tests)."""
    settings.AIR_INBOX_DIR = str(tmp_path)
    jobs = [
        registered("deliver_publications", scheduler),
        registered("pick_up_observation_files", scheduler),
    ]
    caplog.clear()  # "Added job": the real scheduler adds its jobs before it logs anything
    with caplog.at_level(logging.INFO):
        for job in jobs:
            run(job)
    assert info_and_above(caplog) == []
    with caplog.at_level(logging.DEBUG):  # LOG_LEVEL=DEBUG still shows that the jobs ran
        for job in jobs:
            run(job)
    assert (logging.DEBUG, f'Job "{jobs[0]}" executed successfully') in records(caplog)


@pytest.mark.django_db
def test_a_run_that_did_work_logs_it_at_info(
    scheduler: BackgroundScheduler,
    caplog: pytest.LogCaptureFixture,
    settings: Any,
    tmp_path: Path,
) -> None:
    save_station(
        actor=None, code="1001A", name="监测站", district="示范区", latitude=31.3, longitude=120.6
    )
    settings.AIR_INBOX_DIR = str(tmp_path)
    dropped = tmp_path / "hour.csv"
    dropped.write_text("station,time,pm25\n1001A,2026-03-02 01:00,40\n")
    past = time.time() - 120  # settled: not being written any more
    os.utime(dropped, (past, past))
    job = registered("pick_up_observation_files", scheduler)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        run(job)
    ((logger, level, message),) = info_and_above(caplog)
    assert (logger, level) == ("lantian.air.tasks", logging.INFO)
    assert message.startswith("air inbox: {'file': 'hour.csv'") and "'accepted': 1" in message


def test_failures_keep_their_level(
    scheduler: BackgroundScheduler, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    job = scheduler.add_job(broken, IntervalTrigger(seconds=5), name=LOCK_UPKEEP_JOB)
    with caplog.at_level(logging.INFO):
        run(job)
    assert [level for level, _message in records(caplog)] == [logging.ERROR]
