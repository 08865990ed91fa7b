from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lantian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from lantian.core import signals  # noqa: F401  (connects post_migrate and cache hooks)
