"""Letters to complainants: the default texts, the placeholders and the context built
from a case; composing and rendering (DOCX, PDF) are :mod:`lantian.core.letters`, shared
with the FOI letters.

A letter is one :class:`~lantian.complaints.models.LetterTemplate` (edited by
administrators; Django template syntax) filled from :func:`letter_context`. The same
:class:`LetterText` feeds both files, so the DOCX and the PDF carry the same words. The
letters are official Chinese documents: their text is Chinese whatever the staff
member's language.

Personal data: a letter is addressed to the complainant, so it carries their name (never
their phone, e-mail, ID number or home address). It is kept in the private storage and
handed out only to staff with the case in scope and to the complainant holding the
tracking pass (:mod:`lantian.complaints.downloads`). The duplicate notice tells what was
found on the master case, never that case's complainant or the reply addressed to them.

Layout of every letter: the bureau's name (letterhead), the title, a reference line with
the case number, the body, the signature (bureau name and date) and the bureau's
contact line — the same layout as the FOI letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from lantian.complaints.models import Complaint, LetterTemplate
from lantian.core import letters as core
from lantian.core.clock import EventKind, Status, Unit
from lantian.core.letters import CJK_FONT as CJK_FONT  # re-exported, as are these
from lantian.core.letters import DOCX_CONTENT_TYPE as DOCX_CONTENT_TYPE
from lantian.core.letters import DefaultTemplate as DefaultTemplate
from lantian.core.letters import LetterText as LetterText
from lantian.core.letters import check_template as check_template
from lantian.core.letters import chinese_date as chinese_date
from lantian.core.letters import docx_text as docx_text

# The contact line leaves out the fax (the FOI letters print it).
CONTACT_KEYS = tuple(key for key in core.CONTACT_KEYS if key != "bureau_fax")

Kind = LetterTemplate.Kind

# Official Chinese words for the case's facts (the letter is Chinese in any UI language).
CHANNEL_LABELS = {
    "hotline_12369": "12369环保举报热线",
    "wechat_12369": "12369环保举报微信公众号（网络举报平台）",
    "online": "本机关门户网站网上投诉",
    "mailbox": "局长信箱",
    "petition_letter": "来信",
    "petition_visit": "来访",
    "supervision": "群众监督举报",
    "inspection": "生态环境保护督察组交办",
}
SUBSTANTIATED_LABELS = {"yes": "属实", "partly": "部分属实", "no": "不属实"}


# --------------------------------------------------------------------------- defaults


_SALUTATION = "{{ complainant_name }}：\n\n"
_INTRO = (
    "您于{{ submitted_on }}通过{{ channel }}反映的"
    "{% if enterprise %}{{ enterprise }}{% endif %}“{{ subject }}”问题"
    "（编号：{{ case_no }}）"
)
_THANKS = "感谢您对生态环境保护工作的关心和支持。"

# LEGAL COUNSEL: the review wording follows 《信访工作条例》 (2022) on 复查 within 30 days
# of the written reply (rules-complaints §1 marks the 30-day period [U]). It lives in the
# editable template, so counsel can correct it without a release.
_REVIEW = (
    "{# 法律顾问请核定：复查期限及复查机关（《信访工作条例》）。 #}"
    "如对本答复意见不服，可以自收到本答复意见书之日起30日内，向本机关的上一级行政机关"
    "请求复查。"
)

DEFAULT_TEMPLATES: dict[str, DefaultTemplate] = {
    Kind.ACCEPTANCE: DefaultTemplate(
        title="受理告知书",
        body=(
            _SALUTATION + _INTRO + "已于{{ received_on }}收悉。\n\n"
            "经审查，您反映的事项属于本机关职责范围，本机关已于{{ accepted_on }}决定受理"
            "{% if department %}，交由{{ department }}负责办理{% endif %}。"
            "根据《信访工作条例》和《环保举报热线工作管理办法》的有关规定，"
            "本机关将自受理之日起{{ handling_period }}内办结并书面答复您"
            "{% if handling_due %}，即最迟于{{ handling_due }}前答复{% endif %}；"
            "情况复杂需要延长办理期限的，将另行书面告知延期理由，延长期限不超过"
            "{{ max_extension_period }}。\n\n"
            "您可以凭编号和查询码在本机关门户网站“政民互动”栏目查询办理进度。"
            "请您如实反映情况，不得捏造、歪曲事实，不得诬告、陷害他人。\n\n"
            "特此告知。"
        ),
    ),
    Kind.REFUSAL: DefaultTemplate(
        title="不予受理告知书",
        body=(
            _SALUTATION + _INTRO + "已于{{ received_on }}收悉。\n\n"
            "经审查，{% if refusal_reason %}{{ refusal_reason }}。{% endif %}"
            "您反映的事项不属于本机关的职责范围，根据《信访工作条例》和《环保举报热线工作管理办法》"
            "的有关规定，本机关决定不予受理。"
            "{% if referred_to %}本机关已于{{ refused_on }}将该事项转送{{ referred_to }}依法处理，"
            "请您今后直接向{{ referred_to }}反映，或关注其办理情况。"
            "{% else %}请您向有权处理的机关反映。{% endif %}\n\n"
            "特此告知。"
        ),
    ),
    Kind.EXTENSION: DefaultTemplate(
        title="延期办理告知书",
        body=(
            _SALUTATION + _INTRO + "，本机关已于{{ accepted_on }}受理，原定于{{ handling_due }}"
            "前办结。\n\n"
            "{% if extension_reason %}因{{ extension_reason }}，{% endif %}"
            "该事项不能在规定期限内办结。根据《信访工作条例》和《环保举报热线工作管理办法》的"
            "有关规定，经本机关负责人批准，办理期限延长{{ extension_period }}，"
            "本机关将于{{ new_due_date }}前办结并书面答复您。\n\n"
            "特此告知。"
        ),
    ),
    Kind.REPLY: DefaultTemplate(
        title="答复意见书",
        body=(
            _SALUTATION + _INTRO + "，本机关已于{{ accepted_on }}受理"
            "{% if department %}，交由{{ department }}调查处理{% endif %}。"
            "现将办理情况答复如下：\n\n"
            "一、调查核实情况\n\n"
            "{% if findings %}{{ findings }}{% else %}本机关已对您反映的问题进行了调查核实。"
            "{% endif %}\n\n"
            "二、处理意见\n\n"
            "{% if substantiated %}经调查核实，您反映的问题{{ substantiated }}。{% endif %}"
            "{% if measures %}{{ measures }}{% endif %}"
            "{% if penalties %}\n\n{{ penalties }}{% endif %}"
            "{% if reply %}\n\n{{ reply }}{% endif %}\n\n" + _THANKS + "\n\n" + _REVIEW
        ),
    ),
    Kind.DUPLICATE: DefaultTemplate(
        title="合并办理结果告知书",
        body=(
            _SALUTATION + _INTRO + "已于{{ received_on }}收悉。\n\n"
            "经核查，您反映的问题与本机关已受理的编号为{{ master_case_no }}的事项属同一问题，"
            "已并入该事项合并办理，不再重复受理。现将该事项的办理结果告知如下：\n\n"
            "{% if master_findings %}{{ master_findings }}{% else %}该事项正在办理中，"
            "办结后本机关将告知您办理结果。{% endif %}"
            "{% if master_substantiated %}\n\n经调查核实，反映的问题{{ master_substantiated }}。"
            "{% endif %}"
            "{% if master_measures %}\n\n{{ master_measures }}{% endif %}\n\n" + _THANKS
        ),
    ),
}

# What administrators can write in a template, shown as the body's help text.
PLACEHOLDERS: dict[str, str] = {
    "complainant_name": "举报人（来信人）姓名；匿名时为“举报人”",
    "case_no": "编号",
    "channel": "反映渠道",
    "subject": "反映事项",
    "enterprise": "被举报单位",
    "category": "问题类别",
    "district": "所在区县",
    "location": "问题地点",
    "submitted_on": "反映日期",
    "received_on": "收到日期",
    "accepted_on": "受理日期",
    "refused_on": "不予受理日期",
    "refusal_reason": "不予受理理由",
    "referred_to": "转送机关",
    "department": "承办处室",
    "intake_due": "受理期限",
    "handling_period": "办理期限（如“60日”）",
    "handling_due": "原定办结期限",
    "max_extension_period": "最长延期（如“30日”）",
    "extension_period": "本次延长的期限",
    "extension_reason": "延期理由",
    "new_due_date": "延长后的办结期限",
    "findings": "调查核实情况",
    "substantiated": "是否属实",
    "measures": "处理措施",
    "penalties": "行政处罚情况",
    "reply": "答复正文",
    "replied_on": "答复日期",
    "master_case_no": "合并办理的事项编号",
    "master_findings": "合并事项的调查核实情况",
    "master_substantiated": "合并事项是否属实",
    "master_measures": "合并事项的处理措施",
    "issued_on": "本文书日期",
    "bureau_name": "本机关名称",
    "bureau_address": "本机关地址",
    "bureau_phone": "本机关电话",
}


# --------------------------------------------------------------------------- context


def period(days: int, unit: str) -> str:
    """“60日” or “2个工作日”."""
    if not days:
        return ""
    return f"{days}个工作日" if unit == Unit.WORKING_DAYS else f"{days}日"


def complainant_name(complaint: Complaint) -> str:
    name = (complaint.name or "").strip()
    if complaint.anonymous or not name:
        return "来信人" if complaint.channel in ("mailbox", "petition_letter") else "举报人"
    return name


def _clock_facts(complaint: Complaint, on: date) -> dict[str, Any]:
    """Due dates and the extension from the case's clocks (replayed from their event
    logs by the selectors; never stored)."""
    if complaint.pk is None:
        return {}
    from lantian.complaints import selectors
    from lantian.core.deadlines import event_rows

    clock = selectors.case_clock(complaint, today=on)
    extensions = [
        row
        for row in event_rows(complaint, selectors.handling_clock_spec(complaint))
        if row.kind == EventKind.EXTEND
    ]
    extension_days = sum(row.days for row in extensions)
    handling = clock.handling
    original_due = None
    if handling.status is not Status.NOT_STARTED and handling.due is not None and extension_days:
        # the due date before the extension: the clock replayed without it
        from lantian.core.deadlines import to_event

        spec = selectors.handling_clock_spec(complaint)
        rows = [
            row
            for row in event_rows(complaint, spec)
            if row.kind not in (EventKind.EXTEND, EventKind.STOP)
        ]
        original_due = spec.clock().replay(to_event(row) for row in rows).due
    return {
        "intake_due": clock.intake_due,
        "handling_due": original_due or clock.handling_due,
        "new_due_date": clock.handling_due,
        "extension_days": extension_days,
        "extension_reason": extensions[-1].note.strip() if extensions else "",
        "provisional": clock.provisional,
    }


def _master_facts(complaint: Complaint) -> dict[str, str]:
    """What was found and done on the master case: facts about the site, never the
    master's complainant, nor the reply written to them."""
    master = complaint.master
    if master is None:
        return {}
    return {
        "master_case_no": master.case_no,
        "master_findings": master.findings.strip(),
        "master_substantiated": SUBSTANTIATED_LABELS.get(master.substantiated, ""),
        "master_measures": master.measures.strip(),
    }


