from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "lantian.foi"
    label = "foi"
    verbose_name = _("Disclosure on application")
