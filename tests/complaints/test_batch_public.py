"""The public results of an inspection batch: shown once the results item has passed
the disclosure review, only for cases with findings recorded, in the format bureaus
publish, with no personal data; the same table is the item's XLSX attachment."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lantian.complaints import batch_services, batches, services
from lantian.complaints.models import Complaint, InspectionBatch
from lantian.core.roles import Role
from lantian.disclosure import services as disclosure
from tests.complaints.batch_fixtures import enforcement_head, office_head, places

FIXTURES = (enforcement_head, office_head, places)  # found by name
CST = datetime(2026, 11, 3, 10).astimezone().tzinfo
PHONE = "13812345678"
NAME = "王建华"
ROWS = (
    {
        "case_no": "D3SF202611001",
        "district": "东城区",
        "category": "大气污染",
        "description": f"东城区滨河路家具厂夜间喷漆，气味刺鼻。举报人{NAME}，电话{PHONE}。",
    },
    {
        "case_no": "D3SF202611002",
        "district": "西湖区",
        "category": "噪声污染",
        "description": "西湖区建设路工地夜间施工，噪声扰民。",
    },
    {
        "case_no": "D3SF202611003",
        "district": "东城区",
        "category": "水污染",
        "description": "东城区清水河排口排放黑色污水。",
    },
)


def page(batch_no: str = "2026-D012") -> str:
    return reverse("complaints:batch_results", args=[batch_no])


@pytest.fixture
def batch(places: dict[str, Any], staff: dict[Role, Any]) -> InspectionBatch:
    """The sample batch, two of its three cases investigated (the first one answered)."""
    admin = staff[Role.ADMINISTRATOR]
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        result = batch_services.import_batch(
            actor=admin, filename="b.xlsx", content=batches.sample_batch_xlsx(rows=ROWS)
        )
    cases = {c.team_case_no: c for c in result.imported}
    first = services.record_findings(
        actor=admin,
        complaint=cases["D3SF202611001"],
        findings=f"经核查，该厂喷漆废气收集设施未运行，情况属实。现场负责人{NAME}在场。",
        substantiated="yes",
        measures="责令立即停止喷漆作业，限期完成废气治理设施整改。",
        penalties="立案查处，罚款人民币五万元。",
        accountability="对属地街道分管负责人约谈。",
        on=date(2026, 11, 8),
    )
    services.reply(actor=admin, complaint=first, text="已查处并整改。", on=date(2026, 11, 10))
    services.record_findings(
        actor=admin,
        complaint=cases["D3SF202611002"],
        findings="经核查，该工地已办理夜间施工许可，噪声监测达标。",
        substantiated="no",
        measures="",
        on=date(2026, 11, 9),
    )
    return result.batch


def _publish(batch: InspectionBatch, staff: dict[Role, Any], heads: dict[str, Any]) -> Any:
    """Sent by an administrator, reviewed, approved by a head of the item's department
    (the catalogue category's owner, else the office)."""
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=CST), tick=False):
        item = batch_services.publish_batch_results(actor=staff[Role.ADMINISTRATOR], batch=batch)
        disclosure.approve_step(actor=staff[Role.REVIEWER], item=item, comment="不涉密，可公开")
        return disclosure.approve_step(actor=heads[item.department.code], item=item)


def test_nothing_is_public_before_the_review_has_published_the_results(
    batch: InspectionBatch, office_head: Any
) -> None:
    client = Client()
    assert client.get(page()).status_code == 404
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=CST), tick=False):
        item = batch_services.publish_batch_results(actor=office_head, batch=batch)
    assert item.workflow_in_progress and not item.live
    assert client.get(page()).status_code == 404
    assert "2026-D012" not in client.get(reverse("complaints:batch_list")).content.decode()


