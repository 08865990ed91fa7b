"""Reads of the public portal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from lantian.air import selectors as air_selectors
from lantian.complaints import selectors as complaints_selectors
from lantian.core import search as core_search
from lantian.core import text
from lantian.core.bureau import Contact
from lantian.core.privacy import mask_house_numbers, mask_text
from lantian.disclosure import lists as disclosure_lists
from lantian.disclosure import selectors as disclosure_selectors
from lantian.portal.site_settings import BureauSettings

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


class NewestFirst(SiteResults):
    """Pages and disclosure items merged newest first (a page before an item of the same
    day; undated pages last); lazy over the items: a slice fetches at most
    ``len(pages)`` items more than it shows."""

    def __init__(self, pages: list[Hit], items: Sequence[Any]) -> None:
        super().__init__(sorted(pages, key=_day, reverse=True), items)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        if stop <= start:
            return []
        # At most len(pages) pages come before position ``start``, so the item there has
        # an index of at least ``first``; the pages before item ``first`` are those of
        # its day or newer, which fixes where item ``first`` stands in the merge.
        first = max(0, start - len(self.pages))
        items = [_item_hit(item) for item in self.items[first:stop]]
        pages = self.pages
        if first and items:
            pages = [p for p in self.pages if _day(p) < _day(items[0])]
        elif first:
            return []  # past the last item, and so past every page too
        position = first + len(self.pages) - len(pages)
        merged: list[Hit] = []
        queue = list(pages)
        for item in items:
            while queue and _day(queue[0]) >= _day(item):
                merged.append(queue.pop(0))
            merged.append(item)
        merged += queue
        return merged[start - position : stop - position]


def _day(hit: Hit) -> date:
    return hit.day or date.min


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
    query: str,
    *,
    type: str = "",
    category: str | None = None,
    year: int | None = None,
    sort: str = disclosure_selectors.BY_RELEVANCE,
) -> SiteResults:
    """Pages and published disclosure items for the portal's search page. ``type`` is
    "page", a disclosure kind, or "" for both; a category or year limits to items.
    ``sort`` is by relevance (pages first, then items best first) or
    ``disclosure_selectors.BY_DATE`` (pages and items together, newest first)."""
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
                    day=timezone.localdate(page.last_published_at)
                    if page.last_published_at
                    else None,
                )
            )
    items: Sequence[Any] = []
    if type != "page":
        items = disclosure_selectors.search(
            query, category=category, year=year, kind=type or None, order=sort
        )
    if sort == disclosure_selectors.BY_DATE:
        return NewestFirst(pages, items)
    return SiteResults(pages, items)


def top_sections(site: Site | None) -> list[Page]:
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().specific())


def bureau_contact(request: Any = None) -> Contact:
    """The site settings as :class:`lantian.core.bureau.Contact` (registered as its
    provider in ``PortalConfig.ready``): the request's site, else the default site."""
    found = BureauSettings.for_request(request) if request is not None else bureau_settings()
    return Contact(
        name=found.bureau_name,
        name_en=found.bureau_name_en,
        address=found.address,
        address_en=found.address_en,
        postcode=found.postcode,
        phone=found.phone,
        fax=found.fax,
        email=found.email,
        office_hours=found.office_hours,
        office_hours_en=found.office_hours_en,
        logo_url=found.logo.get_rendition("max-96x96").url if found.logo_id else "",
    )


