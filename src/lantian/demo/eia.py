"""The demo bureau's EIA projects (about 40 by default) on the core calendar:

- every category (报告书, 报告表, 登记表) and every stage: in their acceptance notice, in
  their proposed-approval notice, decided (approved, and one not approved) and through
  completion acceptance; some builders are enterprises of the sources demo (the
  enterprise page lists their projects), the others new builders;
- an acceptance notice that crosses the last Spring Festival and a proposed-approval
  notice that crosses the last National Day (both still of the minimum length in working
  days, ending later in calendar days), an expert review pausing a report book's clock,
  and one decision notice published late (more than 7 working days after the decision);
- each notice's disclosure item live in the catalogue's 06.xx category, dated the day the
  notice was published.

Seeded (the same projects on every load from the same day), dated back from the loading
day, written through the EIA services; loading again adds nothing. Needs the bureau's
catalogue; :func:`lantian.demo.sources.load` first to link builders to enterprises.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from lantian.air.models import District
from lantian.core.calendar import work_calendar
from lantian.demo import sources as sources_demo
from lantian.eia import clock, comment_services, services
from lantian.eia.models import Document, Notice, Project
from lantian.sources import creditcode
from lantian.sources import selectors as sources

SEED = 20_261_217
LOCAL = ZoneInfo("Asia/Shanghai")
# About 280 projects a year over two years (the seed bureau discloses about 250 a year).
PROJECTS = 560
YEARS_BACK = 730
Progress = Callable[[str], None]

# Project names by category, with their industries (GB/T 4754-2017 classes).
KINDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    Project.Category.REPORT_BOOK: (
        ("热电联产机组扩建项目", "4412", "热电联产"),
        ("危险废物综合利用项目", "7724", "危险废物治理"),
        ("生活垃圾焚烧发电项目", "4417", "生物质能发电"),
        ("年产10万吨精细化工中间体项目", "2614", "有机化学原料制造"),
        ("污水处理厂三期扩建工程", "4620", "污水处理及其再生利用"),
    ),
    Project.Category.REPORT_FORM: (
        ("汽车零部件表面处理生产线技改项目", "3670", "汽车零部件及配件制造"),
        ("印刷包装材料生产项目", "2319", "包装装潢及其他印刷"),
        ("电子元器件生产线扩建项目", "3981", "电阻电容电感元件制造"),
        ("商品混凝土搅拌站项目", "3021", "水泥制品制造"),
        ("食品加工车间改建项目", "1391", "谷物磨制"),
        ("医疗器械生产项目", "3584", "医疗、外科及兽医用器械制造"),
    ),
    Project.Category.REGISTRATION_FORM: (
        ("社区卫生服务中心建设项目", "8422", "社区卫生服务中心（站）"),
        ("仓储物流中心项目", "5990", "其他仓储业"),
        ("农贸市场改造项目", "5190", "其他批发业"),
    ),
}
DOCUMENT_TITLES = {
    Project.Category.REPORT_BOOK: "环境影响报告书",
    Project.Category.REPORT_FORM: "环境影响报告表",
}
BUILDERS = ("示范新材料", "示范智能制造", "城北环保科技", "港城精工", "高新电子", "南湖食品")
PREPARERS = (
    "示范环境科学研究院有限公司",
    "江南环境工程咨询有限公司",
    "中环评（示范）技术服务有限公司",
)
CATEGORY_WEIGHTS = (0.3, 0.55, 0.15)
# The share of projects at each stage: acceptance, pre_approval, decided, completion.
STAGES = ("acceptance", "pre_approval", "decided", "completion")
STAGE_WEIGHTS = (0.15, 0.15, 0.45, 0.25)
# Projects accepted more than half a year ago: most decided, many through completion, a
# few stalled in their notices (documents being supplemented).
OLD_STAGE_WEIGHTS = (0.03, 0.04, 0.48, 0.45)
# Decision notices published late (more than 7 working days after the decision), and
# completion filings late (more than 5 working days after the notice).
LATE_DECISION_SHARE = 0.04
LATE_FILING_SHARE = 0.08
ACCEPTANCE_MONITORS = (
    "示范市环境监测技术有限公司",
    "江南检测认证有限公司",
    "中环（示范）环境检测有限公司",
)


@dataclass(frozen=True)
class Plan:
    name: str
    builder_name: str
    builder_credit_code: str
    category: str
    industry_code: str
    industry_name: str
    district: str
    latitude: Decimal
    longitude: Decimal
    investment: Decimal
    preparer: str
    accepted_on: date
    stage: str
    late_decision: bool = False
    expert_review: bool = False
    not_approved: bool = False


def _credit_code(rng: random.Random) -> str:
    body = "MA" + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(6))
    org = body + creditcode.org_code_check_character(body)
    first17 = "91320599" + org
    return first17 + creditcode.check_character(first17)


def _holiday_start(calendar: Any, name: str, before: date) -> date | None:
    """The first day of the latest holiday ``name`` that began before ``before``."""
    days = sorted(d for d, n in calendar.holidays.items() if n == name and d < before)
    if not days:
        return None
    start = days[-1]
    while start - timedelta(days=1) in days:
        start -= timedelta(days=1)
    return start


def _working_day_before(calendar: Any, day: date, n: int) -> date:
    """The n-th working day before ``day``."""
    while n:
        day -= timedelta(days=1)
        if calendar.is_working_day(day).is_working:
            n -= 1
    return day


PHASES = ("二期", "三期", "四期", "五期", "六期", "七期", "八期", "九期")


def _unique(name: str, code: str, seen: set[tuple[str, str]]) -> str:
    """The builder's project name, its later phases (二期, 三期, …) when it has one
    already: a builder's project is known by its name."""
    candidates = [name, *(f"{name}（{phase}）" for phase in PHASES)]
    found = next((c for c in candidates if (code, c) not in seen), f"{name}（{len(seen)}）")
    seen.add((code, found))
    return found


