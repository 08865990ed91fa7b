"""The annual disclosure report (:mod:`lantian.reports.annual`) in the official layout of
国办公开办函〔2021〕30号 as HTML, DOCX and PDF: the title, sections 一 to 六, table 二
(:func:`table2_layout`) and tables 三 and 四 (foi_annual's layouts). One cell layout per
table feeds the HTML and the DOCX, so both are the official table."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.template.loader import render_to_string

from lantian.core import fonts
from lantian.reports import annual, foi_annual
from lantian.reports.foi_annual import Cell

# Table 二's official labels are the format itself (data, not translations).
CONTENT = "信息内容"
POLICY_COLUMN_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}
DECISIONS = "本年处理决定数量"
FEE_AMOUNT = "本年收费金额（单位：万元）"
ROW_LABELS = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "compulsory": "行政强制",
    "fees": "行政事业性收费",
}
BLOCKS = {
    "policy": "第二十条第（一）项",
    "licensing": "第二十条第（五）项",
    "enforcement": "第二十条第（六）项",
    "fees": "第二十条第（八）项",
}
TABLE2_WIDTH = 4


def _wide(row: str, value: Any, key: str) -> list[Cell]:
    """A row label and one number spanning the three number columns."""
    return [
        Cell(ROW_LABELS[row]),
        Cell(annual.display(value), colspan=3, number=True, key=f"table_2.{row}.{key}"),
    ]


def table2_layout(doc: dict[str, Any]) -> list[list[Cell]]:
    """Table 二 as the official layout: four blocks of 第二十条, each with its header row."""
    t2 = doc["table_2"]
    rows: list[list[Cell]] = [
        [Cell(BLOCKS["policy"], colspan=4, header=True)],
        [
            Cell(CONTENT, header=True),
            *[Cell(label, header=True) for label in POLICY_COLUMN_LABELS.values()],
        ],
    ]
    for row in annual.POLICY_ROWS:
        rows.append(
            [
                Cell(ROW_LABELS[row]),
                *[
                    Cell(str(t2[row][c]), number=True, key=f"table_2.{row}.{c}")
                    for c in annual.POLICY_COLUMNS
                ],
            ]
        )
    decisions_header = [Cell(CONTENT, header=True), Cell(DECISIONS, colspan=3, header=True)]
    rows += [
        [Cell(BLOCKS["licensing"], colspan=4, header=True)],
        decisions_header,
        _wide("licensing", t2["licensing"]["decisions"], "decisions"),
        [Cell(BLOCKS["enforcement"], colspan=4, header=True)],
        list(decisions_header),
        _wide("penalty", t2["penalty"]["decisions"], "decisions"),
        _wide("compulsory", t2["compulsory"]["decisions"], "decisions"),
        [Cell(BLOCKS["fees"], colspan=4, header=True)],
        [Cell(CONTENT, header=True), Cell(FEE_AMOUNT, colspan=3, header=True)],
        _wide("fees", t2["fees"]["amount_10k_yuan"], "amount_10k_yuan"),
    ]
    return rows


def context(doc: dict[str, Any]) -> dict[str, Any]:
    """What the templates need: the sections in order, each with its paragraphs or table."""
    report = annual.foi_report(doc)
    tables = {
        "table_2": table2_layout(doc),
        "table_3": foi_annual.table3_layout(report),
        "table_4": foi_annual.table4_layout(report),
    }
    parts = []
    for key, section in doc["sections"].items():
        parts.append(
            {
                "key": key,
                "title": section["title"],
                "paragraphs": annual.paragraphs(section),
                "default": section.get("default", False),
                "table": tables.get(section.get("table", "")),
                "table_key": section.get("table", ""),
            }
        )
    return {"doc": doc, "title": doc["title"], "parts": parts, "format": doc["format"]}


def render_html(doc: dict[str, Any]) -> str:
    """A standalone HTML document (also the PDF's source)."""
    return render_to_string("reports/annual_document.html", context(doc))


def pdf_document(doc: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document (its pages hold the text boxes tests read)."""
    # Imported late: loading Pango costs time at startup.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fonts.warn_if_missing("the annual disclosure report")
    # Nothing to fetch: a render never reaches the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(doc), url_fetcher=fetcher).render()


def render_pdf(doc: dict[str, Any]) -> bytes:
    return pdf_document(doc).write_pdf()


def render_docx(doc: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = doc["title"]
    document.core_properties.language = "zh-CN"
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    fonts.docx_east_asian(document.styles["Normal"], size=10.5)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fonts.docx_east_asian(heading.add_run(doc["title"]), size=16, bold=True)
    for part in context(doc)["parts"]:
        fonts.docx_east_asian(document.add_paragraph().add_run(part["title"]), size=12, bold=True)
        for text in part["paragraphs"]:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(21)
            fonts.docx_east_asian(paragraph.add_run(text), size=10.5)
        if part["table"] is not None:
            width = {"table_2": TABLE2_WIDTH, "table_3": 10, "table_4": 15}[part["table_key"]]
            size = 7 if part["table_key"] == "table_4" else 9
            foi_annual._docx_table(document, part["table"], width, size)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
