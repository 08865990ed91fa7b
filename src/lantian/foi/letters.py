"""Letters to applicants and third parties: the default texts, the placeholders and the
context built from a case; composing and rendering (DOCX, PDF) are
:mod:`lantian.core.letters`, shared with the complaint letters.

A letter is one :class:`LetterTemplate` (edited by administrators; Django template
syntax) filled from :func:`letter_context`. The same :class:`LetterText` feeds both
files, so the DOCX and the PDF carry the same words. The letters are official Chinese
documents: their text is Chinese whatever the staff member's language.

Layout of every letter: the bureau's name (letterhead), the title, a reference line with
the tracking code, the body, the remedies paragraph (appealable replies only), the list
of released files (reply letters), the signature (bureau name and date) and the bureau's
contact line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from lantian.complaints.selectors import complaint_channel_url
from lantian.core import letters as core
from lantian.core.bureau import contact
from lantian.core.letters import CJK_FONT as CJK_FONT  # re-exported, as are these
from lantian.core.letters import DOCX_CONTENT_TYPE as DOCX_CONTENT_TYPE
from lantian.core.letters import DefaultTemplate as DefaultTemplate
from lantian.core.letters import LetterText as LetterText
from lantian.core.letters import check_template as check_template
from lantian.core.letters import chinese_date as chinese_date
from lantian.core.letters import docx_text as docx_text
from lantian.core.letters import letter_html as letter_html
from lantian.core.letters import pdf_document as pdf_document
from lantian.core.letters import render_docx as render_docx
from lantian.core.letters import render_pdf as render_pdf
from lantian.foi.clock import CONSULTATION_LIMIT, REPLY_CLOCK
from lantian.foi.models import Application, LetterTemplate
from lantian.foi.replies import BY_KEY, Outcome

FEE_PAYMENT_LIMIT = 20  # working days to pay a fee notice (国办函〔2020〕109号, rules-foi §4 [U])
SUPPLEMENT_LIMIT = 15  # working days given to supplement, unless the handler sets another

Kind = LetterTemplate.Kind

# The short outcome labels used in reply letters (the annual report has its own,
# longer official labels in lantian.reports.foi_annual).
OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DISCLOSED: "予以公开",
    Outcome.PARTLY: "部分公开",
    Outcome.WITHHELD: "不予公开",
    Outcome.UNABLE: "无法提供",
    Outcome.NOT_PROCESSED: "不予处理",
    Outcome.OTHER: "其他处理",
}

FEE_METHODS = {"per_application": "按件计收", "per_volume": "按量计收"}

# A complaint sent as an application is not processed as one (条例 Art. 39 para. 1); the
# reply to it (replies.PETITION) says where complaints go: the online form and the hotline.
COMPLAINT_HOTLINE = "12369"


# --------------------------------------------------------------------------- defaults


_INTRO = (
    "本机关于{{ received_on }}收到您（单位）提交的政府信息公开申请（查询码："
    "{{ tracking_code }}），申请获取的信息为：“{{ information_sought }}”。"
)

# LEGAL COUNSEL: the remedies wording is unverified (rules-foi §8 [U]). Since the revised
# 行政复议法 (in force 2024-01-01) a municipal department's decisions are reviewed by the
# people's government at the same level; the periods (60 days / 6 months) follow
# 行政复议法 Art. 20 and 行政诉讼法 Art. 46. The text lives in the editable template's
# ``remedies`` field, so counsel can correct it without a release.
DEFAULT_REMEDIES = (
    "{# 法律顾问请核定：复议机关（2024年1月1日起施行的《中华人民共和国行政复议法》）及申请期限。 #}"
    "如对本答复不服，可以自收到本告知书之日起六十日内向示范市人民政府申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
)

DEFAULT_TEMPLATES: dict[str, DefaultTemplate] = {
    Kind.RECEIPT: DefaultTemplate(
        title="政府信息公开申请接收回执",
        body=(
            "{{ applicant_name }}：\n\n"
            "本机关于{{ received_on }}收到您（单位）提交的政府信息公开申请，申请获取的信息为："
            "“{{ information_sought }}”。您的申请已登记，查询码为{{ tracking_code }}。\n\n"
            "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将自收到申请之日起"
            "20个工作日内予以答复{% if due_date %}，即最迟于{{ due_date }}答复{% endif %}；"
            "需要延长答复期限的，将另行书面告知，延长的期限最长不超过20个工作日。"
            "征求第三方和其他机关意见所需时间不计算在上述期限内。\n\n"
            "您可以凭查询码和验证码在本机关门户网站查询办理进度。"
        ),
    ),
    Kind.SUPPLEMENT: DefaultTemplate(
        title="政府信息公开申请补正告知书",
        body=(
            "{{ applicant_name }}：\n\n" + _INTRO + "\n\n"
            "经审查，您的申请内容不够明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
            "请您对申请作出如下补正：\n\n"
            "{{ supplement_items }}\n\n"
            "请于{{ supplement_deadline }}前将补正后的申请提交本机关。答复期限自本机关收到补正后"
            "的申请之日起重新计算。您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理"
            "该政府信息公开申请。"
        ),
    ),
    Kind.EXTENSION: DefaultTemplate(
        title="政府信息公开申请延期答复告知书",
        body=(
            "{{ applicant_name }}：\n\n" + _INTRO + "\n\n"
            "{% if extension_reason %}因{{ extension_reason }}，{% endif %}本机关不能在法定期限内"
            "作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关"
            "政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，本机关将于"
            "{{ new_due_date }}前作出答复。\n\n"
            "特此告知。"
        ),
    ),
    Kind.THIRD_PARTY: DefaultTemplate(
        title="政府信息公开征求第三方意见书",
        body=(
            "{{ third_party_name }}：\n\n"
            "本机关于{{ received_on }}收到一份政府信息公开申请（查询码：{{ tracking_code }}），"
            "申请获取的信息为：“{{ information_sought }}”。经审查，公开该信息可能损害贵方的"
            "合法权益。\n\n"
            "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见。请于"
            "{{ third_party_deadline }}前（自本意见书发出之日起{{ consultation_days }}个工作日内）"
            "以书面形式提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，由本机关"
            "依照《中华人民共和国政府信息公开条例》的规定决定是否公开。\n\n"
            "贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大"
            "影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"
        ),
    ),
    Kind.FEE: DefaultTemplate(
        title="政府信息公开信息处理费收费通知书",
        body=(
            "{{ applicant_name }}：\n\n" + _INTRO + "\n\n"
            "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》"
            "（国办函〔2020〕109号）的规定，您的申请需缴纳信息处理费人民币{{ fee_amount }}元"
            "（{{ fee_method }}{% if fee_basis %}：{{ fee_basis }}{% endif %}）。\n\n"
            # 109号 Arts. 6 ff. (window, clock exclusion, waivers) are unverified (rules-foi §4 [U])
            "请于{{ fee_deadline }}前通过政府非税收入缴款渠道缴纳，或到本机关政府信息公开工作机构"
            "现场缴纳。自本通知书发出之日起至您缴纳费用之日止的期间，不计算在答复期限内。您逾期"
            "未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。\n\n"
            "如确有经济困难，您可以向本机关提出减免信息处理费的申请。"
        ),
    ),
    Kind.REPLY: DefaultTemplate(
        title="政府信息公开申请答复告知书",
        body=(
            "{{ applicant_name }}：\n\n" + _INTRO + "经审查，现答复如下：\n\n"
            "{{ reply_text }}\n\n"
            "{% if reply_citation %}本答复依据{{ reply_citation }}作出（{{ reply_type_label }}）。"
            "{% else %}答复类型：{{ reply_type_label }}。{% endif %}"
            "{% if released_files %}本机关提供的政府信息见附件。{% endif %}"
            '{% if reply_type == "not_processed_petition" %}\n\n'
            "您提出的事项属于信访、投诉、举报类诉求，本机关不作为政府信息公开申请处理。"
            "您可以通过本机关的投诉举报渠道提出：在本机关门户网站在线投诉举报"
            "（{{ complaint_form_url }}），或者拨打{{ complaint_hotline }}环保举报热线。"
            "{% endif %}"
        ),
        remedies=DEFAULT_REMEDIES,
    ),
}

# What administrators can write in a template, shown as the body's help text.
PLACEHOLDERS: dict[str, str] = {
    "applicant_name": "申请人姓名或名称",
    "tracking_code": "查询码",
    "received_on": "收到申请日期",
    "information_sought": "申请获取的信息",
    "document_hint": "文件名称、文号",
    "issued_on": "本文书日期",
    "due_date": "法定答复期限",
    "supplement_items": "需补正的内容",
    "supplement_deadline": "补正期限",
    "extension_days": "延长的工作日数",
    "extension_reason": "延期理由",
    "new_due_date": "延长后的答复期限",
    "third_party_name": "第三方名称",
    "third_party_deadline": "第三方答复期限",
    "consultation_days": "第三方答复工作日数",
    "fee_amount": "信息处理费金额（元）",
    "fee_method": "计收方式",
    "fee_basis": "计算依据",
    "fee_deadline": "缴费期限",
    "reply_type": "答复类型代码（如 not_processed_petition：信访举报投诉类申请）",
    "reply_type_label": "答复类型",
    "reply_type_row": "年报表三行次",
    "reply_citation": "法律依据",
    "reply_text": "答复正文",
    "released_files": "提供的政府信息（列表，每项有 title、pages）",
    "complaint_form_url": "网上投诉举报表的完整网址",
    "complaint_hotline": "环保举报热线（12369）",
    "bureau_name": "本机关名称",
    "bureau_address": "本机关地址",
    "bureau_phone": "本机关电话",
}


# --------------------------------------------------------------------------- context


def yuan(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:,.2f}"


def reply_type_label(key: str) -> str:
    """“不予公开（属于国家秘密）” for a sub-row, “予以公开” for a one-row group."""
    reply = BY_KEY.get(key)
    if reply is None:
        return ""
    group = OUTCOME_LABELS[reply.outcome]
    return group if reply.label_zh == group else f"{group}（{reply.label_zh}）"


def complaint_form_url() -> str:
    """The public complaint form's full address: the site's public address (``BASE_URL``,
    as in the e-mails and the published items' links) and the form's path."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + complaint_channel_url()


def _add_working_days(start: date, days: int) -> date:
    from lantian.core import calendar

    return calendar.add_working_days(start, days).value


def _clock_facts(application: Application) -> dict[str, Any]:
    """Due date and extensions from the reply clock's event log (never stored)."""
    if application.pk is None:
        return {}
    from lantian.core.clock import EventKind
    from lantian.core.deadlines import clock_state, event_rows

    rows = list(event_rows(application, REPLY_CLOCK))
    if not rows:
        return {}
    state = clock_state(application, REPLY_CLOCK)
    extensions = [row for row in rows if row.kind == EventKind.EXTEND]
    return {
        "due": state.due,
        "provisional": state.provisional,
        "extension_days": sum(row.days for row in extensions),
        "extension_reason": extensions[-1].note if extensions else "",
    }


def _latest_event_data(application: Application, *kinds: str) -> dict[str, Any]:
    """The data and note of the newest case event of one of ``kinds`` (facts the case
    flow recorded, e.g. what to supplement or who the third party is)."""
    if application.pk is None:
        return {}
    event = application.events.filter(kind__in=kinds).order_by("-on", "-at", "-pk").first()
    if event is None:
        return {}
    return {"note": event.note, **(event.data or {})}


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _fee_basis(method: str, quantity: Any) -> str:
    if not quantity:
        return ""
    if method == "per_application":
        return f"本月第{quantity}件申请"
    if method == "per_volume":
        return f"共{quantity}页"
    return ""


def letter_context(
    application: Application,
    kind: str,
    *,
    on: date,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Plain values (strings, numbers, lists of dicts: never model instances, so a
    template cannot reach the applicant's ID number) for one letter. ``extra``
    overrides any of them, e.g. ``{"supplement_items": "…"}`` from the case flow."""
    bureau = contact()
    clock = _clock_facts(application)
    # event kinds and data keys as lantian.foi.services records them
    supplement = _latest_event_data(application, "supplement_requested")
    consultation = _latest_event_data(application, "consultation_started")
    fee = _latest_event_data(application, "fee_notice")
    reply = BY_KEY.get(application.reply_type)
    released = (
        [{"title": f.title, "pages": f.pages} for f in application.released_files.order_by("pk")]
        if application.pk is not None
        else []
    )
    fee_method = fee.get("method", "")
    context: dict[str, Any] = {
        **core.bureau_context(bureau),
        "bureau_office_hours": bureau.office_hours,
        "tracking_code": application.tracking_code,
        "applicant_name": application.name,
        "contact_person": application.contact_person,
        "applicant_address": application.address,
        "applicant_postcode": application.postcode,
        "submitted_on": chinese_date(
            timezone.localdate(application.submitted_at) if application.submitted_at else None
        ),
        "received_on": chinese_date(application.received_on),
        "information_sought": application.description.strip(),
        "document_hint": application.document_hint,
        "issued_on": chinese_date(on),
        "due_date": chinese_date(clock.get("due")),
        "due_date_provisional": clock.get("provisional", False),
        "supplement_items": supplement.get("note", ""),
        "supplement_deadline": chinese_date(
            _iso(supplement.get("deadline")) or _add_working_days(on, SUPPLEMENT_LIMIT)
        ),
        "extension_days": clock.get("extension_days", 0),
        "extension_reason": clock.get("extension_reason", ""),
        "new_due_date": chinese_date(clock.get("due")),
        "third_party_name": consultation.get("party", ""),
        "third_party_deadline": chinese_date(
            _iso(consultation.get("answer_due")) or _add_working_days(on, CONSULTATION_LIMIT)
        ),
        "consultation_days": CONSULTATION_LIMIT,
        "fee_amount": yuan(application.fee_amount),
        "fee_method": FEE_METHODS.get(fee_method, fee_method),
        "fee_basis": _fee_basis(fee_method, fee.get("quantity")),
        "fee_deadline": chinese_date(
            _iso(fee.get("pay_by")) or _add_working_days(on, FEE_PAYMENT_LIMIT)
        ),
        "reply_type": application.reply_type,
        "reply_type_label": reply_type_label(application.reply_type),
        "reply_type_row": reply.row if reply else "",
        "reply_citation": reply.citation if reply else "",
        "reply_text": application.reply_text.strip(),
        "appealable": bool(reply and reply.appealable),
        "released_files": released,
        "complaint_form_url": complaint_form_url(),
        "complaint_hotline": COMPLAINT_HOTLINE,
    }
    return core.apply_extra(context, extra)


# --------------------------------------------------------------------------- composing


def compose(
    template: LetterTemplate | DefaultTemplate, kind: str, context: Mapping[str, Any]
) -> LetterText:
    # the remedies paragraph: on every letter whose template has one, but on a reply
    # only when the reply can be appealed
    with_remedies = kind != Kind.REPLY or context.get("appealable")
    attachments = []
    if kind == Kind.REPLY:
        for number, item in enumerate(context.get("released_files") or [], start=1):
            pages = f"（共{item['pages']}页）" if item.get("pages") else ""
            attachments.append(f"{number}. {item['title']}{pages}")
    return core.compose(
        kind=kind,
        title=template.title,
        body=template.body,
        context=context,
        reference=f"查询码：{context.get('tracking_code', '')}",
        remedies=template.remedies if with_remedies else "",
        attachments=attachments,
    )


def template_for(kind: str) -> LetterTemplate | DefaultTemplate:
    """The administrators' template of ``kind``; the built-in default if none is stored."""
    return core.template_for(LetterTemplate, DEFAULT_TEMPLATES, kind)


def letter_text(
    application: Application,
    kind: str,
    *,
    on: date,
    extra: Mapping[str, Any] | None = None,
    template: LetterTemplate | DefaultTemplate | None = None,
) -> LetterText:
    context = letter_context(application, kind, on=on, extra=extra)
    return compose(template or template_for(kind), kind, context)


# --------------------------------------------------------------------------- entry point


def render_letter(
    application: Application,
    kind: str,
    *,
    on: date,
    extra: Mapping[str, Any] | None = None,
) -> tuple[bytes, bytes]:
    """The letter ``kind`` for ``application`` dated ``on``: ``(docx_bytes, pdf_bytes)``."""
    text = letter_text(application, kind, on=on, extra=extra)
    return render_docx(text), render_pdf(text)


def sample_application() -> Application:
    """An unsaved case with realistic facts, for previews of a template."""
    today = timezone.localdate()
    return Application(
        tracking_code="YSQ-2026-00042",
        applicant_type=Application.ApplicantType.NATURAL_PERSON,
        name="李明",
        contact_person="",
        address="示范市东城区建设路18号",
        postcode="100010",
        description="2025年度示范市重点排污单位名录及其自动监测数据超标处理情况",
        document_hint="示环发〔2025〕12号",
        channel=Application.Channel.ONLINE,
        submitted_at=timezone.now(),
        received_on=today,
        reply_type="partly_disclose",
        reply_text=(
            "您申请获取的重点排污单位名录已于2025年3月在本机关门户网站“信息公开”栏目主动公开。"
            "自动监测数据超标处理情况中涉及个人信息的部分不予公开，其余部分随本告知书提供。"
        ),
        fee_amount=Decimal("100.00"),
    )


def sample_extra(on: date) -> dict[str, Any]:
    return {
        "due_date": _add_working_days(on, REPLY_CLOCK.limit),
        "new_due_date": _add_working_days(on, REPLY_CLOCK.limit + 10),
        "extension_days": 10,
        "extension_reason": "申请内容涉及多个处室，需调取历年档案",
        "supplement_items": "请明确所需信息的时间范围和具体区域。",
        "third_party_name": "示范市某化工有限公司",
        "fee_method": "按件计收",
        "fee_basis": "本月第11件申请",
        "released_files": [{"title": "示范市2025年重点排污单位名录", "pages": 12}],
    }


def preview(template: LetterTemplate | DefaultTemplate, kind: str) -> LetterText:
    on = timezone.localdate()
    return letter_text(sample_application(), kind, on=on, extra=sample_extra(on), template=template)


def kinds() -> Iterable[str]:
    return [kind.value for kind in Kind]
