"""Public air-quality pages: thin views over :mod:`lantian.air.selectors`."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control

from lantian.air import documents, exports, selectors, tables
from lantian.air import presentation as show
from lantian.air.monthly import MonthlyReport

# ---- pages: city now, stations, calendar, forecast, ranking

PUBLIC = cache_control(public=True, max_age=300)
STALE_AFTER = timedelta(hours=3)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], files: list[exports.Table]
) -> HttpResponse:
    """The page, or the file of one of its tables (``?format=csv|xlsx&table=…``)."""
    return exports.download(request, files) or render(request, template, context)


@PUBLIC
def now(request: HttpRequest) -> HttpResponse:
    current = selectors.air_now()
    forecast = selectors.latest_forecast()
    context: dict[str, Any] = {"current": current, "forecast": forecast, "legend": show.legend()}
    files: list[exports.Table] = []
    if current is not None:
        context |= {
            "city": current.city,
            "level": current.city.level_detail,
            "stale": timezone.now() - current.hour_end > STALE_AFTER,
            "station_table": tables.station_table(current),
            "district_table": tables.district_table(current),
            "map": tables.station_map(current.stations),
            "offline_data": tables.now_data(current),
        }
        files = [context["station_table"], context["district_table"]]
    if forecast is not None:
        context["forecast_table"] = tables.forecast_table(forecast)
        files.append(context["forecast_table"])
    return _page(request, "air/now.html", context, files)


@PUBLIC
def station(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.station(code)
    if found is None:
        raise Http404
    hours = selectors.station_hours(found)
    days = selectors.station_days(found)
    hour_labels = [localtime(h.hour_end).strftime("%H:%M") for h in hours]
    day_labels = [d.day.strftime("%m-%d") for d in days]
    context = {
        "station": found,
        "latest": hours[-1] if hours else None,
        "hourly_codes": show.HOURLY,
        "hours_table": tables.hours_table(found, hours),
        "days_table": tables.days_table(found, days),
        "hour_charts": tables.series_charts("h24", hour_labels, hours, show.HOURLY),
        "day_charts": tables.series_charts("d30", day_labels, days, show.DAILY),
    }
    context["latest_level"] = context["latest"].level_detail if context["latest"] else None
    context["charts"] = context["hour_charts"] + context["day_charts"] if hours or days else []
    return _page(
        request, "air/station.html", context, [context["hours_table"], context["days_table"]]
    )


@PUBLIC
def calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    years = selectors.data_years()
    if year is None:
        year = years[0] if years else timezone.localdate().year
    elif year not in years:
        raise Http404
    days = selectors.city_year(year)
    context: dict[str, Any] = {"year": year, "years": years, "days": days}
    files: list[exports.Table] = []
    if days:
        context |= {
            "chart": tables.calendar_chart(year, days),
            "summary": tables.calendar_summary(year, days),
            "levels_table": tables.month_levels_table(year, days),
            "grid_table": tables.month_days_table(year, days),
            "days_table": tables.city_days_table(year, days),
            "legend": show.legend(date(year, 12, 31)),
        }
        files = [context["levels_table"], context["grid_table"], context["days_table"]]
    return _page(request, "air/calendar.html", context, files)


@PUBLIC
def forecast(request: HttpRequest) -> HttpResponse:
    latest = selectors.latest_forecast()
    context: dict[str, Any] = {"forecast": latest}
    files: list[exports.Table] = []
    if latest is not None:
        context["forecast_table"] = tables.forecast_table(latest)
        files = [context["forecast_table"]]
    return _page(request, "air/forecast.html", context, files)


@PUBLIC
def ranking(
    request: HttpRequest, year: int | None = None, month: int | None = None
) -> HttpResponse:
    months = selectors.report_months()
    if year is None or month is None:
        # The newest finished month: the running one is never ranked yet.
        this_month = timezone.localdate().replace(day=1)
        chosen = next((m for m in months if m < this_month), months[0] if months else None)
    else:
        chosen = date(year, month, 1) if 1 <= month <= 12 and 1 < year < 9999 else None
        if chosen not in months:
            raise Http404
    report = selectors.monthly_report(chosen.year, chosen.month) if chosen else None
    context: dict[str, Any] = {"month": chosen, "months": months, "report": report}
    files: list[exports.Table] = []
    if report is not None:
        context["status"] = show.month_status(report)
        context["ranking_table"] = tables.ranking_table(report)
        files = [context["ranking_table"]] if report.ranking else []
        index = months.index(chosen)
        context["newer"] = months[index - 1] if index > 0 else None
        context["older"] = months[index + 1] if index + 1 < len(months) else None
    return _page(request, "air/ranking.html", context, files)


# ---- monthly report


def _monthly_report(year: int, month: int) -> MonthlyReport:
    report = selectors.monthly_report(year, month)
    if report is None:
        raise Http404("no air-quality data for this month")
    return report


def report_index(request: HttpRequest) -> HttpResponse:
    months = selectors.report_months()
    years = [(year, list(group)) for year, group in groupby(months, key=lambda d: d.year)]
    return render(request, "air/report_index.html", {"years": years})


def report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    context = documents.report_context(_monthly_report(year, month))
    return render(request, "air/report.html", context)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _document(
    request: HttpRequest, year: int, month: int, kind: str, content_type: str
) -> HttpResponse:
    """A report file, rendered once per month, language and state of the data: a PDF
    takes about a second to lay out, and reports are read far more than data change."""
    report_data = _monthly_report(year, month)
    # A running month becomes final when it ends, without new data.
    state = "running" if report_data.city.running else "final"
    key = f"air-report:{kind}:{year}-{month}:{get_language()}:{state}:{selectors.data_version()}"
    cached = cache.get(key)
    if cached is None:
        context = documents.report_context(report_data)
        content = (
            documents.render_pdf(context["report"], context, request=request)
            if kind == "pdf"
            else documents.render_docx(context["report"], context)
        )
        cached = (content, f"{context['filename_stem']}.{kind}")
        cache.set(key, cached, 24 * 3600)
    return _attachment(cached[0], content_type, cached[1])


def report_pdf(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _document(request, year, month, "pdf", "application/pdf")


def report_docx(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _document(request, year, month, "docx", documents.DOCX_CONTENT_TYPE)
