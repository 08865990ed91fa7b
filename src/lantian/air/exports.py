"""Tables of the public air pages, shown as HTML and downloaded as CSV or XLSX.

A page builds :class:`Table` objects once; the template renders them and
:func:`download` turns the one a reader asks for (``?format=csv|xlsx&table=name``) into
a file through :mod:`lantian.core.spreadsheets`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from lantian.core import spreadsheets

_TEXT: Any = object()  # a cell's file value defaults to its text


@dataclass(frozen=True)
class Cell:
    """A cell whose shown text differs from its value: a number shown rounded or as —, a
    level name sorted by its number, a link, a colour swatch, HTML with subscripts."""

    text: str
    value: Any = _TEXT  # what files hold (None: empty); the text by default
    sort: Any = None  # what the table sorts by; the value by default
    href: str = ""
    color: str = ""
    color_end: str = ""  # a second swatch, for a range of levels
    html: SafeString | None = None

    @property
    def data(self) -> Any:
        return self.text if self.value is _TEXT else self.value

    @property
    def sort_key(self) -> Any:
        return self.sort if self.sort is not None else self.data


@dataclass(frozen=True)
class Column:
    label: str  # plain text, used in files
    numeric: bool = False
    html: SafeString | None = None  # the header with subscripts, when different

    @property
    def header(self) -> str:
        return self.html or self.label


@dataclass
class Table:
    name: str  # the ``table=`` parameter
    caption: str
    columns: Sequence[Column]
    rows: list[list[Any]] = field(default_factory=list)
    filename: str = "air"  # without extension, e.g. ``air-stations-2026-11-26T10``
    row_headers: bool = True  # the first cell of a row is its header

    def file_rows(self) -> list[list[Any]]:
        return [[_plain(c) for c in row] for row in self.rows]


def _plain(cell: Any) -> Any:
    if isinstance(cell, Cell):
        return cell.data
    if isinstance(cell, SafeString):
        return strip_tags(cell)
    return cell


def wanted(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format", "")
    return fmt if fmt in spreadsheets.FORMATS else None


def download(request: HttpRequest, tables: Sequence[Table]) -> HttpResponse | None:
    """The file of the table a reader asked for; None to render the page."""
    fmt = wanted(request)
    if fmt is None or not tables:
        return None
    name = request.GET.get("table", tables[0].name)
    table = next((t for t in tables if t.name == name), None)
    if table is None:
        return HttpResponse(status=404)
    header = [c.label for c in table.columns]
    return spreadsheets.attachment(fmt, table.filename, [(table.name, header, table.file_rows())])