def bureau_settings() -> BureauSettings:
    """The bureau's name, address and phone for letterheads and reports: the default
    site's settings, or the model's defaults (unsaved) when no site exists yet."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return BureauSettings()
    return BureauSettings.for_site(site)


# ---- sections and the home page

# The catalogue categories (codes, sub-categories included) that belong to each section:
# the home page shows a section's latest items from them, and a section whose own app
# does not exist yet (LISTING_SECTIONS) lists them on its page with the catalogue's filters.
SECTION_CATEGORIES: dict[str, tuple[str, ...]] = {
    "disclosure": ("01", "02", "03", "04", "10", "11", "12", "13", "17"),  # 17: annual reports
    "environment": ("05",),
    "eia": ("06",),
    "sources": ("07", "08", "09"),
    "interaction": ("16",),
}
LISTING_SECTIONS = frozenset({"eia", "sources"})

HOME_ITEMS = 5
SECTION_ITEMS = 4
FORECAST_DAYS = 3
HOME_CACHE_SECONDS = 600
AIR_STALE_AFTER = timedelta(hours=3)


def section_category_ids(slug: str) -> list[int]:
    """The categories of the section with the slug, sub-categories included; [] for a
    section that shows no catalogue items."""
    codes = SECTION_CATEGORIES.get(slug, ())
    return disclosure_selectors.category_ids(*codes) if codes else []


def section_list(slug: str, request: Any) -> disclosure_lists.ItemList | None:
    """The catalogue's filtered list of the section's categories, for the sections that
    list them (LISTING_SECTIONS); None for the others."""
    if slug not in LISTING_SECTIONS:
        return None
    return disclosure_lists.item_list(
        request, categories=SECTION_CATEGORIES[slug], stem=f"{slug}-catalogue"
    )


@dataclass(frozen=True)
class ItemLink:
    """A live disclosure item as the home page links it (plain values: cached)."""

    title: str
    url: str
    day: date | None
    category: str


@dataclass(frozen=True)
class HomeLists:
    news: list[ItemLink]
    notices: list[ItemLink]
    policies: list[ItemLink]
    sections: dict[str, list[ItemLink]]  # section slug -> its latest items


def _links(items: Iterable[Any]) -> list[ItemLink]:
    return [
        ItemLink(
            title=item.display_title,
            url=disclosure_selectors.item_path(item.index_no),
            day=item.published_on,
            category=item.category.display_name,
        )
        for item in items
    ]


def _disclosure_version() -> str:
    """Changes whenever an item goes live, is republished or is withdrawn (one query)."""
    state = (
        disclosure_selectors.live_items()
        .order_by()
        .aggregate(n=Count("pk"), top=Max("pk"), last=Max("last_published_at"))
    )
    last = state["last"].timestamp() if state["last"] else 0
    return f"{state['n']}.{state['top'] or 0}.{last:.0f}"


def _build_home_lists() -> HomeLists:
    live = disclosure_selectors.live_items().prefetch_related(None)  # no attachments here
    Kind = live.model.Kind

    def latest(items: QuerySet[Any], n: int = HOME_ITEMS) -> list[ItemLink]:
        return _links(items[:n])

    sections = {}
    for slug in SECTION_CATEGORIES:
        ids = section_category_ids(slug)
        sections[slug] = latest(live.filter(category__in=ids), SECTION_ITEMS)
    return HomeLists(
        news=latest(live.filter(kind=Kind.NEWS)),
        notices=latest(live.filter(kind=Kind.NOTICE)),
        policies=latest(live.filter(kind=Kind.POLICY)),
        sections=sections,
    )


def home_lists() -> HomeLists:
    """The latest news, notices, policy documents and each section's latest items: built
    with a few dozen queries, so kept in the cache until an item goes live or leaves, or
    for ten minutes (a renamed category), per language."""
    key = f"portal:home:{get_language()}:{_disclosure_version()}"
    lists = cache.get(key)
    if lists is None:
        lists = _build_home_lists()
        cache.set(key, lists, HOME_CACHE_SECONDS)
    return lists


REPLY_TITLE_LENGTH = 40
REPLIES_CACHE_SECONDS = 300


def latest_replies(n: int = SECTION_ITEMS) -> list[ItemLink]:
    """The latest published replies to the public (政民互动), for the home page and the
    section page: the published question, masked again, as the title. Kept in the cache
    for five minutes per language (the home page's query budget)."""
    key = f"portal:replies:{get_language()}:{n}"
    links = cache.get(key)
    if links is None:
        links = [
            ItemLink(
                title=Truncator(mask_house_numbers(mask_text(reply.public_summary))).chars(
                    REPLY_TITLE_LENGTH
                ),
                url=reverse("complaints:reply", args=[reply.pk]),
                day=reply.replied_on,
                category=reply.category.display_name,
            )
            for reply in complaints_selectors.public_replies()[:n]
        ]
        cache.set(key, links, REPLIES_CACHE_SECONDS)
    return links


@dataclass(frozen=True)
class HomeAir:
    city: Any  # the city's latest hour (air.AreaHour), None before any data
    stale: bool  # older than three hours
    forecast: Any  # the newest forecast with days to come (air.Forecast), or None
    days: list[Any]  # its next FORECAST_DAYS days


def home_air(now: datetime | None = None) -> HomeAir:
    """The city's AQI now and the forecast for the coming days (three cheap queries)."""
    now = now or timezone.now()
    city = air_selectors.latest_city_hour()
    forecast = air_selectors.latest_forecast(today=timezone.localdate(now))
    return HomeAir(
        city=city,
        stale=city is not None and now - city.hour_end > AIR_STALE_AFTER,
        forecast=forecast,
        days=forecast.coming_days[:FORECAST_DAYS] if forecast else [],
    )
