"""The demo's annual disclosure report: the last full year's narrative written and the
report published (live) in the 政府信息公开工作年度报告 category, once."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from lantian.demo.annual_report import load_annual_report
from lantian.disclosure.catalogue import ANNUAL_REPORTS
from lantian.reports.models import AnnualReportText

TODAY = date(2026, 1, 20)


def test_the_demo_publishes_last_years_report_once(demo: Any) -> None:
    assert load_annual_report(today=TODAY) == {"reports": 1}
    text = AnnualReportText.objects.get(year=2025)
    item = text.published_item
    assert item.live and item.category.code == ANNUAL_REPORTS
    sections = text.published_snapshot["sections"]
    assert sections["1"]["default"] is False and sections["6"]["default"] is True
    assert "{" not in sections["1"]["text"] and "{" not in sections["5"]["text"]
    page = Client().get("/disclosure/annual-reports/2025/")
    assert page.status_code == 200
    assert "示范市生态环境局2025年政府信息公开工作年度报告" in page.content.decode()
    assert load_annual_report(today=TODAY) == {"reports": 0}