def plan(today: date, count: int = PROJECTS) -> list[Plan]:
    """The demo's projects, the same for the same day and count."""
    rng = random.Random(SEED)
    calendar = work_calendar()
    enterprises = [sources.enterprise(p.credit_code) for p in sources_demo.plan()[:60]]
    enterprises = [e for e in enterprises if e is not None]
    districts = list(sources_demo.DISTRICTS)
    plans = []
    seen: set[tuple[str, str]] = set()
    for _i in range(count):
        category = rng.choices(list(KINDS), CATEGORY_WEIGHTS)[0]
        title, industry_code, industry_name = rng.choice(KINDS[category])
        if enterprises and rng.random() < 0.4:
            enterprise = rng.choice(enterprises)
            builder, code = enterprise.name, enterprise.credit_code
            district = enterprise.district.name if enterprise.district else rng.choice(districts)
        else:
            builder = f"示范市{rng.choice(BUILDERS)}有限公司"
            code, district = _credit_code(rng), rng.choice(districts)
        lat, lon, _en = sources_demo.DISTRICTS[district]
        accepted = calendar.next_working_day(today - timedelta(days=rng.randint(1, YEARS_BACK)))
        if accepted > today:  # a weekend's next working day
            accepted = _working_day_before(calendar, today, 1)
        weights = OLD_STAGE_WEIGHTS if (today - accepted).days > 180 else STAGE_WEIGHTS
        stage = rng.choices(STAGES, weights)[0]
        late_decision = rng.random() < LATE_DECISION_SHARE
        plans.append(
            Plan(
                name=_unique(f"{builder.removesuffix('有限公司')}{title}", code, seen),
                builder_name=builder,
                builder_credit_code=code,
                category=category,
                industry_code=industry_code,
                industry_name=industry_name,
                district=district,
                latitude=Decimal(f"{lat + rng.uniform(-0.02, 0.02):.6f}"),
                longitude=Decimal(f"{lon + rng.uniform(-0.02, 0.02):.6f}"),
                investment=Decimal(f"{rng.uniform(200, 300000):.2f}"),
                preparer=rng.choice(PREPARERS),
                accepted_on=accepted,
                stage=stage,
                late_decision=late_decision,
            )
        )
    return _special(plans, calendar, today)


def _special(plans: list[Plan], calendar: Any, today: date) -> list[Plan]:
    """Accepted before the Spring Festival, noticed across National Day, a late decision
    notice, an expert review, a refusal and two projects in their notices now, on the
    first projects of the plan."""
    replace = dict[int, dict[str, Any]]()
    spring = _holiday_start(calendar, "春节", today - timedelta(days=60))
    if spring and len(plans) > 0:
        replace[0] = {"accepted_on": _working_day_before(calendar, spring, 3), "stage": "decided"}
    national = _holiday_start(calendar, "国庆节", today - timedelta(days=30))
    if national and len(plans) > 1:
        # accepted so that the acceptance notice ends just before the proposed-approval
        # notice, which starts two working days before the holiday
        pre_start = _working_day_before(calendar, national, 2)
        accepted = _working_day_before(calendar, pre_start, 11)
        replace[1] = {"accepted_on": accepted, "stage": "pre_approval"}
    if len(plans) > 2:
        replace[2] = {"late_decision": True, "stage": "decided"}
    if len(plans) > 3:
        replace[3] = {"expert_review": True, "stage": "decided", "category": "report_book"}
    if len(plans) > 4:
        replace[4] = {"not_approved": True, "stage": "decided", "category": "report_form"}
    if len(plans) > 6:  # the newest: one in its acceptance notice, one in the next
        replace[5] = {"accepted_on": _working_day_before(calendar, today, 4), "stage": "acceptance"}
        replace[6] = {
            "accepted_on": _working_day_before(calendar, today, 14),
            "stage": "pre_approval",
            "category": "report_book",
        }
    for index, values in replace.items():
        plans[index] = Plan(**{**plans[index].__dict__, **values})
    return plans


