"""The annual disclosure report's back-office screen (who may read, who may write), its
downloads, the narrative saved with an audit entry, and publication as a disclosure item
in the 政府信息公开工作年度报告 category through the review to the public page."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.disclosure import services as disclosure
from lantian.disclosure.catalogue import ANNUAL_REPORTS
from lantian.reports import annual_services
from lantian.reports.models import AnnualReportText

SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/admin/reports/annual/"
YEAR = 2025


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(datetime(2026, 1, 20, 10, tzinfo=SHANGHAI), tick=False) as traveller:
        yield traveller


def test_anonymous_is_sent_to_login(demo: Any) -> None:
    response = Client().get(f"{URL}?year={YEAR}")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.DATA_MANAGER])
def test_roles_outside_may_not_read(client_as: Any, role: Role) -> None:
    client = client_as(role)
    assert client.get(f"{URL}?year={YEAR}").status_code == 403
    assert client.post(URL, {"year": YEAR, "overview": "x"}).status_code == 403
    assert not AnnualReportText.objects.filter(year=YEAR).exists()


@pytest.mark.parametrize("role", [Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER])
def test_only_the_office_writes(client_as: Any, role: Role) -> None:
    client = client_as(role)
    assert client.post(URL, {"year": YEAR, "overview": "x"}).status_code == 403
    assert client.post(URL, {"year": YEAR, "publish": "1"}).status_code == 403
    assert not AnnualReportText.objects.filter(year=YEAR).exists()


def test_a_foi_handler_reads_without_the_form(client_as: Any) -> None:
    response = client_as(Role.CASE_HANDLER).get(f"{URL}?year={YEAR}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2025年政府信息公开工作年度报告" in body
    assert 'name="overview"' not in body


def test_the_editor_writes_with_the_figures_beside(client_as: Any) -> None:
    client = client_as(Role.EDITOR)
    page = client.get(f"{URL}?year={YEAR}").content.decode()
    assert 'name="overview"' in page and "{table_2.penalty.decisions}" in page
    filled = client.get(f"{URL}?year={YEAR}&defaults=1").content.decode()
    assert "{table_3.new.total}" in filled  # the default text, placeholders kept
    response = client.post(
        URL,
        {
            "year": YEAR,
            "overview": "全年新收申请{table_3.new.total}件。",
            "problems": "",
            "other_matters": "",
        },
    )
    assert response.status_code == 302
    text = AnnualReportText.objects.get(year=YEAR)
    assert text.overview == "全年新收申请{table_3.new.total}件。"
    entry = ModelLogEntry.objects.get(action=annual_services.TEXT_SAVED, object_id=str(text.pk))
    assert entry.data["changes"]["overview"][1] == text.overview
    doc = json.loads(client.get(f"{URL}?year={YEAR}&format=json").content)
    assert doc["sections"]["1"]["text"] == f"全年新收申请{doc['table_3']['new']['total']}件。"
    assert doc["sections"]["1"]["default"] is False and doc["sections"]["5"]["default"] is True


@pytest.mark.parametrize("fmt,start", [("docx", b"PK"), ("pdf", b"%PDF")])
def test_downloads(client_as: Any, fmt: str, start: bytes) -> None:
    response = client_as(Role.CASE_HANDLER).get(f"{URL}?year={YEAR}&format={fmt}")
    assert response.status_code == 200 and response.content.startswith(start)
    assert f"annual-report-{YEAR}.{fmt}" in response["Content-Disposition"]


def test_publish_goes_through_review_to_the_public_page(
    client_as: Any, staff: dict[Role, Any], clock: Any
) -> None:
    public = f"/disclosure/annual-reports/{YEAR}/"
    editor = client_as(Role.EDITOR)
    editor.post(
        URL, {"year": YEAR, "overview": "本年度概况。", "problems": "", "other_matters": ""}
    )
    assert editor.post(URL, {"year": YEAR, "publish": "1"}).status_code == 302
    text = AnnualReportText.objects.get(year=YEAR)
    item = text.published_item
    assert item is not None and item.category.code == ANNUAL_REPORTS
    assert item.title == "示范市生态环境局2025年政府信息公开工作年度报告"
    assert item.workflow_in_progress and not item.live
    assert text.published_snapshot["sections"]["1"]["text"] == "本年度概况。"
    assert ModelLogEntry.objects.filter(
        action=annual_services.PUBLISHED, object_id=str(text.pk)
    ).exists()
    assert Client().get(public).status_code == 404  # in review

    disclosure.publish_item(actor=None, item=item)  # the review's last approval
    item.refresh_from_db()
    titles = sorted(a.title for a in item.attachments.all())
    assert titles == ["年度报告全文（DOCX）", "年度报告全文（PDF）"]
    # what was published stays, whatever the narrative becomes
    annual_services.save_text(actor=staff[Role.EDITOR], year=YEAR, overview="改过的概况。")
    page = Client().get(public)
    assert page.status_code == 200
    body = page.content.decode()
    assert "本年度概况。" in body and "改过的概况。" not in body
    assert "二、主动公开政府信息情况" in body and "第二十条第（一）项" in body
    assert item.index_no in body

    # published again: the public keeps the live version until the review approves
    clock.shift(3600)
    assert editor.post(URL, {"year": YEAR, "publish": "1"}).status_code == 302
    assert "改过的概况。" not in Client().get(public).content.decode()
    clock.shift(3600)
    disclosure.publish_item(actor=None, item=item)
    assert "改过的概况。" in Client().get(public).content.decode()


def test_no_public_page_without_a_published_report(demo: Any) -> None:
    assert Client().get(f"/disclosure/annual-reports/{YEAR}/").status_code == 404
