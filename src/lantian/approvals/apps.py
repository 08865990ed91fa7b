from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    """The bureau's approval items (行政审批事项) and their service guides (办事指南)."""

    name = "lantian.approvals"
    label = "approvals"
    verbose_name = _("Approval services")

    def ready(self) -> None:
        from lantian.approvals.admin import access

        access.register()  # the staff roles' approvals permissions (back office)
