"""Demo proactive disclosure for 示范市生态环境局: two years of items across the catalogue.

About 400 items formed from December 2024 to November 2026 — work news, notices with
deadlines, press conferences with transcripts and questions, normative documents with
their interpretations, plans, monthly air and water reports, EIA acceptance, proposed
approval and decision notices, discharge permits, penalty decisions (示环罚〔2026〕N号),
quarterly random-inspection results, heavy-pollution warnings that match the air demo's
episodes, budgets and procurement — told in the bureau's own register. Beside the story,
standing information (functions, units, leaders, contacts, the annual disclosure reports
…) fills every category of the standard catalogue. Whatever the loading day, a column the
story last fed longer ago than the self-inspection allows (国办秘函〔2019〕19号: dynamic
columns 2 weeks, the others 6 or 12 months) gets one routine item of a few days before,
so the demo bureau's site passes its column checks on the day it is loaded.

Most items are published within their time limit (20 working days, 7 for licensing
and penalty decisions); about 8% late (25–40 working days); a few approved for the
coming days (scheduled, not live); some policies expired or repealed; a few withdrawn
with their reasons. News and press conferences went out on WeChat and Weibo too, as if
the channels had been configured.

Deterministic (seeded), idempotent (an item is known by its title), and written
through the disclosure services — every item has its index number, revisions and audit
entries, and is in the search index. Publication dates are then set to the day the
story says the item went out (publishing itself happens at load time).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from lantian.core.calendar import add_working_days
from lantian.core.models import Department
from lantian.demo.bureau import DEPARTMENTS
from lantian.disclosure import services
from lantian.disclosure.models import Category, DisclosureItem, Publication

SEED = 2026
FIRST = date(2024, 12, 1)
LAST = date(2026, 11, 30)
LATE_SHARE = 0.08
LOCAL = ZoneInfo("Asia/Shanghai")
BUREAU = "示范市生态环境局"
Kind = DisclosureItem.Kind
Validity = DisclosureItem.Validity


@dataclass
class Spec:
    code: str  # catalogue category
    kind: str
    title: str
    formed_on: date
    department: str
    summary: str = ""
    body: str = ""
    doc_number: str = ""
    keywords: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    interprets: str = ""  # the title of the policy an interpretation explains
    withdraw_reason: str = ""
    social: bool = False  # also went out on WeChat and Weibo
    fixed_delay: int | None = None  # working days from forming to publication
    # the same, decided without a draw: items added later leave the others' draws alone
    exact_delay: int | None = None


DISTRICTS = ("东城区", "西湖区", "南湖区", "北山区", "高新区", "港区")
COMPANIES = (
    ("示范市北山化工有限公司", "北山区", "化工"),
    ("示范港区热电有限公司", "港区", "热电"),
    ("示范市恒达汽车零部件有限公司", "高新区", "汽车零部件"),
    ("示范市南湖印染有限公司", "南湖区", "印染"),
    ("示范市金辉电子材料有限公司", "高新区", "电子材料"),
    ("示范市西湖混凝土有限公司", "西湖区", "混凝土"),
    ("示范市瑞丰家具制造有限公司", "北山区", "家具制造"),
    ("示范市港城包装印刷有限公司", "港区", "包装印刷"),
    ("示范市宏远铸造有限公司", "北山区", "铸造"),
    ("示范市清源污水处理有限公司", "南湖区", "污水处理"),
    ("示范市东城医院", "东城区", "医疗"),
    ("示范市华茂纺织有限公司", "南湖区", "纺织"),
    ("示范市新材料产业园开发有限公司", "高新区", "产业园"),
    ("示范市港区石化仓储有限公司", "港区", "石化仓储"),
    ("示范市绿源再生资源有限公司", "北山区", "再生资源"),
    ("示范市天成制药有限公司", "高新区", "制药"),
)
PROJECTS = (
    "年产5万吨水性涂料项目",
    "220千伏输变电工程",
    "生活垃圾焚烧发电厂扩建项目",
    "城市污水处理厂三期工程",
    "年产200万套汽车内饰件项目",
    "锂电池正极材料生产线技术改造项目",
    "港区10万吨级码头泊位工程",
    "医疗废物集中处置中心迁建项目",
    "半导体封装测试基地项目",
    "危险废物综合利用项目",
    "年产30万吨再生铝项目",
    "城市轨道交通2号线工程",
    "高新区集中供热管网工程",
    "生物医药产业园一期项目",
    "印染企业集聚区废水集中处理工程",
)
VIOLATIONS = (
    ("超标排放大气污染物", "《中华人民共和国大气污染防治法》第十八条", "第九十九条第（二）项"),
    (
        "未按规定运行挥发性有机物收集处理设施",
        "《中华人民共和国大气污染防治法》第四十五条",
        "第一百零八条第（一）项",
    ),
    (
        "通过暗管排放水污染物",
        "《中华人民共和国水污染防治法》第三十九条",
        "第八十三条第（三）项",
    ),
    (
        "未按规定贮存危险废物",
        "《中华人民共和国固体废物污染环境防治法》第八十一条",
        "第一百一十二条第一款第（六）项",
    ),
    (
        "未依法取得排污许可证排放污染物",
        "《排污许可管理条例》第二条",
        "第三十三条第（一）项",
    ),
    (
        "建设项目未批先建",
        "《中华人民共和国环境影响评价法》第二十五条",
        "第三十一条第一款",
    ),
)
NEWS = (
    ("市生态环境执法支队开展{district}涉VOCs企业夜间突击检查", "enforcement", "VOCs,夜间检查"),
    ("我局召开{month}月份大气污染防治工作调度会", "air", "大气污染防治,调度会"),
    ("{district}入河排污口排查整治工作通过市级验收", "water", "入河排污口,排查整治"),
    ("我局组织开展“六五环境日”主题宣传活动", "office", "六五环境日,宣传"),
    ("市监测站完成{month}月份饮用水水源地水质全指标监测", "monitoring", "饮用水水源地,监测"),
    ("我局赴{district}督导秸秆禁烧和扬尘管控工作", "air", "秸秆禁烧,扬尘"),
    ("生态环境执法支队联合公安机关查处一起非法倾倒危险废物案", "enforcement", "危险废物,联合执法"),
    ("我局开展“双随机、一公开”监管业务培训", "enforcement", "双随机,培训"),
    ("我局召开排污许可证后监管工作推进会", "eia", "排污许可,证后监管"),
    ("市生态环境局举办环评审批服务企业座谈会", "eia", "环评审批,营商环境"),
    ("{district}建成区黑臭水体整治“回头看”工作启动", "water", "黑臭水体,回头看"),
    ("我局组织开展突发环境事件应急演练", "office", "应急演练,突发环境事件"),
    ("市监测站顺利通过检验检测机构资质认定复评审", "monitoring", "资质认定,监测"),
    ("我局开展重点排污单位自动监控数据质量专项检查", "enforcement", "自动监控,数据质量"),
    ("市生态环境局开展机动车尾气路检路查专项行动", "air", "机动车,尾气检测"),
    ("我局走访{district}重点企业宣讲生态环境法律法规", "legal", "普法,企业服务"),
)
NOTICES = (
    (
        "关于公开征求《示范市{topic}（征求意见稿）》意见的公告",
        "legal",
        "请于{deadline}前将意见建议通过电子邮件或信函反馈至本局法规与标准处。",
    ),
    (
        "关于举办{year}年度生态环境志愿者招募活动的通知",
        "office",
        "报名截止时间为{deadline}，请有意者通过本网站“政民互动”栏目报名。",
    ),
    (
        "关于开展{year}年度排污许可证执行报告检查的通知",
        "eia",
        "请各持证单位于{deadline}前在全国排污许可证管理信息平台提交执行报告。",
    ),
    (
        "关于召开{project}环境影响评价听证会的公告",
        "eia",
        "申请参加听证的公民、法人和其他组织，请于{deadline}前向本局提交书面申请。",
    ),
    (
        "关于{year}年国家重点监控企业自行监测信息公开情况的通告",
        "enforcement",
        "未按要求公开的企业应于{deadline}前完成整改，逾期将依法查处。",
    ),
)
POLICIES = (
    ("示范市重污染天气应急预案", "air", "重污染天气,应急预案,预警分级"),
    ("示范市生态环境违法行为有奖举报办法", "legal", "有奖举报,12369"),
    ("示范市建设项目环境影响评价分级审批管理办法", "eia", "环评,分级审批"),
    ("示范市排污许可证后管理实施细则", "eia", "排污许可,证后管理"),
    ("示范市生态环境行政处罚裁量基准", "legal", "行政处罚,裁量基准"),
    ("示范市饮用水水源保护区管理办法", "water", "饮用水水源,保护区"),
    ("示范市扬尘污染防治管理规定", "air", "扬尘,施工工地"),
    ("示范市生态环境轻微违法行为免罚清单", "legal", "免罚清单,包容审慎"),
    ("示范市挥发性有机物污染防治工作方案", "air", "VOCs,臭氧"),
    ("示范市入河排污口监督管理办法", "water", "入河排污口"),
    ("示范市生态环境信用评价管理办法", "enforcement", "信用评价,企业环境信用"),
    ("示范市噪声污染防治行动计划", "monitoring", "噪声,声环境"),
)
QUESTIONS = (
    (
        "今年秋冬季重污染天气应对有哪些新举措？",
        "示范日报",
        "<p>今年我们将重污染天气应急减排清单扩展到1,260家企业，实施绩效分级、差异化管控，"
        "对A级企业和引领性企业不再要求限产停产。</p>",
    ),
    (
        "群众通过12369举报的问题，办理情况如何反馈？",
        "示范广播电视台",
        "<p>所有举报件均在规定时限内办结，举报人可凭查询码在本局网站查询办理进度和结果。"
        "今年以来共受理举报3,842件，办结率100%。</p>",
    ),
    (
        "重点排污单位超标排放的，如何处理并向社会公开？",
        "示范晚报",
        "<p>自动监控发现超标后，执法支队24小时内到现场核查，依法立案查处。"
        "行政处罚决定书自作出之日起7个工作日内在本局网站公开。</p>",
    ),
    (
        "环评审批在优化营商环境方面有哪些举措？",
        "新华网",
        "<p>我们对环评报告书、报告表审批时限分别压缩至30个和15个工作日，"
        "对纳入正面清单的项目实行告知承诺制审批。</p>",
    ),
)
WITHDRAW_REASONS = (
    "正文附件中含有未作处理的个人身份信息，已撤回，处理后重新发布。",
    "该文件已被新修订版本替代，原版本撤回。",
    "发布时误用了征求意见稿，已撤回并发布正式文本。",
    "信息内容与实际情况不符，经核实后撤回。",
)


def _add_wd(day: date, n: int) -> date:
    return add_working_days(day, n).value if n else day


def _wd_on_or_after(day: date) -> date:
    """The first working day on or after ``day``."""
    from lantian.core.calendar import is_working_day

    while not is_working_day(day).is_working:
        day += timedelta(days=1)
    return day


def _wd_on_or_before(day: date) -> date:
    """The last working day on or before ``day``."""
    from lantian.core.calendar import is_working_day

    while not is_working_day(day).is_working:
        day -= timedelta(days=1)
    return day


def _months(first: date, last: date) -> Iterator[date]:
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


class Numbers:
    """Document numbers per year and prefix: 示环发〔2026〕15号."""

    def __init__(self) -> None:
        self.counters: dict[tuple[str, int], int] = {}

    def __call__(self, prefix: str, year: int) -> str:
        key = (prefix, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{prefix}〔{year}〕{self.counters[key]}号"


def _specs(rng: random.Random, today: date) -> list[Spec]:
    specs: list[Spec] = []
    number = Numbers()
    last = min(LAST, today)

    def day_in(month: date, lo: int = 1, hi: int = 28) -> date:
        return _wd_on_or_after(month.replace(day=rng.randint(lo, hi)))

    months = list(_months(FIRST, last))
    for month in months:
        year, m = month.year, month.month
        label = f"{year}年{m}月"
        # ---- work news: 3–4 a month
        for _ in range(rng.randint(3, 4)):
            template, dept, keywords = rng.choice(NEWS)
            district = rng.choice(DISTRICTS)
            formed = day_in(month)
            title = template.format(district=district, month=m)
            companies = rng.randint(12, 60)
            problems = rng.randint(3, companies // 3)
            specs.append(
                Spec(
                    "14",
                    Kind.NEWS,
                    f"{title}（{formed:%m月%d日}）",
                    formed,
                    dept,
                    summary=f"{formed.month}月{formed.day}日，{title}。",
                    body=_p(
                        f"{formed.month}月{formed.day}日，{title}。",
                        f"此次行动共出动执法人员{rng.randint(20, 90)}人次，检查企业{companies}家，"
                        f"发现环境问题{problems}个，已全部交办属地督促整改，"
                        f"对其中{rng.randint(0, 3)}家涉嫌违法企业依法立案调查。",
                        "下一步，我局将持续保持严管态势，对发现的问题跟踪问效、逐项销号，"
                        "推动全市生态环境质量持续改善。",
                    ),
                    keywords=keywords,
                    social=True,
                    fixed_delay=rng.choice((0, 0, 1, 1, 2)),
                )
            )
        # ---- monthly air and water quality
        report_day = _add_wd(month.replace(day=1), 6)
        prev = (month - timedelta(days=1)).replace(day=1)
        good = rng.randint(19, 29)
        specs.append(
            Spec(
                "05.01",
                Kind.DOCUMENT,
                f"示范市{prev.year}年{prev.month}月环境空气质量状况",
                report_day,
                "monitoring",
                summary=f"{prev.year}年{prev.month}月，全市环境空气质量优良天数{good}天。",
                body=_p(
                    f"{prev.year}年{prev.month}月，全市环境空气质量优良天数为{good}天，"
                    f"PM2.5平均浓度为{rng.randint(18, 62)}微克/立方米，"
                    f"同比{rng.choice(('下降', '上升'))}{rng.randint(2, 15)}%。",
                    "首要污染物主要为细颗粒物和臭氧。各区排名详见附表。",
                ),
                keywords="空气质量,月报,PM2.5",
            )
        )
        specs.append(
            Spec(
                "05.02",
                Kind.DOCUMENT,
                f"示范市{prev.year}年{prev.month}月集中式饮用水水源地水质状况",
                _add_wd(report_day, 2),
                "water",
                summary="全市3个在用集中式饮用水水源地水质均达到或优于Ⅲ类标准。",
                body=_p(
                    f"{prev.year}年{prev.month}月，全市3个在用集中式饮用水水源地"
                    "（太平湖、云台水库、南湖取水口）水质均达到或优于《地表水环境质量标准》"
                    "（GB 3838—2002）Ⅲ类标准，达标率100%。"
                ),
                keywords="饮用水水源地,水质",
            )
        )
        # ---- EIA: acceptance, proposed approval, decision (2–3 projects a month)
        for _ in range(rng.choice((1, 2, 2))):
            company, district, _trade = rng.choice(COMPANIES)
            project = f"{company}{rng.choice(PROJECTS)}"
            received = day_in(month, 1, 15)
            specs.append(
                Spec(
                    "06.01",
                    Kind.NOTICE,
                    f"关于{project}环境影响评价文件受理情况的公示",
                    received,
                    "eia",
                    summary=f"我局受理了{project}环境影响报告书，现予公示，公示期10个工作日。",
                    body=_p(
                        f"根据《环境影响评价公众参与办法》，我局于{received.month}月{received.day}日"
                        f"受理了{project}环境影响报告书，现将环境影响报告书全本及公众参与说明予以公示。",
                        f"建设地点：示范市{district}。公示期间，公众可通过信函、电子邮件等方式提出意见。",
                    ),
                    keywords="环评,受理公示",
                    fixed_delay=rng.choice((1, 1, 2, 3)),
                )
            )
            proposed = _add_wd(received, rng.randint(18, 26))
            if proposed <= last:
                specs.append(
                    Spec(
                        "06.02",
                        Kind.NOTICE,
                        f"{project}环境影响评价文件拟批准的公示",
                        proposed,
                        "eia",
                        summary="我局拟对该项目环境影响报告书作出批准决定，公示期5个工作日。",
                        body=_p(
                            f"我局拟对{project}环境影响报告书作出审批意见。"
                            "公示期间如有意见，可向我局环境影响评价与排放管理处反映。"
                        ),
                        keywords="环评,拟批准",
                        fixed_delay=1,
                    )
                )
                decided = _add_wd(proposed, rng.randint(6, 9))
                if decided <= last:
                    doc = number("示环审", decided.year)
                    specs.append(
                        Spec(
                            "06.03",
                            Kind.DOCUMENT,
                            f"关于{project}环境影响报告书的批复（{doc}）",
                            decided,
                            "eia",
                            doc_number=doc,
                            summary=f"原则同意{project}按照报告书所列性质、规模、地点建设。",
                            body=_p(
                                f"你单位报送的{project}环境影响报告书收悉。经研究，批复如下：",
                                "一、在全面落实报告书提出的各项污染防治措施的前提下，"
                                "项目建设对环境的不利影响能够得到缓解和控制。我局原则同意该报告书结论。",
                                "二、项目须严格执行环境保护设施与主体工程同时设计、同时施工、同时投产使用的制度。",
                            ),
                            keywords="环评,审批决定",
                        )
                    )
        # ---- penalty decisions: 1–3 a month
        for _ in range(rng.randint(1, 3)):
            company, district, trade = rng.choice(COMPANIES)
            violation, rule, penalty_article = rng.choice(VIOLATIONS)
            decided = day_in(month)
            doc = number("示环罚", decided.year)
            amount = rng.choice((2, 3, 5, 8, 10, 12, 20, 35, 50)) * 10_000
            law = rule.split("》")[0] + "》"
            specs.append(
                Spec(
                    "09.01",
                    Kind.DOCUMENT,
                    f"示范市生态环境局行政处罚决定书（{doc}）",
                    decided,
                    "enforcement",
                    doc_number=doc,
                    summary=f"{company}{violation}，罚款人民币{amount:,}元。",
                    body=_p(
                        f"当事人：{company}（{trade}，位于示范市{district}）。",
                        f"经查，当事人存在{violation}的行为，违反了{rule}的规定。",
                        f"依据{law}{penalty_article}的规定，我局决定对当事人处以罚款人民币{amount:,}元。",
                        "当事人如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，"
                        "或者六个月内向人民法院提起行政诉讼。",
                    ),
                    keywords=f"行政处罚,{violation}",
                )
            )
        # ---- permits: every other month
        if m % 2 == 0:
            company, district, trade = rng.choice(COMPANIES)
            formed = day_in(month)
            specs.append(
                Spec(
                    "07.02",
                    Kind.DOCUMENT,
                    f"{label}排污许可证核发情况公告（{company}等{rng.randint(4, 18)}家）",
                    formed,
                    "eia",
                    summary=f"{label}，我局核发排污许可证{rng.randint(4, 18)}张。",
                    body=_p(
                        "根据《排污许可管理条例》，现将本月排污许可证核发、变更、延续情况予以公告。"
                    ),
                    keywords="排污许可,核发",
                )
            )
        # ---- quarterly: random inspections, key-task progress
        if m in (1, 4, 7, 10):
            quarter = {1: 4, 4: 1, 7: 2, 10: 3}[m]
            qyear = year - 1 if m == 1 else year
            formed = day_in(month, 5, 20)
            checked = rng.randint(60, 140)
            specs.append(
                Spec(
                    "09.02",
                    Kind.DOCUMENT,
                    f"{qyear}年第{'一二三四'[quarter - 1]}季度“双随机、一公开”抽查结果公示",
                    formed,
                    "enforcement",
                    summary=f"本季度随机抽查污染源{checked}家，发现问题{rng.randint(5, 20)}家。",
                    body=_p(
                        f"按照“双随机、一公开”监管要求，本季度共随机抽取污染源企业{checked}家，"
                        "抽查结果及处理情况见附表。对发现的问题已依法处理。"
                    ),
                    keywords="双随机,抽查结果",
                )
            )
            specs.append(
                Spec(
                    "04.03",
                    Kind.DOCUMENT,
                    f"{qyear}年第{'一二三四'[quarter - 1]}季度生态环境保护重点工作进展情况",
                    formed,
                    "office",
                    summary="全市生态环境保护重点工作按计划推进。",
                    body=_p(
                        "本季度，我局统筹推进大气、水、土壤污染防治和生态环境执法监管各项工作。"
                    ),
                    keywords="重点工作,进展",
                )
            )
        # ---- notices with deadlines: one or two a month
        for _ in range(rng.choice((1, 1, 2))):
            template, dept, tail = rng.choice(NOTICES)
            formed = day_in(month)
            deadline = formed + timedelta(days=30)
            topic = rng.choice(POLICIES)[0].replace("示范市", "")
            title = template.format(topic=topic, year=year, project=rng.choice(PROJECTS).strip())
            specs.append(
                Spec(
                    "15",
                    Kind.NOTICE,
                    f"{title}（{formed:%Y年%m月%d日}）",
                    formed,
                    dept,
                    summary=tail.format(deadline=f"{deadline:%Y年%m月%d日}"),
                    body=_p(
                        title + "。",
                        tail.format(deadline=f"{deadline:%Y年%m月%d日}"),
                        "联系电话：0599-8812 0002。",
                    ),
                    keywords="公告,通知",
                    social=True,
                )
            )

    # ---- policies (one every two months), each with its interpretation
    for index, (name, dept, keywords) in enumerate(POLICIES):
        formed = _wd_on_or_after(FIRST + timedelta(days=60 * index + rng.randint(3, 20)))
        if formed > last:
            break
        doc = number("示环规", formed.year)
        title = f"关于印发《{name}》的通知"
        validity: dict[str, Any] = {"effective_from": formed + timedelta(days=30)}
        if index in (0, 3):  # replaced later by a new edition
            validity.update(validity=Validity.REPEALED, invalid_from=formed + timedelta(days=400))
        elif index == 6:  # its term ran out
            validity.update(validity=Validity.EXPIRED, invalid_from=date(2025, 12, 31))
        specs.append(
            Spec(
                "02.01",
                Kind.POLICY,
                title,
                formed,
                dept,
                doc_number=doc,
                summary=f"印发《{name}》，自{validity['effective_from']:%Y年%m月%d日}起施行。",
                body=_p(
                    "各区生态环境分局，局机关各处室、直属单位：",
                    f"现将《{name}》印发给你们，请认真贯彻执行。",
                    f"第一条 为规范{keywords.split(',')[0]}工作，根据有关法律法规，"
                    "结合本市实际，制定本办法。",
                    "第二条 本办法适用于本市行政区域内的相关活动。",
                    f"第三条 本办法自{validity['effective_from']:%Y年%m月%d日}起施行，有效期五年。",
                ),
                keywords=keywords,
                fields=validity,
                social=True,
            )
        )
        specs.append(
            Spec(
                "03.01",
                Kind.INTERPRETATION,
                f"《{name}》政策解读",
                _add_wd(formed, 1),
                "legal",
                summary=f"解读《{name}》的起草背景、主要内容和创新举措。",
                body=_p(
                    "一、起草背景",
                    f"为落实党中央、国务院关于深入打好污染防治攻坚战的部署，我局起草了《{name}》。",
                    "二、主要内容",
                    "《办法》共五章二十八条，明确了适用范围、职责分工、管理要求和法律责任。",
                    "三、创新举措",
                    "一是细化了分级分类管理要求；二是建立了部门协同和信息共享机制；"
                    "三是明确了社会监督渠道。",
                ),
                keywords=keywords + ",政策解读",
                interprets=title,
                social=True,
            )
        )
    # ---- supervisory monitoring reports, the month after each quarter; the last
    # complete quarter's report is the sources demo's (sent with its results table)
    last_quarter = last.year * 4 + (last.month - 1) // 3
    for year in (2025, 2026):
        for quarter in (1, 2, 3, 4):
            if year * 4 + quarter - 1 > last_quarter - 2:
                continue
            month = 3 * quarter % 12 + 1
            formed = _wd_on_or_after(date(year + (quarter == 4), month, 20))
            specs.append(
                Spec(
                    "08.05",
                    Kind.DOCUMENT,
                    f"{year}年第{quarter}季度重点排污单位监督性监测结果",
                    formed,
                    "monitoring",
                    summary=f"{year}年第{quarter}季度对国家和市级重点排污单位开展监督性监测的结果。",
                    body=_p(
                        f"{year}年第{quarter}季度，市环境监测站对重点排污单位的废气、废水排放口"
                        "开展监督性监测，按采样当日执行的排放标准评价。",
                        "超标企业已移交生态环境执法支队依法查处。",
                    ),
                    keywords="监督性监测,重点排污单位",
                    exact_delay=3,
                )
            )
    # ---- yearly items
    for year in (2025, 2026):
        start = date(year, 1, 1)
        yearly = [
            (
                "04.02",
                Kind.DOCUMENT,
                f"示范市{year}年大气污染防治工作方案",
                "air",
                date(year, 2, 20),
                number("示环发", year),
            ),
            (
                "04.02",
                Kind.DOCUMENT,
                f"示范市{year}年水污染防治工作计划",
                "water",
                date(year, 3, 6),
                number("示环发", year),
            ),
            (
                "08.02",
                Kind.DOCUMENT,
                f"示范市生态环境局{year}年度执法检查计划",
                "enforcement",
                date(year, 1, 15),
                number("示环发", year),
            ),
            (
                "08.01",
                Kind.DOCUMENT,
                f"示范市{year}年环境监管重点单位名录",
                "enforcement",
                date(year, 3, 25),
                "",
            ),
            (
                "11.01",
                Kind.DOCUMENT,
                f"示范市生态环境局{year}年部门预算",
                "office",
                date(year, 2, 10),
                "",
            ),
            (
                "11.02",
                Kind.DOCUMENT,
                f"示范市生态环境局{year - 1}年度部门决算",
                "office",
                date(year, 8, 20),
                "",
            ),
            (
                "05.03",
                Kind.DOCUMENT,
                f"{year - 1}年示范市生态环境状况公报",
                "monitoring",
                date(year, 5, 28),
                "",
            ),
            (
                "12.02",
                Kind.NOTICE,
                f"示范市生态环境局{year}年公开招聘事业单位工作人员公告",
                "office",
                date(year, 4, 8),
                "",
            ),
            (
                "13.01",
                Kind.DOCUMENT,
                f"关于市人大{year}年第{rng.randint(10, 99)}号代表建议的答复",
                "air",
                date(year, 6, 18),
                "",
            ),
            (
                "13.02",
                Kind.DOCUMENT,
                f"关于市政协{year}年第{rng.randint(100, 199)}号提案的答复",
                "water",
                date(year, 6, 25),
                "",
            ),
            (
                "11.03",
                Kind.NOTICE,
                f"示范市生态环境局{year}年空气质量自动监测站运维服务采购结果公告",
                "monitoring",
                date(year, 3, 12),
                "",
            ),
            (
                "10.01",
                Kind.DOCUMENT,
                f"示范市突发环境事件应急预案（{year}年修订）",
                "office",
                date(year, 9, 10),
                number("示环发", year),
            ),
        ]
        for code, kind, title, dept, formed, doc in yearly:
            formed = _wd_on_or_after(max(formed, start))
            if formed > last:
                continue
            specs.append(
                Spec(
                    code,
                    kind,
                    title,
                    formed,
                    dept,
                    doc_number=doc,
                    summary=f"{title}。",
                    body=_p(
                        f"{title}全文如下。", "各有关单位应认真组织实施，确保各项任务按期完成。"
                    ),
                    keywords=title[:12],
                )
            )
    # ---- heavy-pollution warnings, matching the air demo's winter episodes
    for start, grade in (
        (date(2025, 12, 16), "橙色"),
        (date(2026, 1, 21), "黄色"),
        (date(2026, 2, 25), "黄色"),
        (date(2026, 11, 8), "黄色"),
    ):
        if start > last:
            continue
        specs.append(
            Spec(
                "10.03",
                Kind.NOTICE,
                f"关于启动重污染天气{grade}预警的通告（{start:%Y年%m月%d日}）",
                start,
                "air",
                summary=f"预计未来3天我市将出现重污染天气，{start:%m月%d日}20时起启动{grade}预警。",
                body=_p(
                    f"经会商研判，受不利气象条件影响，预计我市将出现重污染天气过程。"
                    f"市重污染天气应急指挥部决定于{start.month}月{start.day}日20时起启动{grade}预警，"
                    "各区和有关单位立即落实应急减排措施。",
                    "建议儿童、老年人和心脏病、呼吸系统疾病患者减少户外活动。",
                ),
                keywords="重污染天气,预警",
                social=True,
                fixed_delay=0,
            )
        )
    # ---- typical cases: twice a year
    for year, month in ((2025, 3), (2025, 9), (2026, 3), (2026, 9)):
        formed = _wd_on_or_after(date(year, month, 12))
        if formed > last:
            continue
        specs.append(
            Spec(
                "08.04",
                Kind.NEWS,
                f"示范市生态环境局公开曝光{year}年第{1 if month == 3 else 2}批环境违法典型案例",
                formed,
                "enforcement",
                summary="曝光超标排放、数据造假、非法处置危险废物等典型案例5起。",
                body=_p(
                    "案例一：某化工企业超标排放大气污染物案。",
                    "案例二：某汽车零部件企业未正常运行VOCs治理设施案。",
                    "案例三：某运维公司篡改自动监测数据案，已移送公安机关。",
                ),
                keywords="典型案例,曝光",
                social=True,
            )
        )
    # ---- press conferences: 8 a year, with transcript and questions
    press_topics = (
        "全市生态环境质量状况",
        "秋冬季大气污染防治攻坚行动",
        "“六五环境日”系列活动",
        "生态环境执法监管和优化营商环境",
        "饮用水水源地保护和水环境治理",
        "重污染天气应急应对",
        "排污许可制度改革",
        "年度生态环境状况公报",
    )
    for year in (2025, 2026):
        for n, topic in enumerate(press_topics, start=1):
            held = _wd_on_or_after(date(year, 1 + (n - 1) * 3 // 2, rng.randint(8, 26)))
            if held > last:
                continue
            asked = rng.sample(QUESTIONS, 2)
            specs.append(
                Spec(
                    "16",
                    Kind.PRESS,
                    f"示范市生态环境局{year}年第{n}场新闻发布会：{topic}",
                    held,
                    "office",
                    summary=f"介绍{topic}有关情况并回答记者提问。",
                    body=_p(
                        f"{held.month}月{held.day}日上午，我局召开新闻发布会，介绍{topic}有关情况。"
                    ),
                    keywords="新闻发布会," + topic,
                    fields={
                        "held_at": datetime.combine(held, time(10, 0), tzinfo=LOCAL),
                        "speakers": "赵敏（办公室主任）；陈志强（大气环境处处长）",
                        "transcript": _p(
                            "主持人：各位记者朋友，上午好！欢迎参加示范市生态环境局新闻发布会。",
                            f"陈志强：下面我向大家介绍{topic}有关情况。{year}年以来，"
                            f"全市优良天数比率为{rng.randint(78, 90)}.{rng.randint(0, 9)}%，"
                            f"PM2.5平均浓度同比下降{rng.randint(3, 12)}%……",
                            "主持人：下面请记者朋友提问。",
                        ),
                        "questions": [
                            {
                                "type": "qa",
                                "value": {"question": q, "asked_by": media, "answer": answer},
                            }
                            for q, media, answer in asked
                        ],
                    },
                    social=True,
                    fixed_delay=0,
                )
            )
    # ---- personnel: a few appointments
    for formed in (date(2025, 4, 17), date(2025, 11, 6), date(2026, 7, 9)):
        specs.append(
            Spec(
                "12.01",
                Kind.DOCUMENT,
                f"示范市生态环境局关于干部任前公示的公告（{formed:%Y年%m月}）",
                _wd_on_or_after(formed),
                "office",
                summary="对拟任职干部进行任前公示，公示期5个工作日。",
                body=_p("根据《党政领导干部选拔任用工作条例》，现对拟任职干部进行任前公示。"),
                keywords="任前公示",
            )
        )
    # ---- withdrawn items: published, then taken back with a reason
    for picked, reason in zip(
        rng.sample([s for s in specs if s.kind in (Kind.NEWS, Kind.NOTICE)], 4),
        WITHDRAW_REASONS,
        strict=True,
    ):
        picked.withdraw_reason = reason
    # ---- each title once (an item is known by its title)
    seen: set[str] = set()
    unique = []
    for spec in sorted(specs, key=lambda s: (s.formed_on, s.code, s.title)):
        if spec.title not in seen:
            seen.add(spec.title)
            unique.append(spec)
    return unique


def _scheduled(today: date) -> list[Spec]:
    """Approved items waiting for their go-live time in the coming days."""
    formed = today - timedelta(days=2)
    items = (
        (
            "15",
            Kind.NOTICE,
            f"关于{today.year + 1}年元旦期间12369环保举报热线值班安排的通知",
            "office",
        ),
        ("14", Kind.NEWS, "我局将于下周开展冬季燃煤锅炉专项执法检查", "enforcement"),
        (
            "05.01",
            Kind.DOCUMENT,
            f"示范市{today.year}年{today.month}月环境空气质量状况（预发布）",
            "monitoring",
        ),
        (
            "06.01",
            Kind.NOTICE,
            "关于示范市绿源再生资源有限公司危险废物综合利用项目环评受理情况的公示",
            "eia",
        ),
        ("15", Kind.NOTICE, "关于公开征求《示范市冬季大气污染防治攻坚方案》意见的公告", "air"),
    )
    return [
        Spec(
            code,
            kind,
            title,
            formed,
            dept,
            summary=title + "。",
            body=_p(title + "。", "具体内容以正式发布为准。"),
            fields={
                "go_live_at": datetime.combine(today + timedelta(days=n), time(9, 0), tzinfo=LOCAL)
            },
        )
        for n, (code, kind, title, dept) in enumerate(items, start=1)
    ]


def _standing(today: date) -> list[Spec]:
    """Standing information for the categories the monthly story never reaches (机构职能,
    local standards, noise, licensing guides, compulsory measures, annual reports …): fixed
    texts and dates, so that every category of the standard catalogue has content. They
    draw nothing from the random generator, so the rest of the story is unchanged."""
    phones = "".join(f"<li>{name}：{phone}</li>" for _code, name, _en, phone in DEPARTMENTS)
    specs = [
        Spec(
            "01.01",
            Kind.DOCUMENT,
            "示范市生态环境局主要职责",
            date(2025, 1, 6),
            "office",
            summary="本局贯彻落实党中央关于生态环境保护工作的方针政策和决策部署，"
            "负责全市生态环境保护的统一监督管理。",
            body=_p(
                "示范市生态环境局是市人民政府工作部门，为正处级，加挂市核与辐射安全监督管理局牌子。",
                "主要职责：（一）负责建立健全全市生态环境基本制度，会同有关部门拟订生态环境政策、"
                "规划并组织实施；（二）负责重大生态环境问题的统筹协调和监督管理；"
                "（三）负责监督管理全市减排目标的落实；（四）负责提出生态环境领域固定资产投资规模和方向的意见；"
                "（五）负责环境污染防治的监督管理，组织实施大气、水、土壤、噪声、固体废物等污染防治制度；"
                "（六）负责建设项目环境影响评价审批和排污许可管理；（七）负责生态环境监测工作；"
                "（八）统一负责生态环境监督执法，组织开展全市生态环境保护执法检查活动；"
                "（九）组织开展生态环境保护宣传教育，推动社会组织和公众参与生态环境保护。",
            ),
            keywords="主要职责,机构职能",
        ),
        Spec(
            "01.02",
            Kind.DOCUMENT,
            "示范市生态环境局内设机构及职责",
            date(2025, 1, 6),
            "office",
            summary="本局内设办公室、法规与标准处、大气环境处、水生态环境处、"
            "环境影响评价与排放管理处，下设生态环境执法支队和监测站。",
            body=_p(
                "办公室：负责机关日常运转，承担信息、安全、保密、信访、政务公开和新闻宣传工作。",
                "法规与标准处：起草地方性法规、规章草案和行政规范性文件，承担行政复议、行政应诉和合法性审查工作。",
                "大气环境处：负责大气、噪声、光、化石能源等污染防治的监督管理，组织实施重污染天气应对。",
                "水生态环境处：负责全市水生态环境保护和饮用水水源地生态环境保护工作。",
                "环境影响评价与排放管理处：负责建设项目环境影响评价审批和排污许可管理。",
                "生态环境执法支队：依法查处生态环境违法行为，承担12369环保举报受理工作。",
                "监测站：承担全市生态环境质量监测、污染源监督性监测和应急监测工作。",
            ),
            keywords="内设机构,机构职能",
        ),
        Spec(
            "01.03",
            Kind.DOCUMENT,
            "示范市生态环境局领导信息",
            date(2025, 1, 6),
            "office",
            summary="局长、副局长的分工。",
            body=_p(
                "局长：周海峰，主持局全面工作，分管办公室。",
                "副局长：孙立华，分管大气环境处、监测站。",
                "副局长：吴建平，分管水生态环境处、环境影响评价与排放管理处。",
                "副局长：郑晓梅，分管法规与标准处、生态环境执法支队。",
            ),
            keywords="领导信息,分工",
        ),
        Spec(
            "01.04",
            Kind.DOCUMENT,
            "示范市生态环境局办公地址、办公时间和联系方式",
            date(2025, 1, 6),
            "office",
            summary="办公地址：示范市政务中心路88号；办公时间：工作日8:30—12:00，13:30—17:30。",
            body=_p(
                "办公地址：示范市政务中心路88号（邮编599000）。",
                "办公时间：工作日上午8:30—12:00，下午13:30—17:30（法定节假日除外）。",
                "政府信息公开工作机构：示范市生态环境局办公室；传真：0599-8812 0009；"
                "电子邮箱：zwgk@sthjj.demo.gov.cn。",
            )
            + f"<ul>{phones}</ul>",
            keywords="联系方式,办公时间",
        ),
        Spec(
            "02.02",
            Kind.DOCUMENT,
            "示范市生态环境局关于做好2026年春节期间生态环境安全工作的通知",
            date(2026, 1, 26),
            "office",
            doc_number="示环办〔2026〕4号",
            summary="要求各单位做好春节期间环境风险隐患排查、应急值守和信息报送工作。",
            body=_p(
                "各区生态环境分局，局机关各处室、直属单位：",
                "春节将至，为确保节日期间全市生态环境安全，现就有关工作通知如下：一、全面排查环境风险隐患；"
                "二、严格落实24小时应急值守和领导带班制度；三、及时报送突发环境事件信息。",
            ),
            keywords="春节,环境安全,应急值守",
        ),
        Spec(
            "02.03",
            Kind.DOCUMENT,
            "示范省《餐饮业大气污染物排放标准》（DB59/ 1021—2025）发布实施",
            date(2025, 6, 16),
            "legal",
            doc_number="DB59/ 1021—2025",
            summary="省地方标准规定了餐饮业油烟、颗粒物和非甲烷总烃的排放限值，自2025年9月1日起实施。",
            body=_p(
                "经示范省人民政府批准，《餐饮业大气污染物排放标准》（DB59/ 1021—2025）已发布，"
                "自2025年9月1日起实施。",
                "标准规定：大型餐饮服务单位油烟最高允许排放浓度为1.0毫克/立方米，"
                "非甲烷总烃为10毫克/立方米。本市餐饮服务单位应按标准要求安装和维护油烟净化设施。",
            ),
            keywords="地方标准,餐饮油烟",
        ),
        Spec(
            "03.02",
            Kind.INTERPRETATION,
            "一图读懂《示范市生态环境违法行为有奖举报办法》",
            date(2025, 3, 18),
            "office",
            summary="用图表说明可以举报什么、怎样举报、奖励多少和怎样领取。",
            body=_p(
                "一、哪些行为可以举报：超标排放、暗管偷排、篡改监测数据、非法处置危险废物等。",
                "二、怎样举报：拨打12369，或登录本局网站“政民互动”栏目在线举报。",
                "三、奖励标准：经查证属实的，按照案件性质给予200元至20000元奖励。",
            ),
            keywords="有奖举报,图解",
            interprets="关于印发《示范市生态环境违法行为有奖举报办法》的通知",
        ),
        Spec(
            "04.01",
            Kind.DOCUMENT,
            "示范市“十五五”生态环境保护规划",
            date(2026, 3, 23),
            "office",
            doc_number="示环发〔2026〕21号",
            summary="到2030年，全市PM2.5年均浓度降至28微克/立方米以下，地表水国控断面优良比例达到95%。",
            body=_p(
                "本规划依据《示范市国民经济和社会发展第十五个五年规划纲要》编制，规划期为2026—2030年。",
                "主要目标：到2030年，细颗粒物（PM2.5）年均浓度降至28微克/立方米以下，"
                "空气质量优良天数比率达到90%以上，地表水国控断面水质优良比例达到95%，"
                "城市集中式饮用水水源地水质达标率保持100%。",
            ),
            keywords="十五五,规划",
        ),
        Spec(
            "05.04",
            Kind.DOCUMENT,
            "示范市2025年城市声环境质量状况",
            date(2026, 2, 12),
            "monitoring",
            summary="2025年全市功能区声环境昼间达标率为96.4%，夜间达标率为85.7%。",
            body=_p(
                "2025年，全市各类功能区声环境质量监测点昼间达标率为96.4%，夜间达标率为85.7%。",
                "道路交通噪声昼间平均等效声级为67.2分贝，强度等级为二级（较好）。",
            ),
            keywords="声环境,噪声",
        ),
        Spec(
            "06.04",
            Kind.NOTICE,
            "示范港区热电有限公司超低排放改造项目竣工环境保护验收信息",
            date(2025, 10, 20),
            "eia",
            summary="建设单位已完成竣工环境保护自主验收，本局公开验收信息，接受社会监督。",
            body=_p(
                "根据《建设项目竣工环境保护验收暂行办法》，示范港区热电有限公司已完成超低排放改造项目"
                "竣工环境保护自主验收，验收监测结果表明各项污染物均达标排放。",
                "公众如有意见，可向本局环境影响评价与排放管理处反映。",
            ),
            keywords="竣工验收,环评",
        ),
        Spec(
            "07.01",
            Kind.DOCUMENT,
            "排污许可证核发办事指南",
            date(2025, 2, 17),
            "eia",
            summary="排污许可证核发的依据、条件、材料、流程和时限。",
            body=_p(
                "办理依据：《排污许可管理条例》第六条至第十四条。",
                "申请材料：排污许可证申请表、自行监测方案、守法承诺书等，通过全国排污许可证管理信息平台提交。",
                "办理时限：实行重点管理的20个工作日，实行简化管理的10个工作日。",
                "收费标准：不收费。",
            ),
            keywords="排污许可,办事指南",
        ),
        Spec(
            "07.03",
            Kind.NOTICE,
            "关于注销示范市瑞丰家具制造有限公司排污许可证的公告",
            date(2026, 5, 11),
            "eia",
            summary="该单位已依法终止，其排污许可证予以注销。",
            body=_p(
                "示范市瑞丰家具制造有限公司已依法终止生产经营，根据《排污许可管理条例》第十九条，"
                "本局注销其排污许可证，特此公告。"
            ),
            keywords="排污许可,注销",
        ),
        Spec(
            "08.03",
            Kind.DOCUMENT,
            "2026年第三季度生态环境信访投诉办理情况",
            date(2026, 10, 15),
            "enforcement",
            summary="第三季度共受理生态环境信访投诉1,026件，按期办结率100%。",
            body=_p(
                "2026年第三季度，本局共受理生态环境信访投诉1,026件，其中大气污染类512件、"
                "噪声类301件、水污染类127件、固体废物类46件、其他40件。",
                "全部投诉均在规定时限内办结，查实问题已督促整改，立案查处11起。",
            ),
            keywords="信访投诉,12369",
        ),
        Spec(
            "09.03",
            Kind.DOCUMENT,
            "示范市生态环境局查封、扣押决定书（示环封〔2026〕3号）",
            date(2026, 8, 4),
            "enforcement",
            doc_number="示环封〔2026〕3号",
            summary="对示范市宏远铸造有限公司违法排放污染物的设施予以查封。",
            body=_p(
                "当事人：示范市宏远铸造有限公司（铸造，位于示范市北山区）。",
                "经查，当事人违反法律法规规定排放污染物，造成或者可能造成严重污染。"
                "依据《中华人民共和国环境保护法》第二十五条，本局决定对其中频炉除尘设施予以查封，期限三十日。",
            ),
            keywords="行政强制,查封",
        ),
        Spec(
            "10.02",
            Kind.NOTICE,
            "关于南湖区一起危化品运输车辆侧翻事故环境应急处置情况的通报",
            date(2026, 6, 9),
            "office",
            summary="事故未对南湖水质造成影响，周边空气质量监测结果正常。",
            body=_p(
                "6月8日17时许，南湖区环湖路发生一起危化品运输车辆侧翻事故。"
                "事故发生后，我局立即启动应急响应，监测站赶赴现场开展应急监测。",
                "经监测，南湖取水口水质各项指标正常，周边空气中挥发性有机物浓度未见异常。",
            ),
            keywords="突发环境事件,应急监测",
        ),
        Spec(
            "11.04",
            Kind.DOCUMENT,
            "2026年示范市大气污染防治专项资金分配结果公示",
            date(2026, 4, 20),
            "office",
            summary="2026年大气污染防治专项资金3,860万元的分配项目和金额。",
            body=_p(
                "2026年市级大气污染防治专项资金共3,860万元，支持挥发性有机物治理、"
                "燃煤锅炉淘汰和柴油货车污染治理等项目42个，分配结果予以公示。"
            ),
            keywords="专项资金,大气污染防治",
        ),
    ]
    # 条例 Art. 49: last year's annual report is published by 31 January.
    for year in (2024, 2025):
        specs.append(
            Spec(
                "17",
                Kind.DOCUMENT,
                f"示范市生态环境局{year}年政府信息公开工作年度报告",
                date(year + 1, 1, 20),
                "office",
                summary=f"{year}年本局主动公开政府信息、依申请公开、行政复议和行政诉讼、"
                "存在的主要问题及改进情况。",
                body=_p(
                    "本报告根据《中华人民共和国政府信息公开条例》第五十条和"
                    "《中华人民共和国政府信息公开工作年度报告格式》编制。",
                    "一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
                    "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。",
                ),
                keywords="年度报告,政府信息公开",
            )
        )
    return [spec for spec in specs if _add_wd(spec.formed_on, 2) <= today]


# Routine items of each column, for the self-inspection (reports.inspection): a column the
# story last fed longer ago than its period allows gets one of these, dated a few working
# days before the loading day, so the demo bureau keeps a well-kept site whenever it is
# loaded. code: (kind, department, title, summary, paragraphs, keywords); {y}, {m}, {d}:
# the day formed, {py}: the year before.
UPKEEP: dict[str, tuple[str, str, str, str, tuple[str, ...], str]] = {
    "02.01": (
        Kind.POLICY,
        "legal",
        "关于印发《示范市生态环境行政执法公示办法》的通知（{y}年{m}月）",
        "印发《示范市生态环境行政执法公示办法》，规范执法信息的事前、事中和事后公开。",
        (
            "各区生态环境分局，局机关各处室、直属单位：",
            "现将《示范市生态环境行政执法公示办法》印发给你们，请认真贯彻执行。",
            "第一条 为推进生态环境行政执法信息公开，根据有关法律法规，结合本市实际，制定本办法。",
        ),
        "行政执法公示,规范性文件",
    ),
    "02.02": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境局关于做好{y}年{m}月生态环境安全隐患排查工作的通知",
        "要求各单位排查环境风险隐患，落实应急值守和信息报送制度。",
        (
            "各区生态环境分局，局机关各处室、直属单位：",
            "为切实防范化解环境风险，现就做好近期生态环境安全隐患排查工作通知如下："
            "一、全面排查涉危险化学品、危险废物企业环境风险隐患；二、严格落实应急值守制度；"
            "三、及时报送突发环境事件信息。",
        ),
        "环境安全,隐患排查",
    ),
    "02.03": (
        Kind.DOCUMENT,
        "legal",
        "示范省地方生态环境标准制修订计划（{y}年{m}月更新）",
        "列出正在制修订的省地方生态环境标准及其进度，欢迎社会各界提出意见。",
        (
            "根据示范省生态环境厅通知，现将省地方生态环境标准制修订计划更新情况予以公开。",
            "本次更新涉及《工业涂装工序挥发性有机物排放标准》《农村生活污水处理设施水污染物排放标准》"
            "等5项标准，本市相关企业可提前做好达标准备。",
        ),
        "地方标准,制修订计划",
    ),
    "03.01": (
        Kind.INTERPRETATION,
        "legal",
        "《{policy}》政策解读（{y}年{m}月）",
        "解读《{policy}》的出台背景、适用范围和主要内容。",
        (
            "一、出台背景：落实党中央、国务院关于深入打好污染防治攻坚战的部署，结合本市实际制定。",
            "二、适用范围：本市行政区域内的相关单位和个人。",
            "三、主要内容：明确了职责分工、管理要求、监督检查和法律责任。",
        ),
        "政策解读",
    ),
    "03.02": (
        Kind.INTERPRETATION,
        "office",
        "一图读懂《{policy}》（{y}年{m}月）",
        "用图表说明《{policy}》管什么、怎么办和找谁办。",
        (
            "一、管什么：文件的适用范围和主要管理要求。",
            "二、怎么办：企业和群众办理相关事项的流程和时限。",
            "三、找谁办：本局法规与标准处，咨询电话12369。",
        ),
        "政策解读,图解",
    ),
    "04.01": (
        Kind.DOCUMENT,
        "office",
        "示范市“十五五”生态环境保护规划实施情况（{y}年{m}月）",
        "规划各项指标和重点任务的推进情况。",
        (
            "规划实施以来，全市PM2.5浓度、地表水国控断面优良比例等约束性指标均达到序时进度。",
            "下一步，我局将对照规划目标，逐项推进重点工程建设。",
        ),
        "规划实施,十五五",
    ),
    "04.02": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境局{y}年{m}月重点工作安排",
        "本月大气、水、土壤污染防治和执法监管重点工作安排。",
        (
            "一、大气：强化秋冬季重污染天气应对，开展燃煤锅炉专项检查。",
            "二、水：推进入河排污口整治，开展饮用水水源地巡查。",
            "三、执法：组织“双随机、一公开”抽查，督办群众信访投诉。",
        ),
        "工作安排,年度计划",
    ),
    "04.03": (
        Kind.DOCUMENT,
        "office",
        "生态环境保护重点工作进展情况（{y}年{m}月{d}日）",
        "近期全市生态环境保护重点工作按计划推进。",
        (
            "近期，我局统筹推进大气、水、土壤污染防治和生态环境执法监管各项工作："
            "完成重点行业挥发性有机物治理项目验收12个，整治入河排污口36个，"
            "办结群众信访投诉148件。",
            "下一步，我局将聚焦秋冬季大气污染防治攻坚，确保年度目标任务全面完成。",
        ),
        "重点工作,进展",
    ),
    "05.01": (
        Kind.DOCUMENT,
        "monitoring",
        "示范市环境空气质量周报（{y}年{m}月{d}日）",
        "本周全市空气质量以良为主，首要污染物为PM2.5。",
        (
            "本周全市环境空气质量优良天数为6天，PM2.5周均浓度为34微克/立方米。",
            "未来一周，受冷空气影响，扩散条件总体有利。",
        ),
        "空气质量,周报",
    ),
    "05.02": (
        Kind.DOCUMENT,
        "monitoring",
        "示范市集中式饮用水水源地水质状况（{y}年{m}月）",
        "本月全市集中式饮用水水源地水质均达到或优于Ⅲ类标准。",
        (
            "本月对全市4个集中式饮用水水源地开展监测，水质达标率为100%。",
            "各水源地水质保持稳定，未发现超标项目。",
        ),
        "饮用水水源地,水质",
    ),
    "05.03": (
        Kind.DOCUMENT,
        "monitoring",
        "示范市生态环境质量状况（{y}年{m}月）",
        "本月全市空气、地表水和声环境质量总体稳定。",
        (
            "本月全市空气质量优良天数比率为86.7%，地表水国控断面水质优良比例为93.8%。",
            "城市区域声环境昼间平均等效声级为54.1分贝。",
        ),
        "生态环境质量,状况",
    ),
    "05.04": (
        Kind.DOCUMENT,
        "monitoring",
        "示范市城市声环境质量监测结果（{y}年{m}月）",
        "本月功能区声环境昼间达标率为96.2%，夜间达标率为86.1%。",
        (
            "本月全市功能区声环境质量监测点昼间达标率为96.2%，夜间达标率为86.1%。",
            "道路交通噪声昼间平均等效声级为67.0分贝，强度等级为二级（较好）。",
        ),
        "声环境,噪声",
    ),
    "06.01": (
        Kind.NOTICE,
        "eia",
        "示范市生态环境局建设项目环境影响评价文件受理情况公示（{y}年{m}月{d}日）",
        "公示本局近期受理的建设项目环境影响评价文件，公示期10个工作日。",
        (
            "根据《环境影响评价公众参与办法》，现将本局受理的建设项目环境影响评价文件予以公示。",
            "公示期间，公众可通过信函、电子邮件等方式向本局反映意见。",
        ),
        "环评受理,公示",
    ),
    "06.02": (
        Kind.NOTICE,
        "eia",
        "示范市生态环境局拟作出建设项目环境影响评价文件审批意见的公示（{y}年{m}月{d}日）",
        "公示本局拟审批的建设项目，公示期5个工作日。",
        (
            "根据建设项目环境影响评价审批程序的有关规定，现将拟作出审批意见的建设项目予以公示。",
            "公示期间，公众可通过信函、电子邮件等方式向本局反映意见。",
        ),
        "环评审批,拟批准公示",
    ),
    "06.03": (
        Kind.NOTICE,
        "eia",
        "示范市生态环境局建设项目环境影响评价文件审批决定公告（{y}年{m}月{d}日）",
        "公告本局近期作出的建设项目环境影响评价文件审批决定。",
        (
            "现将本局近期作出的建设项目环境影响评价文件审批决定予以公告。",
            "对审批决定不服的，可在收到决定之日起六十日内申请行政复议，或六个月内提起行政诉讼。",
        ),
        "环评审批,审批决定",
    ),
    "06.04": (
        Kind.NOTICE,
        "eia",
        "示范市建设项目竣工环境保护验收信息公开情况（{y}年{m}月）",
        "汇总本月建设单位公开的竣工环境保护自主验收信息，接受社会监督。",
        (
            "根据《建设项目竣工环境保护验收暂行办法》，现将本月建设单位完成竣工环境保护自主验收的"
            "项目清单予以公开。验收监测结果表明各项污染物均达标排放。",
            "公众如有意见，可向本局环境影响评价与排放管理处反映。",
        ),
        "竣工验收,环评",
    ),
    "07.01": (
        Kind.DOCUMENT,
        "eia",
        "排污许可证变更、延续办事指南（{y}年{m}月修订）",
        "排污许可证变更、延续的条件、材料、流程和时限。",
        (
            "办理依据：《排污许可管理条例》第十四条至第十六条。",
            "申请材料：排污许可证申请表、变更或延续情况说明等，通过全国排污许可证管理信息平台提交。",
            "办理时限：20个工作日内作出决定。收费标准：不收费。",
        ),
        "排污许可,办事指南",
    ),
    "07.02": (
        Kind.DOCUMENT,
        "eia",
        "{y}年{m}月排污许可证核发情况公告",
        "公告本局近期核发、变更和延续的排污许可证。",
        ("根据《排污许可管理条例》，现将排污许可证核发、变更、延续情况予以公告。",),
        "排污许可,核发",
    ),
    "07.03": (
        Kind.NOTICE,
        "eia",
        "关于注销部分单位排污许可证的公告（{y}年{m}月）",
        "已依法终止或关停的单位，其排污许可证予以注销。",
        (
            "下列单位已依法终止生产经营或关停，根据《排污许可管理条例》第十九条，"
            "本局注销其排污许可证，特此公告。",
        ),
        "排污许可,注销",
    ),
    "08.01": (
        Kind.DOCUMENT,
        "enforcement",
        "示范市环境监管重点单位名录动态调整情况（{y}年{m}月）",
        "根据企业排污情况变化，对环境监管重点单位名录进行动态调整。",
        (
            "根据《环境监管重点单位名录管理办法》，本月新增环境监管重点单位3家，移出2家。",
            "调整后的名录已同步更新至本局网站，请相关单位依法履行自行监测和信息公开义务。",
        ),
        "重点单位名录,动态调整",
    ),
    "08.02": (
        Kind.DOCUMENT,
        "enforcement",
        "示范市生态环境局{y}年{m}月执法检查工作安排",
        "本月执法检查的重点领域、方式和要求。",
        (
            "本月执法检查聚焦涉VOCs企业、危险废物经营单位和重点排污单位自动监控设施运行情况。",
            "检查采取“双随机、一公开”和专项检查相结合的方式，检查结果依法公开。",
        ),
        "执法检查,工作安排",
    ),
    "08.03": (
        Kind.DOCUMENT,
        "enforcement",
        "生态环境信访投诉办理情况（{y}年{m}月）",
        "本月受理生态环境信访投诉的数量、类型和办理情况。",
        (
            "本月，本局共受理生态环境信访投诉326件，其中大气污染类158件、噪声类97件、水污染类41件。",
            "全部投诉均在规定时限内办结，查实问题已督促整改。",
        ),
        "信访投诉,12369",
    ),
    "08.04": (
        Kind.DOCUMENT,
        "enforcement",
        "示范市生态环境局公开曝光环境违法典型案例（{y}年{m}月）",
        "曝光近期查处的环境违法典型案例，警示企业依法排污。",
        (
            "为强化警示震慑，现将近期查处的3起环境违法典型案例予以公开曝光。",
            "案例一：某铸造企业未按规定运行除尘设施，被依法处以罚款。",
        ),
        "典型案例,曝光",
    ),
    "08.05": (
        Kind.DOCUMENT,
        "monitoring",
        "重点排污单位监督性监测结果（{y}年{m}月）",
        "本月监督性监测重点排污单位的结果。",
        (
            "本月对全市重点排污单位开展监督性监测，监测结果详见附表。",
            "超标企业已移交生态环境执法支队依法查处。",
        ),
        "监督性监测,重点排污单位",
    ),
    "09.01": (
        Kind.DOCUMENT,
        "enforcement",
        "示范市生态环境局行政处罚决定信息汇总（{y}年{m}月）",
        "汇总本月作出的行政处罚决定，详见各决定书。",
        (
            "本月，本局共作出生态环境行政处罚决定9件，罚没款合计86.4万元。",
            "处罚决定书已按规定在作出决定之日起7个工作日内公开。",
        ),
        "行政处罚,汇总",
    ),
    "09.02": (
        Kind.DOCUMENT,
        "enforcement",
        "“双随机、一公开”抽查结果公示（{y}年{m}月）",
        "本月随机抽查污染源企业的结果及处理情况。",
        ("按照“双随机、一公开”监管要求，本月共随机抽取污染源企业32家，发现问题5家，已依法处理。",),
        "双随机,抽查结果",
    ),
    "09.03": (
        Kind.DOCUMENT,
        "enforcement",
        "示范市生态环境局行政强制措施实施情况（{y}年{m}月）",
        "本月实施查封、扣押等行政强制措施的情况。",
        (
            "本月，本局依据《中华人民共和国环境保护法》第二十五条，对2家企业违法排放污染物的设施"
            "实施查封，期限三十日，当事人已按要求整改。",
        ),
        "行政强制,查封",
    ),
    "10.01": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境局突发环境事件应急预案演练情况（{y}年{m}月）",
        "本月组织开展突发环境事件应急预案演练的情况。",
        (
            "本月，本局会同港区管委会开展危险化学品泄漏突发环境事件应急演练，检验了应急监测、"
            "污染处置和信息报送流程。",
        ),
        "应急预案,演练",
    ),
    "10.02": (
        Kind.NOTICE,
        "office",
        "示范市突发环境事件情况通报（{y}年{m}月）",
        "本月全市未发生较大及以上突发环境事件。",
        (
            "本月，全市未发生较大及以上突发环境事件。",
            "我局将继续严格落实应急值守制度，及时处置各类环境突发情况。",
        ),
        "突发环境事件,通报",
    ),
    "10.03": (
        Kind.NOTICE,
        "air",
        "示范市重污染天气预警情况通报（{y}年{m}月）",
        "本月全市未启动重污染天气预警。",
        (
            "本月，全市空气质量总体良好，未出现需启动重污染天气预警的情形。",
            "我局将密切关注空气质量变化，必要时及时发布预警信息。",
        ),
        "重污染天气,预警",
    ),
    "11.01": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境局{y}年部门预算执行情况（截至{m}月）",
        "本年度部门预算的执行进度。",
        ("截至本月，本局部门预算支出执行进度为序时进度的98%，各项资金按规定用途使用。",),
        "部门预算,执行情况",
    ),
    "11.02": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境局{py}年度部门决算（{y}年{m}月公开）",
        "上年度部门收支决算情况。",
        ("现将本局上年度部门决算予以公开，包括收入支出决算总表、财政拨款收入支出决算总表等。",),
        "部门决算",
    ),
    "11.03": (
        Kind.NOTICE,
        "office",
        "示范市生态环境局政府采购结果公告（{y}年{m}月）",
        "公告本局近期政府采购项目的成交结果。",
        (
            "本局环境监测仪器设备运维服务采购项目已按政府采购程序完成，现将成交结果公告如下："
            "成交供应商为示范市环科检测技术有限公司，成交金额186.5万元。",
        ),
        "政府采购,结果公告",
    ),
    "11.04": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境专项资金使用情况（{y}年{m}月）",
        "生态环境专项资金的项目进展和拨付情况。",
        (
            "截至本月，市级生态环境专项资金已拨付项目资金2,960万元，支持挥发性有机物治理、"
            "入河排污口整治等项目38个，资金使用情况予以公开。",
        ),
        "专项资金,使用情况",
    ),
    "12.01": (
        Kind.NOTICE,
        "office",
        "示范市生态环境局干部任前公示（{y}年{m}月）",
        "拟任职干部的基本情况，公示期5个工作日。",
        ("经局党组研究，拟提拔任用干部1名，现予以公示。公示期间，如有意见请向局机关党委反映。",),
        "任前公示,干部",
    ),
    "12.02": (
        Kind.NOTICE,
        "office",
        "示范市生态环境监测站{y}年公开招聘工作人员公告（{m}月）",
        "招聘岗位、条件和报名方式。",
        (
            "根据工作需要，市生态环境监测站面向社会公开招聘专业技术人员3名，报名时间为公告之日起10日。",
        ),
        "招录招聘",
    ),
    "13.01": (
        Kind.DOCUMENT,
        "air",
        "市人大代表建议办理情况（{y}年{m}月）",
        "本局承办的市人大代表建议的办理情况。",
        ("本局承办的市人大代表建议已全部办结并答复代表，代表满意率为100%。",),
        "人大代表建议,办理",
    ),
    "13.02": (
        Kind.DOCUMENT,
        "water",
        "市政协委员提案办理情况（{y}年{m}月）",
        "本局承办的市政协委员提案的办理情况。",
        ("本局承办的市政协委员提案已全部办结并答复委员，委员满意率为100%。",),
        "政协提案,办理",
    ),
    "14": (
        Kind.NEWS,
        "enforcement",
        "我局开展冬季燃煤锅炉和涉VOCs企业专项执法检查（{m}月{d}日）",
        "{m}月{d}日，我局开展冬季燃煤锅炉和涉VOCs企业专项执法检查。",
        (
            "{m}月{d}日，我局组织生态环境执法支队开展冬季燃煤锅炉和涉VOCs企业专项执法检查。",
            "此次行动共出动执法人员46人次，检查企业23家，发现环境问题6个，已全部交办属地督促整改。",
        ),
        "专项执法,燃煤锅炉",
    ),
    "15": (
        Kind.NOTICE,
        "office",
        "关于调整12369环保举报热线受理时间的通知（{y}年{m}月{d}日）",
        "12369环保举报热线实行24小时受理。",
        ("自本通知发布之日起，12369环保举报热线实行24小时人工受理，欢迎社会各界监督。",),
        "12369,举报热线",
    ),
    "16": (
        Kind.PRESS,
        "office",
        "示范市生态环境局新闻发布会：近期生态环境质量状况（{y}年{m}月{d}日）",
        "介绍近期全市生态环境质量状况并回答记者提问。",
        ("{m}月{d}日上午，我局召开新闻发布会，介绍近期全市生态环境质量状况。",),
        "新闻发布会,生态环境质量",
    ),
    "17": (
        Kind.DOCUMENT,
        "office",
        "示范市生态环境局{py}年政府信息公开工作年度报告",
        "{py}年本局主动公开政府信息、依申请公开、行政复议和行政诉讼、存在的主要问题及改进情况。",
        (
            "本报告根据《中华人民共和国政府信息公开条例》第五十条和"
            "《中华人民共和国政府信息公开工作年度报告格式》编制。",
        ),
        "年度报告,政府信息公开",
    ),
}


def _due_since(code: str, today: date) -> date | None:
    """The day since which the self-inspection wants something new in the column; None:
    it only wants the column not empty."""
    from lantian.complaints.selectors import add_months
    from lantian.reports import inspection

    dynamic, months = inspection._rule(code)  # the inspection's own periods
    if dynamic:
        return today - timedelta(days=inspection.DYNAMIC_STALE_DAYS)
    return add_months(today, -months) if months else None


def _upkeep(planned: list[tuple[Spec, date | None]], today: date) -> list[tuple[Spec, date]]:
    """One routine item for each column the story leaves stale (or empty) on ``today``."""
    last: dict[str, date] = {}
    for spec, published in planned:
        if published is not None and not spec.withdraw_reason:
            last[spec.code] = max(published, last.get(spec.code, published))
    formed = _wd_on_or_before(today - timedelta(days=6))
    published = min(_add_wd(formed, 2), today)
    # an interpretation explains the newest policy
    policies = [spec for spec, published in planned if spec.kind == Kind.POLICY and published]
    policy = max(policies, key=lambda s: s.formed_on).title if policies else ""
    found = []
    for code, (kind, dept, title, summary, paragraphs, keywords) in UPKEEP.items():
        since = _due_since(code, today)
        seen = last.get(code)
        if seen is not None and (since is None or seen >= since):
            continue
        if kind == Kind.INTERPRETATION and not policy:
            continue
        names = {
            "y": formed.year,
            "m": formed.month,
            "d": formed.day,
            "py": formed.year - 1,
            "policy": policy.partition("《")[2].partition("》")[0],
        }
        fields: dict[str, Any] = {}
        if kind == Kind.POLICY:
            fields = {"effective_from": formed + timedelta(days=30)}
        elif kind == Kind.PRESS:
            fields = {
                "held_at": datetime.combine(formed, time(10, 0), tzinfo=LOCAL),
                "speakers": "赵敏（办公室主任）；孙立华（副局长）",
                "transcript": _p(
                    "主持人：各位记者朋友，上午好！欢迎参加示范市生态环境局新闻发布会。",
                    "孙立华：下面我向大家介绍近期全市生态环境质量状况。",
                    "主持人：下面请记者朋友提问。",
                ),
                "questions": [
                    {"type": "qa", "value": {"question": q, "asked_by": media, "answer": answer}}
                    for q, media, answer in QUESTIONS[:2]
                ],
            }
        spec = Spec(
            code,
            kind,
            title.format(**names),
            formed,
            dept,
            summary=summary.format(**names),
            body=_p(*(p.format(**names) for p in paragraphs)),
            keywords=keywords,
            fields=fields,
            interprets=policy if kind == Kind.INTERPRETATION else "",
        )
        if kind == Kind.POLICY:
            policy = spec.title
        found.append((spec, published))
    return found


def backdate(item: DisclosureItem, published: date, *, minutes: int = 0) -> datetime:
    """Date a just-published demo item back to the day it would have been published."""
    at = datetime.combine(published, time(9, 30), tzinfo=LOCAL) + timedelta(minutes=minutes)
    DisclosureItem.objects.filter(pk=item.pk).update(
        published_on=published, first_published_at=at, last_published_at=at
    )
    return at


def _published_on(rng: random.Random, spec: Spec, limit: int) -> date:
    if spec.exact_delay is not None:
        return _add_wd(spec.formed_on, spec.exact_delay)
    if spec.fixed_delay is not None and rng.random() >= LATE_SHARE:
        return _add_wd(spec.formed_on, spec.fixed_delay)
    if rng.random() < LATE_SHARE:
        return _add_wd(spec.formed_on, rng.randint(25, 40))
    quick = min(limit - 1, 12)
    return _add_wd(spec.formed_on, rng.randint(1, max(quick, 1)))


def load(
    *, today: date | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Load the demo items (safe to run again); returns how many were created."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    services.ensure_catalogue(actor=None)
    categories = {c.code: c for c in Category.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    existing = set(DisclosureItem.objects.values_list("title", flat=True))
    by_title: dict[str, DisclosureItem] = {}
    specs = _specs(rng, today)
    planned = []
    for spec in specs:
        limit = categories[spec.code].time_limit_days
        published = _published_on(rng, spec, limit)
        if published <= today:
            planned.append((spec, published))
    planned += [(spec, _add_wd(spec.formed_on, 2)) for spec in _standing(today)]
    planned += _upkeep(planned, today)
    planned += [(spec, None) for spec in _scheduled(today)]
    created = 0
    for start in range(0, len(planned), 50):
        with transaction.atomic():
            for spec, published in planned[start : start + 50]:
                if spec.title in existing:
                    continue
                by_title[spec.title] = _create(spec, published, categories, departments, by_title)
                created += 1
        if progress:
            progress(f"{min(start + 50, len(planned))}/{len(planned)} items")
    return {"items": created, "planned": len(planned)}


def _create(
    spec: Spec,
    published: date | None,
    categories: dict[str, Category],
    departments: dict[str, Department],
    by_title: dict[str, DisclosureItem],
) -> DisclosureItem:
    fields = dict(spec.fields)
    if spec.interprets:
        policy = (
            by_title.get(spec.interprets)
            or DisclosureItem.objects.filter(title=spec.interprets).first()
        )
        if policy is not None:
            fields.update(interprets=policy, related_items=[policy])
    item = services.save_item(
        actor=None,
        kind=spec.kind,
        title=spec.title,
        category=categories[spec.code],
        department=departments[spec.department],
        doc_number=spec.doc_number,
        formed_on=spec.formed_on,
        summary=spec.summary[:500],
        body=spec.body,
        keywords=spec.keywords[:200],
        **fields,
    )
    item = services.publish_item(actor=None, item=item)
    if published is None:  # scheduled: not live until its go-live time
        DisclosureItem.objects.filter(pk=item.pk).update(published_on=None)
        return item
    at = backdate(item, published, minutes=len(spec.title) % 240)
    if spec.withdraw_reason:
        item.refresh_from_db()
        services.withdraw_item(actor=None, item=item, reason=spec.withdraw_reason)
    Publication.objects.filter(item=item, channel="website").update(sent_at=at, created_at=at)
    if spec.social:  # as if WeChat and Weibo had been configured
        state = Publication.State.WITHDRAWN if spec.withdraw_reason else Publication.State.SENT
        for offset, channel, external in (
            (5, "wechat", f"22{item.pk:08d}"),
            (7, "weibo", f"50{item.pk:014d}"),
        ):
            row, _ = Publication.objects.get_or_create(
                item=item,
                channel=channel,
                defaults={"state": state, "attempts": 1, "external_id": external},
            )
            sent = at + timedelta(minutes=offset)
            Publication.objects.filter(pk=row.pk).update(sent_at=sent, created_at=at)
    item.refresh_from_db()
    return item
