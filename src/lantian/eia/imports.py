"""Reading the national EIA approval platform's export of projects and decisions (XLSX)
into checked rows. No database: the caller passes the districts it knows and the credit
code check; :mod:`lantian.eia.import_services` writes the rows.

The file
--------
The first worksheet. Its header row is found within the first 30 rows (title rows above
it are skipped): the row that names the most (at least two) of the columns below.
Columns are matched by their header, compared without spaces, punctuation, bracketed
notes or case (so ``总投资（万元）`` and ``总投资`` are the same column); columns not listed
are ignored, and so are empty rows. The order of the columns does not matter.

=========================  =================================================  ========
column (accepted headers)                                                     required
=========================  =================================================  ========
项目代码                   全国投资项目在线审批监管平台项目代码, 投资项目代码,      yes
                           投资项目统一代码, 项目统一代码 — the national
                           investment project code, e.g.
                           ``2101-320500-04-01-123456``: the key of the import
项目名称                   建设项目名称                                           yes
建设单位                   建设单位名称                                           yes
统一社会信用代码           建设单位统一社会信用代码, 社会信用代码, 信用代码 —         yes
                           checked by GB 32100-2015's check characters
建设地点                   项目地址, 建设地址, 详细地址                            yes
环评文件类型               环评类别, 环境影响评价文件类型, 环评文件类别, 文件类型 —   yes
                           报告书, 报告表 or 登记表 (环境影响报告书 … too)
所在区县                   行政区划, 所在行政区, 所属区县, 区县, 行政区 — one of the
                           city's districts by name (``示范市示范区`` finds 示范区)
经度, 纬度                 中心经度, 中心纬度 — WGS 84 decimal degrees within
                           China (longitude 73–136, latitude 3–54); both or none
国民经济行业代码           行业类别, 国民经济行业类别, 行业代码 — the 4-digit class
                           of GB/T 4754 (``4411``, ``D4411`` or ``D4411 火力发电``)
行业名称                   国民经济行业名称 (else the text after the code)
环评单位                   编制单位, 环评文件编制单位, 环评机构
总投资（万元）             总投资, 项目总投资, 投资总额 — in 10,000 yuan
受理日期                   受理时间
审批结果                   审批决定 — 批准, 同意, 准予许可 (approved); 不予批准,
                           不同意, 不予许可 (not approved); 审批中, 待审批 or
                           empty: no decision yet
审批文号                   批复文号
审批日期                   批复日期, 审批时间
审批意见                   批复要求, 审批意见及要求 — the conditions
=========================  =================================================  ========

The complete lists of headers and of 审批结果's words are :data:`COLUMNS` and
:data:`DECISIONS`; the template (:func:`template_xlsx`) has the platform's headers.

Dates are Excel dates or text: ``2026-03-31``, ``2026/3/31``, ``2026年3月31日``. Amounts
may carry thousands separators or 万元 (``1,250.5``, ``1250.5万元``). A formula
cell counts with the value Excel saved with it; one saved without a value (a file
written by a program) is refused. An empty cell of an optional column leaves the stored
value alone.

What is refused
---------------
The whole file (:class:`FileError`): not an XLSX workbook, no header row, or a header
row that lacks a required column (the message names the missing headers).

A row, with its spreadsheet row number and every reason, each naming its column: a
required cell empty; a code or text that is too long; an invalid credit code; an unknown
district, 环评文件类型 or 审批结果; a number, date or industry code that cannot be read;
coordinates outside China or only one of them; 审批结果 without 审批日期, or 审批日期,
审批文号 or 审批意见 without 审批结果; 审批日期 before 受理日期; a project code that
appears in more than one row of the file (every such row is refused, naming the others).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from lantian.core.sheets import Sheet, SheetError, cell_text, first_sheet, lookup_key, parse_date
from lantian.eia.clock import Category

HEADER_SCAN_ROWS = 30

# field → its header as the platform writes it, then the variants accepted
COLUMNS: dict[str, tuple[str, ...]] = {
    "project_code": (
        "项目代码",
        "全国投资项目在线审批监管平台项目代码",
        "投资项目代码",
        "投资项目统一代码",
        "项目统一代码",
    ),
    "name": ("项目名称", "建设项目名称"),
    "builder_name": ("建设单位", "建设单位名称"),
    "builder_credit_code": (
        "统一社会信用代码",
        "建设单位统一社会信用代码",
        "社会信用代码",
        "信用代码",
    ),
    "address": ("建设地点", "项目地址", "建设地址", "详细地址"),
    "district": ("所在区县", "行政区划", "所在行政区", "所属区县", "区县", "行政区"),
    "longitude": ("经度", "中心经度", "项目经度"),
    "latitude": ("纬度", "中心纬度", "项目纬度"),
    "industry_code": ("国民经济行业代码", "行业类别", "国民经济行业类别", "行业代码"),
    "industry_name": ("行业名称", "国民经济行业名称"),
    "category": (
        "环评文件类型",
        "环评类别",
        "环境影响评价文件类型",
        "环评文件类别",
        "文件类型",
    ),
    "preparer": ("环评单位", "编制单位", "环评文件编制单位", "环评机构"),
    "investment": ("总投资（万元）", "总投资", "项目总投资", "投资总额"),
    "accepted_on": ("受理日期", "受理时间"),
    "decision": ("审批结果", "审批决定"),
    "decision_number": ("审批文号", "批复文号"),
    "decided_on": ("审批日期", "批复日期", "审批时间"),
    "conditions": ("审批意见", "批复要求", "审批意见及要求"),
}
REQUIRED = ("project_code", "name", "builder_name", "builder_credit_code", "address", "category")
HEADERS = tuple(names[0] for names in COLUMNS.values())  # the template's header row
_FIELD_OF = {lookup_key(name): column for column, names in COLUMNS.items() for name in names}

# the longest text each field keeps (the model's max_length)
MAX_LENGTH = {
    "project_code": 40,
    "name": 200,
    "builder_name": 200,
    "address": 300,
    "industry_name": 100,
    "preparer": 200,
    "decision_number": 100,
    "conditions": 10_000,
}
CATEGORIES = {
    lookup_key(text): category
    for category, words in (
        (Category.REPORT_BOOK, ("报告书", "环境影响报告书", "环评报告书")),
        (Category.REPORT_FORM, ("报告表", "环境影响报告表", "环评报告表")),
        (Category.REGISTRATION_FORM, ("登记表", "环境影响登记表", "环评登记表")),
    )
    for text in words
}
APPROVED, NOT_APPROVED = "approved", "not_approved"
DECISIONS = {
    **{lookup_key(t): APPROVED for t in ("批准", "同意", "准予许可", "予以批准", "通过")},
    **{
        lookup_key(t): NOT_APPROVED
        for t in ("不予批准", "不同意", "不予许可", "不批准", "未通过", "不予通过")
    },
    # still pending: no decision yet
    **{lookup_key(t): "" for t in ("审批中", "待审批", "在审", "受理", "已受理", "未审批")},
}
# China's extent in WGS 84 (Heilongjiang's Fuyuan to Xinjiang's Pamirs; Mohe to Zengmu Ansha)
LONGITUDE_RANGE = (Decimal(73), Decimal(136))
LATITUDE_RANGE = (Decimal(3), Decimal(54))
EARLIEST, LATEST = date(1979, 1, 1), date(2100, 12, 31)  # the EIA system dates from 1979
MAX_INVESTMENT = Decimal("9999999999.99")  # 12 digits, 2 decimals, in 10,000 yuan
MAX_DIGITS = 15  # before the decimal point: larger numbers are no coordinate or investment
_CODE = re.compile(r"^[0-9A-Z][0-9A-Z-]{5,39}$")
_INDUSTRY = re.compile(r"^([A-T])?\s*(\d{4})(?!\d)\s*(.*)$", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "‐": "-", "\u3000": ""})


class FileError(ValueError):
    """The file as a whole cannot be read; ``str()`` says why, in the reader's language."""


