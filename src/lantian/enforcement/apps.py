from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "lantian.enforcement"
    label = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self) -> None:
        from lantian.enforcement.admin import access

        access.register()  # the staff roles' enforcement permissions (back office)

        from lantian.enforcement import blocks
        from lantian.sources import selectors as sources_selectors

        # the enterprise page shows the enforcement record (sources does not import us)
        sources_selectors.register_enterprise_block(blocks.enterprise_blocks)
        # … and an enterprise account's home page its reports to submit
        sources_selectors.register_account_block(blocks.account_blocks)
