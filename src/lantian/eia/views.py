"""Public pages of EIA approvals (`/eia/…`): the projects by year, district, category,
stage and a search (with a map and CSV, XLSX and GeoJSON downloads of what is found), and
one page per project with its timeline of notices on the clock and its decision. Thin
views over the selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

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
from lantian.core import privatefiles, spreadsheets
from lantian.core.calendar import work_calendar
from lantian.eia import comment_views, selectors
from lantian.eia.models import Notice, Project

PUBLIC = cache_control(public=True, max_age=300)
PER_PAGE = 50
MAP_MAX = 400  # more placed projects than this are listed, not drawn
MAP_FILL = "#0f5296"
YEARS = (2000, 2100)


def _any(choices: Any) -> list[tuple[str, str]]:
    return [("", _("Any"))] + [(value, str(label)) for value, label in choices]


class ProjectFilter(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year accepted"), min_value=YEARS[0], max_value=YEARS[1], required=False
    )
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("EIA category"), required=False)
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)
    industry = forms.ChoiceField(label=gettext_lazy("Industry"), required=False)
    q = forms.CharField(
        label=gettext_lazy("Project, builder or credit code"), max_length=100, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _any((d, d) for d in selectors.districts())
        self.fields["category"].choices = _any(Project.Category.choices)
        self.fields["stage"].choices = _any(Project.Stage.choices)
        self.fields["industry"].choices = _any(
            (code, f"{code} {name}") for code, name in selectors.industries()
        )


def _header() -> list[str]:
    notices = [
        text % {"notice": label}
        for _value, label in Notice.Kind.choices
        for text in (_("%(notice)s from"), _("%(notice)s to"))
    ]
    return [
        _("ID"), _("Project"), _("Builder"), _("Builder's credit code"), _("District"),
        _("Address"), _("Latitude"), _("Longitude"), _("Industry code"), _("Industry"),
        _("EIA category"), _("Stage"), _("Accepted"), _("Decision"), _("Decision number"),
        _("Decided"), *notices,
    ]  # fmt: skip


def _row(p: Project) -> list[Any]:
    notices = {n.kind: n for n in p.notices.all()}
    dates: list[Any] = []
    for kind in Notice.Kind.values:
        notice = notices.get(kind)
        dates += [notice.starts_on, notice.ends_on] if notice else [None, None]
    return [
        p.pk, p.name, p.builder_name, p.builder_credit_code,
        p.district.name if p.district_id else "", p.address, p.latitude, p.longitude,
        p.industry_code, p.industry_name, p.get_category_display(),
        selectors.stage_label(p.stage), p.accepted_on, p.get_decision_display(),
        p.decision_number, p.decided_on, *dates,
    ]  # fmt: skip


def _geojson(found: Any, request: HttpRequest) -> JsonResponse:
    return spreadsheets.geojson_attachment(
        "eia-projects",
        (
            spreadsheets.point(
                p.longitude,
                p.latitude,
                {
                    "id": p.pk,
                    "name": p.name,
                    "builder": p.builder_name,
                    "builder_credit_code": p.builder_credit_code,
                    "district": p.district.name if p.district_id else None,
                    "category": p.category,
                    "stage": p.stage,
                    "accepted_on": p.accepted_on and p.accepted_on.isoformat(),
                    "decision": p.decision or None,
                    "decided_on": p.decided_on and p.decided_on.isoformat(),
                    "url": request.build_absolute_uri(p.get_absolute_url()),
                },
            )
            for p in found
        ),
    )


def _map(found: Any) -> tuple[Any, int]:
    """The map of the placed projects (None when there are none or more than MAP_MAX)
    and how many are placed."""
    placed = list(found.filter(latitude__isnull=False, longitude__isnull=False)[: MAP_MAX + 1])
    if not placed or len(placed) > MAP_MAX:
        return None, len(placed)
    markers = [
        air_selectors.MapMarker(
            latitude=float(p.latitude),
            longitude=float(p.longitude),
            label="",
            name=p.name,
            href=reverse("eia:project", args=[p.pk]),
            fill=MAP_FILL,
            text_fill="#ffffff",
        )
        for p in placed
    ]
    return air_selectors.marker_map(markers), len(placed)


def _project_map(project: Project) -> Any:
    """The project on the map of the districts (None without a location); its marker
    leads to the other projects of its district."""
    if project.latitude is None or project.longitude is None:
        return None
    others = reverse("eia:projects")
    if project.district:
        others += "?" + urlencode({"district": project.district.name})
    marker = air_selectors.MapMarker(
        latitude=float(project.latitude),
        longitude=float(project.longitude),
        label="",
        name=project.name,
        href=others,
        fill=MAP_FILL,
        text_fill="#ffffff",
    )
    return air_selectors.marker_map([marker])


def _feeds() -> list[dict[str, str]]:
    """The notice feeds: all notices, then one per kind, each in RSS and Atom."""
    feeds = [(_("All EIA notices"), reverse("eia:notices_rss"), reverse("eia:notices_atom"))]
    feeds += [
        (
            str(label),
            reverse("eia:notices_kind_rss", args=[kind]),
            reverse("eia:notices_kind_atom", args=[kind]),
        )
        for kind, label in Notice.Kind.choices
    ]
    return [{"label": label, "rss": rss, "atom": atom} for label, rss, atom in feeds]


@PUBLIC
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilter(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    found = selectors.public_projects(
        year=values.get("year"),
        district=values.get("district") or "",
        category=values.get("category") or "",
        stage=values.get("stage") or "",
        industry=values.get("industry") or "",
        q=values.get("q") or "",
    )
    fmt = request.GET.get("format")
    if fmt == "geojson":
        return _geojson(found, request)
    if fmt in spreadsheets.FORMATS:
        rows = [_row(p) for p in found.prefetch_related("notices")]
        return spreadsheets.attachment(fmt, "eia-projects", [(_("EIA projects"), _header(), rows)])
    if fmt is not None:
        raise Http404
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    drawn, placed = _map(found)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        "years": selectors.project_years(),
        "map": drawn,
        "placed": placed,
        "map_max": MAP_MAX,
        "query": query.urlencode(),
        "feeds": _feeds(),
    }
    return render(request, "eia/project_list.html", context)


def project(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_project(pk)
    if found is None:
        raise Http404
    calendar, today = work_calendar(), timezone.localdate()
    context = {
        "project": found,
        "notices": selectors.notice_rows(found, calendar),
        "clock": selectors.decision_check(found, today),
        "completion": selectors.completion_check(found, today, calendar),
        "documents": selectors.public_documents(found),
        "stage": selectors.stage_label(found.stage),
        "map": _project_map(found),
    }
    context.update(comment_views.project_section(found, today))
    return comment_views.cache(request, render(request, "eia/project.html", context), context)


def document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The public version of a project's document, checked on every request: the full
    text is never served here (404), nor any document of a project not yet public."""
    found = selectors.public_document(pk, document_pk)
    if found is None:
        raise Http404
    return privatefiles.serve(found.file, filename=found.original_name)
