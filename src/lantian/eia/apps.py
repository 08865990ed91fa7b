from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EiaConfig(AppConfig):
    """Environmental impact assessment (环评审批): every project through its notices on
    the statutory clock, its decision and completion acceptance."""

    name = "lantian.eia"
    label = "eia"
    verbose_name = _("EIA approvals")
