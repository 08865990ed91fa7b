"""Back-office template helpers of the disclosure app."""

from __future__ import annotations

from django import template

from lantian.disclosure import channels

register = template.Library()


@register.filter
def channel_label(code: str) -> str:
    """A publication channel by its name (网站, 微信公众号 …), not its code."""
    return channels.channel_label(code)
