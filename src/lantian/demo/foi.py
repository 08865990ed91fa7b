"""Demo disclosure applications (依申请公开) for 示范市生态环境局: about a hundred cases from
January 2025 to the day the demo is loaded.

Every case is created through the foi services with the dates it would have had, so
its clock, timeline and audit entries are real: registered by the disclosure office,
assigned to a department and handler, some supplemented (补正), some sent to a third
party for its opinion, some extended, a few charged a fee, drafted, reviewed by someone
other than the drafter and replied; most of 2025 archived; some still open — new, due
soon, or overdue; a few replied late, withdrawn or closed for want of a supplement or a
fee; a few taken to reconsideration or court. Every state and every reply type of the
annual report's table 三 occurs at least once. The open cases are dated back from the
loading day, so the queues always hold something.

Deterministic (seeded) and idempotent: a case whose applicant and submission time are
already stored is skipped, so a second run changes nothing.
"""

from __future__ import annotations

import inspect
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from lantian.core import calendar, spreadsheets
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.foi import selectors, services
from lantian.foi.forms import credit_code_check_character, resident_id_check_character
from lantian.foi.models import Application, CaseEvent, Remedy

SEED = 5005
LOCAL = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2025, 1, 6)
HISTORY_END = date(2026, 9, 30)  # closed cases are received up to here
A = Application
S = A.State

# username, family, given, department, role, title
STAFF: tuple[tuple[str, str, str, str, Role, str], ...] = (
    ("foi-office", "周", "静", "office", Role.CASE_HANDLER, "政务公开科科员"),
    ("handler-air", "吴", "磊", "air", Role.CASE_HANDLER, "大气环境处主任科员"),
    ("handler-water", "郑", "雪梅", "water", Role.CASE_HANDLER, "水生态环境处科员"),
    ("handler-eia", "冯", "涛", "eia", Role.CASE_HANDLER, "环评与排放管理处科员"),
    ("handler-enforcement", "何", "俊", "enforcement", Role.CASE_HANDLER, "执法支队法制科科员"),
    ("handler-monitoring", "林", "晓", "monitoring", Role.CASE_HANDLER, "监测站质控室工程师"),
    ("head-water", "黄", "建平", "water", Role.DEPARTMENT_HEAD, "水生态环境处处长"),
    ("head-eia", "高", "明", "eia", Role.DEPARTMENT_HEAD, "环评与排放管理处处长"),
    ("head-enforcement", "罗", "勇", "enforcement", Role.DEPARTMENT_HEAD, "执法支队支队长"),
    ("head-monitoring", "梁", "红", "monitoring", Role.DEPARTMENT_HEAD, "监测站站长"),
    ("head-legal", "宋", "文", "legal", Role.DEPARTMENT_HEAD, "法规与标准处处长"),
)
HANDLERS = {
    "legal": "handler",
    "air": "handler-air",
    "water": "handler-water",
    "eia": "handler-eia",
    "enforcement": "handler-enforcement",
    "monitoring": "handler-monitoring",
    "office": "foi-office",
}
HEADS = {
    "legal": "head-legal",
    "air": "head",
    "water": "head-water",
    "eia": "head-eia",
    "enforcement": "head-enforcement",
    "monitoring": "head-monitoring",
    "office": "admin",
}

ENTERPRISES = (
    "示范市恒润化工有限公司",
    "北山钢铁集团有限公司",
    "港区东方石化有限公司",
    "南湖印染有限公司",
    "高新区华芯半导体有限公司",
    "示范市城东污水处理有限公司",
    "西湖水泥有限公司",
    "示范市宏达电镀有限公司",
    "港区远洋船舶修造有限公司",
    "北山热电有限公司",
)
PROJECTS = (
    "示范市生活垃圾焚烧发电项目",
    "北山工业园区污水处理厂扩建工程",
    "港区5万吨级码头扩建工程",
    "高新区绿色数据中心项目",
    "示范至东港高速公路示范段",
    "南湖220千伏输变电工程",
)
RIVERS = ("青龙河", "白鹭江", "南湖", "运河示范段", "北山溪")
DISTRICTS = ("东城区", "西湖区", "南湖区", "北山区", "高新区", "港区")
MONTHS = ("1", "3", "5", "6", "8", "10", "11")


