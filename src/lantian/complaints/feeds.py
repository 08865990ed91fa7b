"""RSS 2.0 and Atom feeds of the published replies (question and answer, masked)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lantian.complaints import selectors
from lantian.complaints.models import Complaint
from lantian.complaints.views import public_text
from lantian.core import bureau

LATEST = 50
LOCAL = ZoneInfo("Asia/Shanghai")
TITLE_LENGTH = 40


class RepliesRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest) -> str:
        return bureau.contact(request).display_name

    def title(self, obj: str) -> str:
        return _("%(bureau)s: replies to the public") % {"bureau": obj}

    def description(self, obj: str) -> str:
        return _(
            "Questions, complaints and letters to the director the bureau has answered, "
            "published with the writers' agreement and without their personal data."
        )

    def subtitle(self, obj: str) -> str:  # Atom's name for the description
        return self.description(obj)

    def link(self, obj: str) -> str:
        return reverse("complaints:replies")

    def feed_url(self, obj: str) -> str:
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        return reverse(f"complaints:replies_{kind}")

    def items(self, obj: str) -> list[Complaint]:
        return list(selectors.public_replies()[:LATEST])

    def item_title(self, item: Complaint) -> str:
        summary = Truncator(public_text(item, item.public_summary)).chars(TITLE_LENGTH)
        return f"[{item.category.display_name}] {summary}"

    def item_description(self, item: Complaint) -> str:
        return _("Question: %(question)s\nReply: %(reply)s") % {
            "question": public_text(item, item.public_summary),
            "reply": public_text(item, item.public_reply),
        }

    def item_link(self, item: Complaint) -> str:
        return reverse("complaints:reply", args=[item.pk])

    item_guid_is_permalink = True

    def item_pubdate(self, item: Complaint) -> datetime:
        """The day of the reply, at the start of that day in China."""
        return datetime.combine(item.replied_on or item.received_on, time.min, tzinfo=LOCAL)

    def item_categories(self, item: Complaint) -> list[str]:
        return [item.category.display_name]


class RepliesAtom(RepliesRss):
    feed_type = Atom1Feed
