from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lantian.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # The bureau's contact for every app's letters and pages (core.bureau).
        from lantian.core import bureau
        from lantian.portal.selectors import bureau_contact

        bureau.provide(bureau_contact)