@dataclass(frozen=True)
class Request:
    department: str
    text: str  # str.format with e, p, r, d, y, m
    hint: str = ""
    replies: tuple[str, ...] = ("disclose",)


REQUESTS: tuple[Request, ...] = (
    Request(
        "eia",
        "请公开{e}{y}年度排污许可证执行报告（年报）全文。",
        "排污许可证执行报告",
        ("disclose", "partly_disclose"),
    ),
    Request(
        "eia",
        "申请获取{p}环境影响报告书全本（含附件、附图）及批复文件。",
        "环评批复",
        ("partly_disclose", "disclose", "withhold_third_party"),
    ),
    Request(
        "monitoring",
        "请提供{r}{d}段{y}年{m}月各监测断面水质监测数据（高锰酸盐指数、氨氮、总磷）。",
        "",
        ("disclose", "unable_needs_creation"),
    ),
    Request(
        "enforcement",
        "请公开贵局{y}年对{e}作出的行政处罚决定书。",
        "行政处罚决定书",
        ("disclose", "withhold_enforcement_file"),
    ),
    Request(
        "monitoring",
        "申请公开{y}年全市空气质量自动监测站逐小时原始监测数据。",
        "",
        ("disclose", "unable_needs_creation"),
    ),
    Request(
        "enforcement",
        "请告知{d}某小区附近夜间施工噪声投诉的处理结果及噪声监测报告。",
        "",
        ("disclose", "not_processed_petition"),
    ),
    Request(
        "enforcement",
        "请公开{e}{y}年在线监测数据超标记录及贵局的处理情况。",
        "",
        ("partly_disclose", "disclose"),
    ),
    Request("eia", "请提供{p}竣工环境保护验收监测报告及验收意见。", "", ("disclose",)),
    Request("office", "请公开贵局{y}年部门预算中环境监测设备采购项目明细。", "", ("disclose",)),
    Request(
        "enforcement",
        "请公开贵局内部关于{e}整改问题的请示、会议纪要及领导批示。",
        "",
        ("withhold_process_information",),
    ),
    Request(
        "eia",
        "请公开{e}危险废物经营许可证及{y}年危险废物转移联单。",
        "",
        ("withhold_third_party", "partly_disclose"),
    ),
    Request(
        "enforcement",
        "我家楼下餐馆油烟扰民多年，请贵局依法查处并答复处理结果。",
        "",
        ("not_processed_petition",),
    ),
    Request(
        "office",
        "请邮寄贵局编印的《示范市生态环境状况公报（{y}年）》纸质版一份。",
        "",
        ("not_processed_publication",),
    ),
    Request(
        "water",
        "请公开全市集中式饮用水水源地取水口精确坐标及防护设施布设图。",
        "",
        ("withhold_security_stability",),
    ),
    Request(
        "monitoring",
        "请提供示范市辐射环境自动监测涉密站点的分布图及运行参数。",
        "",
        ("withhold_state_secret",),
    ),
    Request(
        "legal", "请提供{e}的工商登记档案及股东出资信息。", "", ("withhold_administrative_inquiry",)
    ),
    Request(
        "office",
        "请公开贵局工作人员{y}年度考勤记录及年度考核结果。",
        "",
        ("withhold_internal_affairs",),
    ),
    Request("water", "请提供1998年{r}流域污染源调查的原始记录。", "", ("unable_not_held",)),
    Request(
        "legal",
        "请提供本人已于今年申请并获答复的{e}环评批复文件，要求再次答复。",
        "",
        ("not_processed_duplicate",),
    ),
    Request(
        "legal",
        "请对贵局此前答复我的信息公开告知书加盖公章后重新出具，并确认其内容真实。",
        "",
        ("not_processed_confirm_reissue",),
    ),
    Request(
        "legal",
        "请提供2000年以来贵局全部行政许可、行政处罚和信访案卷的逐件复印件。",
        "",
        ("not_processed_excessive",),
    ),
    Request(
        "legal",
        "政府信息公开法律文件《禁止公开信息目录》（环境保护部分）。",
        "",
        ("withhold_prohibited_by_law",),
    ),
    Request(
        "air", "请公开{y}年全市重污染天气应急减排清单（含各企业减排措施）。", "", ("disclose",)
    ),
    Request(
        "air",
        "请公开{e}挥发性有机物治理设施运行台账及监督检查记录。",
        "",
        ("partly_disclose", "disclose"),
    ),
    Request(
        "eia", "请公开{p}环评审批中公众参与调查表及意见采纳情况说明。", "", ("partly_disclose",)
    ),
    Request("air", "请公开{y}年市区渣土车扬尘治理专项检查情况及处理结果。", "", ("disclose",)),
    Request(
        "water",
        "请公开{r}{d}段入河排污口设置审批文件及排污口监测数据。",
        "",
        ("disclose", "partly_disclose"),
    ),
    Request(
        "water",
        "请提供{r}{y}年{m}月死鱼事件的调查报告及水质检测结果。",
        "",
        ("disclose", "unable_not_held"),
    ),
    Request(
        "monitoring",
        "请公开{d}{y}年土壤污染状况详查点位检测数据汇总表。",
        "",
        ("disclose", "unable_needs_creation"),
    ),
)
VAGUE = "请公开与环境有关的所有文件和数据。"  # answered with a 补正 request

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志刚",
    "晓东",
    "海燕",
    "文博",
    "雨桐",
)
ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    (A.ApplicantType.COMMERCIAL, "示范市绿源环保科技有限公司", "91"),
    (A.ApplicantType.COMMERCIAL, "港区新材料产业投资有限公司", "91"),
    (A.ApplicantType.COMMERCIAL, "示范市安居物业服务有限公司", "91"),
    (A.ApplicantType.PUBLIC_INTEREST, "示范市绿色江河环境保护促进会", "51"),
    (A.ApplicantType.PUBLIC_INTEREST, "自然之友示范市工作站", "52"),
    (A.ApplicantType.LEGAL_SERVICE, "示范市正信律师事务所", "31"),
    (A.ApplicantType.LEGAL_SERVICE, "港区明理律师事务所", "31"),
    (A.ApplicantType.RESEARCH, "示范大学环境科学与工程学院", "12"),
    (A.ApplicantType.OTHER_ORGANISATION, "东城区人民路社区居民委员会", "81"),
)
REGIONS = ("350102", "350103", "350104", "350702", "350721", "350783")
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


