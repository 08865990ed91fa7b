"""Reading an inspection team's referral sheet (督察交办清单, XLSX) into checked rows.

Pure: no database. The caller passes the districts and categories it knows as lookup
tables (:func:`lookup_key` of each name or code → its primary key); every refused row
comes back with its spreadsheet row number, the column as the file names it and the
reason.

The layout (the first worksheet), as inspection teams send it::

    A1   中央第三生态环境保护督察组交办群众信访举报件（第12批）      ← title (optional)
    A2   批次号     B2  2026-D012      C2  交办日期  D2  2026-11-02
    A3   督察组     B3  中央第三…组     C3  办结时限  D3  2026-11-20
    A5   序号 | 受理编号 | 行政区 | 污染类型 | 举报内容 | 办理时限 | (地点)   ← the table
    A6…  one referred case per row

The header block: a label cell and its value in the next non-empty cell to the right,
or both in one cell (``批次号：2026-D012``). Labels and column headers may vary:

- batch number: 批次号, 批次, 交办批次, 批次编号;
- date referred: 交办日期, 交办时间, 转办日期;
- results due: 办结时限, 办结期限, 反馈时限, 报送时限, 办理时限 (in the header block);
- team: 督察组, 交办单位, 督察组名称 (else the title, when it names a 督察组);
- columns: 受理编号 / 交办编号 / 信访编号 / 举报编号 / 编号; 行政区 / 区县 / 所在区 / 所属区县 /
  行政区域; 污染类型 / 举报类型 / 问题类型 / 污染类别; 举报内容 / 信访内容 / 反映问题 /
  举报问题 / 主要问题; 办理时限 / 办结时限 / 时限 / 反馈时限 (optional: the batch's
  deadline applies); 地点 / 问题地点 / 举报地点 / 详细地址 (optional).

Dates are Excel dates or text (2026-11-02, 2026/11/2, 2026.11.02, 2026年11月2日).

A row is refused when its case number is missing or repeats an earlier row's, when its
district or category is missing or unknown, when its description is missing, or when its
deadline is not a date or falls before the batch's date. The file as a whole is refused
(:class:`FileError`) when it is not a spreadsheet, has no case table, lacks a required
column, or its header block lacks the batch number or a valid date or deadline.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lantian.core import sheets
from lantian.core.sheets import cell_text, lookup_key, parse_date

HEADER_SCAN_ROWS = 30  # the case table starts within the first rows of the sheet

BATCH_LABELS = ("批次号", "批次编号", "交办批次", "批次", "batchno", "batch")
DATE_LABELS = ("交办日期", "交办时间", "转办日期", "date")
DUE_LABELS = ("办结时限", "办结期限", "反馈时限", "报送时限", "办理时限", "due", "deadline")
TEAM_LABELS = ("督察组名称", "督察组", "交办单位", "team")

# canonical column → the headers that name it (compared by lookup_key)
COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "no"),
    "case_no": ("受理编号", "交办编号", "信访编号", "举报编号", "案件编号", "编号", "caseno"),
    "district": ("行政区", "区县", "所在区", "所属区县", "行政区域", "所在区县", "district"),
    "category": ("污染类型", "举报类型", "问题类型", "污染类别", "category"),
    "description": ("举报内容", "信访内容", "反映问题", "举报问题", "主要问题", "description"),
    "due_on": ("办理时限", "办结时限", "时限", "反馈时限", "办结期限", "dueon", "due"),
    "address": ("地点", "问题地点", "举报地点", "详细地址", "地址", "address"),
}
REQUIRED_COLUMNS = ("case_no", "district", "category", "description")

# what each column is called in messages (the file's own header wins when it has one)
COLUMN_NAMES = {
    "seq": "序号",
    "case_no": "受理编号",
    "district": "行政区",
    "category": "污染类型",
    "description": "举报内容",
    "due_on": "办理时限",
    "address": "地点",
}


def name_keys(name: str) -> set[str]:
    """The keys a district or category name is also written as: 东城区 → 东城区, 东城;
    大气污染 → 大气污染, 大气."""
    key = lookup_key(name)
    keys = {key}
    for suffix in ("区", "县", "市", "污染", "类"):
        if key.endswith(suffix) and len(key) > len(suffix):
            keys.add(key[: -len(suffix)])
    return keys


class FileError(ValueError):
    """The file as a whole cannot be read; ``str()`` says why, in the reader's language."""


