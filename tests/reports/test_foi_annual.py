"""The annual disclosure report (国办公开办函〔2021〕30号) for a scripted year, cell by cell,
with carry-over from the year before and into the year after."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from io import BytesIO, StringIO
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lantian.core import fonts
from lantian.core.roles import Role
from lantian.foi import services
from lantian.foi.models import Application, Remedy
from lantian.foi.replies import BY_KEY, PETITION, REPLY_TYPES
from lantian.reports import foi_annual

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2026

# code, applicant type, received, replied (or closed), reply type, state
CASES: tuple[tuple[str, str, date | None, date | None, str, str], ...] = (
    ("A", "natural_person", date(2025, 6, 10), date(2025, 7, 1), "disclose", "replied"),
    ("B", "natural_person", date(2025, 12, 20), date(2026, 1, 15), "disclose", "replied"),
    ("C", "commercial", date(2025, 12, 28), date(2026, 2, 2), "withhold_third_party", "replied"),
    ("D", "research", date(2025, 11, 30), None, "", "assigned"),
    ("E", "natural_person", date(2026, 1, 5), date(2026, 1, 20), "partly_disclose", "replied"),
    ("F", "natural_person", date(2026, 3, 2), date(2026, 3, 30), "unable_not_held", "replied"),
    ("G", "public_interest", date(2026, 4, 1), date(2026, 4, 20), "disclose", "replied"),
    (
        "H",
        "legal_service",
        date(2026, 5, 6),
        date(2026, 5, 10),
        "not_processed_duplicate",
        "replied",
    ),
    ("I", "other_organisation", date(2026, 6, 1), date(2026, 6, 5), "other", "withdrawn"),
    (
        "J",
        "natural_person",
        date(2026, 7, 1),
        date(2026, 7, 20),
        "other_no_supplement",
        "abandoned",
    ),
    ("K", "commercial", date(2026, 8, 3), date(2026, 9, 10), "other_fee_unpaid", "abandoned"),
    ("L", "natural_person", date(2026, 12, 15), None, "", "consultation"),
    ("M", "commercial", date(2026, 12, 28), date(2027, 1, 10), "disclose", "replied"),
    ("N", "natural_person", date(2027, 1, 4), None, "", "assigned"),
    (
        "O",
        "research",
        date(2026, 9, 1),
        date(2026, 9, 25),
        "withhold_process_information",
        "replied",
    ),
    ("P", "natural_person", None, None, "", "received"),  # online, receipt not confirmed
    ("Q", "natural_person", date(2026, 10, 9), date(2026, 10, 30), "disclose", "archived"),
    # drafted but not yet sent on 31 December: open, whatever its draft says
    ("R", "public_interest", date(2026, 12, 1), None, "partly_disclose", "drafted"),
)

# kind, filed, result, concluded
REMEDIES = (
    ("reconsideration", date(2026, 2, 10), "upheld", date(2026, 4, 1)),
    ("reconsideration", date(2026, 11, 20), "corrected", date(2027, 1, 15)),  # after 31 Dec
    ("litigation_direct", date(2026, 5, 1), "pending", None),
    ("litigation_after", date(2026, 6, 1), "other", date(2026, 10, 1)),
    ("reconsideration", date(2025, 12, 1), "upheld", date(2026, 1, 10)),  # filed last year
    ("litigation_direct", date(2026, 3, 1), "corrected", date(2026, 8, 1)),
)

ZERO = dict.fromkeys(foi_annual.ALL_COLUMNS, 0)


def cells(**values: int) -> dict[str, int]:
    return {**ZERO, **values}


EXPECTED_NEW = cells(
    natural_person=5,  # E F J L Q
    commercial=2,  # K M
    research=1,  # O
    public_interest=2,  # G R
    legal_service=1,  # H
    other_organisation=1,  # I
    total=12,
)
EXPECTED_CARRIED_OVER = cells(natural_person=1, commercial=1, research=1, total=3)  # B C D
EXPECTED_RESULTS = {
    "disclose": cells(natural_person=2, public_interest=1, total=3),  # B Q G
    "partly_disclose": cells(natural_person=1, total=1),  # E
    "withhold_third_party": cells(commercial=1, total=1),  # C
    "withhold_process_information": cells(research=1, total=1),  # O
    "unable_not_held": cells(natural_person=1, total=1),  # F
    "not_processed_duplicate": cells(legal_service=1, total=1),  # H
    "other_no_supplement": cells(natural_person=1, total=1),  # J
    "other_fee_unpaid": cells(commercial=1, total=1),  # K
    "other": cells(other_organisation=1, total=1),  # I
}
EXPECTED_RESULTS_TOTAL = cells(
    natural_person=5,
    commercial=2,
    research=1,
    public_interest=1,
    legal_service=1,
    other_organisation=1,
    total=11,
)
EXPECTED_CARRIED_FORWARD = cells(
    natural_person=1, commercial=1, research=1, public_interest=1, total=4
)  # L M D R
EXPECTED_TABLE4 = {
    "reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
    "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2},
    "litigation_after": {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1},
}


def make_case(
    code: str, kind: str, received: date | None, replied: date | None, reply: str, state: str
) -> Application:
    submitted = received or date(2026, 12, 30)
    return Application.objects.create(
        tracking_code=f"YSQ-T-{code}",
        verification_hash="-",
        applicant_type=kind,
        name=f"申请人{code}",
        id_type=Application.IdType.RESIDENT_ID,
        id_number="350102198001011234",
        phone="13800000000",
        description="示范市2025年重点排污单位自动监测数据",
        channel=Application.Channel.IN_PERSON,
        submitted_at=datetime.combine(submitted, time(10), tzinfo=SHANGHAI),
        received_on=received,
        state=state,
        reply_type=reply,
        replied_on=replied,
    )


@pytest.fixture
def scripted(db: Any) -> None:
    for case in CASES:
        make_case(*case)
    for kind, filed, result, concluded in REMEDIES:
        Remedy.objects.create(kind=kind, filed_on=filed, result=result, concluded_on=concluded)


# --------------------------------------------------------------------------- counting


def test_table_3_cell_by_cell(scripted: None) -> None:
    report = foi_annual.foi_annual(YEAR)
    assert report.new == EXPECTED_NEW
    assert report.carried_over == EXPECTED_CARRIED_OVER
    for key, expected in report.results.items():
        assert expected == EXPECTED_RESULTS.get(key, ZERO), key
    assert report.results_total == EXPECTED_RESULTS_TOTAL
    assert report.carried_forward == EXPECTED_CARRIED_FORWARD
    assert report.consistent, report.problems


def test_identity_holds_in_every_column(scripted: None) -> None:
    report = foi_annual.foi_annual(YEAR)
    for column in foi_annual.ALL_COLUMNS:
        assert (
            report.new[column] + report.carried_over[column]
            == report.results_total[column] + report.carried_forward[column]
        ), column
    for row in report.table3_rows().values():
        assert row["total"] == sum(row[c] for c in foi_annual.COLUMNS)


def test_each_finished_case_is_in_exactly_one_result_row(scripted: None) -> None:
    report = foi_annual.foi_annual(YEAR)
    assert list(report.results) == [r.key for r in REPLY_TYPES]  # every row, table order
    assert sum(row["total"] for row in report.results.values()) == 11


def test_carry_over_chains_from_year_to_year(scripted: None) -> None:
    last, this, next_ = (foi_annual.foi_annual(y) for y in (YEAR - 1, YEAR, YEAR + 1))
    assert last.carried_forward == this.carried_over  # B C D
    assert this.carried_forward == next_.carried_over  # L M D R
    assert next_.new == cells(natural_person=1, total=1)  # N
    assert next_.results["disclose"] == cells(commercial=1, total=1)  # M, replied in 2027
    assert all(r.consistent for r in (last, this, next_))


def test_table_4_by_filing_year_and_result_on_31_december(scripted: None) -> None:
    assert foi_annual.foi_annual(YEAR).remedies == EXPECTED_TABLE4
    # The reconsideration concluded in January 2027 is 尚未审结 in 2026 and not counted
    # again in 2027 (filed in 2026); the one filed in 2025 counts there only.
    assert foi_annual.foi_annual(YEAR + 1).remedies["reconsideration"]["total"] == 0
    assert foi_annual.foi_annual(YEAR - 1).remedies["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }


def test_an_empty_year_is_all_zeros(db: Any) -> None:
    report = foi_annual.foi_annual(2020)
    assert report.new == ZERO and report.carried_forward == ZERO and report.consistent


def test_a_complaint_replied_through_the_case_flow_is_row_five_one(staff: dict[Role, Any]) -> None:
    """An application that is a complaint (条例 Art. 39 para. 1), registered, drafted,
    reviewed and sent with the service functions, counts in table 三 row （五）1 only."""
    before = foi_annual.foi_annual(YEAR)
    application, _code = services.register_application(
        actor=staff[Role.CASE_HANDLER],
        channel=Application.Channel.IN_PERSON,
        submitted_at=datetime(2026, 4, 7, 10, tzinfo=SHANGHAI),
        applicant_type=Application.ApplicantType.NATURAL_PERSON,
        name="林晓明",
        id_type=Application.IdType.RESIDENT_ID,
        id_number="350102198001011234",
        phone="13800000000",
        address="示范市鼓楼区东街12号",
        description="举报示范化工有限公司夜间偷排废气，请依法查处。",
    )
    services.draft_reply(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        reply_type=PETITION,
        text="您反映的问题属于投诉举报，本机关不作为政府信息公开申请处理。",
    )
    services.submit_reply_for_review(actor=staff[Role.CASE_HANDLER], application=application)
    services.approve_reply(
        actor=staff[Role.DEPARTMENT_HEAD], application=application, on=date(2026, 4, 10)
    )
    after = foi_annual.foi_annual(YEAR)
    assert after.consistent, after.problems
    assert BY_KEY[PETITION].row == "（五）1"
    for key, cells_after in after.results.items():
        added = {c: cells_after[c] - before.results[key][c] for c in foi_annual.ALL_COLUMNS}
        expected = cells(natural_person=1, total=1) if key == PETITION else ZERO
        assert added == expected, key
    out = StringIO()
    call_command("report", "foi-annual", "--year", str(YEAR), "--format", "json", stdout=out)
    table3 = json.loads(out.getvalue())["table3"]
    assert table3["rows"][PETITION] == "（五）1"
    assert table3["results"][PETITION]["total"] == before.results[PETITION]["total"] + 1


# --------------------------------------------------------------------------- inconsistency


def test_a_reply_before_receipt_breaks_the_identity(scripted: None) -> None:
    make_case("X", "natural_person", date(2026, 5, 1), date(2025, 12, 1), "disclose", "replied")
    report = foi_annual.foi_annual(YEAR)
    assert not report.consistent
    failed = {(p.check, p.where) for p in report.problems}
    assert ("identity", "natural_person") in failed and ("identity", "total") in failed
    assert ("identity", "commercial") not in failed


def test_a_finished_case_without_reply_type_is_named(scripted: None) -> None:
    make_case("Y", "research", date(2026, 2, 1), date(2026, 2, 20), "", "replied")
    report = foi_annual.foi_annual(YEAR)
    messages = " ".join(p.message for p in report.problems)
    assert "YSQ-T-Y" in messages
    assert {p.check for p in report.problems} == {"unclassified", "results_total"}


def test_command_refuses_an_inconsistent_report(scripted: None, tmp_path: Any) -> None:
    make_case("X", "natural_person", date(2026, 5, 1), date(2025, 12, 1), "disclose", "replied")
    with pytest.raises(CommandError) as refused:
        call_command("report", "foi-annual", "--year", str(YEAR), stdout=StringIO())
    assert refused.value.returncode == 2
    assert "natural_person" in str(refused.value) and "一 + 二 = 7" in str(refused.value)
    out, err = StringIO(), StringIO()
    call_command(
        "report", "foi-annual", "--year", str(YEAR), "--allow-inconsistent", stdout=out, stderr=err
    )
    data = json.loads(out.getvalue())
    assert data["consistent"] is False and data["problems"]
    assert "does not add up" in err.getvalue()


# --------------------------------------------------------------------------- formats


def test_json_keys_are_stable(scripted: None) -> None:
    out = StringIO()
    call_command("report", "foi-annual", "--year", str(YEAR), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {
        "schema",
        "format",
        "year",
        "bureau",
        "generated_at",
        "table3",
        "table4",
        "consistent",
        "problems",
    }
    assert data["schema"] == "lantian.reports.foi_annual/1"
    assert data["format"] == "国办公开办函〔2021〕30号" and data["year"] == YEAR
    assert data["bureau"] == "示范市生态环境局"
    table3 = data["table3"]
    assert table3["columns"] == [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_service",
        "other_organisation",
        "total",
    ]
    assert set(table3) == {
        "columns",
        "new",
        "carried_over",
        "results",
        "results_total",
        "carried_forward",
        "rows",
    }
    assert table3["new"] == EXPECTED_NEW
    assert table3["carried_over"] == EXPECTED_CARRIED_OVER
    assert list(table3["results"]) == [r.key for r in REPLY_TYPES]
    assert table3["results"]["withhold_third_party"] == EXPECTED_RESULTS["withhold_third_party"]
    assert table3["rows"]["withhold_third_party"] == "（三）4"
    assert table3["results_total"] == EXPECTED_RESULTS_TOTAL
    assert table3["carried_forward"] == EXPECTED_CARRIED_FORWARD
    assert data["table4"] == {
        "columns": ["upheld", "corrected", "other", "pending", "total"],
        **EXPECTED_TABLE4,
    }
    assert data["consistent"] is True and data["problems"] == []


def html_cells(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-cell="([^"]+)">(\d+)<', html)}


def test_html_is_the_official_layout(scripted: None, tmp_path: Any) -> None:
    target = tmp_path / "report.html"
    call_command(
        "report", "foi-annual", "--year", str(YEAR), "--format", "html", "--output", str(target)
    )
    html = target.read_text()
    assert "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和" in html
    assert '<th scope="col" rowspan="3" colspan="3">' in html  # the top-left header cell
    assert '<td rowspan="22">三、本年度办理结果</td>' in html
    assert '<td rowspan="8">（三）不予公开</td><td>1.属于国家秘密</td>' in html
    assert '<td rowspan="3">（四）无法提供</td>' in html
    assert '<td rowspan="5">（五）不予处理</td>' in html
    assert '<td rowspan="3">（六）其他处理</td>' in html
    assert '<td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>' in html
    assert "小计" not in html  # no subtotal rows in the official format
    assert "行政复议" in html and "未经复议直接起诉" in html and "复议后起诉" in html
    found = html_cells(html)
    assert found["new.natural_person"] == 5 and found["new.total"] == 12
    assert found["results.other_fee_unpaid.commercial"] == 1
    assert found["carried_forward.total"] == 4
    assert found["reconsideration.pending"] == 1 and found["litigation_after.other"] == 1
    assert len([k for k in found if not k.startswith(("reconsideration", "litigation"))]) == (
        (len(REPLY_TYPES) + 4) * 7
    )
    assert len([k for k in found if k.startswith(("reconsideration", "litigation"))]) == 15


def test_docx_opens_with_merged_cells_and_the_numbers(scripted: None, tmp_path: Any) -> None:
    target = tmp_path / "report.docx"
    call_command(
        "report", "foi-annual", "--year", str(YEAR), "--format", "docx", "--output", str(target)
    )
    document = docx.Document(BytesIO(target.read_bytes()))
    table3, table4 = document.tables
    assert len(table3.rows) == 3 + 2 + len(REPLY_TYPES) + 1 + 1 and len(table3.columns) == 10
    assert "勾稽关系" in table3.cell(0, 0).text
    assert table3.cell(2, 2).text == table3.cell(0, 0).text  # merged 3 × 3
    assert table3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert [table3.cell(3, c).text for c in range(3, 10)] == ["5", "2", "1", "2", "1", "1", "12"]
    assert [table3.cell(4, c).text for c in range(3, 10)] == ["1", "1", "1", "0", "0", "0", "3"]
    assert table3.cell(26, 0).text == "三、本年度办理结果"  # spans all 22 result rows
    last = len(table3.rows) - 1
    assert table3.cell(last, 0).text == "四、结转下年度继续办理"
    assert [table3.cell(last, c).text for c in range(3, 10)] == [
        "1",
        "1",
        "1",
        "1",
        "0",
        "0",
        "4",
    ]
    assert len(table4.columns) == 15
    assert [table4.cell(3, c).text for c in range(15)] == [
        "1", "0", "0", "1", "2",
        "0", "1", "0", "1", "2",
        "0", "0", "1", "0", "1",
    ]  # fmt: skip
    style = document.styles["Normal"].element.rPr.rFonts
    assert style.get(docx.oxml.ns.qn("w:eastAsia")) == fonts.CJK_FAMILY


# --------------------------------------------------------------------------- staff page


def test_staff_page_shows_the_tables_and_downloads(scripted: None, client_as) -> None:
    client = client_as(Role.ADMINISTRATOR)
    url = reverse("reports_foi_annual")
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "勾稽关系" in html and html_cells(html)["new.total"] == 12
    assert client.get(url, {"year": YEAR, "format": "json"}).json()["table3"]["new"] == (
        EXPECTED_NEW
    )
    download = client.get(url, {"year": YEAR, "format": "docx"})
    assert download["Content-Disposition"] == 'attachment; filename="foi-annual-2026.docx"'
    assert len(docx.Document(BytesIO(download.content)).tables) == 2
    assert "勾稽关系" in client.get(url, {"year": YEAR, "format": "html"}).content.decode()
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()  # Reports menu


@pytest.mark.parametrize("role", [Role.EDITOR, Role.DATA_MANAGER])
def test_staff_page_is_closed_to_staff_without_cases(db: Any, client_as, role: Role) -> None:
    response = client_as(role).get(reverse("reports_foi_annual"), {"year": YEAR})
    assert response.status_code in (302, 403)