# ---------------------------------------------------------------------- the plan


@dataclass
class Plan:
    """One demo case: who applies, what for, and how far its handling went."""

    index: int
    received: date
    hour: int
    request: Request
    text: str
    hint: str
    applicant: dict[str, Any]
    channel: str
    department: str
    end: str  # the state the case is left in
    reply: str = ""  # reply type key for replied cases
    supplement: bool = False
    consult: bool = False
    extend: bool = False
    fee: str = ""  # "", "paid", "unpaid", "waiting"
    late: bool = False
    returned: bool = False  # the reply was sent back to its drafter
    remedy: str = ""  # Remedy.Kind or ""
    letters: bool = False
    confirm: bool = True  # receipt confirmed (False only for a fresh online case)
    offsets: dict[str, int] = field(default_factory=dict)


def resident_id(rng: random.Random) -> str:
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 47 * 365))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + resident_id_check_character(first17)


def credit_code(rng: random.Random, prefix: str) -> str:
    first17 = prefix + "350700" + "".join(rng.choice(CREDIT_CHARS) for _ in range(9))
    return first17 + credit_code_check_character(first17)


def applicant(rng: random.Random, index: int) -> dict[str, Any]:
    phone = f"1{rng.choice('3589')}{rng.randrange(0, 10)}0599{index:04d}"
    district = rng.choice(DISTRICTS)
    road = rng.choice(("人民路", "滨江路", "解放路", "湖滨路"))
    address = f"示范市{district}{road}{rng.randrange(1, 300)}号"
    if rng.random() < 0.72:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        return {
            "applicant_type": A.ApplicantType.NATURAL_PERSON,
            "name": name,
            "id_type": A.IdType.RESIDENT_ID,
            "id_number": resident_id(rng),
            "phone": phone,
            "email": f"applicant{index:03d}@example.cn",
            "address": address,
            "postcode": "599000",
        }
    kind, name, prefix = rng.choice(ORGANISATIONS)
    return {
        "applicant_type": kind,
        "name": name,
        "id_type": A.IdType.CREDIT_CODE,
        "id_number": credit_code(rng, prefix),
        "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "phone": phone,
        "email": f"org{index:03d}@example.cn",
        "address": address,
        "postcode": "599000",
    }


