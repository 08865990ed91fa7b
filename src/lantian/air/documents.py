"""The monthly air-quality report as page context, charts (PNG), PDF and DOCX.

One presentation (:func:`report_context`) feeds the web page, the PDF (WeasyPrint from
``air/report_pdf.html``) and the DOCX (python-docx), so the three show the same numbers.
Charts are drawn with matplotlib's Agg canvas on a fresh ``Figure`` per chart: no pyplot
global state, safe in threaded servers.
"""

from __future__ import annotations

import base64
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import matplotlib
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lantian.air import aqi
from lantian.air import presentation as show
from lantian.air.models import area_name, area_names
from lantian.air.monthly import (
    INDEX_DECIMALS,
    LEVELS,
    RATIO_DECIMALS,
    AreaMonth,
    MonthlyReport,
    round_half_even,
)
from lantian.core import documents, fonts
from lantian.core.i18n import localized

matplotlib.use("Agg")  # no display; Figure objects below never touch pyplot

# Bulletins print PM2.5, PM10, O3, SO2, NO2, CO in this order.
DISPLAY_ORDER = ("pm25", "pm10", "o3_8h", "so2", "no2", "co")
SYMBOLS = {"pm25": "PM2.5", "pm10": "PM10", "o3_8h": "O3", "so2": "SO2", "no2": "NO2", "co": "CO"}
DASH = "—"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --------------------------------------------------------------------------- formatting


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def fmt_index(value: float | None) -> str:
    """An index to two decimals, rounded as published (GB/T 8170)."""
    if _missing(value):
        return DASH
    return f"{round_half_even(value, INDEX_DECIMALS):.{INDEX_DECIMALS}f}"


def fmt_percent(value: float | None) -> str:
    """A ratio in percent to one decimal, rounded as published (GB/T 8170)."""
    if _missing(value):
        return DASH
    return f"{round_half_even(value, RATIO_DECIMALS):.{RATIO_DECIMALS}f}%"


def fmt_signed(value: float | None, unit: str) -> str:
    return DASH if _missing(value) else f"{value:+.1f}{unit}"


def fmt_points(value: float | None) -> str:
    """A change of a ratio, in percentage points."""
    if _missing(value):
        return DASH
    return _("%(value)s percentage points") % {"value": f"{value:+.1f}"}


def month_label(report: MonthlyReport) -> str:
    """“2026年3月” or “March 2026”, by the active language."""
    return date_format(report.first_day, "YEAR_MONTH_FORMAT")


def area_label(area: str, names: dict[str, str] | None = None) -> str:
    return area_name(area, names)


def statistic_label(pollutant: str) -> str:
    if pollutant == "o3_8h":
        return _("90th percentile of the daily maximum 8-hour mean")
    if pollutant == "co":
        return _("95th percentile of the daily mean")
    return _("mean of the daily means")


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class LevelRow:
    number: int
    name: str
    color: str
    days: int


@dataclass(frozen=True)
class PollutantRow:
    key: str
    symbol: str
    statistic: str
    unit: str
    value: str
    limit: str
    sub_index: str
    largest: bool
    valid_days: int
    last_year: str
    change: str


@dataclass(frozen=True)
class RankRow:
    rank: str
    area: str
    composite: str
    largest: str
    good_ratio: str
    pm25: str
    valid_days: int
    ranked: bool


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    png: bytes
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def level_rows(report: MonthlyReport) -> list[LevelRow]:
    rows = []
    for number in LEVELS:
        info = aqi.level_info(aqi.Standard.CN, number, on=report.first_day)
        assert info is not None  # levels 1–6 always exist
        rows.append(
            LevelRow(
                number=number,
                name=localized(info.category_zh, info.category_en),
                color=info.color_hex,
                days=report.city.level_days[number],
            )
        )
    return rows


def pollutant_rows(report: MonthlyReport) -> list[PollutantRow]:
    city, last, change = report.city, report.last_year, report.change
    rows = []
    for name in DISPLAY_ORDER:
        percent = change.concentrations_percent[name] if change else None
        rows.append(
            PollutantRow(
                key=name,
                symbol=SYMBOLS[name],
                statistic=statistic_label(name),
                unit=show.unit(name),
                value=show.fmt(city.published[name], name),
                limit=f"{report.limits.of(name):g}",
                sub_index=fmt_index(city.composite.sub[name]),
                largest=city.composite.largest == name,
                valid_days=city.valid_counts[name],
                last_year=show.fmt(last.published[name], name) if last else DASH,
                change=fmt_signed(percent, "%"),
            )
        )
    return rows


