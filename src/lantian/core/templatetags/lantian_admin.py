"""The back office's shell: the bureau's name and logo where Wagtail would show its own."""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static

from lantian.core import bureau

register = template.Library()


@register.simple_tag(takes_context=True)
def bureau_name(context: dict[str, Any]) -> str:
    """The bureau's name in the active language, from the site settings of the request."""
    return bureau.contact(context.get("request")).display_name


# Lantian's own icon, while the bureau has chosen no logo of its own.
DEFAULT_LOGO = "lantian/icons/icon.svg"


@register.simple_tag(takes_context=True)
def bureau_logo_url(context: dict[str, Any]) -> str:
    """The bureau's logo from the site settings of the request, else Lantian's icon."""
    return bureau.contact(context.get("request")).logo_url or static(DEFAULT_LOGO)
