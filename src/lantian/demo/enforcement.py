"""The demo bureau's enforcement record on the demo enterprises (:mod:`lantian.demo.sources`):

- a year of administrative penalty decisions (about 50 at full size), most of them fines
  on enterprises whose outlets exceeded their limits in the sources demo — the story runs
  exceedance → inspection → penalty → ad-hoc disclosure report — and others for
  hazardous waste, monitoring or permit offences; a few on individual businesses and
  individuals (their personal data masked in public); some published after more than 7
  working days, the latest not yet published; one under administrative review, one in
  litigation and one revoked with its reason; each published decision's full text is a
  live item of the disclosure catalogue's penalty category dated the day it was
  published (a person's name, ID number and house number masked), so that the late ones
  count as late in the disclosure timeliness report too;
- inspections (双随机 and complaint-triggered, about 100 at full size), those that
  found the offence linked to their penalty;
- credit ratings for last year (about 80 at full size) in every colour of the national
  preset, and a Jiangsu-preset rating with black (a one-vote veto); one objection
  (rejected) and one credit repair;
- enterprise disclosure reports: last year's annual reports of the listed enterprises
  (most on time, some late, some missing) and the ad-hoc reports the penalties opened
  (some late, some missing);
- compulsory measures (查封、扣押, 《环境保护法》第二十五条) on the exceeding enterprises,
  a few last year and a few this year: this year's taken days after the exceedance
  began and followed by its penalty, most lifted at the end of their period, one lifted
  after an extension, the latest perhaps still running.

Seeded (the same record on every load from the same day), dated back from the loading
day, written through the enforcement services; loading again adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantian.core.calendar import work_calendar
from lantian.demo import sources as sources_demo
from lantian.enforcement import rating, services
from lantian.enforcement.models import (
    REPORT_CATEGORY_CODES,
    CompulsoryMeasure,
    CreditRating,
    DisclosureReport,
    Inspection,
    Penalty,
)
from lantian.sources import selectors as sources
from lantian.sources import services as sources_services

SEED = 20_261_207
FIRST_NUMBER = 100  # decisions are numbered from 101 (see _load_penalties)
Progress = Callable[[str], None]
BUREAU = "示范市生态环境局"
POLLUTANT_NAMES = {
    "a21026": "二氧化硫",
    "a21002": "氮氧化物",
    "a34013": "颗粒物",
    "w01018": "化学需氧量",
    "w21003": "氨氮",
    "w21011": "总磷",
}
AIR_BASIS = "《中华人民共和国大气污染防治法》第九十九条第（二）项"
WATER_BASIS = "《中华人民共和国水污染防治法》第八十三条第（二）项"


@dataclass(frozen=True)
class Offence:
    """An offence other than an exceedance: what was found, the law, the penalty."""

    facts: str
    basis: str
    types: tuple[str, ...]
    fine: tuple[int, int]  # yuan, lowest and highest (0, 0 for none)


OFFENCES = (
    Offence(
        "危险废物贮存场所未设置识别标志，废矿物油、废活性炭露天堆放，未采取防扬散、防流失、防渗漏措施",
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项",
        ("fine",), (100_000, 400_000),
    ),
    Offence(
        "未按照排污许可证规定开展自行监测，2季度废气排放口监测数据缺失",
        "《排污许可管理条例》第三十六条第（六）项",
        ("fine",), (20_000, 80_000),
    ),
    Offence(
        "新建生产线配套的污染防治设施未经验收即投入生产",
        "《建设项目环境保护管理条例》第二十三条第一款",
        ("fine",), (200_000, 500_000),
    ),
    Offence(
        "未按规定编制并公开年度环境信息依法披露报告",
        "《企业环境信息依法披露管理办法》第二十八条",
        ("warning", "fine"), (10_000, 50_000),
    ),
    Offence(
        "涂装车间废气收集设施未正常运行，挥发性有机物无组织排放",
        "《中华人民共和国大气污染防治法》第一百零八条第（一）项",
        ("fine",), (30_000, 150_000),
    ),
    Offence(
        "厂区雨水排放口检出生产废水，未按规定实施雨污分流",
        "《中华人民共和国水污染防治法》第八十三条第（三）项",
        ("fine", "production_restriction"), (150_000, 600_000),
    ),
)  # fmt: skip

# Offenders that are not registered enterprises: their names are personal data.
PERSONS = (
    ("individual_business", "王建华", "示范市北山区顺达汽车修理部经营者",
     "在未配套废气处理设施的情况下从事汽车喷漆作业，挥发性有机物直接排放",
     "《中华人民共和国大气污染防治法》第一百零八条第（一）项", ("fine",), 20_000),
    ("individual_business", "赵丽娟", "示范市南湖区味香园餐馆经营者",
     "在居民住宅楼内排放油烟，未安装油烟净化设施",
     "《中华人民共和国大气污染防治法》第一百一十八条第一款", ("fine",), 8_000),
    ("individual", "李秀英", "示范市西湖区居民",
     "在城市建成区内露天焚烧废旧轮胎，产生大量有毒有害烟尘",
     "《中华人民共和国大气污染防治法》第一百一十九条第二款", ("fine",), 5_000),
    ("individual", "陈志强", "无危险废物经营许可证的个人",
     "无许可证擅自收集、运输废矿物油共计3.2吨，并倾倒于北山区废弃厂房内",
     "《中华人民共和国固体废物污染环境防治法》第一百一十四条第一款",
     ("fine", "confiscation", "detention_referral"), 300_000),
)  # fmt: skip

# What the decision on a person says of them, all of it masked in public (fictional).
PERSONAL_DATA = {
    "王建华": ("330105197804162317", "示范市北山区顺达路18号"),
    "赵丽娟": ("330102198209235644", "示范市南湖区湖滨花园3幢2单元501室"),
    "李秀英": ("330106195911027329", "示范市西湖区文三路88号2幢301室"),
    "陈志强": ("330104198707138810", "示范市东城区建设路126号"),
}

REVOCATION_REASON = (
    "经行政复议，示范市人民政府认为该决定认定的超标时段与在线监测数据有效性审核结论不一致，"
    "认定事实不清，决定撤销（示政复决〔{year}〕{n}号）。"
)


@dataclass(frozen=True)
class Size:
    penalties: int
    inspections: int
    ratings: int


def size(count: int) -> Size:
    """How much to load for ``count`` demo enterprises (200: 50, 100, 80)."""
    share = count / sources_demo.ENTERPRISES
    return Size(
        penalties=max(12, round(50 * share)),
        inspections=max(24, round(100 * share)),
        ratings=max(10, round(80 * share)),
    )


def _enterprises(count: int) -> list[Any]:
    found = []
    for p in sources_demo.plan(count):
        enterprise = sources.enterprise(p.credit_code)
        if enterprise is not None:
            found.append(enterprise)
    return found


def _events_by_enterprise(today: date) -> dict[int, Any]:
    """Each enterprise's worst exceedance event of the year, old enough to be acted on."""
    worst: dict[int, Any] = {}
    for event in sources.exceedances(start=today - timedelta(days=365), end=today):
        if timezone.localtime(event.start).date() > today - timedelta(days=25):
            continue
        key = event.outlet.enterprise_id
        if key not in worst or event.multiple > worst[key].multiple:
            worst[key] = event
    return worst


