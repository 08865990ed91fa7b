from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EiaConfig(AppConfig):
    """Environmental impact assessment (环评审批): every project through its notices on
    the statutory clock, its decision and completion acceptance."""

    name = "lantian.eia"
    label = "eia"
    verbose_name = _("EIA approvals")

    def ready(self) -> None:
        from lantian.eia import blocks
        from lantian.eia.admin import access
        from lantian.sources import selectors as sources_selectors

        # the enterprise page lists the enterprise's EIA projects (sources does not import us)
        sources_selectors.register_enterprise_block(blocks.enterprise_blocks)
        access.register()  # the staff roles' EIA permissions (back office)
