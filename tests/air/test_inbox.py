"""The watched folder: files dropped by station systems are ingested on schedule."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lantian.air.models import IngestBatch, Observation
from lantian.air.services import ingest_inbox, save_station
from lantian.air.tasks import pick_up_observation_files

pytestmark = pytest.mark.django_db

CSV = "station,time,so2,no2,co,o3,pm10,pm25\n1001A,2026-03-02 01:00,5,30,0.6,60,70,40\n"


@pytest.fixture
def station() -> None:
    save_station(
        actor=None, code="1001A", name="监测站", district="示范区", latitude=31.3, longitude=120.6
    )


def aged(path: Path, seconds: float = 120) -> Path:
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_a_dropped_file_is_ingested_and_moved_to_done(station, tmp_path: Path) -> None:
    (tmp_path / "hour.csv").write_text(CSV)
    aged(tmp_path / "hour.csv")
    (tmp_path / "notes.txt").write_text("not data")
    results = ingest_inbox(directory=tmp_path)
    assert [r["file"] for r in results] == ["hour.csv"]
    assert results[0]["accepted"] == 1
    batch = IngestBatch.objects.get()
    assert batch.source == IngestBatch.Source.FOLDER and batch.filename == "hour.csv"
    assert Observation.objects.count() == 1
    assert not (tmp_path / "hour.csv").exists()
    assert [p.name.endswith("-hour.csv") for p in (tmp_path / "done").iterdir()] == [True]
    assert (tmp_path / "notes.txt").exists()  # not an observation file: left alone


def test_a_file_still_being_written_waits(station, tmp_path: Path) -> None:
    (tmp_path / "fresh.csv").write_text(CSV)
    # modified just now by the clock the service reads (the file system's own clock is not
    # moved by time_machine, e.g. in the shifted-clock run)
    aged(tmp_path / "fresh.csv", seconds=0)
    assert ingest_inbox(directory=tmp_path) == []
    assert (tmp_path / "fresh.csv").exists() and not IngestBatch.objects.exists()
    assert len(ingest_inbox(directory=tmp_path, now=time.time() + 60)) == 1


def test_the_same_file_again_changes_nothing(station, tmp_path: Path) -> None:
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(CSV)
        aged(tmp_path / name)
    first, second = ingest_inbox(directory=tmp_path)
    assert first["accepted"] == 1
    assert second["accepted"] == 0 and second["unchanged"] == 1
    assert Observation.objects.count() == 1


def test_an_unreadable_file_goes_to_failed_with_the_reason(station, tmp_path: Path) -> None:
    (tmp_path / "broken.csv").write_text("nothing,we,know\n1,2,3\n")
    aged(tmp_path / "broken.csv")
    (result,) = ingest_inbox(directory=tmp_path)
    assert "error" in result
    failed = sorted(p.name for p in (tmp_path / "failed").iterdir())
    assert len(failed) == 2 and failed[1] == failed[0] + ".txt"
    reason = (tmp_path / "failed" / failed[1]).read_text()
    assert reason.strip() == result["error"]
    assert not IngestBatch.objects.exists()


def test_the_scheduled_job_reads_the_configured_folder(station, tmp_path: Path, settings) -> None:
    settings.AIR_INBOX_DIR = ""
    assert pick_up_observation_files.call() == []
    settings.AIR_INBOX_DIR = str(tmp_path)
    (tmp_path / "hour.json").write_text(
        '{"observations": [{"station": "1001A", "time": "2026-03-02 02:00", "pm25": 35}]}'
    )
    aged(tmp_path / "hour.json")
    (result,) = pick_up_observation_files.call()
    assert result["accepted"] == 1


def test_the_job_runs_every_five_minutes() -> None:
    from crontask import scheduler

    job = next(j for j in scheduler.get_jobs() if j.name.endswith("pick_up_observation_files"))
    assert {f.name: str(f) for f in job.trigger.fields}["minute"] == "*/5"
