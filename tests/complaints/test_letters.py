"""Letters to complainants: every kind renders as DOCX and PDF with the case's facts and
dates from its clocks; a letter is issued only on a case that records its decision; the
files are private; templates are seeded once and an administrator's text is used."""

from __future__ import annotations

import re
import zlib
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from wagtail.models import ModelLogEntry, Site

from lantian.complaints import letters, services
from lantian.complaints.letter_services import (
    LETTER_EVENT,
    LETTER_ISSUED,
    ensure_letter_templates,
    issue_letter,
)
from lantian.complaints.models import Complaint, ComplaintEvent, Letter, LetterTemplate
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.portal.models import BureauSettings
from tests.fonthelpers import embedded_fonts, is_cjk
from tests.privatestorage import same_storage

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 30)  # the register fixture's day (12369 hotline: 15 + 60 days)
ACCEPTED = date(2026, 10, 10)  # the accepted fixture's day
HANDLING_DUE = date(2026, 12, 9)  # 60 calendar days after acceptance
RANDOM_NAME = re.compile(r"^complaints/letters/[0-9a-f]{32}\.(pdf|docx)$")
NAME, PHONE, EMAIL = "李小梅", "13912345678", "xiaomei@example.cn"


@pytest.fixture
def accepted(accepted: Complaint) -> Complaint:
    """The accepted case, handled by 大气环境处 (the demo has no routing rules)."""
    Complaint.objects.filter(pk=accepted.pk).update(department=Department.objects.get(code="air"))
    accepted.refresh_from_db()
    return accepted


@pytest.fixture
def bureau(demo: Any) -> BureauSettings:
    values = BureauSettings.for_site(Site.objects.get(is_default_site=True))
    values.address = "示范市政务中心路88号生态环境大楼302室"
    values.postcode = "350001"
    values.phone = "0599-8812 0001"
    values.save()
    return values


def pdf_text(text: letters.LetterText) -> str:
    """The text WeasyPrint laid out on the PDF's pages (no PDF text extractor installed)."""
    from weasyprint.formatting_structure.boxes import TextBox

    document = letters.pdf_document(text)
    assert len(document.pages) >= 1
    return "".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )


def pdf_streams(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the document information, title
    included, sits in a compressed object stream)."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"".join(parts).lower()


def issued(complaint: Complaint, kind: str, on: date, actor: Any, *facts: str) -> str:
    """Issue the letter; both stored files open and show ``facts`` (and the case number,
    the bureau and the date); returns the DOCX text."""
    letter = issue_letter(actor=actor, complaint=complaint, kind=kind, on=on)
    with letter.docx.open("rb") as f:
        text = "\n".join(p.text for p in docx.Document(BytesIO(f.read())).paragraphs)
    with letter.pdf.open("rb") as f:
        pdf = f.read()
    assert pdf.startswith(b"%PDF")
    # the stored PDF itself names the case (its title, in the document information)
    assert complaint.case_no.encode("utf-16-be").hex().encode() in pdf_streams(pdf)
    laid_out = pdf_text(letters.letter_text(complaint, kind, on=on))
    for fact in (complaint.case_no, "示范市生态环境局", letters.chinese_date(on), *facts):
        assert fact in text, fact
        assert fact in laid_out, fact
    # addressed to the complainant by name, never with their contact details
    for private in (PHONE, EMAIL):
        assert private not in text and private not in laid_out
    return text


# --------------------------------------------------------------------------- kinds


def test_chinese_dates_and_periods() -> None:
    assert letters.chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert letters.chinese_date(None) == ""
    assert letters.period(60, "calendar_days") == "60日"
    assert letters.period(2, "working_days") == "2个工作日"