def _fine(rng: random.Random, low: int, high: int) -> Decimal:
    step = 10_000 if high >= 100_000 else 1_000
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def _decision_text(number: str, offender: str, about: str, facts: str, basis: str,
                   types: tuple[str, ...], fine: Decimal, decided: date) -> str:  # fmt: skip
    labels = dict(Penalty.PenaltyType.choices)
    penalties = "；".join(
        f"罚款人民币{fine:,.0f}元" if t in ("fine", "daily_fine") else str(labels[t]) for t in types
    )
    return (
        f"{BUREAU}\n行政处罚决定书\n{number}\n"
        f"当事人：{offender}\n{about}\n"
        f"我局于{decided - timedelta(days=30):%Y年%m月%d日}对你（单位）进行了调查，"
        "发现你（单位）实施了以下环境违法行为：\n"
        f"{facts}。\n以上事实，有现场检查（勘察）笔录、调查询问笔录、监测报告等证据为凭。\n"
        "你（单位）的上述行为违反了相关生态环境法律法规的规定。"
        f"依据{basis}，我局决定对你（单位）作出如下行政处罚：\n"
        f"{penalties}。\n"
        "如不服本处罚决定，可在收到本处罚决定书之日起六十日内向示范市人民政府申请行政复议，"
        "也可以在六个月内向示范市人民法院提起行政诉讼。\n"
        f"{BUREAU}\n{decided:%Y年%m月%d日}"
    )


