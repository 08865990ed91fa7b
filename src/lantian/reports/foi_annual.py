"""Tables 三 and 四 of the annual report on government information disclosure, in the
format of 国办公开办函〔2021〕30号, built from the foi app's cases (through its selectors).

Counting rules (docs/foi-annual-report.md):

* 一 ``new``: received (``received_on``) in the year.
* 二 ``carried_over``: received before the year and not finished by 31 December of the
  previous year.
* 三 ``results``: finished in the year (``replied_on``: the reply, or the date a
  withdrawal or abandonment closed the case), one row per reply type, each case in
  exactly one row; （七） ``results_total`` counts every finished case.
* 四 ``carried_forward``: received by 31 December and not finished by then.
* Table 四: reconsiderations and lawsuits filed in the year, by the result known on
  31 December (a case concluded later is 尚未审结 in this year's report).

So 一 + 二 = 三（七） + 四 in every column by construction, unless the data are wrong (a
reply dated before its receipt, a finished case without a reply type, an unknown
applicant type); :attr:`AnnualReport.problems` names every cell that does not add up.

One layout (:func:`table3_layout`, :func:`table4_layout`: rows of cells with their row
and column spans) feeds the HTML and the DOCX, so both are the official table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from lantian.core import fonts

SCHEMA = "lantian.reports.foi_annual/1"
FORMAT = "国办公开办函〔2021〕30号"

# ---- table 三: the official labels are the format itself (data, not translations)

COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other_organisation",
)
TOTAL = "total"
ALL_COLUMNS: tuple[str, ...] = (*COLUMNS, TOTAL)
COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_organisation": "其他",
    TOTAL: "总计",
}
APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"
HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

NEW, CARRIED_OVER, RESULTS = "new", "carried_over", "results"
RESULTS_TOTAL, CARRIED_FORWARD = "results_total", "carried_forward"
ROW_LABELS: dict[str, str] = {
    NEW: "一、本年新收政府信息公开申请数量",
    CARRIED_OVER: "二、上年结转政府信息公开申请数量",
    RESULTS: "三、本年度办理结果",
    RESULTS_TOTAL: "（七）总计",
    CARRIED_FORWARD: "四、结转下年度继续办理",
}
# The category labels of 三 (一)–(六); a category with sub-rows spans them.
GROUP_LABELS: dict[str, str] = {
    "（一）": "予以公开",
    "（二）": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）": "不予公开",
    "（四）": "无法提供",
    "（五）": "不予处理",
    "（六）": "其他处理",
}
TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"

# ---- table 四

REMEDY_KINDS: tuple[str, ...] = ("reconsideration", "litigation_direct", "litigation_after")
REMEDY_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", TOTAL)
REMEDY_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    TOTAL: "总计",
}
REMEDY_KIND_LABELS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after": "复议后起诉",
}
TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"


# --------------------------------------------------------------------------- counting


def _zero(columns: Iterable[str] = ALL_COLUMNS) -> dict[str, int]:
    return dict.fromkeys(columns, 0)


@dataclass(frozen=True)
class Problem:
    """A cell that does not add up, or a case that cannot be counted."""

    check: str  # "identity", "row_total", "results_total", "unclassified", …
    where: str  # the row or column key
    left: int
    right: int
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "where": self.where,
            "left": self.left,
            "right": self.right,
            "message": self.message,
        }


@dataclass
class AnnualReport:
    year: int
    reply_types: Sequence[Any]  # lantian.foi.replies.ReplyType, table 三 row order
    new: dict[str, int] = field(default_factory=_zero)
    carried_over: dict[str, int] = field(default_factory=_zero)
    results: dict[str, dict[str, int]] = field(default_factory=dict)
    results_total: dict[str, int] = field(default_factory=_zero)
    carried_forward: dict[str, int] = field(default_factory=_zero)
    remedies: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bureau: str = ""

    @property
    def consistent(self) -> bool:
        return not self.problems

    def table3_rows(self) -> dict[str, dict[str, int]]:
        return {
            NEW: self.new,
            CARRIED_OVER: self.carried_over,
            **{f"{RESULTS}.{key}": cells for key, cells in self.results.items()},
            RESULTS_TOTAL: self.results_total,
            CARRIED_FORWARD: self.carried_forward,
        }


def build(
    year: int,
    cases: Iterable[Mapping[str, Any]],
    remedies: Iterable[Mapping[str, Any]],
    reply_types: Sequence[Any],
    *,
    bureau: str = "",
) -> AnnualReport:
    """Count ``cases`` (``tracking_code``, ``applicant_type``, ``received_on``,
    ``replied_on``, ``reply_type``) and ``remedies`` (``kind``, ``result``, ``filed_on``,
    ``concluded_on``) for ``year``; then check every identity of the format."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    report = AnnualReport(year=year, reply_types=reply_types, bureau=bureau)
    report.results = {r.key: _zero() for r in reply_types}
    unknown_types: list[str] = []
    unclassified: list[str] = []

    def add(cells: dict[str, int], column: str) -> None:
        cells[TOTAL] += 1
        if column in COLUMNS:
            cells[column] += 1

    for case in cases:
        received, replied = case["received_on"], case["replied_on"]
        column = case["applicant_type"]
        if received is None or received > end:
            continue
        if column not in COLUMNS:
            unknown_types.append(case["tracking_code"])
        if received >= start:
            add(report.new, column)
        elif replied is None or replied >= start:
            add(report.carried_over, column)
        if replied is not None and start <= replied <= end:
            add(report.results_total, column)
            if case["reply_type"] in report.results:
                add(report.results[case["reply_type"]], column)
            else:
                unclassified.append(case["tracking_code"])
        if replied is None or replied > end:
            add(report.carried_forward, column)

    report.remedies = {kind: _zero(REMEDY_COLUMNS) for kind in REMEDY_KINDS}
    for remedy in remedies:
        if remedy["filed_on"].year != year or remedy["kind"] not in report.remedies:
            continue
        concluded = remedy["concluded_on"]
        known = concluded is not None and concluded <= end and remedy["result"] != "pending"
        result = remedy["result"] if known else "pending"
        cells = report.remedies[remedy["kind"]]
        cells[result if result in cells else "other"] += 1
        cells[TOTAL] += 1

    report.problems = _check(report, unknown_types, unclassified)
    return report


