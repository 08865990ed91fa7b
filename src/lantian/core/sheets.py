"""Reading the spreadsheets people send the bureau (no database): the first worksheet of
an XLSX workbook, its cells as text or dates, and headers compared loosely.

Shared by the imports that read sheets filled in by hand or exported from other systems
(an inspection team's referral sheet, the national EIA platform's project export), so
that a date, a header or a formula is read the same way everywhere.

- :func:`lookup_key` is how names, codes and headers are compared: without spaces,
  punctuation, bracketed notes (``总投资（万元）`` is ``总投资``) or case.
- :func:`cell_text` gives a cell as text: numbers without a trailing ``.0``, dates as ISO
  dates.
- :func:`parse_date` reads an Excel date, an Excel day number in a cell not formatted as
  a date, or text: ``2026-11-02``, ``2026/11/2``, ``2026.11.02``, ``2026年11月2日``.
- :func:`first_sheet` reads the workbook's first worksheet; with ``formulas`` it also
  says which cells hold a formula, whose value is the one Excel computed and cached when
  the file was saved (a file written by a program may have none).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

_SPACE = re.compile(r"[\s\u3000:：*＊()（）\[\]【】_\-.]")
_NOTE = re.compile(r"[(（][^)）]*[)）]")  # "受理编号（必填）"
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
EXCEL_EPOCH = date(1899, 12, 30)
# Excel day numbers taken for dates in a cell not formatted as one (1954-10-04 to 2119-01-10)
EXCEL_DAYS = (20000, 80000)


class SheetError(ValueError):
    """The file is not a workbook that can be read; ``str()`` says why, in the reader's
    language."""


def lookup_key(text: Any) -> str:
    """The form in which names, codes and headers are compared: no spaces, punctuation,
    bracketed notes or case."""
    return _SPACE.sub("", _NOTE.sub("", str(text or ""))).casefold()


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.hour == value.minute == value.second == 0
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date from a cell, or None when it is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_DAYS[0] <= value <= EXCEL_DAYS[1]:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = cell_text(value)
    if not text:
        return None
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} ", text) else text
    match = _DATE_TEXT.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


@dataclass
class Sheet:
    """The first worksheet: ``rows[i]`` is the sheet's row ``i + 1``; ``formulas`` the
    (row index, column index) of each cell that holds a formula, when asked for."""

    rows: list[tuple[Any, ...]]
    formulas: set[tuple[int, int]] = field(default_factory=set)


def _open(content: bytes, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except Exception:  # openpyxl raises many kinds on a broken package
        raise SheetError(_("The file is not an XLSX workbook that can be read.")) from None


def first_sheet(content: bytes, *, formulas: bool = False) -> Sheet:
    """The first worksheet's values (a formula's as cached by Excel); ``formulas`` also
    finds the cells that hold one. Raises :class:`SheetError`."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SheetError(_("The file is not an XLSX workbook."))
    book = _open(content, data_only=True)
    try:
        if not book.worksheets:
            raise SheetError(_("The workbook has no worksheet."))
        sheet = Sheet([tuple(row) for row in _rows(book, values_only=True)])
    finally:
        book.close()
    if formulas:
        book = _open(content, data_only=False)
        try:
            for r, row in enumerate(_rows(book, values_only=False)):
                for c, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "f":
                        sheet.formulas.add((r, c))
        finally:
            book.close()
    return sheet


def _rows(book: Any, *, values_only: bool) -> list[tuple[Any, ...]]:
    """The first worksheet's rows, read in full: a read-only workbook parses its sheet
    only now, and a damaged one (its XML cut short) fails here."""
    try:
        return list(book.worksheets[0].iter_rows(values_only=values_only))
    except Exception:  # the XML parser's errors, openpyxl's on a malformed cell
        raise SheetError(_("The file is not an XLSX workbook that can be read.")) from None
