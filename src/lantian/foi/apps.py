from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "lantian.foi"
    label = "foi"
    verbose_name = _("Disclosure on application")

    def ready(self) -> None:
        from lantian.foi import signals

        signals.connect()  # default letter templates after migrate; template permissions

        from lantian.core import audit
        from lantian.foi.admin import permissions as admin_permissions

        admin_permissions.register()  # the staff roles' FOI permissions (back office)
        # the audit log shows FOI entries only of the cases the user sees
        audit.register_log_filter(admin_permissions.visible_log_entries)
