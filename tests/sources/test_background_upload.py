"""A large staff upload of self-monitoring data is kept as a queued batch and imported by
a background job (``sources.tasks.import_batch``) whose progress the batch's page shows
and polls (``progress.json``); smaller files are imported at once. The tests run the
job as the immediate task backend does, when the upload's transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantian.core import admin_access
from lantian.core.roles import Role
from lantian.sources import selectors, tasks
from lantian.sources.models import ExceedanceEvent, Measurement, MonitoringBatch
from tests.complaints.conftest import member, signed_in
from tests.sources.conftest import HEADER, POWER_PLANT, Plants

pytestmark = pytest.mark.django_db

State = MonitoringBatch.State


def url(name: str, *args: Any) -> str:
    return reverse(f"sources_admin:{name}", args=args)


def monitoring_file() -> bytes:
    """23 hours of SO2 at the power plant's stack (fixed dates in May 2026), three of them
    far above its limit, and one row for an outlet it does not have."""
    rows = [HEADER]
    for hour in range(23):
        value = 260 if 8 <= hour < 11 else 40
        rows.append(
            f"{POWER_PLANT},DA001,a21026,2026-05-03 {hour:02d}:00,"
            f"2026-05-03 {hour + 1:02d}:00,{value},mg/m3,6,N\n"
        )
    rows.append(f"{POWER_PLANT},DA009,a21026,2026-05-03 08:00,2026-05-03 09:00,40,mg/m3,6,N\n")
    return "".join(rows).encode()


def stored() -> set[tuple]:
    return set(
        Measurement.objects.values_list("outlet_id", "pollutant", "start", "end", "value", "flag")
    )


def post(client: Any, content: bytes, name: str = "自行监测.csv") -> Any:
    return client.post(
        url("upload", "self-monitoring"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


@pytest.fixture
def manager(staff: dict[Any, Any]) -> Any:
    return staff[Role.DATA_MANAGER]


def test_a_large_file_is_queued_then_imported_as_the_direct_path_does(
    manager: Any, plants: Plants, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(manager)
    content = monitoring_file()
    # below the threshold: imported at once, as before
    settings.SOURCES_BACKGROUND_UPLOAD_BYTES = len(content)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, content)
    assert response.status_code == 302 and not callbacks
    direct = MonitoringBatch.objects.get()
    assert (direct.state, direct.rows_done, direct.rows_total) == (State.DONE, 23, 23)
    expected_rows, expected_events = stored(), ExceedanceEvent.objects.count()
    assert expected_events == 1 and len(expected_rows) == 23
    # start again from no data, and upload the same file above the threshold
    Measurement.objects.all().delete()
    ExceedanceEvent.objects.all().delete()
    settings.SOURCES_BACKGROUND_UPLOAD_BYTES = len(content) - 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, content)
    queued = MonitoringBatch.objects.exclude(pk=direct.pk).get()
    assert response.status_code == 302 and response["Location"] == url("batch", queued.pk)
    assert (queued.state, queued.accepted, bytes(queued.raw)) == (State.QUEUED, 0, content)
    assert queued.submitted_by == manager and not Measurement.objects.exists()
    page = client.get(url("batch", queued.pk)).content.decode()
    assert 'role="status"' in page and "<progress" in page and "Refresh" in page
    assert "batch-progress.js" in page and url("batch_progress", queued.pk) in page
    assert client.get(url("batch_progress", queued.pk)).json() == {
        "state": "queued",
        "label": "Queued",
        "rows_done": 0,
        "rows_total": 0,
        "percent": 0,
        "text": "Waiting for its turn to be imported.",
        "error": "",
    }
    assert "Queued" in client.get(url("batches")).content.decode()

    assert len(callbacks) == 1
    callbacks[0]()  # the commit enqueues the job; the immediate backend runs it
    queued.refresh_from_db()
    assert queued.state == State.DONE and queued.error == ""
    assert (queued.rows_done, queued.rows_total) == (23, 23)
    assert (queued.accepted, queued.unchanged, queued.rejected) == (23, 0, 1)
    assert queued.report == direct.report
    assert stored() == expected_rows
    assert ExceedanceEvent.objects.count() == expected_events
    assert cache.get(selectors.batch_progress_key(queued.pk)) is None
    progress = client.get(url("batch_progress", queued.pk)).json()
    assert progress | {"text": ""} == {
        "state": "done",
        "label": "Imported",
        "rows_done": 23,
        "rows_total": 23,
        "percent": 100,
        "text": "",
        "error": "",
    }
    page = client.get(url("batch", queued.pk)).content.decode()
    assert "Result of the import" in page and "1 row refused" in page and "<progress" not in page

    # the job again (a retry, a second worker) changes nothing
    before = MonitoringBatch.objects.values().get(pk=queued.pk)
    assert tasks.import_batch.call(queued.pk) == {"batch": queued.pk, "skipped": True}
    assert MonitoringBatch.objects.values().get(pk=queued.pk) == before
    assert stored() == expected_rows


def test_a_running_import_reports_the_rows_written_so_far(
    manager: Any, plants: Plants, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SOURCES_BACKGROUND_UPLOAD_BYTES = 10
    client = signed_in(manager)
    with django_capture_on_commit_callbacks(execute=False):
        post(client, monitoring_file())
    batch = MonitoringBatch.objects.get()
    # as a worker leaves it between two chunks: the total committed, the count in the cache
    MonitoringBatch.objects.filter(pk=batch.pk).update(state=State.RUNNING, rows_total=2000)
    cache.set(selectors.batch_progress_key(batch.pk), 500)
    try:
        progress = client.get(url("batch_progress", batch.pk)).json()
        page = client.get(url("batch", batch.pk)).content.decode()
        listing = client.get(url("batches")).content.decode()
    finally:
        cache.delete(selectors.batch_progress_key(batch.pk))
    assert progress["state"] == "running" and progress["label"] == "Importing"
    assert (progress["rows_done"], progress["rows_total"], progress["percent"]) == (500, 2000, 25)
    assert progress["text"] == "500 of 2,000 rows written (25%)."
    assert 'max="2000" value="500"' in page and "500 of 2,000 rows written (25%)." in page
    assert "Importing (25%)" in listing
    # a running batch is not claimed a second time
    assert tasks.import_batch.call(batch.pk) == {"batch": batch.pk, "skipped": True}


def test_a_broken_file_ends_failed_with_its_reason_and_nothing_written(
    manager: Any, plants: Plants, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SOURCES_BACKGROUND_UPLOAD_BYTES = 10
    client = signed_in(manager)
    content = b"enterprise,when,how_much\n" + b"x,2026-05-03,1\n" * 20
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, content, "broken.csv")
    batch = MonitoringBatch.objects.get()
    assert response["Location"] == url("batch", batch.pk)
    assert batch.state == State.FAILED and "the header lacks the columns" in batch.error
    assert (batch.accepted, batch.rejected, batch.rows_done, batch.report) == (0, 0, 0, {})
    assert not Measurement.objects.exists()
    progress = client.get(url("batch_progress", batch.pk)).json()
    assert progress["state"] == "failed" and progress["error"] == batch.error
    page = client.get(url("batch", batch.pk)).content.decode()
    assert "The import failed" in page and "the header lacks the columns" in page
    assert "Nothing of this file was stored." in page and "<progress" not in page
    assert "Failed" in client.get(url("batches")).content.decode()
    # again: still failed, nothing written
    assert tasks.import_batch.call(batch.pk)["skipped"] is True
    batch.refresh_from_db()
    assert batch.state == State.FAILED and not Measurement.objects.exists()


def test_the_progress_has_the_door_of_the_batch_page(
    manager: Any, staff: dict[Any, Any], plants: Plants, settings: Any
) -> None:
    batch = MonitoringBatch.objects.create(
        source=MonitoringBatch.Source.STAFF, sha256="0" * 64, raw=b"x", state=State.QUEUED
    )
    path = url("batch_progress", batch.pk)
    assert admin_access.checks_for("sources_admin:batch_progress") == admin_access.checks_for(
        "sources_admin:batch"
    )
    brigade = member("enf-handler", "enforcement", Role.CASE_HANDLER, "吴", "刚")
    for user in (manager, staff[Role.ADMINISTRATOR], brigade):
        assert signed_in(user).get(path).status_code == 200, user
    for role in (Role.EDITOR, Role.REVIEWER, Role.CASE_HANDLER, Role.DEPARTMENT_HEAD):
        response = signed_in(staff[role]).get(path)
        assert response.status_code == 403, role
        assert b"rows_total" not in response.content
    response = signed_in(manager).get(url("batch_progress", batch.pk + 1000))
    assert response.status_code == 404
    anonymous = signed_in(manager)
    anonymous.logout()
    response = anonymous.get(path)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
