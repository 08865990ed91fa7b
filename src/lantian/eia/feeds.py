"""RSS 2.0 and Atom feeds of the EIA projects' public notices: all of them, or one kind
(acceptance, proposed approval, decision, completion acceptance), newest published
first; each entry links to its project's page. Builders are organisations: no personal
data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from lantian.core import bureau
from lantian.eia import selectors
from lantian.eia.models import Notice

LATEST = 50
LOCAL = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Source:
    bureau: str
    kind: str  # "" for every kind

    @property
    def label(self) -> str:
        return str(Notice.Kind(self.kind).label) if self.kind else _("EIA notices")


class NoticesRss(Feed):
    """Django takes ``language`` as a plain attribute (not a method); left unset it is
    the request's language."""

    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, kind: str = "") -> Source:
        if kind and kind not in Notice.Kind.values:
            raise Http404
        return Source(bureau.contact(request).display_name, kind)

    def title(self, obj: Source) -> str:
        return _("%(bureau)s: %(notices)s") % {"bureau": obj.bureau, "notices": obj.label}

    def description(self, obj: Source) -> str:
        return _(
            "Public notices of construction projects' environmental impact assessments, "
            "newest first: %(notices)s."
        ) % {"notices": obj.label}

    def subtitle(self, obj: Source) -> str:
        return self.description(obj)

    def link(self, obj: Source) -> str:
        return reverse("eia:projects")

    def feed_url(self, obj: Source) -> str:
        fmt = "atom" if self.feed_type is Atom1Feed else "rss"
        if obj.kind:
            return reverse(f"eia:notices_kind_{fmt}", args=[obj.kind])
        return reverse(f"eia:notices_{fmt}")

    def items(self, obj: Source) -> list[Notice]:
        return list(selectors.public_notices(obj.kind)[:LATEST])

    def item_title(self, item: Notice) -> str:
        return f"{item.get_kind_display()}: {item.project.name}"

    def item_description(self, item: Notice) -> str:
        return _(
            "%(project)s, built by %(builder)s at %(address)s. %(notice)s from %(start)s "
            "to %(end)s."
        ) % {
            "project": item.project.name,
            "builder": item.project.builder_name,
            "address": item.project.address,
            "notice": item.get_kind_display(),
            "start": item.starts_on.isoformat(),
            "end": item.ends_on.isoformat(),
        }

    def item_link(self, item: Notice) -> str:
        """The project's page at this notice's row (one project has one notice per kind)."""
        return reverse("eia:project", args=[item.project_id]) + f"#notice-{item.kind}"

    item_guid_is_permalink = True

    def item_pubdate(self, item: Notice) -> datetime:
        """The day of publication, at the start of that day in China."""
        return datetime.combine(item.published_on or item.starts_on, time.min, tzinfo=LOCAL)

    def item_updateddate(self, item: Notice) -> datetime:
        return item.updated_at


class NoticesAtom(NoticesRss):
    feed_type = Atom1Feed
