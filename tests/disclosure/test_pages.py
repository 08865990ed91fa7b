"""The public disclosure pages: guide, catalogue, item pages, lists, downloads, print."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lantian.core.models import Department
from lantian.disclosure.models import Category, DisclosureItem

pytestmark = pytest.mark.django_db
_serial = count(1)


def make_item(**fields: Any) -> DisclosureItem:
    """A published item (live, with its index number and publication date)."""
    n = next(_serial)
    defaults: dict[str, Any] = {
        "title": f"测试信息{n}",
        "kind": DisclosureItem.Kind.DOCUMENT,
        "index_no": f"MB1C00001/2026-{n:05d}",
        "formed_on": date(2026, 3, 1),
        "published_on": date(2026, 3, 5),
        "live": True,
        "department": Department.objects.get(code="water"),
    }
    defaults.update(fields)
    if "category" not in defaults:
        defaults["category"] = Category.objects.get(code="T2.1")
    return DisclosureItem.objects.create(**defaults)


@pytest.fixture
def catalogue(demo: Any) -> dict[str, Category]:
    """A small tree: T1 (no children), T2 with T2.1 and T2.2."""
    t1 = Category.objects.create(code="T1", name="机构职能", name_en="Functions", sort_order=1)
    t2 = Category.objects.create(code="T2", name="环境质量", name_en="Quality", sort_order=2)
    t21 = Category.objects.create(code="T2.1", name="水环境质量", parent=t2, sort_order=1)
    t22 = Category.objects.create(code="T2.2", name="空气质量", parent=t2, sort_order=2)
    return {"T1": t1, "T2": t2, "T2.1": t21, "T2.2": t22}


@pytest.fixture
def items(catalogue: dict[str, Category]) -> dict[str, DisclosureItem]:
    policy = make_item(
        title="示范市水污染防治条例实施细则",
        title_en="Rules for the Water Pollution Prevention Regulations",
        kind=DisclosureItem.Kind.POLICY,
        doc_number="示环发〔2026〕3号",
        keywords="水污染 防治",
        summary="规定全市水污染防治的职责、措施和法律责任。",
        body="<p>第一条　为了防治水污染，制定本细则。</p>",
        effective_from=date(2026, 4, 1),
        department=Department.objects.get(code="legal"),
    )
    interpretation = make_item(
        title="《示范市水污染防治条例实施细则》政策解读",
        kind=DisclosureItem.Kind.INTERPRETATION,
        interprets=policy,
        published_on=date(2026, 3, 6),
    )
    old = make_item(
        title="2024年空气质量公报",
        category=catalogue["T2.2"],
        published_on=date(2025, 1, 10),
        formed_on=date(2025, 1, 8),
        validity=DisclosureItem.Validity.EXPIRED,
        invalid_from=date(2025, 12, 31),
        department=Department.objects.get(code="monitoring"),
    )
    functions = make_item(title="本局主要职责", category=catalogue["T1"])
    news = make_item(title="局长带队检查饮用水水源地", kind=DisclosureItem.Kind.NEWS)
    notice = make_item(title="关于征求排污许可意见的通知", kind=DisclosureItem.Kind.NOTICE)
    press = make_item(
        title="2026年第一季度新闻发布会",
        kind=DisclosureItem.Kind.PRESS,
        held_at=timezone.now() - timedelta(days=3),
        speakers="局长 王明；水生态环境处处长 李华",
        transcript="<p>主持人：各位记者朋友，上午好。</p>",
        questions=[
            (
                "qa",
                {
                    "question": "今年水质改善的目标是什么？",
                    "asked_by": "示范日报记者",
                    "answer": "<p>国考断面优良比例达到90%以上。</p>",
                },
            )
        ],
    )
    draft = make_item(title="未发布的草稿", live=False, index_no=None, published_on=None)
    scheduled = make_item(
        title="定时发布的通知",
        live=False,
        go_live_at=timezone.now() + timedelta(days=2),
        index_no="MB1C00001/2026-09001",
        published_on=None,
    )
    withdrawn = make_item(title="已撤回的文件", live=False, index_no="MB1C00001/2026-09002")
    policy.related_items.add(news)
    return locals()


def url(name: str, *args: Any) -> str:
    return reverse(f"disclosure:{name}", args=args)


def item_url(item: DisclosureItem) -> str:
    return url("item", item.index_no)


# ---- the catalogue


def test_catalogue_lists_live_items_with_the_catalogue_columns(
    client: Client, items: dict[str, Any]
) -> None:
    response = client.get(url("catalogue"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    html = response.content.decode()
    for label in (_("Index number"), _("Title"), _("Date published"), _("Issuing department")):
        assert f'<th scope="col">{label}</th>' in html
    assert "<caption" in html
    page = response.context["page_obj"]
    shown = {i.title for i in page}
    assert items["policy"].title in shown and items["press"].title in shown
    assert page.paginator.count == 7
    for hidden in ("draft", "scheduled", "withdrawn"):
        assert items[hidden].title not in html
    assert item_url(items["policy"]) in html


def test_category_tree_counts_include_sub_categories(client: Client, items: dict[str, Any]) -> None:
    tree = client.get(url("catalogue")).context["tree"]
    counts = {node.code: node.count for node in tree}
    assert counts["T1"] == 1 and counts["T2"] == 6
    assert sum(counts.values()) == 7  # every live item once, whatever else is seeded
    t2 = next(node for node in tree if node.code == "T2")
    assert {c.code: c.count for c in t2.children} == {"T2.1": 5, "T2.2": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "T2"}, {"policy", "interpretation", "old", "news", "notice", "press"}),
        ({"category": "T2.2"}, {"old"}),
        ({"department": "monitoring"}, {"old"}),
        ({"year": "2025"}, {"old"}),
        ({"validity": "expired"}, {"old"}),
        ({"kind": "policy"}, {"policy"}),
        ({"q": "水污染"}, {"policy", "interpretation"}),
        ({"q": "示环发〔2026〕3号"}, {"policy"}),
        ({"category": "T2", "year": "2026", "kind": "news"}, {"news"}),
        ({"year": "not-a-year", "category": "nope"}, None),  # ignored: everything
    ],
)
def test_catalogue_filters(
    client: Client, items: dict[str, Any], query: dict[str, str], expected: set[str] | None
) -> None:
    page = client.get(url("catalogue"), query).context["page_obj"]
    titles = {i.title for i in page.object_list}
    if expected is None:
        assert page.paginator.count == 7
    else:
        assert titles == {items[k].title for k in expected}


def test_the_draft_is_not_found_by_search(client: Client, items: dict[str, Any]) -> None:
    page = client.get(url("catalogue"), {"q": "草稿"}).context["page_obj"]
    assert page.paginator.count == 0


def test_pagination_twenty_per_page_with_rel_links(
    client: Client, catalogue: dict[str, Category]
) -> None:
    for n in range(45):
        make_item(title=f"分页测试{n:02d}", published_on=date(2026, 1, 1) + timedelta(days=n))
    first = client.get(url("catalogue"), {"category": "T2.1"})
    html = first.content.decode()
    assert len(first.context["page_obj"].object_list) == 20
    assert first.context["page_obj"].object_list[0].title == "分页测试44"  # newest first
    assert 'rel="next" href="?category=T2.1&amp;page=2"' in html
    assert 'rel="prev"' not in html
    assert 'aria-current="page"' in html
    third = client.get(url("catalogue"), {"category": "T2.1", "page": 3})
    assert len(third.context["page_obj"].object_list) == 5
    assert 'rel="prev" href="?category=T2.1&amp;page=2"' in third.content.decode()
    assert client.get(url("catalogue"), {"page": 99}).status_code == 200  # the last page


def test_csv_and_xlsx_of_the_filtered_list(client: Client, items: dict[str, Any]) -> None:
    response = client.get(url("catalogue"), {"category": "T2.2", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == _("Index number")
    assert [r[1] for r in rows[1:]] == [items["old"].title]
    assert rows[1][0] == items["old"].index_no
    response = client.get(url("catalogue"), {"kind": "news", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][1] == items["news"].title
    assert sheet.max_row == 2


# ---- the item page


def test_item_page_shows_the_metadata_block(client: Client, items: dict[str, Any]) -> None:
    policy = items["policy"]
    response = client.get(item_url(policy))
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    metadata = dict(response.context["metadata"])
    assert metadata[_("Index number")] == policy.index_no
    assert metadata[_("Category")] == "环境质量 / 水环境质量"
    assert metadata[_("Issuing body")] == "示范市生态环境局法规与标准处"
    assert metadata[_("Date formed")] == "2026-03-01"
    assert metadata[_("Date published")] == "2026-03-05"
    assert metadata[_("Document number")] == "示环发〔2026〕3号"
    assert metadata[_("Validity")] == DisclosureItem.Validity.VALID.label
    assert metadata[_("Effective from")] == "2026-04-01"
    assert metadata[_("Keywords")] == "水污染 防治"
    html = response.content.decode()
    assert '<th scope="row">' in html and policy.summary in html
    assert "第一条　为了防治水污染" in html
    # policy → its interpretation, and related items
    assert item_url(items["interpretation"]) in html
    assert item_url(items["news"]) in html


def test_interpretation_links_back_to_its_policy(client: Client, items: dict[str, Any]) -> None:
    html = client.get(item_url(items["interpretation"])).content.decode()
    assert item_url(items["policy"]) in html and items["policy"].title in html


def test_expired_item_says_so(client: Client, items: dict[str, Any]) -> None:
    response = client.get(item_url(items["old"]))
    metadata = dict(response.context["metadata"])
    assert metadata[_("Validity")] == DisclosureItem.Validity.EXPIRED.label
    assert metadata[_("Expired or repealed on")] == "2025-12-31"


def test_press_conference_with_transcript_and_questions(
    client: Client, items: dict[str, Any]
) -> None:
    html = client.get(item_url(items["press"])).content.decode()
    assert "局长 王明" in html
    assert "主持人：各位记者朋友，上午好。" in html
    assert "今年水质改善的目标是什么？" in html and "示范日报记者" in html
    assert "国考断面优良比例达到90%以上。" in html


@pytest.mark.parametrize("which", ["draft", "scheduled", "withdrawn"])
def test_items_that_are_not_live_are_not_found(
    client: Client, items: dict[str, Any], which: str
) -> None:
    item = items[which]
    index_no = item.index_no or "MB1C00001/2026-99999"
    assert client.get(url("item", index_no)).status_code == 404


def test_a_withheld_item_is_never_public(client: Client, items: dict[str, Any]) -> None:
    item = make_item(title="不予公开", attribute=DisclosureItem.Attribute.WITHHELD)
    assert client.get(item_url(item)).status_code == 404
    assert "不予公开" not in client.get(url("catalogue")).content.decode()


def test_interpretation_of_a_withdrawn_policy_hides_the_link(
    client: Client, items: dict[str, Any]
) -> None:
    DisclosureItem.objects.filter(pk=items["policy"].pk).update(live=False)
    html = client.get(item_url(items["interpretation"])).content.decode()
    assert item_url(items["policy"]) not in html


def test_script_in_titles_and_rich_text_is_neutralised(
    client: Client, catalogue: dict[str, Category]
) -> None:
    item = make_item(
        title='<script>alert("t")</script>关于水质的通知',
        summary="<img src=x onerror=alert(1)>",
        body='<p>正文</p><script>alert("b")</script><p onclick="alert(2)">段落</p>'
        '<a href="javascript:alert(3)">链接</a>',
        kind=DisclosureItem.Kind.NOTICE,
    )
    for page in (item_url(item), url("catalogue"), url("notices")):
        html = client.get(page).content.decode()
        assert "<script>alert(" not in html, page
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;关于水质的通知" in html, page
    html = client.get(item_url(item)).content.decode()
    assert "<p>正文</p>" in html and "段落" in html
    assert "onclick" not in html and "javascript:alert" not in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_print_stylesheet_and_button(client: Client, items: dict[str, Any]) -> None:
    html = client.get(item_url(items["policy"])).content.decode()
    assert 'href="/static/lantian/css/print.css" media="print"' in html
    assert "disclosure.css" in html and 'id="print-item"' in html
    assert 'class="print-header"' in html and items["policy"].index_no in html
    css = Path(finders.find("lantian/css/disclosure.css")).read_text(encoding="utf-8")
    assert "@media print" in css and ".print-header { display: block" in css


# ---- lists by kind


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("news", "news"),
        ("notices", "notice"),
        ("press", "press"),
        ("interpretations", "interpretation"),
    ],
)
def test_lists_by_kind(client: Client, items: dict[str, Any], name: str, key: str) -> None:
    response = client.get(url(name))
    assert response.status_code == 200
    assert [i.title for i in response.context["page_obj"]] == [items[key].title]
    html = response.content.decode()
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html


def test_lists_filter_by_year_and_department(client: Client, items: dict[str, Any]) -> None:
    make_item(title="2025年的动态", kind="news", published_on=date(2025, 6, 1))
    make_item(
        title="执法动态",
        kind="news",
        department=Department.objects.get(code="enforcement"),
    )
    titles = lambda q: {i.title for i in client.get(url("news"), q).context["page_obj"]}  # noqa: E731
    assert titles({"year": "2025"}) == {"2025年的动态"}
    assert titles({"department": "enforcement"}) == {"执法动态"}
    assert len(titles({})) == 3
    form = client.get(url("news")).context["form"]
    assert set(form.fields) == {"q", "department", "year"}


def test_interpretations_list_names_the_policy(client: Client, items: dict[str, Any]) -> None:
    html = client.get(url("interpretations")).content.decode()
    assert item_url(items["policy"]) in html


# ---- the guide and the section page


def test_guide_has_the_contents_the_regulations_require(
    client: Client, items: dict[str, Any]
) -> None:
    response = client.get(url("guide"))
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("arrangement", "proactive", "application", "office", "remedies"):
        assert f'id="{anchor}"' in html
    # the catalogue tree, live from the table
    assert "水环境质量" in html and "空气质量" in html
    # the office's address, hours and phone from the site settings
    assert "示范市政务中心路88号" in html and "599000" in html
    assert "8:30" in html and "0599-8812 0001" in html
    # Art. 12 also asks for the fax and internet contacts
    assert "0599-8812 0009" in html and "mailto:zwgk@sthjj.demo.gov.cn" in html
    # the fee tiers of 国办函〔2020〕109号 and the time limits
    assert "国办函〔2020〕109号" in html and "¥40" in html and "31–100" in html
    assert "20" in html and "行政复议" in html and "行政诉讼" in html


def test_the_disclosure_section_links_to_the_pages(client: Client, demo: Any) -> None:
    html = client.get("/disclosure/").content.decode()
    for name in ("guide", "catalogue", "news", "notices", "press", "interpretations"):
        assert f'href="{url(name)}"' in html


def test_search_marks_the_words_found(client: Client, items: dict[str, Any]) -> None:
    html = client.get(url("catalogue"), {"q": "水污染", "validity": "valid"}).content.decode()
    assert "<mark>水污染</mark>" in html
    assert item_url(items["policy"]) in html
    assert (
        client.get(url("catalogue"), {"q": "水污染", "validity": "expired"})
        .context["page_obj"]
        .paginator.count
        == 0
    )
