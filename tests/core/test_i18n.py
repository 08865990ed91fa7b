"""The language tags: <html lang> as BCP 47, and Chinese text marked on the English site."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from lantian.core import i18n


def test_html_lang_is_a_bcp47_tag() -> None:
    assert i18n.html_lang("zh-hans") == "zh-Hans"
    assert i18n.html_lang("en") == "en"
    assert i18n.html_lang("en-us") == "en"
    with translation.override("zh-hans"):
        assert i18n.html_lang() == "zh-Hans"
    with translation.override("en"):
        assert i18n.html_lang() == "en"


def test_chinese_is_marked_only_on_the_english_site() -> None:
    with translation.override("en"):
        assert i18n.mark_chinese("东城区") == '<span lang="zh-Hans">东城区</span>'
        assert i18n.mark_chinese("Dongcheng District") == "Dongcheng District"
        assert i18n.mark_chinese("") == ""
        assert i18n.mark_chinese(None) is None
        # escaped, unless already safe
        assert i18n.mark_chinese("<b>东</b>") == '<span lang="zh-Hans">&lt;b&gt;东&lt;/b&gt;</span>'
        assert i18n.mark_chinese(mark_safe("<mark>空气</mark>")) == (
            '<span lang="zh-Hans"><mark>空气</mark></span>'
        )
        assert i18n.chinese_lang_attribute("<p>正文</p>") == ' lang="zh-Hans"'
        assert i18n.chinese_lang_attribute("<p>Text</p>") == ""
    with translation.override("zh-hans"):
        assert i18n.mark_chinese("东城区") == "东城区"
        assert i18n.chinese_lang_attribute("<p>正文</p>") == ""


def test_template_tags() -> None:
    template = Template(
        '{% load lantian_i18n %}<html lang="{% html_lang %}"><p>{{ name|zh }}</p>'
        "<div{{ body|zh_attr }}>{{ body|safe }}</div>"
    )
    context = Context({"name": "南湖<区>", "body": "<p>正文</p>"})
    with translation.override("en"):
        assert template.render(context) == (
            '<html lang="en"><p><span lang="zh-Hans">南湖&lt;区&gt;</span></p>'
            '<div lang="zh-Hans"><p>正文</p></div>'
        )
    with translation.override("zh-hans"):
        assert template.render(context) == (
            '<html lang="zh-Hans"><p>南湖&lt;区&gt;</p><div><p>正文</p></div>'
        )


def test_chinese_terms_inside_english_text_are_marked_run_by_run() -> None:
    text = mark_safe(
        'Guidelines (环办厅函〔2019〕672号), <a href="/x/?q=复议">reconsideration (行政复议)</a>'
        " marked “政府信息公开申请” in 2019"
    )
    with translation.override("en"):
        assert i18n.mark_chinese_runs(text) == (
            'Guidelines (<span lang="zh-Hans">环办厅函〔2019〕672号</span>), '
            '<a href="/x/?q=复议">reconsideration (<span lang="zh-Hans">行政复议</span>)</a>'
            ' marked “<span lang="zh-Hans">政府信息公开申请</span>” in 2019'
        )
        assert i18n.mark_chinese_runs("No Chinese 2019") == "No Chinese 2019"
        assert i18n.mark_chinese_runs("<b>东</b>") == (
            '&lt;b&gt;<span lang="zh-Hans">东</span>&lt;/b&gt;'
        )
        assert i18n.mark_chinese_runs(None) is None
        # punctuation alone is no Chinese term
        assert i18n.mark_chinese_runs(mark_safe("A〔B〕 东")) == (
            'A〔B〕 <span lang="zh-Hans">东</span>'
        )
    with translation.override("zh-hans"):
        assert i18n.mark_chinese_runs(text) == text
        template = Template(
            "{% load lantian_i18n %}{% filter zh_runs %}见“行政复议”{% endfilter %}"
        )
        assert template.render(Context()) == "见“行政复议”"
