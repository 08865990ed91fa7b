"""Inspection-team batches: reading the team's sheet (every reason a row is refused,
header variants), importing it (idempotent, re-sent batches add only new cases, the raw
file and rows kept) and the team's deadline as each case's handling deadline."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from lantian.complaints import batch_services, batches
from lantian.complaints import selectors as complaint_selectors
from lantian.complaints.models import Complaint, InspectionBatch
from lantian.core.privatefiles import private_storage
from lantian.core.roles import Role
from tests.complaints.batch_fixtures import BATCH_DATE, BATCH_DUE, office_head, places

FIXTURES = (office_head, places)  # pytest finds them here by name
SAMPLE = batches.sample_batch_xlsx()  # made once: a workbook made later carries another time

CST = datetime(2026, 11, 3, 10).astimezone().tzinfo
DISTRICTS = batches.lookup_table([(1, ["东城区", "Dongcheng"]), (2, ["西湖区"])])
CATEGORIES = batches.lookup_table(
    [(10, ["大气", "air", "Air"]), (11, ["噪声", "noise"]), (12, ["水", "water"])]
)


def _parse(content: bytes) -> batches.ParsedBatch:
    return batches.parse(content, districts=DISTRICTS, categories=CATEGORIES)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


# ---- reading the sheet (no database)


def test_the_sample_sheet_reads_its_header_block_and_every_row() -> None:
    parsed = _parse(batches.sample_batch_xlsx())
    assert parsed.header.batch_no == "2026-D012"
    assert parsed.header.team == "中央第三生态环境保护督察组"
    assert (parsed.header.received_on, parsed.header.due_on) == (BATCH_DATE, BATCH_DUE)
    assert parsed.errors == []
    assert [r.case_no for r in parsed.rows] == ["D3SF202611001", "D3SF202611002", "D3SF202611003"]
    # 大气污染 → 大气, 东城区 → 东城区; rows count from the sheet's own row numbers
    first = parsed.rows[0]
    assert (first.row, first.district_id, first.category_id) == (6, 1, 10)
    assert first.due_on == BATCH_DUE and not first.own_deadline
    assert len(parsed.raw_rows) == 3 and parsed.raw_rows[0]["cells"]["受理编号"] == "D3SF202611001"


def test_each_bad_row_is_refused_with_its_row_column_and_reason() -> None:
    rows = [
        {"case_no": "", "district": "东城区", "category": "大气", "description": "无编号"},
        {"case_no": "B2", "district": "南城区", "category": "大气", "description": "区不存在"},
        {"case_no": "B3", "district": "东城区", "category": "土壤", "description": "类型不存在"},
        {
            "case_no": "B4",
            "district": "东城区",
            "category": "大气",
            "description": "时限早于交办日期",
            "due_on": date(2026, 11, 1),
        },
        {"case_no": "B5", "district": "西湖区", "category": "噪声", "description": "正常"},
        {"case_no": "B5", "district": "西湖区", "category": "噪声", "description": "重复编号"},
        {"case_no": "B7", "district": "", "category": "水", "description": "缺少行政区"},
        {
            "case_no": "B8",
            "district": "东城",
            "category": "air",
            "description": "时限",
            "due_on": "下周",
        },
    ]
    parsed = _parse(batches.sample_batch_xlsx(rows=rows))
    got = [(e.row, e.column, e.code) for e in parsed.errors]
    assert got == [
        (6, "受理编号", "missing"),
        (7, "行政区", "unknown_district"),
        (8, "污染类型", "unknown_category"),
        (9, "办理时限", "before_batch"),
        (11, "受理编号", "duplicate"),
        (12, "行政区", "missing"),
        (13, "办理时限", "not_a_date"),
    ]
    assert [r.case_no for r in parsed.rows] == ["B5"]
    messages = [str(e) for e in parsed.errors]
    assert messages[1] == "Row 7: 行政区: unknown district “南城区”."
    assert messages[3] == "Row 9: 办理时限: 2026-11-01 is before the date the batch was referred."
    assert messages[4] == "Row 11: 受理编号: “B5” is already in row 10 of this file."
    assert messages[6] == "Row 13: 办理时限: “下周” is not a date."


def test_header_variants_and_dates_written_as_text_are_understood() -> None:
    rows = [
        {
            "case_no": "X-1",
            "district": "东城",
            "category": "噪声污染",
            "description": "夜间施工",
            "due_on": "2026年11月15日",
        },
        {"case_no": "X-2", "district": "西湖区", "category": "noise", "description": "鸣笛"},
    ]
    content = batches.sample_batch_xlsx(
        rows=rows,
        received_on="2026/11/2",
        due_on="2026.11.20",
        headers=("序号", "交办编号", "区县", "问题类型", "信访内容（摘要）", "办结时限"),
    )
    parsed = _parse(content)
    assert parsed.errors == []
    assert parsed.columns["case_no"] == "交办编号"
    assert [(r.case_no, r.due_on, r.own_deadline) for r in parsed.rows] == [
        ("X-1", date(2026, 11, 15), True),
        ("X-2", BATCH_DUE, False),
    ]
    assert parsed.header.received_on == BATCH_DATE


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a workbook", "not an XLSX"),
        (batches.sample_batch_xlsx(batch_no=""), "batch number"),
        (batches.sample_batch_xlsx(due_on="尽快"), "deadline"),
        (batches.sample_batch_xlsx(due_on=date(2026, 10, 1)), "before the date"),
        (batches.sample_batch_xlsx(headers=("序号", "编号", "内容")), "No case table"),
        (
            batches.sample_batch_xlsx(headers=("序号", "受理编号", "行政区", "污染", "举报内容")),
            "污染类型",
        ),
    ],
)
def test_a_file_without_its_header_block_or_table_is_refused_as_a_whole(
    content: bytes, reason: str
) -> None:
    with pytest.raises(batches.FileError) as caught:
        _parse(content)
    assert reason in str(caught.value)


# ---- importing


@pytest.fixture
def imported(places: dict[str, Any], staff: dict[Role, Any]) -> batch_services.ImportResult:
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        return batch_services.import_batch(
            actor=staff[Role.ADMINISTRATOR],
            filename="第12批交办清单.xlsx",
            content=SAMPLE,
        )


def test_an_import_creates_the_batch_and_one_accepted_case_per_row(
    imported: batch_services.ImportResult,
) -> None:
    batch = imported.batch
    assert imported.created_batch and not imported.refused
    assert (batch.batch_no, batch.received_on, batch.due_on) == ("2026-D012", BATCH_DATE, BATCH_DUE)
    cases = list(batch.cases.order_by("team_case_no"))
    assert [c.team_case_no for c in cases] == ["D3SF202611001", "D3SF202611002", "D3SF202611003"]
    first = cases[0]
    assert first.channel == Complaint._meta.get_field("channel").choices[-1][0] == "inspection"
    assert (first.district.name, first.category.code) == ("东城区", "air")
    assert first.state == Complaint.State.ACCEPTED and first.accepted_on == BATCH_DATE
    assert first.team_due_on == BATCH_DUE and first.received_on == BATCH_DATE
    assert not (first.name or first.phone or first.email)  # the team keeps the complainant


def test_the_raw_file_is_kept_privately_with_every_row_as_read(
    imported: batch_services.ImportResult,
) -> None:
    batch = InspectionBatch.objects.get(pk=imported.batch.pk)
    assert batch.source.name.startswith("complaints/batches/")
    with private_storage().open(batch.source.name) as stored:
        assert stored.read() == SAMPLE
    assert len(batch.source_sha256) == 64
    rows = batch.raw_rows
    assert [r["row"] for r in rows] == [6, 7, 8]
    assert {r["status"] for r in rows} == {"imported"}
    assert rows[0]["cells"]["举报内容"].startswith("东城区滨河路")
    assert rows[0]["case_no"] == batch.cases.get(team_case_no="D3SF202611001").case_no


def test_the_same_file_twice_changes_nothing(
    imported: batch_services.ImportResult, staff: dict[Role, Any]
) -> None:
    from wagtail.models import ModelLogEntry

    batch = InspectionBatch.objects.get(pk=imported.batch.pk)
    before = (Complaint.objects.count(), ModelLogEntry.objects.count(), batch.raw_rows)
    again = batch_services.import_batch(
        actor=staff[Role.ADMINISTRATOR], filename="again.xlsx", content=SAMPLE
    )
    assert again.unchanged and not again.imported and len(again.already) == 3
    batch.refresh_from_db()
    assert (Complaint.objects.count(), ModelLogEntry.objects.count(), batch.raw_rows) == before


def test_a_re_sent_batch_adds_only_its_new_rows(
    imported: batch_services.ImportResult, staff: dict[Role, Any]
) -> None:
    rows = [
        *batches.SAMPLE_ROWS,
        {
            "case_no": "D3SF202611004",
            "district": "西湖区",
            "category": "固体废物",
            "description": "西湖区工业园一家企业露天堆放危险废物。",
            "due_on": date(2026, 11, 10),
        },
        {"case_no": "D3SF202611005", "district": "北城区", "category": "水", "description": "?"},
    ]
    first_file = InspectionBatch.objects.get(pk=imported.batch.pk).source.name
    with time_machine.travel(datetime(2026, 11, 5, 10, tzinfo=CST), tick=False):
        again = batch_services.import_batch(
            actor=staff[Role.ADMINISTRATOR],
            filename="第12批交办清单（补充）.xlsx",
            content=batches.sample_batch_xlsx(rows=rows),
        )
    assert not again.created_batch and not again.unchanged
    assert [c.team_case_no for c in again.imported] == ["D3SF202611004"]
    assert len(again.already) == 3
    assert [(e.row, e.code) for e in again.refused] == [(10, "unknown_district")]
    batch = InspectionBatch.objects.get(pk=imported.batch.pk)
    assert batch.cases.count() == 4
    # both files stay in private storage; the rows of each are kept
    assert private_storage().exists(first_file) and batch.source.name != first_file
    assert [r["status"] for r in batch.raw_rows] == [
        *["imported"] * 3,
        *["already"] * 3,
        "imported",
        "refused",
    ]
    assert batch.raw_rows[-1]["reasons"] == ["行政区: unknown district “北城区”."]


def test_bad_rows_are_refused_and_the_others_imported(
    places: dict[str, Any], staff: dict[Role, Any]
) -> None:
    rows = [
        {"case_no": "", "district": "东城区", "category": "大气", "description": "无编号"},
        {"case_no": "C2", "district": "东城区", "category": "大气", "description": "工厂废气"},
        {"case_no": "C2", "district": "东城区", "category": "大气", "description": "重复"},
        {"case_no": "C4", "district": "东城区", "category": "光污染", "description": "?"},
    ]
    result = batch_services.import_batch(
        actor=staff[Role.ADMINISTRATOR],
        filename="c.xlsx",
        content=batches.sample_batch_xlsx(batch_no="2026-C01", rows=rows),
    )
    assert [c.team_case_no for c in result.imported] == ["C2"]
    assert sorted(result.refused_rows) == [6, 8, 9]
    assert [r["status"] for r in result.batch.raw_rows] == [
        "refused",
        "imported",
        "refused",
        "refused",
    ]


def test_a_file_that_is_not_a_workbook_is_refused_by_its_content(
    places: dict[str, Any], staff: dict[Role, Any]
) -> None:
    with pytest.raises(ValidationError) as caught:
        batch_services.import_batch(
            actor=staff[Role.ADMINISTRATOR], filename="list.xlsx", content=b"a,b\n1,2\n"
        )
    assert "list.xlsx" in str(caught.value)
    assert not InspectionBatch.objects.exists()


def test_staff_outside_the_office_may_not_import(
    places: dict[str, Any], staff: dict[Role, Any], office_head: Any
) -> None:
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.EDITOR):
        with pytest.raises(PermissionDenied):
            batch_services.import_batch(
                actor=staff[role], filename="x.xlsx", content=batches.sample_batch_xlsx()
            )
    result = batch_services.import_batch(
        actor=office_head, filename="x.xlsx", content=batches.sample_batch_xlsx()
    )
    assert len(result.imported) == 3


def test_the_teams_deadline_is_the_cases_handling_deadline(
    places: dict[str, Any], staff: dict[Role, Any]
) -> None:
    rows = [
        {**batches.SAMPLE_ROWS[0], "due_on": date(2026, 11, 12)},
        batches.SAMPLE_ROWS[1],
    ]
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        result = batch_services.import_batch(
            actor=staff[Role.ADMINISTRATOR],
            filename="d.xlsx",
            content=batches.sample_batch_xlsx(rows=rows),
        )
        own, batch_wide = result.imported
        assert complaint_selectors.case_clock(own).handling_due == date(2026, 11, 12)
        assert complaint_selectors.case_clock(batch_wide).handling_due == BATCH_DUE
        assert own.team_due_on == date(2026, 11, 12)
    # past the team's own deadline, the open case is overdue
    later = complaint_selectors.case_clock(own, today=date(2026, 11, 13))
    assert later.overdue
    assert not complaint_selectors.case_clock(batch_wide, today=date(2026, 11, 13)).overdue


_cell = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30),
    st.sampled_from(["东城区", "西湖区", "大气", "noise", "水污染", "2026-11-10", "2026年11月1日"]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "case_no": _cell,
                "district": _cell,
                "category": _cell,
                "description": _cell,
                "due_on": _cell,
            }
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_row_of_any_sheet_is_either_read_or_refused_with_a_reason(
    rows: list[dict[str, Any]],
) -> None:
    parsed = _parse(batches.sample_batch_xlsx(rows=rows))
    numbers = list(range(6, 6 + len(rows)))
    read = [row.row for row in parsed.rows]
    refused = sorted(parsed.refused_rows())
    assert sorted(read + refused) == numbers  # each row once: read or refused
    assert all(str(error) for error in parsed.errors)
    for row in parsed.rows:
        assert row.case_no and row.description and row.due_on >= BATCH_DATE
    assert len({batches.lookup_key(row.case_no) for row in parsed.rows}) == len(parsed.rows)


@pytest.mark.django_db(transaction=True)
def test_two_first_imports_of_one_batch_at_once_make_one_batch(
    places: dict[str, Any], staff: dict[Role, Any]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one lock: concurrency is tested on PostgreSQL")
    results: list[batch_services.ImportResult] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(filename: str) -> None:
        try:
            start.wait()
            results.append(
                batch_services.import_batch(
                    actor=staff[Role.ADMINISTRATOR], filename=filename, content=SAMPLE
                )
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f"清单{n}.xlsx",)) for n in range(2)]
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert sorted(r.created_batch for r in results) == [False, True]
    assert InspectionBatch.objects.filter(batch_no="2026-D012").count() == 1
    assert Complaint.objects.filter(batch__batch_no="2026-D012").count() == 3