@dataclass(frozen=True)
class RowError:
    """One reason a row was refused: the sheet's row number and the column's header."""

    row: int
    column: str
    # missing | unknown_district | unknown_category | duplicate | not_a_date |
    # before_batch | too_long
    code: str
    value: str = ""
    first_row: int = 0  # for duplicates: the row that has the number first

    @property
    def message(self) -> str:
        values = {"column": self.column, "value": self.value, "first": self.first_row}
        if self.code == "missing":
            text = _("%(column)s is empty.")
        elif self.code == "unknown_district":
            text = _("%(column)s: unknown district “%(value)s”.")
        elif self.code == "unknown_category":
            text = _("%(column)s: unknown category “%(value)s”.")
        elif self.code == "duplicate":
            text = _("%(column)s: “%(value)s” is already in row %(first)d of this file.")
        elif self.code == "not_a_date":
            text = _("%(column)s: “%(value)s” is not a date.")
        elif self.code == "before_batch":
            text = _("%(column)s: %(value)s is before the date the batch was referred.")
        elif self.code == "too_long":
            text = _("%(column)s: longer than the system keeps.")
        else:
            text = _("%(column)s: %(value)s")
        return text % values

    def __str__(self) -> str:
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class BatchHeader:
    batch_no: str
    team: str
    received_on: date
    due_on: date
    title: str = ""