def day_rows(report: MonthlyReport, levels: Sequence[LevelRow]) -> list[dict[str, Any]]:
    """Every day of the month with its AQI and level (the daily chart's text version)."""
    names = {row.number: row for row in levels}
    daily = report.city.daily
    found = {d: i for i, d in enumerate(daily.days)}
    rows = []
    for day in range(1, report.city.days_in_month + 1):
        on = report.first_day.replace(day=day)
        i = found.get(on)
        valid = i is not None and not math.isnan(daily.aqi[i])
        level = names.get(int(daily.level[i])) if valid else None
        rows.append(
            {
                "day": on,
                "aqi": f"{daily.aqi[i]:.0f}" if valid else DASH,
                "level": level.name if level else _("No valid AQI"),
                "color": level.color if level else None,
            }
        )
    return rows


def rank_rows(report: MonthlyReport) -> list[RankRow]:
    """The ranked districts, then the others: a district with too few valid days is
    listed as incomplete, without figures that would invite a comparison."""
    rows = []
    names = area_names()
    for r in report.ranking:
        area = r.area
        shown = area.complete
        rows.append(
            RankRow(
                rank=str(r.rank) if r.rank is not None else _("Not ranked"),
                area=area_label(area.area, names),
                composite=fmt_index(area.composite.total) if shown else DASH,
                largest=SYMBOLS[area.composite.largest]
                if shown and area.composite.largest
                else DASH,
                good_ratio=fmt_percent(area.good_ratio) if shown else DASH,
                pm25=show.fmt(area.published["pm25"], "pm25") if shown else DASH,
                valid_days=area.valid_days,
                ranked=r.rank is not None,
            )
        )
    return rows


def report_context(report: MonthlyReport, *, with_charts: bool = True) -> dict[str, Any]:
    """Everything the page, the PDF and the DOCX print, formatted in the active language."""
    city, last, change = report.city, report.last_year, report.change
    levels = level_rows(report)
    ranks = rank_rows(report)
    month = month_label(report)
    context = {
        "report": report,
        "month_label": month,
        "title": _("Monthly air quality report: %(month)s") % {"month": month},
        "filename_stem": f"air-report-{report.year:04d}-{report.month:02d}",
        "city": city,
        "status": show.month_status(report),
        "comparison_note": show.comparison_note(report),
        "ranking_note": show.ranking_note(report),
        "good_ratio": fmt_percent(city.good_ratio),
        "composite": fmt_index(city.composite.total),
        "largest": SYMBOLS.get(city.composite.largest or "", DASH),
        "standard": report.limits.standard,
        "levels": levels,
        "pollutants": pollutant_rows(report),
        "ranking": ranks,
        "days": day_rows(report, levels),
        "last_year": last,
        "comparison": _comparison_rows(report) if last and change else [],
        "same_limits": change.same_limits if change else True,
        "charts": charts(report, levels, ranks) if with_charts else [],
    }
    context["summary"] = _summary(context)
    context["method_notes"] = method_notes(context)
    return context


def _comparison_rows(report: MonthlyReport) -> list[dict[str, str]]:
    city, last, change = report.city, report.last_year, report.change
    assert last is not None and change is not None
    rows = [
        {
            "label": _("Good-days ratio"),
            "now": fmt_percent(city.good_ratio),
            "before": fmt_percent(last.good_ratio),
            "change": fmt_points(change.good_ratio_points),
        },
        {
            "label": _("Composite index"),
            "now": fmt_index(city.composite.total),
            "before": fmt_index(last.composite.total),
            "change": fmt_signed(change.composite_percent, "%"),
        },
    ]
    for row in pollutant_rows(report):
        rows.append(
            {
                "label": f"{row.symbol} ({row.unit})",
                "now": row.value,
                "before": row.last_year,
                "change": row.change,
            }
        )
    return rows


