"""Reading water-sample files (CSV, XLSX) into checked rows (no database).

Two layouts, told apart by the header:

- **long** (the one to use): ``site_code,sampled_on,item,value``, one row per item;
- **wide**: ``site_code,sampled_on`` and one column per item (``ph,do,codmn,…``); an
  empty cell is an item not measured.

``item`` is an engine key (:data:`lantian.water.drinking.ITEMS`: the 24 of GB 3838-2002
Table 1 and the 5 of Table 2) or ``abstraction``, the volume a drinking-water source
abstracted that month (10⁴ t, 万吨). Headers and item names are compared loosely
(:func:`lantian.core.sheets.lookup_key`: ``NH3-N`` is ``nh3_n``). Values are mg/L,
faecal coliform per litre, pH dimensionless, water temperature ℃.

A value below the detection limit is written as the limit followed by ``L`` (``0.01L``,
the HJ monitoring reports' convention) or as ``<0.01``. The reference gives no rule for
it, so Lantian's choice (common monitoring practice): the value counts as half the
detection limit and the limit is kept, so that a report can print ``0.01L``. Half a
limit is below any Table 1 limit the method was chosen for.

CSV is UTF-8 (with or without a BOM) or GBK/GB18030 (what Excel saves in Chinese
Windows). Rows are numbered from 1 after the header; every refused row comes back with
its number, the column at fault and the reason, and a row refused in the wide layout
gives no value at all. Site codes are checked against the database by
:func:`lantian.water.services.ingest_samples`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lantian.core import sheets
from lantian.water import drinking

ABSTRACTION = "abstraction"
ITEMS: tuple[str, ...] = (*drinking.ITEMS, ABSTRACTION)
LONG = ("site_code", "sampled_on", "item", "value")
KEYS = ("site_code", "sampled_on")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
PH_MAX = 14.0
_ITEM_BY_KEY = {sheets.lookup_key(item): item for item in ITEMS}
_COLUMN_BY_KEY = {sheets.lookup_key(name): name for name in LONG}


class FileError(ValueError):
    """The file as a whole cannot be read (format, header)."""


@dataclass(frozen=True)
class Row:
    number: int
    site_code: str
    sampled_on: date
    item: str
    value: float
    detection_limit: float | None = None  # the value was below it (value = half of it)


@dataclass(frozen=True)
class Rejection:
    number: int
    column: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.number, "column": self.column, "reason": self.reason}


@dataclass
class Parsed:
    layout: str  # "long" | "wide"
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    total: int = 0  # data rows in the file

    def refuse(self, number: int, column: str, reason: str) -> None:
        self.rejected.append(Rejection(number, column, reason))


def item_key(text: Any) -> str | None:
    """The engine key of an item name as a file may write it, or None."""
    return _ITEM_BY_KEY.get(sheets.lookup_key(text))


def check_value(item: str, value: float) -> str | None:
    """Why a value cannot be stored for an item, or None."""
    if not math.isfinite(value):
        return _("not a finite number")
    if value < 0:
        return _("cannot be negative: %(value)s") % {"value": f"{value:g}"}
    if item == "ph" and value > PH_MAX:
        return _("pH must be between 0 and 14, not %(value)s") % {"value": f"{value:g}"}
    return None


def parse_value(item: str, raw: Any) -> tuple[float, float | None]:
    """A cell's value and, for one below the detection limit (``0.01L``, ``<0.01``), the
    limit (the value is then half of it). Raises ValueError with the reason."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number, limit = float(raw), None
    else:
        text = sheets.cell_text(raw).replace("＜", "<").replace(" ", "")
        if not text:
            raise ValueError(_("no value"))
        below = text.startswith("<") or text[-1] in "Ll"
        digits = text.lstrip("<").rstrip("Ll") if below else text
        try:
            number = float(digits)
        except ValueError:
            raise ValueError(
                _("not a number: %(text)s (write 0.01L for below the detection limit 0.01)")
                % {"text": text}
            ) from None
        limit = number if below else None
        if below and item == ABSTRACTION:
            raise ValueError(_("an abstraction volume has no detection limit"))
        if below and (number <= 0 or item == "ph"):
            raise ValueError(_("not a detection limit: %(text)s") % {"text": text})
    problem = check_value(item, number)
    if problem:
        raise ValueError(problem)
    return (number / 2, limit) if limit is not None else (number, None)


def _date(raw: Any) -> date:
    day = sheets.parse_date(raw)
    if day is None:
        raise ValueError(
            _("not a date: %(text)s (write 2025-06-03)") % {"text": sheets.cell_text(raw)}
        )
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(_("the year must be between 2000 and 2100: %(day)s") % {"day": day})
    return day


