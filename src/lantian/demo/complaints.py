"""Demo public interaction (政民互动) for 示范市生态环境局: two years of complaints from
every channel up to the day the demo is loaded.

About 3,300 cases — 12369 calls and WeChat reports, online complaints, letters to the
director's mailbox, petitions by letter and visit, public-supervision reports and one
inspection team's batch — about black smoke from boiler stacks, solvent odour from
spraying lines, machines running at night, wastewater let into the rivers at night,
dust from building sites, drums of waste oil dumped by the road, a new phone mast on a
roof … in every district, from the enterprises, sites and roads the rest of the demo
knows. Noise and solid waste lie with the district's branch (分局, 属地管理), the rest with
the city's enforcement brigade, monitoring station or office (the routing rules of
``bureau.load_complaint_routing``); each branch has an officer and a director of its own.
Most were accepted, inspected and answered within 60 days; some were extended
(with the reason told to the complainant), a few answered late; cooking fumes, horns and
square dancing, night-time building work were sent where they belong (城市管理, 公安,
住建) and the refusal says so; repeated reports were merged into their master case;
spam rejected. Complainants rated the replies; those who agreed have their masked
question and reply published. The open cases are dated back from the loading day, so
the queues always hold work: new, due soon, overdue, extended — and two public messages
left unanswered for two and three months, so the website-inspection alarms show.

Beside the cases: one inspection-team batch of about 30 cases imported from its XLSX,
every finding recorded and the results published; six typical cases and a few
hot-topic responses (published, one under watch).

Speed: the recent and open cases and every special case go through the complaints
services as the demo staff (timeline, clocks, audit entries as in real use). The older,
closed history is written in bulk — the same Complaint, ComplaintEvent and core
ClockEvent rows the services would write, replaying to the same due dates — because
3,000 cases through the services with their audit rows take minutes, not seconds (the
history has no audit entries and no verification codes: nobody follows it online). The
cases registered through the services get their verification codes hashed with few
PBKDF2 rounds (they verify as usual; nobody holds them). No e-mail goes out while the
demo loads.

Deterministic (seeded, dated back from ``today``) and idempotent: a case is known by a
token derived from its place in the plan (``token_of``); one already stored is
skipped, so a second run — the same day or later — changes nothing.
"""

from __future__ import annotations

import os
import random
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from lantian.air import selectors as air_selectors
from lantian.air import services as air_services
from lantian.complaints import batch_services, batches, rules, selectors, services, watch
from lantian.complaints.clock import HANDLING, INTAKE, handling_spec, intake_spec
from lantian.complaints.models import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    HotTopic,
    InspectionBatch,
    SiteInspection,
    TypicalCase,
)
from lantian.core import audit, privacy
from lantian.core.clock import ClockEvent, ClockState, EventKind
from lantian.core.models import ClockEvent as ClockEventRow
from lantian.core.models import Department, Sequence
from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.demo import air as air_demo
from lantian.demo import bureau
from lantian.demo import foi as foi_demo
from lantian.demo import workflow as demo_workflow
from lantian.demo.disclosure import COMPANIES
from lantian.disclosure import services as disclosure_services

SEED = 12369
LOCAL = ZoneInfo("Asia/Shanghai")
SIZE = 3300  # ordinary cases over the two years (specials and the batch come on top)
SPAN_DAYS = 730  # two years back from the loading day
RECENT_DAYS = 30  # cases received this recently go through the services
CHUNK = 1000  # cases written in bulk per transaction

# ------------------------------------------------------------------ places and parties

# district -> roads (fictional; the districts are the air demo's)
ROADS: dict[str, tuple[str, ...]] = {
    "东城区": ("人民路", "解放路", "中山路", "府前街", "东环路", "文昌路"),
    "西湖区": ("湖滨路", "西湖大道", "柳浪街", "西山路", "花港路"),
    "南湖区": ("南湖路", "滨江路", "青龙河路", "南环路", "纺织路"),
    "北山区": ("北山大道", "工业园路", "矿山路", "北环路", "冶金路"),
    "高新区": ("科技大道", "创新路", "华芯路", "软件园路", "学府路"),
    "港区": ("港城大道", "海港路", "临港路", "疏港公路", "远洋路"),
}
COMMUNITIES: dict[str, tuple[str, ...]] = {
    "东城区": ("阳光花园", "府前新村", "文昌苑", "东方名都"),
    "西湖区": ("湖畔人家", "西湖春天", "柳岸小区", "金色家园"),
    "南湖区": ("锦绣华庭", "南湖湾", "滨江一号", "青龙苑"),
    "北山区": ("北山新村", "矿山路一村", "翠苑小区", "冶金新村"),
    "高新区": ("科技新苑", "学府名邸", "创新公寓", "华芯人才公寓"),
    "港区": ("港城新村", "海韵花园", "临港家园", "远洋小区"),
}
RIVERS: dict[str, tuple[str, ...]] = {
    "东城区": ("运河示范段", "护城河"),
    "西湖区": ("西湖", "白鹭江"),
    "南湖区": ("南湖", "青龙河"),
    "北山区": ("北山溪", "青龙河"),
    "高新区": ("白鹭江", "创新河"),
    "港区": ("白鹭江入海口", "港区排洪渠"),
}
PLACES: dict[str, tuple[str, ...]] = {
    "东城区": ("老城区拆迁空地", "东环路高架桥下", "府前街菜市场后面"),
    "西湖区": ("西山脚下的鱼塘边", "花港路尽头的荒地", "西湖大道绿化带"),
    "南湖区": ("青龙河堤岸", "南环路收费站附近", "纺织路废弃厂房"),
    "北山区": ("北山采石场旧址", "矿山路山坳里", "北环路桥下"),
    "高新区": ("创新河河滩", "软件园路待建地块", "学府路工地围挡内"),
    "港区": ("疏港公路边的林地", "临港路滩涂", "远洋路集装箱堆场旁"),
}
# (name, district, industry): the disclosure demo's enterprises, and a few small ones
SMALL: tuple[tuple[str, str, str], ...] = (
    ("示范市顺达汽车维修有限公司", "东城区", "汽车维修"),
    ("示范市鑫源五金加工厂", "西湖区", "五金加工"),
    ("示范市西山石材加工厂", "西湖区", "石材加工"),
    ("示范市南湖生猪养殖场", "南湖区", "养殖"),
    ("示范市北山砖瓦厂", "北山区", "砖瓦"),
    ("示范市港区废旧物资回收站", "港区", "再生资源"),
    ("示范市高新区精工塑料制品厂", "高新区", "塑料制品"),
    ("示范市东城洗涤服务有限公司", "东城区", "洗涤"),
)
ENTERPRISES = COMPANIES + SMALL
SITES = (
    "{d}安置房二期项目工地",
    "{road}地铁2号线车站施工工地",
    "{road}商业综合体项目工地",
    "{road}道路改造工程",
    "{community}旁边的住宅项目工地",
)
SHOPS = ("老街烧烤", "川味小厨", "湘味馆", "好再来火锅店", "鑫鑫大排档", "兰州拉面馆", "阿强烤鱼")
PROJECTS = (
    "示范市生活垃圾焚烧发电厂扩建项目",
    "港区10万吨级码头泊位工程",
    "高新区半导体封装测试基地项目",
    "北山区危险废物综合利用项目",
    "南湖220千伏输变电工程",
)

# ---------------------------------------------------------------------- the topics

YES, PARTLY, NO = "yes", "partly", "no"


@dataclass(frozen=True)
class Topic:
    """One kind of problem people report, with the words they use and the bureau's."""

    key: str
    category: str  # the category's code (complaints.services.DEFAULT_CATEGORIES)
    source: str  # enterprise | site | shop | river | place | community | project | none
    titles: tuple[str, ...]  # a subject for each sentence of ``what``
    what: tuple[str, ...]
    weight: float
    industries: tuple[str, ...] = ()
    night: bool = False
    season: str = ""  # "summer" or "winter": more reports then
    refer: tuple[str, str] = ("", "")  # (sent to, reason): outside the bureau's remit
    found: tuple[str, ...] = ()  # substantiated findings
    not_found: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    penalty: str = ""  # what a substantiated case ends in, when it is punished
    substantiated_share: float = 0.55