# --------------------------------------------------------------------------- charts


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=120, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _style() -> dict[str, Any]:
    return {
        # Named families, not the generic "sans-serif": each Text keeps them, so a figure
        # saved outside this context still draws Chinese in the CJK font.
        "font.family": fonts.matplotlib_families(),
        "axes.unicode_minus": False,  # the CJK font lacks U+2212
        "font.size": 10,
    }


def _wrap(label: str, width: int = 10) -> str:
    """English level names (“Moderately polluted”) on two lines, so six fit side by side;
    Chinese names have no spaces and stay whole."""
    return textwrap.fill(label, width, break_long_words=False)


def levels_figure(levels: Sequence[LevelRow]) -> Figure:
    """Days per AQI level, bars in the official level colours, each labelled."""
    with matplotlib.rc_context(_style()):
        figure = _figure(6.4, 3.2)
        ax = figure.add_subplot()
        names = [_wrap(row.name) for row in levels]
        bars = ax.bar(
            names, [row.days for row in levels], color=[row.color for row in levels], ec="#333"
        )
        ax.bar_label(bars, padding=2)
        ax.set_ylabel(_("Days"))
        ax.set_title(_("Days per AQI level"))
        ax.margins(y=0.15)
        ax.spines[["top", "right"]].set_visible(False)
    return figure


def chart_levels(report: MonthlyReport, levels: Sequence[LevelRow]) -> Chart:
    png = _png(levels_figure(levels))
    counts = ", ".join(f"{row.name} {row.days}" for row in levels)
    alt = _(
        "Bar chart of days per AQI level in %(month)s: %(counts)s; "
        "%(missing)s days without a valid AQI."
    ) % {"month": month_label(report), "counts": counts, "missing": report.city.no_aqi_days}
    return Chart("levels", _("Days per AQI level"), png, alt)


def daily_figure(report: MonthlyReport, levels: Sequence[LevelRow]) -> Figure:
    """Daily AQI over the month, each bar in its level's colour; the line at 100 marks
    the good/polluted boundary."""
    colors = {row.number: row.color for row in levels}
    valid = [(d.day, float(a), int(lv)) for d, a, lv in zip(*_daily(report), strict=True)]
    with matplotlib.rc_context(_style()):
        figure = _figure(6.4, 3.2)
        ax = figure.add_subplot()
        ax.bar(
            [v[0] for v in valid],
            [v[1] for v in valid],
            color=[colors.get(v[2], "#999999") for v in valid],
            ec="#333",
            lw=0.5,
        )
        ax.axhline(100, color="#333", ls="--", lw=1)
        ax.set_xlim(0.4, report.city.days_in_month + 0.6)
        # every other day: 31 labels side by side touch at this width, whatever the data
        ax.set_xticks(range(1, report.city.days_in_month + 1, 2))
        ax.set_xlabel(_("Day of month"))
        ax.set_ylabel("AQI")
        ax.set_title(_("Daily AQI"))
        ax.spines[["top", "right"]].set_visible(False)
    return figure


def chart_daily(report: MonthlyReport, levels: Sequence[LevelRow]) -> Chart:
    png = _png(daily_figure(report, levels))
    values = _daily(report)[1]
    if values:
        alt = _(
            "Bar chart of the daily AQI in %(month)s: from %(low)d to %(high)d; "
            "%(good)d of %(valid)d valid days at or below 100."
        ) % {
            "month": month_label(report),
            "low": min(values),
            "high": max(values),
            "good": report.city.good_days,
            "valid": report.city.aqi_days,
        }
    else:
        alt = _("Bar chart of the daily AQI in %(month)s: no day has a valid AQI.") % {
            "month": month_label(report)
        }
    return Chart("daily", _("Daily AQI"), png, alt)


def _daily(report: MonthlyReport) -> tuple[list[Any], list[float], list[int]]:
    daily = report.city.daily
    keep = [i for i, a in enumerate(daily.aqi) if not math.isnan(a)]
    return (
        [daily.days[i] for i in keep],
        [float(daily.aqi[i]) for i in keep],
        [int(daily.level[i]) for i in keep],
    )


def _scored(report: MonthlyReport, ranks: Sequence[RankRow]) -> list[tuple[RankRow, float]]:
    """The ranked districts' rows with their composite index (unranked ones stay out)."""
    return [
        (row, r.area.composite.total)
        for row, r in zip(ranks, report.ranking, strict=True)
        if r.rank is not None
    ]