@dataclass(frozen=True)
class Decision:
    decision: str  # approved | not_approved
    decided_on: date
    decision_number: str = ""
    conditions: str = ""


@dataclass
class ProjectRow:
    """A row to import: the project's fields whose cells are filled (``district`` a
    primary key), and its decision when it has one."""

    row: int
    project_code: str
    values: dict[str, Any]
    decision: Decision | None = None
    raw: dict[str, str] = field(default_factory=dict)


@dataclass
class Refusal:
    row: int
    reasons: list[str]
    raw: dict[str, str] = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[ProjectRow] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field → the file's own header
    ignored: list[str] = field(default_factory=list)  # headers of columns not read


CreditCodeCheck = Callable[[str], str | None]  # why a code is invalid, or None


def district_table(entries: Mapping[int, tuple[str, ...]]) -> dict[str, int]:
    """The ``districts`` of :func:`parse` from ``{pk: (name, English name, …)}``."""
    return {lookup_key(name): pk for pk, names in entries.items() for name in names if name}


# ---------------------------------------------------------------- the header


def _field_of(header: Any) -> str | None:
    return _FIELD_OF.get(lookup_key(cell_text(header))) if cell_text(header) else None


def _header_row(rows: list[tuple[Any, ...]]) -> int:
    best, found = -1, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count = len({f for f in map(_field_of, row) if f})
        if count > found:
            best, found = index, count
    if found < 2:
        raise FileError(
            _(
                "No header row found: a row naming the columns (%(columns)s …) is expected "
                "within the first %(rows)d rows of the first worksheet."
            )
            % {"columns": "、".join(COLUMNS[c][0] for c in REQUIRED), "rows": HEADER_SCAN_ROWS}
        )
    return best


