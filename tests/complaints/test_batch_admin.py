"""The inspection-batch back office: only the office's staff (and administrators) see
batches; only administrators and the office's department heads import and publish; the
upload page lists every refused row with its reasons; the batch page links each case to
its case page; anonymous visitors go to the login page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lantian.complaints import batch_services, batches
from lantian.complaints.models import InspectionBatch
from lantian.core.roles import Role
from tests.complaints.batch_fixtures import (
    enforcement_head,
    office_handler,
    office_head,
    places,
)

FIXTURES = (enforcement_head, office_handler, office_head, places)  # found by name
CST = datetime(2026, 11, 3, 10).astimezone().tzinfo
SAMPLE = batches.sample_batch_xlsx()


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"complaint_batches:{name}", args=args)


@pytest.fixture
def batch(places: dict[str, Any], staff: dict[Role, Any]) -> InspectionBatch:
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        result = batch_services.import_batch(
            actor=staff[Role.ADMINISTRATOR], filename="batch.xlsx", content=SAMPLE
        )
    return result.batch


def _upload(client: Client, content: bytes, name: str = "交办清单.xlsx") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(url("upload"), {"file": upload})


def test_anonymous_visitors_are_sent_to_the_login(batch: InspectionBatch) -> None:
    for path in (url("index"), url("upload"), url("batch", batch.pk), url("source", batch.pk)):
        response = Client().get(path)
        assert response.status_code == 302, path
        assert reverse("wagtailadmin_login") in response["Location"]


def test_staff_of_other_departments_are_refused(
    batch: InspectionBatch, staff: dict[Role, Any]
) -> None:
    # the demo's case handler works for 法规与标准处, its department head for 大气环境处
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.EDITOR):
        client = login(staff[role])
        for path in (url("index"), url("upload"), url("batch", batch.pk), url("source", batch.pk)):
            assert client.get(path).status_code == 403, (role, path)
        assert client.post(url("publish", batch.pk)).status_code == 403
        assert _upload(client, SAMPLE).status_code == 403
    assert InspectionBatch.objects.get(pk=batch.pk).results_item is None


def test_the_offices_case_handler_sees_batches_but_does_not_import_or_publish(
    batch: InspectionBatch, office_handler: Any
) -> None:
    client = login(office_handler)
    assert client.get(url("index")).status_code == 200
    assert client.get(url("batch", batch.pk)).status_code == 200
    assert client.get(url("upload")).status_code == 403
    assert client.post(url("publish", batch.pk)).status_code == 403


@time_machine.travel(datetime(2026, 11, 25, 10, tzinfo=CST), tick=False)
def test_the_list_shows_each_batchs_progress_against_the_teams_deadline(
    batch: InspectionBatch, staff: dict[Role, Any]
) -> None:
    from lantian.complaints import services

    first = batch.cases.get(team_case_no="D3SF202611001")
    services.record_findings(
        actor=staff[Role.ADMINISTRATOR],
        complaint=first,
        findings="经现场核查，该厂喷漆废气未经处理直接排放。",
        substantiated="yes",
        measures="责令停产整改。",
        on=date(2026, 11, 10),
    )
    services.reply(
        actor=staff[Role.ADMINISTRATOR], complaint=first, text="已责令整改。", on=date(2026, 11, 12)
    )
    response = login(staff[Role.ADMINISTRATOR]).get(url("index"))
    assert response.status_code == 200
    rows = {row["batch"].batch_no: row["batch"] for row in response.context["rows"]}
    progress = rows["2026-D012"]
    # 3 cases; 1 answered on time; the 2 still open on 25 November are past the 20th
    assert (progress.total, progress.accepted, progress.replied, progress.overdue) == (3, 2, 1, 2)
    assert "2026-D012" in response.content.decode()


def test_an_upload_imports_the_good_rows_and_lists_the_refused_ones(
    places: dict[str, Any], office_head: Any
) -> None:
    rows = [
        {"case_no": "E1", "district": "东城区", "category": "大气", "description": "锅炉冒黑烟"},
        {"case_no": "E2", "district": "南城区", "category": "大气", "description": "区名不对"},
        {"case_no": "E1", "district": "东城区", "category": "大气", "description": "编号重复"},
    ]
    client = login(office_head)
    response = _upload(client, batches.sample_batch_xlsx(batch_no="2026-E01", rows=rows))
    assert response.status_code == 200
    batch = InspectionBatch.objects.get(batch_no="2026-E01")
    assert list(batch.cases.values_list("team_case_no", flat=True)) == ["E1"]
    refused = response.context["refused"]
    assert [r["row"] for r in refused] == [7, 8]
    page = response.content.decode()
    assert "南城区" in page and "E1" in page
    assert url("batch", batch.pk) in page
    # the same sheet again: nothing changes, and the page says so
    again = _upload(client, batches.sample_batch_xlsx(batch_no="2026-E01", rows=rows))
    assert again.status_code == 200 and again.context["result"].already == ["E1"]
    assert batch.cases.count() == 1


def test_a_file_refused_as_a_whole_is_said_on_the_form(
    places: dict[str, Any], staff: dict[Role, Any]
) -> None:
    response = _upload(login(staff[Role.ADMINISTRATOR]), b"%PDF-1.4 not a sheet", "list.xlsx")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not InspectionBatch.objects.exists()


def test_the_batch_page_links_each_case_to_its_case_page(
    batch: InspectionBatch, staff: dict[Role, Any]
) -> None:
    response = login(staff[Role.ADMINISTRATOR]).get(url("batch", batch.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for case in batch.cases.all():
        assert case.team_case_no in page
        assert f'href="{reverse("complaints_admin:case", args=[case.pk])}"' in page


def test_the_source_file_is_served_to_the_office_only(
    batch: InspectionBatch, staff: dict[Role, Any]
) -> None:
    response = login(staff[Role.ADMINISTRATOR]).get(url("source", batch.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SAMPLE
    assert "attachment" in response["Content-Disposition"]
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )


@time_machine.travel(datetime(2026, 11, 7, 10, tzinfo=CST), tick=False)
def test_publish_sends_the_results_to_review(
    batch: InspectionBatch, staff: dict[Role, Any], office_head: Any
) -> None:
    from lantian.complaints import services

    client = login(office_head)
    # nothing finished yet: refused with a message, nothing created
    response = client.post(url("publish", batch.pk), follow=True)
    assert response.status_code == 200
    assert InspectionBatch.objects.get(pk=batch.pk).results_item is None
    case = batch.cases.get(team_case_no="D3SF202611002")
    services.record_findings(
        actor=office_head,
        complaint=case,
        findings="经核查，该工地夜间施工未办理夜间施工许可。",
        substantiated="yes",
        measures="已责令停止夜间施工。",
        on=date(2026, 11, 6),
    )
    response = client.post(url("publish", batch.pk))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.results_item is not None
    assert batch.results_item.workflow_in_progress and not batch.results_item.live
    assert batch.results_published_on == date(2026, 11, 7)


def test_the_menu_offers_batches_to_the_office_only(
    places: dict[str, Any], staff: dict[Role, Any], office_handler: Any
) -> None:
    home = reverse("wagtailadmin_home")
    assert url("index") in login(staff[Role.ADMINISTRATOR]).get(home).content.decode()
    assert url("index") in login(office_handler).get(home).content.decode()
    assert url("index") not in login(staff[Role.CASE_HANDLER]).get(home).content.decode()