def load(
    *, today: date | None = None, count: int = PROJECTS, progress: Progress | None = None
) -> dict[str, int]:
    """Load the demo's EIA projects (idempotent: a project already there by its builder
    and name is left as it is)."""
    say = progress or (lambda _line: None)
    today = today or timezone.localdate()
    created = notices = 0
    with transaction.atomic():
        for p in plan(today, count):
            if Project.objects.filter(
                builder_credit_code=p.builder_credit_code, name=p.name
            ).exists():
                continue
            added = _load_project(p, today)
            created += 1
            notices += added
    say(f"{created} EIA projects, {notices} notices")
    return {"projects": created, "notices": notices}


def _load_project(p: Plan, today: date) -> int:
    calendar = work_calendar()
    project = services.save_project(
        actor=None,
        builder_name=p.builder_name,
        builder_credit_code=p.builder_credit_code,
        name=p.name,
        address=f"示范市{p.district}{p.name[:4]}路{(len(p.name) * 7) % 200 + 1}号",
        district=District.objects.filter(name=p.district).first(),
        latitude=p.latitude,
        longitude=p.longitude,
        industry_code=p.industry_code,
        industry_name=p.industry_name,
        category=p.category,
        preparer=p.preparer,
        investment=p.investment,
        accepted_on=p.accepted_on,
    )
    added = 0

    def notice(kind: str, starts_on: date, extra: int = 0) -> date | None:
        """Add the notice of ``kind`` from ``starts_on`` if it has started by today;
        its end date (the minimum plus ``extra`` working days)."""
        nonlocal added
        if starts_on > today:
            return None
        minimum = clock.MINIMUM_WORKING_DAYS[kind] or 5
        ends_on = calendar.add_working_days(starts_on - timedelta(days=1), minimum + extra).value
        found = services.add_notice(
            actor=None,
            project=project,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            review=False,  # published below, as an administrator may
        )
        _disclose(found)
        _comments(found, today)
        added += 1
        return ends_on

    # the day after acceptance, the acceptance notice (a registration form is filed: none
    # of the approval notices, only its filing is published as the "decision")
    order = STAGES.index(p.stage)
    if p.category == Project.Category.REGISTRATION_FORM:
        decided = calendar.add_working_days(p.accepted_on, 1).value
        if decided <= today:
            services.record_decision(
                actor=None,
                project=project,
                decision="approved",
                decided_on=decided,
                decision_number=f"备案号{p.accepted_on:%Y%m%d}{project.pk:04d}",
            )
            notice(Notice.Kind.DECISION, decided)
        return added
    start = calendar.add_working_days(p.accepted_on, 1).value
    end = notice(Notice.Kind.ACCEPTANCE, start)
    if end is None:
        return added
    document = DOCUMENT_TITLES[p.category]
    _document(project, Document.Kind.EIA_DOCUMENT, Document.Version.PUBLIC, document)
    _document(project, Document.Kind.EIA_DOCUMENT, Document.Version.FULL, document)
    if p.category == Project.Category.REPORT_BOOK:
        _document(project, Document.Kind.PARTICIPATION, Document.Version.PUBLIC, "公众参与说明")
    if order < 1:
        return added
    if p.expert_review:
        services.record_pause(
            actor=None,
            project=project,
            reason="expert_review",
            start=end + timedelta(days=1),
            end=end + timedelta(days=15),
        )
        end += timedelta(days=15)
    end = notice(Notice.Kind.PRE_APPROVAL, calendar.add_working_days(end, 1).value)
    if end is None or order < 2:
        return added
    decided = calendar.add_working_days(end, 2).value
    if decided > today:
        return added
    number = f"示环审〔{decided.year}〕{project.pk:03d}号"
    services.record_decision(
        actor=None,
        project=project,
        decision="not_approved" if p.not_approved else "approved",
        decided_on=decided,
        decision_number=number,
        conditions=""
        if p.not_approved
        else "一、严格落实报告提出的各项污染防治措施；二、污染物排放执行国家和地方标准；"
        "三、项目建成后依法开展竣工环境保护验收。",
    )
    delay = 11 if p.late_decision else 3
    if notice(Notice.Kind.DECISION, calendar.add_working_days(decided, delay).value):
        _document(project, Document.Kind.DECISION, Document.Version.PUBLIC, f"{number}批复文件")
    if order < 3 or p.not_approved:
        return added
    _complete(project, p, decided, today, notice)
    return added


