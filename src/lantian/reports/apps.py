from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lantian.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The yearly bulletin's back-office screen registers its Wagtail hooks and door
        # from its own module (reports/wagtail_hooks.py is shared by several reports).
        from lantian.reports import bulletin_admin  # noqa: F401
