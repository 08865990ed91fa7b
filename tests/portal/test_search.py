"""The site search page: its title names the query, results by relevance or newest first
with the order kept from page to page, and the merge of pages and items by date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import strip_tags
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lantian.disclosure.models import DisclosureItem
from lantian.portal import selectors
from lantian.portal.selectors import Hit, NewestFirst
from tests.portal.content import publish

FIRST_DAY = date(2026, 1, 5)


@pytest.fixture
def water(demo: dict[str, Any]) -> list[DisclosureItem]:
    """25 items about water quality, published a day apart (the last one newest)."""
    items = []
    for n in range(25):
        item = publish(f"示范市第{n + 1}期地表水水质月报", "05.02", department="water")
        day = FIRST_DAY + timedelta(days=n)
        DisclosureItem.objects.filter(pk=item.pk).update(published_on=day)
        items.append(item)
    return items


def get(client: Client, language: str = "zh-hans", **params: Any) -> str:
    client.cookies["django_language"] = language
    return client.get("/search/", params).content.decode()


def days(html: str) -> list[date]:
    return [date.fromisoformat(d) for d in re.findall(r'<time datetime="([\d-]+)">', html)]


def title(html: str) -> str:
    return strip_tags(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_title_and_heading_name_the_query(
    client: Client, demo: dict[str, Any], language: str
) -> None:
    html = get(client, language, q="水质")
    with translation.override(language):
        expected = translation.gettext("Results for “%(q)s”") % {"q": "水质"}
        plain = translation.gettext("Search")
    assert title(html).startswith(expected + " - ")
    heading = strip_tags(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
    assert heading == expected
    assert title(get(client, language)).startswith(plain + " - ")  # no query yet


def test_the_title_says_which_page(client: Client, water: list[DisclosureItem]) -> None:
    html = get(client, "en", q="水质", type="document", page=2)
    assert title(html).startswith("Results for “水质” (Page 2 of 2)")


def test_the_query_is_escaped_in_the_title(client: Client, demo: dict[str, Any]) -> None:
    html = get(client, "en", q="<b>水质</b>")
    assert "<title>Results for “&lt;b&gt;水质&lt;/b&gt;”" in html


def test_newest_first_across_pages_with_the_order_kept_in_the_links(
    client: Client, water: list[DisclosureItem]
) -> None:
    first = get(client, q="水质", type="document", sort="date")
    shown = days(first)
    assert len(shown) == 20 and shown == sorted(shown, reverse=True)
    assert shown[0] == FIRST_DAY + timedelta(days=24)
    assert '<option value="date" selected>' in first
    links = re.findall(r'href="\?([^"]*page=\d+)"', first)
    assert links and all("sort=date" in link and "type=document" in link for link in links)
    second = get(client, q="水质", type="document", sort="date", page=2)
    assert days(second) == [FIRST_DAY + timedelta(days=n) for n in range(4, -1, -1)]


def test_relevance_is_the_default_and_stays_out_of_the_links(
    client: Client, water: list[DisclosureItem]
) -> None:
    for params in ({}, {"sort": "relevance"}, {"sort": "random"}):
        html = get(client, q="水质", **params)
        assert '<option value="relevance" selected>' in html
        links = re.findall(r'href="\?([^"]*page=\d+)"', html)
        assert links and not any("sort=" in link for link in links)
        assert len(days(html)) == 20


def test_filters_and_order_are_kept_and_can_be_cleared(
    client: Client, water: list[DisclosureItem]
) -> None:
    html = get(client, q="水质", type="document", year=2026, sort="date")
    links = re.findall(r'href="\?([^"]*page=\d+)"', html)
    assert links and all(
        "type=document" in link and "year=2026" in link and "sort=date" in link for link in links
    )
    clear = re.search(r'<a href="\?([^"]*)">[^<]*</a>\s*</div>\s*</form>', html)
    assert clear is not None and clear.group(1) == "q=%E6%B0%B4%E8%B4%A8"


def test_a_snippet_keeps_the_chinese_punctuation(client: Client, demo: dict[str, Any]) -> None:
    item = publish("示范市饮用水水源地水质状况", "05.02", department="water")
    DisclosureItem.objects.filter(pk=item.pk).update(
        summary="全市3个水源地水质均达标，达标率100%；“水质优良”、同比持平。"
    )
    html = get(client, q="水源地")
    assert "达标，达标率100%；“水质优良”、同比持平。" in strip_tags(html)


# ----------------------------------------------------------------- the merge by date


@dataclass
class FakeItem:
    """What the merge reads of a disclosure item."""

    index_no: str
    published_on: date
    kind: str = "document"
    title_html: str = ""
    snippet: str = ""

    def get_kind_display(self) -> str:
        return "Document"


def page_hit(n: int, day: date | None) -> Hit:
    return Hit(type="page", label="Page", title_html="", snippet="", url=f"/p{n}/", day=day)


@hypothesis_settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 30)), max_size=8),
    st.lists(st.integers(0, 30), max_size=30),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_every_slice_of_the_merge_is_the_slice_of_the_whole(
    page_days: list[int | None], item_days: list[int], start: int, length: int
) -> None:
    def day(n: int | None) -> date | None:
        return None if n is None else FIRST_DAY + timedelta(days=n)

    pages = [page_hit(n, day(d)) for n, d in enumerate(page_days)]
    items = [FakeItem(f"MB/{n}", day(d)) for n, d in enumerate(sorted(item_days, reverse=True))]
    merged = NewestFirst(pages, items)
    whole = merged[0 : len(merged)]
    assert len(whole) == len(pages) + len(items)
    keys = [h.day or date.min for h in whole]
    assert keys == sorted(keys, reverse=True)  # newest first, undated last
    assert merged[start : start + length] == whole[start : start + length]


def test_site_search_by_date_puts_a_page_between_older_and_newer_items(
    demo: dict[str, Any],
) -> None:
    from wagtail.models import Page

    older = publish("示范市2026年1月上旬空气质量状况", "05.01", department="air")
    newer = publish("示范市2026年1月中旬空气质量状况", "05.01", department="air")
    DisclosureItem.objects.filter(pk=older.pk).update(published_on=date(2026, 1, 5))
    DisclosureItem.objects.filter(pk=newer.pk).update(published_on=date(2026, 1, 15))
    Page.objects.update(  # every page found: its title, intro or body names it
        last_published_at=datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    )
    results = selectors.site_search("空气质量", sort="date")
    assert isinstance(results, NewestFirst)
    hits = results[0 : len(results)]
    assert [(h.type, h.day) for h in hits][:1] == [("document", date(2026, 1, 15))]
    assert hits[-1].day == date(2026, 1, 5)
    assert {h.type for h in hits[1:-1]} == {"page"}
    by_relevance = selectors.site_search("空气质量")
    assert by_relevance[0].type == "page"  # pages first when by relevance
