from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterConfig(AppConfig):
    """Surface-water quality under GB 3838-2002: the class engine (``gb3838``), the
    drinking-water-source compliance (``drinking``), the monitoring sites, their samples
    and the files that brought them."""

    name = "lantian.water"
    label = "water"
    verbose_name = _("Water quality")

    def ready(self) -> None:
        from lantian.water import access

        access.register()
