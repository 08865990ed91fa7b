from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AirConfig(AppConfig):
    name = "lantian.air"
    label = "air"
    verbose_name = _("Air quality")

    def ready(self) -> None:
        from lantian.air import boundaries  # noqa: F401  (the boundary file's system check)
        from lantian.core.apikeys import register_scope
        from lantian.core.roles import Role, register_permissions

        register_scope("air:ingest", _("Air quality: send observations"))  # api.INGEST_SCOPE

        register_permissions(
            Role.DATA_MANAGER,
            [
                "air.add_station",
                "air.change_station",
                "air.view_station",
                "air.add_district",
                "air.change_district",
                "air.view_district",
                "air.view_observation",
                "air.view_ingestbatch",
                "air.add_forecast",
                "air.change_forecast",
                "air.view_forecast",
            ],
        )
        register_permissions(
            Role.ADMINISTRATOR,
            [
                "air.view_station",
                "air.view_district",
                "air.view_observation",
                "air.view_ingestbatch",
                "air.view_forecast",
            ],
        )
