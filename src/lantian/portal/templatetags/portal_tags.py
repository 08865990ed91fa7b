from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Site

from lantian.portal import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def top_sections(context: dict[str, Any]) -> list[Any]:
    request = context.get("request")
    return selectors.top_sections(Site.find_for_request(request) if request else None)


@register.filter
def display_title(page: Any) -> str:
    return getattr(page, "display_title", None) or page.title
