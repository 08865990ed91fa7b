"""The back office's shell: the bureau's name where Wagtail would name itself."""

from __future__ import annotations

from typing import Any

from django import template

from lantian.core import bureau

register = template.Library()


@register.simple_tag(takes_context=True)
def bureau_name(context: dict[str, Any]) -> str:
    """The bureau's name in the active language, from the site settings of the request."""
    return bureau.contact(context.get("request")).display_name
