"""Back office for air quality: stations, districts and forecasts (data managers edit),
ingestion batches (read), and the data managers' dashboard items (refused rows, stale
stations)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantian.air import dashboard  # noqa: F401  (registers the dashboard sources)
from lantian.air.models import District, Forecast, IngestBatch, Station


class StationViewSet(SnippetViewSet):
    model = Station
    icon = "site"
    menu_label = _("Monitoring stations")
    list_display = ["code", "name", "district", "kind", "counts_for_city", "is_active"]
    list_filter = ["district", "kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    url_prefix = "air/stations"


class DistrictViewSet(SnippetViewSet):
    """The districts' English names, which the English site shows."""

    model = District
    icon = "globe"
    menu_label = _("Districts")
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]
    url_prefix = "air/districts"


class IngestBatchViewSet(SnippetViewSet):
    model = IngestBatch
    icon = "download"
    menu_label = _("Ingestion batches")
    list_display = ["received_at", "source", "filename", "accepted", "unchanged", "rejected"]
    list_filter = ["source"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "source",
        "filename",
        "sha256",
        "accepted",
        "unchanged",
        "rejected",
        "report",
    ]
    url_prefix = "air/batches"


class ForecastViewSet(SnippetViewSet):
    model = Forecast
    icon = "date"
    menu_label = _("Forecasts")
    list_display = ["issued_at", "area", "issued_by"]
    list_filter = ["area"]
    url_prefix = "air/forecasts"


@hooks.register("after_create_snippet")
def record_forecaster(request: HttpRequest, instance: object) -> None:
    """Who issued a forecast is who created it in the back office."""
    if isinstance(instance, Forecast) and instance.issued_by_id is None:
        instance.issued_by = request.user
        instance.save(update_fields=["issued_by"])


class AirViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Air quality")
    menu_icon = "site"
    menu_order = 810
    items = (StationViewSet, DistrictViewSet, ForecastViewSet, IngestBatchViewSet)


register_snippet(AirViewSetGroup)
