"""Timeliness (条例 Art. 26) over China's 2026 calendar, the report and the dashboard.

2026 from the State Council notice (core's calendar, seeded from chinesecalendar): the
Mid-Autumn holiday 09-25 (Fri) to 09-27 (Sun), National Day 10-01 to 10-07, make-up
working days 09-20 (Sun) and 10-10 (Sat). From 2026-09-25 (not counted) the working days
run 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 (the 6th), 10-12 … 10-29 (the 20th).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from lantian.core import attention, calendar
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.disclosure import selectors
from lantian.disclosure.models import DisclosureItem
from lantian.disclosure.timeliness import Status, assess, measure

FORMED = date(2026, 9, 25)


@pytest.fixture
def calendar_2026(demo: Any) -> None:
    assert not calendar.is_working_day(date(2026, 9, 27)).is_working  # Sunday, holiday
    assert calendar.is_working_day(date(2026, 10, 10)).is_working  # Saturday, make-up
    assert calendar.is_working_day(date(2026, 9, 20)).is_working  # Sunday, make-up
    assert not calendar.is_working_day(date(2026, 10, 7)).is_working


@pytest.mark.parametrize(
    ("published", "used", "status"),
    [
        (date(2026, 9, 30), 3, Status.ON_TIME),
        (date(2026, 10, 7), 3, Status.ON_TIME),  # the holiday adds nothing
        (date(2026, 10, 10), 6, Status.ON_TIME),  # the make-up Saturday counts
        (date(2026, 10, 29), 20, Status.ON_TIME),  # the last day of the limit
        (date(2026, 10, 30), 21, Status.LATE),
    ],
)
def test_published_items_across_national_day(
    calendar_2026: None, published: date, used: int, status: Status
) -> None:
    result = measure(formed_on=FORMED, published_on=published, limit=20)
    assert (result.days_used, result.status, result.due) == (used, status, date(2026, 10, 29))
    assert not result.provisional


@pytest.mark.parametrize(
    ("today", "used", "status"),
    [
        (date(2026, 10, 21), 14, Status.ON_TIME),  # 6 left
        (date(2026, 10, 22), 15, Status.DUE_SOON),  # 5 left: DISCLOSURE_DUE_SOON_DAYS
        (date(2026, 10, 29), 20, Status.DUE_SOON),
        (date(2026, 10, 30), 21, Status.LATE),
    ],
)
def test_unpublished_items_are_measured_to_today(
    calendar_2026: None, today: date, used: int, status: Status
) -> None:
    result = measure(formed_on=FORMED, published_on=None, limit=20, today=today)
    assert (result.days_used, result.status) == (used, status)


def test_due_soon_threshold_is_a_setting(calendar_2026: None, settings: Any) -> None:
    settings.DISCLOSURE_DUE_SOON_DAYS = 2
    result = measure(formed_on=FORMED, published_on=None, limit=20, today=date(2026, 10, 22))
    assert result.status is Status.ON_TIME


def test_seven_day_limit_of_a_penalty_decision(calendar_2026: None) -> None:
    # formed 09-30: 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15
    on_time = measure(formed_on=date(2026, 9, 30), published_on=date(2026, 10, 15), limit=7)
    late = measure(formed_on=date(2026, 9, 30), published_on=date(2026, 10, 16), limit=7)
    assert (on_time.due, on_time.status, late.status) == (
        date(2026, 10, 15),
        Status.ON_TIME,
        Status.LATE,
    )


def test_unconfirmed_year_is_provisional(calendar_2026: None) -> None:
    result = measure(
        formed_on=date(2026, 12, 21), published_on=None, limit=20, today=date(2027, 1, 8)
    )
    assert result.provisional


def test_item_uses_its_category_limit(make_item: Any) -> None:
    item = make_item(category="09.01", formed_on=date(2026, 9, 30))
    assert assess(item, today=date(2026, 10, 16)).status is Status.LATE
    assert assess(item, today=date(2026, 10, 16)).limit == 7


def _set(item: DisclosureItem, **fields: Any) -> DisclosureItem:
    DisclosureItem.objects.filter(pk=item.pk).update(**fields)
    item.refresh_from_db()
    return item


@pytest.fixture
def report_items(make_item: Any) -> dict[str, DisclosureItem]:
    return {
        # air: one published on time, one published late, one pending and late
        "on_time": _set(
            make_item("按时", department="air", category="05.01"),
            live=True,
            published_on=date(2026, 10, 29),
        ),
        "late": _set(
            make_item("逾期发布", department="air", category="05.01"),
            live=True,
            published_on=date(2026, 10, 30),
        ),
        "pending_late": make_item("逾期未发布", department="air", category="10.03"),
        # water: pending, due soon on 10-22; and one formed outside the period
        "pending_soon": make_item(
            "即将到期", department="water", category="05.02", formed_on=FORMED
        ),
        "outside": make_item(
            "期外", department="water", category="05.02", formed_on=date(2026, 6, 1)
        ),
    }


def test_report_counts_per_department_and_category(
    calendar_2026: None, report_items: dict[str, DisclosureItem]
) -> None:
    report = selectors.timeliness_report(
        start=date(2026, 9, 1), end=date(2026, 9, 30), today=date(2026, 10, 22)
    )
    by_department = {s.key.code: s for s in report.by_department}
    air, water = by_department["air"], by_department["water"]
    assert (air.total, air.published, air.published_late, air.pending) == (3, 2, 1, 1)
    assert (air.pending_late, air.due_soon) == (0, 1)  # 15 of 20 on 10-22
    assert (water.total, water.pending, water.due_soon) == (1, 1, 1)
    by_category = {s.key.code: s.total for s in report.by_category}
    assert by_category == {"05": 3, "10": 1}
    titles = [item.title for item, _result in report.rows]
    assert "按时" not in titles and "期外" not in titles
    assert set(titles) == {"逾期发布", "逾期未发布", "即将到期"}
    assert report.rows[0][0].title == "逾期发布"  # late first
    late_later = selectors.timeliness_report(
        start=date(2026, 9, 1), end=date(2026, 9, 30), today=date(2026, 11, 2)
    )
    assert late_later.total.pending_late == 2 and late_later.total.late == 3


def test_report_filters_by_department_and_category(
    calendar_2026: None, report_items: dict[str, DisclosureItem]
) -> None:
    air = Department.objects.get(code="air")
    assert selectors.timeliness_report(department=air).total.total == 3
    assert selectors.timeliness_report(category="10").total.total == 1


def test_report_page_and_downloads(
    calendar_2026: None, report_items: dict[str, DisclosureItem], client_as: Any
) -> None:
    import io

    from openpyxl import load_workbook

    client = client_as(Role.DEPARTMENT_HEAD)
    url = reverse("disclosure_timeliness_report")
    page = client.get(url, {"start": "2026-09-01", "end": "2026-09-30"})
    assert page.status_code == 200
    assert "逾期未发布" in page.content.decode()
    csv = client.get(url, {"start": "2026-09-01", "end": "2026-09-30", "export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "逾期发布" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"export": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 3
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert any("逾期未发布" in row for row in rows)
    assert client_as(Role.CASE_HANDLER).get(url).status_code in (302, 403)


def test_dashboard_attention_for_the_department(
    report_items: dict[str, DisclosureItem], staff: dict[Role, Any]
) -> None:
    # today is after 10-29: the air item is late; water's too
    head = staff[Role.DEPARTMENT_HEAD]  # head of the air division
    with translation.override("en"):  # the labels in the language they were asked in
        labels = [(str(i.label), i.count, i.urgent) for i in attention.items_for(head)]
    late = [entry for entry in labels if entry[2] and "time limit" in entry[0]]
    assert late and late[0][1] == 1  # only the air division's pending item
    editor = staff[Role.EDITOR]  # office: no items of its own here
    with translation.override("en"):
        assert not [i for i in attention.items_for(editor) if "Disclosure" in str(i.label)]
        data_manager = attention.items_for(staff[Role.DATA_MANAGER])
        assert not [i for i in data_manager if "Disclosure" in str(i.label)]