TOPICS: tuple[Topic, ...] = (
    Topic(
        "smoke",
        "air",
        "enterprise",
        ("{e}烟囱冒黑烟", "{e}锅炉排放黄色烟雾", "{road}附近工厂烟囱冒浓烟", "{e}夜间烟囱冒浓烟"),
        (
            "{e}的烟囱一直冒黑烟，落在阳台和车上都是一层黑灰",
            "{e}锅炉房烟囱排出大量黄色烟雾，有一股刺鼻的硫磺味",
            "看到{e}厂区内烟囱冒出灰黑色浓烟，风一吹整条{road}都是烟味",
            "{e}白天烟囱很正常，一到晚上就冒浓烟，怀疑夜间偷偷停用治理设施",
        ),
        1.6,
        industries=("热电", "铸造", "砖瓦", "化工", "再生资源", "医疗"),
        season="winter",
        found=(
            "该单位燃煤锅炉除尘设施布袋破损，颗粒物排放浓度为{n}毫克/立方米，超过排放标准",
            "该单位脱硫设施循环泵故障停运，二氧化硫在线监测数据在举报时段超标",
            "该单位中频炉熔炼废气集气罩破损，部分烟尘未经收集直接无组织排放",
        ),
        not_found=(
            "调阅该单位在线监测数据，举报时段颗粒物、二氧化硫、氮氧化物均达标排放；"
            "举报人看到的白色烟雾为湿法脱硫后的水蒸气",
            "现场检查时该单位锅炉运行正常，废气治理设施同步运行，未发现冒黑烟现象",
        ),
        measures=(
            "已责令其立即停炉检修、更换除尘布袋，整改完成并经监测达标后方可恢复生产",
            "已责令限期修复治理设施，并将其纳入重点监管，安排夜间不定期复查",
        ),
        penalty="依据《中华人民共和国大气污染防治法》第九十九条第（二）项立案查处，罚款{fine}万元",
    ),
    Topic(
        "odour",
        "air",
        "enterprise",
        ("{e}排放刺鼻异味", "{road}一带臭鸡蛋味", "{e}废气溶剂味", "{community}周边异味扰民"),
        (
            "{e}排放刺鼻的化学异味，像油漆味又像塑料烧焦的味道",
            "{road}一带经常闻到一股臭鸡蛋味，从{e}方向飘过来",
            "{e}方向飘来浓烈的溶剂味，闻久了头晕恶心",
            "{community}楼下总有一股酸臭味，风向朝东南时特别明显，怀疑是{e}排放的",
        ),
        2.2,
        industries=("化工", "印染", "家具制造", "包装印刷", "制药", "塑料制品", "电子材料"),
        night=True,
        season="summer",
        found=(
            "该企业调漆间和喷涂线废气收集罩破损，部分有机废气未经收集处理直接排放",
            "该企业活性炭吸附装置长期未更换活性炭，挥发性有机物去除效率明显下降",
            "厂界下风向臭气浓度监测值为{n}（无量纲），"
            "超过《恶臭污染物排放标准》（GB 14554—93）限值",
        ),
        not_found=(
            "执法人员分别于白天和夜间在厂界下风向监测臭气浓度，结果均符合《恶臭污染物排放标准》"
            "（GB 14554—93）",
            "现场检查时该企业废气治理设施运行正常，治理设施运行台账记录完整，未闻到明显异味",
        ),
        measures=(
            "已责令其更换活性炭并建立更换台账，对废气收集系统进行密闭改造",
            "已将该企业列入夏季挥发性有机物重点管控名单，要求错峰生产并加密自行监测",
        ),
        penalty="依据《中华人民共和国大气污染防治法》第一百零八条第（一）项立案查处，罚款{fine}万元",
    ),
    Topic(
        "spraying",
        "air",
        "road",
        ("{road}汽修店露天喷漆", "{road}家具作坊喷漆异味"),
        (
            "{road}有一家汽修店经常在门口露天喷漆，油漆味很大，行人都要捂着鼻子走",
            "{road}路边的家具作坊在院子里喷漆，没有任何处理设施，味道飘进小区",
        ),
        0.8,
        found=("该店在室外空地进行喷漆作业，未在密闭空间内进行，也未配套废气处理设施",),
        not_found=("现场检查时该店未进行喷漆作业，店内未发现喷漆设备和油漆",),
        measures=("已责令其立即停止露天喷涂作业，喷漆须在配套治理设施的密闭喷漆房内进行",),
        penalty="依据《中华人民共和国大气污染防治法》第一百零九条立案查处，罚款{fine}万元",
    ),
    Topic(
        "dust",
        "air",
        "site",
        ("{site}裸土未覆盖", "{site}扬尘污染", "{road}渣土车扬尘"),
        (
            "{site}裸露土方没有覆盖，渣土车进出不冲洗，{road}上尘土飞扬",
            "{site}大风天也在土方开挖，没有洒水降尘，灰尘飘进{community}",
            "渣土车从{site}出来沿{road}一路撒土，路面全是泥，车一过灰尘满天",
        ),
        1.8,
        season="winter",
        found=(
            "该工地部分裸土未覆盖，出入口车辆冲洗设施未正常使用，存在带泥上路现象",
            "该工地土方作业时未采取湿法作业，围挡破损{n}米",
        ),
        not_found=("现场检查时该工地已落实覆盖、洒水、冲洗等扬尘防治措施，未见明显扬尘",),
        measures=(
            "已会同住建部门责令施工单位落实“六个百分之百”扬尘防控措施，并安排复查",
            "已责令施工单位立即覆盖裸土、修复围挡、规范冲洗出场车辆",
        ),
        penalty="依据《中华人民共和国大气污染防治法》第一百一十五条立案查处，罚款{fine}万元",
    ),
    Topic(
        "burning",
        "air",
        "place",
        ("{place}露天焚烧垃圾", "{place}焚烧秸秆", "{place}焚烧废旧电线"),
        (
            "{place}有人露天焚烧垃圾，浓烟滚滚，气味难闻",
            "{place}附近农田在烧秸秆，整个{d}都笼罩在烟雾里",
            "有人在{place}焚烧废旧电线回收铜，黑烟很大，味道刺鼻",
        ),
        0.7,
        season="winter",
        found=("现场确有焚烧痕迹，系附近人员焚烧生活垃圾和杂物",),
        not_found=("执法人员到达现场时未发现焚烧现象和焚烧痕迹",),
        measures=(
            "已会同属地街道扑灭余火、清理现场，并对当事人进行批评教育",
            "已将该区域列入秸秆禁烧重点巡查点位，由属地街道加强巡查",
        ),
    ),
    Topic(
        "factory-noise",
        "noise",
        "enterprise",
        ("{e}夜间生产噪声扰民", "{e}冷却塔风机噪声", "{e}夜间装卸噪声"),
        (
            "{e}夜间加班生产，机器轰鸣声很大，一直持续到凌晨",
            "{e}的冷却塔和风机日夜不停，声音嗡嗡作响，{community}的居民无法入睡",
            "{e}晚上装卸货物，铁器撞击声很响，吵得孩子无法休息",
        ),
        1.5,
        industries=("铸造", "汽车零部件", "混凝土", "再生资源", "五金加工", "石材加工", "热电"),
        night=True,
        season="summer",
        found=(
            "夜间对厂界噪声进行了监测，测得厂界噪声为{n}分贝，超过《工业企业厂界环境噪声排放标准》"
            "2类区夜间50分贝的限值",
            "该企业新增的冷却塔未采取隔声降噪措施，厂界夜间噪声超标",
        ),
        not_found=(
            "夜间对厂界噪声进行了监测，结果符合《工业企业厂界环境噪声排放标准》2类区限值",
            "现场检查时该企业夜间未生产，经走访周边居民，近期未再出现夜间生产情况",
        ),
        measures=(
            "已责令其夜间22时至次日6时停止高噪声作业，并对冷却塔、风机加装隔声罩和消声器",
            "已要求其制定噪声治理方案，限期完成整改，并安排夜间复测",
        ),
        penalty="依据《中华人民共和国噪声污染防治法》第七十五条立案查处，罚款{fine}万元",
    ),
    Topic(
        "night-construction",
        "noise",
        "site",
        ("{site}夜间施工噪声", "{site}凌晨浇筑混凝土噪声"),
        (
            "{site}每天晚上施工到凌晨，打桩声、混凝土泵车声不断",
            "{site}半夜还在浇筑混凝土，{community}的居民已经连续几晚没睡好",
        ),
        0.55,
        night=True,
        season="summer",
        refer=(
            "市住房和城乡建设局",
            "根据《示范市噪声污染防治条例》和本市职责分工，建筑施工噪声由住房和城乡建设主管部门"
            "监督管理，已将您的举报转送市住房和城乡建设局依法处理。",
        ),
    ),
    Topic(
        "cooking-fumes",
        "air",
        "shop",
        ("{road}{shop}油烟扰民", "{community}楼下餐馆油烟直排", "{road}烧烤摊油烟"),
        (
            "{road}{shop}的油烟直接排到居民楼后面，楼道里全是油烟味",
            "{community}楼下新开的{shop}没有安装油烟净化器，烟道就对着居民窗户",
            "{road}{shop}每晚在店外露天烧烤到凌晨，油烟和噪声都很大",
        ),
        0.55,
        night=True,
        refer=(
            "市城市管理局",
            "根据《中华人民共和国大气污染防治法》第八十一条和本市职责分工，餐饮服务业油烟污染由"
            "城市管理部门监督管理，已将您的举报转送市城市管理局依法处理。",
        ),
    ),
    Topic(
        "horns",
        "noise",
        "road",
        ("{road}改装车“炸街”噪声", "{road}渣土车夜间鸣笛"),
        (
            "{road}每天深夜都有改装摩托车和跑车“炸街”，轰油门的声音特别响",
            "{road}夜间渣土车经过时一路鸣笛，{community}的居民被吵醒好几次",
        ),
        0.25,
        night=True,
        refer=(
            "市公安局交通警察支队",
            "机动车违法鸣笛、改装排气管产生的噪声由公安机关交通管理部门依法查处，已将您的举报"
            "转送市公安局交通警察支队处理。",
        ),
    ),
    Topic(
        "square-dancing",
        "noise",
        "community",
        ("{community}广场舞音响扰民", "{road}商铺高音喇叭扰民"),
        (
            "{community}小区广场每天晚上跳广场舞，音响开得很大，一直到九点多",
            "{road}沿街商铺门口的高音喇叭整天循环播放促销广告，吵得人心烦",
        ),
        0.2,
        night=True,
        refer=(
            "{d}公安分局",
            "广场舞音响、商业经营活动使用高音广播喇叭等社会生活噪声，由公安机关依法处理，"
            "已将您的举报转送属地公安分局。",
        ),
    ),
    Topic(
        "wastewater",
        "water",
        "enterprise",
        ("{e}偷排废水", "{river}出现白色泡沫", "{river}出现死鱼", "{e}暗管排污"),
        (
            "{e}在夜间通过雨水管道向{river}偷排废水，排口处河水发黑发臭",
            "{river}{road}桥下游出现大量白色泡沫，怀疑上游{e}排放废水",
            "{river}出现成片死鱼，水面漂着油花，附近只有{e}一家工厂",
            "{e}厂区后墙有一根暗管通到{river}，下雨天也在排黄色的水",
        ),
        1.9,
        industries=("印染", "化工", "电子材料", "纺织", "制药", "污水处理", "养殖", "洗涤"),
        night=True,
        found=(
            "该企业雨水排放口有生产废水排出，经采样监测，化学需氧量浓度为{n}毫克/升，超过排放标准",
            "该企业厂区内有一根未经审批的暗管通向{river}，用于排放未经处理的生产废水",
            "该单位污水处理设施调节池溢流，部分未经处理的废水经雨水管网进入{river}",
        ),
        not_found=(
            "对该企业雨水排口及{river}上下游断面采样监测，各项指标未见异常；经排查，死鱼系高温天气"
            "水体缺氧所致",
            "现场检查该企业废水处理设施运行正常，雨水排口无水排放，在线监测数据达标",
        ),
        measures=(
            "已责令其立即封堵雨水排口、停止违法排放，并对受污染河段进行清理",
            "已责令其拆除暗管，并将案件线索移送公安机关",
        ),
        penalty="依据《中华人民共和国水污染防治法》第八十三条第（三）项立案查处，罚款{fine}万元",
        substantiated_share=0.5,
    ),
    Topic(
        "livestock",
        "water",
        "enterprise",
        ("{e}粪污直排", "{e}粪污池满溢"),
        (
            "{e}的猪粪污水直接排到旁边的沟渠，流进{river}，夏天臭气熏天",
            "{e}粪污处理池满溢，雨天污水漫到农田里",
        ),
        0.5,
        industries=("养殖",),
        season="summer",
        found=("该养殖场粪污贮存池容量不足，雨污分流不彻底，部分粪污水外溢至沟渠",),
        not_found=("现场检查该养殖场粪污经厌氧发酵后还田利用，台账齐全，未发现直排现象",),
        measures=(
            "已责令其扩建粪污贮存池、完善雨污分流，并会同农业农村部门督促落实粪污资源化利用",
        ),
        penalty="依据《畜禽规模养殖污染防治条例》第三十九条立案查处，罚款{fine}万元",
    ),
    Topic(
        "dumping",
        "solid_waste",
        "place",
        ("{place}非法倾倒垃圾", "{place}倾倒废油桶", "{river}岸边倾倒污泥", "{place}堆放废旧轮胎"),
        (
            "有人在{place}倾倒了大量建筑垃圾和工业废料，堆得像小山一样",
            "{place}被人倾倒了几十个废油桶，有刺鼻气味，疑似危险废物",
            "夜里有货车往{river}岸边倾倒污泥，又黑又臭",
            "{place}堆放了大量废旧轮胎和塑料，担心着火和污染地下水",
        ),
        1.1,
        found=(
            "现场发现倾倒物为废矿物油桶等危险废物约{n}吨，已联合公安机关立案侦查",
            "现场倾倒物为一般工业固体废物（废边角料、污泥）约{n}吨，已查明倾倒者",
        ),
        not_found=("现场倾倒物为装修垃圾，不属于工业固体废物和危险废物，已移交城市管理部门清运",),
        measures=(
            "已责令倾倒者限期清运并委托有资质单位安全处置，对受影响土壤采样监测",
            "已会同属地街道在该处设置监控和围挡，防止再次倾倒",
        ),
        penalty="依据《中华人民共和国固体废物污染环境防治法》第一百一十二条立案查处，罚款{fine}万元",
    ),
    Topic(
        "hazardous-storage",
        "solid_waste",
        "enterprise",
        ("{e}危险废物露天堆放", "{e}危废仓库地面油污"),
        (
            "{e}把废漆渣、废活性炭装袋堆在露天，下雨天流出黑水",
            "{e}的危险废物仓库门口地面都是油污，气味很大",
        ),
        0.6,
        industries=("化工", "电子材料", "家具制造", "汽车零部件", "包装印刷", "汽车维修"),
        found=("该企业危险废物贮存设施未设置防雨防渗措施，部分废活性炭、废漆渣露天堆放",),
        not_found=("该企业危险废物贮存于规范化贮存库内，标识、台账和转移联单齐全",),
        measures=("已责令其立即将露天堆放的危险废物转入规范贮存库，并完善管理台账",),
        penalty=(
            "依据《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项立案查处，"
            "罚款{fine}万元"
        ),
    ),
    Topic(
        "radiation",
        "radiation",
        "community",
        ("{community}楼顶通信基站辐射", "{road}变电站电磁辐射"),
        (
            "{community}楼顶新装了通信基站，担心辐射影响家人健康，请帮忙检测",
            "{road}附近正在建设变电站，离{community}很近，周边居民担心电磁辐射",
        ),
        0.5,
        found=("该基站建设单位未按规定办理环境影响登记表备案",),
        not_found=(
            "经监测，居民住宅处电磁辐射功率密度为{small}微瓦/平方厘米，远低于《电磁环境控制限值》"
            "（GB 8702—2014）规定的40微瓦/平方厘米公众曝露控制限值",
        ),
        measures=("已将监测结果向居民解读说明，并督促建设单位补办环境影响登记表备案",),
        substantiated_share=0.1,
    ),
    Topic(
        "ecology",
        "ecology",
        "place",
        ("{place}湿地被填埋", "{place}私自开山采石"),
        (
            "{place}的湿地正在被人填埋，好几台挖掘机在作业，白鹭都不来了",
            "{place}有人私自开山采石，山体植被被破坏，粉尘很大",
        ),
        0.4,
        found=("现场确有填埋、挖掘行为，涉及占用生态保护红线内用地约{n}亩",),
        not_found=("经核查，现场施工为经批准的河道生态修复工程，相关手续齐全",),
        measures=("已责令立即停止施工，并将问题线索移交自然资源和规划部门依法处理",),
    ),
    Topic(
        "soil",
        "other",  # no category of its own among the defaults
        "enterprise",
        ("{e}原厂址地块土壤污染", "{road}地块土壤异味"),
        (
            "{e}原厂址拆迁后，地块土壤有刺鼻气味，听说要建学校，担心土壤污染",
            "{road}一块空地被挖开后散发出很重的化学品气味",
        ),
        0.3,
        industries=("化工", "电镀", "铸造", "印染"),
        found=("该地块土壤污染状况初步调查显示部分点位苯系物超过建设用地筛选值",),
        not_found=("该地块已完成土壤污染状况调查，各项指标低于建设用地筛选值",),
        measures=(
            "已要求土地使用权人开展详细调查和风险评估，未完成风险管控前不得开工建设",
            "已将调查结论在本局网站公开，并向举报人说明",
        ),
    ),
)

