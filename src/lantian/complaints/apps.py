from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "lantian.complaints"
    label = "complaints"
    verbose_name = _("Public interaction")

    def ready(self) -> None:
        from lantian.core.apikeys import register_scope

        register_scope("open311", _("Open311: post complaints (GeoReport v2)"))  # open311.SCOPE
        from lantian.complaints import signals

        signals.connect()  # channel rules and default categories after migrate
        from lantian.complaints import letter_services

        letter_services.connect(self)  # the default letter templates after migrate

        from lantian.complaints.admin import permissions as admin_permissions
        from lantian.core import audit

        admin_permissions.register()  # the staff roles' complaints permissions (back office)
        # the audit log shows complaint entries only of the cases the user sees
        audit.register_log_filter(admin_permissions.visible_log_entries)

        from lantian.complaints import batch_access

        batch_access.register()  # inspection batches: the office imports and publishes them

        from lantian.complaints import watch

        watch.ready()  # the watch of sensitive items opens on publication; its permissions

        from lantian.complaints import blocks
        from lantian.sources import selectors as sources_selectors

        # the enterprise page counts the complaints about it (sources does not import us)
        sources_selectors.register_enterprise_block(blocks.enterprise_blocks)