def _fill(rng: random.Random, template: str, received: date) -> str:
    year = received.year - 1 if received.month < 4 else received.year
    return template.format(
        e=rng.choice(ENTERPRISES),
        p=rng.choice(PROJECTS),
        r=rng.choice(RIVERS),
        d=rng.choice(DISTRICTS),
        y=year,
        m=rng.choice(MONTHS),
    )


def _working_day_on_or_after(day: date) -> date:
    cal = calendar.work_calendar()
    while not cal.is_working_day(day).is_working:
        day += timedelta(days=1)
    return day


# Special cases that guarantee every state, reply type and path; (end, reply, flags).
SPECIAL: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (S.ABANDONED, "other_no_supplement", {"supplement": True, "vague": True}),
    (S.ABANDONED, "other_no_supplement", {"supplement": True, "vague": True}),
    (S.ARCHIVED, "unable_still_unclear", {"supplement": True, "vague": True}),
    (S.ABANDONED, "other_fee_unpaid", {"fee": "unpaid", "request": 20}),
    (S.ARCHIVED, "disclose", {"fee": "paid", "request": 4}),
    (S.WITHDRAWN, "other", {}),
    (S.WITHDRAWN, "other", {}),
    (
        S.ARCHIVED,
        "withhold_third_party",
        {"consult": True, "request": 1, "remedy": "reconsideration"},
    ),
    (
        S.REPLIED,
        "partly_disclose",
        {"consult": True, "extend": True, "request": 1, "remedy": "litigation_direct"},
    ),
    (S.ARCHIVED, "withhold_enforcement_file", {"request": 3, "remedy": "litigation_after"}),
    (S.REPLIED, "disclose", {"late": True, "request": 2}),
    (S.ARCHIVED, "disclose", {"late": True, "extend": True, "request": 6}),
    (S.ARCHIVED, "disclose", {"extend": True, "supplement": True, "request": 27}),
)
# Requests of the open cases that the legal division (the demo user "handler") works.
LEGAL_LICENCES = Request(
    "legal", "请公开贵局{y}年行政许可事项清单及各事项的法定办理时限和收费依据。", "行政许可事项清单"
)
LEGAL_RECONSIDERATION = Request(
    "legal",
    "请公开贵局{y}年办理的行政复议案件数量、行政复议决定书及被纠错情况。",
    "行政复议决定书",
)
LEGAL_CONSULTATION = Request(
    "legal",
    "请提供《示范市扬尘污染防治管理办法》起草过程中公开征求意见的意见汇总及采纳情况说明。",
    "意见采纳情况说明",
    ("partly_disclose",),
)
LEGAL_HEARING = Request(
    "legal",
    "请公开贵局{y}年对{e}作出行政处罚前举行听证的听证笔录及听证报告。",
    "听证报告",
    ("partly_disclose",),
)
RETURN_NOTE = "答复书未逐项说明部分公开的理由和法律依据，请补充后重新提交。"