def test_the_published_results_show_finished_cases_without_personal_data(
    batch: InspectionBatch, office_head: Any, enforcement_head: Any, staff: dict[Role, Any]
) -> None:
    item = _publish(batch, staff, {"office": office_head, "enforcement": enforcement_head})
    assert item.live
    response = Client().get(page())
    assert response.status_code == 200
    html = response.content.decode()
    # finished cases only: the third has no findings
    assert "D3SF202611001" in html and "D3SF202611002" in html
    assert "D3SF202611003" not in html and "清水河" not in html
    # what the bureau publishes: the masked question, findings, measures, penalty
    assert "138****5678" in html and "罚款人民币五万元" in html and "约谈" in html
    for personal in (PHONE, NAME):
        assert personal not in html
    rows = {row.team_case_no: row for row in response.context["rows"]}
    assert str(rows["D3SF202611001"].substantiated) != str(rows["D3SF202611002"].substantiated)
    assert rows["D3SF202611001"].district == "东城区"
    # the list of published batches names it
    listing = Client().get(reverse("complaints:batch_list")).content.decode()
    assert page() in listing


def test_the_results_are_a_disclosure_item_with_the_table_attached(
    batch: InspectionBatch, office_head: Any, enforcement_head: Any, staff: dict[Role, Any]
) -> None:
    from openpyxl import load_workbook

    item = _publish(batch, staff, {"office": office_head, "enforcement": enforcement_head})
    batch.refresh_from_db()
    assert batch.results_item_id == item.pk and batch.results_published_on == date(2026, 11, 12)
    assert item.category.code == "08.03" and item.index_no
    assert "2026-D012" in item.title and page() in item.body
    attachments = list(item.attachments.all())
    assert len(attachments) == 1
    with attachments[0].file.open("rb") as stored:
        sheet = load_workbook(io.BytesIO(stored.read())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [
        "受理编号",
        "行政区",
        "举报问题",
        "调查核实情况",
        "是否属实",
        "处理和整改情况",
        "行政处罚",
        "责任追究",
    ]
    assert [row[0] for row in values[1:]] == ["D3SF202611001", "D3SF202611002"]
    text = repr(values)
    assert PHONE not in text and NAME not in text
    # the item's public page links nothing of the complainant either
    assert (
        PHONE not in Client().get(reverse("disclosure:item", args=[item.index_no])).content.decode()
    )


def test_a_batch_without_findings_cannot_be_published(
    places: dict[str, Any], office_head: Any
) -> None:
    result = batch_services.import_batch(
        actor=office_head, filename="c.xlsx", content=batches.sample_batch_xlsx(batch_no="2026-F")
    )
    with pytest.raises(ValidationError):
        batch_services.publish_batch_results(actor=office_head, batch=result.batch)
    assert InspectionBatch.objects.get(pk=result.batch.pk).results_item is None


def test_an_unknown_batch_is_not_found(demo: Any) -> None:
    assert Client().get(page("2099-X")).status_code == 404


def test_findings_recorded_after_publication_wait_for_the_next_review(
    batch: InspectionBatch, office_head: Any, enforcement_head: Any, staff: dict[Role, Any]
) -> None:
    heads = {"office": office_head, "enforcement": enforcement_head}
    _publish(batch, staff, heads)
    third = batch.cases.get(team_case_no="D3SF202611003")
    services.record_findings(
        actor=staff[Role.ADMINISTRATOR],
        complaint=third,
        findings="经核查，排口为雨水排口，未发现排放污水。",
        substantiated="no",
        measures="",
        on=date(2026, 11, 14),
    )
    assert "D3SF202611003" not in Client().get(page()).content.decode()
    with time_machine.travel(datetime(2026, 11, 16, 10, tzinfo=CST), tick=False):
        item = batch_services.publish_batch_results(actor=staff[Role.ADMINISTRATOR], batch=batch)
        assert item.live and item.workflow_in_progress  # the old table stays public meanwhile
        assert "D3SF202611003" not in Client().get(page()).content.decode()
        disclosure.approve_step(actor=staff[Role.REVIEWER], item=item)
        disclosure.approve_step(actor=heads[item.department.code], item=item)
    html = Client().get(page()).content.decode()
    assert "D3SF202611003" in html and "雨水排口" in html
    # the item carries only the newest table
    item.refresh_from_db()
    tables = list(item.attachments.all())
    assert len(tables) == 1 and tables[0].title.endswith("2026-11-16）")


def test_a_substantiated_finding_reads_substantiated_not_the_columns_question() -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(Complaint.Substantiated.YES.label) == "属实"
        assert str(Complaint.Substantiated.NO.label) == "不属实"
    with translation.override("en"):
        assert str(Complaint.Substantiated.YES.label) == "Substantiated"