def _check(
    report: AnnualReport, unknown_types: list[str], unclassified: list[str]
) -> list[Problem]:
    problems = []
    if unknown_types:
        problems.append(
            Problem(
                "applicant_type",
                TOTAL,
                len(unknown_types),
                0,
                "cases without a known applicant type: " + ", ".join(unknown_types),
            )
        )
    if unclassified:
        problems.append(
            Problem(
                "unclassified",
                RESULTS_TOTAL,
                len(unclassified),
                0,
                "finished cases without a reply type: " + ", ".join(unclassified),
            )
        )
    for column in ALL_COLUMNS:
        left = report.new[column] + report.carried_over[column]
        right = report.results_total[column] + report.carried_forward[column]
        if left != right:
            problems.append(
                Problem(
                    "identity",
                    column,
                    left,
                    right,
                    f"column {column} ({COLUMN_LABELS[column]}): 一 + 二 = {left} "
                    f"but 三（七） + 四 = {right}",
                )
            )
        parts = sum(cells[column] for cells in report.results.values())
        if parts != report.results_total[column]:
            problems.append(
                Problem(
                    "results_total",
                    column,
                    report.results_total[column],
                    parts,
                    f"column {column}: （七）总计 = {report.results_total[column]} but the "
                    f"rows （一）–（六） add up to {parts}",
                )
            )
    for key, cells in report.table3_rows().items():
        parts = sum(cells[column] for column in COLUMNS)
        if parts != cells[TOTAL]:
            problems.append(
                Problem(
                    "row_total",
                    key,
                    cells[TOTAL],
                    parts,
                    f"row {key}: 总计 = {cells[TOTAL]} but the six columns add up to {parts}",
                )
            )
    for kind, cells in report.remedies.items():
        parts = sum(cells[c] for c in REMEDY_COLUMNS if c != TOTAL)
        if parts != cells[TOTAL]:
            problems.append(
                Problem(
                    "remedy_total",
                    kind,
                    cells[TOTAL],
                    parts,
                    f"table 四 {kind}: 总计 = {cells[TOTAL]} but the results add up to {parts}",
                )
            )
    return problems


