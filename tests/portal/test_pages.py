"""The public shell: home, sections, footer settings, language, text size, search."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import strip_tags
from wagtail.models import Page

from lantian.portal.models import BureauSettings, SectionPage
from lantian.portal.services import SECTIONS

pytestmark = pytest.mark.django_db


def test_home_lists_the_six_sections_in_chinese(demo) -> None:
    page = Client().get("/").content.decode()
    for spec in SECTIONS:
        assert spec.title in page
    assert '<html lang="zh-Hans"' in page
    assert 'href="#main"' in page and 'id="main"' in page


def test_footer_shows_bureau_settings(demo) -> None:
    page = Client().get("/").content.decode()
    for text in ("示范市政务中心路88号", "0599-8812 0001", "示ICP备20190001号-1", "5990000012"):
        assert text in page
    assert '<meta name="SiteIDCode" content="5990000012">' in page


def test_settings_edit_shows_at_once(demo) -> None:
    settings_row = BureauSettings.objects.get()
    settings_row.icp_record = "示ICP备99999999号"
    settings_row.save()
    assert "示ICP备99999999号" in Client().get("/").content.decode()


def test_section_page_lists_its_pages_with_breadcrumbs(demo) -> None:
    page = Client().get("/disclosure/").content.decode()
    assert "政府信息公开指南" in page
    assert 'aria-label="面包屑导航"' in page or 'class="breadcrumbs"' in page
    assert 'aria-current="page"' in page


def test_empty_section_says_so(demo) -> None:
    page = Client().get("/eia/").content.decode()
    assert "empty-state" in page


def test_language_switch_to_english_and_back(demo) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/disclosure/"})
    assert response.status_code == 302
    page = client.get("/disclosure/").content.decode()
    assert '<html lang="en"' in page
    assert "Information Disclosure" in page
    assert "Skip to main content" in page
    assert "Demo City Ecology and Environment Bureau" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "信息公开" in client.get("/").content.decode()


def test_large_text_mode_without_javascript(demo) -> None:
    client = Client()
    response = client.post("/accessibility/text-size/", {"size": "large", "next": "/environment/"})
    assert response.status_code == 302
    assert response["Location"] == "/environment/"
    assert 'class="text-large"' in client.get("/environment/").content.decode()
    client.post("/accessibility/text-size/", {"size": "normal", "next": "/"})
    assert 'class="text-large"' not in client.get("/").content.decode()


def test_text_size_refuses_offsite_redirect(demo) -> None:
    response = Client().post(
        "/accessibility/text-size/", {"size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_text_size_is_post_only(demo) -> None:
    assert Client().get("/accessibility/text-size/").status_code == 405


def test_search_finds_pages_including_short_queries(demo) -> None:
    client = Client()
    found = client.get("/search/", {"q": "指南"}).content.decode()
    assert "<mark>指南</mark>" in found  # the matched word is highlighted in the title
    assert "政府信息公开申请办理指南" in strip_tags(found)
    long_query = strip_tags(client.get("/search/", {"q": "政府信息公开申请"}).content.decode())
    assert "政府信息公开申请办理指南" in long_query
    nothing = client.get("/search/", {"q": "不存在的内容词语"}).content.decode()
    assert "empty-state" in nothing
    assert "empty-state" in client.get("/search/").content.decode()


def test_unpublished_pages_stay_private(demo) -> None:
    functions = Page.objects.get(slug="functions")
    functions.unpublish()
    assert Client().get("/disclosure/functions/").status_code == 404
    assert "机构职能" not in strip_tags(Client().get("/search/", {"q": "职能"}).content.decode())


def test_print_stylesheet_and_viewport(demo) -> None:
    page = Client().get("/").content.decode()
    assert 'media="print"' in page
    assert 'name="viewport"' in page


def test_demo_load_is_idempotent(demo) -> None:
    from lantian.demo import bureau

    counts = (Page.objects.count(), SectionPage.objects.count())
    bureau.load(password="another-password-123")
    assert (Page.objects.count(), SectionPage.objects.count()) == counts


def test_chinese_is_the_default_whatever_the_browser_says(demo) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/").content.decode()
    assert '<html lang="zh-Hans"' in page
