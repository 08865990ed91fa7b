from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterConfig(AppConfig):
    """Surface-water quality under GB 3838-2002: the class engine (``gb3838``), and next
    the monitoring sites, their samples and the drinking-water-source reports."""

    name = "lantian.water"
    label = "water"
    verbose_name = _("Water quality")
