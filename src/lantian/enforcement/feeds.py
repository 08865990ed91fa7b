"""RSS 2.0 and Atom feeds of the published penalty decisions (individuals masked)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from lantian.core import bureau
from lantian.enforcement import selectors
from lantian.enforcement.models import Penalty
from lantian.enforcement.templatetags.enforcement_tags import penalty_types, yuan

LATEST = 50
LOCAL = ZoneInfo("Asia/Shanghai")


class PenaltiesRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest) -> str:
        return bureau.contact(request).display_name

    def title(self, obj: str) -> str:
        return _("%(bureau)s: administrative penalty decisions") % {"bureau": obj}

    def description(self, obj: str) -> str:
        return _(
            "Administrative penalty decisions as the bureau publishes them; individuals' "
            "names are masked."
        )

    def subtitle(self, obj: str) -> str:
        return self.description(obj)

    def link(self, obj: str) -> str:
        return reverse("enforcement:penalties")

    def feed_url(self, obj: str) -> str:
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        return reverse(f"enforcement:penalties_{kind}")

    def items(self, obj: str) -> list[Penalty]:
        return list(
            selectors.published_penalties().order_by("-published_on", "document_number")[:LATEST]
        )

    def item_title(self, item: Penalty) -> str:
        return f"{item.document_number} {selectors.public_offender(item)}"

    def item_description(self, item: Penalty) -> str:
        return _("%(types)s; fine %(fine)s yuan; status: %(status)s. %(facts)s") % {
            "types": penalty_types(item.penalty_types),
            "fine": yuan(item.fine),
            "status": item.get_status_display(),
            "facts": selectors.public_text(item, "facts"),
        }

    def item_link(self, item: Penalty) -> str:
        return reverse("enforcement:penalty", args=[item.pk])

    item_guid_is_permalink = True

    def item_pubdate(self, item: Penalty) -> datetime:
        """The day of publication, at the start of that day in China."""
        return datetime.combine(item.published_on or item.decided_on, time.min, tzinfo=LOCAL)


class PenaltiesAtom(PenaltiesRss):
    feed_type = Atom1Feed
