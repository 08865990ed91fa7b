"""Chinese search over disclosure items: two-character words inside sentences, synonyms,
ranking, filters, snippets, and nothing that is not published — on the database in use
(SQLite locally, PostgreSQL too in CI)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from lantian.disclosure import selectors
from lantian.disclosure.models import DisclosureItem
from tests.disclosure.search_fixtures import category, item, scheduled, withdrawn

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [found.title for found in results]


def test_two_character_words_inside_sentences_are_found(demo) -> None:
    item("市生态环境局发布2026年第一季度地表水水质监测数据")
    item("关于开展建设项目环评审批改革试点的通知", summary="简化环评手续，压缩审批时限。")
    item("关于做好秸秆焚烧管控工作的通知")
    assert titles(selectors.search("水质")) == ["市生态环境局发布2026年第一季度地表水水质监测数据"]
    assert titles(selectors.search("环评")) == ["关于开展建设项目环评审批改革试点的通知"]
    assert titles(selectors.search("监测")) == ["市生态环境局发布2026年第一季度地表水水质监测数据"]
    assert selectors.search("噪声").count() == 0, connection.vendor


def test_words_inside_longer_dictionary_words_are_found(demo) -> None:
    item("示范市突发环境事件应急预案（2026年修订）")
    assert titles(selectors.search("应急预案")) == ["示范市突发环境事件应急预案（2026年修订）"]
    assert titles(selectors.search("突发环境事件")) == ["示范市突发环境事件应急预案（2026年修订）"]


def test_synonyms_find_each_other(demo) -> None:
    item("某化工项目环境影响评价文件受理公示")
    item("某污水处理厂排污证变更公告")
    item("今年PM2.5平均浓度同比下降")
    assert titles(selectors.search("环评")) == ["某化工项目环境影响评价文件受理公示"]
    assert titles(selectors.search("环境影响评价")) == ["某化工项目环境影响评价文件受理公示"]
    assert titles(selectors.search("排污许可证")) == ["某污水处理厂排污证变更公告"]
    assert titles(selectors.search("细颗粒物")) == ["今年PM2.5平均浓度同比下降"]
    assert titles(selectors.search("pm2.5")) == ["今年PM2.5平均浓度同比下降"]


def test_every_word_of_a_query_is_required(demo) -> None:
    item("臭氧污染防治攻坚方案")
    item("臭氧监测日报")
    assert titles(selectors.search("臭氧 防治")) == ["臭氧污染防治攻坚方案"]
    assert set(titles(selectors.search("臭氧"))) == {"臭氧污染防治攻坚方案", "臭氧监测日报"}


def test_title_matches_rank_above_body_matches(demo) -> None:
    item("关于召开年度工作会议的通知", body="<p>会议将通报挥发性有机物治理进展。</p>")
    item("挥发性有机物综合治理方案")
    assert titles(selectors.search("挥发性有机物"))[0] == "挥发性有机物综合治理方案"


def test_drafts_scheduled_and_withdrawn_items_are_never_found(demo) -> None:
    item("黑臭水体整治情况公示（已发布）")
    item("黑臭水体整治情况公示（草稿）", live=False)
    scheduled("黑臭水体整治情况公示（定时发布）")
    withdrawn("黑臭水体整治情况公示（已撤回）")
    assert titles(selectors.search("黑臭水体")) == ["黑臭水体整治情况公示（已发布）"]
    assert titles(selectors.search("")) == ["黑臭水体整治情况公示（已发布）"]
    # the title fallback is limited to published items too
    assert titles(selectors.search("草稿")) == []


def test_a_published_item_with_an_unpublished_draft_shows_the_live_text(demo) -> None:
    published = item("地下水污染防治实施方案")
    published.title = "地下水污染防治实施方案（征求意见稿修改）噪声"
    published.save_revision()  # a draft revision; the live row keeps its text
    assert titles(selectors.search("地下水")) == ["地下水污染防治实施方案"]
    assert titles(selectors.search("噪声")) == []


def test_filters_category_department_year_kind(demo) -> None:
    parent = category("Q", "环境质量")
    child = category("Q1", "水环境质量", parent=parent)
    other = category("P", "行政处罚")
    item("2025年饮用水水源地水质状况", category=child, published_on=date(2025, 6, 1))
    item("2026年饮用水水源地水质状况", category=child, department="water")
    item("对某公司水质超标的行政处罚决定书", category=other, kind=DisclosureItem.Kind.NOTICE)
    assert len(selectors.search("水质")) == 3
    assert len(selectors.search("水质", category="Q")) == 2  # subcategories included
    assert len(selectors.search("水质", category=other)) == 1
    assert titles(selectors.search("水质", department="water")) == ["2026年饮用水水源地水质状况"]
    assert titles(selectors.search("水质", year=2025)) == ["2025年饮用水水源地水质状况"]
    assert len(selectors.search("水质", kind="notice")) == 1
    assert len(selectors.search("", category="Q", year=2026)) == 1
    assert len(selectors.search("水质", category="NONE")) == 0


def test_snippets_mark_the_words_and_escape_the_text(demo) -> None:
    item(
        "关于<script>alert(1)</script>水质的说明",
        summary="本季度全市地表水水质总体为优，<b>无</b>劣V类断面。",
    )
    (found,) = selectors.search("水质")
    assert "<mark>水质</mark>" in found.snippet
    assert "<b>" not in found.snippet and "&lt;b&gt;" in found.snippet
    assert "<script>" not in found.title_html
    assert "&lt;script&gt;" in found.title_html and "<mark>水质</mark>" in found.title_html


def test_results_are_lazy_and_sliceable_for_paginators(demo) -> None:
    for n in range(25):
        item(f"第{n + 1}期空气质量周报")
    results = selectors.search("空气质量")
    assert len(results) == 25
    page = results[20:25]
    assert len(page) == 5 and all("<mark>" in found.title_html for found in page)
    assert results[0].title.endswith("空气质量周报")


def test_a_single_character_falls_back_to_titles(demo) -> None:
    item("关于征集2026年环境保护项目的公告")
    assert titles(selectors.search("征")) == ["关于征集2026年环境保护项目的公告"]


def test_item_by_index_number_only_when_published(demo) -> None:
    published = item("生态环境质量公报")
    draft = item("生态环境质量公报（草稿）", live=False)
    assert selectors.item_by_index_no(published.index_no) == published
    assert selectors.item_by_index_no(draft.index_no) is None
    assert selectors.item_by_index_no("nope") is None


def test_portal_search_shows_pages_and_items_with_snippets_and_filters(demo) -> None:
    from django.test import Client

    item("市生态环境局发布地表水水质监测数据", summary="全市水质总体为优。", kind="news")
    item("水质自动监测站运维招标公告", kind="notice")
    item("水质目标责任书（草稿）", live=False)
    page = Client().get("/search/", {"q": "水质"}).content.decode()
    assert "<mark>水质</mark>" in page
    assert "地表水" in page and "运维招标" in page and "草稿" not in page
    news_only = Client().get("/search/", {"q": "水质", "type": "news"}).content.decode()
    assert "地表水" in news_only and "运维招标" not in news_only
    guide = Client().get("/search/", {"q": "指南"}).content.decode()
    assert "政府信息公开<mark>指南</mark>" in guide
    assert "<script>" not in Client().get("/search/", {"q": "<script>"}).content.decode()
