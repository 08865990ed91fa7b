from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "lantian.disclosure"
    label = "disclosure"
    verbose_name = _("Proactive disclosure")

    def ready(self) -> None:
        # Publication channels; the outbox connects the published/unpublished receivers.
        from lantian.disclosure import channels, outbox  # noqa: F401

        channels.register_permissions()

        # Catalogue and workflow set-up after migrate, publication dates (signals.py);
        # role permissions over items, the catalogue and withdrawals.
        from lantian.disclosure import signals  # noqa: F401
        from lantian.disclosure.permissions import register_role_permissions

        register_role_permissions()
