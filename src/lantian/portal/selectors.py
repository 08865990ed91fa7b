"""Reads of the public portal."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, Site


def search_pages(query: str) -> Any:
    """Live, public pages matching ``query``; short (1–2 character) Chinese queries fall
    back to a substring match because the index works on words."""
    pages = Page.objects.live().public().specific()
    if len(query) <= 2:
        return pages.filter(title__icontains=query).order_by("path")
    return pages.search(query)


def top_sections(site: Site | None) -> list[Page]:
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().specific())
