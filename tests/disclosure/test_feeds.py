"""RSS and Atom feeds: a standard parser reads them without error, live items only."""

# ruff: noqa: F811 (the fixtures of test_pages are imported by name)

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from lantian.disclosure.feeds import LATEST
from lantian.disclosure.models import DisclosureItem
from tests.disclosure.test_pages import catalogue, items, make_item  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
FEEDS = ["rss", "atom"]


def parse(client: Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, path
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    # the page's language, not the text of a method (Django reads Feed.language as a value)
    assert feed.feed.get("language") == "zh-hans", path
    return feed


def item_link(item: DisclosureItem) -> str:
    return "http://testserver" + reverse("disclosure:item", args=[item.index_no])


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_of_all_items(client: Client, items: dict[str, Any], kind: str) -> None:
    feed = parse(client, reverse(f"disclosure:{kind}"))
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert "示范市生态环境局" in feed.feed.title
    links = [entry.link for entry in feed.entries]
    assert len(links) == 7
    for key in ("policy", "interpretation", "old", "functions", "news", "notice", "press"):
        assert item_link(items[key]) in links
    # newest first; the first entry is complete
    assert links[0] in {item_link(items["interpretation"])}
    policy = next(e for e in feed.entries if e.link == item_link(items["policy"]))
    assert policy.title == items["policy"].title
    assert policy.summary == items["policy"].summary
    assert policy.id == item_link(items["policy"])
    assert policy.published_parsed[:3] == (2026, 3, 4)  # 2026-03-05 00:00 in China is the 4th UTC
    assert policy.tags[0].term == "环境质量 / 水环境质量"


@pytest.mark.parametrize("kind", FEEDS)
def test_drafts_scheduled_and_withdrawn_items_are_absent(
    client: Client, items: dict[str, Any], kind: str
) -> None:
    body = client.get(reverse(f"disclosure:{kind}")).content.decode()
    for key in ("draft", "scheduled", "withdrawn"):
        assert items[key].title not in body


@pytest.mark.parametrize("kind", FEEDS)
def test_feed_per_category_includes_sub_categories(
    client: Client, items: dict[str, Any], kind: str
) -> None:
    feed = parse(client, reverse(f"disclosure:category_{kind}", args=["T2"]))
    assert len(feed.entries) == 6
    assert "环境质量" in feed.feed.title
    feed = parse(client, reverse(f"disclosure:category_{kind}", args=["T2.2"]))
    assert [e.link for e in feed.entries] == [item_link(items["old"])]
    assert client.get(reverse(f"disclosure:category_{kind}", args=["nope"])).status_code == 404


def test_body_as_plain_text_when_there_is_no_summary(client: Client, catalogue: Any) -> None:
    body = "<p>第一段<strong>加粗</strong>。</p><p>第二段&amp;附件。</p>"
    make_item(title="无概述", summary="", body=body)
    entry = parse(client, reverse("disclosure:rss")).entries[0]
    assert entry.summary == "第一段加粗。 第二段&附件。"


def test_script_in_titles_is_escaped(client: Client, catalogue: Any) -> None:
    make_item(title='<script>alert("x")</script>通知', summary="<b>概述</b>")
    for kind in FEEDS:
        response = client.get(reverse(f"disclosure:{kind}"))
        assert b"<script>" not in response.content
        parse(client, reverse(f"disclosure:{kind}"))


def test_latest_fifty(client: Client, catalogue: Any) -> None:
    for n in range(LATEST + 3):
        make_item(title=f"第{n}条", published_on=date(2026, 1, 1) + timedelta(days=n))
    feed = parse(client, reverse("disclosure:atom"))
    assert len(feed.entries) == LATEST
    assert feed.entries[0].title == f"第{LATEST + 2}条"


def test_list_pages_link_their_feeds(client: Client, items: dict[str, Any]) -> None:
    html = client.get(reverse("disclosure:catalogue"), {"category": "T2"}).content.decode()
    assert f'type="application/rss+xml" href="{reverse("disclosure:rss")}"' in html
    assert f'href="{reverse("disclosure:category_atom", args=["T2"])}"' in html