def letter_context(
    complaint: Complaint,
    kind: str,
    *,
    on: date,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Plain values (strings, numbers, booleans: never model instances, so a template
    cannot reach the complainant's phone or ID number) for one letter. ``extra``
    overrides any of them; a date is printed the Chinese way."""
    clock = _clock_facts(complaint, on)
    department = complaint.department
    context: dict[str, Any] = {
        **core.bureau_context(),
        "complainant_name": complainant_name(complaint),
        "case_no": complaint.case_no,
        "channel": CHANNEL_LABELS.get(complaint.channel, complaint.channel),
        "subject": complaint.title.strip(),
        "enterprise": complaint.enterprise.strip(),
        "category": complaint.category.name if complaint.category_id else "",
        "district": complaint.district.name if complaint.district_id else "",
        "location": complaint.address.strip(),
        "submitted_on": chinese_date(
            timezone.localdate(complaint.submitted_at) if complaint.submitted_at else None
        ),
        "received_on": chinese_date(complaint.received_on),
        "accepted_on": chinese_date(complaint.accepted_on),
        "refused_on": chinese_date(complaint.refused_on),
        "refusal_reason": complaint.refusal_reason.strip().rstrip("。"),
        "referred_to": complaint.referred_to.strip(),
        "department": department.name if department is not None else "",
        "intake_due": chinese_date(clock.get("intake_due")),
        "handling_period": period(complaint.handling_limit, complaint.handling_unit),
        "handling_due": chinese_date(clock.get("handling_due")),
        "max_extension_period": period(complaint.max_extension, complaint.handling_unit),
        "extension_period": period(clock.get("extension_days", 0), complaint.handling_unit),
        "extension_reason": clock.get("extension_reason", "").rstrip("。"),
        "new_due_date": chinese_date(clock.get("new_due_date")),
        "due_date_provisional": clock.get("provisional", False),
        "findings": complaint.findings.strip(),
        "substantiated": SUBSTANTIATED_LABELS.get(complaint.substantiated, ""),
        "measures": complaint.measures.strip(),
        "penalties": complaint.penalties.strip(),
        "reply": complaint.reply.strip(),
        "replied_on": chinese_date(complaint.replied_on),
        "master_case_no": "",
        "master_findings": "",
        "master_substantiated": "",
        "master_measures": "",
        **_master_facts(complaint),
        "issued_on": chinese_date(on),
    }
    return core.apply_extra(context, extra)


# --------------------------------------------------------------------------- composing


def compose(
    template: LetterTemplate | DefaultTemplate, kind: str, context: Mapping[str, Any]
) -> LetterText:
    return core.compose(
        kind=kind,
        title=template.title,
        body=template.body,
        context=context,
        reference=f"编号：{context.get('case_no', '')}",
        contact_keys=CONTACT_KEYS,
    )


def template_for(kind: str) -> LetterTemplate | DefaultTemplate:
    """The administrators' template of ``kind``; the built-in default if none is stored."""
    return core.template_for(LetterTemplate, DEFAULT_TEMPLATES, kind)


def letter_text(
    complaint: Complaint,
    kind: str,
    *,
    on: date,
    extra: Mapping[str, Any] | None = None,
    template: LetterTemplate | DefaultTemplate | None = None,
) -> LetterText:
    context = letter_context(complaint, kind, on=on, extra=extra)
    return compose(template or template_for(kind), kind, context)


# --------------------------------------------------------------------------- files


def _document_title(text: LetterText) -> str:
    return f"{text.title}（{text.reference}）"  # the PDF's title names the case number too


def letter_html(text: LetterText) -> str:
    """The HTML the PDF is laid out from (also a back-office preview)."""
    return core.letter_html(text, title=_document_title(text))


def pdf_document(text: LetterText) -> Any:
    return core.pdf_document(text, title=_document_title(text), warn_as="a complaint letter")


def render_pdf(text: LetterText) -> bytes:
    return pdf_document(text).write_pdf()


def render_docx(text: LetterText) -> bytes:
    # python-docx's template names itself the author; the bureau issues the letter
    return core.render_docx(text, author=text.bureau_name)


# --------------------------------------------------------------------------- entry point


def render_letter(
    complaint: Complaint,
    kind: str,
    *,
    on: date,
    extra: Mapping[str, Any] | None = None,
) -> tuple[bytes, bytes]:
    """The letter ``kind`` for ``complaint`` dated ``on``: ``(docx_bytes, pdf_bytes)``."""
    text = letter_text(complaint, kind, on=on, extra=extra)
    return render_docx(text), render_pdf(text)


# --------------------------------------------------------------------------- previews


def sample_complaint(on: date) -> Complaint:
    """An unsaved case with realistic facts, for previews of a template (no database)."""
    from datetime import datetime, time

    return Complaint(
        case_no=f"TS{on.year}00042",
        channel="hotline_12369",
        title="化工园区东侧企业夜间排放刺鼻气体",
        description="每天夜里十点以后，园区东侧企业排放刺鼻气体，附近居民无法开窗。",
        enterprise="示范化工有限公司",
        name="李明",
        submitted_at=timezone.make_aware(datetime.combine(on, time(9, 30))),
        received_on=on,
        accepted_on=on,
        refused_on=on,
        refusal_reason="您反映的露天烧烤油烟问题属于城市管理部门的职责",
        referred_to="示范市城市管理局",
        intake_limit=15,
        intake_unit=Unit.CALENDAR_DAYS,
        handling_limit=60,
        handling_unit=Unit.CALENDAR_DAYS,
        max_extension=30,
        findings="执法人员于夜间对该公司进行突击检查，厂界臭气浓度超过《恶臭污染物排放标准》限值。",
        substantiated=Complaint.Substantiated.PARTLY,
        measures="已责令该公司立即停止超标排放，限期十五日内完成废气收集系统整改。",
        penalties="依法对该公司处以罚款人民币十万元。",
        reply="本机关将持续跟踪该公司整改情况，并将其纳入重点监管。",
        replied_on=on,
    )


def sample_extra(on: date) -> dict[str, Any]:
    """The facts a sample case without clocks or relations lacks."""
    from datetime import timedelta

    return {
        "category": "大气污染",
        "department": "大气环境处",
        "intake_due": on + timedelta(days=15),
        "handling_due": on + timedelta(days=60),
        "new_due_date": on + timedelta(days=90),
        "extension_period": "30日",
        "extension_reason": "需委托第三方检测机构对厂界废气进行采样检测",
        "master_case_no": f"TS{on.year}00017",
        "master_findings": "经现场检查，该公司废气处理设施未正常运行。",
        "master_substantiated": "属实",
        "master_measures": "已责令该公司立即整改。",
    }


def preview(
    template: LetterTemplate | DefaultTemplate, kind: str, *, on: date | None = None
) -> LetterText:
    """``template`` as the letter ``kind`` of a sample case (the back office's preview)."""
    on = on or timezone.localdate()
    return letter_text(sample_complaint(on), kind, on=on, extra=sample_extra(on), template=template)
