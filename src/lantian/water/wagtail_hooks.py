"""Back office for water quality, kept minimal: data managers (the monitoring station)
and administrators add and edit sites, and read the samples and the sample files with
their reports; every other role is refused by the model permissions, which
:mod:`lantian.water.access` gives to those two roles only. Samples come from files
(``lantian water ingest``, :func:`lantian.water.services.ingest_samples`) or staff entry
(:func:`lantian.water.services.save_sample`), and the upload screen
(:mod:`lantian.water.upload_views`) imports a file at once."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantian.core import admin_access
from lantian.water import access, report_views, services, upload_views
from lantian.water.models import Sample, SampleBatch, Site


class SiteForm(WagtailAdminModelForm):
    """Checks a site as staff entry does (:func:`lantian.water.services.site_errors`),
    naming the field; the water body follows the kind."""

    def _post_clean(self) -> None:
        super()._post_clean()
        for name, message in services.site_errors(self.instance).items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Samples and sample files are read in the back office, never added, edited or
    deleted there: they come from files and from staff entry through the services."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> Any:
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(Sample, ReadOnlyPolicy(Sample))
register_permission_policy(SampleBatch, ReadOnlyPolicy(SampleBatch))


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

    def get_submenu_items(self) -> list[Any]:
        return [*super().get_submenu_items(), _UploadItem(), _ReportItem()]


class _UploadItem(MenuItem):
    def __init__(self) -> None:
        super().__init__(
            _("Upload water samples"), reverse_lazy(UPLOAD), icon_name="upload", order=400
        )

    def is_shown(self, request: Any) -> bool:
        return access.can_upload(request.user)


class _ReportItem(MenuItem):
    def __init__(self) -> None:
        super().__init__(
            _("Publish the drinking-water source report"),
            reverse_lazy(report_views.PUBLISH),
            icon_name="doc-full",
            order=410,
        )

    def is_shown(self, request: Any) -> bool:
        return access.can_upload(request.user)


UPLOAD = "water_upload"
admin_access.register(UPLOAD, access.door)
admin_access.register(report_views.PUBLISH, access.door)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [
        path("water/upload/", upload_views.upload, name=UPLOAD),
        path("water/report/", report_views.publish, name=report_views.PUBLISH),
    ]


@hooks.register("register_log_actions")
def register_water_log_actions(actions: Any) -> None:
    actions.register_action(
        services.REPORT_SENT,
        _("Drinking-water source report sent"),
        _("Monthly drinking-water source report sent for publication"),
    )


register_snippet(WaterViewSetGroup)
