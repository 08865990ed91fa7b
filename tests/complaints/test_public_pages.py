"""The public lists of 政民互动: published replies (filters, pagination, detail, public
photos, feeds), typical cases and hot-topic responses (published only, empty states in
words), and the section page and home page linking to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from lantian.complaints import services, views
from lantian.complaints.models import Complaint, HotTopic, TypicalCase
from lantian.core.roles import Role
from tests.complaints.public import PERSONAL, png

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, tzinfo=CST)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def answered(demo: Any, staff: dict[Role, Any]) -> Any:
    """A case replied to; published when ``summary`` is given."""

    def make(
        *,
        summary: str | None = "园区化工厂夜间排放刺鼻气体，影响居民休息。",
        category: str = "air",
        channel: str = "online",
        received: date = date(2026, 10, 8),
        replied: date = date(2026, 10, 30),
        agrees: bool = True,
    ) -> Complaint:
        admin = staff[Role.ADMINISTRATOR]
        complaint, _code = services.register_complaint(
            actor=None,
            channel=channel,
            category=category,
            title="夜间异味",
            description="园区化工厂夜间排放刺鼻气体。",
            submitted_at=datetime(received.year, received.month, received.day, 9, tzinfo=CST),
            agrees_to_publication=agrees,
            **PERSONAL,
        )
        services.accept(actor=admin, complaint=complaint, on=received)
        services.reply(
            actor=admin, complaint=complaint, text="已责令企业整改并立案处罚。", on=replied
        )
        if summary is not None:
            services.publish_reply(
                actor=admin,
                complaint=complaint,
                summary=summary,
                reply="经现场检查，企业废气处理设施故障，已责令停产整改并立案处罚。",
                on=replied,
            )
        complaint.refresh_from_db()
        return complaint

    return make


# ---------------------------------------------------------------- replies


def test_no_reply_yet_is_said_in_words(client: Client, demo: Any) -> None:
    response = client.get("/interaction/replies/")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert "No reply has been published yet." in response.content.decode()


def test_only_published_replies_are_listed(client: Client, answered: Any) -> None:
    published = answered()
    unpublished = answered(summary=None)
    response = client.get("/interaction/replies/")
    items = response.context["items"]
    assert [i.pk for i in items] == [published.pk]
    item = items[0]
    assert item.category == "Air" and item.channel == "Online complaint"
    assert item.received_on == date(2026, 10, 8) and item.replied_on == date(2026, 10, 30)
    assert item.reply.startswith("经现场检查")
    assert client.get(f"/interaction/replies/{published.pk}/").status_code == 200
    assert client.get(f"/interaction/replies/{unpublished.pk}/").status_code == 404


def test_the_filters_and_pages(client: Client, answered: Any, monkeypatch: Any) -> None:
    air = answered()
    water = answered(category="water", channel="mailbox", replied=date(2026, 11, 2))
    assert [i.pk for i in client.get("/interaction/replies/?category=water").context["items"]] == [
        water.pk
    ]
    assert [i.pk for i in client.get("/interaction/replies/?channel=online").context["items"]] == [
        air.pk
    ]
    assert client.get("/interaction/replies/?year=2025").context["items"] == []
    html = client.get("/interaction/replies/?year=2025").content.decode()
    assert "No published reply matches these filters." in html
    assert len(client.get("/interaction/replies/?year=2026").context["items"]) == 2
    assert client.get("/interaction/replies/?year=abc").status_code == 200  # ignored
    monkeypatch.setattr(views, "PER_PAGE", 1)
    first = client.get("/interaction/replies/")
    second = client.get("/interaction/replies/?page=2")
    assert [i.pk for i in first.context["items"]] == [water.pk]  # newest reply first
    assert [i.pk for i in second.context["items"]] == [air.pk]
    assert 'rel="next"' in first.content.decode()


def test_a_published_text_is_masked_again_on_the_way_out(client: Client, answered: Any) -> None:
    complaint = answered()
    # a number typed into the published text by hand, after publication
    Complaint.objects.filter(pk=complaint.pk).update(
        public_reply="请致电13912345678或来信11010519491231002X。"
    )
    html = client.get(f"/interaction/replies/{complaint.pk}/").content.decode()
    assert "13912345678" not in html and "11010519491231002X" not in html
    assert "139****5678" in html


def test_public_photos_of_a_published_case_only(
    client: Client, answered: Any, staff: dict[Role, Any]
) -> None:
    complaint = answered()
    shown = services.add_photo(
        actor=staff[Role.ADMINISTRATOR],
        complaint=complaint,
        filename="site.png",
        content=png().read(),
    )
    hidden = services.add_photo(
        actor=staff[Role.ADMINISTRATOR],
        complaint=complaint,
        filename="other.png",
        content=png().read(),
    )
    type(shown).objects.filter(pk=shown.pk).update(public=True)
    page = client.get(f"/interaction/replies/{complaint.pk}/")
    assert [p.pk for p in page.context["item"].photos] == [shown.pk]
    url = "/interaction/replies/{}/photos/{}/"
    response = client.get(url.format(complaint.pk, shown.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(url.format(complaint.pk, hidden.pk)).status_code == 404
    Complaint.objects.filter(pk=complaint.pk).update(published=False)
    assert client.get(url.format(complaint.pk, shown.pk)).status_code == 404


def test_the_feeds(client: Client, answered: Any) -> None:
    complaint = answered()
    answered(summary=None)
    for kind in ("rss", "atom"):
        response = client.get(f"/interaction/replies/feed/{kind}.xml")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == 1
        entry = feed.entries[0]
        assert entry.link.endswith(f"/interaction/replies/{complaint.pk}/")
        assert entry.title.startswith("[Air] 园区化工厂")
        assert "经现场检查" in entry.summary


# ---------------------------------------------------------------- typical cases, hot topics


def test_typical_cases_live_only(client: Client, demo: Any) -> None:
    assert (
        "No typical case has been published yet."
        in client.get("/interaction/typical-cases/").content.decode()
    )
    live = TypicalCase.objects.create(
        title="某化工企业废气超标排放案",
        summary="群众多次反映夜间异味。",
        handling="执法人员夜间突击检查。",
        outcome="罚款二十万元。",
        published_on=date(2026, 10, 1),
        live=True,
    )
    draft = TypicalCase.objects.create(title="草稿", summary="-", handling="-", live=False)
    listing = client.get("/interaction/typical-cases/")
    assert list(listing.context["page_obj"].object_list) == [live]
    detail = client.get(f"/interaction/typical-cases/{live.pk}/").content.decode()
    assert "罚款二十万元。" in detail and 'lang="zh-Hans"' in detail
    assert client.get(f"/interaction/typical-cases/{draft.pk}/").status_code == 404


def test_hot_topics_published_only_with_their_timeline(client: Client, demo: Any) -> None:
    assert (
        "No response to a public concern has been published yet."
        in client.get("/interaction/hot-topics/").content.decode()
    )
    events = [
        {"kind": "opened", "on": "2026-10-01", "actor_name": "孙海燕", "note": ""},
        {"kind": "draft", "on": "2026-10-02", "actor_name": "孙海燕", "note": "内部讨论稿"},
        {"kind": "publish", "on": "2026-10-05", "actor_name": "陈志强", "note": ""},
    ]
    topic = HotTopic.objects.create(
        title="关于垃圾焚烧厂选址的回应",
        concern="市民关注焚烧厂选址。",
        response="选址经过环评和公众参与。",
        state=HotTopic.State.PUBLISHED,
        opened_on=date(2026, 10, 1),
        published_on=date(2026, 10, 5),
        events=events,
    )
    watching = HotTopic.objects.create(
        title="观察中", concern="-", opened_on=date(2026, 10, 1), events=[]
    )
    assert list(client.get("/interaction/hot-topics/").context["page_obj"].object_list) == [topic]
    page = client.get(f"/interaction/hot-topics/{topic.pk}/")
    assert [(e.on, e.label) for e in page.context["timeline"]] == [
        ("2026-10-01", "Opened"),
        ("2026-10-05", "Response published"),
    ]
    html = page.content.decode()
    assert "选址经过环评和公众参与。" in html
    assert "孙海燕" not in html and "陈志强" not in html and "内部讨论稿" not in html
    assert client.get(f"/interaction/hot-topics/{watching.pk}/").status_code == 404


# ---------------------------------------------------------------- the section and home page


def test_the_section_page_links_every_page_and_the_latest_replies(
    client: Client, answered: Any
) -> None:
    complaint = answered()
    html = client.get("/interaction/").content.decode()
    for url in (
        "/interaction/complaints/new/",
        "/interaction/mailbox/new/",
        "/interaction/track/",
        "/interaction/replies/",
        "/interaction/typical-cases/",
        "/interaction/hot-topics/",
        "/interaction/statistics/",
        "/interaction/inspection/",
    ):
        assert f'href="{url}"' in html, url
    assert f'href="/interaction/replies/{complaint.pk}/"' in html


def test_the_home_page_lists_the_latest_replies(client: Client, answered: Any) -> None:
    complaint = answered()
    html = client.get("/").content.decode()
    assert f'href="/interaction/replies/{complaint.pk}/"' in html
    assert 'href="/interaction/complaints/new/"' in html
    assert PERSONAL["name"] not in html