def test_acceptance_tells_the_handling_due_date(
    accepted: Complaint, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    text = issued(
        accepted,
        "acceptance",
        ACCEPTED,
        staff[Role.CASE_HANDLER],
        "受理告知书",
        f"{NAME}：",
        "12369环保举报热线",
        "“化工厂夜间排放刺鼻气体”",
        "2026年9月30日",  # received
        "2026年10月10日",  # accepted
        "60日内办结",
        "2026年12月9日",  # 60 calendar days after acceptance (rules-complaints §1)
        "不超过30日",
        "交由大气环境处负责办理",
        "0599-8812 0001",  # the bureau's contact line from its settings
        "示范市政务中心路88号生态环境大楼302室",
    )
    assert "复查" not in text  # review rights belong to the reply


def test_refusal_names_where_the_case_was_sent(
    register: Any, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    complaint = services.refuse(
        actor=staff[Role.ADMINISTRATOR],
        complaint=register(title="小区楼下烧烤店油烟扰民"),
        on=date(2026, 10, 8),
        reason="您反映的露天烧烤油烟问题属于城市管理部门的职责",
        referred_to="示范市城市管理局",
    )
    text = issued(
        complaint,
        "refusal",
        date(2026, 10, 8),
        staff[Role.ADMINISTRATOR],
        "不予受理告知书",
        "不予受理",
        "您反映的露天烧烤油烟问题属于城市管理部门的职责。",
        "转送示范市城市管理局依法处理",
        "2026年10月8日",
    )
    assert "受理告知书" in text and "决定受理" not in text


def test_extension_tells_the_reason_and_both_due_dates(
    accepted: Complaint, air_head: Any, bureau: BureauSettings
) -> None:
    services.extend(
        actor=air_head,
        complaint=accepted,
        days=30,
        reason="需委托第三方检测机构对厂界废气进行采样检测",
        on=date(2026, 12, 1),
    )
    issued(
        accepted,
        "extension",
        date(2026, 12, 1),
        air_head,
        "延期办理告知书",
        "因需委托第三方检测机构对厂界废气进行采样检测，",
        "原定于2026年12月9日前办结",
        "延长30日",
        "2027年1月8日",  # 9 December + 30 days
    )


def test_reply_gives_findings_measures_and_review_rights(
    accepted: Complaint, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    handler = staff[Role.ADMINISTRATOR]
    services.record_findings(
        actor=handler,
        complaint=accepted,
        findings="2026年10月15日夜间，执法人员对示范化工有限公司进行突击检查，厂界臭气浓度超标。",
        substantiated=Complaint.Substantiated.PARTLY,
        measures="已责令该公司立即停止超标排放，限期十五日内完成废气收集系统整改。",
        penalties="依法对该公司处以罚款人民币十万元。",
        on=date(2026, 11, 5),
    )
    services.reply(
        actor=handler,
        complaint=accepted,
        text="本机关将持续跟踪该公司整改情况，并纳入重点监管。",
        on=date(2026, 11, 20),
    )
    issued(
        accepted,
        "reply",
        date(2026, 11, 20),
        handler,
        "答复意见书",
        "一、调查核实情况",
        "厂界臭气浓度超标",
        "经调查核实，您反映的问题部分属实。",
        "限期十五日内完成废气收集系统整改",
        "处以罚款人民币十万元",
        "持续跟踪该公司整改情况",
        "30日内",
        "复查",
    )


def test_duplicate_notice_tells_the_master_outcome_without_its_complainant(
    accepted: Complaint, register: Any, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    handler = staff[Role.ADMINISTRATOR]
    services.record_findings(
        actor=handler,
        complaint=accepted,
        findings="经现场检查，示范化工有限公司废气处理设施未正常运行。",
        substantiated=Complaint.Substantiated.YES,
        measures="已责令该公司立即整改。",
        on=date(2026, 11, 5),
    )
    services.reply(
        actor=handler,
        complaint=accepted,
        text=f"{NAME}女士：感谢您的举报，已按您留下的电话{PHONE}回访。",
        on=date(2026, 11, 20),
    )
    duplicate = register(name="王建国", phone="13700001111", email="")
    services.merge_duplicate(
        actor=handler, complaint=duplicate, master=accepted, on=date(2026, 11, 21)
    )
    text = issued(
        duplicate,
        "duplicate",
        date(2026, 11, 21),
        handler,
        "合并办理结果告知书",
        "王建国：",
        f"编号为{accepted.case_no}的事项",
        "废气处理设施未正常运行",
        "反映的问题属实",
        "已责令该公司立即整改。",
    )
    # the master's complainant and the reply written to them stay out
    assert NAME not in text and PHONE not in text and "回访" not in text


def test_an_anonymous_complainant_is_addressed_as_the_reporter(
    register: Any, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    complaint = register(anonymous=True, name="", phone="", email="")
    complaint = services.accept(actor=staff[Role.ADMINISTRATOR], complaint=complaint, on=ACCEPTED)
    text = issued(complaint, "acceptance", ACCEPTED, staff[Role.ADMINISTRATOR], "举报人：")
    assert NAME not in text


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("kind", ["refusal", "extension", "reply", "duplicate"])
def test_a_letter_needs_the_decision_it_tells(
    accepted: Complaint, staff: dict[Role, Any], kind: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        issue_letter(actor=staff[Role.ADMINISTRATOR], complaint=accepted, kind=kind, on=ACCEPTED)
    assert refused.value.code == "letter_not_applicable"
    assert not Letter.objects.filter(complaint=accepted).exists()


def test_no_acceptance_letter_before_acceptance(register: Any, staff: dict[Role, Any]) -> None:
    with pytest.raises(ValidationError):
        issue_letter(actor=None, complaint=register(), kind="acceptance", on=RECEIVED)


def test_an_unknown_kind_is_refused(accepted: Complaint) -> None:
    with pytest.raises(ValueError, match="unknown letter kind"):
        issue_letter(actor=None, complaint=accepted, kind="love_letter", on=ACCEPTED)


# --------------------------------------------------------------------------- issuing


def test_issued_letters_are_private_recorded_and_audited(
    accepted: Complaint, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    handler = staff[Role.CASE_HANDLER]
    letter = issue_letter(actor=handler, complaint=accepted, kind="acceptance", on=ACCEPTED)
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.kind, letter.issued_on, letter.issued_by) == ("acceptance", ACCEPTED, handler)
    private_root = Path(settings.PRIVATE_ROOT).resolve()
    for field in (letter.docx, letter.pdf):
        assert RANDOM_NAME.match(field.name), field.name
        assert accepted.case_no not in field.name
        assert same_storage(field.storage, storages["private"])
        stored = Path(field.storage.path(field.name)).resolve()
        assert private_root in stored.parents and stored.exists()
        assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents
        with pytest.raises(ValueError, match="no public URL"):
            field.url  # noqa: B018
    assert letter.docx.name != letter.pdf.name
    assert letter.download_name("pdf") == f"{accepted.case_no}-acceptance-20261010.pdf"

    event = ComplaintEvent.objects.get(complaint=accepted, kind=LETTER_EVENT)
    assert event.public and event.actor == handler and event.on == ACCEPTED
    assert event.data == {"kind": "acceptance", "letter": letter.pk}
    assert event.note == "受理告知书"
    entry = ModelLogEntry.objects.get(action=LETTER_ISSUED, object_id=str(accepted.pk))
    assert entry.user == handler
    assert entry.data["letter"] == letter.pk and entry.data["on"] == "2026-10-10"


def test_docx_names_the_chinese_font_and_the_bureau_as_author(
    accepted: Complaint, bureau: BureauSettings
) -> None:
    docx_bytes, _pdf = letters.render_letter(accepted, "acceptance", on=ACCEPTED)
    document = docx.Document(BytesIO(docx_bytes))
    fonts = document.styles["Normal"].element.rPr.rFonts
    east_asian = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    assert fonts.get(east_asian) == letters.CJK_FONT
    assert document.core_properties.author == "示范市生态环境局"
    assert document.core_properties.title == "受理告知书"


def test_pdf_embeds_a_cjk_font(accepted: Complaint, bureau: BureauSettings) -> None:
    text = letters.letter_text(accepted, "acceptance", on=ACCEPTED)
    embedded = embedded_fonts(letters.pdf_document(text).write_pdf(uncompressed_pdf=True))
    assert any(is_cjk(name) for name in embedded), embedded


def test_context_holds_plain_values_without_contact_details(
    register: Any, bureau: BureauSettings
) -> None:
    complaint = register(id_number="350102198001011234", contact_address="示范市鼓楼区东街12号")
    context = letters.letter_context(complaint, "reply", on=RECEIVED)
    assert all(isinstance(v, str | int | bool) for v in context.values())
    flat = repr(context)
    for private in (PHONE, EMAIL, "350102198001011234", "东街12号"):
        assert private not in flat
    assert context["complainant_name"] == NAME
    assert context["intake_due"] == "2026年10月15日"  # 15 calendar days after receipt


# --------------------------------------------------------------------------- templates


def test_templates_are_seeded_after_migrate_for_every_kind(db: Any) -> None:
    assert set(LetterTemplate.objects.values_list("kind", flat=True)) == set(
        LetterTemplate.Kind.values
    )


def test_seeding_creates_missing_kinds_and_never_overwrites(db: Any) -> None:
    LetterTemplate.objects.filter(kind="acceptance").update(body="已改：{{ case_no }}")
    LetterTemplate.objects.filter(kind="refusal").delete()
    assert ensure_letter_templates() == ["refusal"]
    assert ensure_letter_templates() == []
    assert LetterTemplate.objects.get(kind="acceptance").body == "已改：{{ case_no }}"
    assert LetterTemplate.objects.get(kind="refusal").title == "不予受理告知书"


def test_every_default_is_a_valid_template_with_known_placeholders() -> None:
    known = set(letters.PLACEHOLDERS) | {"due_date_provisional", "bureau_postcode"}
    for kind, default in letters.DEFAULT_TEMPLATES.items():
        letters.check_template(default.body)
        used = set(re.findall(r"{{\s*(\w+)\s*}}", default.body))
        assert used <= known, (kind, used - known)
    assert set(letters.DEFAULT_TEMPLATES) == set(LetterTemplate.Kind.values)


def test_an_administrators_text_is_used(
    accepted: Complaint, staff: dict[Role, Any], bureau: BureauSettings
) -> None:
    LetterTemplate.objects.filter(kind="acceptance").update(
        title="投诉举报受理通知",
        body="{{ complainant_name }}：\n\n您的举报（{{ case_no }}）已由{{ department }}受理。",
    )
    text = issued(
        accepted,
        "acceptance",
        ACCEPTED,
        staff[Role.ADMINISTRATOR],
        "投诉举报受理通知",
        f"您的举报（{accepted.case_no}）已由大气环境处受理。",
    )
    assert "60日内办结" not in text


@pytest.mark.parametrize("kind", LetterTemplate.Kind.values)
def test_every_default_previews_on_a_sample_case(db: Any, kind: str) -> None:
    on = date(2026, 11, 2)
    text = letters.preview(letters.DEFAULT_TEMPLATES[kind], kind, on=on)
    lines = "\n".join(text.lines())
    assert text.reference == "编号：TS202600042" and text.date == "2026年11月2日"
    assert text.salutation == "李明："
    assert "{{" not in lines and "{%" not in lines
    expected = {
        "acceptance": "2027年1月1日",  # the sample's handling due date (60 days)
        "refusal": "示范市城市管理局",
        "extension": "需委托第三方检测机构对厂界废气进行采样检测",
        "reply": "部分属实",
        "duplicate": "TS202600017",
    }[kind]
    assert expected in lines
    assert letters.render_docx(text).startswith(b"PK")