def foi_annual(year: int) -> AnnualReport:
    """The report of ``year`` from the database."""
    from lantian.core.bureau import contact
    from lantian.foi import selectors

    return build(
        year,
        selectors.annual_report_cases(year),
        selectors.annual_report_remedies(year),
        selectors.reply_types(),
        bureau=contact().name,
    )


# --------------------------------------------------------------------------- JSON


def to_json(report: AnnualReport) -> dict[str, Any]:
    """The report with the stable keys documented in docs/foi-annual-report.md."""
    return {
        "schema": SCHEMA,
        "format": FORMAT,
        "year": report.year,
        "bureau": report.bureau,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "table3": {
            "columns": list(ALL_COLUMNS),
            NEW: dict(report.new),
            CARRIED_OVER: dict(report.carried_over),
            RESULTS: {key: dict(cells) for key, cells in report.results.items()},
            RESULTS_TOTAL: dict(report.results_total),
            CARRIED_FORWARD: dict(report.carried_forward),
            "rows": {r.key: r.row for r in report.reply_types},
        },
        "table4": {
            "columns": list(REMEDY_COLUMNS),
            **{kind: dict(cells) for kind, cells in report.remedies.items()},
        },
        "consistent": report.consistent,
        "problems": [problem.as_json() for problem in report.problems],
    }


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: bool = False
    key: str = ""  # "<row>.<column>" for number cells (tests, styling)


def _numbers(row: str, cells: Mapping[str, int], columns: Sequence[str]) -> list[Cell]:
    return [Cell(str(cells[c]), number=True, key=f"{row}.{c}") for c in columns]


def table3_layout(report: AnnualReport) -> list[list[Cell]]:
    """Table 三 as the official layout: 3 label columns and 7 number columns."""
    rows: list[list[Cell]] = [
        [
            Cell(HEADER_NOTE, rowspan=3, colspan=3, header=True),
            Cell(APPLICANTS, colspan=7, header=True),
        ],
        [
            Cell(COLUMN_LABELS["natural_person"], rowspan=2, header=True),
            Cell(LEGAL_PERSONS, colspan=5, header=True),
            Cell(COLUMN_LABELS[TOTAL], rowspan=2, header=True),
        ],
        [Cell(COLUMN_LABELS[c], header=True) for c in COLUMNS[1:]],
        [Cell(ROW_LABELS[NEW], colspan=3), *_numbers(NEW, report.new, ALL_COLUMNS)],
        [
            Cell(ROW_LABELS[CARRIED_OVER], colspan=3),
            *_numbers(CARRIED_OVER, report.carried_over, ALL_COLUMNS),
        ],
    ]
    groups: dict[str, list[Any]] = {}
    for reply in report.reply_types:
        groups.setdefault(reply.row[:3], []).append(reply)
    result_rows: list[list[Cell]] = []
    for group, replies in groups.items():
        label = f"{group}{GROUP_LABELS.get(group, '')}"
        for index, reply in enumerate(replies):
            numbers = _numbers(f"{RESULTS}.{reply.key}", report.results[reply.key], ALL_COLUMNS)
            sub = reply.row[3:]
            if not sub and len(replies) == 1:
                result_rows.append([Cell(label, colspan=2), *numbers])
                continue
            cells = [Cell(f"{sub}.{reply.label_zh}"), *numbers]
            if index == 0:
                cells.insert(0, Cell(label, rowspan=len(replies)))
            result_rows.append(cells)
    result_rows.append(
        [
            Cell(ROW_LABELS[RESULTS_TOTAL], colspan=2),
            *_numbers(RESULTS_TOTAL, report.results_total, ALL_COLUMNS),
        ]
    )
    result_rows[0].insert(0, Cell(ROW_LABELS[RESULTS], rowspan=len(result_rows)))
    rows += result_rows
    rows.append(
        [
            Cell(ROW_LABELS[CARRIED_FORWARD], colspan=3),
            *_numbers(CARRIED_FORWARD, report.carried_forward, ALL_COLUMNS),
        ]
    )
    return rows


