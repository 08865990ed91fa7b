"""Public pages of EIA approvals (`/eia/…`): the projects by year, district, category,
stage and a search, and one page per project with its timeline of notices on the clock
and its decision. Thin views over the selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control

from lantian.core.calendar import work_calendar
from lantian.eia import selectors
from lantian.eia.models import Project

PUBLIC = cache_control(public=True, max_age=300)
PER_PAGE = 50
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
    q = forms.CharField(
        label=gettext_lazy("Project, builder or credit code"), max_length=100, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _any((d, d) for d in selectors.districts())
        self.fields["category"].choices = _any(Project.Category.choices)
        self.fields["stage"].choices = _any(Project.Stage.choices)


@PUBLIC
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilter(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    found = selectors.public_projects(
        year=values.get("year"),
        district=values.get("district") or "",
        category=values.get("category") or "",
        stage=values.get("stage") or "",
        q=values.get("q") or "",
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        "years": selectors.project_years(),
    }
    return render(request, "eia/project_list.html", context)


@PUBLIC
def project(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_project(pk)
    if found is None:
        raise Http404
    context = {
        "project": found,
        "notices": selectors.notice_rows(found, work_calendar()),
        "clock": selectors.decision_check(found, timezone.localdate()),
        "stage": selectors.stage_label(found.stage),
    }
    return render(request, "eia/project.html", context)
