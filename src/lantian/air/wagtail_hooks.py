"""Back office for air quality: stations (data managers edit), ingestion batches (read)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantian.air.models import IngestBatch, Station


class StationViewSet(SnippetViewSet):
    model = Station
    icon = "site"
    menu_label = _("Monitoring stations")
    list_display = ["code", "name", "district", "kind", "counts_for_city", "is_active"]
    list_filter = ["district", "kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    url_prefix = "air/stations"


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


class AirViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Air quality")
    menu_icon = "site"
    menu_order = 810
    items = (StationViewSet, IngestBatchViewSet)


register_snippet(AirViewSetGroup)