def _complete(
    project: Project, p: Plan, decided: date, today: date, notice: Callable[..., date | None]
) -> None:
    """The builder's completion acceptance: built about two months after the decision,
    commissioned for five weeks, the report made public a few working days after it was
    made (now and then late) for the minimum 20 working days, then filed on the national
    platform (now and then late)."""
    calendar = work_calendar()
    rng = random.Random(f"{SEED}:{p.builder_credit_code}:{p.name}")
    start = calendar.next_working_day(decided + timedelta(days=120))
    if start > today:
        return
    completed = calendar.next_working_day(decided + timedelta(days=60 + rng.randint(0, 10)))
    report = _working_day_before(calendar, start, 8 if rng.random() < 0.05 else rng.randint(1, 4))
    services.record_completion(
        actor=None,
        project=project,
        completed_on=completed,
        commissioning_from=completed + timedelta(days=7),
        commissioning_to=min(completed + timedelta(days=42), report),
        acceptance_report_on=report,
        acceptance_result=Project.AcceptanceResult.PASSED,
        acceptance_monitor=rng.choice(ACCEPTANCE_MONITORS),
        acceptance_opinion="项目基本落实了环境影响报告及其审批决定提出的各项环境保护措施，"
        "污染物达标排放，验收工作组同意通过竣工环境保护验收。",
    )
    ends_on = notice(Notice.Kind.COMPLETION, start)
    if ends_on is None:
        return
    _document(
        project,
        Document.Kind.ACCEPTANCE_REPORT,
        Document.Version.PUBLIC,
        "竣工环境保护验收监测报告",
    )
    late = rng.random() < LATE_FILING_SHARE
    filed = calendar.add_working_days(ends_on, 8 if late else rng.randint(1, 5)).value
    if filed <= today:
        services.record_completion(actor=None, project=project, acceptance_filed_on=filed)


# The public's comments on the notices that invite them, each with the bureau's reply.
COMMENTS: tuple[tuple[str, str], ...] = (
    (
        "项目距离我们小区不到一公里，请问施工期是否夜间施工？噪声如何控制？",
        "感谢关注。根据环评文件，施工期禁止夜间（22:00至次日6:00）高噪声作业，确需连续作业的须"
        "依法办理夜间施工证明并公告周边居民；建设单位将设置围挡并选用低噪声设备。",
    ),
    (
        "希望建设单位落实废气收集处理措施，确保周边居民不受异味影响。",
        "您的意见已转建设单位。审批意见要求项目有机废气经收集后采用“活性炭吸附+催化燃烧”处理，"
        "排放执行国家和地方标准，并开展厂界无组织排放监测。",
    ),
    (
        "请问项目废水排到哪里？排放标准是多少？",
        "项目生产废水经厂内预处理后接入市政污水管网，进入城东污水处理厂集中处理，接管执行"
        "《污水综合排放标准》（GB 8978-1996）三级标准及污水处理厂接管要求。",
    ),
    (
        "支持该项目建设，希望尽快投产，带动周边就业。",
        "感谢您的支持。我局将依法依规做好审批工作，并督促建设单位落实各项环境保护措施。",
    ),
    (
        "项目产生的危险废物如何贮存和处置？建议公开委托处置单位。",
        "环评文件明确危险废物在厂内规范化贮存库暂存，委托有资质单位处置，执行转移联单制度；"
        "项目投运后将按规定公开危险废物管理信息。",
    ),
    (
        "报告公开版中缺少噪声预测的附图，能否补充公开？",
        "经核实，公开版附图已补充，可在本项目页面“文件”栏目下载。感谢您的监督。",
    ),
    (
        "建议在厂界设置绿化隔离带，减少对周边村庄的影响。",
        "您的建议已转建设单位研究采纳，审批意见已要求项目加强厂区及厂界绿化。",
    ),
)
DECLINED: tuple[tuple[str, str], ...] = (
    (
        "专业代办环评、排污许可手续，包过，价格优惠，详询微信。",
        "广告推销信息，与本项目环境影响无关。",
    ),
    (
        "隔壁王某某（身份证号3205…）家的厂子天天偷排，你们管不管？",
        "内容含他人个人信息，且与本项目无关；已告知可通过12369举报。",
    ),
)
NAMES = ("张先生", "", "李女士", "附近居民", "", "王女士", "周边村民", "")
COMMENT_SHARE = 0.35
OPEN_COMMENT_SHARE = 0.7  # a notice open now: the moderation queue has work


