from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lantian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # system checks (fonts, privatefiles, uploads); post_migrate and cache hooks (signals)
        from lantian.core import fonts, privatefiles, signals, uploads  # noqa: F401
