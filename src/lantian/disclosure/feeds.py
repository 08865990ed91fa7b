"""RSS 2.0 and Atom feeds of the latest live disclosure items, for all of them and per
catalogue category (sub-categories included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from lantian.disclosure import selectors
from lantian.disclosure.models import Category, DisclosureItem
from lantian.disclosure.views import (
    bureau_name,
    category_path,
    plain_summary,
    public_items,
)

LATEST = 50
LOCAL = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Source:
    """What one request's feed is about (a feed instance is shared between requests)."""

    bureau: str
    category: Category | None = None


class LatestItemsRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, code: str | None = None) -> Source:
        category = None
        if code is not None:
            category = get_object_or_404(Category, code=code, is_active=True)
        return Source(bureau_name(request), category)

    def title(self, obj: Source) -> str:
        if obj.category is not None:
            return _("%(bureau)s: %(category)s") % {
                "bureau": obj.bureau,
                "category": category_path(obj.category),
            }
        return _("%(bureau)s: government information disclosure") % {"bureau": obj.bureau}

    def description(self, obj: Source) -> str:
        return _("The latest government information published by %(bureau)s.") % {
            "bureau": obj.bureau
        }

    def subtitle(self, obj: Source) -> str:  # Atom's name for the description
        return self.description(obj)

    def link(self, obj: Source) -> str:
        url = reverse("disclosure:catalogue")
        return f"{url}?category={obj.category.code}" if obj.category else url

    def feed_url(self, obj: Source) -> str:
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        if obj.category is not None:
            return reverse(f"disclosure:category_{kind}", args=[obj.category.code])
        return reverse(f"disclosure:{kind}")

    def items(self, obj: Source) -> list[DisclosureItem]:
        items = public_items().filter(index_no__isnull=False)
        if obj.category is not None:
            items = items.filter(category__in=selectors.category_ids(obj.category))
        return list(items[:LATEST])

    def item_title(self, item: DisclosureItem) -> str:
        return item.display_title

    def item_description(self, item: DisclosureItem) -> str:
        return plain_summary(item)

    def item_link(self, item: DisclosureItem) -> str:
        return reverse("disclosure:item", args=[item.index_no])

    # The item's page is its permanent id: the index number never changes and is in it.
    item_guid_is_permalink = True

    def item_pubdate(self, item: DisclosureItem) -> datetime:
        """The publication date the law counts, at the start of that day in China; the
        moment of publishing when it is known and falls on that day."""
        moment = item.first_published_at
        if moment is not None and moment.astimezone(LOCAL).date() == item.published_on:
            return moment
        return datetime.combine(item.published_on, time.min, tzinfo=LOCAL)

    def item_updateddate(self, item: DisclosureItem) -> datetime:
        published = self.item_pubdate(item)
        changed = item.last_published_at
        return changed if changed is not None and changed > published else published

    def item_categories(self, item: DisclosureItem) -> list[str]:
        return [category_path(item.category)]

    def item_author_name(self, item: DisclosureItem) -> str:
        return item.department.display_name


class LatestItemsAtom(LatestItemsRss):
    feed_type = Atom1Feed