# The director's mailbox: consultations and suggestions, in the bureau's categories.
CONSULTATIONS: tuple[tuple[str, str, str], ...] = (
    # category, subject, text
    ("other", "咨询{p}的环评审批进展", "请问{p}的环评报告是否已经受理？什么时候进行公示？"),
    (
        "air",
        "咨询空气质量数据查询方式",
        "想了解{d}空气质量监测站的实时数据在哪里可以查询，是否有手机应用？",
    ),
    ("other", "咨询餐馆开业是否需要环评", "我准备在{road}开一家小餐馆，请问需要办理环评手续吗？"),
    (
        "noise",
        "咨询住宅区噪声标准",
        "请问居民区夜间噪声的标准是多少分贝？{community}属于几类声环境功能区？",
    ),
    (
        "water",
        "咨询{river}水质情况",
        "最近在{river}边散步发现水有点浑，请问这里的水质是几类？能不能游泳？",
    ),
)
SUGGESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "water",
        "建议{river}增设水质自动监测站",
        "建议在{river}沿岸增设水质自动监测站，并在网站上实时公开数据。",
    ),
    (
        "air",
        "建议加强{d}夜间执法检查",
        "{d}工业企业夜间偷排现象时有发生，建议加强夜间和节假日执法检查。",
    ),
    (
        "other",
        "建议公开企业环境信用评价结果",
        "建议在政府网站按年度公布企业环境信用评价结果，方便公众监督。",
    ),
    (
        "noise",
        "建议{road}设置禁鸣标志和声呐抓拍",
        "建议在{road}学校和医院路段设置禁鸣标志和违法鸣笛抓拍设备。",
    ),
)