def ranking_figure(scored: Sequence[tuple[RankRow, float]]) -> Figure:
    """Districts' composite index as horizontal bars, best at the top."""
    with matplotlib.rc_context(_style()):
        figure = _figure(6.4, 0.9 + 0.45 * len(scored))
        ax = figure.add_subplot()
        labels = [f"{row.rank}. {row.area}" for row, _value in scored]
        bars = ax.barh(labels, [value for _row, value in scored], color="#1d5fa8")
        ax.bar_label(bars, labels=[row.composite for row, _value in scored], padding=3)
        ax.invert_yaxis()  # rank 1 on top
        ax.set_xlabel(_("Composite index (larger is worse)"))
        ax.set_title(_("District ranking by composite index"))
        ax.margins(x=0.15)
        ax.spines[["top", "right"]].set_visible(False)
    return figure


def chart_ranking(report: MonthlyReport, ranks: Sequence[RankRow]) -> Chart | None:
    """None without ranked districts."""
    scored = _scored(report, ranks)
    if not scored:
        return None
    png = _png(ranking_figure(scored))
    items = ", ".join(f"{row.area} {row.composite}" for row, _value in scored)
    alt = _("Bar chart of the districts' composite index in %(month)s, best first: %(items)s.") % {
        "month": month_label(report),
        "items": items,
    }
    return Chart("ranking", _("District ranking by composite index"), png, alt)


def charts(
    report: MonthlyReport,
    levels: Sequence[LevelRow] | None = None,
    ranks: Sequence[RankRow] | None = None,
) -> list[Chart]:
    levels = levels if levels is not None else level_rows(report)
    ranks = ranks if ranks is not None else rank_rows(report)
    fonts.warn_if_missing(f"the charts of the air report {month_label(report)}", charts=True)
    drawn = [
        chart_levels(report, levels),
        chart_daily(report, levels),
        chart_ranking(report, ranks),
    ]
    return [chart for chart in drawn if chart is not None]


# --------------------------------------------------------------------------- PDF


def pdf_document(
    report: MonthlyReport, context: dict[str, Any] | None = None, request: Any = None
) -> Any:
    """The laid-out WeasyPrint document (its ``pages`` are available before writing); with
    a request the template also gets the site settings (the bureau's name)."""
    context = context or report_context(report)
    fonts.warn_if_missing(f"the PDF of the air report {month_label(report)}")
    html = render_to_string(
        "air/report_pdf.html",
        {**context, "LANGUAGE_CODE": get_language() or "zh-hans"},
        request=request,
    )
    return documents.pdf_layout(html)


def render_pdf(
    report: MonthlyReport, context: dict[str, Any] | None = None, request: Any = None
) -> bytes:
    return pdf_document(report, context, request).write_pdf()


# --------------------------------------------------------------------------- DOCX


