"""环评审批 (/eia/) and 污染源监管 (/sources/) list their part of the disclosure catalogue
with the catalogue's own filters, pages and downloads until their apps exist; every
section page says in words when it has nothing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from lantian.disclosure import selectors as disclosure_selectors
from lantian.disclosure.models import DisclosureItem
from tests.portal.content import publish, zh

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
Kind = DisclosureItem.Kind


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def items(demo: Any) -> dict[str, DisclosureItem]:
    made = {
        "accepted": publish("关于港区码头工程环评文件受理情况的公示", "06.01", Kind.NOTICE, "eia"),
        "approved": publish("关于港区码头工程环境影响报告书的批复", "06.03", Kind.DOCUMENT, "eia"),
        "permit": publish("2026年10月排污许可证核发情况公告", "07.02", Kind.DOCUMENT, "eia"),
        "units": publish("示范市2026年环境监管重点单位名录", "08.01", Kind.DOCUMENT, "enforcement"),
        "penalty": publish(
            "行政处罚决定书（示环罚〔2026〕40号）", "09.01", Kind.DOCUMENT, "enforcement"
        ),
        "news": publish("我局开展冬季燃煤锅炉专项执法检查", "14", Kind.NEWS, "enforcement"),
    }
    # one EIA decision of an earlier year, for the year filter
    DisclosureItem.objects.filter(pk=made["approved"].pk).update(published_on=date(2025, 6, 3))
    return made


def get(url: str, **params: Any) -> str:
    response = Client().get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> set[str]:
    """The titles in the list's table."""
    return set(re.findall(r'<a href="/disclosure/items/[^"]+">([^<]+)</a>', html))


def test_eia_lists_the_eia_categories_only(items: dict[str, DisclosureItem]) -> None:
    html = get("/eia/")
    assert listed(html) == {items["accepted"].title, items["approved"].title}
    assert "item-filter" in html and 'class="data-table item-table"' in html  # the catalogue's
    # the category filter offers the section's categories only
    options = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    assert 'value="06"' in options and 'value="06.03"' in options
    assert 'value="09.01"' not in options and 'value="14"' not in options
    # the section's category feed beside the site's
    assert 'href="/disclosure/feeds/06/rss.xml"' in html.split("</head>")[0]


def test_sources_lists_permits_supervision_and_penalties(items: dict[str, DisclosureItem]) -> None:
    html = get("/sources/")
    assert listed(html) == {items["permit"].title, items["units"].title, items["penalty"].title}


def test_section_filters_work_as_in_the_catalogue(items: dict[str, DisclosureItem]) -> None:
    assert listed(get("/eia/", category="06.03")) == {items["approved"].title}
    assert listed(get("/eia/", year="2025")) == {items["approved"].title}
    assert listed(get("/eia/", kind=Kind.NOTICE)) == {items["accepted"].title}
    assert listed(get("/sources/", department="enforcement")) == {
        items["units"].title,
        items["penalty"].title,
    }
    searched = get("/eia/", q="受理")
    assert items["accepted"].title in re.sub(r"</?mark>", "", searched)
    assert items["approved"].title not in searched
    # a search stays inside the section
    assert listed(get("/eia/", q="行政处罚")) == set()
    # a category of another section is no choice here: ignored, not an error
    assert listed(get("/eia/", category="09.01")) == {
        items["accepted"].title,
        items["approved"].title,
    }


def test_a_filter_that_finds_nothing_says_so(items: dict[str, DisclosureItem]) -> None:
    html = get("/sources/", q="饮用水水源地")
    assert listed(html) == set()
    assert zh("Nothing matched. Try fewer or different words, or clear the filters.") in html


def test_section_list_downloads(items: dict[str, DisclosureItem]) -> None:
    response = Client().get("/sources/", {"format": "csv", "department": "enforcement"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sources-catalogue-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:]} == {items["units"].title, items["penalty"].title}
    xlsx = Client().get("/eia/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_section_list_pages(demo: Any) -> None:
    for n in range(23):
        publish(f"示范市第{n + 1}号建设项目环评受理公示", "06.01", Kind.NOTICE, "eia")
    first, second = get("/eia/"), get("/eia/", page="2")
    assert len(listed(first)) == 20 and len(listed(second)) == 3
    assert 'rel="next"' in first


def test_withdrawn_items_leave_the_section(items: dict[str, DisclosureItem]) -> None:
    from lantian.disclosure import services

    services.withdraw_item(actor=None, item=items["penalty"], reason="发布有误，撤回。")
    assert items["penalty"].title not in get("/sources/")
    assert disclosure_selectors.item_by_index_no(items["penalty"].index_no) is None


def test_every_section_page_says_when_it_is_empty(demo: Any) -> None:
    from wagtail.models import Page

    Page.objects.get(slug="hotline-12369").unpublish()  # 政民互动 has no page now
    for slug in ("disclosure", "environment", "eia", "sources", "interaction", "services"):
        main = get(f"/{slug}/").split('<main id="main"')[1].split("</main>")[0]
        empty_lists = re.findall(r"<(ul|ol|tbody)[^>]*>\s*</(?:ul|ol|tbody)>", main)
        assert empty_lists == [], slug  # never a list without entries
        if slug in ("eia", "sources"):
            assert zh("Nothing has been published here yet.") in main
    assert zh("Nothing has been published in this section yet.") in get("/interaction/")


def test_the_guide_links_the_form_the_feeds_and_the_annual_reports(demo: Any) -> None:
    guide = get("/disclosure/guide/")
    for href in (
        "/services/foi/apply/",
        "/services/foi/track/",
        "/disclosure/feeds/rss.xml",
        "/disclosure/feeds/atom.xml",
        "/disclosure/catalogue/?category=17",
    ):
        assert f'href="{href}"' in guide.split("</head>")[1], href
    section = get("/disclosure/")
    assert 'href="/disclosure/catalogue/?category=17"' in section
    assert 'href="/services/foi/apply/"' in section


def test_the_sections_link_their_apps_pages(items: dict[str, DisclosureItem]) -> None:
    assert 'href="/sources/enterprises/"' in get("/sources/")
    assert 'href="/sources/account/"' in get("/sources/")
    eia = get("/eia/")
    assert 'href="/eia/projects/"' in eia and 'href="/services/approvals/"' in eia
    services = get("/services/")
    assert 'href="/services/approvals/"' in services and 'href="/services/foi/apply/"' in services
