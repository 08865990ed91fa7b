"""The yearly bulletin as page context, charts (ECharts specs for the page, PNG for the
files), PDF (WeasyPrint) and DOCX (python-docx).

One context (:func:`context`) feeds the page, the PDF and the DOCX, so the three print
the same numbers; the charts are drawn as the monthly air report's are
(:mod:`lantian.air.documents`: a fresh matplotlib ``Figure`` each, the CJK font).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from io import BytesIO
from typing import Any

import matplotlib
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lantian.air import documents as air_docs
from lantian.air import presentation as show
from lantian.air.documents import DASH, DISPLAY_ORDER, SYMBOLS, Chart
from lantian.core import documents as core_documents
from lantian.core import fonts
from lantian.core.i18n import localized
from lantian.reports.bulletin import AirYear, Bulletin, headline

DOCX_CONTENT_TYPE = core_documents.DOCX_CONTENT_TYPE
WATER_CLASSES = ("I", "II", "III", "IV", "V", "劣V")
# GB 3838 class colours as bulletins draw them (I–II blue, III green, IV yellow, V orange,
# 劣V red).
WATER_COLORS = {
    "I": "#1f77b4",
    "II": "#4aa3df",
    "III": "#2ca02c",
    "IV": "#e6c200",
    "V": "#ff7f0e",
    "劣V": "#d62728",
}


def title(year: int) -> str:
    return _("Environmental quality bulletin %(year)s") % {"year": year}


def _yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return _("Meets") if value else _("Exceeds")


def _share(value: float) -> str:
    return DASH if math.isnan(value) else f"{value:.1f}%"


# --------------------------------------------------------------------------- context


def level_rows(a: AirYear) -> list[dict[str, Any]]:
    on = a.as_of
    return [
        {"number": n, "name": e.name, "color": e.color, "days": a.level_days[n]}
        for n, e in enumerate(show.legend(on), start=1)
    ]


def pollutant_rows(a: AirYear, last: AirYear | None, change: Any) -> list[dict[str, Any]]:
    rows = []
    for name in DISPLAY_ORDER:
        p = a.pollutants[name]
        percent = change.concentrations_percent[name] if change else None
        rows.append(
            {
                "key": name,
                "symbol": SYMBOLS[name],
                "unit": show.unit(name),
                "mean": DASH if p.published_mean is None else show.fmt(p.published_mean, name),
                "annual_limit": DASH if p.annual_limit is None else f"{p.annual_limit:g}",
                "percentile_label": _("P%(p)d of the daily maximum 8-hour means") % {"p": p.p}
                if name == "o3_8h"
                else _("P%(p)d of the daily means") % {"p": p.p},
                "percentile": show.fmt(p.published_percentile, name),
                "daily_limit": f"{p.daily_limit:g}",
                "sub_index": air_docs.fmt_index(a.composite.sub[name]),
                "largest": a.composite.largest == name,
                "meets": _yes_no(p.meets),
                "valid_days": p.valid_days,
                "last_year": show.fmt(headline(last.pollutants[name]), name) if last else DASH,
                "change": air_docs.fmt_signed(percent, "%"),
            }
        )
    return rows


def primary_rows(a: AirYear) -> list[dict[str, Any]]:
    return [
        {
            "symbol": SYMBOLS[name],
            "days": a.primary_days[name],
            "share": _share(a.primary_days[name] / a.primary_total * 100)
            if a.primary_total
            else DASH,
        }
        for name in DISPLAY_ORDER
        if a.primary_days.get(name)
    ]


def month_rows(a: AirYear) -> list[dict[str, Any]]:
    return [
        {
            "month": m,
            "good_ratio": air_docs.fmt_percent(a.monthly_good_ratio[m]),
            "pm25": show.fmt(a.monthly_means[m]["pm25"], "pm25"),
            "o3_8h": show.fmt(a.monthly_means[m]["o3_8h"], "o3_8h"),
        }
        for m in range(1, 13)
    ]


def status(b: Bulletin) -> dict[str, str] | None:
    """Why the air part is not the annual assessment (None when it is)."""
    a = b.air
    if a is None:
        return {
            "headline": _("No air-quality data for %(year)s.") % {"year": b.year},
            "explanation": _("The air section is empty; the water section follows."),
        }
    if a.complete:
        return None
    if a.running:
        headline_text = _("%(year)s is not over: %(days)s valid days so far") % {
            "year": b.year,
            "days": a.valid_days,
        }
    else:
        headline_text = _("Incomplete year: %(days)s valid days, fewer than %(min)s") % {
            "days": a.valid_days,
            "min": 324,
        }
    return {
        "headline": headline_text,
        "explanation": _(
            "GB 3095 requires at least 324 valid daily values of each pollutant in a "
            "finished year for an annual value. The figures below are what the data "
            "hold, marked incomplete; they are not the annual assessment and are not "
            "compared with the year before."
        ),
    }


def water_rows(b: Bulletin) -> list[dict[str, Any]]:
    rows = []
    for s in b.water.sites:
        site = s.classed.site
        rows.append(
            {
                "code": site.code,
                "name": localized(site.name, site.name_en),
                "kind": site.get_kind_display(),
                "target": site.target or DASH,
                "class": s.classed.site_class or _("No samples"),
                "color": WATER_COLORS.get(s.classed.site_class or ""),
                "months": s.months,
                "meets": DASH
                if not s.classed.site_class or not site.target
                else _yes_no(
                    WATER_CLASSES.index(s.classed.site_class) <= WATER_CLASSES.index(site.target)
                ),
            }
        )
    return rows


def _rate(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def summary(b: Bulletin) -> str:
    parts = []
    a = b.air
    if a is not None and a.aqi_days:
        parts.append(
            _(
                "%(good)s of %(valid)s valid days were good or moderate: a good-days ratio "
                "of %(ratio)s; PM2.5 %(pm25)s µg/m³."
            )
            % {
                "good": a.good_days,
                "valid": a.aqi_days,
                "ratio": air_docs.fmt_percent(a.good_ratio),
                "pm25": show.fmt(a.pollutants["pm25"].published_mean, "pm25"),
            }
        )
    w = b.water
    if w.classed_sites:
        parts.append(
            _("%(good)s of %(total)s surface-water sites (%(share)s) were Class I–III.")
            % {"good": w.groups[0][1], "total": w.classed_sites, "share": _share(w.groups[0][2])}
        )
    rates = w.drinking.rates
    if rates.source_rate is not None:
        parts.append(
            _("Drinking-water sources: %(rate)s of source-months met the standard.")
            % {"rate": _rate(rates.source_rate)}
        )
    return " ".join(parts)


def context(b: Bulletin, *, with_charts: bool = True) -> dict[str, Any]:
    """Everything the page, the PDF and the DOCX print, in the active language."""
    a, last, change = b.air, b.last_year, b.change
    rates = b.water.drinking.rates
    c: dict[str, Any] = {
        "bulletin": b,
        "year": b.year,
        "title": title(b.year),
        "filename_stem": f"environment-bulletin-{b.year}",
        "status": status(b),
        "air": a,
        "complete": b.complete,
        "levels": level_rows(a) if a else [],
        "pollutants": pollutant_rows(a, last if change else None, change) if a else [],
        "primary": primary_rows(a) if a else [],
        "months": month_rows(a) if a else [],
        "good_ratio": air_docs.fmt_percent(a.good_ratio) if a else DASH,
        "composite": air_docs.fmt_index(a.composite.total) if a else DASH,
        "largest": SYMBOLS.get(a.composite.largest or "", DASH) if a else DASH,
        "meets_standard": _yes_no(a.meets_standard) if a else DASH,
        "standard": a.limits.standard if a else "",
        "comparison": _comparison(b) if change else [],
        "same_limits": change.same_limits if change else True,
        "comparison_note": _comparison_note(b),
        "water_groups": [
            {"label": label, "sites": n, "share": _share(share)}
            for label, n, share in b.water.groups
        ],
        "water_classes": [
            {"name": name, "sites": b.water.class_counts[name], "color": WATER_COLORS[name]}
            for name in WATER_CLASSES
        ],
        "water_sites": water_rows(b),
        "water": b.water,
        "drinking": {
            "status": rates.status,
            "evaluated": rates.evaluated,
            "expected": rates.expected,
            "compliant": rates.compliant,
            "source_rate": _rate(rates.source_rate),
            "volume_rate": _rate(rates.volume_rate),
            "sources": len(b.water.drinking.sources),
        },
        "summary": summary(b),
    }
    c["method_notes"] = method_notes(c)
    c["charts"] = charts(c) if with_charts else []
    c["chart_specs"] = chart_specs(c)
    return c


def _comparison(b: Bulletin) -> list[dict[str, str]]:
    a, last, change = b.air, b.last_year, b.change
    assert a is not None and last is not None and change is not None
    rows = [
        {
            "label": _("Good-days ratio"),
            "now": air_docs.fmt_percent(a.good_ratio),
            "before": air_docs.fmt_percent(last.good_ratio),
            "change": air_docs.fmt_points(change.good_ratio_points),
        },
        {
            "label": _("Composite index"),
            "now": air_docs.fmt_index(a.composite.total),
            "before": air_docs.fmt_index(last.composite.total),
            "change": air_docs.fmt_signed(change.composite_percent, "%"),
        },
    ]
    for name in DISPLAY_ORDER:
        rows.append(
            {
                "label": f"{SYMBOLS[name]} ({show.unit(name)})",
                "now": show.fmt(headline(a.pollutants[name]), name),
                "before": show.fmt(headline(last.pollutants[name]), name),
                "change": air_docs.fmt_signed(change.concentrations_percent[name], "%"),
            }
        )
    return rows


def _comparison_note(b: Bulletin) -> str:
    if b.change is not None:
        return ""
    if not b.complete:
        return _("No comparison with the year before: this year is not complete.")
    if b.last_year is None:
        return _("No air-quality data for the year before.")
    return _(
        "No comparison: the year before has %(days)s valid days, fewer than the 324 GB 3095 "
        "requires."
    ) % {"days": b.last_year.valid_days}


def method_notes(c: dict[str, Any]) -> list[str]:
    return [
        _(
            "SO2, NO2, PM10 and PM2.5: annual mean of the valid daily means; the annual "
            "assessment also checks the 98th (SO2, NO2) or 95th (PM10, PM2.5) percentile of "
            "the daily means against the 24-hour limit; CO: 95th percentile of the daily "
            "means; O3: 90th percentile of the daily maximum 8-hour means (HJ 663)."
        ),
        _(
            "Percentiles (HJ 663): the n valid values sorted ascending, k = 1 + (n − 1)·p/100, "
            "interpolated linearly between the values of ranks ⌊k⌋ and ⌊k⌋ + 1."
        ),
        _(
            "Good-days ratio: days with a daily AQI of 100 or less over days with a valid "
            "daily AQI. Composite index: the sum over the six pollutants of the annual value "
            "divided by its class-2 limit in %(standard)s; larger is worse."
        )
        % {"standard": c["standard"] or DASH},
        _(
            "A year is complete when it is over and each pollutant has at least 324 valid "
            "daily values (GB 3095 Table 4); only a complete year is the annual assessment "
            "and is compared with the year before."
        ),
        _(
            "Water: each site's class is that of its annual mean values (the mean of its "
            "monthly means, 2011 evaluation method) by GB 3838-2002; drinking-water sources "
            "by source-month, 水源达标率 over the source-months evaluated and 水量达标率 "
            "over their abstracted volume."
        ),
    ]


# --------------------------------------------------------------------------- charts


def _bar_figure(
    labels: Sequence[str], values: Sequence[float], colors: Sequence[str], title_text: str, y: str
) -> Any:
    with matplotlib.rc_context(air_docs._style()):
        figure = air_docs._figure(6.4, 3.2)
        ax = figure.add_subplot()
        bars = ax.bar([air_docs._wrap(x) for x in labels], values, color=colors, ec="#333")
        ax.bar_label(bars, padding=2)
        ax.set_ylabel(y)
        ax.set_title(title_text)
        ax.margins(y=0.15)
        ax.spines[["top", "right"]].set_visible(False)
    return figure


def _months_figure(c: dict[str, Any]) -> Any:
    a: AirYear = c["air"]
    months = list(range(1, 13))
    ratios = [a.monthly_good_ratio[m] for m in months]
    with matplotlib.rc_context(air_docs._style()):
        figure = air_docs._figure(6.4, 3.2)
        ax = figure.add_subplot()
        ax.plot(months, ratios, marker="o", color="#1d5fa8")
        ax.set_xticks(months)
        ax.set_ylim(0, 105)
        ax.set_xlabel(_("Month"))
        ax.set_ylabel(_("Good-days ratio (%)"))
        ax.set_title(_("Good-days ratio by month"))
        ax.spines[["top", "right"]].set_visible(False)
    return figure


def _bars(c: dict[str, Any]) -> list[tuple[str, str, str, list[dict[str, Any]], str]]:
    """The bar charts: (key, title, y label, rows with name/value/color, alt template)."""
    bars = []
    if c["air"] is not None and c["air"].aqi_days:
        bars.append(
            (
                "levels",
                _("Days per AQI level"),
                _("Days"),
                [{"name": r["name"], "value": r["days"], "color": r["color"]} for r in c["levels"]],
                _("Bar chart of days per AQI level: %(counts)s."),
            )
        )
    if c["water"].classed_sites:
        bars.append(
            (
                "water",
                _("Surface-water sites per class"),
                _("Sites"),
                [
                    {"name": r["name"], "value": r["sites"], "color": r["color"]}
                    for r in c["water_classes"]
                ],
                _("Bar chart of surface-water sites per class: %(counts)s."),
            )
        )
    return bars


def charts(c: dict[str, Any]) -> list[Chart]:
    """PNG charts for the PDF and the DOCX (the page draws the same with ECharts)."""
    fonts.warn_if_missing(f"the charts of the bulletin {c['year']}", charts=True)
    drawn: list[Chart] = []
    for key, title_text, y, rows, alt in _bars(c):
        figure = _bar_figure(
            [r["name"] for r in rows],
            [r["value"] for r in rows],
            [r["color"] for r in rows],
            title_text,
            y,
        )
        counts = ", ".join(f"{r['name']} {r['value']}" for r in rows)
        drawn.append(Chart(key, title_text, air_docs._png(figure), alt % {"counts": counts}))
    if c["air"] is not None and c["air"].aqi_days:
        alt = _("Line chart of the good-days ratio by month: %(values)s.") % {
            "values": ", ".join(f"{r['month']}: {r['good_ratio']}" for r in c["months"])
        }
        png = air_docs._png(_months_figure(c))
        drawn.insert(1, Chart("months", _("Good-days ratio by month"), png, alt))
    return drawn


def _rounded(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 1)


def chart_specs(c: dict[str, Any]) -> list[dict[str, Any]]:
    """What the page's ECharts draw (``reports/bulletin-charts.js``); each chart's table
    follows it on the page."""
    specs: list[dict[str, Any]] = [
        {
            "id": f"bulletin-chart-{key}",
            "type": "bar",
            "x": [r["name"] for r in rows],
            "y": [r["value"] for r in rows],
            "colors": [r["color"] for r in rows],
            "name": y,
        }
        for key, _title, y, rows, _alt in _bars(c)
    ]
    a = c["air"]
    if a is not None and a.aqi_days:
        specs.insert(
            1,
            {
                "id": "bulletin-chart-months",
                "type": "line",
                "x": [str(m) for m in range(1, 13)],
                "y": [_rounded(a.monthly_good_ratio[m]) for m in range(1, 13)],
                "name": _("Good-days ratio (%)"),
                "max": 100,
            },
        )
    return specs


# --------------------------------------------------------------------------- PDF


def pdf_html(b: Bulletin, c: dict[str, Any] | None = None, request: Any = None) -> str:
    """The PDF's self-contained HTML (charts inline); with a request the template also
    gets the site settings (the bureau's name)."""
    c = c or context(b)
    fonts.warn_if_missing(f"the PDF of the bulletin {b.year}")
    return render_to_string(
        "reports/bulletin_pdf.html",
        {**c, "LANGUAGE_CODE": get_language() or "zh-hans"},
        request=request,
    )


def render_pdf(b: Bulletin, c: dict[str, Any] | None = None, request: Any = None) -> bytes:
    return core_documents.pdf_from_html(pdf_html(b, c, request))


# --------------------------------------------------------------------------- DOCX


def render_docx(b: Bulletin, c: dict[str, Any] | None = None) -> bytes:
    c = c or context(b)
    document = core_documents.docx_document(c["title"], get_language() or "zh-hans")
    by_key = {chart.key: chart for chart in c["charts"]}
    table = core_documents.docx_table

    document.add_heading(c["title"], level=0)
    if c["status"]:
        document.add_paragraph().add_run(c["status"]["headline"]).bold = True
        document.add_paragraph(c["status"]["explanation"])
    document.add_paragraph(c["summary"])

    document.add_heading(_("Air quality"), level=1)
    a: AirYear | None = c["air"]
    if a is not None:
        document.add_paragraph(
            _(
                "Good-days ratio %(ratio)s; composite index %(composite)s (largest sub-index "
                "%(largest)s); against %(standard)s: %(meets)s."
            )
            % {
                "ratio": c["good_ratio"],
                "composite": c["composite"],
                "largest": c["largest"],
                "standard": c["standard"],
                "meets": c["meets_standard"],
            }
        )
        table(
            document,
            _("Annual concentrations (limits: %(standard)s)") % {"standard": c["standard"]},
            [
                _("Pollutant"),
                _("Annual mean"),
                _("Annual limit"),
                _("Percentile"),
                _("Value"),
                _("24-hour limit"),
                _("Unit"),
                _("Sub-index"),
                _("Assessment"),
                _("Valid days"),
            ],
            [
                [
                    r["symbol"],
                    r["mean"],
                    r["annual_limit"],
                    r["percentile_label"],
                    r["percentile"],
                    r["daily_limit"],
                    r["unit"],
                    r["sub_index"] + (" *" if r["largest"] else ""),
                    r["meets"],
                    str(r["valid_days"]),
                ]
                for r in c["pollutants"]
            ],
        )
        document.add_heading(_("Days per AQI level"), level=2)
        if "levels" in by_key:
            air_docs._picture(document, by_key["levels"])
        table(
            document,
            _("Days per AQI level, whole city"),
            [_("Level"), _("Category"), _("Days")],
            [[str(r["number"]), r["name"], str(r["days"])] for r in c["levels"]]
            + [["", _("No valid AQI"), str(a.no_aqi_days)]],
        )
        if c["primary"]:
            table(
                document,
                _("Days per primary pollutant"),
                [_("Pollutant"), _("Days"), _("Share")],
                [[r["symbol"], str(r["days"]), r["share"]] for r in c["primary"]],
            )
        document.add_heading(_("Month by month"), level=2)
        if "months" in by_key:
            air_docs._picture(document, by_key["months"])
        table(
            document,
            _("Good-days ratio, PM2.5 and O3 by month"),
            [_("Month"), _("Good-days ratio"), "PM2.5 (µg/m³)", "O3 P90 (µg/m³)"],
            [[str(r["month"]), r["good_ratio"], r["pm25"], r["o3_8h"]] for r in c["months"]],
        )
        document.add_heading(_("Compared with the year before"), level=2)
        if c["comparison"]:
            table(
                document,
                _("Comparison with the year before"),
                [_("Indicator"), _("This year"), _("Year before"), _("Change")],
                [[r["label"], r["now"], r["before"], r["change"]] for r in c["comparison"]],
            )
            if not c["same_limits"]:
                document.add_paragraph(air_docs._limits_note())
        else:
            document.add_paragraph(c["comparison_note"])

    document.add_heading(_("Water quality"), level=1)
    if "water" in by_key:
        air_docs._picture(document, by_key["water"])
    table(
        document,
        _("Surface-water sites per class"),
        [_("Classes"), _("Sites"), _("Share")],
        [[r["label"], str(r["sites"]), r["share"]] for r in c["water_groups"]],
    )
    if c["water_sites"]:
        table(
            document,
            _("Sites and their annual class"),
            [_("Code"), _("Site"), _("Target"), _("Annual class"), _("Months sampled")],
            [
                [r["code"], r["name"], r["target"], r["class"], str(r["months"])]
                for r in c["water_sites"]
            ],
        )
    d = c["drinking"]
    document.add_heading(_("Drinking-water sources"), level=2)
    document.add_paragraph(
        _(
            "%(sources)s sources; %(evaluated)s of %(expected)s source-months evaluated, "
            "%(compliant)s compliant. 水源达标率 %(source_rate)s; 水量达标率 %(volume_rate)s."
        )
        % d
    )
    document.add_heading(_("Method"), level=1)
    for text in c["method_notes"]:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
