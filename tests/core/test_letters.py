"""The shared letter machinery (lantian.core.letters): Chinese dates, templates filled with
Django template syntax, the salutation and contact line, and one text laid out as DOCX
(CJK font, letterhead) and PDF (remedies and attachments only when a letter has them)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from io import BytesIO

import docx
import pytest
from django.template import TemplateSyntaxError

from lantian.core import fonts, letters
from tests.fonthelpers import embedded_fonts, is_cjk

EAST_ASIA = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"

CONTEXT = {
    "bureau_name": "示范市生态环境局",
    "bureau_address": "示范市政务中心路88号",
    "bureau_postcode": "350001",
    "bureau_phone": "0599-8812 0001",
    "bureau_fax": "0599-8812 0002",
    "bureau_email": "",
    "name": "李明<b>",
    "code": "YSQ-2026-00042",
    "issued_on": "2026年3月5日",
    "appeal": True,
}


def sample(**overrides: object) -> letters.LetterText:
    fields: dict[str, object] = {
        "kind": "reply",
        "title": "{{ bureau_name }}答复书",
        "body": (
            "{{ name }}：\n\n  第一段，查询码{{ code }}。 \n\n\n{% if appeal %}第二段。{% endif %}"
        ),
        "context": CONTEXT,
        "reference": "查询码：YSQ-2026-00042",
    }
    return letters.compose(**(fields | overrides))  # type: ignore[arg-type]


def test_chinese_date_has_no_leading_zeros() -> None:
    assert letters.chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert letters.chinese_date(date(2026, 12, 31)) == "2026年12月31日"
    assert letters.chinese_date(None) == ""


def test_extra_overrides_the_context_and_prints_dates_the_chinese_way() -> None:
    context = {"due_date": "2026年3月5日", "days": 20}
    result = letters.apply_extra(context, {"due_date": date(2026, 4, 1), "note": "补正"})
    assert result is context
    assert context == {"due_date": "2026年4月1日", "days": 20, "note": "补正"}
    assert letters.apply_extra({"a": 1}, None) == {"a": 1}


def test_check_template_refuses_bad_syntax() -> None:
    letters.check_template("{{ name }}：{% if code %}{{ code }}{% endif %}")
    with pytest.raises(TemplateSyntaxError):
        letters.check_template("{% if code %}never closed")
    with pytest.raises(TemplateSyntaxError):
        letters.check_template("{% load_everything %}")


def test_compose_fills_the_template_and_splits_the_salutation() -> None:
    text = sample()
    assert text.title == "示范市生态环境局答复书"
    # plain text out: the PDF template escapes, the DOCX needs no escaping
    assert text.salutation == "李明<b>："
    assert text.paragraphs == ["第一段，查询码YSQ-2026-00042。", "第二段。"]
    assert text.date == "2026年3月5日"
    assert text.remedies == [] and text.attachments == []
    assert text.contact == (
        "联系地址：示范市政务中心路88号　邮政编码：350001　联系电话：0599-8812 0001"
        "　传真：0599-8812 0002"
    )
    assert text.lines() == [
        "示范市生态环境局",
        "示范市生态环境局答复书",
        "查询码：YSQ-2026-00042",
        "李明<b>：",
        "第一段，查询码YSQ-2026-00042。",
        "第二段。",
        "示范市生态环境局",
        "2026年3月5日",
        text.contact,
    ]


def test_a_long_first_line_is_no_salutation() -> None:
    long_line = "经审查，" + "本机关" * 20 + "答复如下："
    text = sample(body=long_line + "\n正文。")
    assert text.salutation == ""
    assert text.paragraphs == [long_line, "正文。"]


def test_remedies_attachments_and_contact_keys() -> None:
    text = sample(
        remedies="如不服，{{ bureau_name }}告知：\n可申请复议。",
        attachments=["1. 名录（共12页）"],
        contact_keys=("bureau_phone", "bureau_email"),
    )
    assert text.remedies == ["如不服，示范市生态环境局告知：", "可申请复议。"]
    assert text.lines()[6:10] == [
        "如不服，示范市生态环境局告知：",
        "可申请复议。",
        "附件：",
        "1. 名录（共12页）",
    ]
    assert text.contact == "联系电话：0599-8812 0001"  # an empty e-mail is left out
    assert letters.contact_line({}) == ""


def test_html_escapes_the_text_and_prints_remedies_only_when_present() -> None:
    plain = letters.letter_html(sample())
    assert "<title>示范市生态环境局答复书</title>" in plain
    assert "李明&lt;b&gt;：" in plain and "李明<b>" not in plain
    assert 'class="remedies"' not in plain and "附件：" not in plain
    assert f'"{letters.CJK_FONT}"' in plain

    full = letters.letter_html(
        sample(remedies="可申请复议。", attachments=["1. 名录"]), title="答复书（编号：X<1>）"
    )
    assert "<title>答复书（编号：X&lt;1&gt;）</title>" in full
    assert '<p class="remedies">可申请复议。</p>' in full
    assert "附件：" in full and "<li>1. 名录</li>" in full


def test_docx_carries_the_text_in_the_cjk_font() -> None:
    text = sample(remedies="可申请复议。", attachments=["1. 名录"])
    content = letters.render_docx(text)
    assert letters.docx_text(content).splitlines() == [
        "示范市生态环境局",
        "示范市生态环境局答复书",
        "查询码：YSQ-2026-00042",
        "李明<b>：",
        "第一段，查询码YSQ-2026-00042。",
        "第二段。",
        "可申请复议。",
        "附件：",
        "1. 名录",
        "",
        "示范市生态环境局",
        "2026年3月5日",
        text.contact,
    ]
    document = docx.Document(BytesIO(content))
    assert document.styles["Normal"].element.rPr.rFonts.get(EAST_ASIA) == letters.CJK_FONT
    letterhead = document.paragraphs[0].runs[0]
    assert letterhead.font.bold and str(letterhead.font.color.rgb) == "C00000"
    assert letterhead.element.rPr.rFonts.get(EAST_ASIA) == letters.CJK_FONT
    assert document.core_properties.title == "示范市生态环境局答复书"
    assert document.core_properties.author != "示范市生态环境局"  # python-docx's own


def test_docx_author_is_the_bureau_when_asked() -> None:
    content = letters.render_docx(sample(), author="示范市生态环境局")
    properties = docx.Document(BytesIO(content)).core_properties
    assert properties.author == properties.last_modified_by == "示范市生态环境局"


def test_pdf_embeds_a_cjk_font() -> None:
    document = letters.pdf_document(sample())
    assert len(document.pages) == 1
    embedded = embedded_fonts(document.write_pdf(uncompressed_pdf=True))
    assert any(is_cjk(name) for name in embedded), embedded
    assert letters.render_pdf(sample()).startswith(b"%PDF")


def test_pdf_warns_without_a_cjk_font_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # fontconfig "finds" nothing; WeasyPrint itself keeps its fonts (no process-wide change)
    monkeypatch.setattr(fonts, "cjk_fonts", lambda: ())
    with caplog.at_level(logging.WARNING, logger="lantian.core.fonts"):
        letters.pdf_document(sample())
        assert not caplog.records
        letters.pdf_document(sample(), warn_as="a complaint letter")
    assert "a complaint letter prints Chinese as empty boxes" in caplog.text


def test_a_datetime_in_extra_is_printed_as_its_date() -> None:
    context = letters.apply_extra({}, {"on": datetime(2026, 3, 5, 9, 30)})
    assert context == {"on": "2026年3月5日"}