# Open cases, dated back from the loading day: (end, working days since receipt, flags).
# The demo's handler (legal division) and head (air division) each have cases running,
# due soon and overdue; the handler a reply returned by the head of legal and one in
# review, the head a reply to approve.
OPEN: tuple[tuple[str, int, dict[str, Any]], ...] = (
    (S.RECEIVED, 0, {"confirm": False, "channel": A.Channel.ONLINE}),
    (S.RECEIVED, 1, {}),
    (S.RECEIVED, 2, {}),
    (S.ASSIGNED, 3, {}),
    (S.ASSIGNED, 6, {"request": LEGAL_LICENCES}),
    (S.ASSIGNED, 16, {"request": LEGAL_RECONSIDERATION}),  # due soon
    (S.ASSIGNED, 18, {"letters": True, "request": 23}),  # due soon (air)
    (S.ASSIGNED, 27, {"request": LEGAL_CONSULTATION}),  # overdue
    (S.ASSIGNED, 34, {"request": 25}),  # overdue (air)
    (S.DRAFTED, 12, {"reply": "disclose"}),
    # overdue, drafted, returned by the head of legal
    (S.DRAFTED, 24, {"reply": "partly_disclose", "returned": True, "request": LEGAL_HEARING}),
    (S.IN_REVIEW, 15, {"reply": "disclose", "request": 22}),  # for the air head's approval
    (S.IN_REVIEW, 19, {"reply": "unable_not_held", "request": 15}),  # legal
    (S.SUPPLEMENT, 4, {"supplement": True, "vague": True}),
    (S.SUPPLEMENT, 6, {"supplement": True, "vague": True}),
    (S.CONSULTATION, 8, {"consult": True, "request": 1}),
    (S.CONSULTATION, 11, {"consult": True, "request": 10}),
    (S.FEE, 7, {"fee": "waiting", "request": 20}),  # legal
    (S.ASSIGNED, 30, {"extend": True}),  # extended, due soon or just in time
)


LETTER_DAYS = 90


