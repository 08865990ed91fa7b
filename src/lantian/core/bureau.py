"""Who the bureau is — name, address, phone, fax, e-mail, office hours — for the letters,
reports and pages of every app.

The values are edited by administrators in the portal's site settings, but the domain
apps sit below the portal and must not import it: the portal registers a provider here
from its ``AppConfig.ready`` (:func:`provide`), and every app asks :func:`contact`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from lantian.core.i18n import localized


@dataclass(frozen=True)
class Contact:
    name: str
    name_en: str = ""
    address: str = ""
    address_en: str = ""
    postcode: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    office_hours: str = ""
    office_hours_en: str = ""
    logo_url: str = ""  # the bureau's own logo, when the administrators chose one

    @property
    def display_name(self) -> str:
        """The name in the active language (Chinese when no English name is set)."""
        return localized(self.name, self.name_en)

    @property
    def display_address(self) -> str:
        return localized(self.address, self.address_en)

    @property
    def display_office_hours(self) -> str:
        return localized(self.office_hours, self.office_hours_en)


# request (or None for the default site) -> Contact
Provider = Callable[[Any], Contact]
_provider: list[Provider] = []


def provide(provider: Provider) -> Provider:
    """Register where the bureau's contact comes from (the portal's site settings)."""
    _provider[:] = [provider]
    return provider


def contact(request: Any = None) -> Contact:
    """The bureau's contact for the site of ``request`` (the default site without one);
    the site's name alone before any provider is registered."""
    if _provider:
        return _provider[0](request)
    return Contact(name=settings.WAGTAIL_SITE_NAME)
