"""The holiday table in the back office opens on this year and the next — the days
deadlines are being counted over and the days an administrator enters when the State
Council announces the next year — rather than on 2004, the library's first year."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from lantian.core.models import CalendarDay

ALL_YEARS = "all"


def default_years(today: Any = None) -> tuple[int, int]:
    year = (today or localdate()).year
    return year, year + 1


class CalendarDayFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), empty_label=_("This year and next"), method="by_year"
    )

    class Meta:
        model = CalendarDay
        fields = ["year", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = sorted({d.year for d in CalendarDay.objects.dates("date", "year")}, reverse=True)
        self.filters["year"].extra["choices"] = [
            (ALL_YEARS, _("All years")),
            *((str(year), str(year)) for year in years),
        ]

    def by_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == ALL_YEARS else queryset.filter(date__year=int(value))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("year"):
            queryset = queryset.filter(date__year__in=default_years())
        return queryset
