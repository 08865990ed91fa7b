"""Public water-quality pages under the 环境质量 section (`/environment/water/…`): the
sites' classes this month on a map, the drinking-water sources' compliance and rates, a
site's 24 months, and the monthly drinking-water-source report as a page, PDF and DOCX.
Thin views over :mod:`lantian.water.selectors`; the wording lives in
:mod:`lantian.water.presentation` and :mod:`lantian.water.documents`."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from lantian.air import selectors as air_selectors
from lantian.core.documents import DOCX_CONTENT_TYPE
from lantian.water import documents, drinking, gb3838, selectors
from lantian.water import presentation as show
from lantian.water.models import Site

PUBLIC = cache_control(public=True, max_age=300)
TREND_MONTHS = 24


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _site_map(rows: list[show.SiteRow]) -> Any:
    markers = [
        air_selectors.MapMarker(
            latitude=r.site.latitude,
            longitude=r.site.longitude,
            label=r.class_name or "—",
            name=f"{r.site.display_name}: {r.class_text}",
            href=reverse("water:site", args=[r.site.code]),
            fill=show.CLASS_COLORS[r.class_name][0],
            text_fill=show.CLASS_COLORS[r.class_name][1],
        )
        for r in rows
        if r.site.latitude is not None and r.site.longitude is not None
    ]
    return air_selectors.marker_map(markers)


@PUBLIC
def overview(request: HttpRequest) -> HttpResponse:
    months = selectors.data_months()
    context: dict[str, Any] = {"month": None, "legend": show.class_legend()}
    if months:
        first = months[0]
        rows = show.site_rows(selectors.month_classes(first))
        year = selectors.drinking_compliance(year=first.year)
        to_date = drinking.rates([m for m in year.source_months if m.month <= first])
        context |= {
            "month": first,
            "month_label": show.month_label(first),
            "rows": rows,
            "surface_rows": [r for r in rows if r.site.water_body],
            "sampled": sum(1 for r in rows if r.sampled_on is not None),
            "map": _site_map(rows),
            "sources": show.source_rows(year, first),
            "month_rates": show.rates_text(year.monthly_rates[first]),
            "year_rates": show.rates_text(to_date),
            "year_label": _("January to %(month)s") % {"month": show.month_label(first)},
        }
        context["rate_periods"] = [
            (context["month_label"], context["month_rates"]),
            (context["year_label"], context["year_rates"]),
        ]
    return render(request, "water/overview.html", context)


def _trend(site: Site, months: list[tuple[date, selectors.Classed]]) -> dict[str, Any]:
    """The chart data (ECharts, ``json_script``) and the table rows of a site's months."""
    labels = [first.strftime("%Y-%m") for first, _c in months]
    classes = [c.site_class if c.sample is not None else None for _f, c in months]
    charts: list[dict[str, Any]] = []
    if site.water_body:  # groundwater has no GB 3838 class
        charts.append(
            {
                "id": "water-class",
                "kind": "class",
                "title": _("Monthly class"),
                "x": labels,
                "y": [show.CLASS_NUMBER.get(name or "") for name in classes],
                "colors": [show.CLASS_COLORS[name][0] for name in classes],
                "names": ["" if n is None else n for n in classes],
                "not_sampled": _("Not sampled"),
            }
        )
    for item in show.TREND_ITEMS:
        values = [c.sample.values.get(item) if c.sample is not None else None for _f, c in months]
        if not any(v is not None for v in values):
            continue
        limits = gb3838.limits(item, site.water_body or "river") or ()
        target = show.CLASS_NUMBER.get(site.target, 3) - 1
        charts.append(
            {
                "id": f"water-{item}",
                "kind": "line",
                "title": show.item_label(item),
                "unit": show.item_unit(item),
                "x": labels,
                "y": [None if v is None else round(float(v), 4) for v in values],
                "limit": limits[target] if limits else None,
                "limit_label": _("Target class limit"),
            }
        )
    for chart in charts:
        chart["summary"] = _trend_summary(chart, labels)
    rows = []
    for first, c in months:
        sample = c.sample
        rows.append(
            {
                "month": first,
                "sampled": sample is not None,
                "class_text": show.class_label(c.site_class)
                if sample is not None
                else _("Not sampled"),
                "css": show.CSS_CLASS.get(c.site_class, "none"),
                "level": show.level_label(c),
                "values": [
                    show.fmt_value(sample.values.get(item) if sample is not None else None)
                    for item in show.TREND_ITEMS
                ],
            }
        )
    return {"charts": charts, "trend_rows": rows}


