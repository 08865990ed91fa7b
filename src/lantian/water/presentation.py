"""How the water pages and the monthly report show classes, items, multiples and rates:
one place, so the page, the PDF and the DOCX print the same words and colours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lantian.core.i18n import localized
from lantian.water import drinking, gb3838
from lantian.water.models import Site
from lantian.water.selectors import Classed, DrinkingPeriod

DASH = "—"
# Classes in the colours of Chinese water-quality maps (I–II blue, III green, IV yellow,
# V orange, 劣V red), each with a text colour that keeps 4.5:1 contrast on it.
CLASS_COLORS: dict[str | None, tuple[str, str]] = {
    "I": ("#1f5fbf", "#ffffff"),
    "II": ("#4fa3e8", "#111111"),
    "III": ("#2e9e4f", "#111111"),
    "IV": ("#f2d33a", "#111111"),
    "V": ("#f0892b", "#111111"),
    "劣V": ("#c9271b", "#ffffff"),
    None: ("#bdbdbd", "#111111"),
}
CSS_CLASS = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "劣V": "6", None: "none"}
CLASS_NUMBER = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "劣V": 6}
# The items the site pages chart besides the class: the usual main pollutants of rivers
# and lakes in this order (the permanganate index, ammonia nitrogen, total phosphorus).
TREND_ITEMS = ("codmn", "nh3_n", "tp")


def class_label(name: str | None) -> str:
    """“Class III”, “劣V” (worse than Class V) or “not classed”."""
    if name is None:
        return _("No class")
    if name == "劣V":
        return _("Worse than Class V (劣V)")
    return _("Class %(name)s") % {"name": name}


def level_label(classed: Classed) -> str:
    if classed.level_zh is None:
        return ""
    return localized(classed.level_zh, classed.level_en or "")


def _item_spec(item: str) -> dict[str, Any]:
    return gb3838.table1().get(item) or gb3838.table2().get(item) or {}


def item_label(item: str) -> str:
    spec = _item_spec(item)
    return localized(spec.get("name_zh", item), spec.get("name_en", item))


def item_unit(item: str) -> str:
    return _item_spec(item).get("unit", "mg/L")


def fmt_value(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def fmt_multiple(multiple: float | None) -> str:
    """An exceedance multiple to two decimals; pH and DO exceed without one."""
    return _("no multiple") if multiple is None else f"{multiple:.2f}"


def fmt_percent(rate: float | None) -> str:
    return DASH if rate is None else f"{rate * 100:.1f}%"


def month_label(first: date) -> str:
    return date_format(first, "YEAR_MONTH_FORMAT")


def exceeding_text(exceeding: tuple[drinking.Exceeding, ...]) -> str:
    """“氨氮 1.2 mg/L (×0.20)” per item, for the tables' text cells."""
    parts = []
    for e in exceeding:
        multiple = (
            _("exceeds by %(multiple)s times") % {"multiple": fmt_multiple(e.multiple)}
            if e.multiple is not None
            else _("outside the limit")
        )
        parts.append(f"{item_label(e.item)} {fmt_value(e.value)} {item_unit(e.item)} ({multiple})")
    return "; ".join(parts)


@dataclass(frozen=True)
class SiteRow:
    site: Site
    class_name: str | None
    class_text: str
    level: str
    css: str
    sampled_on: date | None
    exceeding: str


def site_rows(classed: list[Classed]) -> list[SiteRow]:
    rows = []
    for c in classed:
        exceeding = "; ".join(
            f"{item_label(e['item'])} ({class_label(e['class'])}"
            + (f", {fmt_multiple(e['multiple'])}" if e["multiple"] is not None else "")
            + ")"
            for e in c.exceeding
        )
        rows.append(
            SiteRow(
                site=c.site,
                class_name=c.site_class,
                class_text=class_label(c.site_class)
                if c.sample is not None
                else _("Not sampled this month"),
                level=level_label(c),
                css=CSS_CLASS.get(c.site_class, "none"),
                sampled_on=c.sample.sampled_on if c.sample is not None else None,
                exceeding=exceeding,
            )
        )
    return rows


NOT_EVALUATED = {
    drinking.NO_SAMPLE: lambda: _("Not evaluated: no sample this month"),
    drinking.GROUNDWATER: lambda: _(
        "Not evaluated: groundwater is judged against GB/T 14848, whose limits are not "
        "in Lantian yet"
    ),
    drinking.NOTHING_EVALUATED: lambda: _("Not evaluated: no evaluated item was measured"),
}


@dataclass(frozen=True)
class SourceRow:
    code: str
    name: str
    kind: str
    target: str
    evaluated_items: str
    samples: int
    compliance: str  # 达标 / 不达标 / 未评价
    compliant: bool | None
    exceeding: str
    volume: str


def source_rows(period: DrinkingPeriod, month: date) -> list[SourceRow]:
    """One row per drinking-water source for ``month`` of the period."""
    by_code = {s.code: s for s in period.sources}
    rows = []
    for found in period.source_months:
        if found.month != month:
            continue
        source = by_code[found.source]
        if found.evaluated:
            compliance = _("Compliant (达标)") if found.compliant else _("Not compliant (不达标)")
        else:
            compliance = NOT_EVALUATED.get(found.reason or "", NOT_EVALUATED[drinking.NO_SAMPLE])()
        groundwater = source.kind == Site.Kind.DRINKING_GROUNDWATER
        rows.append(
            SourceRow(
                code=source.code,
                name=source.display_name,
                kind=source.get_kind_display(),
                target=_("Class III of GB/T 14848")
                if groundwater
                else _("Class III of GB 3838-2002 and its Table 2 limits"),
                evaluated_items=_("GB/T 14848 items (not evaluated)")
                if groundwater
                else _("%(count)s items: Table 1 (basic items) and Table 2 (supplementary)")
                % {"count": len(drinking.CHECKED)},
                samples=found.samples,
                compliance=compliance,
                compliant=found.compliant,
                exceeding=exceeding_text(found.exceeding) if found.exceeding else "",
                volume=DASH if found.volume is None else f"{found.volume:g}",
            )
        )
    return rows


@dataclass(frozen=True)
class RatesText:
    status: str
    source_rate: str
    volume_rate: str
    counts: str
    note: str


def rates_text(rates: drinking.Rates) -> RatesText:
    if rates.status == "no_data":
        note = _(
            "No source was evaluated: no rate is given (a month without samples is never "
            "counted as compliant)."
        )
    elif rates.status == "partial":
        note = _(
            "%(missing)s of %(expected)s source-months were not evaluated and are not counted."
        ) % {
            "missing": rates.expected - rates.evaluated,
            "expected": rates.expected,
        }
    else:
        note = ""
    if rates.evaluated and rates.volume_rate is None:
        note = (note + " " if note else "") + _(
            "The volume rate needs the abstraction of every evaluated source; some are missing."
        )
    return RatesText(
        status=rates.status,
        source_rate=fmt_percent(rates.source_rate),
        volume_rate=fmt_percent(rates.volume_rate),
        counts=_("%(compliant)s of %(evaluated)s evaluated source-months compliant")
        % {
            "compliant": rates.compliant,
            "evaluated": rates.evaluated,
        },
        note=note,
    )


def class_legend() -> list[dict[str, str]]:
    return [
        {"name": name or "", "label": class_label(name), "css": CSS_CLASS[name]}
        for name in (*gb3838.CLASS_NAMES, None)
    ]
