"""Demo disclosure items in review (主动公开审核), so each staff role finds work waiting the
first time it signs in: items at 保密审查 for the reviewer, items of the air division at
部门负责人审批 for its head, an item the reviewer returned to the editor with a remark,
and a draft the editor has not submitted yet.

Written through the disclosure services as the demo users themselves (the editor drafts
and submits, the reviewer approves or requests changes), so revisions, workflow states
and audit entries are real and nobody approves their own edit. Deterministic and
idempotent: an item is known by its title, and one already there is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from lantian.core.models import Department
from lantian.disclosure import services
from lantian.disclosure.models import Category, DisclosureItem
from lantian.foi.selectors import working_days_before  # the bureau's working days

Kind = DisclosureItem.Kind

DRAFT = "draft"  # saved, not submitted
AT_REVIEW = "review"  # submitted: at 保密审查
AT_APPROVAL = "approval"  # 保密审查 passed: at 部门负责人审批
RETURNED = "returned"  # changes requested at 保密审查


@dataclass(frozen=True)
class Planned:
    title: str
    kind: str
    category: str
    department: str
    days_ago: int  # working days between forming the document and loading the demo
    stage: str
    summary: str
    body: str
    remark: str = ""  # the reviewer's comment (approval or requested changes)
    review_note: str = ""  # 保密审查 note; the item is then marked sensitive


ITEMS: tuple[Planned, ...] = (
    Planned(
        "示范市生态环境局关于开展2026年度排污许可证执行报告质量抽查的通知",
        Kind.NOTICE,
        "15",
        "eia",
        3,
        AT_REVIEW,
        "对全市重点管理排污单位2026年度排污许可证执行报告开展质量抽查，抽查比例不低于20%。",
        "<p>各区生态环境分局、各排污单位：</p><p>为落实排污许可“一证式”管理，我局决定于2027年1月至3月"
        "对全市重点管理排污单位提交的2026年度排污许可证执行报告开展质量抽查。抽查内容包括自行监测数据"
        "完整性、污染物实际排放量核算方法和台账记录，抽查比例不低于20%。</p>"
        "<p>抽查发现执行报告内容不实的，依法责令改正并纳入信用记录。</p>",
    ),
    Planned(
        "示范市2026—2027年秋冬季大气污染综合治理攻坚行动方案",
        Kind.DOCUMENT,
        "04.03",
        "air",
        5,
        AT_REVIEW,
        "2026年10月至2027年3月全市细颗粒物平均浓度控制在45微克/立方米以内，重污染天数不超过4天。",
        "<p>为持续改善秋冬季环境空气质量，制定本方案。</p><p>一、工作目标：2026年10月1日至2027年3月31日，"
        "全市细颗粒物（PM2.5）平均浓度控制在45微克/立方米以内，重度及以上污染天数不超过4天。</p>"
        "<p>二、重点任务：工业企业深度治理、移动源污染防治、扬尘精细化管控、重污染天气应对。</p>",
        review_note="附件3涉及重点企业减排措施，已删除各企业具体产能和原辅材料用量，可以公开。",
    ),
    Planned(
        "示范市重污染天气应急减排清单（2026年修订版）",
        Kind.DOCUMENT,
        "10.03",
        "air",
        8,
        AT_APPROVAL,
        "修订后的清单纳入工业企业412家，黄色、橙色、红色预警期间分级采取减排措施。",
        "<p>根据《重污染天气重点行业应急减排措施制定技术指南》，我局会同各区对应急减排清单进行了修订。</p>"
        "<p>修订后的清单纳入工业企业412家，其中A级企业9家、B级企业37家；黄色、橙色、红色预警期间，"
        "各企业按清单分级采取限产、停产等减排措施。</p>",
        remark="已核对企业名单，不涉及国家秘密和商业秘密，同意公开。",
    ),
    Planned(
        "关于北山工业园区挥发性有机物专项执法检查情况的通报",
        Kind.NOTICE,
        "15",
        "air",
        9,
        AT_APPROVAL,
        "检查园区涉挥发性有机物企业36家，发现问题21个，已责令整改并立案查处3家。",
        "<p>2026年11月，我局组织对北山工业园区36家涉挥发性有机物排放企业开展专项执法检查，"
        "发现治理设施未正常运行、无组织排放收集不到位等问题21个。</p>"
        "<p>对存在问题的企业已责令限期整改，其中3家涉嫌违法排放的企业已立案查处。</p>",
        remark="立案企业名称待处罚决定作出后再公开，正文未点名，同意。",
    ),
    Planned(
        "关于调整示范市声环境功能区划的公告（征求意见稿）",
        Kind.NOTICE,
        "15",
        "legal",
        12,
        RETURNED,
        "拟调整高新区、港区部分区域的声环境功能区类别，公开征求社会公众意见。",
        "<p>为适应城市发展，我局拟对高新区、港区部分区域的声环境功能区类别进行调整，"
        "现将调整方案（征求意见稿）予以公布，征求意见时间为30日。</p>"
        "<p>附件：1. 调整说明 2. 调整区域附图</p>",
        remark="附件2附图标注了未公开的噪声自动监测点位坐标，请删除后重新提交，并补充起草说明。",
    ),
    Planned(
        "示范市生态环境局2027年政务公开工作要点",
        Kind.DOCUMENT,
        "04.02",
        "office",
        1,
        DRAFT,
        "围绕生态环境质量、环评审批、执法监管等重点领域深化主动公开，提升依申请公开办理质量。",
        "<p>一、深化重点领域信息公开：环境质量、环评审批、排污许可、监督执法、行政处罚。</p>"
        "<p>二、提升依申请公开办理质量：严格法定时限，规范答复文书。</p>"
        "<p>三、加强政策解读和回应关切。</p>",
    ),
)


def _staff(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def load(*, today: date | None = None) -> dict[str, int]:
    """Create the items in review (safe to run again); returns how many were created."""
    today = today or timezone.localdate()
    services.ensure_catalogue(actor=None)
    editor, reviewer = _staff("editor"), _staff("reviewer")
    categories = {c.code: c for c in Category.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    existing = set(DisclosureItem.objects.values_list("title", flat=True))
    planned = [p for p in ITEMS if p.title not in existing]
    with _without_notifications():
        for p in planned:
            fields: dict[str, Any] = {}
            if p.review_note:
                fields = {"sensitive": True, "review_note": p.review_note}
            item = services.save_item(
                actor=editor,
                kind=p.kind,
                title=p.title,
                category=categories[p.category],
                department=departments[p.department],
                formed_on=working_days_before(today, p.days_ago),
                summary=p.summary,
                body=p.body,
                **fields,
            )
            if p.stage == DRAFT:
                continue
            services.submit_for_review(actor=editor, item=item)
            if p.stage == AT_APPROVAL:
                services.approve_step(actor=reviewer, item=item, comment=p.remark)
            elif p.stage == RETURNED:
                services.request_changes(actor=reviewer, item=item, comment=p.remark)
    return {"items": len(planned)}


# Wagtail's receivers that e-mail each workflow step (wagtail.admin.signal_handlers):
# signal, sender, receiver, dispatch_uid.
NOTIFIERS = (
    (
        "task_submitted",
        "TaskState",
        "task_submission_email_notifier",
        "group_approval_task_submitted_email_notification",
    ),
    (
        "workflow_submitted",
        "WorkflowState",
        "workflow_submission_email_notifier",
        "workflow_state_submitted_email_notification",
    ),
    (
        "workflow_rejected",
        "WorkflowState",
        "workflow_rejection_email_notifier",
        "workflow_state_rejected_email_notification",
    ),
    (
        "workflow_approved",
        "WorkflowState",
        "workflow_approval_email_notifier",
        "workflow_state_approved_email_notification",
    ),
)


@contextmanager
def _without_notifications() -> Iterator[None]:
    """The demo staff's addresses are made up: no e-mail while the demo plays the steps."""
    from wagtail import models, signals
    from wagtail.admin import signal_handlers

    disconnected = []
    for signal_name, sender_name, receiver_name, uid in NOTIFIERS:
        signal, sender = getattr(signals, signal_name), getattr(models, sender_name)
        receiver = getattr(signal_handlers, receiver_name)
        if signal.disconnect(receiver, sender=sender, dispatch_uid=uid):
            disconnected.append((signal, receiver, sender, uid))
    try:
        yield
    finally:
        for signal, receiver, sender, uid in disconnected:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)
