"""Spreadsheet export of the staff case list (CSV and XLSX).

The export holds what the list shows, filtered the same way, and never more: the
applicant's ID number is masked, and no phone, e-mail or address is written. CSV
carries a UTF-8 byte-order mark so that Excel opens Chinese text correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.core.privacy import mask_id_number
from lantian.foi.models import Application

BOM = "\ufeff"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ClockFacts:
    """What a row shows of a case's clock."""

    due: date | None = None
    days_left: int | None = None
    status: str = ""  # a word, never a colour: 已超期 / 即将到期 / 暂停 / …


@dataclass(frozen=True)
class ExportColumn:
    key: str
    heading: Any
    value: Callable[[Application, ClockFacts], Any]


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _user(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("tracking_code", _("Tracking code"), lambda a, c: a.tracking_code),
    ExportColumn("received_on", _("Date of receipt"), lambda a, c: a.received_on),
    ExportColumn("channel", _("Channel"), lambda a, c: a.get_channel_display()),
    ExportColumn(
        "applicant_type", _("Applicant type"), lambda a, c: a.get_applicant_type_display()
    ),
    ExportColumn("name", _("Applicant"), lambda a, c: a.name),
    ExportColumn("id_number", _("ID number (masked)"), lambda a, c: mask_id_number(a.id_number)),
    ExportColumn("description", _("Information sought"), lambda a, c: _excerpt(a.description, 200)),
    ExportColumn("department", _("Handling department"), lambda a, c: str(a.department or "")),
    ExportColumn("handler", _("Handler"), lambda a, c: _user(a.handler)),
    ExportColumn("state", _("State"), lambda a, c: a.get_state_display()),
    ExportColumn("due", _("Statutory due date"), lambda a, c: c.due),
    ExportColumn("days_left", _("Working days left"), lambda a, c: c.days_left),
    ExportColumn("clock_status", pgettext_lazy("clock", "Deadline"), lambda a, c: c.status),
    ExportColumn("reply_type", _("Reply type"), lambda a, c: a.get_reply_type_display()),
    ExportColumn("replied_on", _("Date of reply"), lambda a, c: a.replied_on),
)


def rows(
    applications: Iterable[Application], clock_of: Callable[[Application], ClockFacts]
) -> Iterable[list[Any]]:
    for application in applications:
        facts = clock_of(application)
        yield [column.value(application, facts) for column in COLUMNS]


def headings() -> list[str]:
    return [str(column.heading) for column in COLUMNS]


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # A cell that starts like a formula is written as text (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(data: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(headings())
    for row in data:
        writer.writerow([_csv_text(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(data: Iterable[list[Any]], title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "FOI")[:31])
    sheet.append(headings())
    for row in data:
        cells = []
        for value in row:
            cell = WriteOnlyCell(
                sheet, value=value if isinstance(value, date | int) else _str(value)
            )
            if cell.data_type == "f":  # never a formula
                cell.data_type = "s"
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def response(data: Iterable[list[Any]], fmt: str, filename: str) -> HttpResponse:
    """The export as a download; ``fmt`` is ``csv`` or ``xlsx``."""
    content = to_csv(data) if fmt == "csv" else to_xlsx(data)
    result = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return result
