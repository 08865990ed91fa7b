"""Public pages of pollution-source supervision: the enterprises (search, map, downloads),
one page per enterprise, and the exceedance list. Thin views over the selectors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control

from lantian.air import selectors as air_selectors
from lantian.core import spreadsheets
from lantian.sources import blocks, rates, selectors
from lantian.sources.models import Enterprise
from lantian.sources.templatetags.sources_tags import percent, pollutant_name

PUBLIC = cache_control(public=True, max_age=300)
PER_PAGE = 20
MAP_MAX = 400  # more enterprises than this are listed, not drawn
RECENT_DAYS = 90  # an enterprise with an event this recent is marked on the map


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or credit code"), max_length=100, required=False)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    industry = forms.CharField(label=gettext_lazy("Industry code"), max_length=5, required=False)
    key_unit_year = forms.TypedChoiceField(
        label=gettext_lazy("Key-unit list"), coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["district"].choices = anything + [
            (d.name, d.display_name) for d in air_selectors.district_records()
        ]
        self.fields["key_unit_year"].choices = anything + [
            (str(y), _("%(year)s list") % {"year": y}) for y in selectors.key_unit_years()
        ]
        self.fields["status"].choices = anything + list(Enterprise.Status.choices)


def _rows(found: Any) -> list[list[Any]]:
    return [
        [
            e.credit_code,
            e.name,
            e.address,
            e.district.name if e.district_id else "",
            e.industry_code,
            e.industry_name,
            e.get_status_display(),
            "; ".join(
                f"{x.year} {x.get_medium_display()} {x.get_level_display()}"
                for x in sorted(e.listings.all(), key=lambda x: (-x.year, x.medium))
            ),
            e.latitude,
            e.longitude,
        ]
        for e in found
    ]


def _geojson(found: Any, request: HttpRequest) -> JsonResponse:
    return spreadsheets.geojson_attachment(
        "enterprises",
        (
            spreadsheets.point(
                e.longitude,
                e.latitude,
                {
                    "credit_code": e.credit_code,
                    "name": e.name,
                    "district": e.district.name if e.district_id else None,
                    "industry_code": e.industry_code,
                    "status": e.status,
                    "url": request.build_absolute_uri(
                        reverse("sources:enterprise", args=[e.credit_code])
                    ),
                },
            )
            for e in found
        ),
    )


def _map(found: list[Enterprise]) -> Any:
    placed = [e for e in found if e.latitude is not None and e.longitude is not None]
    if not placed or len(placed) > MAP_MAX:
        return None
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = selectors.enterprises_with_events_since(since)
    markers = [
        air_selectors.MapMarker(
            latitude=float(e.latitude),
            longitude=float(e.longitude),
            label="!" if e.pk in recent else "",
            name=e.name,
            href=reverse("sources:enterprise", args=[e.credit_code]),
            fill="#c0392b" if e.pk in recent else "#0f5296",
            text_fill="#ffffff",
        )
        for e in placed
    ]
    return air_selectors.marker_map(markers)


@PUBLIC
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    found = selectors.enterprises(
        q=(values.get("q") or "").strip(),
        district=values.get("district") or "",
        industry=(values.get("industry") or "").strip(),
        key_unit_year=values.get("key_unit_year"),
        status=values.get("status") or "",
    )
    fmt = request.GET.get("format")
    if fmt == "geojson":
        return _geojson(found, request)
    if fmt in spreadsheets.FORMATS:
        header = [
            _("Credit code"), _("Name"), _("Address"), _("District"), _("Industry code"),
            _("Industry"), _("Status"), _("Key-unit lists"), _("Latitude"), _("Longitude"),
        ]  # fmt: skip
        return spreadsheets.attachment(
            fmt, "enterprises", [(_("Enterprises"), header, _rows(found))]
        )
    everything = list(found)
    page = Paginator(everything, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        "total": len(everything),
        "map": _map(everything),
        "map_max": MAP_MAX,
        "query": request.GET.urlencode(),
    }
    return render(request, "sources/enterprise_list.html", context)


def _chart(outlet: Any, pollutant: str, until: Any) -> dict[str, Any] | None:
    series = selectors.outlet_series(outlet, pollutant, until=until)
    if not series:
        return None
    limit = selectors.limit_for(outlet, pollutant, timezone.localdate(until))
    name = pollutant_name(pollutant)
    values = [v for _t, v in series if v is not None]
    unit = limit.unit if limit else ""
    summary = _(
        "%(name)s at outlet %(outlet)s over 30 days: %(count)s valid values, highest "
        "%(high)s %(unit)s; limit %(limit)s."
    ) % {
        "name": name,
        "outlet": outlet.code,
        "count": len(values),
        "high": f"{max(values):g}" if values else "—",
        "unit": unit,
        "limit": f"{limit.limit:g} {unit}" if limit and limit.limit is not None else "—",
    }
    return {
        "id": f"chart-{outlet.code}-{pollutant}",
        "title": f"{outlet.code} {name}",
        "unit": unit,
        "x": [timezone.localtime(t).strftime("%m-%d %H:%M") for t, _v in series],
        "y": [v for _t, v in series],
        "limit": limit.limit if limit else None,
        "summary": summary,
    }


def _rate_chart(series: rates.DailyRates) -> dict[str, Any]:
    """A bar per day of the share of valid periods above the limit (percent); a day
    under the coverage rule is a gap, not a bar: it is not comparable."""
    name = pollutant_name(series.pollutant)
    complete = [d for d in series.days if d.complete]
    summary = _(
        "Daily exceedance rate of %(name)s at outlet %(outlet)s over %(days)s days: "
        "%(exceeding)s complete days with exceeding periods, highest %(high)s; "
        "%(incomplete)s days with incomplete data are not shown."
    ) % {
        "name": name,
        "outlet": series.outlet.code,
        "days": len(series.days),
        "exceeding": series.exceeding_days,
        "high": percent(max(d.rate or 0.0 for d in complete)) if complete else "—",
        "incomplete": series.incomplete_days,
    }
    return {
        "id": f"rates-{series.outlet.code}-{series.pollutant}",
        "kind": "rate",
        "title": f"{series.outlet.code} {name}",
        "unit": "%",
        "x": [f"{d.day:%m-%d}" for d in series.days],
        "y": [
            round(100 * d.rate, 1) if d.complete and d.rate is not None else None
            for d in series.days
        ],
        "limit": None,
        "summary": summary,
    }


@PUBLIC
def enterprise(request: HttpRequest, credit_code: str) -> HttpResponse:
    found = selectors.enterprise(credit_code)
    if found is None:
        raise Http404
    today = timezone.localdate()
    latest = selectors.latest_values(found)
    quarters, grid = selectors.compliance_grid(found, today)
    charts = []
    for row in latest:
        chart = _chart(row.outlet, row.pollutant, row.end)
        if chart:
            charts.append(chart)
    daily = [(series, _rate_chart(series)) for series in rates.daily_rates(found)]
    year_ago = today - timedelta(days=365)
    context = {
        "enterprise": found,
        "listings": sorted(found.listings.all(), key=lambda x: (-x.year, x.medium)),
        "permits": list(found.permits.all()),
        "outlets": [(o, selectors.outlet_limits(o, today)) for o in found.outlets.all()],
        "latest": latest,
        "quarters": quarters,
        "grid": grid,
        "events": list(
            selectors.exceedances(credit_code=found.credit_code, start=year_ago, end=today)[:100]
        ),
        "charts": charts,
        "updated": selectors.last_updated(found),
        "unaudited": selectors.UNAUDITED_LABEL,
        "samples": list(selectors.enterprise_samples(found, today - timedelta(days=3 * 365))),
        "rates": rates.year_rates(found, today.year, today),
        "daily_rates": daily,
        "rate_charts": [chart for _series, chart in daily],
        "daily_days": rates.DAILY_DAYS,
        "blocks": blocks.blocks_for(found, today),
        "rate_year": today.year,
        "rate_coverage": round(100 * rates.RATE_COVERAGE),
    }
    return render(request, "sources/enterprise.html", context)


class ExceedanceForm(forms.Form):
    credit_code = forms.CharField(label=gettext_lazy("Credit code"), max_length=18, required=False)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
                self.add_error(name, _("Choose a day from 2000 to 2100."))
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first."))
        return data


@PUBLIC
def exceedance_list(request: HttpRequest) -> HttpResponse:
    form = ExceedanceForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    events = selectors.exceedances(
        credit_code=values.get("credit_code") or "",
        start=values.get("start"),
        end=values.get("end"),
    )
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS:
        header = [
            _("Credit code"), _("Enterprise"), _("Outlet"), _("Pollutant"), _("Start"),
            _("End"), _("Maximum"), _("Mean"), _("Limit"), _("Multiple"), _("Review"),
            _("Note"), _("Explanation"),
        ]  # fmt: skip
        rows = [
            [
                e.outlet.enterprise.credit_code,
                e.outlet.enterprise.name,
                e.outlet.code,
                pollutant_name(e.pollutant),
                timezone.localtime(e.start),
                timezone.localtime(e.end),
                e.maximum,
                e.mean,
                e.limit,
                e.multiple,
                e.get_review_display(),
                selectors.event_label(e),
                e.explanation,
            ]
            for e in events
        ]
        return spreadsheets.attachment(fmt, "exceedances", [(_("Exceedances"), header, rows)])
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        "unaudited": selectors.UNAUDITED_LABEL,
        "query": request.GET.urlencode(),
    }
    return render(request, "sources/exceedance_list.html", context)


@PUBLIC
def supervisory_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "sources/supervisory_index.html", {"quarters": selectors.supervisory_quarters()}
    )


@PUBLIC
def supervisory(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404
    report = selectors.supervisory_quarter(year, quarter)
    if not report.samples:
        raise Http404
    fmt = request.GET.get("format")
    if fmt in spreadsheets.FORMATS:
        header = [
            _("Enterprise"), _("Credit code"), _("Outlet"), _("Pollutant"), _("Sampled on"),
            _("Sample number"), _("Measured"), _("Corrected"), _("Limit"), _("Limit source"),
            _("Compliant"), _("Monitored by"),
        ]  # fmt: skip
        rows = [
            [
                x.outlet.enterprise.name, x.outlet.enterprise.credit_code, x.outlet.code,
                pollutant_name(x.pollutant), x.sampled_on, x.sample_no, x.value, x.corrected,
                x.limit, x.limit_source,
                "" if x.compliant is None else (_("yes") if x.compliant else _("no")),
                x.monitored_by,
            ]
            for x in report.samples
        ]  # fmt: skip
        return spreadsheets.attachment(
            fmt, f"supervisory-{year}q{quarter}", [(f"{year}Q{quarter}", header, rows)]
        )
    return render(request, "sources/supervisory.html", {"report": report})
