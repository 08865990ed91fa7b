"""Reads of the public portal."""

from __future__ import annotations

from wagtail.models import Page, Site

from lantian.core.i18n import has_cjk
from lantian.portal.models import BureauSettings


def search_pages(query: str) -> list[Page]:
    """Live, public pages matching ``query``, best first.

    The database index splits text on spaces, which Chinese does not use, so a Chinese
    query also matches titles that contain it; short (1–2 character) queries use only
    that. Segmenting with jieba at indexing time is the search capability's next step.
    """
    pages = Page.objects.live().public()
    by_title = list(pages.filter(title__icontains=query).order_by("path").specific())
    if len(query) <= 2:
        return by_title
    ranked = list(pages.specific().search(query))
    if not has_cjk(query):
        return ranked
    seen = {page.pk for page in ranked}
    return ranked + [page for page in by_title if page.pk not in seen]


def top_sections(site: Site | None) -> list[Page]:
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().specific())


def bureau_settings() -> BureauSettings:
    """The bureau's name, address and phone for letterheads and reports: the default
    site's settings, or the model's defaults (unsaved) when no site exists yet."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return BureauSettings()
    return BureauSettings.for_site(site)