@dataclass
class PenaltyPlan:
    decided: date
    enterprise: Any  # None for a person
    kind: str
    offender: str  # the enterprise's or person's name
    about: str
    facts: str
    basis: str
    types: tuple[str, ...]
    fine: Decimal
    event: Any = None  # the exceedance that started it
    hold: bool = False  # made in the last days: not yet published


def _penalty_plans(
    rng: random.Random, enterprises: list[Any], events: dict[int, Any], today: date, n: int
) -> list[PenaltyPlan]:
    calendar = work_calendar()
    plans: list[PenaltyPlan] = []
    with_events = sorted(
        (e for e in enterprises if e.pk in events), key=lambda e: (events[e.pk].start, e.pk)
    )
    for enterprise in with_events[: max(0, n - len(PERSONS) - n // 4)]:
        event = events[enterprise.pk]
        water = event.outlet.kind == "water"
        began = timezone.localtime(event.start)
        decided = calendar.next_working_day(began.date() + timedelta(days=rng.randint(18, 35)))
        if decided > today - timedelta(days=2):
            continue
        unit = "mg/L" if water else "mg/m³"
        period = "日均值" if water else "小时均值（折算后）"
        facts = (
            f"{began:%Y年%m月%d日}，该单位{event.outlet.code}排放口"
            f"{POLLUTANT_NAMES.get(event.pollutant, event.pollutant)}{period}最高"
            f"{event.maximum:.1f}{unit}，为排放限值{event.limit:g}{unit}的{event.multiple:.2f}倍，"
            "属超标排放"
        )
        plans.append(
            PenaltyPlan(
                decided, enterprise, "enterprise", enterprise.name,
                f"统一社会信用代码：{enterprise.credit_code}\n地址：{enterprise.address}",
                facts, WATER_BASIS if water else AIR_BASIS, ("fine",),
                _fine(rng, 100_000, 600_000), event,
            )
        )  # fmt: skip
    others = [e for e in enterprises if e.pk not in events]
    rng.shuffle(others)
    for enterprise in others[: max(0, n - len(PERSONS) - len(plans))]:
        offence = rng.choice(OFFENCES)
        decided = calendar.next_working_day(today - timedelta(days=rng.randint(5, 360)))
        fine = _fine(rng, *offence.fine) if offence.fine[1] else Decimal(0)
        plans.append(
            PenaltyPlan(
                decided, enterprise, "enterprise", enterprise.name,
                f"统一社会信用代码：{enterprise.credit_code}\n地址：{enterprise.address}",
                offence.facts, offence.basis, offence.types, fine,
            )
        )  # fmt: skip
    for kind, name, about, facts, basis, types, fine in PERSONS:
        decided = calendar.next_working_day(today - timedelta(days=rng.randint(20, 300)))
        number, address = PERSONAL_DATA[name]
        about = f"{about}\n公民身份号码：{number}\n住址：{address}"
        plans.append(
            PenaltyPlan(decided, None, kind, name, about, facts, basis, types, Decimal(fine))
        )
    # the latest decision was made a few days before the loading day: not yet published
    plans.sort(key=lambda p: (p.decided, p.offender))
    if plans:
        last = plans[-1]
        last.decided = calendar.next_working_day(today - timedelta(days=4))
        if last.decided > today:
            last.decided = today - timedelta(days=1)
        last.hold = True
        plans.sort(key=lambda p: (p.decided, p.offender))
    return plans


def _load_penalties(
    rng: random.Random, enterprises: list[Any], today: date, n: int
) -> list[Penalty]:
    calendar = work_calendar()
    events = _events_by_enterprise(today)
    plans = _penalty_plans(rng, enterprises, events, today, n)
    numbers: dict[int, int] = {}
    found: list[Penalty] = []
    for index, plan in enumerate(plans):
        year = plan.decided.year
        numbers[year] = numbers.get(year, 0) + 1
        # from 101: the disclosure demo's own penalty items of 09.01 number theirs from 1
        # (at most three a month), and one bureau's sequence has no number twice
        number = f"示环罚〔{year}〕{FIRST_NUMBER + numbers[year]}号"
        penalty = Penalty.objects.filter(document_number=number).first()
        if penalty is None:
            penalty = services.record_penalty(
                actor=None,
                document_number=number,
                enterprise=plan.enterprise,
                offender_kind=plan.kind,
                offender_name="" if plan.enterprise else plan.offender,
                facts=plan.facts,
                legal_basis=plan.basis,
                penalty_types=list(plan.types),
                fine=plan.fine,
                decided_on=plan.decided,
                received_on=calendar.add_working_days(plan.decided, rng.randint(1, 3)).value,
                decision_text=_decision_text(
                    number, plan.offender, plan.about, plan.facts, plan.basis, plan.types,
                    plan.fine, plan.decided,
                ),
            )  # fmt: skip
            # most within 7 working days; about one in seven late (8–15)
            late = index % 7 == 3
            delay = rng.randint(8, 15) if late else rng.randint(2, 6)
            published = calendar.add_working_days(plan.decided, delay).value
            if published <= today and not plan.hold:
                penalty = services.publish_penalty(actor=None, penalty=penalty, on=published)
                _disclose(penalty, published)
            if plan.event is not None:
                _inspection_for(rng, penalty, plan)
        found.append(penalty)
    _statuses(found, today)
    return found


def _disclose(penalty: Penalty, published: date) -> None:
    """The decision's disclosure item (the full text, a person's data masked) live in the
    catalogue as of the day the decision was published, so that a late publication
    counts as late in the disclosure timeliness report too. The demo publishes it
    without the review, as an administrator may."""
    from lantian.demo.disclosure import backdate
    from lantian.disclosure import services as disclosure

    item = disclosure.publish_item(actor=None, item=penalty.disclosure_item)
    backdate(item, published, minutes=penalty.pk % 240)


def _department() -> Any:
    from lantian.core.models import Department

    return Department.objects.filter(code="enforcement").first()


def _inspection_for(rng: random.Random, penalty: Penalty, plan: PenaltyPlan) -> None:
    """The inspection that found the exceedance: a few days after the event began."""
    event = plan.event
    began = timezone.localtime(event.start)
    day = began.date() + timedelta(days=rng.randint(2, 8))
    services.record_inspection(
        actor=None,
        enterprise=plan.enterprise,
        inspected_on=min(day, penalty.decided_on),
        kind=Inspection.Kind.DOUBLE_RANDOM if rng.random() < 0.4 else Inspection.Kind.ROUTINE,
        department=_department(),
        findings=(
            f"在线监测数据显示{event.outlet.code}排放口自{began:%m月%d日%H时}起超标，"
            "现场核查确认污染防治设施运行异常，已责令立即改正并立案调查。"
        ),
        result=Inspection.Result.CASE_OPENED,
        penalty=penalty,
    )


def _statuses(found: list[Penalty], today: date) -> None:
    """One decision under administrative review, one in litigation, one revoked."""
    fresh = [
        p
        for p in Penalty.objects.filter(pk__in=[p.pk for p in found]).order_by("decided_on", "pk")
        if p.enterprise_id and p.published_on
    ]
    if len(fresh) < 4 or any(p.status != Penalty.Status.EXECUTED for p in fresh):
        return  # too few, or loaded before
    services.change_penalty_status(actor=None, penalty=fresh[-1], status="under_review")
    services.change_penalty_status(
        actor=None, penalty=fresh[len(fresh) // 2], status="in_litigation"
    )
    revoked = fresh[1]
    services.change_penalty_status(
        actor=None,
        penalty=revoked,
        status="revoked",
        reason=REVOCATION_REASON.format(year=revoked.decided_on.year, n=7),
    )


def _load_inspections(rng: random.Random, enterprises: list[Any], today: date, n: int) -> int:
    """Inspections that found nothing to punish: 双随机 checks, routine and
    complaint-triggered visits."""
    if Inspection.objects.filter(penalty__isnull=True, enterprise__in=enterprises).exists():
        return 0
    calendar = work_calendar()
    already = Inspection.objects.filter(enterprise__in=enterprises).count()
    department = _department()
    made = 0
    for _ in range(max(0, n - already)):
        enterprise = rng.choice(enterprises)
        day = calendar.next_working_day(today - timedelta(days=rng.randint(3, 365)))
        if day > today:
            day = today - timedelta(days=3)
        roll = rng.random()
        if roll < 0.55:
            kind = Inspection.Kind.DOUBLE_RANDOM
        elif roll < 0.85:
            kind = Inspection.Kind.COMPLAINT
        else:
            kind = Inspection.Kind.ROUTINE
        if rng.random() < 0.75:
            result, findings = Inspection.Result.COMPLIANT, ""
            if kind == Inspection.Kind.COMPLAINT:
                findings = "群众反映的异味问题现场未发现，污染防治设施正常运行，在线监测数据正常。"
        else:
            result = Inspection.Result.PROBLEMS
            findings = rng.choice(
                (
                    "危险废物台账记录不完整，已责令限期整改。",
                    "排污口标志牌缺失，已责令限期整改。",
                    "厂区无组织排放控制措施不到位，已责令立即改正。",
                    "自行监测方案未按排污许可证要求更新，已责令限期整改。",
                )
            )
        services.record_inspection(
            actor=None, enterprise=enterprise, inspected_on=day, kind=kind,
            department=department, findings=findings, result=result,
        )  # fmt: skip
        made += 1
    return made


# --------------------------------------------------------------------------- ratings

TARGETS = {  # level → total score range
    "green": (95.5, 99.0),
    "blue": (82.0, 94.0),
    "yellow": (62.0, 78.0),
    "red": (42.0, 57.0),
}
MEASURED = {"green": 100, "blue": 96, "yellow": 86, "red": 62}


def _inputs(rng: random.Random, target: str, exact: bool) -> dict[str, dict[str, Any]]:
    low, high = TARGETS[target]
    total = (low + high) / 2 if exact else rng.uniform(low, high)
    inputs: dict[str, dict[str, Any]] = {}
    for indicator in rating.load_scheme("national").indicators:
        if indicator.code == "compliant_discharge":
            inputs[indicator.code] = {
                "measured": MEASURED[target],
                "source": "示范市环境监测站监督性监测",
            }
            continue
        noise = 0 if exact else rng.uniform(-3, 3)
        inputs[indicator.code] = {"score": round(min(100.0, max(0.0, total + noise)), 1)}
    return inputs


def _load_ratings(rng: random.Random, enterprises: list[Any], today: date, n: int) -> int:
    year = today.year - 1
    published_on = min(date(today.year, 4, 20), today)
    chosen = sorted(enterprises, key=lambda e: e.credit_code)
    rng.shuffle(chosen)
    chosen = chosen[:n]
    if not chosen:
        return 0
    made = 0
    levels = ["green", "blue", "yellow", "red"]  # every colour, then a realistic mix
    for index, enterprise in enumerate(chosen):
        if CreditRating.objects.filter(enterprise=enterprise, year=year).exists():
            continue
        if index == len(levels):  # the Jiangsu preset: black by a one-vote veto
            found = services.rate_enterprise(
                actor=None, enterprise=enterprise, year=year, scheme="jiangsu",
                inputs=_inputs(rng, "yellow", exact=True), vetoes=["evasive_discharge"],
            )  # fmt: skip
        else:
            if index < len(levels):
                target, exact = levels[index], True
            else:
                roll = rng.random()
                target = (
                    "green" if roll < 0.2 else "blue" if roll < 0.75 else "yellow"
                    if roll < 0.93 else "red"
                )  # fmt: skip
                exact = False
            found = services.rate_enterprise(
                actor=None, enterprise=enterprise, year=year, scheme="national",
                inputs=_inputs(rng, target, exact),
            )  # fmt: skip
        found = services.publish_rating(actor=None, credit_rating=found, on=published_on)
        made += 1
        if index == 2:  # the yellow one objects, and is rejected
            received = published_on + timedelta(days=8)
            if received <= today:
                objection = services.record_objection(
                    actor=None, credit_rating=found, received_on=received,
                    text="我公司对“行政处罚与行政命令”指标扣分有异议：相关处罚已于当年整改完毕。",
                )  # fmt: skip
                if received + timedelta(days=15) <= today:
                    services.decide_objection(
                        actor=None, objection=objection, outcome="rejected",
                        decided_on=received + timedelta(days=15),
                        note="处罚决定在评价期内作出，依评价标准应予扣分；整改情况可申请信用修复。",
                    )  # fmt: skip
        if index == 3 and published_on + timedelta(days=90) <= today:  # the red one repairs
            services.record_repair(
                actor=None, credit_rating=found, repaired_on=published_on + timedelta(days=90),
                measures="完成脱硫设施提标改造，按期缴纳罚款，公开作出信用承诺并通过现场核查。",
                new_level="yellow",
            )  # fmt: skip
    return made


# --------------------------------------------------------------------------- reports


def _content(enterprise: Any, year: int) -> dict[str, str]:
    texts = {
        "basic": f"{enterprise.name}，统一社会信用代码{enterprise.credit_code}，"
        f"地址：{enterprise.address}，行业：{enterprise.industry_name}。",
        "management": f"{year}年持有效排污许可证，按证排污；"
        "环境管理制度健全，设环保专员负责日常管理。",
        "pollution": f"{year}年各排放口污染物排放浓度及排放总量见附表，污染防治设施正常运行。",
        "carbon": "不属于全国碳排放权交易市场重点排放单位。",
        "emergency": "已编制突发环境事件应急预案并备案，全年开展应急演练2次，未发生突发环境事件。",
        "violations": f"{year}年度生态环境行政处罚情况见临时报告。",
        "adhoc": f"{year}年度临时环境信息依法披露情况见本企业临时报告。",
        "other": "无。",
    }
    return {code: texts[code] for code in REPORT_CATEGORY_CODES}


ACCOUNT_EMAIL = "huanbao@qiye.demo.example"


def _load_account(password: str) -> Any:
    """The demo's enterprise account: for the first enterprise (by credit code) whose
    annual report is still to be written, so that signing in shows something to do. The
    password is set as the invitation's link would (idempotent)."""
    existing = sources.account_of_email(ACCOUNT_EMAIL)
    if existing is not None:
        return existing
    report = (
        DisclosureReport.objects.select_related("enterprise")
        .filter(kind=DisclosureReport.Kind.ANNUAL, submitted_on__isnull=True)
        .order_by("enterprise__credit_code")
        .first()
    )
    if report is None:
        return None
    account = sources_services.invite_account(
        actor=None, enterprise=report.enterprise, email=ACCOUNT_EMAIL, name="企业环保专员"
    )
    account.user.set_password(password)
    account.user.save(update_fields=["password"])
    return account


def _load_reports(rng: random.Random, today: date) -> dict[str, int]:
    year = today.year - 1
    services.open_annual_reports_of_key_units(actor=None, year=year)
    calendar = work_calendar()
    counts = {"annual": 0, "adhoc": 0}
    due = date(today.year, 3, 15)
    annual = (
        DisclosureReport.objects.select_related("enterprise")
        .filter(kind=DisclosureReport.Kind.ANNUAL, year=year)
        .order_by("enterprise__credit_code")
    )
    for index, report in enumerate(annual):
        # every draw is made whether or not the report was submitted before, so that a
        # second load draws the same numbers for the same reports
        early, late = rng.randint(0, 40), rng.randint(3, 45)
        if report.submitted_on is not None or index % 13 == 6:  # about 8 % missing
            continue
        # about one in nine late
        on = due + timedelta(days=late) if index % 9 == 4 else due - timedelta(days=early)
        if on <= today:
            services.submit_report(
                actor=None, report=report, content=_content(report.enterprise, year),
                submitted_on=on,
            )  # fmt: skip
            counts["annual"] += 1
    adhoc = (
        DisclosureReport.objects.select_related("enterprise", "penalty")
        .filter(kind=DisclosureReport.Kind.ADHOC, penalty__isnull=False)
        .order_by("received_on", "pk")
    )
    for report in adhoc:
        roll = rng.random()
        quick, slow = rng.randint(1, 5), rng.randint(6, 12)
        if report.submitted_on is not None or roll >= 0.9:
            continue
        delay = quick if roll < 0.7 else slow
        on = calendar.add_working_days(report.received_on, delay).value
        if on <= today:
            penalty = report.penalty
            content = {
                "violations": f"{penalty.decided_on:%Y年%m月%d日}收到{BUREAU}行政处罚决定书"
                f"（{penalty.document_number}），罚款{penalty.fine:,.0f}元，已按期缴纳并完成整改。",
                "adhoc": "本公司已按规定在收到处罚决定书后披露本临时报告。",
            }
            services.submit_report(actor=None, report=report, content=content, submitted_on=on)
            counts["adhoc"] += 1
    return counts


# What a seal-up or seizure takes (令第29号 Art. 4): by the outlet's kind; a seizure takes
# movable equipment. Fictional but typical.
SEALED_FACILITIES = {
    "gas": "{outlet}排放口对应的生产装置及其废气治理设施（脱硫脱硝设施、除尘器、引风机）",
    "water": "{outlet}排放口对应的污水处理设施、提升泵站及排放阀门",
}
SEIZED_EQUIPMENT = "用于绕过污染防治设施排放的潜水泵2台、软管约50米及配电箱1个"
EXTENSION_REASON = (
    "案情复杂，需委托第三方检测机构对污染防治设施运行数据及在线监测记录进行鉴定，"
    "经局负责人集体讨论决定延长查封期限"
)


@dataclass
class MeasurePlan:
    decided: date
    enterprise: Any
    outlet: str  # the outlet's code
    kind: str  # "gas" or "water"
    seize: bool
    days: int
    penalty: Any = None


def _exceeding(today: date) -> list[tuple[Any, Any]]:
    """The enterprises whose outlets exceeded their limits in the last year, each with
    its first event, the earliest first."""
    first: dict[int, Any] = {}
    for event in sources.exceedances(start=today - timedelta(days=365), end=today):
        key = event.outlet.enterprise_id
        if key not in first or (event.start, event.pk) < (first[key].start, first[key].pk):
            first[key] = event
    return sorted(
        ((e.outlet.enterprise, e) for e in first.values()), key=lambda p: (p[1].start, p[1].pk)
    )


def _measure_plans(rng: random.Random, today: date) -> list[MeasurePlan]:
    """Up to four this year, taken days after an exceedance began (linked to the penalty
    that followed, when there is one), and three last year on the same enterprises."""
    exceeding = _exceeding(today)
    plans: list[MeasurePlan] = []
    for index, (enterprise, event) in enumerate(exceeding[:4]):
        began = timezone.localtime(event.start).date()
        decided = min(began + timedelta(days=rng.randint(2, 6)), today - timedelta(days=1))
        penalty = (
            Penalty.objects.filter(
                enterprise=enterprise, facts__contains="超标排放", decided_on__gte=decided
            )
            .order_by("decided_on", "pk")
            .first()
        )
        plans.append(
            MeasurePlan(
                decided, enterprise, event.outlet.code, event.outlet.kind,
                seize=index == 2, days=rng.randint(15, 30), penalty=penalty,
            )
        )  # fmt: skip
    last = today.year - 1
    for month, (enterprise, event) in zip((4, 8, 11), exceeding[:3], strict=False):
        decided = date(last, month, rng.randint(3, 25))
        plans.append(
            MeasurePlan(
                decided, enterprise, event.outlet.code, event.outlet.kind,
                seize=False, days=30 if month == 4 else rng.randint(15, 30),
            )
        )  # fmt: skip
    return sorted(plans, key=lambda p: (p.decided, p.enterprise.credit_code))


def _load_compulsory(rng: random.Random, today: date) -> int:
    """Seal-ups and seizures on the exceeding enterprises; the first of the record (30
    days, then extended) is lifted after its extension, the others at or before the end
    of their period, a measure still running left unlifted. Idempotent by number."""
    numbers: dict[tuple[str, int], int] = {}
    made = 0
    for index, plan in enumerate(_measure_plans(rng, today)):
        # every draw is made whether or not the measure exists, for the same numbers
        early, extension, lift = rng.randint(0, 3), rng.randint(15, 30), rng.randint(1, 5)
        prefix = "示环扣押" if plan.seize else "示环查封"
        key = (prefix, plan.decided.year)
        numbers[key] = numbers.get(key, 0) + 1
        number = f"{prefix}〔{plan.decided.year}〕{numbers[key]}号"
        if CompulsoryMeasure.objects.filter(decision_number=number).exists():
            continue
        ends = plan.decided + timedelta(days=plan.days)
        extended = ends + timedelta(days=extension) if index == 0 else None
        end = extended or ends
        lifted = end - timedelta(days=lift if extended else early)
        services.record_compulsory_measure(
            actor=None,
            decision_number=number,
            enterprise=plan.enterprise,
            kind=CompulsoryMeasure.Kind.SEIZE if plan.seize else CompulsoryMeasure.Kind.SEAL,
            decided_on=plan.decided,
            facilities=SEIZED_EQUIPMENT
            if plan.seize
            else SEALED_FACILITIES.get(plan.kind, SEALED_FACILITIES["gas"]).format(
                outlet=plan.outlet
            ),
            period_ends_on=ends,
            extended_to=extended,
            extension_reason=EXTENSION_REASON if extended else "",
            lifted_on=lifted if lifted <= today else None,
            penalty=plan.penalty,
        )
        made += 1
    return made


def load(
    *,
    today: date | None = None,
    count: int = sources_demo.ENTERPRISES,
    progress: Progress | None = None,
    password: str | None = None,
) -> dict[str, int]:
    """Load the demo's enforcement record on the demo enterprises (idempotent). Needs
    :func:`lantian.demo.sources.load` first (with the same ``count``). With ``password``,
    an enterprise whose annual report is missing gets an account signing in with it
    (:data:`ACCOUNT_EMAIL`)."""
    say = progress or (lambda _line: None)
    today = today or timezone.localdate()
    enterprises = _enterprises(count)
    if not enterprises:
        say("no demo enterprise: load the sources demo first")
        return {
            "penalties": 0,
            "inspections": 0,
            "ratings": 0,
            "annual": 0,
            "adhoc": 0,
            "compulsory": 0,
        }
    wanted = size(count)
    with transaction.atomic():
        before = Penalty.objects.count(), Inspection.objects.count()
        penalties = _load_penalties(random.Random(SEED), enterprises, today, wanted.penalties)
        _load_inspections(random.Random(SEED + 1), enterprises, today, wanted.inspections)
        new_penalties = Penalty.objects.count() - before[0]
        new_inspections = Inspection.objects.count() - before[1]
    say(
        f"{new_penalties} penalty decisions ({len(penalties)} planned), "
        f"{new_inspections} inspections"
    )
    with transaction.atomic():
        ratings = _load_ratings(random.Random(SEED + 2), enterprises, today, wanted.ratings)
    say(f"{ratings} credit ratings for {today.year - 1}")
    with transaction.atomic():
        reports = _load_reports(random.Random(SEED + 3), today)
    say(f"{reports['annual']} annual and {reports['adhoc']} ad-hoc disclosure reports submitted")
    with transaction.atomic():
        compulsory = _load_compulsory(random.Random(SEED + 4), today)
    say(f"{compulsory} compulsory measures (seal-ups and seizures)")
    if password:
        with transaction.atomic():
            account = _load_account(password)
        if account:
            say(f"enterprise account {ACCOUNT_EMAIL} for {account.enterprise.name}")
    return {
        "penalties": new_penalties,
        "inspections": new_inspections,
        "ratings": ratings,
        **reports,
        "compulsory": compulsory,
    }
