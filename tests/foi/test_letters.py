"""Letters: every kind renders as DOCX and PDF with the case's facts; templates are seeded,
checked as templates, edited by administrators only, and previewed."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from lantian.core import calendar
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.foi import letters, services
from lantian.foi.letter_services import LETTER_ISSUED, ensure_letter_templates, issue_letter
from lantian.foi.models import Application, CaseEvent, Letter, LetterTemplate, ReleasedFile
from lantian.foi.replies import PETITION
from lantian.portal.models import BureauSettings
from tests.fonthelpers import embedded_fonts, is_cjk

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = date(2026, 3, 5)  # a Thursday; in person, so the receipt day is the day handed in


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def bureau(demo: Any) -> BureauSettings:
    settings = BureauSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "示范市政务中心路88号生态环境大楼302室"
    settings.postcode = "350001"
    settings.phone = "0599-8812 0001"
    settings.save()
    return settings


def register(staff: dict[Role, Any], **fields: Any) -> Application:
    values = {
        "applicant_type": Application.ApplicantType.NATURAL_PERSON,
        "name": "林晓明",
        "id_type": Application.IdType.RESIDENT_ID,
        "id_number": "350102198001011234",
        "phone": "13800000000",
        "address": "示范市鼓楼区东街12号",
        "description": "2025年示范化工有限公司废气排放口自动监测数据",
        **fields,
    }
    application, _code = services.register_application(
        actor=staff[Role.CASE_HANDLER],
        channel=Application.Channel.IN_PERSON,
        submitted_at=datetime(2026, 3, 5, 10, 0, tzinfo=SHANGHAI),
        **values,
    )
    assert application.received_on == RECEIVED
    return application


def assigned(staff: dict[Role, Any]) -> Application:
    application = register(staff)
    return services.assign(
        actor=staff[Role.ADMINISTRATOR],
        application=application,
        department=Department.objects.get(code="legal"),
    )


def docx_lines(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)


def check_files(application: Application, kind: str, on: date, *facts: str) -> str:
    """Render both files; both open and show ``facts``; returns the DOCX text."""
    docx_bytes, pdf_bytes = letters.render_letter(application, kind, on=on)
    text = docx_lines(docx_bytes)
    assert pdf_bytes.startswith(b"%PDF")
    letter = letters.letter_text(application, kind, on=on)
    html = letters.letter_html(letter)
    assert len(letters.pdf_document(letter).pages) >= 1
    for fact in (application.tracking_code, "2026年3月5日", "示范市生态环境局", *facts):
        assert fact in text, fact
        assert fact in html, fact
    return text


# --------------------------------------------------------------------------- rendering


def test_chinese_dates() -> None:
    assert letters.chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert letters.chinese_date(date(2026, 12, 31)) == "2026年12月31日"
    assert letters.chinese_date(None) == ""


def test_receipt_states_the_statutory_due_date(staff, bureau) -> None:
    application = register(staff)
    due = calendar.add_working_days(RECEIVED, 20).value
    assert due == date(2026, 4, 2)  # March has no holiday: 20 working days after 5 March
    text = check_files(
        application,
        "receipt",
        RECEIVED,
        "林晓明",
        "2026年4月2日",
        "2025年示范化工有限公司废气排放口自动监测数据",
        "第三十三条",
        "0599-8812 0001",  # the letterhead's contact line from the bureau settings
        "示范市政务中心路88号生态环境大楼302室",
    )
    assert "行政复议" not in text  # no remedies on a receipt


def test_supplement_notice_says_what_and_by_when(staff, bureau) -> None:
    application = register(staff)
    services.request_supplement(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        on=date(2026, 3, 6),
        deadline=date(2026, 3, 20),
        note="请写明所需监测数据的起止时间和排放口编号。",
    )
    check_files(
        application,
        "supplement",
        date(2026, 3, 6),
        "林晓明",
        "2026年3月6日",
        "请写明所需监测数据的起止时间和排放口编号。",
        "2026年3月20日",
        "第三十条",
    )


def test_extension_notice_gives_days_and_new_due_date(staff, bureau) -> None:
    application = assigned(staff)
    services.extend(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        on=date(2026, 3, 20),
        days=10,
        approver=staff[Role.DEPARTMENT_HEAD],
        reason="所需数据需从监测站历史库中调取",
    )
    new_due = calendar.add_working_days(RECEIVED, 30).value
    assert new_due == date(2026, 4, 17)  # 10 more working days, Qingming (4–6 April) skipped
    check_files(
        application,
        "extension",
        date(2026, 3, 20),
        "林晓明",
        "延长10个工作日",
        "2026年4月17日",
        "所需数据需从监测站历史库中调取",
    )


def test_third_party_letter_is_addressed_to_the_third_party(staff, bureau) -> None:
    application = assigned(staff)
    services.start_consultation(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        on=date(2026, 3, 10),
        party="示范化工有限公司",
        kind="third_party",
    )
    answer_due = calendar.add_working_days(date(2026, 3, 10), 15).value
    text = check_files(
        application,
        "third_party",
        date(2026, 3, 10),
        "示范化工有限公司：",
        letters.chinese_date(answer_due),
        "第三十二条",
    )
    assert "林晓明" not in text  # the applicant's name is not the third party's business
    assert application.id_number not in text


def test_fee_notice_gives_amount_method_and_deadline(staff, bureau) -> None:
    application = assigned(staff)
    services.issue_fee_notice(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        on=date(2026, 3, 10),
        method="per_volume",
        quantity=150,
    )
    pay_by = calendar.add_working_days(date(2026, 3, 10), 20).value
    check_files(
        application,
        "fee",
        date(2026, 3, 10),
        "林晓明",
        "1,700.00",  # 70 pages at ¥10 and 50 at ¥20 (109号 Art. 5)
        "按量计收",
        "共150页",
        letters.chinese_date(pay_by),
    )


def test_reply_carries_type_citation_remedies_and_released_files(staff, bureau) -> None:
    application = register(staff)
    services.draft_reply(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        reply_type="partly_disclose",
        text="排放口DA001的自动监测数据随本告知书提供；涉及企业商业秘密的工艺参数不予公开。",
    )
    ReleasedFile.objects.create(
        application=application, title="DA001自动监测日均值（2025年）", file="x.pdf", pages=12
    )
    text = check_files(
        application,
        "reply",
        date(2026, 3, 25),
        "林晓明",
        "2026年3月25日",
        "排放口DA001的自动监测数据随本告知书提供",
        "《中华人民共和国政府信息公开条例》第三十七条",
        "部分公开",
        "行政复议",
        "行政诉讼",
        "附件：",
        "1. DA001自动监测日均值（2025年）（共12页）",
    )
    assert text.index("行政复议") < text.index("附件：")


def test_reply_without_appeal_rights_has_no_remedies(staff, bureau) -> None:
    application = register(staff)
    services.withdraw(
        actor=staff[Role.CASE_HANDLER], application=application, on=date(2026, 3, 9), note="撤回"
    )
    text = check_files(application, "reply", date(2026, 3, 9), "其他处理（其他）")
    assert "行政复议" not in text


PUBLIC_ADDRESS = "https://sthjj.example.gov.cn"


def drafted(staff: dict[Role, Any], reply_type: str, text: str) -> Application:
    application = register(staff, description="举报示范化工有限公司夜间偷排废气，请依法查处。")
    return services.draft_reply(
        actor=staff[Role.CASE_HANDLER], application=application, reply_type=reply_type, text=text
    )


def test_reply_to_a_complaint_points_to_the_complaint_channel(staff, bureau, settings) -> None:
    """条例 Art. 39 para. 1: not processed as an application; told where complaints go."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS + "/"
    application = drafted(
        staff, PETITION, "您反映的情况属于投诉举报，本机关不作为政府信息公开申请处理。"
    )
    form = PUBLIC_ADDRESS + reverse("complaints:new")
    text = check_files(
        application,
        "reply",
        date(2026, 3, 12),
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
        "不予处理（信访举报投诉类申请）",
        "本机关不作为政府信息公开申请处理",
        f"在本机关门户网站在线投诉举报（{form}）",
        "拨打12369环保举报热线",
    )
    assert text.count(form) == 1
    context = letters.letter_context(application, "reply", on=date(2026, 3, 12))
    assert context["complaint_form_url"] == form and context["complaint_hotline"] == "12369"
    assert context["reply_type"] == PETITION