def _comments(notice: Notice, today: date) -> None:
    """Now and then a comment or three on a notice that invites them, sent while it was
    open; once it has closed, moderated (most published and answered, spam and personal
    data declined with the reason); while it is open, some still awaiting moderation."""

    if notice.kind == Notice.Kind.DECISION:
        return
    rng = random.Random(f"{SEED}:{notice.project_id}:{notice.kind}")
    share = OPEN_COMMENT_SHARE if notice.ends_on >= today else COMMENT_SHARE
    if rng.random() >= share:
        return
    last = min(notice.ends_on, today)
    span = (last - notice.starts_on).days
    # the loading day's end (a load dated in the past has nothing after it), at most now
    now = min(timezone.now(), datetime.combine(today, time(23, 59), tzinfo=LOCAL))
    for n in range(rng.randint(1, 3)):
        day = notice.starts_on + timedelta(days=rng.randint(0, max(span, 0)))
        at = datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59)), tzinfo=LOCAL)
        at = min(at, now - timedelta(minutes=5))
        declined = rng.random() < 0.1
        text, answer = rng.choice(DECLINED if declined else COMMENTS)
        comment = comment_services.submit_comment(
            notice=notice,
            name=rng.choice(NAMES),
            contact=f"1390599{rng.randint(0, 9999):04d}" if rng.random() < 0.6 else "",
            text=text,
            submitted_at=at,
        )
        moderated = at + timedelta(days=1, hours=rng.randint(0, 6))
        if moderated > now or (notice.ends_on >= today and n == 0):
            continue  # awaiting moderation
        comment_services.moderate_comment(
            actor=None,
            comment=comment,
            publish=not declined,
            reason=answer if declined else "",
            moderated_at=moderated,
        )
        replied = moderated + timedelta(days=rng.randint(1, 5))
        if not declined and replied <= now:
            comment_services.reply_to_comment(
                actor=None, comment=comment, reply=answer, replied_at=replied
            )


# One small PDF per kind and version, rendered once per process and reused: each opens
# and says it is a demo document (the titles are the project's).
_PDFS: dict[tuple[str, str], bytes] = {}
PDF_TEXT = {
    Document.Version.FULL: "全本（内部）：含依法不予公开的内容，仅供审批人员查阅。",
    Document.Version.PUBLIC: "公开版：已依法删除涉及国家秘密、商业秘密和个人信息的内容。",
}


def _pdf(kind: str, version: str) -> bytes:
    if (kind, version) not in _PDFS:
        from weasyprint import HTML

        label = Document.Kind(kind).label
        html = (
            '<html lang="zh-Hans"><body style="font-family: \'Noto Sans CJK SC\', sans-serif">'
            f"<h1>示范市生态环境局 演示文件</h1><p>{label}</p><p>{PDF_TEXT[version]}</p>"
            "<p>本文件由演示数据生成，不是真实的环境影响评价文件。</p></body></html>"
        )
        _PDFS[(kind, version)] = HTML(string=html).write_pdf()
    return _PDFS[(kind, version)]


def _document(project: Project, kind: str, version: str, title: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    suffix = "全本" if version == Document.Version.FULL else "公开版"
    name = f"{project.pk}-{kind}-{version}.pdf"
    services.add_document(
        actor=None,
        project=project,
        kind=kind,
        version=version,
        title=f"{title}（{suffix}）" if kind == Document.Kind.EIA_DOCUMENT else title,
        upload=SimpleUploadedFile(name, _pdf(kind, version), content_type="application/pdf"),
    )


def _disclose(found: Notice) -> None:
    """The notice's disclosure item live in the catalogue as of the day it was published.
    The demo publishes it without the review, as an administrator may."""
    from lantian.demo.disclosure import backdate
    from lantian.disclosure import services as disclosure

    if found.disclosure_item is None or found.published_on is None:
        return
    item = disclosure.publish_item(actor=None, item=found.disclosure_item)
    backdate(item, found.published_on, minutes=found.pk % 240)
