"""RSS 2.0 and Atom feeds of the EIA notices: all of them and one per kind, newest
published first, each entry linking to its project's page at the notice."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
import time_machine
from django.core.cache import cache

from tests.eia.conftest import Record, english, get

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _today():
    cache.clear()
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        yield


def rss(path: str) -> list[tuple[str, str, str]]:
    response = english().get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "en"
    return [
        (item.findtext("title"), item.findtext("link"), item.findtext("pubDate"))
        for item in channel.findall("item")
    ]


def atom(path: str) -> list[tuple[str, str, str]]:
    response = english().get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    return [
        (e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"), e.findtext(f"{ATOM}id"))
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_the_feed_of_all_notices_is_newest_published_first(record: Record) -> None:
    book, form = record.book, record.form
    items = rss("/eia/notices/feed/rss.xml")
    assert [title for title, _link, _date in items] == [
        f"Decision notice: {book.name}",
        f"Proposed approval notice: {book.name}",
        f"Acceptance notice: {book.name}",
        f"Acceptance notice: {form.name}",
    ]
    assert items[0][1] == f"http://testserver/eia/projects/{book.pk}/#notice-decision"
    assert items[0][2] == "Mon, 20 Apr 2026 00:00:00 +0800"
    entries = atom("/eia/notices/feed/atom.xml")
    assert [e[1] for e in entries] == [link for _title, link, _date in items]
    assert len({e[2] for e in entries}) == 4  # one id per notice


@pytest.mark.parametrize(
    ("kind", "count"), [("acceptance", 2), ("pre_approval", 1), ("decision", 1), ("completion", 0)]
)
def test_one_feed_per_kind(record: Record, kind: str, count: int) -> None:
    items = rss(f"/eia/notices/feed/{kind}/rss.xml")
    assert len(items) == count
    assert all(link.endswith(f"#notice-{kind}") for _title, link, _date in items)
    assert len(atom(f"/eia/notices/feed/{kind}/atom.xml")) == count


def test_an_unknown_kind_is_a_404(record: Record) -> None:
    assert english().get("/eia/notices/feed/nothing/rss.xml").status_code == 404
    assert english().get("/eia/notices/feed/nothing/atom.xml").status_code == 404


def test_the_list_page_announces_the_feeds(record: Record) -> None:
    page = get("/eia/projects/")
    assert (
        '<link rel="alternate" type="application/rss+xml" href="/eia/notices/feed/rss.xml"' in page
    )
    assert 'href="/eia/notices/feed/decision/atom.xml" title="Decision notice (Atom)"' in page
    assert 'id="notice-decision"' in get(f"/eia/projects/{record.book.pk}/")
