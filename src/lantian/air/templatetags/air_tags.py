"""Template helpers of the public air pages: pollutant names and table cells."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from lantian.air import presentation as show
from lantian.air.exports import Cell, Table
from lantian.core.i18n import mark_chinese

register = template.Library()


@register.filter
def pollutant(code: str) -> SafeString:
    """``pm25`` → PM<sub>2.5</sub>."""
    return show.pollutant_html(code)


@register.filter
def pollutants(codes: list[str]) -> SafeString:
    return show.pollutants_html(codes)


@register.filter
def unit(code: str) -> str:
    return show.unit(code)


@register.filter
def concentration(value: float | None, code: str = "") -> str:
    return show.fmt(value, code)


@register.filter
def category(level: Any) -> str:
    return show.category(level)


@register.filter
def health(level: Any) -> str:
    return show.health(level)


@register.filter
def measures(level: Any) -> str:
    return show.measures(level)


@register.filter
def level_color(level: Any) -> str:
    return show.color(level)


@register.filter
def level_text_color(level: Any) -> str:
    return show.text_color(level)


def _swatch(color: str) -> SafeString:
    return format_html('<span class="level-swatch" style="background:{}"></span>', color)


def _cell(cell: Any, header: bool, numeric: bool) -> SafeString:
    tag = "th" if header else "td"
    attrs: dict[str, str] = {}
    if header:
        attrs["scope"] = "row"
    if numeric:
        attrs["class"] = "num"
    if isinstance(cell, Cell):
        # a name without a translation (station, district) is marked as Chinese
        content: SafeString = cell.html if cell.html else format_html("{}", mark_chinese(cell.text))
        if cell.href:
            content = format_html('<a href="{}">{}</a>', cell.href, content)
        if cell.color:
            swatches = _swatch(cell.color)
            if cell.color_end:
                swatches = format_html("{}{}", swatches, _swatch(cell.color_end))
            content = format_html("{} {}", swatches, content)
        key = cell.sort_key
    else:
        content = format_html("{}", "" if cell is None else mark_chinese(cell))
        key = cell
    if key is not None:
        attrs["data-sort"] = str(key)
    attributes = format_html_join("", ' {}="{}"', attrs.items())
    return format_html("<{}{}>{}</{}>", mark_safe(tag), attributes, content, mark_safe(tag))


@register.simple_tag
def air_tbody(table: Table) -> SafeString:
    """The rows of a table; the first cell of each row is its header when the table says so."""
    rows = []
    for row in table.rows:
        cells = [
            _cell(cell, header=table.row_headers and i == 0, numeric=column.numeric)
            for i, (cell, column) in enumerate(zip(row, table.columns, strict=True))
        ]
        rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
    return format_html("<tbody>{}</tbody>", mark_safe("\n".join(rows)))


@register.filter
def get_value(obj: Any, name: str) -> Any:
    return getattr(obj, name, None)