# ---------------------------------------------------------------- cells


class _Row:
    """One data row being checked: its cells by field, and the reasons it is refused."""

    def __init__(
        self, number: int, cells: dict[str, Any], names: Mapping[str, str], blank: set[str]
    ) -> None:
        self.number, self.cells, self.names = number, cells, names
        self.reasons: list[str] = []
        self.bad: set[str] = set()  # the fields already refused
        # fields whose cell holds a formula saved without its value
        for name in sorted(blank):
            self.refuse(
                name,
                _(
                    "a formula without a saved value: open the file in Excel and save it, "
                    "or paste the values, then import it again"
                ),
            )

    def column(self, name: str) -> str:
        """The column as the file names it (the platform's header when it has none)."""
        return self.names.get(name) or COLUMNS[name][0]

    def refuse(self, name: str, problem: str) -> None:
        column = self.column(name)
        self.bad.add(name)
        self.reasons.append(_("%(column)s: %(problem)s") % {"column": column, "problem": problem})

    def text(self, name: str) -> str:
        value = cell_text(self.cells.get(name))
        if _CONTROL.search(value):
            self.refuse(name, _("remove the control characters"))
            return ""
        limit = MAX_LENGTH.get(name)
        if limit and len(value) > limit:
            self.refuse(
                name,
                _("%(length)d characters; at most %(limit)d are kept")
                % {"length": len(value), "limit": limit},
            )
            return ""
        return value

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value and not self.refused(name):
            self.refuse(name, _("empty"))
        return value

    def refused(self, name: str) -> bool:
        return name in self.bad

    def decimal(self, name: str, places: int) -> Decimal | None:
        raw = self.cells.get(name)
        text = cell_text(raw).replace(",", "").replace("，", "").removesuffix("万元").strip()
        if not text:
            return None
        try:
            value = Decimal(str(raw)) if isinstance(raw, int | float) else Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.refuse(name, _("“%(value)s” is not a number") % {"value": cell_text(raw)[:40]})
            return None
        if value.adjusted() >= MAX_DIGITS:
            self.refuse(name, _("“%(value)s” is too large") % {"value": cell_text(raw)[:40]})
            return None
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def day(self, name: str) -> date | None:
        raw = self.cells.get(name)
        if not cell_text(raw):
            return None
        found = parse_date(raw)
        if found is None:
            self.refuse(
                name,
                _("“%(value)s” is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)")
                % {"value": cell_text(raw)[:40]},
            )
        elif not EARLIEST <= found <= LATEST:
            self.refuse(
                name,
                _("%(date)s is outside %(earliest)s–%(latest)s")
                % {"date": found, "earliest": EARLIEST.year, "latest": LATEST.year},
            )
            return None
        return found


def _code(row: _Row) -> str:
    code = row.required("project_code").translate(_DASHES).replace(" ", "").upper()
    if code and not _CODE.match(code):
        row.refuse(
            "project_code",
            _("“%(value)s” is not an investment project code (e.g. 2101-320500-04-01-123456)")
            % {"value": code[:40]},
        )
    return code