@pytest.mark.parametrize(
    "reply_type", ["partly_disclose", "not_processed_duplicate", "unable_not_held"]
)
def test_other_replies_do_not_mention_the_complaint_channel(staff, bureau, reply_type) -> None:
    application = drafted(staff, reply_type, "经审查，答复如下。")
    text = check_files(application, "reply", date(2026, 3, 12))
    assert reverse("complaints:new") not in text
    assert "12369" not in text and "投诉举报" not in text


def test_other_letters_of_a_complaint_case_do_not_mention_it(staff, bureau) -> None:
    application = drafted(staff, PETITION, "您反映的情况属于投诉举报。")
    text = check_files(application, "receipt", RECEIVED)
    assert reverse("complaints:new") not in text and "12369" not in text


def test_an_edited_template_can_name_the_complaint_channel(staff, bureau, settings) -> None:
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS
    LetterTemplate.objects.filter(kind="reply").update(
        body="{{ applicant_name }}：\n\n{{ reply_text }}\n\n"
        '{% if reply_type == "not_processed_petition" %}'
        "投诉举报请登录{{ complaint_form_url }}或拨打{{ complaint_hotline }}。{% endif %}"
    )
    petition = drafted(staff, PETITION, "属于投诉举报。")
    check_files(
        petition,
        "reply",
        RECEIVED,
        f"投诉举报请登录{PUBLIC_ADDRESS}{reverse('complaints:new')}或拨打12369。",
    )
    other = drafted(staff, "disclose", "现提供您申请的信息。")
    assert "投诉举报请登录" not in check_files(other, "reply", RECEIVED)


