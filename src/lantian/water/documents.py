"""The monthly drinking-water-source report (集中式生活饮用水水源水质状况报告) as page
context, PDF (WeasyPrint from ``water/report_pdf.html``) and DOCX (python-docx), in the CJK
font of :mod:`lantian.core.fonts`: one context feeds all three, so they print the same
sources, verdicts, exceeding items and rates.

A source without a sample in the month is *not evaluated* and says so; it never counts
as compliant (:mod:`lantian.water.drinking`). The year-to-date rates count the months
from January to the report's month."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lantian.core import bureau, fonts
from lantian.core.documents import docx_document, docx_table, pdf_from_html
from lantian.core.i18n import localized
from lantian.water import drinking, selectors
from lantian.water import presentation as show

_BUREAU_SUFFIXES = ("生态环境局", " Ecology and Environment Bureau")


def city_name(request: Any = None) -> tuple[str, str]:
    """The city in Chinese and English from the bureau's name: 示范市生态环境局 → 示范市."""
    contact = bureau.contact(request)
    names = []
    for name in (contact.name, contact.name_en):
        for suffix in _BUREAU_SUFFIXES:
            name = name.removesuffix(suffix)
        names.append(name.removeprefix("The "))
    return names[0], names[1]


def official_title(first: date, city: str) -> str:
    """The report's Chinese title, the format the bureaus publish (data, not UI text)."""
    return f"{city}集中式生活饮用水水源水质状况报告（{first.year}年{first.month}月）"


def report_context(year: int, month: int, request: Any = None) -> dict[str, Any]:
    """Everything the page, the PDF and the DOCX print, in the active language."""
    first = date(year, month, 1)
    year_period = selectors.drinking_compliance(year=year)
    month_rates = year_period.monthly_rates[first]
    to_date = drinking.rates([m for m in year_period.source_months if m.month <= first])
    city_zh, city_en = city_name(request)
    label = show.month_label(first)
    title = localized(
        official_title(first, city_zh),
        _("%(city)s centralised drinking-water sources: water quality report, %(month)s")
        % {"city": city_en or city_zh, "month": label},
    )
    rows = show.source_rows(year_period, first)
    evaluated = [r for r in rows if r.compliant is not None]
    context: dict[str, Any] = {
        "year": year,
        "month": month,
        "first": first,
        "month_label": label,
        "bureau_name": bureau.contact(request).display_name,
        "title": title,
        "official_title": official_title(first, city_zh),
        "filename_stem": f"drinking-water-report-{year:04d}-{month:02d}",
        "sources": rows,
        "has_sources": bool(rows),
        "no_samples": bool(rows) and not evaluated,
        "month_rates": show.rates_text(month_rates),
        "year_rates": show.rates_text(to_date),
        "year_label": _("January to %(month)s") % {"month": label},
        "exceeding_sources": [r for r in rows if r.compliant is False],
    }
    context["rate_periods"] = [
        (label, context["month_rates"]),
        (context["year_label"], context["year_rates"]),
    ]
    context["summary"] = summary(context)
    context["method_notes"] = method_notes()
    return context


def summary(c: dict[str, Any]) -> str:
    if not c["has_sources"]:
        return _("No drinking-water source is registered.")
    if c["no_samples"]:
        return _(
            "No drinking-water source was sampled in %(month)s: the month is not evaluated "
            "and has no compliance rate."
        ) % {"month": c["month_label"]}
    text = _(
        "%(month)s: %(counts)s; source compliance rate %(source_rate)s, volume compliance "
        "rate %(volume_rate)s."
    ) % {
        "month": c["month_label"],
        "counts": c["month_rates"].counts,
        "source_rate": c["month_rates"].source_rate,
        "volume_rate": c["month_rates"].volume_rate,
    }
    if c["exceeding_sources"]:
        text += " " + _("Not compliant: %(names)s.") % {
            "names": ", ".join(r.name for r in c["exceeding_sources"])
        }
    return text


def method_notes() -> list[str]:
    return [
        _(
            "A surface-water source complies when every basic item of GB 3838-2002 Table 1 "
            "that counts in the class meets Class III (the lake and reservoir column for a "
            "lake source) and every supplementary item of Table 2 meets its limit (single "
            "factor evaluation). Water temperature, total nitrogen and faecal coliform are "
            "reported apart; the specific items of Table 3 are not evaluated."
        ),
        _(
            "An exceedance multiple is (C − L) / L against the Class III limit; pH and "
            "dissolved oxygen exceed without a multiple (环办〔2011〕22号)."
        ),
        _(
            "Source compliance rate (水源达标率): compliant sources over evaluated sources. "
            "Volume compliance rate (水量达标率): the abstraction of the compliant sources "
            "over that of the evaluated sources (10⁴ t). A source without a sample that "
            "month is not evaluated and is never counted as compliant."
        ),
        _(
            "Groundwater sources are judged against GB/T 14848, whose limits Lantian does "
            "not hold yet: they are listed as not evaluated."
        ),
    ]


# --------------------------------------------------------------------------- PDF


def render_pdf(context: dict[str, Any], request: Any = None) -> bytes:
    fonts.warn_if_missing(f"the PDF of the drinking-water report {context['month_label']}")
    html = render_to_string(
        "water/report_pdf.html",
        {**context, "LANGUAGE_CODE": get_language() or "zh-hans"},
        request=request,
    )
    return pdf_from_html(html)


# --------------------------------------------------------------------------- DOCX


def source_header() -> list[str]:
    return [
        _("Drinking-water source"),
        _("Type"),
        _("Target"),
        _("Evaluated items"),
        _("Samples"),
        _("Compliance"),
        _("Exceeding items (multiple)"),
    ]


def source_cells(row: show.SourceRow) -> list[str]:
    return [
        row.name,
        row.kind,
        row.target,
        row.evaluated_items,
        str(row.samples),
        row.compliance,
        row.exceeding or show.DASH,
    ]


def rates_header() -> list[str]:
    return [_("Period"), _("Source compliance rate"), _("Volume compliance rate"), _("Counted")]


def rates_cells(c: dict[str, Any]) -> list[list[str]]:
    return [
        [label, r.source_rate, r.volume_rate, r.counts]
        for label, r in ((c["month_label"], c["month_rates"]), (c["year_label"], c["year_rates"]))
    ]


def render_docx(context: dict[str, Any]) -> bytes:
    c = context
    document = docx_document(c["title"], get_language() or "zh-hans")
    document.add_paragraph(c["bureau_name"])
    document.add_heading(c["title"], level=0)
    document.add_paragraph(c["summary"])

    document.add_heading(_("Compliance of each source"), level=1)
    if c["sources"]:
        docx_table(
            document,
            _("Drinking-water sources, %(month)s") % {"month": c["month_label"]},
            source_header(),
            [source_cells(r) for r in c["sources"]],
        )
    else:
        document.add_paragraph(_("No drinking-water source is registered."))

    document.add_heading(_("Compliance rates"), level=1)
    docx_table(document, _("Compliance rates"), rates_header(), rates_cells(c))
    for rates in (c["month_rates"], c["year_rates"]):
        if rates.note:
            document.add_paragraph(rates.note)

    document.add_heading(_("Method"), level=1)
    for text in c["method_notes"]:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
