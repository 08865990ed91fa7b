"""Reads of the public portal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from lantian.core import search as core_search
from lantian.core import text
from lantian.disclosure import selectors as disclosure_selectors
from lantian.portal.models import BureauSettings

MAX_PAGES = 50


def search_pages(query: str) -> list[Page]:
    """Live, public pages matching ``query`` (jieba-segmented, synonyms expanded, every
    word required), best first; pages whose title contains the query as typed when the
    index finds none (a single character)."""
    pages = Page.objects.live().public()
    terms = text.query_terms(query)
    found = list(core_search.search(pages, terms)[0:MAX_PAGES]) if terms else []
    if not found:
        found = list(pages.filter(title__icontains=query).order_by("path")[:MAX_PAGES])
    # one query per page type rather than one per page, in the ranked order
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in found]).specific()
    }
    return [specific[page.pk] for page in found if page.pk in specific]


@dataclass
class Hit:
    """One search result, a page or a disclosure item, ready for the results list."""

    type: str  # "page" or a disclosure item's kind
    label: str
    title_html: SafeString
    snippet: SafeString
    url: str
    day: date | None = None


class SiteResults(Sequence[Hit]):
    """Pages first (few, navigational), then disclosure items by relevance; lazy over the
    items, so a paginator fetches one page of them."""

    def __init__(self, pages: list[Hit], items: Sequence[Any]) -> None:
        self.pages = pages
        self.items = items

    def __len__(self) -> int:
        return len(self.pages) + len(self.items)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        hits = self.pages[start:stop]
        first, last = max(0, start - len(self.pages)), max(0, stop - len(self.pages))
        if last > first:
            hits += [_item_hit(item) for item in self.items[first:last]]
        return hits


def _item_hit(item: Any) -> Hit:
    return Hit(
        type=item.kind,
        label=str(item.get_kind_display()),
        title_html=item.title_html,
        snippet=item.snippet,
        url=disclosure_selectors.item_path(item.index_no),
        day=item.published_on,
    )


def site_search(
    query: str, *, type: str = "", category: str | None = None, year: int | None = None
) -> SiteResults:
    """Pages and published disclosure items for the portal's search page. ``type`` is
    "page", a disclosure kind, or "" for both; a category or year limits to items."""
    query = " ".join(query.split())[:100]
    if not query:
        return SiteResults([], [])
    pages: list[Hit] = []
    if type in ("", "page") and category is None and year is None:
        terms = text.query_terms(query) or [{query}]
        for page in search_pages(query):
            body = strip_tags(getattr(page, "display_body", "") or "")
            intro = getattr(page, "display_intro", "") or ""
            pages.append(
                Hit(
                    type="page",
                    label=_("Page"),
                    title_html=mark_safe(text.highlight(page.title, terms, 255)),
                    snippet=mark_safe(text.highlight(f"{intro} {body}", terms)),
                    url=page.url or "",
                    day=page.last_published_at.date() if page.last_published_at else None,
                )
            )
    items: Sequence[Any] = []
    if type != "page":
        items = disclosure_selectors.search(query, category=category, year=year, kind=type or None)
    return SiteResults(pages, items)


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
