"""Back office for water quality, kept minimal: data managers (the monitoring station)
and administrators add and edit sites, and read the samples and the sample files with
their reports; every other role is refused by the model permissions, which
:mod:`lantian.water.access` gives to those two roles only. Samples come from files
(``lantian water ingest``, :func:`lantian.water.services.ingest_samples`) or staff entry
(:func:`lantian.water.services.save_sample`); an upload screen is still to come."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantian.water import services
from lantian.water.models import Sample, SampleBatch, Site


class SiteForm(WagtailAdminModelForm):
    """Checks a site as staff entry does (:func:`lantian.water.services.site_errors`),
    naming the field; the water body follows the kind."""

    def _post_clean(self) -> None:
        super()._post_clean()
        for name, message in services.site_errors(self.instance).items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)


class SiteViewSet(SnippetViewSet):
    model = Site
    icon = "site"
    menu_label = _("Water monitoring sites")
    list_display = ["code", "name", "kind", "target", "district", "active"]
    list_filter = ["kind", "target", "district", "active"]
    search_fields = ["code", "name", "name_en"]
    url_prefix = "water/sites"
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldPanel("name"),
            FieldPanel("name_en"),
            FieldPanel("kind"),
            FieldPanel("water_body"),
            FieldPanel("target"),
            FieldPanel("district"),
            FieldPanel("latitude"),
            FieldPanel("longitude"),
            FieldPanel("design_abstraction"),
            FieldPanel("active"),
        ],
        base_form_class=SiteForm,
    )


class SampleViewSet(SnippetViewSet):
    model = Sample
    icon = "table"
    menu_label = _("Water samples")
    list_display = ["site", "sampled_on", "abstraction", "batch"]
    list_filter = ["site", "month"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "site",
        "sampled_on",
        "values",
        "detection_limits",
        "abstraction",
        "batch",
    ]
    url_prefix = "water/samples"


class SampleBatchViewSet(SnippetViewSet):
    model = SampleBatch
    icon = "download"
    menu_label = _("Water sample files")
    list_display = ["received_at", "filename", "created", "updated", "unchanged", "rejected"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "filename",
        "sha256",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "report",
    ]
    url_prefix = "water/files"


class WaterViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Water quality")
    menu_icon = "site"
    menu_order = 815
    items = (SiteViewSet, SampleViewSet, SampleBatchViewSet)


register_snippet(WaterViewSetGroup)
