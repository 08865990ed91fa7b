from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AirConfig(AppConfig):
    name = "lantian.air"
    label = "air"
    verbose_name = _("Air quality")