def test_the_placeholders_name_the_complaint_channel(staff, bureau) -> None:
    assert f'reply_type == "{PETITION}"' in letters.DEFAULT_TEMPLATES["reply"].body
    context = letters.letter_context(register(staff), "reply", on=RECEIVED)
    for name in ("reply_type", "complaint_form_url", "complaint_hotline"):
        assert name in letters.PLACEHOLDERS and name in context, name


def test_docx_sets_the_chinese_font(staff, bureau) -> None:
    docx_bytes, _pdf = letters.render_letter(register(staff), "receipt", on=RECEIVED)
    document = docx.Document(BytesIO(docx_bytes))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        letters.CJK_FONT
    )


def test_pdf_embeds_a_cjk_font(staff, bureau) -> None:
    """The font WeasyPrint actually used (through fontconfig), not only the one asked for."""
    letter = letters.letter_text(register(staff), "receipt", on=RECEIVED)
    embedded = embedded_fonts(letters.pdf_document(letter).write_pdf(uncompressed_pdf=True))
    assert any(is_cjk(name) for name in embedded), embedded


def test_context_never_holds_model_instances(staff, bureau) -> None:
    context = letters.letter_context(register(staff), "reply", on=RECEIVED)
    assert all(isinstance(v, str | int | bool | list) for v in context.values())
    assert "350102198001011234" not in repr(context)


# --------------------------------------------------------------------------- issuing


def test_issue_letter_keeps_both_files_on_the_case(staff, bureau, media) -> None:
    application = register(staff)
    letter = issue_letter(
        actor=staff[Role.CASE_HANDLER], application=application, kind="receipt", on=RECEIVED
    )
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.kind == "receipt" and letter.issued_by == staff[Role.CASE_HANDLER]
    with letter.docx.open("rb") as f:
        assert application.tracking_code in docx_lines(f.read())
    with letter.pdf.open("rb") as f:
        assert f.read(4) == b"%PDF"
    event = CaseEvent.objects.get(application=application, kind="letter_issued")
    assert event.data == {"kind": "receipt", "letter": letter.pk}
    assert ModelLogEntry.objects.filter(
        action=LETTER_ISSUED, object_id=str(application.pk), data__letter=letter.pk
    ).exists()


def test_issue_letter_refuses_an_unknown_kind(staff, bureau, media) -> None:
    with pytest.raises(ValueError):
        issue_letter(actor=None, application=register(staff), kind="love_letter", on=RECEIVED)


# --------------------------------------------------------------------------- templates


