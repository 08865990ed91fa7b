"""CSV and XLSX downloads for every table a person can take away (air tables, the
disclosure catalogue and reports, FOI case lists), and GeoJSON downloads of the places
in a list (enterprises, EIA projects).

CSV carries a UTF-8 byte-order mark so that Excel opens Chinese text correctly. A text
cell that starts like a formula (= + - @) is written as text in both formats, so a
downloaded file never runs what somebody typed into a form (CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse, JsonResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@")

# characters a worksheet title may not hold (openpyxl refuses them)
TITLE_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")

Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]  # title, header, rows
NATIVE = (bool, int, float, date, datetime)  # written as themselves, not as text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_text(value: Any) -> Any:
    """A cell's value for a file: numbers and dates as they are, text guarded."""
    if value is None:
        return ""
    if isinstance(value, NATIVE):
        return value
    text = str(value)
    if text[:1] in FORMULA_START and not _is_number(text):
        return "'" + text
    return text


def to_csv(sheets: Sequence[Sheet]) -> bytes:
    """One CSV; several sheets follow each other under their titles."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    for number, (title, header, rows) in enumerate(sheets):
        if number:
            writer.writerow([])
        if len(sheets) > 1:
            writer.writerow([str(title)])
        writer.writerow([str(h) for h in header])
        for row in rows:
            writer.writerow([v.isoformat() if isinstance(v, date) else safe_text(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        name = ILLEGAL_CHARACTERS_RE.sub("", TITLE_FORBIDDEN.sub("_", str(title)))
        sheet = book.create_sheet(title=name[:31] or "Sheet")
        rows = [list(row) for row in rows]
        # write-only sheets take their column widths before the first row
        for index, label in enumerate(header, start=1):
            width = max(
                [len(str(label))] + [len(str(r[index - 1] or "")) for r in rows if len(r) >= index]
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 40)
        sheet.freeze_panes = "A2"
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(h)) for h in header])
        for row in rows:
            cells = []
            for value in row:
                # control characters (a vertical tab pasted into a form) are not allowed
                # in a worksheet: openpyxl would refuse the whole file
                plain = (
                    value
                    if value is None or isinstance(value, NATIVE)
                    else ILLEGAL_CHARACTERS_RE.sub("", str(value))
                )
                cell = WriteOnlyCell(sheet, value=plain)
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                if isinstance(value, date) and not isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment(fmt: str, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """The sheets as a download; ``fmt`` is ``csv`` or ``xlsx``, ``filename`` without
    its extension."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt}")
    body = to_csv(sheets) if fmt == "csv" else to_xlsx(sheets)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def point(longitude: Any, latitude: Any, properties: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON point feature (coordinates in GeoJSON's order: longitude, latitude);
    None without a location."""
    if longitude is None or latitude is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
        "properties": properties,
    }


def geojson_attachment(filename: str, features: Iterable[dict[str, Any] | None]) -> JsonResponse:
    """The features (Nones left out) as a FeatureCollection download; ``filename``
    without its extension."""
    collection = {"type": "FeatureCollection", "features": [f for f in features if f]}
    response = JsonResponse(collection, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.geojson"'
    return response