def _trend_summary(chart: dict[str, Any], labels: list[str]) -> str:
    missing = [label for label, y in zip(labels, chart["y"], strict=True) if y is None]
    text = _("%(title)s by month from %(first)s to %(last)s.") % {
        "title": chart["title"],
        "first": labels[0],
        "last": labels[-1],
    }
    if missing:
        text += " " + _("Not sampled: %(months)s.") % {"months": ", ".join(missing)}
    return text + " " + _("The same values are in the table below.")


@PUBLIC
def site(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.site(code)
    if found is None:
        raise Http404
    months = selectors.data_months()
    context: dict[str, Any] = {
        "site": found,
        "items": [(show.item_label(i), show.item_unit(i)) for i in show.TREND_ITEMS],
        "legend": show.class_legend(),
    }
    if months:
        end = months[0]
        series = selectors.site_months(found, start=_add_months(end, 1 - TREND_MONTHS), end=end)
        context |= _trend(found, series)
        context["any_sample"] = any(c.sample is not None for _f, c in series)
        context["first_month"], context["last_month"] = series[0][0], end
    return render(request, "water/site.html", context)


# --------------------------------------------------------------------------- report


def report_months() -> list[date]:
    """Every month from the first with data to the last, newest first: a month between
    them without samples is listed too, and its report says it is not evaluated."""
    months = selectors.data_months()
    if not months:
        return []
    found, first = [], months[-1]
    while first <= months[0]:
        found.append(first)
        first = _add_months(first, 1)
    return found[::-1]


def _checked_month(year: int, month: int) -> date:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    first = date(year, month, 1)
    months = report_months()
    today = timezone.localdate().replace(day=1)
    if not months or not (months[-1] <= first <= max(months[0], today)):
        raise Http404
    return first


def report_index(request: HttpRequest) -> HttpResponse:
    months = report_months()
    years = [(year, list(group)) for year, group in groupby(months, key=lambda d: d.year)]
    return render(request, "water/report_index.html", {"years": years})


@PUBLIC
def report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    _checked_month(year, month)
    context = documents.report_context(year, month, request)
    return render(request, "water/report.html", context)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_file(year: int, month: int, kind: str, request: Any = None) -> tuple[bytes, str]:
    """A report file and its name, rendered once per month, language and data version
    (a PDF takes a second to lay out; reports are read far more often than data change)."""
    key = (
        f"water-report:{kind}:{year}-{month}:{get_language()}:{selectors.data_state()}:"
        f"{timezone.localdate():%Y-%m}"
    )
    cached = cache.get(key)
    if cached is None:
        context = documents.report_context(year, month, request)
        content = (
            documents.render_pdf(context, request)
            if kind == "pdf"
            else documents.render_docx(context)
        )
        cached = (content, f"{context['filename_stem']}.{kind}")
        cache.set(key, cached, 24 * 3600)
    return cached


def report_pdf(request: HttpRequest, year: int, month: int) -> HttpResponse:
    _checked_month(year, month)
    content, name = report_file(year, month, "pdf", request)
    return _attachment(content, "application/pdf", name)


def report_docx(request: HttpRequest, year: int, month: int) -> HttpResponse:
    _checked_month(year, month)
    content, name = report_file(year, month, "docx", request)
    return _attachment(content, DOCX_CONTENT_TYPE, name)
