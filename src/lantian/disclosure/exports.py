"""CSV and XLSX downloads of the back-office disclosure reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]  # title, header, rows


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float) or hasattr(value, "isoformat"):
        return value
    return str(value)


def to_csv(sheets: Sequence[Sheet]) -> bytes:
    """One CSV (UTF-8 with BOM, for Excel); sheets follow each other under their title."""
    out = io.StringIO()
    writer = csv.writer(out)
    for number, (title, header, rows) in enumerate(sheets):
        if number:
            writer.writerow([])
        if len(sheets) > 1:
            writer.writerow([str(title)])
        writer.writerow([str(h) for h in header])
        for row in rows:
            writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for column in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 18
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(fmt: str, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(sheets), content_type=XLSX_TYPE)
    else:
        fmt = "csv"
        response = HttpResponse(to_csv(sheets), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
