"""Publication statistics for the annual report: per category, department, channel and
month over any period."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lantian.core.roles import Role
from lantian.disclosure import selectors
from lantian.disclosure.models import DisclosureItem, Publication

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _published(item: DisclosureItem, on: date, live: bool = True) -> DisclosureItem:
    DisclosureItem.objects.filter(pk=item.pk).update(live=live, published_on=on)
    item.refresh_from_db()
    return item


@pytest.fixture
def published(make_item: Any) -> dict[str, DisclosureItem]:
    items = {
        "air_jan": _published(make_item("一月空气", category="05.01"), date(2026, 1, 10)),
        "air_mar": _published(make_item("三月空气", category="05.01"), date(2026, 3, 2)),
        "water_mar": _published(
            make_item("三月水质", category="05.02", department="water"), date(2026, 3, 31)
        ),
        "penalty": _published(
            make_item("处罚决定书", category="09.01", department="enforcement"), date(2026, 2, 5)
        ),
        "last_year": _published(make_item("去年", category="05.01"), date(2025, 12, 31)),
        "withdrawn": _published(
            make_item("已撤回", category="05.01"), date(2026, 2, 1), live=False
        ),
        "draft": make_item("草稿", category="05.01"),
    }
    sent = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
    Publication.objects.create(
        item=items["air_mar"], channel="wechat", state=Publication.State.SENT, sent_at=sent
    )
    Publication.objects.create(
        item=items["penalty"], channel="wechat", state=Publication.State.SENT, sent_at=sent
    )
    Publication.objects.create(item=items["water_mar"], channel="weibo", state="failed")
    # sent at 00:30 on 1 April in Shanghai: outside a period ending on 31 March
    Publication.objects.create(
        item=items["water_mar"],
        channel="wechat",
        state=Publication.State.SENT,
        sent_at=datetime(2026, 4, 1, 0, 30, tzinfo=SHANGHAI),
    )
    return items


def test_counts_per_category_department_channel_and_month(
    published: dict[str, DisclosureItem],
) -> None:
    stats = selectors.publication_statistics(date(2026, 1, 1), date(2026, 3, 31))
    assert stats.total == 4
    assert {c.code: n for c, n in stats.by_category} == {"05.01": 2, "05.02": 1, "09.01": 1}
    assert {c.code: n for c, n in stats.by_top_category} == {"05": 3, "09": 1}
    assert {d.code: n for d, n in stats.by_department} == {
        "monitoring": 2,
        "water": 1,
        "enforcement": 1,
    }
    channels = {code: n for code, _label, n in stats.by_channel}
    assert channels["website"] == 4
    assert channels["wechat"] == 2  # the April send is outside; the failed one never counts
    assert channels.get("weibo", 0) == 0
    assert stats.by_month == [("2026-01", 1), ("2026-02", 1), ("2026-03", 2)]


def test_any_period(published: dict[str, DisclosureItem]) -> None:
    stats = selectors.publication_statistics(date(2025, 12, 1), date(2026, 1, 31))
    assert stats.total == 2
    assert stats.by_month == [("2025-12", 1), ("2026-01", 1)]


def test_statistics_page_and_downloads(
    published: dict[str, DisclosureItem], client_as: Any
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    url = reverse("disclosure_statistics_report")
    query = {"start": "2026-01-01", "end": "2026-03-31"}
    page = client.get(url, query)
    assert page.status_code == 200
    xlsx = client.get(url, {**query, "export": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    months = list(book.worksheets[-1].iter_rows(values_only=True))
    assert months[1:] == [("2026-01", 1), ("2026-02", 1), ("2026-03", 2)]
    csv = client.get(url, {**query, "export": "csv"}).content.decode("utf-8-sig")
    assert "2026-03,2" in csv


def test_statistics_are_refused_to_roles_without_the_report_permission(
    published: dict[str, DisclosureItem], client_as: Any
) -> None:
    url = reverse("disclosure_statistics_report")
    for role in (Role.CASE_HANDLER, Role.DATA_MANAGER):
        client = client_as(role)
        page = client.get(url)
        download = client.get(url, {"export": "csv"})
        # Wagtail answers a refusal with a redirect to the dashboard and a message
        for response in (page, download):
            assert response.status_code == 302 and response["Location"] == "/admin/", role
            assert not response.get("Content-Disposition")
