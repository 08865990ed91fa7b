"""Publication channels and their outbox.

A published disclosure item goes out on every enabled channel that takes its kind: the
website (always; publishing *is* the item being live), the bureau's WeChat official
account and its Weibo account (through their HTTP APIs, only when configured). Each
channel's delivery is one :class:`~lantian.disclosure.models.Publication` row — the
outbox — that the ``deliver_publications`` job works off with retries and exponential
backoff, so a channel that is down never blocks publishing on the website.

Decisions (docs/decisions would repeat them):

- Wagtail's ``published`` signal queues a row per channel; ``unpublished`` queues the
  withdrawal. Wagtail also sends ``published`` when a revision is only *scheduled*; an
  item that is not live is ignored until ``publish_scheduled`` makes it live.
- Re-publishing an item already sent does not post it again: a changed item is
  corrected on the website, which the social posts link to; a second post for every
  correction would flood followers. An item withdrawn (or given up on) and published
  again is queued afresh.
- The desired action of a pending row comes from the item: live → publish, not live →
  withdraw (a row needs no extra state for it). A channel that cannot take a post back
  (Weibo's share API has no delete) marks its row withdrawn with a note to remove the
  post by hand.
- A row is claimed by one UPDATE that matches its state and attempt count and moves
  its next attempt past a lease, so two workers never both post it, and a worker that
  dies mid-call leaves the row due again once the lease runs out.
- No outbox write raises into the caller: failures are recorded on the row.

This module is the channels and the delivery of due rows (the job in ``tasks.py`` calls
:func:`deliver_due`); the writes that put rows in the outbox, the signal receivers and
staff's audited "retry now" are in :mod:`lantian.disclosure.outbox`, which enqueues the
job. Dependencies run one way: outbox → tasks → channels.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lantian.disclosure.models import DisclosureItem, Publication

logger = logging.getLogger(__name__)

State = Publication.State
LEASE = timedelta(minutes=10)  # a claimed row is due again after this if its worker died
DEFAULT_SOCIAL_KINDS = ("news", "press", "interpretation", "policy", "notice")


class ChannelError(Exception):
    """A channel refused or could not be reached; the message says why."""


def _config(code: str) -> dict[str, Any]:
    return dict(getattr(settings, "DISCLOSURE_CHANNELS", {}).get(code) or {})


def item_path(item: DisclosureItem) -> str:
    """The item's public address on this site (path only)."""
    getter = getattr(item, "get_absolute_url", None)
    if callable(getter):
        return getter()
    if item.index_no:
        try:
            return reverse("disclosure:item", kwargs={"index_no": item.index_no})
        except NoReverseMatch:
            pass
    return f"/disclosure/items/{item.index_no or item.pk}/"


def item_url(item: DisclosureItem) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + item_path(item)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


# --- channels -------------------------------------------------------------------------


class Channel:
    """A place items are published to. Subclasses set ``code`` and ``label``."""

    code: ClassVar[str]
    label: ClassVar[Any]
    supports_withdraw: ClassVar[bool] = False
    delivered_at_once: ClassVar[bool] = False  # no outbox trip: sent when queued

    def enabled(self) -> bool:
        raise NotImplementedError

    def accepts(self, item: DisclosureItem) -> bool:
        return True

    def publish(self, item: DisclosureItem) -> str:
        """Post the item; return the channel's id for it. Raise :class:`ChannelError`."""
        raise NotImplementedError

    def withdraw(self, item: DisclosureItem, external_id: str) -> None:
        """Take the post back. Raise :class:`ChannelError`."""
        raise ChannelError(str(_("This channel cannot take a post back.")))


class WebsiteChannel(Channel):
    code = "website"
    label = _("Website")
    supports_withdraw = True
    delivered_at_once = True

    def enabled(self) -> bool:
        return True

    def publish(self, item: DisclosureItem) -> str:
        return item_path(item)

    def withdraw(self, item: DisclosureItem, external_id: str) -> None:
        """Unpublishing already took the item off the site."""