def _table(content: bytes) -> list[tuple[Any, ...]]:
    if content[:4] == b"PK\x03\x04":
        try:
            return sheets.first_sheet(content).rows
        except sheets.SheetError as exc:
            raise FileError(str(exc)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError(_("The file is not UTF-8 or GBK text (CSV), nor an XLSX workbook."))
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise FileError(_("The CSV cannot be read: %(error)s") % {"error": exc}) from None


def read(content: bytes, filename: str = "") -> Parsed:
    """Parse a CSV or XLSX file (chosen by its bytes, not its name). Raises
    :class:`FileError` when it has no usable header."""
    table = _table(content)
    filled = [i for i, row in enumerate(table) if any(sheets.cell_text(c) for c in row)]
    if not filled:
        raise FileError(_("The file is empty."))
    table = table[filled[0] :]  # from the header; blank lines below it keep their numbers
    header = [sheets.lookup_key(cell) for cell in table[0]]
    names = [_COLUMN_BY_KEY.get(key) or _ITEM_BY_KEY.get(key) for key in header]
    missing = [name for name in KEYS if name not in names]
    if missing:
        raise FileError(
            _("The header lacks the column %(column)s (expected %(columns)s).")
            % {"column": missing[0], "columns": ", ".join(LONG)}
        )
    unknown = [
        sheets.cell_text(cell) for cell, name in zip(table[0], names, strict=False) if not name
    ]
    if unknown:
        raise FileError(
            _(
                "Unknown column %(column)s: expected %(columns)s, "
                "or one column per item (%(items)s)."
            )
            % {"column": unknown[0], "columns": ", ".join(LONG), "items": ", ".join(ITEMS)}
        )
    long = "item" in names
    if long != ("value" in names):
        raise FileError(_("The header needs both an item and a value column, or neither."))
    parsed = Parsed(layout="long" if long else "wide", total=len(filled) - 1)
    seen: dict[tuple[str, date, str], tuple[int, float]] = {}
    for number, cells in enumerate(table[1:], start=1):
        if not any(sheets.cell_text(c) for c in cells):
            continue
        record = dict(zip(names, cells, strict=False))
        rows = (
            _long_row(parsed, number, record) if long else _wide_row(parsed, number, record, names)
        )
        for row in rows:
            key = (row.site_code, row.sampled_on, row.item)
            first = seen.setdefault(key, (number, row.value))
            if first[0] != number and first[1] != row.value:
                parsed.refuse(
                    number,
                    "value" if long else row.item,
                    _("row %(row)s gives another value for %(item)s at this site on this day")
                    % {"row": first[0], "item": row.item},
                )
            elif first[0] == number:
                parsed.rows.append(row)
    return parsed


def _keys(parsed: Parsed, number: int, record: dict[str | None, Any]) -> tuple[str, date] | None:
    ok = True
    code = sheets.cell_text(record.get("site_code")).strip()
    if not code:
        parsed.refuse(number, "site_code", _("no site code"))
        ok = False
    try:
        day = _date(record.get("sampled_on"))
    except ValueError as exc:
        parsed.refuse(number, "sampled_on", str(exc))
        ok = False
    return (code, day) if ok else None


def _long_row(parsed: Parsed, number: int, record: dict[str | None, Any]) -> list[Row]:
    keys = _keys(parsed, number, record)
    raw_item = sheets.cell_text(record.get("item"))
    item = item_key(raw_item)
    if item is None:
        parsed.refuse(
            number,
            "item",
            _("unknown item %(item)s (expected one of %(items)s)")
            % {"item": raw_item or "''", "items": ", ".join(ITEMS)},
        )
        return []
    try:
        value, limit = parse_value(item, record.get("value"))
    except ValueError as exc:
        parsed.refuse(number, "value", str(exc))
        return []
    if keys is None:
        return []
    return [Row(number, keys[0], keys[1], item, value, limit)]


def _wide_row(
    parsed: Parsed, number: int, record: dict[str | None, Any], names: list[str | None]
) -> list[Row]:
    keys = _keys(parsed, number, record)
    found: list[tuple[str, float, float | None]] = []
    ok = keys is not None
    for item in (name for name in names if name in ITEMS):
        raw = record.get(item)
        if not sheets.cell_text(raw):
            continue  # not measured
        try:
            value, limit = parse_value(item, raw)
        except ValueError as exc:
            parsed.refuse(number, item, str(exc))
            ok = False
            continue
        found.append((item, value, limit))
    if not ok or keys is None:
        return []
    if not found:
        parsed.refuse(number, "value", _("no value in any item column"))
        return []
    return [Row(number, keys[0], keys[1], item, value, limit) for item, value, limit in found]
