"""Publication channels: the website, WeChat and Weibo through their HTTP APIs (against a
local fake server), the outbox with retries and backoff, withdrawal, the back office."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.disclosure import channels, outbox
from lantian.disclosure.models import Category, DisclosureItem, Publication
from lantian.disclosure.tasks import deliver_publications


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the services' English messages (the site defaults to Chinese)."""
    with translation.override("en"):
        yield


State = Publication.State


# --- a fake WeChat / Weibo API ---------------------------------------------------------


@dataclass
class Call:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body.decode("utf-8")))


@dataclass
class FakeApi:
    base: str = ""
    calls: list[Call] = field(default_factory=list)
    # path -> (status, JSON answer) or a function of the call returning one
    routes: dict[str, Any] = field(default_factory=dict)

    def paths(self) -> list[str]:
        return [call.path for call in self.calls]

    def to(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]


@pytest.fixture
def fake_api() -> Iterator[FakeApi]:
    api = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            call = Call(
                path=parsed.path,
                query=dict(urllib.parse.parse_qsl(parsed.query)),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length),
            )
            api.calls.append(call)
            route = api.routes.get(parsed.path, (404, {"errcode": 404, "errmsg": "no route"}))
            status, payload = route(call) if callable(route) else route
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.base = f"http://127.0.0.1:{server.server_address[1]}"
    cache.clear()  # no WeChat token from another test
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        cache.clear()


def wechat_routes(api: FakeApi) -> None:
    counter = iter(range(1, 1000))
    api.routes.update(
        {
            "/cgi-bin/stable_token": (200, {"access_token": "TOKEN-1", "expires_in": 7200}),
            "/cgi-bin/draft/add": lambda call: (200, {"media_id": f"MEDIA-{next(counter)}"}),
            "/cgi-bin/freepublish/submit": lambda call: (
                200,
                {"errcode": 0, "errmsg": "ok", "publish_id": "PUB-" + call.json()["media_id"]},
            ),
            "/cgi-bin/freepublish/get": lambda call: (
                200,
                {
                    "publish_id": call.json()["publish_id"],
                    "publish_status": 0,
                    "article_id": "ART-" + call.json()["publish_id"],
                },
            ),
            "/cgi-bin/freepublish/delete": (200, {"errcode": 0, "errmsg": "ok"}),
        }
    )


def weibo_routes(api: FakeApi) -> None:
    api.routes["/2/statuses/share.json"] = (
        200,
        {"id": 5012345678901234, "idstr": "5012345678901234", "text": "…"},
    )


def configured(api: FakeApi, *, wechat: bool = True, weibo: bool = True, **extra: Any):
    config: dict[str, dict[str, str]] = {"wechat": {}, "weibo": {}}
    if wechat:
        wechat_routes(api)
        config["wechat"] = {
            "app_id": "wx1234567890",
            "app_secret": "s3cret",
            "thumb_media_id": "THUMB-1",
            "api_base": api.base,
        }
    if weibo:
        weibo_routes(api)
        config["weibo"] = {"access_token": "2.00weibo", "rip": "203.0.113.8", "api_base": api.base}
    return override_settings(DISCLOSURE_CHANNELS=config, **extra)


# --- items -----------------------------------------------------------------------------


@pytest.fixture
def make_item(demo: Any) -> Callable[..., DisclosureItem]:
    category, _ = Category.objects.get_or_create(
        code="T-NEWS", defaults={"name": "工作动态（测试）"}
    )
    department = Department.objects.get(code="enforcement")
    numbers = iter(range(1, 1000))

    def make(kind: str = DisclosureItem.Kind.NEWS, publish: bool = True, **fields: Any):
        n = next(numbers)
        item = DisclosureItem.objects.create(
            kind=kind,
            title=fields.pop("title", f"市生态环境执法支队开展夏季臭氧污染防治专项检查（{n}）"),
            summary=fields.pop("summary", "执法支队检查涉VOCs企业42家，发现问题11个，已责令整改。"),
            body=fields.pop("body", "<p>6月以来，执法支队对全市涉VOCs排放企业开展专项检查。</p>"),
            category=category,
            department=department,
            formed_on=date(2026, 6, 10),
            index_no=f"MB1C00001/2026-9{n:04d}",
            live=False,
            **fields,
        )
        if publish:
            item.save_revision().publish()
            item.refresh_from_db()
        return item

    return make