def _credit_code(row: _Row, check: CreditCodeCheck) -> str:
    code = row.required("builder_credit_code").replace(" ", "").upper()
    if code:
        problem = check(code)
        if problem:
            row.refuse("builder_credit_code", str(problem))
    return code


def _district(row: _Row, districts: Mapping[str, int]) -> int | None:
    text = row.text("district")
    if not text:
        return None
    key = lookup_key(text)
    if key in districts:
        return districts[key]
    # 示范市示范区, 江苏省/示范市/示范区: the longest known name it ends with
    ends = sorted((k for k in districts if key.endswith(k)), key=len, reverse=True)
    if ends:
        return districts[ends[0]]
    row.refuse("district", _("unknown district “%(value)s”") % {"value": text[:40]})
    return None


def _coordinates(row: _Row) -> tuple[Decimal | None, Decimal | None]:
    longitude, latitude = row.decimal("longitude", 6), row.decimal("latitude", 6)
    if row.refused("longitude") or row.refused("latitude"):
        return None, None
    if (longitude is None) != (latitude is None):
        missing = "latitude" if latitude is None else "longitude"
        row.refuse(missing, _("empty, but the other coordinate is given"))
        return None, None
    if longitude is None or latitude is None:
        return None, None
    outside = False
    for name, value, (low, high) in (
        ("longitude", longitude, LONGITUDE_RANGE),
        ("latitude", latitude, LATITUDE_RANGE),
    ):
        if not low <= value <= high:
            outside = True
            row.refuse(
                name,
                _("%(value)s is outside China (%(low)s to %(high)s)")
                % {"value": value.normalize(), "low": low, "high": high},
            )
    swapped = LATITUDE_RANGE[0] <= longitude <= LATITUDE_RANGE[1] and (
        LONGITUDE_RANGE[0] <= latitude <= LONGITUDE_RANGE[1]
    )
    if swapped:
        row.refuse("longitude", _("the longitude and latitude seem swapped"))
    return (None, None) if outside else (longitude, latitude)


def _industry(row: _Row) -> tuple[str, str]:
    text = row.text("industry_code")
    if not text:
        return "", ""
    found = _INDUSTRY.match(text)
    if found is None:
        row.refuse(
            "industry_code",
            _("“%(value)s” is not a 4-digit class of GB/T 4754 (e.g. 4411 or D4411)")
            % {"value": text[:40]},
        )
        return "", ""
    return found.group(2), text[found.start(3) :].strip()[: MAX_LENGTH["industry_name"]]


def _category(row: _Row) -> str:
    text = row.required("category")
    if not text:
        return ""
    found = CATEGORIES.get(lookup_key(text))
    if found is None:
        row.refuse(
            "category",
            _("unknown type “%(value)s” (报告书, 报告表 or 登记表)") % {"value": text[:40]},
        )
        return ""
    return str(found)


def _decision(row: _Row, accepted_on: date | None) -> Decision | None:
    text = row.text("decision")
    decided_on = row.day("decided_on")
    number, conditions = row.text("decision_number"), row.text("conditions")
    verdict = DECISIONS.get(lookup_key(text)) if text else ""
    if verdict is None:
        row.refuse(
            "decision",
            _("unknown result “%(value)s” (批准 or 不予批准)") % {"value": text[:40]},
        )
        return None
    if not verdict:
        given = (decided_on, number, conditions)
        for name, value in zip(("decided_on", "decision_number", "conditions"), given, strict=True):
            if value and not row.refused(name):
                row.refuse(name, _("given without %(other)s") % {"other": row.column("decision")})
        return None
    if decided_on is None:
        if not row.refused("decided_on"):
            other = row.column("decided_on")
            row.refuse("decision", _("given without %(other)s") % {"other": other})
        return None
    if accepted_on is not None and decided_on < accepted_on:
        row.refuse(
            "decided_on",
            _("%(decided)s is before %(column)s (%(accepted)s)")
            % {
                "decided": decided_on.isoformat(),
                "column": row.column("accepted_on"),
                "accepted": accepted_on.isoformat(),
            },
        )
        return None
    return Decision(verdict, decided_on, number, conditions)