def plan(today: date) -> list[Plan]:
    """The whole demo, drawn from one seeded generator in a fixed order."""
    rng = random.Random(SEED)
    plans: list[Plan] = []

    def add(received: date, end: str, reply: str, flags: dict[str, Any]) -> None:
        index = len(plans) + 1
        wanted = flags.get("request")
        request = (
            rng.choice(REQUESTS)
            if wanted is None
            else wanted
            if isinstance(wanted, Request)
            else REQUESTS[wanted]
        )
        if not reply and end in (S.REPLIED, S.ARCHIVED):
            reply = rng.choice(request.replies)
        text = VAGUE if flags.get("vague") else _fill(rng, request.text, received)
        channel = flags.get("channel") or rng.choice(
            (A.Channel.ONLINE,) * 6
            + (A.Channel.IN_PERSON, A.Channel.REGISTERED_POST, A.Channel.ORDINARY_POST)
            + (A.Channel.FAX, A.Channel.EMAIL)
        )
        plans.append(
            Plan(
                index=index,
                received=received,
                hour=rng.randrange(9, 16),
                request=request,
                text=text,
                hint=request.hint,
                applicant=applicant(rng, index),
                channel=channel,
                department=request.department,
                end=end,
                reply=reply,
                supplement=flags.get("supplement", False),
                consult=flags.get("consult", False),
                extend=flags.get("extend", False),
                fee=flags.get("fee", ""),
                late=flags.get("late", False),
                returned=flags.get("returned", False),
                remedy=flags.get("remedy", ""),
                # the last quarter's cases carry their letters (rendering costs ~1 s each)
                letters=flags.get("letters", received >= today - timedelta(days=LETTER_DAYS)),
                confirm=flags.get("confirm", True),
                offsets={
                    "assign": rng.randrange(1, 3),
                    "reply": rng.randrange(4, 17),
                    "archive": rng.randrange(5, 25),
                },
            )
        )

    # history: spread over the span, a few more in the second year
    span = (HISTORY_END - FIRST_DAY).days
    history_days = [FIRST_DAY] + [
        FIRST_DAY + timedelta(days=rng.randrange(0, span)) for _ in range(61)
    ]
    # four cases received in late December 2025 and answered in January 2026
    history_days += [date(2025, 12, 22), date(2025, 12, 24), date(2025, 12, 26), date(2025, 12, 29)]
    history_days.sort()
    specials = list(SPECIAL)
    reply_keys_left = [key for request in REQUESTS for key in request.replies]
    for position, day in enumerate(history_days):
        received = _working_day_on_or_after(day)
        if position % 5 == 2 and specials:
            end, reply, flags = specials.pop(0)
        else:
            end = S.ARCHIVED if received < date(2026, 3, 1) else S.REPLIED
            reply, flags = "", {}
            # cycle through every request's replies first, so that each type occurs
            if reply_keys_left:
                key = reply_keys_left.pop(0)
                request = next(i for i, r in enumerate(REQUESTS) if key in r.replies)
                reply, flags = key, {"request": request}
        add(received, end, reply, flags)
    for n, (end, reply, flags) in enumerate(specials):  # any that did not fit the rotation
        add(_working_day_on_or_after(date(2026, 6, 1) + timedelta(days=7 * n)), end, reply, flags)
    for end, days_ago, flags in OPEN:
        received = selectors.working_days_before(today, days_ago) if days_ago else today
        add(received, end, flags.get("reply", ""), flags)
    return plans


# ---------------------------------------------------------------------- loading


def _aware(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, rng_minute(day, hour)), tzinfo=LOCAL)


def rng_minute(day: date, hour: int) -> int:
    return (day.toordinal() * 7 + hour * 13) % 60


def _add(day: date, n: int) -> date:
    return calendar.add_working_days(day, n).value


