"""GET /api/v1/disclosures and /api/v1/disclosures/{index_no}: published items only,
search with snippets, filters, pagination, one 404 for drafts, withdrawn and unknown."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from lantian.disclosure.models import Attachment
from tests.disclosure.search_fixtures import category, item, scheduled, withdrawn

pytestmark = pytest.mark.django_db

URL = "/api/v1/disclosures"


def get(path: str = URL, **params):
    return Client().get(path, params)


def test_list_shape_and_cache_headers(demo) -> None:
    published = item(
        "关于印发《示范市大气污染防治行动计划》的通知",
        title_en="Notice on the air pollution action plan",
        doc_number="示环发〔2026〕12号",
        keywords="大气污染防治,行动计划",
        summary="明确2026年细颗粒物浓度控制目标。",
        department="air",
        kind="policy",
    )
    Attachment.objects.create(
        item=published,
        title="行动计划全文",
        file=ContentFile(b"%PDF-1.4 test", name="plan.pdf"),
        content_type="application/pdf",
        size=13,
    )
    response = get()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["index_no"] == published.index_no
    assert row["title"].startswith("关于印发")
    assert row["title_en"] == "Notice on the air pollution action plan"
    assert row["category"] == {"code": "T1", "name": "环境质量"}
    assert row["department"]["code"] == "air"
    assert row["doc_number"] == "示环发〔2026〕12号"
    assert row["formed_on"] == "2026-03-02" and row["published_on"] == "2026-03-05"
    assert row["validity"] == "valid" and row["kind"] == "policy"
    assert row["snippet"] is None
    (attachment,) = row["attachments"]
    assert attachment["title"] == "行动计划全文" and attachment["size"] == 13
    assert attachment["content_type"] == "application/pdf"
    assert attachment["url"].startswith("http://testserver/")
    assert row["url"] in ("", f"http://testserver/disclosure/items/{published.index_no}/")
    text = response.content.decode()
    for private in ("created_by", "review_note", "editor", "owner"):
        assert private not in text


def test_search_finds_two_character_words_with_snippets(demo) -> None:
    item("市生态环境局发布第一季度水质监测数据", summary="全市地表水水质总体为优。")
    item("关于开展建设项目环评审批改革的通知")
    item("某化工项目环境影响评价文件受理公示")
    rows = get(q="水质").json()["items"]
    assert [r["title"] for r in rows] == ["市生态环境局发布第一季度水质监测数据"]
    assert "<mark>水质</mark>" in rows[0]["snippet"]
    titles = {r["title"] for r in get(q="环评").json()["items"]}
    assert titles == {"关于开展建设项目环评审批改革的通知", "某化工项目环境影响评价文件受理公示"}


def test_search_snippets_are_escaped(demo) -> None:
    item("水质通报", summary="<script>alert('水质')</script>")
    (row,) = get(q="水质").json()["items"]
    assert "<script>" not in row["snippet"] and "&lt;script&gt;" in row["snippet"]


def test_drafts_scheduled_and_withdrawn_are_invisible(demo) -> None:
    live = item("土壤污染状况详查结果公告")
    draft = item("土壤污染状况详查结果公告（草稿）", live=False)
    later = scheduled("土壤污染状况详查结果公告（定时）")
    gone = withdrawn("土壤污染状况详查结果公告（撤回）")
    assert [r["index_no"] for r in get().json()["items"]] == [live.index_no]
    assert [r["index_no"] for r in get(q="土壤污染").json()["items"]] == [live.index_no]
    assert get(f"{URL}/{live.index_no}").status_code == 200
    for hidden in (draft, later, gone):
        response = get(f"{URL}/{hidden.index_no}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_detail_by_index_number_with_a_slash_plain_or_encoded(demo) -> None:
    published = item("噪声污染防治条例解读", body="<p>第一条 <b>说明</b></p><script>x()</script>")
    assert "/" in published.index_no
    for path in (published.index_no, quote(published.index_no, safe="")):
        response = get(f"{URL}/{path}")
        assert response.status_code == 200, path
        data = response.json()
        assert data["index_no"] == published.index_no
        assert "<b>说明</b>" in data["body"] and "<script>" not in data["body"]
    unknown = get(f"{URL}/MB1C00001/1999-99999")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["status"] == 404


def test_filters(demo) -> None:
    quality = category("Q", "环境质量")
    water = category("Q1", "水环境", parent=quality)
    penalties = category("P", "行政处罚")
    item("2025年水质年报", category=water, published_on=date(2025, 12, 30))
    item("2026年水质月报", category=water, department="water", kind="news")
    item("行政处罚决定书（水质超标）", category=penalties)
    assert get(q="水质").json()["count"] == 3
    assert get(q="水质", category="Q").json()["count"] == 2
    assert get(q="水质", category="P").json()["count"] == 1
    assert get(q="水质", department="water").json()["count"] == 1
    assert get(year=2025).json()["count"] == 1
    assert get(kind="news").json()["count"] == 1
    assert get(category="nope").json()["count"] == 0
    bad = get(year="twenty")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"


def test_pagination(demo) -> None:
    for n in range(25):
        item(f"第{n + 1}期环境空气质量周报", published_on=date(2026, 1, 1 + n))
    first = get(q="空气质量").json()
    assert first["count"] == 25 and len(first["items"]) == 20
    second = get(q="空气质量", page=2).json()
    assert len(second["items"]) == 5
    seen = {r["index_no"] for r in first["items"]} | {r["index_no"] for r in second["items"]}
    assert len(seen) == 25
    newest = get().json()["items"][0]
    assert newest["published_on"] == "2026-01-25"