def _check(row: _Row, districts: Mapping[str, int], check: CreditCodeCheck) -> ProjectRow:
    code = _code(row)
    values: dict[str, Any] = {
        "project_code": code,
        "name": row.required("name"),
        "builder_name": row.required("builder_name"),
        "builder_credit_code": _credit_code(row, check),
        "address": row.required("address"),
        "category": _category(row),
        "preparer": row.text("preparer"),
    }
    values["district"] = _district(row, districts)
    values["longitude"], values["latitude"] = _coordinates(row)
    values["industry_code"], in_code_name = _industry(row)
    values["industry_name"] = row.text("industry_name") or in_code_name
    investment = row.decimal("investment", 2)
    if investment is not None and not Decimal(0) <= investment <= MAX_INVESTMENT:
        row.refuse(
            "investment",
            _("%(value)s is not an investment in 10,000 yuan") % {"value": investment},
        )
        investment = None
    values["investment"] = investment
    values["accepted_on"] = row.day("accepted_on")
    decision = _decision(row, values["accepted_on"])
    # an empty cell leaves the stored value alone: only filled cells are written
    filled = {k: v for k, v in values.items() if v not in (None, "")}
    return ProjectRow(row.number, code, filled, decision)


# ---------------------------------------------------------------- the file


def parse(
    content: bytes, *, districts: Mapping[str, int], credit_code_problem: CreditCodeCheck
) -> Parsed:
    """Read and check the export. ``districts`` maps the :func:`~lantian.core.sheets.
    lookup_key` of each district name to its primary key (:func:`district_table`);
    ``credit_code_problem(code)`` says why a credit code is invalid, or None."""
    try:
        sheet: Sheet = first_sheet(content, formulas=True)
    except SheetError as error:
        raise FileError(str(error)) from None
    rows = sheet.rows
    start = _header_row(rows)
    headers = [cell_text(v) for v in rows[start]]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, text in enumerate(headers):
        name = _field_of(text)
        if name and name not in positions:
            positions[name] = index
        elif text:
            ignored.append(text)
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in positions]
    if missing:
        raise FileError(
            _("The header row (row %(row)d) lacks the column(s): %(columns)s.")
            % {"row": start + 1, "columns": "、".join(missing)}
        )
    names = {name: headers[index] for name, index in positions.items()}
    parsed = Parsed(header_row=start + 1, columns=names, ignored=ignored)
    checked: list[tuple[ProjectRow, _Row]] = []
    for index in range(start + 1, len(rows)):
        values = rows[index]
        if all(not cell_text(v) for v in values):
            continue
        cells = {n: values[i] if i < len(values) else None for n, i in positions.items()}
        blank = {
            n for n, i in positions.items() if (index, i) in sheet.formulas and cells[n] is None
        }
        row = _Row(index + 1, cells, names, blank)
        result = _check(row, districts, credit_code_problem)
        result.raw = {
            (headers[i] if i < len(headers) and headers[i] else f"#{i + 1}"): cell_text(v)
            for i, v in enumerate(values)
            if cell_text(v)
        }
        checked.append((result, row))
    _refuse_repeated_codes(checked)
    for result, row in checked:
        if row.reasons:
            parsed.refused.append(Refusal(result.row, row.reasons, result.raw))
        else:
            parsed.rows.append(result)
    return parsed


def _refuse_repeated_codes(checked: list[tuple[ProjectRow, _Row]]) -> None:
    """A project code in more than one row: which row is right is for the bureau to say,
    so every one of them is refused."""
    rows_of: dict[str, list[int]] = {}
    for result, _row in checked:
        if result.project_code:
            rows_of.setdefault(result.project_code, []).append(result.row)
    for result, row in checked:
        others = [n for n in rows_of.get(result.project_code, []) if n != result.row]
        if others:
            row.refuse(
                "project_code",
                _("“%(code)s” is also in row(s) %(rows)s of this file")
                % {"code": result.project_code, "rows": ", ".join(map(str, others))},
            )


# ---------------------------------------------------------------- the template


def template_xlsx() -> bytes:
    """An empty export with the header row, and a second sheet that says what each
    column takes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(list(HEADERS))
    for index, header in enumerate(HEADERS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        width = 30 if header in ("项目名称", "建设地点", "审批意见") else len(header) * 2 + 4
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("说明")
    notes.append([_("Column"), _("Required"), _("Also accepted as")])
    for name, headers in COLUMNS.items():
        notes.append([headers[0], _("yes") if name in REQUIRED else "", "、".join(headers[1:])])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