class Loader:
    def __init__(self, today: date, password: str) -> None:
        self.today = today
        User = get_user_model()
        departments = {d.code: d for d in Department.objects.all()}
        for username, family, given, code, role, title in STAFF:
            save_staff_member(
                actor=None,
                username=username,
                family_name=family,
                given_name=given,
                email=f"{username}@sthjj.demo.gov.cn",
                department=departments[code],
                roles=[role],
                title=title,
                password=password,
            )
        self.users = {u.username: u for u in User.objects.filter(is_staff=True)}
        self.departments = departments
        self.office = self.users["foi-office"]
        self.admin = self.users["admin"]

    def dated(self, fn: Callable[..., Any], on: date, **kwargs: Any) -> Any:
        """Call a service that may not take a date, then date its timeline event."""
        takes_on = "on" in inspect.signature(fn).parameters
        application = kwargs["application"]
        before = application.events.order_by("-pk").values_list("pk", flat=True).first() or 0
        result = fn(on=on, **kwargs) if takes_on else fn(**kwargs)
        if not takes_on:
            CaseEvent.objects.filter(application=application, pk__gt=before).update(on=on)
        return result

    def load(self, p: Plan) -> Application | None:
        submitted_at = _aware(p.received, p.hour)
        if A.objects.filter(name=p.applicant["name"], submitted_at=submitted_at).exists():
            return None
        handler = self.users[HANDLERS[p.department]]
        head = self.users[HEADS[p.department]]
        fields = {
            **p.applicant,
            "description": p.text,
            "document_hint": p.hint,
            "form": A.Form.ELECTRONIC,
            "delivery": A.Delivery.EMAIL,
        }
        application, _code = services.register_application(
            actor=self.office,
            channel=p.channel,
            submitted_at=submitted_at,
            received_on=p.received if p.confirm else None,
            **fields,
        )
        if p.end == S.RECEIVED:
            return application
        day = min(_add(p.received, p.offsets["assign"]), self.today)
        self.dated(
            services.assign,
            day,
            actor=self.office,
            application=application,
            department=self.departments[p.department],
            handler=handler,
        )
        if p.letters:
            self.letter(application, "receipt", p.received)
        if p.end == S.WITHDRAWN:
            services.withdraw(
                actor=handler,
                application=application,
                on=_add(day, 3),
                note="申请人来电表示已通过其他途径获取相关信息，申请撤回。",
            )
            return self.finish(application, p, _add(day, 3))
        if p.supplement:
            day = _add(p.received, 2)
            deadline = _add(day, 15)
            services.request_supplement(
                actor=handler,
                application=application,
                on=day,
                deadline=deadline,
                note="申请内容不明确：请写明所需信息的名称、文号或者所涉企业、区域、时段等特征性描述。",
            )
            if p.end == S.SUPPLEMENT:
                return application
            if p.reply == "other_no_supplement":
                services.close_unsupplemented(
                    actor=handler, application=application, on=_add(deadline, 1)
                )
                return self.finish(application, p, _add(deadline, 1))
            day = _add(day, 6)
            services.receive_supplement(actor=handler, application=application, on=day)
        if p.consult:
            day = _add(day, 3)
            services.start_consultation(
                actor=handler,
                application=application,
                on=day,
                party=ENTERPRISES[p.index % len(ENTERPRISES)],
                kind="third_party",
            )
            if p.end == S.CONSULTATION:
                return application
            day = _add(day, 9 + p.index % 5)
            services.end_consultation(
                actor=handler,
                application=application,
                on=day,
                opinion="第三方书面回复：报告中工艺参数、原辅材料用量涉及商业秘密，不同意公开；其余部分无异议。",
            )
        if p.fee:
            day = _add(day, 3)
            services.issue_fee_notice(
                actor=handler, application=application, on=day, method="per_volume", quantity=160
            )
            if p.end == S.FEE:
                return application
            if p.fee == "unpaid":
                pay_by = services.fee_pay_by(application)
                services.close_fee_unpaid(
                    actor=handler, application=application, on=_add(pay_by, 1)
                )
                return self.finish(application, p, _add(pay_by, 1))
            day = _add(day, 6)
            services.record_fee_paid(actor=handler, application=application, on=day)
        due = selectors.case_clock(application, today=day).statutory_due
        if p.extend and due is not None:
            on = min(_add(day, 1) if _add(day, 1) <= due else day, self.today)
            services.extend(
                actor=handler,
                application=application,
                on=on,
                days=15 if p.index % 2 else 20,
                approver=head if head != handler else self.admin,
                reason="所申请信息涉及多个年度、多个点位的档案资料，需调阅归档材料并逐页审查。",
            )
            day = max(day, on)
            due = selectors.case_clock(application, today=day).statutory_due
        if p.end == S.ASSIGNED:
            return application
        if due is None:
            return application
        reply_day = (
            _add(due, 2 + p.index % 3)
            if p.late
            else selectors.working_days_before(due, p.offsets["reply"] % 8)
        )
        reply_day = max(reply_day, _add(day, 2))
        if p.end in (S.DRAFTED, S.IN_REVIEW):
            reply_day = self.today
        self.dated(
            services.draft_reply,
            selectors.working_days_before(reply_day, 2) if reply_day > day else reply_day,
            actor=handler,
            application=application,
            reply_type=p.reply,
            text=reply_text(p),
        )
        if p.reply in RELEASING_REPLIES:
            self.dated(
                services.add_released_file,
                selectors.working_days_before(reply_day, 2) if reply_day > day else reply_day,
                actor=handler,
                application=application,
                **released_file(p),
            )
        if p.end == S.DRAFTED and not p.returned:
            return application
        self.dated(
            services.submit_reply_for_review,
            selectors.working_days_before(reply_day, 1) if reply_day > day else reply_day,
            actor=handler,
            application=application,
        )
        if p.returned:
            self.dated(
                services.return_reply,
                reply_day,
                actor=head,
                application=application,
                note=RETURN_NOTE,
            )
            return application
        if p.end == S.IN_REVIEW:
            return application
        services.approve_reply(actor=head, application=application, on=reply_day)
        if p.letters:
            self.letter(application, "reply", reply_day)
        return self.finish(application, p, reply_day)

    def finish(self, application: Application, p: Plan, closed_on: date) -> Application:
        if p.remedy:
            filed = closed_on + timedelta(days=35 + p.index % 20)
            concluded = filed + timedelta(days=60)
            done = concluded <= self.today
            services.record_remedy(
                actor=self.users["handler"],
                application=application,
                kind=p.remedy,
                filed_on=min(filed, self.today),
                result=Remedy.Result.UPHELD if done else Remedy.Result.PENDING,
                concluded_on=concluded if done else None,
                note="申请人对答复不服。" + ("复议机关维持原答复。" if done else ""),
            )
        if p.end == S.ARCHIVED:
            self.dated(
                services.archive,
                min(_add(closed_on, p.offsets["archive"]), self.today),
                actor=self.office,
                application=application,
            )
        return application

    def letter(self, application: Application, kind: str, on: date) -> None:
        try:
            from lantian.foi.letter_services import issue_letter
        except ImportError:  # pragma: no cover - letters not installed
            return
        issue_letter(actor=self.office, application=application, kind=kind, on=on)