def rows(item: DisclosureItem) -> dict[str, Publication]:
    return {row.channel: row for row in Publication.objects.filter(item=item)}


# --- channels off by default ----------------------------------------------------------


def test_only_the_website_by_default(make_item: Callable[..., DisclosureItem]) -> None:
    item = make_item()
    found = rows(item)
    assert list(found) == ["website"]
    website = found["website"]
    assert website.state == State.SENT and website.sent_at is not None
    assert website.external_id == "/disclosure/items/MB1C00001/2026-90001/"
    assert channels.deliver_due() == {}


def test_a_scheduled_item_is_queued_when_it_goes_live(
    make_item: Callable[..., DisclosureItem],
) -> None:
    item = make_item(publish=False, go_live_at=timezone.now() + timedelta(days=2))
    item.save_revision().publish()
    assert not Publication.objects.filter(item=item).exists()  # only scheduled

    # Two days pass: the go-live time is now behind us.
    revision = item.get_latest_revision()
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")  # what the scheduler runs every 5 minutes
    assert rows(item)["website"].state == State.SENT


# --- WeChat and Weibo ----------------------------------------------------------------


def test_wechat_gets_token_draft_and_publish(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, weibo=False):
        long_title = "示范市生态环境局关于开展2026年夏季臭氧污染防治百日攻坚专项执法检查的通报"
        first = make_item(title=long_title)
        second = make_item()
        assert rows(first)["wechat"].state == State.PENDING
        assert deliver_publications.call() == {"sent": 2}

    assert fake_api.paths() == [
        "/cgi-bin/stable_token",
        "/cgi-bin/draft/add",
        "/cgi-bin/freepublish/submit",
        "/cgi-bin/draft/add",  # the token is cached: one token call for both
        "/cgi-bin/freepublish/submit",
    ]
    token = fake_api.to("/cgi-bin/stable_token")[0]
    assert token.json() == {
        "grant_type": "client_credential",
        "appid": "wx1234567890",
        "secret": "s3cret",
        "force_refresh": False,
    }
    draft = fake_api.to("/cgi-bin/draft/add")[0]
    assert draft.query == {"access_token": "TOKEN-1"}
    assert draft.headers["content-type"].startswith("application/json")
    assert "示范市生态环境局".encode() in draft.body  # UTF-8, not \u escapes
    article = draft.json()["articles"][0]
    assert article["title"] == first.title[:31] + "…"  # WeChat titles: at most 32
    assert len(article["title"]) == 32
    assert article["author"] == "生态环境执法支队"
    assert article["thumb_media_id"] == "THUMB-1"
    assert article["content_source_url"].endswith("/disclosure/items/MB1C00001/2026-90001/")
    assert "执法支队对全市涉VOCs排放企业" in article["content"]
    submit = fake_api.to("/cgi-bin/freepublish/submit")[0]
    assert submit.json() == {"media_id": "MEDIA-1"}

    sent = rows(first)["wechat"]
    assert (sent.state, sent.external_id, sent.attempts) == (State.SENT, "PUB-MEDIA-1", 1)
    assert sent.sent_at is not None and sent.last_error == ""
    assert rows(second)["wechat"].external_id == "PUB-MEDIA-2"


def test_weibo_shares_a_short_text_with_the_link(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, wechat=False):
        item = make_item(summary="执法支队检查涉VOCs企业42家。" * 20)
        channels.deliver_due()

    (share,) = fake_api.to("/2/statuses/share.json")
    form = share.form()
    assert form["access_token"] == "2.00weibo" and form["rip"] == "203.0.113.8"
    status = form["status"]
    assert len(status) <= 140
    assert status.startswith(f"【{item.title}】")
    assert status.endswith("/disclosure/items/MB1C00001/2026-90001/")
    assert rows(item)["weibo"].external_id == "5012345678901234"


def test_only_the_kinds_for_social_media_go_there(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api):
        decision = make_item(kind=DisclosureItem.Kind.DOCUMENT, title="行政处罚决定书")
        news = make_item()
    assert list(rows(decision)) == ["website"]
    assert sorted(rows(news)) == ["website", "wechat", "weibo"]


