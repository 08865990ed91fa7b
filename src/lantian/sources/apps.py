from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# API-key scopes: an enterprise's key submits data for its own outlets only (the key is
# bound to the enterprise, sources.models.EnterpriseKey); the bureau's systems submit for
# any outlet with the second.
SUBMIT_OWN = "sources:submit"
SUBMIT_ANY = "sources:submit-any"


class SourcesConfig(AppConfig):
    name = "lantian.sources"
    label = "sources"
    verbose_name = _("Pollution sources")

    def ready(self) -> None:
        from lantian.core.apikeys import register_scope

        register_scope(SUBMIT_OWN, _("Self-monitoring data: an enterprise's own outlets"))
        register_scope(SUBMIT_ANY, _("Self-monitoring data: any enterprise's outlets"))

        from lantian.sources.admin import access

        access.register()  # the staff roles' sources permissions (back office)