RELEASING_REPLIES = ("disclose", "partly_disclose")


def released_file(p: Plan) -> dict[str, Any]:
    """The information released with a granting reply: a real XLSX register of the
    documents found, named after what was asked for."""
    title = f"{p.hint or '申请公开的政府信息'}（{p.received.year}）"
    header = ("序号", "文件名称", "形成日期", "页数", "公开方式")
    manner = "部分公开（已删除第三方商业秘密）" if p.reply == "partly_disclose" else "公开"
    rows = [
        (
            n,
            f"{p.hint or '相关材料'}（第{n}册）",
            p.received - timedelta(days=30 * n),
            4 + n,
            manner,
        )
        for n in range(1, 3 + p.index % 3)
    ]
    return {
        "filename": f"{title}.xlsx",
        "content": spreadsheets.to_xlsx([(title[:31], header, rows)]),
        "title": title,
        "pages": sum(row[3] for row in rows),
    }


def reply_text(p: Plan) -> str:
    texts = {
        "disclose": "经审查，您申请的信息属于可以公开的政府信息，现予以公开，详见附件。",
        "partly_disclose": "经审查，您申请的信息中涉及第三方商业秘密的部分不予公开，"
        "其余部分予以公开，详见附件。",
        "unable_not_held": "经检索，本机关未制作或获取您所申请的信息。",
        "unable_needs_creation": "您所申请的信息需要本机关对现有数据进行加工、分析后另行制作，"
        "本机关不予提供。",
        "unable_still_unclear": "您补正后的申请内容仍不明确，本机关无法确定所需信息。",
        "not_processed_petition": "您的来信属于投诉举报事项，已转本局信访部门按程序办理。",
    }
    return texts.get(p.reply, "经审查，现依据相关规定作出答复，详见答复告知书。")


def load(
    *,
    today: date | None = None,
    password: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Load the demo applications; returns how many were created (0 on a second run)."""
    from lantian.demo import bureau

    today = today or timezone.localdate()
    password = password or os.environ.get("LANTIAN_DEMO_PASSWORD") or bureau.DEFAULT_PASSWORD
    loader = Loader(today, password)
    created = 0
    for p in plan(today):
        if loader.load(p) is not None:
            created += 1
    if progress:
        progress(f"{created} applications created, {A.objects.count()} in all")
    return {"applications": created}