# --- failures, retries, backoff --------------------------------------------------------


def test_failures_back_off_then_give_up(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, weibo=False, DISCLOSURE_CHANNEL_MAX_ATTEMPTS=4):
        quota = {"errcode": 45009, "errmsg": "reach max api daily quota limit"}
        fake_api.routes["/cgi-bin/draft/add"] = (200, quota)
        item = make_item()
        now = timezone.now()
        waits = []
        for _ in range(4):
            assert channels.deliver_due(now=now + timedelta(seconds=1)) == {
                "failed" if len(waits) < 3 else "gave_up": 1
            }
            row = rows(item)["wechat"]
            if row.state == State.FAILED:
                waits.append(row.next_attempt_at - (now + timedelta(seconds=1)))
                assert channels.deliver_due(now=row.next_attempt_at - timedelta(seconds=1)) == {}
                now = row.next_attempt_at
        assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
        row = rows(item)["wechat"]
        assert row.state == State.GAVE_UP and row.attempts == 4 and row.next_attempt_at is None
        assert "errcode 45009" in row.last_error
        assert channels.deliver_due(now=now + timedelta(days=1)) == {}  # given up: left alone
        assert row in channels.failing()


def test_http_errors_and_an_unreachable_server_are_recorded(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, wechat=False):
        fake_api.routes["/2/statuses/share.json"] = (
            500,
            {"error": "system error", "error_code": 10001, "request": "/2/statuses/share.json"},
        )
        item = make_item()
        assert channels.deliver_due() == {"failed": 1}
        row = rows(item)["weibo"]
        assert "HTTP 500" in row.last_error and "access_token" not in row.last_error

    dead = {"weibo": {"access_token": "x", "api_base": "http://127.0.0.1:9"}, "wechat": {}}
    with override_settings(DISCLOSURE_CHANNELS=dead, DISCLOSURE_CHANNEL_TIMEOUT=2):
        assert channels.deliver_due(now=timezone.now() + timedelta(minutes=2)) == {"failed": 1}
    row = rows(item)["weibo"]
    assert row.attempts == 2 and row.last_error.startswith("weibo 2/statuses/share.json:")


def test_an_expired_token_is_fetched_again(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, weibo=False):
        answers = iter([(200, {"errcode": 42001, "errmsg": "access_token expired"})])
        fake_api.routes["/cgi-bin/draft/add"] = lambda call: next(answers, (200, {"media_id": "M"}))
        item = make_item()
        assert channels.deliver_due() == {"failed": 1}
        assert channels.deliver_due(now=timezone.now() + timedelta(minutes=1)) == {"sent": 1}
    assert fake_api.paths().count("/cgi-bin/stable_token") == 2
    assert rows(item)["wechat"].state == State.SENT


def test_a_crashing_channel_never_raises_from_the_job(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi, monkeypatch: Any
) -> None:
    with configured(fake_api, wechat=False):
        item = make_item()

        def boom(self: Any, item: Any) -> str:
            raise RuntimeError("unexpected")

        monkeypatch.setattr(channels.WeiboChannel, "publish", boom)
        assert deliver_publications.call() == {"failed": 1}
    assert rows(item)["weibo"].last_error == "unexpected"


# --- idempotence and concurrency ------------------------------------------------------


def test_publishing_again_does_not_post_twice(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api):
        item = make_item()
        channels.deliver_due()
        calls = len(fake_api.calls)
        item.summary = "更正：检查企业43家。"
        item.save_revision().publish()
        assert channels.deliver_due(now=timezone.now() + timedelta(hours=1)) == {}
    assert len(fake_api.calls) == calls
    assert {row.state for row in rows(item).values()} == {State.SENT}


def test_two_workers_never_post_the_same_row(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, wechat=False):
        item = make_item()
        now = timezone.now()
        # Both workers read the same due row before either claims it.
        seen_by_a = list(channels.due(now))
        seen_by_b = list(channels.due(now))
        assert channels.claim(seen_by_a[0], now)
        assert not channels.claim(seen_by_b[0], now)
        channels.attempt(seen_by_a[0], now)
        # A worker that starts later finds nothing due.
        assert channels.deliver_due(now=now) == {}
    assert len(fake_api.to("/2/statuses/share.json")) == 1
    assert rows(item)["weibo"].attempts == 1


