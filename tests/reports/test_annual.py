"""The complete annual disclosure report (国办公开办函〔2021〕30号): table 二 counted from
the source records of a scripted year, the sections and their narrative, the JSON's
stable keys, the official layout cell by cell, and the DOCX and PDF in Chinese."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.management import call_command

from lantian.core import fonts
from lantian.core.models import Department
from lantian.disclosure.models import Category, DisclosureItem
from lantian.eia.models import Project
from lantian.enforcement import services as enforcement_services
from lantian.enforcement.models import CompulsoryMeasure, Penalty
from lantian.foi.models import Application, CaseEvent
from lantian.reports import annual, annual_documents, foi_annual
from lantian.reports.foi_annual import grid
from lantian.reports.models import AnnualReportText
from lantian.sources.models import Enterprise
from tests.fonthelpers import embedded_fonts, is_cjk
from tests.sources.conftest import POWER_PLANT

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2025
TODAY = date(2026, 1, 20)

# title, category code, formed, validity, invalid from, live
POLICIES: tuple[tuple[str, str, date, str, date | None, bool], ...] = (
    ("甲", "02.01", date(2024, 3, 1), "valid", None, True),  # in force both years
    ("乙", "02.01", date(2024, 5, 1), "repealed", date(2025, 6, 30), True),  # 废止 2025
    ("丙", "02.01", date(2025, 2, 1), "valid", None, True),  # 制发 2025
    ("丁", "02.01", date(2025, 4, 1), "expired", date(2025, 11, 1), True),  # 制发 + 废止
    ("戊", "02.01", date(2025, 7, 1), "repealed", date(2026, 2, 1), True),  # in force 31 Dec
    ("己", "02.01", date(2025, 8, 1), "valid", None, False),  # a draft: not issued
    ("庚", "02.01", date(2026, 1, 10), "valid", None, True),  # next year
    ("辛", "02.02", date(2025, 3, 1), "valid", None, True),  # other documents: not counted
    ("壬", "rules", date(2025, 1, 5), "valid", None, True),  # a 规章 category
)
EXPECTED_NORMATIVE = {"issued": 3, "repealed": 2, "in_force": 3}  # 丙丁戊 / 乙丁 / 甲丙戊
EXPECTED_REGULATIONS = {"issued": 1, "repealed": 0, "in_force": 1}


def make_item(serial: int, title: str, category: Category, formed: date, **fields: Any) -> None:
    DisclosureItem.objects.create(
        kind="policy",
        title=f"关于加强生态环境监管的规定（{title}）",
        index_no=f"TEST-ANNUAL/{formed.year}-{serial:05d}",
        category=category,
        department=Department.objects.get(code="legal"),
        formed_on=formed,
        published_on=formed if fields.get("live", True) else None,
        **fields,
    )


def make_application(code: str, **fields: Any) -> Application:
    return Application.objects.create(
        tracking_code=f"YSQ-AR-{code}",
        verification_hash="-",
        applicant_type="commercial",
        name=f"申请人{code}",
        id_type=Application.IdType.RESIDENT_ID,
        id_number="350102198001011234",
        phone="13800000000",
        description="示范市重点排污单位自动监测数据",
        channel=Application.Channel.IN_PERSON,
        submitted_at=datetime.combine(date(2025, 3, 1), time(10), tzinfo=SHANGHAI),
        **fields,
    )


@pytest.fixture
def baseline(demo: Any) -> dict[str, Any]:
    """Table 二 before the scripted records (whatever the demo bureau holds)."""
    return annual.build(YEAR, today=TODAY)["table_2"]


@pytest.fixture
def scripted(baseline: dict[str, Any]) -> dict[str, Any]:
    policies = Category.objects.get(code="02")
    rules = Category.objects.create(code="02.90", name="规章", parent=policies, sort_order=99)
    for serial, (title, code, formed, validity, invalid_from, live) in enumerate(POLICIES, 1):
        category = rules if code == "rules" else Category.objects.get(code=code)
        make_item(
            serial, title, category, formed, validity=validity, invalid_from=invalid_from, live=live
        )
    for n, (decided, decision) in enumerate(
        [
            (date(2025, 1, 15), "approved"),
            (date(2025, 6, 3), "not_approved"),
            (date(2025, 12, 31), "approved"),
            (date(2024, 12, 31), "approved"),  # last year
            (None, ""),  # undecided
        ]
    ):
        Project.objects.create(
            builder_name="示范化工有限公司",
            builder_credit_code="91350100MA2XXXXX0X",
            name=f"年产{n + 1}万吨精细化工项目",
            address="示范市高新区",
            category="report",
            decided_on=decided,
            decision=decision,
        )
    for n, decided in enumerate([date(2025, 2, 1), date(2025, 9, 9), date(2026, 1, 2)]):
        Penalty.objects.create(
            document_number=f"示环罚〔测试〕{n + 1}号",
            offender_kind=Penalty.OffenderKind.INDIVIDUAL,
            offender_name="某某",
            facts="超标排放大气污染物",
            legal_basis="《中华人民共和国大气污染防治法》第九十九条",
            decided_on=decided,
            decision_text="罚款",
            fine=Decimal("100000"),
        )
    enterprise = Enterprise.objects.order_by("pk").first() or Enterprise.objects.create(
        credit_code=POWER_PLANT, name="示范热电有限公司", address="示范市示范区电厂路1号"
    )
    # 31 Dec of the year and 1 Jan of the next: only the first counts
    for n, decided in enumerate([date(2025, 3, 10), date(2025, 12, 31), date(2026, 1, 1)]):
        enforcement_services.record_compulsory_measure(
            actor=None,
            decision_number=f"示环查封〔测试〕{n + 1}号",
            enterprise=enterprise,
            kind=CompulsoryMeasure.Kind.SEAL,
            decided_on=decided,
            facilities="1号生产线废气处理设施及配套风机",
            period_ends_on=decided + timedelta(days=30),
        )
    paid = make_application("P", fee_amount=Decimal("300.00"), fee_paid_on=date(2025, 5, 10))
    unpaid = make_application("U", fee_amount=Decimal("100.00"))
    old = make_application("O", fee_amount=Decimal("100.00"), fee_paid_on=date(2024, 12, 1))
    for application, on in (
        (paid, date(2025, 4, 20)),
        (unpaid, date(2025, 8, 1)),
        (old, date(2024, 11, 1)),
    ):
        CaseEvent.objects.create(application=application, kind="fee_notice", on=on)
    return baseline


def test_table_2_counts_equal_the_source_records(scripted: dict[str, Any]) -> None:
    table = annual.build(YEAR, today=TODAY)["table_2"]
    for column, delta in EXPECTED_NORMATIVE.items():
        assert (
            table["normative_documents"][column] == scripted["normative_documents"][column] + delta
        )
    for column, delta in EXPECTED_REGULATIONS.items():
        assert table["regulations"][column] == scripted["regulations"][column] + delta
    assert table["licensing"]["decisions"] == scripted["licensing"]["decisions"] + 3
    assert table["penalty"]["decisions"] == scripted["penalty"]["decisions"] + 2
    assert table["compulsory"] == {"decisions": scripted["compulsory"]["decisions"] + 2}
    # the independent count of the source records
    assert (
        table["licensing"]["decisions"]
        == Project.objects.filter(
            decided_on__gte=date(YEAR, 1, 1), decided_on__lte=date(YEAR, 12, 31)
        )
        .exclude(decision="")
        .count()
    )
    assert (
        table["penalty"]["decisions"]
        == Penalty.objects.filter(
            decided_on__gte=date(YEAR, 1, 1), decided_on__lte=date(YEAR, 12, 31)
        ).count()
    )
    assert (
        table["compulsory"]["decisions"]
        == CompulsoryMeasure.objects.filter(
            decided_on__gte=date(YEAR, 1, 1), decided_on__lte=date(YEAR, 12, 31)
        ).count()
    )
    paid = Application.objects.filter(fee_paid_on__year=YEAR)
    yuan = sum((a.fee_amount for a in paid), Decimal(0))
    assert table["fees"]["amount_10k_yuan"] == float(yuan / 10000)
    assert scripted["fees"]["amount_10k_yuan"] == float((yuan - 300) / 10000)


def test_in_force_chains_from_last_year(scripted: dict[str, Any]) -> None:
    doc = annual.build(YEAR, today=TODAY)
    before = annual.build(YEAR - 1, today=TODAY)["table_2"]
    for row in annual.POLICY_ROWS:
        now = doc["table_2"][row]
        assert now["in_force"] == before[row]["in_force"] + now["issued"] - now["repealed"]
    assert not [p for p in doc["problems"] if p["where"].startswith("table_2")]


def test_a_repeal_without_its_date_is_named(scripted: dict[str, Any]) -> None:
    DisclosureItem.objects.filter(title__contains="（乙）").update(invalid_from=None)
    doc = annual.build(YEAR, today=TODAY)
    checks = {p["check"] for p in doc["problems"]}
    assert "validity_date" in checks and not doc["consistent"]


def test_fees_in_section_six(scripted: dict[str, Any]) -> None:
    doc = annual.build(YEAR, today=TODAY)
    assert doc["fees"] == {"notices": 2, "charged": 1, "amount_yuan": "300.00"}
    six = doc["sections"]["6"]
    assert six["default"] is True
    assert "国办函〔2020〕109号" in six["text"]
    assert "收费通知2件，实际收取信息处理费1件，共计300.00元" in six["text"]
    # written without the fees, 六 still states them, first
    AnnualReportText.objects.create(year=YEAR, other_matters="本年度无其他需要报告的事项。")
    six = annual.build(YEAR, today=TODAY)["sections"]["6"]
    assert six["default"] is False
    assert six["text"].startswith("依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）")
    assert six["text"].endswith("共计300.00元。\n本年度无其他需要报告的事项。")


def test_written_narrative_fills_its_figures(scripted: dict[str, Any]) -> None:
    AnnualReportText.objects.create(
        year=YEAR,
        overview="全年作出行政处罚决定{table_2.penalty.decisions}件。\n另见{no.such_figure}。",
    )
    doc = annual.build(YEAR, today=TODAY)
    one = doc["sections"]["1"]
    penalties = doc["table_2"]["penalty"]["decisions"]
    assert one["default"] is False
    assert one["text"] == f"全年作出行政处罚决定{penalties}件。\n另见{{no.such_figure}}。"
    assert one["unknown_placeholders"] == ["no.such_figure"]
    assert doc["sections"]["5"]["default"] is True
    assert not re.search(r"\{[a-z_.0-9]+\}", doc["sections"]["5"]["text"])


def test_json_has_stable_keys(scripted: dict[str, Any]) -> None:
    out = StringIO()
    call_command(
        "report", "annual", "--year", str(YEAR), "--format", "json", stdout=out, stderr=StringIO()
    )
    doc = json.loads(out.getvalue())
    assert doc["schema"] == annual.SCHEMA and doc["year"] == YEAR
    assert doc["title"].endswith("2025年政府信息公开工作年度报告")
    assert set(doc["table_2"]) == {
        "regulations",
        "normative_documents",
        "licensing",
        "penalty",
        "compulsory",
        "fees",
    }
    for row in ("regulations", "normative_documents"):
        assert set(doc["table_2"][row]) == {"issued", "repealed", "in_force"}
    for row in ("licensing", "penalty", "compulsory"):
        assert set(doc["table_2"][row]) == {"decisions"}
    assert set(doc["table_2"]["fees"]) == {"amount_10k_yuan"}
    assert all(source["modelled"] for source in doc["table_2_sources"].values())
    assert set(doc["sections"]) == {"1", "2", "3", "4", "5", "6"}
    assert [s["title"] for s in doc["sections"].values()] == list(annual.SECTION_TITLES.values())
    assert doc["sections"]["2"]["table"] == "table_2"
    assert set(doc["table_3"]) >= {
        "new",
        "carried_over",
        "results",
        "results_total",
        "carried_forward",
    }
    assert set(doc["table_4"]) >= set(foi_annual.REMEDY_KINDS)


# --------------------------------------------------------------------------- layout


def texts_by_position(layout: Any, width: int) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(r, c): (cell.text, cell.rowspan, cell.colspan) for r, c, cell in grid(layout, width)}


def test_table_2_is_the_official_layout_cell_by_cell(scripted: dict[str, Any]) -> None:
    doc = annual.build(YEAR, today=TODAY)
    t2 = doc["table_2"]
    n = t2["normative_documents"]
    r = t2["regulations"]
    amount = annual.display(t2["fees"]["amount_10k_yuan"])
    expected = {
        (0, 0): ("第二十条第（一）项", 1, 4),
        (1, 0): ("信息内容", 1, 1),
        (1, 1): ("本年制发件数", 1, 1),
        (1, 2): ("本年废止件数", 1, 1),
        (1, 3): ("现行有效件数", 1, 1),
        (2, 0): ("规章", 1, 1),
        (2, 1): (str(r["issued"]), 1, 1),
        (2, 2): (str(r["repealed"]), 1, 1),
        (2, 3): (str(r["in_force"]), 1, 1),
        (3, 0): ("行政规范性文件", 1, 1),
        (3, 1): (str(n["issued"]), 1, 1),
        (3, 2): (str(n["repealed"]), 1, 1),
        (3, 3): (str(n["in_force"]), 1, 1),
        (4, 0): ("第二十条第（五）项", 1, 4),
        (5, 0): ("信息内容", 1, 1),
        (5, 1): ("本年处理决定数量", 1, 3),
        (6, 0): ("行政许可", 1, 1),
        (6, 1): (str(t2["licensing"]["decisions"]), 1, 3),
        (7, 0): ("第二十条第（六）项", 1, 4),
        (8, 0): ("信息内容", 1, 1),
        (8, 1): ("本年处理决定数量", 1, 3),
        (9, 0): ("行政处罚", 1, 1),
        (9, 1): (str(t2["penalty"]["decisions"]), 1, 3),
        (10, 0): ("行政强制", 1, 1),
        (10, 1): (str(t2["compulsory"]["decisions"]), 1, 3),
        (11, 0): ("第二十条第（八）项", 1, 4),
        (12, 0): ("信息内容", 1, 1),
        (12, 1): ("本年收费金额（单位：万元）", 1, 3),
        (13, 0): ("行政事业性收费", 1, 1),
        (13, 1): (amount, 1, 3),
    }
    assert texts_by_position(annual_documents.table2_layout(doc), 4) == expected


def test_html_has_the_title_six_sections_and_three_tables(scripted: dict[str, Any]) -> None:
    doc = annual.build(YEAR, today=TODAY)
    html = annual_documents.render_html(doc)
    assert f'<h1 class="annual-report__title">{doc["title"]}</h1>' in html
    positions = [html.index(f"<h2>{title}</h2>") for title in annual.SECTION_TITLES.values()]
    assert positions == sorted(positions)
    assert html.count("<table") == 3
    cells = dict(re.findall(r'data-cell="([^"]+)">([^<]*)<', html))
    assert cells["table_2.penalty.decisions"] == str(doc["table_2"]["penalty"]["decisions"])
    assert cells["table_2.normative_documents.in_force"] == str(
        doc["table_2"]["normative_documents"]["in_force"]
    )
    assert cells["new.total"] == str(doc["table_3"]["new"]["total"])
    assert cells["reconsideration.total"] == str(doc["table_4"]["reconsideration"]["total"])


def test_docx_opens_with_the_chinese_text_and_tables(
    scripted: dict[str, Any], tmp_path: Any
) -> None:
    target = tmp_path / "annual.docx"
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--format",
        "docx",
        "--output",
        str(target),
        stderr=StringIO(),
    )
    document = docx.Document(BytesIO(target.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "示范市生态环境局2025年政府信息公开工作年度报告" in text
    for title in annual.SECTION_TITLES.values():
        assert title in text
    assert len(document.tables) == 3
    table_2 = document.tables[0]
    assert table_2.cell(0, 0).text == "第二十条第（一）项"
    assert table_2.cell(3, 0).text == "行政规范性文件"
    doc = annual.build(YEAR, today=TODAY)
    assert table_2.cell(3, 1).text == str(doc["table_2"]["normative_documents"]["issued"])
    assert table_2.cell(9, 1).text == str(doc["table_2"]["penalty"]["decisions"])
    assert table_2.cell(9, 3).text == table_2.cell(9, 1).text  # merged across three columns
    assert document.tables[1].cell(0, 0).text == foi_annual.HEADER_NOTE


def test_pdf_lays_out_the_chinese_text(scripted: dict[str, Any], tmp_path: Any) -> None:
    from weasyprint.formatting_structure.boxes import TextBox

    doc = annual.build(YEAR, today=TODAY)
    laid_out = annual_documents.pdf_document(doc)
    text = "".join(
        box.text
        for page in laid_out.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )
    assert "政府信息公开工作年度报告" in text
    for title in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert title in text
    assert "行政规范性文件" in text and "国办函〔2020〕109号" in text
    if fonts.cjk_fonts():  # the Chinese is drawn in a CJK font, not as empty boxes
        pdf = laid_out.write_pdf(uncompressed_pdf=True)
        assert any(is_cjk(name) for name in embedded_fonts(pdf)), embedded_fonts(pdf)
    target = tmp_path / "annual.pdf"
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--format",
        "pdf",
        "--output",
        str(target),
        stderr=StringIO(),
    )
    assert target.read_bytes().startswith(b"%PDF")