class HttpChannel(Channel):
    """A channel behind a JSON HTTP API, reached with the standard library only."""

    default_base: ClassVar[str]

    @property
    def config(self) -> dict[str, Any]:
        return _config(self.code)

    @property
    def base(self) -> str:
        return (self.config.get("api_base") or self.default_base).rstrip("/")

    def accepts(self, item: DisclosureItem) -> bool:
        kinds = getattr(settings, "DISCLOSURE_SOCIAL_KINDS", DEFAULT_SOCIAL_KINDS)
        return item.kind in kinds

    def request(
        self,
        path: str,
        *,
        query: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
        form: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST (or GET without a body) ``path`` and return the decoded JSON object.

        Error messages name the path, never the query: it carries the access token.
        """
        url = f"{self.base}/{path.lstrip('/')}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"Accept": "application/json", "User-Agent": "Lantian"}
        data = None
        if json_body is not None:
            # WeChat wants UTF-8 text, not \\u escapes, in titles and content.
            data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        req = urllib.request.Request(url, data=data, headers=headers)
        timeout = float(getattr(settings, "DISCLOSURE_CHANNEL_TIMEOUT", 10))
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise ChannelError(f"{self.code} {path}: HTTP {error.code} {detail}".strip()) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ChannelError(f"{self.code} {path}: {reason}") from None
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ChannelError(f"{self.code} {path}: not a JSON answer") from None
        if not isinstance(payload, dict):
            raise ChannelError(f"{self.code} {path}: unexpected answer")
        return payload


class WeChatChannel(HttpChannel):
    """The bureau's WeChat official account (微信公众号): a draft, then 发布.

    ``cgi-bin/stable_token`` gives the access token (cached until five minutes before it
    expires); ``cgi-bin/draft/add`` stores the article and ``cgi-bin/freepublish/submit``
    publishes it, returning a ``publish_id`` that is kept as the external id. To
    withdraw, ``cgi-bin/freepublish/get`` finds the article id and
    ``cgi-bin/freepublish/delete`` removes it.
    """

    code = "wechat"
    label = _("WeChat official account")
    supports_withdraw = True
    default_base = "https://api.weixin.qq.com"
    TOKEN_ERRORS = frozenset({40001, 40014, 42001})  # invalid or expired access token

    def enabled(self) -> bool:
        return bool(self.config.get("app_id") and self.config.get("app_secret"))

    @property
    def _token_key(self) -> str:
        return f"disclosure:wechat-token:{self.config.get('app_id')}:{self.base}"

    def access_token(self) -> str:
        token = cache.get(self._token_key)
        if token:
            return token
        answer = self.call(
            "cgi-bin/stable_token",
            {
                "grant_type": "client_credential",
                "appid": self.config["app_id"],
                "secret": self.config["app_secret"],
                "force_refresh": False,
            },
            authorised=False,
        )
        token = answer.get("access_token")
        if not token:
            raise ChannelError("wechat cgi-bin/stable_token: no access_token in the answer")
        lifetime = int(answer.get("expires_in") or 7200)
        cache.set(self._token_key, token, max(lifetime - 300, 60))
        return token

    def call(self, path: str, body: dict[str, Any], *, authorised: bool = True) -> dict[str, Any]:
        query = {"access_token": self.access_token()} if authorised else None
        answer = self.request(path, query=query, json_body=body)
        code = answer.get("errcode", 0)
        if code:
            if code in self.TOKEN_ERRORS:
                cache.delete(self._token_key)  # the next attempt fetches a new one
            raise ChannelError(f"wechat {path}: errcode {code} {answer.get('errmsg', '')}".strip())
        return answer

    def article(self, item: DisclosureItem) -> dict[str, Any]:
        url = item_url(item)
        body = item.body or f"<p>{item.summary}</p>"
        content = f'{body}<p>原文：<a href="{url}">{url}</a></p>'
        article: dict[str, Any] = {
            "article_type": "news",
            "title": _clip(item.title, 32),
            "author": _clip(item.department.name, 16),
            "digest": _clip(item.summary or strip_tags(item.body), 120),
            "content": content[:19_000],
            "content_source_url": url,
            "need_open_comment": 0,
            "only_fans_can_comment": 0,
        }
        if self.config.get("thumb_media_id"):
            article["thumb_media_id"] = self.config["thumb_media_id"]
        return article

    def publish(self, item: DisclosureItem) -> str:
        draft = self.call("cgi-bin/draft/add", {"articles": [self.article(item)]})
        media_id = draft.get("media_id")
        if not media_id:
            raise ChannelError("wechat cgi-bin/draft/add: no media_id in the answer")
        submitted = self.call("cgi-bin/freepublish/submit", {"media_id": media_id})
        publish_id = submitted.get("publish_id")
        if not publish_id:
            raise ChannelError("wechat cgi-bin/freepublish/submit: no publish_id in the answer")
        return str(publish_id)

    def withdraw(self, item: DisclosureItem, external_id: str) -> None:
        status = self.call("cgi-bin/freepublish/get", {"publish_id": external_id})
        state = status.get("publish_status")
        if state == 1:
            raise ChannelError("wechat: the article is still being published")
        if state != 0:
            return  # the publication failed or was deleted: nothing to take back
        article_id = status.get("article_id")
        if not article_id:
            raise ChannelError("wechat cgi-bin/freepublish/get: no article_id in the answer")
        self.call("cgi-bin/freepublish/delete", {"article_id": article_id, "index": 0})


class WeiboChannel(HttpChannel):
    """The bureau's Weibo account: ``2/statuses/share.json`` posts a text of at most 140
    characters with a link to the item (the link's domain must be the app's 安全域名).
    The share API has no delete: a withdrawn item's post is removed by hand."""

    code = "weibo"
    label = _("Weibo")
    default_base = "https://api.weibo.com"
    LIMIT = 140

    def enabled(self) -> bool:
        return bool(self.config.get("access_token"))

    def status_text(self, item: DisclosureItem) -> str:
        url = item_url(item)
        room = self.LIMIT - len(url) - 1
        text = f"【{item.title}】{item.summary}"
        return f"{_clip(text, room)} {url}"

    def publish(self, item: DisclosureItem) -> str:
        form = {"access_token": self.config["access_token"], "status": self.status_text(item)}
        if self.config.get("rip"):
            form["rip"] = self.config["rip"]
        answer = self.request("2/statuses/share.json", form=form)
        if answer.get("error_code") or answer.get("error"):
            raise ChannelError(
                f"weibo 2/statuses/share.json: {answer.get('error_code', '')} "
                f"{answer.get('error', '')}".strip()
            )
        post_id = answer.get("idstr") or answer.get("id")
        if not post_id:
            raise ChannelError("weibo 2/statuses/share.json: no id in the answer")
        return str(post_id)


CHANNELS: tuple[Channel, ...] = (WebsiteChannel(), WeChatChannel(), WeiboChannel())


def all_channels() -> tuple[Channel, ...]:
    return CHANNELS


def get_channel(code: str) -> Channel | None:
    return next((channel for channel in CHANNELS if channel.code == code), None)


def channel_label(code: str) -> str:
    channel = get_channel(code)
    return str(channel.label) if channel else code


# --- delivery -------------------------------------------------------------------------


def max_attempts() -> int:
    return int(getattr(settings, "DISCLOSURE_CHANNEL_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failed attempt."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def due(now: datetime | None = None) -> Any:
    now = now or timezone.now()
    return Publication.objects.filter(
        state__in=(State.PENDING, State.FAILED), next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")


def claim(row: Publication, now: datetime | None = None) -> bool:
    """Take ``row`` for one attempt; False when another worker took it first.

    One UPDATE matching the state and attempt count the caller read: only one of two
    workers that read the same row can match it. The attempt is counted and the row's
    next attempt moved past a lease at the same time.
    """
    now = now or timezone.now()
    taken = Publication.objects.filter(
        pk=row.pk, state=row.state, attempts=row.attempts, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    if taken:
        row.attempts += 1
        row.next_attempt_at = now + LEASE
    return bool(taken)


def attempt(row: Publication, now: datetime | None = None) -> str:
    """One delivery attempt of a claimed row; records the outcome and never raises."""
    now = now or timezone.now()
    claimed = Publication.objects.filter(pk=row.pk, attempts=row.attempts, state=row.state)
    channel = get_channel(row.channel)
    item = row.item
    try:
        if channel is None:
            raise ChannelError(f"unknown channel {row.channel!r}")
        if not channel.enabled():
            raise ChannelError(f"{row.channel}: the channel is not configured")
        if item.live:
            external_id = channel.publish(item)
            fields = {"state": State.SENT, "external_id": external_id, "sent_at": now}
        else:
            if row.external_id:
                channel.withdraw(item, row.external_id)
            fields = {"state": State.WITHDRAWN}
        fields.update(last_error="", next_attempt_at=None)
        if not claimed.update(**fields) and item.live:
            _keep_orphan(row, fields.get("external_id", ""), now)
        return str(fields["state"])
    except Exception as error:  # every failure is recorded on the row
        if not isinstance(error, ChannelError):
            logger.exception("publication %s on %s failed", row.pk, row.channel)
        message = str(error) or error.__class__.__name__
        if row.attempts >= max_attempts():
            fields = {"state": State.GAVE_UP, "next_attempt_at": None}
        else:
            fields = {"state": State.FAILED, "next_attempt_at": now + backoff(row.attempts)}
        claimed.update(last_error=message[:2000], **fields)
        return str(fields["state"])


def _keep_orphan(row: Publication, external_id: str, now: datetime) -> None:
    """The row changed while its post went out (the item was withdrawn meanwhile): keep
    the post's id and queue its withdrawal, so no post is left unknown on the channel."""
    Publication.objects.filter(pk=row.pk).update(
        external_id=external_id,
        state=State.PENDING,
        attempts=0,
        next_attempt_at=now,
        sent_at=now,
    )


def deliver_due(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Work off due rows; returns how many ended in each state (and ``skipped``)."""
    counts: dict[str, int] = {}
    for row in due(now).select_related("item", "item__department")[:limit]:
        if not claim(row, now):
            counts["skipped"] = counts.get("skipped", 0) + 1
            continue
        outcome = attempt(row, now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def states_of(items: Iterable[DisclosureItem]) -> dict[int, list[Publication]]:
    """Each item's publication rows, for showing the delivery state with the item."""
    found: dict[int, list[Publication]] = {}
    ids = [item.pk for item in items]
    for row in Publication.objects.filter(item_id__in=ids).order_by("channel"):
        found.setdefault(row.item_id, []).append(row)
    return found


def failing() -> Any:
    """Rows that need staff: given up, or failed more than once."""
    return Publication.objects.filter(
        Q(state=State.GAVE_UP) | Q(state=State.FAILED, attempts__gt=1)
    )


def register_permissions() -> None:
    """Who sees the outbox (everyone who publishes) and who may retry (reviewers and
    administrators); called from the app's ``ready``."""
    from lantian.core.roles import Role
    from lantian.core.roles import register_permissions as register

    for role in (Role.EDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR):
        register(role, ["disclosure.view_publication"])
    for role in (Role.REVIEWER, Role.ADMINISTRATOR):
        register(role, ["disclosure.change_publication"])