# How people begin, say when, and what they ask for.
OPENINGS = (
    "我是{community}的居民，",
    "本人住在{road}{community}，",
    "",
    "",
    "我们是{community}的业主，",
)
WHEN_DAY = (
    "近一个月来，",
    "最近一周，",
    "每天上午，",
    "今天下午{hp}点左右，",
    "连续多日，",
    "这几天，",
    "从上个月开始，",
)
WHEN_NIGHT = (
    "每天晚上{h}点以后，",
    "连续几天凌晨{hn}点左右，",
    "近半个月夜间，",
    "每到深夜，",
    "昨天夜里，",
)
IMPACTS: dict[str, tuple[str, ...]] = {
    "air": ("，家里老人孩子咳嗽不止。", "，根本不敢开窗。", "，晾在外面的衣服都是味道。"),
    "noise": ("，严重影响休息。", "，孩子晚上无法入睡。", "，老人被吵得心脏不舒服。"),
    "water": ("，河边散步都要捂着鼻子。", "，担心影响下游水质。", "，岸边的鱼塘也受了影响。"),
    "solid_waste": ("，担心污染地下水。", "，下雨后流出的水颜色很怪。"),
    "": ("，周边居民意见很大。", "，已经持续很长时间了。", "，担心对身体有害。", "。"),
}
ASKS = (
    "请环保部门尽快查处。",
    "希望尽快派人来现场检查。",
    "请依法处理并答复。",
    "此前反映过一次，问题仍未解决，请督促整改。",
    "恳请领导重视。",
    "请尽快核实处理，谢谢！",
)
NOT_FOUND_MEASURES = (
    "我局将对该区域加强日常巡查，如再次发现相关问题，欢迎及时拨打12369举报",
    "已要求相关单位加强治理设施日常运行维护，我局将不定期开展抽查",
    "我局已将该点位纳入夜间和节假日巡查范围，持续跟踪",
)
EXTENSION_REASONS = (
    "需委托第三方检测机构对周边地下水和土壤采样检测，检测周期较长，经批准延期办理。",
    "涉及多个部门职责，需会同住建、城管等部门联合调查，经批准延期办理。",
    "被举报企业已停产，需待其复产后进行夜间监测核实，经批准延期办理。",
    "需调取在线监测数据并开展溯源排查，案情复杂，经批准延期办理。",
)
TIMED = re.compile("每天|晚上|夜|凌晨|深夜|白天|雨天|夏天")
SPAM = (
    ("低价代办各类环评手续", "专业代办环评、排污许可，包过，价格优惠，详询微信。"),
    ("测试", "测试测试123"),
    ("广告：工业除臭设备", "高效除臭设备厂家直销，欢迎来电洽谈合作。"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛")
GIVEN += ("明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志刚", "晓东", "海燕", "文博")


# ---------------------------------------------------------------------------- the plan

# How each channel's cases are spread (weights) and how often they agree to publication.
CHANNEL_WEIGHTS: tuple[tuple[str, float, float], ...] = (
    # channel, weight, agrees to publication
    ("hotline_12369", 40, 0.02),
    ("wechat_12369", 26, 0.06),
    ("online", 14, 0.4),
    ("mailbox", 5, 0.5),
    ("petition_letter", 3, 0.0),
    ("petition_visit", 2, 0.0),
    ("supervision", 10, 0.05),
)
CHANNELS_OF_SPAM = ("online", "wechat_12369", "mailbox")
PUBLIC_CHANNELS = ("online", "mailbox")


@dataclass
class CasePlan:
    """One demo case: who reported what, where, through which channel, and how far its
    handling went (``end``) on which days."""

    index: int
    channel: str
    category: str
    district: str
    topic: str
    title: str
    description: str
    address: str
    enterprise: str
    submitted_at: datetime
    received: date
    end: str  # received | accepted | refused | duplicate | replied | closed | spam
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""
    agrees: bool = False
    mailbox_kind: str = ""
    decided: date | None = None  # accepted, refused, merged or rejected on
    extend_days: int = 0
    extend_reason: str = ""
    extended: date | None = None
    inspected: date | None = None
    replied: date | None = None
    substantiated: str = ""
    findings: str = ""
    measures: str = ""
    penalties: str = ""
    reply: str = ""
    satisfaction: str = ""
    referred_to: str = ""
    refusal_reason: str = ""
    master: int | None = None  # index of the master case
    publish: bool = False
    special: str = ""  # why the case is there, for the special ones
    what: str = ""  # the sentence that says what is wrong (a duplicate says it again)
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def bulk(self) -> bool:
        """Written in bulk: closed history, nothing special about it."""
        return not self.special and self.end in ("refused", "replied", "closed", "spam")


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


def _weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x < 0:
            return value
    return pairs[-1][0]


def _season_weight(topic: Topic, month: int) -> float:
    if topic.season == "summer":
        return 1.6 if month in (6, 7, 8, 9) else 0.8
    if topic.season == "winter":
        return 1.6 if month in (11, 12, 1, 2) else 0.8
    return 1.0


class _Words:
    """Fills a topic's templates for one case, with places from its district."""

    def __init__(self, rng: random.Random, topic: Topic | None, district: str) -> None:
        self.rng, self.district = rng, district
        enterprises = [
            e
            for e in ENTERPRISES
            if topic is not None
            and topic.source == "enterprise"
            and (not topic.industries or e[2] in topic.industries)
        ]
        local = [e for e in enterprises if e[1] == district] or enterprises
        self.enterprise = _pick(rng, tuple(e[0] for e in local)) if local else ""
        if local and self.enterprise:
            self.district = next(e[1] for e in ENTERPRISES if e[0] == self.enterprise)
        d = self.district
        self.road = _pick(rng, ROADS[d])
        self.community = _pick(rng, COMMUNITIES[d])
        self.values = {
            "d": d,
            "e": self.enterprise,
            "road": self.road,
            "community": self.community,
            "river": _pick(rng, RIVERS[d]),
            "place": f"{d}{_pick(rng, PLACES[d])}",
            "shop": _pick(rng, SHOPS),
            "p": _pick(rng, PROJECTS),
            "h": str(rng.randrange(8, 11)),
            "hp": str(rng.randrange(2, 6)),
            "hn": str(rng.randrange(1, 4)),
            "n": str(rng.choice((62, 86, 120, 158, 243, 386, 3, 12, 55, 2))),
            "small": f"{rng.randrange(2, 30) / 10:.1f}",
            "fine": str(rng.choice((2, 3, 5, 8, 10, 12, 20))),
        }
        self.values["site"] = _pick(rng, SITES).format(**self.values)

    def fill(self, template: str) -> str:
        return template.format(**self.values)

    def address(self, topic: Topic | None) -> str:
        v = self.values
        where = {
            "enterprise": f"示范市{v['d']}{v['road']}{v['e']}附近",
            "site": f"示范市{v['site']}"
            if v["site"].startswith(v["d"])
            else f"示范市{v['d']}{v['site']}",
            "shop": f"示范市{v['d']}{v['road']}{v['shop']}",
            "river": f"示范市{v['d']}{v['river']}",
            "place": f"示范市{v['place']}",
            "community": f"示范市{v['d']}{v['community']}",
            "road": f"示范市{v['d']}{v['road']}",
        }
        return where.get(topic.source if topic else "", f"示范市{v['d']}")


def _person(rng: random.Random, index: int) -> dict[str, Any]:
    if rng.random() < 0.22:
        return {"anonymous": True}
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    return {
        "anonymous": False,
        "name": name,
        "phone": f"1{rng.choice('3589')}{rng.randrange(0, 10)}{rng.randrange(0, 10000):04d}"
        f"{index % 10000:04d}",
        "email": f"jubao{index:05d}@example.cn" if rng.random() < 0.3 else "",
    }


def _submitted(rng: random.Random, day: date, night: bool) -> datetime:
    hour = rng.choice((21, 22, 23, 7, 8)) if night and rng.random() < 0.6 else rng.randrange(8, 20)
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=LOCAL)


def _reply_text(p: CasePlan, department: str) -> str:
    if p.mailbox_kind in ("consultation", "suggestion"):
        return p.findings
    on = p.inspected
    checked = f"{department}于{on.month}月{on.day}日到现场核查。" if on else ""
    parts = [f"您好！您反映的“{p.title}”问题已收悉。{checked}经查，{p.findings}。"]
    if p.measures:
        parts.append(f"{p.measures}。")
    if p.penalties:
        parts.append(f"我局已{p.penalties}。")
    parts.append("感谢您对生态环境保护工作的关心和支持！如有疑问，请拨打12369环保举报热线。")
    return "".join(parts)


def plan(today: date, size: int = SIZE) -> list[CasePlan]:
    """The whole demo, drawn from one seeded generator in a fixed order, dated back
    from ``today``: ``size`` ordinary cases over two years, then the special ones."""
    rng = random.Random(SEED)
    first = today - timedelta(days=SPAN_DAYS)
    days = [first + timedelta(days=n) for n in range(SPAN_DAYS + 1)]
    topics = list(TOPICS)
    plans: list[CasePlan] = []
    masters: list[CasePlan] = []  # accepted cases a later report may repeat

    # spread over the days (weekends quieter), then sorted
    day_weights = [(d, 0.6 if d.weekday() >= 5 else 1.0) for d in days]
    chosen = sorted(_weighted(rng, day_weights) for _ in range(size))
    for received in chosen:
        index = len(plans) + 1
        channel = _weighted(rng, [(c, w) for c, w, _ in CHANNEL_WEIGHTS])
        agrees_share = next(a for c, _, a in CHANNEL_WEIGHTS if c == channel)
        district = _pick(rng, tuple(ROADS))
        person = _person(rng, index)
        roll = rng.random()
        if channel in CHANNELS_OF_SPAM and roll < 0.02:
            title, text = SPAM[rng.randrange(len(SPAM))]
            plans.append(
                CasePlan(
                    index=index,
                    channel=channel,
                    category="other",
                    district=district,
                    topic="spam",
                    title=title,
                    description=text,
                    address="",
                    enterprise="",
                    submitted_at=_submitted(rng, received, False),
                    received=received,
                    end="spam",
                    anonymous=True,
                    decided=received + timedelta(days=rng.randrange(0, 3)),
                    mailbox_kind="suggestion" if channel == "mailbox" else "",
                )
            )
            continue
        mailbox_kind = ""
        if channel == "mailbox":
            mailbox_kind = _weighted(
                rng, [("complaint", 0.55), ("consultation", 0.25), ("suggestion", 0.2)]
            )
        if mailbox_kind in ("consultation", "suggestion"):
            pool = CONSULTATIONS if mailbox_kind == "consultation" else SUGGESTIONS
            category, subject, text = pool[rng.randrange(len(pool))]
            words = _Words(rng, None, district)
            p = CasePlan(
                index=index,
                channel=channel,
                category=category,
                district=words.district,
                topic=mailbox_kind,
                title=words.fill(subject),
                description=words.fill(text),
                address="",
                enterprise="",
                submitted_at=_submitted(rng, received, False),
                received=received,
                end="closed",
                mailbox_kind=mailbox_kind,
                agrees=rng.random() < agrees_share,
                **person,
            )
            p.findings = (
                "感谢您的来信。"
                + (
                    "经向相关处室了解，"
                    if mailbox_kind == "consultation"
                    else "您的建议很有价值，我局已转相关处室研究，"
                )
                + _pick(
                    rng,
                    (
                        "相关信息已在本局网站“政府信息公开”栏目公开，您可在网站或“示范空气”手机应用中查询。",
                        "我局将在下一步工作中认真研究吸纳，并及时向社会公开进展。",
                        "具体要求可参阅本局网站公布的办事指南，也可在工作日到市政务服务中心生态环境窗口咨询。",
                    ),
                )
            )
            _schedule(rng, p, today, handling=(2, 20), inspect=False)
            plans.append(p)
            continue

        topic = _weighted(rng, [(t, t.weight * _season_weight(t, received.month)) for t in topics])
        words = _Words(rng, topic, district)
        district = words.district
        told = rng.randrange(len(topic.what))
        what = words.fill(topic.what[told])
        # no second "when" where the sentence already says it
        when = "" if TIMED.search(what) else _pick(rng, WHEN_NIGHT if topic.night else WHEN_DAY)
        description = (
            words.fill(_pick(rng, OPENINGS))
            + words.fill(when)
            + what
            + _pick(rng, IMPACTS.get(topic.category, ()) + IMPACTS[""])
            + _pick(rng, ASKS)
        )
        if not person["anonymous"] and rng.random() < 0.04:
            # some write their number into the text: it must not be published
            description += f"如需核实请联系我，电话{person['phone']}。"
        p = CasePlan(
            index=index,
            channel=channel,
            category=topic.category,
            district=district,
            topic=topic.key,
            title=words.fill(topic.titles[told]),
            description=description,
            address=words.address(topic),
            enterprise=words.enterprise if topic.source == "enterprise" else "",
            submitted_at=_submitted(rng, received, topic.night),
            received=received,
            end="closed",
            mailbox_kind=mailbox_kind,
            agrees=rng.random() < agrees_share,
            what=what,
            **person,
        )
        if topic.refer[0]:
            p.end = "refused"
            p.referred_to = words.fill(topic.refer[0])
            p.refusal_reason = topic.refer[1]
            p.decided = received + timedelta(days=rng.randrange(0, 4))
            plans.append(p)
            continue
        # a report of the same problem a few weeks after the first: merged into it
        recent = [m for m in masters[-40:] if m.topic == topic.key and m.district == district]
        if recent and rng.random() < 0.1:
            master = recent[-1]
            merged = received + timedelta(days=rng.randrange(0, 3))
            if master.decided and master.decided <= received <= master.received + timedelta(60):
                p.title, p.enterprise, p.address = master.title, master.enterprise, master.address
                p.description = p.description.replace(what, master.what)
                if merged <= today:
                    p.end, p.master, p.decided = "duplicate", master.index, merged
                else:  # not yet looked at
                    p.end = "received"
                plans.append(p)
                continue
        substantiated = _weighted(
            rng,
            [
                (YES, topic.substantiated_share * 0.75),
                (PARTLY, topic.substantiated_share * 0.25),
                (NO, 1 - topic.substantiated_share),
            ],
        )
        p.substantiated = substantiated
        if substantiated == NO:
            p.findings = words.fill(_pick(rng, topic.not_found))
        else:
            p.findings = words.fill(_pick(rng, topic.found))
            if substantiated == PARTLY:
                p.findings += "；举报反映的其他问题未发现"
        if substantiated == NO:
            p.measures = _pick(rng, NOT_FOUND_MEASURES)
        elif topic.measures:
            p.measures = words.fill(_pick(rng, topic.measures))
        if substantiated == YES and topic.penalty and rng.random() < 0.6:
            p.penalties = words.fill(topic.penalty)
        _schedule(rng, p, today, handling=(5, 48), inspect=True)
        plans.append(p)
        if p.decided:
            masters.append(p)

    plans += _specials(rng, today, len(plans))
    for p in plans:
        if p.end in ("replied", "closed"):
            p.reply = _reply_text(p, "我局执法人员")
            p.publish = p.agrees and p.replied is not None and p.replied < today
    return plans


def _schedule(
    rng: random.Random,
    p: CasePlan,
    today: date,
    *,
    handling: tuple[int, int],
    inspect: bool,
) -> None:
    """Dates of the intake decision, an extension, the inspection, the reply and the
    rating; a case whose step falls after ``today`` stops at the step before."""
    fast = p.channel in ("hotline_12369", "wechat_12369")
    p.decided = p.received + timedelta(days=rng.randrange(0, 2) if fast else rng.randrange(1, 9))
    # public messages are always answered in time: the only ones left unanswered for
    # months are the two special cases that make the website-inspection alarms show
    roll = 1.0 if p.channel in PUBLIC_CHANNELS else rng.random()
    limit = rules.DEFAULTS[p.channel].handling_limit  # calendar days for every channel
    days = rng.randrange(handling[0], min(handling[1], limit - 2))
    if roll < 0.06:  # extended before the period ran out; the reason told
        p.extend_days = rng.choice((15, 20, 30))
        p.extend_reason = _pick(rng, EXTENSION_REASONS)
        p.extended = p.decided + timedelta(days=rng.randrange(limit - 20, limit - 1))
        days = rng.randrange(limit + 2, limit + p.extend_days)
    elif roll < 0.085:  # answered late
        days = rng.randrange(limit + 2, limit + 20)
    if inspect:
        p.inspected = p.decided + timedelta(days=rng.randrange(0, min(days, 7) + 1))
    p.replied = p.decided + timedelta(days=days)
    if p.decided > today:
        p.decided = p.inspected = p.extended = p.replied = None
        p.extend_days, p.extend_reason, p.end = 0, "", "received"
        return
    if p.extended and p.extended > today:
        p.extended, p.extend_days, p.extend_reason = None, 0, ""
    if p.inspected and p.inspected > today:
        p.inspected = None
    if p.replied > today:
        p.replied, p.end = None, "accepted"
        return
    rated = rng.random() < 0.85 and p.replied + timedelta(days=7) <= today
    if rated:
        p.satisfaction = _weighted(
            rng, [("satisfied", 0.72), ("basically", 0.2), ("dissatisfied", 0.08)]
        )
        p.end = "closed"
    else:
        p.end = "replied"


def _specials(rng: random.Random, today: date, start: int) -> list[CasePlan]:
    """Cases that make the queues and alarms show: open and overdue, open and extended,
    due soon, new today, and the public messages left unanswered for two and three
    months (website-inspection alarm and veto)."""
    out: list[CasePlan] = []

    def case(special: str, topic_key: str, channel: str, days_ago: int, end: str) -> CasePlan:
        topic = next(t for t in TOPICS if t.key == topic_key)
        district = _pick(rng, tuple(ROADS))
        words = _Words(rng, topic, district)
        received = today - timedelta(days=days_ago)
        index = start + len(out) + 1
        p = CasePlan(
            index=index,
            channel=channel,
            category=topic.category,
            district=words.district,
            topic=topic.key,
            title=words.fill(topic.titles[0]),
            description=words.fill(_pick(rng, OPENINGS))
            + words.fill(_pick(rng, WHEN_NIGHT if topic.night else WHEN_DAY))
            + words.fill(topic.what[0])
            + "。"
            + _pick(rng, ASKS),
            address=words.address(topic),
            enterprise=words.enterprise if topic.source == "enterprise" else "",
            submitted_at=_submitted(rng, received, topic.night),
            received=received,
            end=end,
            agrees=channel in PUBLIC_CHANNELS,
            special=special,
            **_person(rng, index),
        )
        if channel == "mailbox":
            p.mailbox_kind = "complaint"
        if end != "received":
            p.decided = received + timedelta(days=min(2, days_ago))
        out.append(p)
        return p

    case("new today", "odour", "online", 0, "received")
    case("new", "dust", "hotline_12369", 1, "received")
    case("intake due soon", "wastewater", "supervision", 12, "received")
    case("intake overdue", "dumping", "petition_letter", 20, "received")
    case("due soon", "smoke", "hotline_12369", 58, "accepted")
    case("overdue", "factory-noise", "wechat_12369", 75, "accepted")
    case("overdue", "wastewater", "supervision", 90, "accepted")
    extended = case("extended", "hazardous-storage", "hotline_12369", 70, "accepted")
    extended.extend_days, extended.extend_reason = 30, EXTENSION_REASONS[0]
    extended.extended = extended.decided + timedelta(days=55)  # type: ignore[operator]
    # public messages unanswered: past the 2-month alarm, and past the 3-month veto
    case("unanswered 2 months", "odour", "mailbox", 68, "accepted")
    case("unanswered 3 months", "dust", "online", 97, "accepted")
    for p in out:
        if p.end == "accepted":  # visited, the findings still to be written up
            topic = next(t for t in TOPICS if t.key == p.topic)
            p.inspected = p.decided
            p.findings = topic.found[0].format(n=120, river="河道")
    return out


# ------------------------------------------------------------------------ the steps


@dataclass(frozen=True)
class Step:
    """One thing done to a case on a day; both writers play the same steps."""

    on: date
    order: int  # of steps on the same day
    name: str


def _rated_on(p: CasePlan) -> date:
    assert p.replied is not None
    return p.replied + timedelta(days=2 + p.index % 5)


def steps(p: CasePlan) -> list[Step]:
    """The steps of a case in the order they happen (the day, then the order of the
    services on one day)."""
    out = [Step(p.received, 0, "register")]
    if p.decided is None:
        return out
    decision = {"spam": "invalid", "refused": "refuse", "duplicate": "merge"}.get(p.end, "accept")
    out.append(Step(p.decided, 1, decision))
    if decision != "accept":
        return out
    out.append(Step(p.decided, 2, "assign"))
    if p.inspected:
        out.append(Step(p.inspected, 3, "inspect"))
    if p.extended:
        out.append(Step(p.extended, 4, "extend"))
    if p.replied:
        if p.substantiated:  # an answered consultation or suggestion has no findings
            out.append(Step(p.replied, 5, "findings"))
        out.append(Step(p.replied, 6, "reply"))
        if p.publish:
            out.append(Step(p.replied + timedelta(days=1), 7, "publish"))
        if p.satisfaction:
            out.append(Step(_rated_on(p), 8, "rate"))
            out.append(Step(_rated_on(p), 9, "close"))
    return sorted(out, key=lambda s: (s.on, s.order))


# ---------------------------------------------------------------------------- loading

# Demo cases are known by a token derived from their place in the plan, so a second load
# — on the same day or a later one, when the plan's dates have moved on — adds nothing.
DEMO_TOKENS = uuid.UUID("7d8a4c12-2369-4e5b-9c61-0f3a5b2d1e69")

# each district's branch (bureau.BRANCHES): the officer of its enforcement team, who
# handles the district's noise and solid-waste cases (属地管理), and its director
BRANCH_STAFF: tuple[tuple[str, str, str, str, Role, str], ...] = (
    ("handler-dongcheng", "许", "志刚", "dongcheng", Role.CASE_HANDLER, "东城分局执法大队执法队员"),
    ("head-dongcheng", "韩", "秀英", "dongcheng", Role.DEPARTMENT_HEAD, "东城分局局长"),
    ("handler-xihu", "邓", "佳", "xihu", Role.CASE_HANDLER, "西湖分局执法大队执法队员"),
    ("head-xihu", "曹", "国华", "xihu", Role.DEPARTMENT_HEAD, "西湖分局局长"),
    ("handler-nanhu", "彭", "宇", "nanhu", Role.CASE_HANDLER, "南湖分局执法大队执法队员"),
    ("head-nanhu", "蒋", "慧", "nanhu", Role.DEPARTMENT_HEAD, "南湖分局局长"),
    ("handler-beishan", "谢", "春燕", "beishan", Role.CASE_HANDLER, "北山分局执法大队执法队员"),
    ("head-beishan", "唐", "伟", "beishan", Role.DEPARTMENT_HEAD, "北山分局局长"),
    ("handler-gaoxin", "袁", "浩", "gaoxin", Role.CASE_HANDLER, "高新区分局执法大队执法队员"),
    ("head-gaoxin", "董", "立新", "gaoxin", Role.DEPARTMENT_HEAD, "高新区分局局长"),
    ("handler-gangqu", "潘", "婷", "gangqu", Role.CASE_HANDLER, "港区分局执法大队执法队员"),
    ("head-gangqu", "田", "振华", "gangqu", Role.DEPARTMENT_HEAD, "港区分局局长"),
)
# username, family, given, department, role, title (the FOI demo's people where shared)
STAFF: tuple[tuple[str, str, str, str, Role, str], ...] = (
    ("hotline-12369", "孙", "丽华", "enforcement", Role.CASE_HANDLER, "12369热线接线员"),
    *(s for s in foi_demo.STAFF if s[0] in ("foi-office", "handler-enforcement")),
    *(s for s in foi_demo.STAFF if s[0] in ("head-enforcement", "handler-monitoring")),
    *(s for s in foi_demo.STAFF if s[0] == "head-monitoring"),
    *BRANCH_STAFF,
)
# department code -> who handles its cases, who heads it
HANDLERS = {
    "enforcement": "handler-enforcement",
    "monitoring": "handler-monitoring",
    "office": "foi-office",
    **{code: user for user, _, _, code, role, _ in BRANCH_STAFF if role is Role.CASE_HANDLER},
}
HEADS = {
    "enforcement": "head-enforcement",
    "monitoring": "head-monitoring",
    "office": "admin",
    **{code: user for user, _, _, code, role, _ in BRANCH_STAFF if role is Role.DEPARTMENT_HEAD},
}
INSPECTORS = ("何俊、陈刚", "何俊、周海", "陈刚、周海", "罗勇、何俊")  # fictional inspectors
SPAM_REASON = "广告推销信息，与生态环境问题无关，按无效信息处理。"
FINDING_FIELDS = ("findings", "substantiated", "measures", "penalties", "accountability")


def token_of(index: int) -> uuid.UUID:
    return uuid.uuid5(DEMO_TOKENS, f"case-{index}")


class _DemoCodeHasher(PBKDF2PasswordHasher):
    """The demo cases' verification codes, hashed with few rounds of the same algorithm
    (so they verify as usual): nobody holds these codes, and the full cost — about two
    seconds a case on a small machine — would keep the demo loading for minutes."""

    iterations = 1_000


@contextmanager
def _as_demo() -> Iterator[None]:
    """No e-mail to the made-up complainants and staff (the services tell complainants
    of each step, the disclosure review its reviewers)."""
    quiet = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    with override_settings(MAILERS=quiet):
        yield


@contextmanager
def _quick_codes() -> Iterator[None]:
    """Register cases with quickly hashed verification codes (never staff passwords:
    only case registration runs under this)."""
    hashers = [f"{__name__}._DemoCodeHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


def _insert(objects: list[Any]) -> None:
    """INSERT rows whose ids nobody needs back with one executemany: what bulk_create
    writes (each field's pre_save and database value), without its per-batch SQL
    compilation, which costs more than the writing."""
    if not objects:
        return
    meta = objects[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [
        tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def in_bulk(p: CasePlan, today: date, plans: dict[int, CasePlan]) -> bool:
    """Written in bulk: older, finished history with nothing special about it."""
    if p.special or p.received >= today - timedelta(days=RECENT_DAYS):
        return False
    if p.end == "duplicate":
        return p.master is not None and in_bulk(plans[p.master], today, plans)
    return p.end in ("refused", "replied", "closed", "spam")


class Loader:
    """Writes planned cases: :meth:`bulk` as rows, :meth:`through_services` step by step
    through the complaints services. Both leave the same case, timeline and clocks."""

    def __init__(self, today: date, password: str) -> None:
        self.today = today
        services.ensure_defaults()
        disclosure_services.ensure_catalogue(actor=None)
        known = set(air_selectors.district_records().values_list("name", flat=True))
        for name, name_en in air_demo.DISTRICTS:
            if name not in known:
                air_services.save_district(actor=None, name=name, name_en=name_en)
        self.districts = {d.name: d for d in air_selectors.district_records()}
        departments = {d.code: d for d in Department.objects.all()}
        User = get_user_model()
        have = set(User.objects.values_list("username", flat=True))
        # hashing a password costs seconds: only for new staff, and once for all of them
        # (demo accounts that share the demo password may share its hash)
        hashed = ""
        for username, family, given, code, role, title in STAFF:
            if username in have:
                continue
            user = save_staff_member(
                actor=None,
                username=username,
                family_name=family,
                given_name=given,
                email=f"{username}@sthjj.demo.gov.cn",
                department=departments[code],
                roles=[role],
                title=title,
            )
            hashed = hashed or make_password(password)
            User.objects.filter(pk=user.pk).update(password=hashed)
        self.users = {u.username: u for u in User.objects.filter(is_staff=True)}
        self.categories = {c.code: c for c in Category.objects.all()}
        # by category, and noise and solid waste to the district's branch, now that the
        # districts and the branches' staff are there (cases are routed below)
        bureau.load_complaint_routing(departments, districts=True)
        self.limits = {channel: services.channel_limits(channel) for channel in rules.DEFAULTS}
        self.routes: dict[tuple[str, str], Department | None] = {}
        self.content_type = ContentType.objects.get_for_model(Complaint)
        self.by_index: dict[int, Complaint] = {}

    # -- who does what

    def department(self, p: CasePlan) -> Department | None:
        key = (p.category, p.district)
        if key not in self.routes:
            self.routes[key] = selectors.route(
                self.categories[p.category], self.districts[p.district]
            )
        return self.routes[key]

    def registrar(self, p: CasePlan) -> Any:
        if p.channel == "hotline_12369":
            return self.users["hotline-12369"]
        if p.channel in ("online", "wechat_12369"):
            return None  # the complainant filed it
        return self.users["foi-office"]

    def worker(self, p: CasePlan) -> Any:
        department = self.department(p)
        return self.users[HANDLERS.get(department.code if department else "", "foi-office")]

    def head(self, p: CasePlan) -> Any:
        department = self.department(p)
        return self.users[HEADS.get(department.code if department else "", "admin")]

    # -- the texts as published

    @staticmethod
    def published(p: CasePlan) -> tuple[str, str]:
        names = [p.name] if p.name else []
        return (
            privacy.mask_text(p.description, names=names),
            privacy.mask_text(p.reply, names=names),
        )

    # -- through the services

    def through_services(self, plans: list[CasePlan]) -> None:
        """Play every step of these cases in the order of their days, so that a master
        is answered before its duplicates hear of it."""
        queue = sorted(
            ((step, p) for p in plans for step in steps(p)),
            key=lambda pair: (pair[0].on, pair[1].index, pair[0].order),
        )
        with _quick_codes():
            for step, p in queue:
                with transaction.atomic():
                    self._play(step, p)

    def _play(self, step: Step, p: CasePlan) -> None:
        worker, head = self.worker(p), self.head(p)
        c = self.by_index.get(p.index)
        on = step.on
        match step.name:
            case "register":
                c, _code = services.register_complaint(
                    actor=self.registrar(p),
                    channel=p.channel,
                    category=self.categories[p.category],
                    title=p.title,
                    description=p.description,
                    submitted_at=p.submitted_at,
                    received_on=p.received,
                    mailbox_kind=p.mailbox_kind,
                    district=self.districts[p.district],
                    address=p.address,
                    enterprise=p.enterprise,
                    anonymous=p.anonymous,
                    name=p.name,
                    phone=p.phone,
                    email=p.email,
                    agrees_to_publication=p.agrees,
                )
                Complaint.objects.filter(pk=c.pk).update(token=token_of(p.index))
                self.by_index[p.index] = c
            case "invalid":
                services.mark_invalid(
                    actor=self.users["foi-office"], complaint=c, reason=SPAM_REASON, on=on
                )
            case "refuse":
                services.refuse(
                    actor=worker,
                    complaint=c,
                    on=on,
                    reason=p.refusal_reason,
                    referred_to=p.referred_to,
                )
            case "merge":
                master = self.by_index.get(p.master or 0) or Complaint.objects.get(
                    token=token_of(p.master or 0)
                )
                services.merge_duplicate(actor=worker, complaint=c, master=master, on=on)
            case "accept":
                services.accept(actor=worker, complaint=c, on=on)
            case "assign":
                services.assign_handler(actor=head, complaint=c, handler=worker, on=on)
            case "inspect":
                services.record_inspection(
                    actor=worker,
                    complaint=c,
                    on=on,
                    inspectors=INSPECTORS[p.index % len(INSPECTORS)],
                    findings=p.findings,
                )
            case "extend":
                services.extend(
                    actor=head, complaint=c, days=p.extend_days, reason=p.extend_reason, on=on
                )
            case "findings":
                services.record_findings(
                    actor=worker,
                    complaint=c,
                    findings=p.findings,
                    substantiated=p.substantiated,
                    measures=p.measures,
                    penalties=p.penalties,
                    on=on,
                )
            case "reply":
                services.reply(actor=worker, complaint=c, text=p.reply, on=on)
            case "publish":
                summary, reply = self.published(p)
                services.publish_reply(
                    actor=self.users["foi-office"],
                    complaint=c,
                    summary=summary,
                    reply=reply,
                    on=on,
                )
            case "rate":
                services.record_satisfaction(
                    actor=worker, complaint=c, satisfaction=p.satisfaction, on=on
                )
            case "close":
                services.close(actor=worker, complaint=c, on=on)

    # -- in bulk

    def bulk(self, plans: list[CasePlan]) -> None:
        """Write these cases as the services would have left them — the case, its
        timeline, its site inspection and its clock events — in a few INSERTs (no audit
        entries: this is the history before the demo began)."""
        numbers = self._case_numbers(plans)
        rows = [self._complaint(p, numbers[p.index]) for p in plans]
        Complaint.objects.bulk_create(rows, batch_size=500)
        for p, c in zip(plans, rows, strict=True):
            self.by_index[p.index] = c
        merged = []
        for p, c in zip(plans, rows, strict=True):
            if p.master:
                c.master = self.by_index[p.master]
                merged.append(c)
        Complaint.objects.bulk_update(merged, ["master"], batch_size=500)
        visits = {
            p.index: SiteInspection(
                complaint=c,
                on=p.inspected,
                inspectors=INSPECTORS[p.index % len(INSPECTORS)],
                findings=p.findings,
                recorded_by=self.worker(p),
            )
            for p, c in zip(plans, rows, strict=True)
            if p.inspected
        }
        SiteInspection.objects.bulk_create(list(visits.values()), batch_size=500)
        events: list[ComplaintEvent] = []
        clocks: list[ClockEventRow] = []
        for p, c in zip(plans, rows, strict=True):
            self._history(p, c, visits.get(p.index), events, clocks)
        _insert(events)
        _insert(clocks)

    def _case_numbers(self, plans: list[CasePlan]) -> dict[int, str]:
        """Take a block of case numbers per year, as register_complaint takes one."""
        numbers: dict[int, str] = {}
        for year in sorted({p.received.year for p in plans}):
            of_year = [p for p in plans if p.received.year == year]
            row, _ = Sequence.objects.select_for_update().get_or_create(
                scope=services.CASE_SCOPE, year=year
            )
            first = row.last + 1
            Sequence.objects.filter(pk=row.pk).update(last=F("last") + len(of_year))
            for n, p in enumerate(of_year):
                numbers[p.index] = f"{services.CASE_PREFIX}{year}{first + n:05d}"
        return numbers

    def _complaint(self, p: CasePlan, case_no: str) -> Complaint:
        accepted = p.decided if p.end in ("accepted", "replied", "closed") else None
        summary, reply = self.published(p) if p.publish else ("", "")
        return Complaint(
            case_no=case_no,
            verification_hash=make_password(None),  # no code: nobody follows these online
            token=token_of(p.index),
            channel=p.channel,
            mailbox_kind=p.mailbox_kind,
            category=self.categories[p.category],
            district=self.districts[p.district],
            address=p.address,
            title=p.title,
            description=p.description,
            enterprise=p.enterprise,
            anonymous=p.anonymous,
            name=p.name,
            phone=p.phone,
            email=p.email,
            agrees_to_publication=p.agrees,
            submitted_at=p.submitted_at,
            received_on=p.received,
            registered_by=self.registrar(p),
            **self.limits[p.channel],
            state=p.end if p.end != "spam" else Complaint.State.SPAM,
            department=self.department(p),
            handler=self.worker(p) if accepted else None,
            accepted_on=accepted,
            refused_on=p.decided if p.end == "refused" else None,
            refusal_reason=p.refusal_reason,
            referred_to=p.referred_to,
            findings=p.findings if p.substantiated and p.replied else "",
            substantiated=p.substantiated if p.replied else "",
            measures=p.measures if p.substantiated and p.replied else "",
            penalties=p.penalties if p.replied else "",
            reply=p.reply if p.replied else "",
            replied_on=p.replied,
            satisfaction=p.satisfaction,
            public_summary=summary,
            public_reply=reply,
            published=p.publish,
        )

    def _history(
        self,
        p: CasePlan,
        c: Complaint,
        visit: SiteInspection | None,
        events: list[ComplaintEvent],
        clocks: list[ClockEventRow],
    ) -> None:
        """The timeline and clock rows the services write for these steps."""
        worker, head, office = self.worker(p), self.head(p), self.users["foi-office"]
        logs: dict[str, list[ClockEvent]] = {INTAKE: [], HANDLING: []}
        specs = {INTAKE: intake_spec(c), HANDLING: handling_spec(c)}

        def event(
            step: str, on: date, actor: Any, note: str = "", public: bool = False, **data: Any
        ) -> None:
            payload = {key: audit._plain(value) for key, value in data.items()}
            events.append(
                ComplaintEvent(
                    complaint=c,
                    kind=step,
                    on=on,
                    actor=actor,
                    note=note,
                    public=public,
                    data=payload,
                )
            )

        def clock(
            name: str, kind: EventKind, on: date, actor: Any, days: int = 0, note: str = ""
        ) -> ClockState:
            logs[name].append(ClockEvent(kind=kind, on=on, days=days, note=note))
            clocks.append(
                ClockEventRow(
                    content_type=self.content_type,
                    object_id=str(c.pk),
                    clock=name,
                    kind=kind.value,
                    on=on,
                    days=days,
                    note=note,
                    created_by=actor,
                )
            )
            return specs[name].clock().replay(logs[name])

        S = services.Step
        for step in steps(p):
            on = step.on
            match step.name:
                case "register":
                    actor = self.registrar(p)
                    event(
                        S.REGISTERED,
                        on,
                        actor,
                        public=True,
                        channel=p.channel,
                        department=c.department_id,
                        batch=None,
                    )
                    clock(INTAKE, EventKind.START, on, actor)
                case "invalid":
                    clock(INTAKE, EventKind.STOP, on, office, note="invalid")
                    event(S.INVALID, on, office, note=SPAM_REASON)
                case "refuse":
                    clock(INTAKE, EventKind.STOP, on, worker)
                    event(
                        S.REFUSED,
                        on,
                        worker,
                        note=p.refusal_reason,
                        public=True,
                        referred_to=p.referred_to,
                    )
                case "merge":
                    master = self.by_index[p.master or 0]
                    clock(INTAKE, EventKind.STOP, on, worker, note="duplicate")
                    event(S.MERGED, on, worker, public=True, master=master.case_no)
                    if master.replied_on is not None:  # told when the master is answered
                        told = max(on, master.replied_on)
                        event(
                            S.MASTER_OUTCOME,
                            told,
                            worker,
                            note=master.reply,
                            public=True,
                            master=master.case_no,
                        )
                case "accept":
                    clock(INTAKE, EventKind.STOP, on, worker)
                    state = clock(HANDLING, EventKind.START, on, worker)
                    event(S.ACCEPTED, on, worker, public=True, handling_due=state.due)
                case "assign":
                    event(S.HANDLER_ASSIGNED, on, head, handler=worker.pk)
                case "inspect":
                    assert visit is not None
                    event(
                        S.INSPECTED,
                        on,
                        worker,
                        note=p.findings,
                        inspection=visit.pk,
                        inspectors=visit.inspectors,
                    )
                case "extend":
                    state = clock(
                        HANDLING,
                        EventKind.EXTEND,
                        on,
                        head,
                        days=p.extend_days,
                        note=p.extend_reason,
                    )
                    event(
                        S.EXTENDED,
                        on,
                        head,
                        note=p.extend_reason,
                        public=True,
                        days=p.extend_days,
                        handling_due=state.due,
                    )
                case "findings":
                    changes = audit.changed_fields(
                        dict.fromkeys(FINDING_FIELDS, ""),
                        {
                            "findings": p.findings,
                            "substantiated": p.substantiated,
                            "measures": p.measures,
                            "penalties": p.penalties,
                            "accountability": "",
                        },
                    )
                    event(
                        S.FINDINGS,
                        on,
                        worker,
                        substantiated=p.substantiated,
                        penalty_item=None,
                        eia_item=None,
                        linked_enterprise=None,  # link_enterprises sets it later
                        changes=changes,
                    )
                case "reply":
                    state = clock(HANDLING, EventKind.STOP, on, worker)
                    event(
                        S.REPLIED,
                        on,
                        worker,
                        note=p.reply,
                        public=True,
                        on_time=bool(state.on_time),
                        due=state.due,
                        round=0,
                    )
                case "publish":
                    event(S.PUBLISHED, on, office)
                case "rate":
                    event(S.SATISFACTION, on, worker, satisfaction=p.satisfaction)
                case "close":
                    event(S.CLOSED, on, worker)


def load(
    *,
    today: date | None = None,
    size: int = SIZE,
    password: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Load the demo cases, the inspection batch, typical cases and hot topics (safe to
    run again); returns how many of each were created."""
    with _as_demo():
        return _load(today=today, size=size, password=password, progress=progress)


def _load(
    *,
    today: date | None,
    size: int,
    password: str | None,
    progress: Callable[[str], None] | None,
) -> dict[str, int]:
    today = today or timezone.localdate()
    password = password or os.environ.get("LANTIAN_DEMO_PASSWORD") or bureau.DEFAULT_PASSWORD
    say = progress or (lambda line: None)
    loader = Loader(today, password)
    plans = plan(today, size)
    by_index = {p.index: p for p in plans}
    tokens = {token_of(p.index): p.index for p in plans}
    for start in range(0, len(plans), 900):  # stay under SQLite's variable limit
        chunk = list(tokens)[start : start + 900]
        for c in Complaint.objects.filter(token__in=chunk):
            loader.by_index[tokens[c.token]] = c
    new = [p for p in plans if p.index not in loader.by_index]
    old = [p for p in new if in_bulk(p, today, by_index)]
    recent = [p for p in new if not in_bulk(p, today, by_index)]
    for start in range(0, len(old), CHUNK):
        with transaction.atomic():
            loader.bulk(old[start : start + CHUNK])
        say(f"{min(start + CHUNK, len(old))}/{len(old)} cases of the past two years")
    loader.through_services(recent)
    if recent:
        say(f"{len(recent)} recent and open cases through the services")
    batch, batch_cases = _inspection_batch(loader, today)
    if batch:
        say(f"inspection batch {batch}: {batch_cases} cases, findings recorded, results published")
    typical = _typical_cases(loader, plans)
    topics = _hot_topics(loader, today)
    return {
        "cases": len(new),
        "in_bulk": len(old),
        "through_services": len(recent),
        "batch_cases": batch_cases,
        "typical_cases": typical,
        "hot_topics": topics,
    }


# ------------------------------------------------------------ the inspection team's batch

BATCH_TEAM = "中央第三生态环境保护督察组"
BATCH_SIZE = 30
BATCH_DAYS_AGO = 40  # referred this many days before the loading day
BATCH_TOPICS = (
    "smoke",
    "odour",
    "dust",
    "factory-noise",
    "wastewater",
    "dumping",
    "hazardous-storage",
)
ACCOUNTABILITY = (
    "对属地街道分管负责人进行约谈，责令其落实属地监管责任",
    "对负有监管责任的执法中队中队长进行诫勉谈话",
)


def batch_plan(today: date) -> tuple[str, date, date, list[CasePlan]]:
    """The batch's number, dates and cases: reports the team received and referred to
    the bureau, anonymous, each with the findings and reply the bureau sent back."""
    rng = random.Random(SEED + 1)
    received = today - timedelta(days=BATCH_DAYS_AGO)
    due = received + timedelta(days=30)
    batch_no = f"D3-{received:%Y%m}"
    out: list[CasePlan] = []
    for n in range(1, BATCH_SIZE + 1):
        key = _pick(rng, BATCH_TOPICS)
        topic = next(t for t in TOPICS if t.key == key)
        words = _Words(rng, topic, _pick(rng, tuple(ROADS)))
        told = rng.randrange(len(topic.what))
        p = CasePlan(
            index=n,
            channel="inspection",
            category=topic.category,
            district=words.district,
            topic=topic.key,
            title=words.fill(topic.titles[told]),
            description=(
                "群众反映："
                + words.fill(_pick(rng, WHEN_NIGHT if topic.night else WHEN_DAY))
                + words.fill(topic.what[told])
                + "，问题长期得不到解决。"
            ),
            address=words.address(topic),
            enterprise=words.enterprise if topic.source == "enterprise" else "",
            submitted_at=datetime.combine(received, time(0, 0), tzinfo=LOCAL),
            received=received,
            end="replied",
            anonymous=True,
            special=f"{batch_no}-{n:03d}",
        )
        p.substantiated = _weighted(rng, [(YES, 0.6), (PARTLY, 0.2), (NO, 0.2)])
        p.findings = words.fill(
            _pick(rng, topic.found if p.substantiated != NO else topic.not_found)
        )
        p.measures = words.fill(_pick(rng, topic.measures)) if p.substantiated != NO else ""
        if p.substantiated == YES and topic.penalty:
            p.penalties = words.fill(topic.penalty)
        p.decided = received
        p.inspected = received + timedelta(days=rng.randrange(1, 6))
        p.replied = received + timedelta(days=rng.randrange(8, 26))
        p.reply = _reply_text(p, "我局执法人员")
        out.append(p)
    return batch_no, received, due, out


def _inspection_batch(loader: Loader, today: date) -> tuple[str, int]:
    """Import the team's sheet (H5's import_batch), record every finding and reply, and
    send the results to publication through the disclosure review."""
    if InspectionBatch.objects.filter(team=BATCH_TEAM).exists():
        return "", 0
    batch_no, received, due, cases = batch_plan(today)
    rows = [
        {
            "case_no": f"D3SF{received:%Y%m}{p.index:03d}",
            "district": p.district,
            "category": loader.categories[p.category].name,
            "description": p.description,
            "due_on": due,
        }
        for p in cases
    ]
    content = batches.sample_batch_xlsx(
        batch_no=batch_no, team=BATCH_TEAM, received_on=received, due_on=due, rows=rows
    )
    with _quick_codes():
        result = batch_services.import_batch(
            actor=None, filename=f"督察交办{batch_no}.xlsx", content=content
        )
    if result.batch is None:
        return "", 0
    batch = result.batch
    imported = {c.team_case_no: c for c in batch.cases.all()}
    for p, row in zip(cases, rows, strict=True):
        complaint = imported.get(row["case_no"])
        if complaint is None:
            continue
        worker = loader.worker(p)
        with transaction.atomic():
            services.record_inspection(
                actor=worker,
                complaint=complaint,
                on=p.inspected,  # type: ignore[arg-type]
                inspectors=INSPECTORS[p.index % len(INSPECTORS)],
                findings=p.findings,
            )
            services.record_findings(
                actor=worker,
                complaint=complaint,
                findings=p.findings,
                substantiated=p.substantiated,
                measures=p.measures,
                penalties=p.penalties,
                accountability=ACCOUNTABILITY[p.index % 2] if p.index % 7 == 0 else "",
                on=p.replied,
            )
            services.reply(actor=worker, complaint=complaint, text=p.reply, on=p.replied)  # type: ignore[arg-type]
    published_on = min(due, today)
    with demo_workflow._without_notifications():
        item = batch_services.publish_batch_results(actor=None, batch=batch, on=published_on)
        # the disclosure review: 保密审查 by the reviewer, then the brigade's head
        for username in ("reviewer", "head-enforcement"):
            if item.workflow_in_progress:
                item = disclosure_services.approve_step(
                    actor=loader.users[username],
                    item=item,
                    comment="已核对，不涉及个人信息，同意公开。",
                )
    return batch_no, len(imported)


# ----------------------------------------------------------------- typical cases, topics

TYPICAL: tuple[tuple[str, str, str], ...] = (
    # topic, title (after the enterprise or place), English title
    (
        "wastewater",
        "通过雨水管网排放生产废水案",
        "Production wastewater let out through the storm drains",
    ),
    (
        "smoke",
        "除尘设施不正常运行超标排放大气污染物案",
        "Dust filters out of order, emissions over the limit",
    ),
    ("odour", "未按规定收集处理挥发性有机物废气案", "Solvent fumes not collected and treated"),
    ("dumping", "非法倾倒固体废物案", "Illegal dumping of solid waste"),
    ("hazardous-storage", "未按规定贮存危险废物案", "Hazardous waste stored without protection"),
    ("factory-noise", "夜间生产噪声超标扰民案", "Night-time production noise over the limit"),
)


def _typical_cases(loader: Loader, plans: list[CasePlan]) -> int:
    """Six typical cases from answered, punished cases, published through watch."""
    existing = set(TypicalCase.objects.values_list("title", flat=True))
    created = 0
    for topic, title, title_en in TYPICAL:
        source = next(
            (
                p
                for p in plans
                if p.topic == topic
                and p.end == "closed"
                and p.penalties
                and p.index in loader.by_index
                and p.replied is not None
            ),
            None,
        )
        if source is None:
            continue
        who = source.enterprise or source.address.removeprefix("示范市")
        full_title = f"{who}{title}"
        if full_title in existing:
            continue
        channel = dict(Channel.choices)[source.channel]
        case = watch.save_typical_case(
            actor=None,
            title=full_title,
            title_en=title_en,
            summary=(
                f"{source.received.year}年{source.received.month}月，我局接到群众通过{channel}"
                f"反映的“{source.title}”问题。执法人员随即赶赴现场核查，经查，{source.findings}。"
            ),
            handling=f"{source.measures}。我局{source.penalties}。",
            outcome="经复查，问题已整改到位，相关设施正常运行；处理结果已答复举报人。",
            category=loader.categories[source.category],
            complaint=loader.by_index[source.index],
        )
        watch.publish_typical_case(actor=None, case=case, on=source.replied + timedelta(days=10))
        created += 1
    return created


HOT_TOPICS: tuple[tuple[str, str, str, int, str], ...] = (
    # title, concern, response, days ago, final state
    (
        "关于北山工业园区夜间异味问题的回应",
        "近期北山区冶金新村、北山新村等小区居民通过12369热线和网络平台反映，夜间经常闻到化工异味，"
        "担心影响身体健康。",
        "我局高度重视，已组织执法支队和监测站对北山工业园区涉挥发性有机物企业开展夜间专项检查，"
        "对园区边界和周边小区布设走航监测。检查发现3家企业废气收集设施存在破损等问题，已责令整改并立案查处。"
        "下一步，我局将在园区周边增设2个挥发性有机物自动监测站点，监测数据在本局网站实时公开。",
        75,
        "published",
    ),
    (
        "关于青龙河部分河段出现死鱼情况的说明",
        "有网友发布视频称青龙河南湖区段出现大量死鱼，质疑上游企业偷排废水。",
        "接报后，我局立即对青龙河上下游5个断面开展应急监测，溶解氧为1.8毫克/升，其他指标未见异常。"
        "经排查，此次死鱼系持续高温、降雨后水体缺氧所致，未发现企业偷排。我局已会同水务部门加强河道增氧和巡查。",
        160,
        "published",
    ),
    (
        "关于示范市生活垃圾焚烧发电厂扩建项目环评的回应",
        "部分市民担心生活垃圾焚烧发电厂扩建后二噁英排放影响周边居民健康，询问环评审批情况。",
        "该项目环境影响报告书已按规定进行两次公示并召开公众参与座谈会，目前正在技术评估阶段。"
        "项目烟气排放执行《生活垃圾焚烧污染控制标准》（GB 18485—2014），二噁英类排放浓度限值为"
        "0.1纳克毒性当量/立方米。审批结果将在本局网站公开。",
        300,
        "published",
    ),
    (
        "关于地铁2号线施工夜间噪声扰民问题的关注",
        "地铁2号线多个车站工地周边居民反映夜间施工噪声扰民，近两周相关举报明显增多。",
        "",
        6,
        "watching",
    ),
)


def _hot_topics(loader: Loader, today: date) -> int:
    existing = set(HotTopic.objects.values_list("title", flat=True))
    created = 0
    for title, concern, response, days_ago, state in HOT_TOPICS:
        if title in existing:
            continue
        opened = today - timedelta(days=days_ago)
        topic = watch.open_hot_topic(
            actor=None, title=title, concern=concern, owner=loader.users["reviewer"], on=opened
        )
        if state == "published":
            topic = watch.edit_hot_topic(actor=None, topic=topic, response=response)
            topic = watch.take_step(actor=None, topic=topic, step="draft", on=opened)
            watch.take_step(actor=None, topic=topic, step="publish", on=opened + timedelta(days=3))
        created += 1
    return created


# ------------------------------------------------- complaints about the registered sources

# The cases about a factory's smoke, odour, waste water or noise (标准 categories).
INDUSTRIAL_CATEGORIES = ("air", "water", "noise")
# Of those with findings, the share staff linked to the enterprise on the register (the
# rest were recorded before the link existed or named the firm too vaguely).
LINKED_SHARE = 0.8
LINKED_TEXT_FIELDS = (
    "title",
    "description",
    "enterprise",
    "address",
    "findings",
    "measures",
    "penalties",
    "reply",
    "public_summary",
    "public_reply",
)


def _register_match(district: str, industry: str, register: list[Any]) -> list[Any]:
    """The enterprises on the register in ``district`` of the trade ``industry`` (its
    first two characters in their name or industry)."""
    return [
        e
        for e in register
        if e.district is not None
        and e.district.name == district
        and (industry[:2] in e.name or industry[:2] in e.industry_name)
    ]


def link_enterprises() -> dict[str, int]:
    """Link the demo's industrial complaints (air, water, noise from a named company, with
    findings recorded) to an enterprise of the sources demo in the same district and
    trade, as staff do with the findings: about four in five of them, chosen by the case
    number (deterministic). The register knows other names than the complaints demo, so
    a linked case's texts (and its timeline's notes) name the enterprise it is linked
    to, and its findings event records the link. Written in bulk like the history (no
    audit entries); a linked case is left alone, so loading again changes nothing.
    Returns the cases linked and the enterprises they went to."""
    from zlib import crc32

    from lantian.sources import selectors as sources_selectors

    register = list(sources_selectors.enterprises())
    trades = {name: (district, industry) for name, district, industry in COMPANIES}
    found = (
        Complaint.objects.filter(
            linked_enterprise__isnull=True,
            category__code__in=INDUSTRIAL_CATEGORIES,
            enterprise__in=list(trades),
            penalty_item__isnull=True,
            eia_item__isnull=True,
        )
        .exclude(substantiated="")
        .order_by("pk")
    )
    linked: dict[int, tuple[Complaint, str]] = {}  # pk → (case, the name it said)
    for c in found if register else ():
        key = c.case_no.encode()
        if crc32(key) % 100 >= LINKED_SHARE * 100:
            continue
        candidates = _register_match(*trades[c.enterprise], register)
        if not candidates:
            continue  # not a key unit: nothing on the register to link
        target, said = candidates[crc32(key[::-1]) % len(candidates)], c.enterprise
        for name in LINKED_TEXT_FIELDS:
            setattr(c, name, getattr(c, name).replace(said, target.name))
        c.linked_enterprise = target
        linked[c.pk] = (c, said)
    events = []
    pks = list(linked)
    for start in range(0, len(pks), 900):  # stay under SQLite's variable limit
        for event in ComplaintEvent.objects.filter(complaint_id__in=pks[start : start + 900]):
            c, said = linked[event.complaint_id]
            code = c.linked_enterprise.credit_code
            if event.kind == services.Step.FINDINGS:  # as if linked with the findings
                changes = {**event.data.get("changes", {}), "linked_enterprise": [None, code]}
                event.data = {**event.data, "linked_enterprise": code, "changes": changes}
            elif said not in event.note:
                continue
            event.note = event.note.replace(said, c.linked_enterprise.name)
            events.append(event)
    cases = [c for c, _said in linked.values()]
    with transaction.atomic():
        Complaint.objects.bulk_update(cases, [*LINKED_TEXT_FIELDS, "linked_enterprise"], 500)
        ComplaintEvent.objects.bulk_update(events, ["note", "data"], 500)
    return {"cases": len(cases), "enterprises": len({c.linked_enterprise_id for c in cases})}