def _picture(document: Any, chart: Chart) -> None:
    shape = document.add_picture(BytesIO(chart.png), width=Cm(16))
    shape._inline.docPr.set("descr", chart.alt)  # the picture's alternative text
    shape._inline.docPr.set("title", chart.title)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_docx(report: MonthlyReport, context: dict[str, Any] | None = None) -> bytes:
    c = context or report_context(report)
    document = documents.docx_document(c["title"], get_language() or "zh-hans")
    charts_by_key = {chart.key: chart for chart in c["charts"]}

    document.add_heading(c["title"], level=0)
    if c["status"]:
        document.add_paragraph().add_run(c["status"].headline).bold = True
        document.add_paragraph(c["status"].explanation)
    document.add_paragraph(c["summary"])

    document.add_heading(_("Days per AQI level"), level=1)
    documents.docx_table(
        document,
        _("Days per AQI level, whole city"),
        [_("Level"), _("Category"), _("Days")],
        [[str(r.number), r.name, str(r.days)] for r in c["levels"]]
        + [["", _("No valid AQI"), str(c["city"].no_aqi_days)]],
    )
    if "levels" in charts_by_key:
        _picture(document, charts_by_key["levels"])
    document.add_heading(_("Daily AQI"), level=2)
    if "daily" in charts_by_key:
        _picture(document, charts_by_key["daily"])
    documents.docx_table(
        document,
        _("Daily AQI and level, whole city"),
        [_("Date"), "AQI", _("Category")],
        [[date_format(r["day"], "SHORT_DATE_FORMAT"), r["aqi"], r["level"]] for r in c["days"]],
    )

    document.add_heading(_("Concentrations and composite index"), level=1)
    documents.docx_table(
        document,
        _("Monthly concentrations and sub-indices (limits: %(standard)s)")
        % {"standard": c["standard"]},
        [
            _("Pollutant"),
            _("Statistic"),
            _("Value"),
            _("Unit"),
            _("Limit"),
            _("Sub-index"),
            _("Valid days"),
        ],
        [
            [
                r.symbol,
                r.statistic,
                r.value,
                r.unit,
                r.limit,
                r.sub_index + (" *" if r.largest else ""),
                str(r.valid_days),
            ]
            for r in c["pollutants"]
        ],
    )
    document.add_paragraph(
        _("Composite index: %(value)s; largest sub-index (*): %(largest)s.")
        % {"value": c["composite"], "largest": c["largest"]}
    )

    document.add_heading(_("Same month last year"), level=1)
    if c["comparison"]:
        documents.docx_table(
            document,
            _("Comparison with the same month last year"),
            [_("Indicator"), _("This month"), _("Same month last year"), _("Change")],
            [[r["label"], r["now"], r["before"], r["change"]] for r in c["comparison"]],
        )
        if not c["same_limits"]:
            document.add_paragraph(_limits_note())
    else:
        document.add_paragraph(c["comparison_note"])

    document.add_heading(_("District ranking"), level=1)
    if c["ranking"]:
        documents.docx_table(
            document,
            _("Districts ranked by composite index (1 = best)"),
            [
                _("Rank"),
                _("District"),
                _("Composite index"),
                _("Largest sub-index"),
                _("Good-days ratio"),
                "PM2.5 (µg/m³)",
                _("Valid days"),
            ],
            [
                [r.rank, r.area, r.composite, r.largest, r.good_ratio, r.pm25, str(r.valid_days)]
                for r in c["ranking"]
            ],
        )
        if "ranking" in charts_by_key:
            _picture(document, charts_by_key["ranking"])
    else:
        document.add_paragraph(c["ranking_note"])

    document.add_heading(_("Method"), level=1)
    for text in c["method_notes"]:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _summary(c: dict[str, Any]) -> str:
    city: AreaMonth = c["city"]
    return _(
        "%(good)s of %(valid)s valid days were good or moderate (AQI ≤ 100): a good-days "
        "ratio of %(ratio)s. Composite index %(composite)s."
    ) % {
        "good": city.good_days,
        "valid": city.aqi_days,
        "ratio": c["good_ratio"],
        "composite": c["composite"],
    }


def _limits_note() -> str:
    return _(
        "Last year's composite index was computed with the limits then in force; the two "
        "indices are not directly comparable."
    )


def method_notes(c: dict[str, Any]) -> list[str]:
    notes = [
        _(
            "Good-days ratio: days with a daily AQI of 100 or less over days with a valid "
            "daily AQI (HJ 663)."
        ),
        _(
            "SO2, NO2, PM10 and PM2.5: mean of the valid daily means; CO: 95th percentile of "
            "the daily means; O3: 90th percentile of the daily maximum 8-hour means (HJ 663)."
        ),
        _(
            "Composite index: the sum over the six pollutants of the monthly value divided "
            "by its class-2 limit in %(standard)s; larger is worse."
        )
        % {"standard": c["standard"]},
        _(
            "Valid days (GB 3095 Table 4): a daily value needs at least 20 hourly values; "
            "a month is complete when each pollutant has at least %(days)s valid daily "
            "values and the month is over. Only a complete month is ranked and compared "
            "with the same month last year."
        )
        % {"days": c["city"].min_days},
        _(
            "Rounding (GB/T 8170): concentrations are printed as whole numbers, CO to one "
            "decimal; the composite index is computed from the printed concentrations and "
            "printed to two decimals; changes against last year are computed from the "
            "printed figures."
        ),
    ]
    if not c["city"].enough_data:
        notes.append(
            _(
                "Fewer than %(days)s valid days for at least one pollutant: GB 3095 requires "
                "them for a valid monthly value, so the figures are indicative."
            )
            % {"days": c["city"].min_days}
        )
    return notes