def test_defaults_are_seeded_once_and_never_overwritten(db) -> None:
    assert set(LetterTemplate.objects.values_list("kind", flat=True)) == set(
        LetterTemplate.Kind.values
    )
    LetterTemplate.objects.filter(kind="fee").update(body="{{ applicant_name }}：缴费。")
    assert ensure_letter_templates() == []
    assert LetterTemplate.objects.get(kind="fee").body == "{{ applicant_name }}：缴费。"
    LetterTemplate.objects.filter(kind="fee").delete()
    assert ensure_letter_templates() == ["fee"]
    assert LetterTemplate.objects.get(kind="fee").body == letters.DEFAULT_TEMPLATES["fee"].body


def test_reply_remedies_come_from_the_editable_template(staff, bureau) -> None:
    LetterTemplate.objects.filter(kind="reply").update(
        remedies="不服本答复的，可以向{{ bureau_name }}的上级机关申请复核。"
    )
    application = register(staff)
    services.draft_reply(
        actor=staff[Role.CASE_HANDLER],
        application=application,
        reply_type="unable_not_held",
        text="经检索，本机关未制作或获取您申请的信息。",
    )
    text = check_files(application, "reply", RECEIVED, "不服本答复的，可以向示范市生态环境局")
    assert "无法提供（本机关不掌握相关政府信息）" in text


def test_default_templates_render_with_the_sample_case(db) -> None:
    for kind, default in letters.DEFAULT_TEMPLATES.items():
        letters.check_template(default.body)
        text = letters.preview(default, kind)
        assert "{{" not in "\n".join(text.lines()) and "{%" not in "\n".join(text.lines())
        assert text.paragraphs, kind


def edit_url(kind: str) -> str:
    pk = LetterTemplate.objects.get(kind=kind).pk
    return reverse("wagtailsnippets_foi_lettertemplate:edit", args=[pk])


def form_data(template: LetterTemplate, **changes: str) -> dict[str, str]:
    return {
        "title": template.title,
        "body": template.body,
        "remedies": template.remedies,
        **changes,
    }


def test_administrator_edits_a_template(client_as) -> None:
    client = client_as(Role.ADMINISTRATOR)
    template = LetterTemplate.objects.get(kind="extension")
    response = client.post(
        edit_url("extension"),
        form_data(template, body="{{ applicant_name }}：延期至{{ new_due_date }}。"),
    )
    assert response.status_code == 302
    assert LetterTemplate.objects.get(kind="extension").body.endswith("延期至{{ new_due_date }}。")


@pytest.mark.parametrize("field", ["body", "remedies", "title"])
def test_a_template_syntax_error_is_a_form_error(client_as, field: str) -> None:
    client = client_as(Role.ADMINISTRATOR)
    template = LetterTemplate.objects.get(kind="reply")
    before = getattr(template, field)
    response = client.post(
        edit_url("reply"), form_data(template, **{field: "{% if reply_text %}未闭合"})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert getattr(LetterTemplate.objects.get(kind="reply"), field) == before


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CASE_HANDLER, Role.REVIEWER])
def test_other_staff_cannot_edit_templates(client_as, role: Role) -> None:
    client = client_as(role)
    template = LetterTemplate.objects.get(kind="reply")
    assert client.get(edit_url("reply")).status_code in (302, 403)
    response = client.post(edit_url("reply"), form_data(template, body="改掉"))
    assert response.status_code in (302, 403)
    assert LetterTemplate.objects.get(kind="reply").body == template.body
    preview = reverse("foi_letter_template_preview", args=[template.pk])
    assert client.get(preview).status_code in (302, 403)


def test_preview_shows_the_letter_of_a_sample_case(client_as) -> None:
    client = client_as(Role.ADMINISTRATOR)
    template = LetterTemplate.objects.get(kind="reply")
    url = reverse("foi_letter_template_preview", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "政府信息公开申请答复告知书" in html and "李明" in html and "第三十七条" in html
    assert client.get(url, {"format": "pdf"}).content.startswith(b"%PDF")
    assert "李明" in docx_lines(client.get(url, {"format": "docx"}).content)
    listing = client.get(reverse("wagtailsnippets_foi_lettertemplate:list"))
    assert listing.status_code == 200 and url in listing.content.decode()


def test_anonymous_preview_goes_to_login(db) -> None:
    template = LetterTemplate.objects.first()
    response = Client().get(reverse("foi_letter_template_preview", args=[template.pk]))
    assert response.status_code == 302
