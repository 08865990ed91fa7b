from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lantian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # system checks (fonts, privatefiles, uploads); post_migrate and cache hooks
        # (signals); the back office's shell: no links to wagtail.org (admin_shell)
        from lantian.core import admin_shell, fonts, privatefiles, signals, uploads  # noqa: F401