def table4_layout(report: AnnualReport) -> list[list[Cell]]:
    """Table 四 as the official layout: 15 number columns under two header levels."""
    results = list(REMEDY_COLUMNS)
    return [
        [
            Cell(REMEDY_KIND_LABELS["reconsideration"], colspan=5, header=True),
            Cell(REMEDY_KIND_LABELS["litigation"], colspan=10, header=True),
        ],
        [
            *[Cell(REMEDY_COLUMN_LABELS[c], rowspan=2, header=True) for c in results],
            Cell(REMEDY_KIND_LABELS["litigation_direct"], colspan=5, header=True),
            Cell(REMEDY_KIND_LABELS["litigation_after"], colspan=5, header=True),
        ],
        [Cell(REMEDY_COLUMN_LABELS[c], header=True) for c in results * 2],
        [
            cell
            for kind in REMEDY_KINDS
            for cell in _numbers(kind, report.remedies[kind], REMEDY_COLUMNS)
        ],
    ]


def grid(layout: Sequence[Sequence[Cell]], width: int) -> list[tuple[int, int, Cell]]:
    """The (row, column) where each cell starts, skipping positions that a row or column
    span above or to the left already fills; raises when the layout is not rectangular."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(layout):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    expected = {(r, c) for r in range(len(layout)) for c in range(width)}
    if taken != expected:
        raise ValueError("the table layout is not rectangular")
    return placed


# --------------------------------------------------------------------------- HTML


def title(report: AnnualReport) -> str:
    return f"{report.bureau}{report.year}年政府信息公开工作年度报告（表三、表四）"


def html_context(report: AnnualReport) -> dict[str, Any]:
    return {
        "report": report,
        "title": title(report),
        "table3_title": TABLE3_TITLE,
        "table4_title": TABLE4_TITLE,
        "table3": table3_layout(report),
        "table4": table4_layout(report),
        "format": FORMAT,
    }


def render_html(report: AnnualReport) -> str:
    """A standalone HTML document with both tables in the official layout."""
    return render_to_string("reports/foi_annual_document.html", html_context(report))


# --------------------------------------------------------------------------- DOCX


def _east_asian(target: Any, size: float | None = None, bold: bool = False) -> None:
    fonts.docx_east_asian(target, size=size, bold=bold)


def _docx_table(document: Any, layout: Sequence[Sequence[Cell]], width: int, size: float) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=len(layout), cols=width, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, c, cell in grid(layout, width):
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = ""
        paragraph = target.paragraphs[0]
        if cell.number or cell.header:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _east_asian(paragraph.add_run(cell.text), size=size, bold=cell.header)
    return table


def render_docx(report: AnnualReport) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = Document()
    document.core_properties.title = title(report)
    document.core_properties.language = "zh-CN"
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    _east_asian(document.styles["Normal"], size=10.5)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(heading.add_run(title(report)), size=16, bold=True)
    _east_asian(document.add_paragraph().add_run(TABLE3_TITLE), size=12, bold=True)
    _docx_table(document, table3_layout(report), 10, 9)
    _east_asian(document.add_paragraph().add_run(TABLE4_TITLE), size=12, bold=True)
    _docx_table(document, table4_layout(report), 15, 9)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