@dataclass
class BatchRow:
    """A row to import: district and category resolved to primary keys."""

    row: int
    case_no: str
    district_id: int
    category_id: int
    description: str
    due_on: date  # the row's own deadline, else the batch's
    own_deadline: bool
    address: str = ""
    seq: str = ""
    raw: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedBatch:
    header: BatchHeader
    rows: list[BatchRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    raw_rows: list[dict[str, Any]] = field(default_factory=list)  # every data row, as read
    columns: dict[str, str] = field(default_factory=dict)  # canonical → the file's header

    def refused_rows(self) -> dict[int, list[RowError]]:
        refused: dict[int, list[RowError]] = {}
        for error in self.errors:
            refused.setdefault(error.row, []).append(error)
        return refused


# ---- the sheet


def _sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    try:
        return sheets.first_sheet(content).rows
    except sheets.SheetError as error:
        raise FileError(str(error)) from None


def _column_of(header: str) -> str | None:
    key = lookup_key(header)
    if not key:
        return None
    for column, names in COLUMNS.items():
        if key in {lookup_key(n) for n in names}:
            return column
    return None


def _table_start(rows: Sequence[tuple[Any, ...]]) -> int:
    """The index of the case table's header row: the first row that names a case-number
    and a description column."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {_column_of(cell_text(v)) for v in row}
        if {"case_no", "description"} <= found:
            return index
    raise FileError(
        _(
            "No case table found: a header row with the columns 受理编号 (case number) and "
            "举报内容 (description) is expected within the first %(rows)d rows."
        )
        % {"rows": HEADER_SCAN_ROWS}
    )


def _label_value(cells: Sequence[Any], labels: Iterable[str]) -> tuple[bool, Any]:
    """(found, value) of the first label in ``cells``: the rest of its own cell after a
    colon, else the next non-empty cell to its right."""
    keys = [lookup_key(label) for label in labels]
    for index, value in enumerate(cells):
        head, colon, rest = cell_text(value).replace("：", ":").partition(":")
        if not head or lookup_key(head) not in keys:
            continue
        if colon and rest.strip():
            return True, rest.strip()
        for after in cells[index + 1 :]:
            if cell_text(after):
                # an empty value: the next cell is already the next label
                is_label = lookup_key(cell_text(after).split(":")[0]) in _ALL_LABELS
                return True, None if is_label else after
        return True, None
    return False, None


_ALL_LABELS = {
    lookup_key(label)
    for labels in (BATCH_LABELS, DATE_LABELS, DUE_LABELS, TEAM_LABELS)
    for label in labels
}


def _header_block(rows: Sequence[tuple[Any, ...]]) -> BatchHeader:
    cells = [v for row in rows for v in (*row, None)]  # None keeps rows apart
    title = next((cell_text(v) for row in rows for v in row if cell_text(v)), "")
    _found, batch_no = _label_value(cells, BATCH_LABELS)
    batch_no = cell_text(batch_no)
    if not batch_no:
        raise FileError(_("The sheet does not give the batch number (批次号) above the table."))
    if len(batch_no) > 40:
        raise FileError(_("The batch number is longer than 40 characters."))
    _found, raw_date = _label_value(cells, DATE_LABELS)
    received_on = parse_date(raw_date)
    if received_on is None:
        raise FileError(
            _("The sheet does not give the date the batch was referred (交办日期) as a date.")
        )
    _found, raw_due = _label_value(cells, DUE_LABELS)
    due_on = parse_date(raw_due)
    if due_on is None:
        raise FileError(_("The sheet does not give the batch's deadline (办结时限) as a date."))
    if due_on < received_on:
        raise FileError(_("The batch's deadline is before the date it was referred."))
    _found, team = _label_value(cells, TEAM_LABELS)
    team = cell_text(team)
    if not team and "督察" in title:
        team = re.split(r"交办|转办", title)[0].strip() or title
    return BatchHeader(
        batch_no=batch_no,
        team=(team or _("Inspection team"))[:200],
        received_on=received_on,
        due_on=due_on,
        title=title,
    )


def _resolve(value: str, table: Mapping[str, int]) -> int | None:
    for key in sorted(name_keys(value), key=len, reverse=True):
        if key in table:
            return table[key]
    return None


def parse(
    content: bytes,
    *,
    districts: Mapping[str, int],
    categories: Mapping[str, int],
) -> ParsedBatch:
    """Read the sheet; ``districts`` and ``categories`` map :func:`lookup_key` forms of
    each known name and code (see :func:`lookup_table`) to primary keys."""
    rows = _sheet_rows(content)
    start = _table_start(rows)
    header = _header_block(rows[:start])
    headers = [cell_text(v) for v in rows[start]]
    positions: dict[str, int] = {}
    for index, text in enumerate(headers):
        column = _column_of(text)
        if column and column not in positions:
            positions[column] = index
    missing = [COLUMN_NAMES[c] for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise FileError(
            _("The case table lacks the column(s): %(columns)s.") % {"columns": "、".join(missing)}
        )
    names = {column: headers[index] or COLUMN_NAMES[column] for column, index in positions.items()}
    parsed = ParsedBatch(header=header, columns=names)
    seen: dict[str, int] = {}
    for offset, values in enumerate(rows[start + 1 :], start=start + 2):
        if all(not cell_text(v) for v in values):
            continue
        raw = {
            (headers[i] if i < len(headers) and headers[i] else f"#{i + 1}"): cell_text(v)
            for i, v in enumerate(values)
            if cell_text(v)
        }

        def get(column: str, values: tuple[Any, ...] = values) -> Any:
            index = positions.get(column)
            return values[index] if index is not None and index < len(values) else None

        row_errors = _check_row(offset, get, names, header, districts, categories, seen)
        parsed.raw_rows.append({"row": offset, "cells": raw})
        case_no = cell_text(get("case_no"))
        # a number given twice is a mistake in the file, even where its first row is refused
        if case_no:
            seen.setdefault(lookup_key(case_no), offset)
        if row_errors:
            parsed.errors.extend(row_errors)
            continue
        own_due = parse_date(get("due_on"))
        parsed.rows.append(
            BatchRow(
                row=offset,
                case_no=case_no,
                district_id=_resolve(cell_text(get("district")), districts) or 0,
                category_id=_resolve(cell_text(get("category")), categories) or 0,
                description=cell_text(get("description")),
                due_on=own_due or header.due_on,
                own_deadline=own_due is not None,
                address=cell_text(get("address"))[:300],
                seq=cell_text(get("seq")),
                raw=raw,
            )
        )
    return parsed


def _check_row(
    number: int,
    get: Any,
    names: Mapping[str, str],
    header: BatchHeader,
    districts: Mapping[str, int],
    categories: Mapping[str, int],
    seen: dict[str, int],
) -> list[RowError]:
    errors: list[RowError] = []
    case_no = cell_text(get("case_no"))
    if not case_no:
        errors.append(RowError(number, names["case_no"], "missing"))
    elif len(case_no) > 40:
        errors.append(RowError(number, names["case_no"], "too_long", case_no[:40]))
    elif lookup_key(case_no) in seen:
        errors.append(
            RowError(number, names["case_no"], "duplicate", case_no, seen[lookup_key(case_no)])
        )
    for column, table in (("district", districts), ("category", categories)):
        text = cell_text(get(column))
        if not text:
            errors.append(RowError(number, names[column], "missing"))
        elif _resolve(text, table) is None:
            errors.append(RowError(number, names[column], f"unknown_{column}", text[:60]))
    if not cell_text(get("description")):
        errors.append(RowError(number, names["description"], "missing"))
    raw_due = get("due_on")
    if cell_text(raw_due):
        due = parse_date(raw_due)
        if due is None:
            errors.append(RowError(number, names["due_on"], "not_a_date", cell_text(raw_due)[:40]))
        elif due < header.received_on:
            errors.append(RowError(number, names["due_on"], "before_batch", due.isoformat()))
    return errors


def lookup_table(entries: Iterable[tuple[int, Iterable[str]]]) -> dict[str, int]:
    """A lookup table for :func:`parse` from ``(pk, [name, code, English name…])``."""
    table: dict[str, int] = {}
    for pk, names in entries:
        for name in names:
            if name:
                for key in name_keys(name):
                    table.setdefault(key, pk)
    return table


# ---- a sample sheet (demo, tests, the back office's template download)

SAMPLE_TEAM = "中央第三生态环境保护督察组"
SAMPLE_HEADERS = ("序号", "受理编号", "行政区", "污染类型", "举报内容", "办理时限")
SAMPLE_ROWS: tuple[dict[str, Any], ...] = (
    {
        "case_no": "D3SF202611001",
        "district": "东城区",
        "category": "大气污染",
        "description": (
            "东城区滨河路附近一家家具厂喷漆车间夜间排放刺鼻气味，周边居民反映多次未解决。"
        ),
    },
    {
        "case_no": "D3SF202611002",
        "district": "西湖区",
        "category": "噪声污染",
        "description": "西湖区建设路一处建筑工地夜间22时后仍在施工，噪声扰民。",
    },
    {
        "case_no": "D3SF202611003",
        "district": "东城区",
        "category": "水污染",
        "description": "东城区清水河沿岸有排口向河道排放黑色污水，河水发臭。",
    },
)


def sample_batch_xlsx(
    *,
    batch_no: str = "2026-D012",
    team: str = SAMPLE_TEAM,
    received_on: date | str = date(2026, 11, 2),
    due_on: date | str = date(2026, 11, 20),
    rows: Sequence[Mapping[str, Any]] | None = None,
    headers: Sequence[str] = SAMPLE_HEADERS,
    title: str | None = None,
) -> bytes:
    """An XLSX in the layout above. ``rows`` are dicts with ``case_no``, ``district``,
    ``category``, ``description`` and optionally ``due_on``, ``seq``, ``address`` (a
    header ``地点`` must then be among ``headers``); keys map to ``headers`` in the order
    of :data:`SAMPLE_HEADERS` (pass other header words to test variants)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "交办清单"
    sheet.append([title if title is not None else f"{team}交办群众信访举报件（{batch_no}）"])
    sheet.append(["批次号", batch_no, "交办日期", received_on])
    sheet.append(["督察组", team, "办结时限", due_on])
    sheet.append([])
    sheet.append(list(headers))
    keys = ["seq", "case_no", "district", "category", "description", "due_on", "address"]
    for number, row in enumerate(SAMPLE_ROWS if rows is None else rows, start=1):
        values = {"seq": number, **row}
        sheet.append([values.get(key) for key in keys[: len(headers)]])
    for column, width in zip("ABCDEFG", (6, 18, 10, 10, 60, 12, 20), strict=False):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def iter_messages(errors: Iterable[RowError]) -> Iterator[str]:
    for error in errors:
        yield str(error)