def test_a_claimed_row_comes_back_after_its_lease(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, wechat=False):
        item = make_item()
        now = timezone.now()
        assert channels.claim(rows(item)["weibo"], now)  # its worker dies here
        assert channels.deliver_due(now=now + timedelta(minutes=5)) == {}
        assert channels.deliver_due(now=now + channels.LEASE) == {"sent": 1}


# --- withdrawal -----------------------------------------------------------------------


def test_a_withdrawn_item_is_taken_back_from_the_channels(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api):
        item = make_item()
        channels.deliver_due()
        item.unpublish()
        found = rows(item)
        assert found["website"].state == State.WITHDRAWN
        assert found["weibo"].state == State.WITHDRAWN  # the share API cannot delete
        assert "by hand" in found["weibo"].last_error
        assert found["wechat"].state == State.PENDING
        assert channels.deliver_due() == {"withdrawn": 1}

    (status,) = fake_api.to("/cgi-bin/freepublish/get")
    assert status.json() == {"publish_id": "PUB-MEDIA-1"}
    (delete,) = fake_api.to("/cgi-bin/freepublish/delete")
    assert delete.json() == {"article_id": "ART-PUB-MEDIA-1", "index": 0}
    assert rows(item)["wechat"].state == State.WITHDRAWN


def test_withdrawn_before_delivery_posts_nothing_and_republishing_queues_again(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi
) -> None:
    with configured(fake_api, weibo=False):
        item = make_item()
        item.unpublish()
        assert rows(item)["wechat"].state == State.WITHDRAWN
        assert channels.deliver_due() == {}
        assert fake_api.calls == []

        item.save_revision().publish()
        found = rows(item)
        assert found["website"].state == State.SENT
        assert found["wechat"].state == State.PENDING and found["wechat"].attempts == 0
        assert channels.deliver_due() == {"sent": 1}


# --- back office ----------------------------------------------------------------------

LIST_URL = "/admin/disclosure/publications/"


def test_staff_see_each_items_delivery_state(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi, client_as: Any
) -> None:
    with configured(fake_api, weibo=False):
        fake_api.routes["/cgi-bin/draft/add"] = (200, {"errcode": 45009, "errmsg": "quota"})
        item = make_item()
        channels.deliver_due()

    page = client_as(Role.EDITOR).get(LIST_URL, {"item": item.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert item.title in html
    assert "errcode 45009 quota" in html
    assert "/retry/" not in html  # an editor may look, not retry
    assert "/edit/" not in html and "/add/" not in html  # nobody edits the outbox

    filtered = client_as(Role.EDITOR).get(LIST_URL, {"state": "sent", "item": item.pk})
    assert "errcode 45009" not in filtered.content.decode()

    assert client_as(Role.ADMINISTRATOR).get(LIST_URL + "add/").status_code in (403, 404, 302)


def test_retry_now_is_for_staff_with_change_permission_and_audited(
    make_item: Callable[..., DisclosureItem], fake_api: FakeApi, client_as: Any, staff: Any
) -> None:
    with configured(fake_api, weibo=False, DISCLOSURE_CHANNEL_MAX_ATTEMPTS=1):
        fake_api.routes["/cgi-bin/draft/add"] = (200, {"errcode": 45009, "errmsg": "quota"})
        item = make_item()
        channels.deliver_due()
    row = rows(item)["wechat"]
    assert row.state == State.GAVE_UP
    url = f"/admin/disclosure/publications/retry/{row.pk}/"

    denied = client_as(Role.EDITOR).post(url)  # Wagtail turns the 403 into a redirect home
    assert denied.status_code == 302 and denied["Location"] == "/admin/"
    assert client_as(Role.REVIEWER).get(url).status_code == 405
    assert rows(item)["wechat"].state == State.GAVE_UP

    reviewer = client_as(Role.REVIEWER)
    listing = reviewer.get(LIST_URL, {"item": item.pk}).content.decode()
    assert url in listing
    response = reviewer.post(url, {"next": LIST_URL})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PENDING, 0)
    entry = ModelLogEntry.objects.filter(action=outbox.PUBLICATION_RETRIED).get()
    assert entry.user == staff[Role.REVIEWER] and entry.object_id == str(item.pk)
