from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "lantian.foi"
    label = "foi"
    verbose_name = _("Disclosure on application")

    def ready(self) -> None:
        from lantian.foi import signals

        signals.connect()  # default letter templates after migrate; template permissions

        from lantian.core import attention, audit
        from lantian.foi import selectors as foi_selectors

        attention.register(foi_selectors.attention_items)  # due-soon and overdue cases

        from lantian.foi.admin import permissions as admin_permissions

        admin_permissions.register()  # the staff roles' FOI permissions (back office)
        # the audit log shows FOI entries only of the cases the user sees
        audit.register_log_filter(admin_permissions.visible_log_entries)
