"""The standard disclosure catalogue (政府信息公开目录) of a city ecology and environment
bureau, after 《生态环境领域基层政务公开标准指引》 (环办厅函〔2019〕672号).

Seeded by :func:`lantian.disclosure.services.ensure_catalogue`; administrators edit it
afterwards in the back office and the seed never overwrites their edits.

Time limits are working days from the information being formed or changed:
20 by default (《中华人民共和国政府信息公开条例》 Art. 26); 7 for licensing and penalty
decisions (国办发〔2018〕118号, 行政执法公示制度: 行政许可、行政处罚的执法决定信息
自作出之日起7个工作日内公开).
"""

from __future__ import annotations

from dataclasses import dataclass

ART_26 = (
    "《中华人民共和国政府信息公开条例》第二十六条；"
    "《生态环境领域基层政务公开标准指引》（环办厅函〔2019〕672号）"
)
# The category of the annual reports on government information disclosure (条例 Art. 49).
ANNUAL_REPORTS = "17"
DECISIONS_7 = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度"
    "重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    name_en: str
    department: str | None  # a department code of the demo bureau, or None
    legal_basis: str
    time_limit_days: int = 20


def _basis(article: str, extra: str = "") -> str:
    parts = [f"《中华人民共和国政府信息公开条例》{article}", extra, ART_26]
    return "；".join(part for part in parts if part)


# (一级 entry, its 二级 entries)
CATALOGUE: tuple[tuple[Entry, tuple[Entry, ...]], ...] = (
    (
        Entry(
            "01", "机构职能", "Organisation and functions", "office", _basis("第二十条第（二）项")
        ),
        (
            Entry("01.01", "机构职责", "Functions", "office", _basis("第二十条第（二）项")),
            Entry("01.02", "内设机构", "Internal units", "office", _basis("第二十条第（二）项")),
            Entry("01.03", "领导信息", "Leadership", "office", _basis("第二十条第（二）项")),
            Entry(
                "01.04",
                "联系方式",
                "Contacts and office hours",
                "office",
                _basis("第二十条第（二）项"),
            ),
        ),
    ),
    (
        Entry("02", "政策文件", "Policy documents", "legal", _basis("第二十条第（一）项")),
        (
            Entry(
                "02.01",
                "行政规范性文件",
                "Normative documents",
                "legal",
                _basis(
                    "第二十条第（一）项",
                    "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
                ),
            ),
            Entry("02.02", "其他文件", "Other documents", "office", _basis("第二十条第（一）项")),
            Entry(
                "02.03",
                "地方生态环境标准",
                "Local environmental standards",
                "legal",
                _basis("第二十条第（一）项", "《中华人民共和国标准化法》第二十条"),
            ),
        ),
    ),
    (
        Entry(
            "03",
            "政策解读",
            "Policy interpretations",
            "legal",
            _basis("第二十条第（一）项", "《国务院办公厅关于全面推进政务公开工作的意见》实施细则"),
        ),
        (
            Entry(
                "03.01",
                "文字解读",
                "Written interpretations",
                "legal",
                _basis("第二十条第（一）项"),
            ),
            Entry(
                "03.02",
                "图文解读",
                "Illustrated interpretations",
                "office",
                _basis("第二十条第（一）项"),
            ),
        ),
    ),
    (
        Entry("04", "规划计划", "Plans and programmes", "office", _basis("第二十条第（四）项")),
        (
            Entry(
                "04.01",
                "生态环境保护规划",
                "Environmental protection plans",
                "office",
                _basis("第二十条第（四）项"),
            ),
            Entry(
                "04.02", "年度工作计划", "Annual work plans", "office", _basis("第二十条第（四）项")
            ),
            Entry(
                "04.03",
                "重点工作进展",
                "Progress of key tasks",
                "office",
                _basis("第二十条第（四）项"),
            ),
        ),
    ),
    (
        Entry(
            "05",
            "环境质量",
            "Environmental quality",
            "monitoring",
            _basis("第二十条第（十三）项", "《中华人民共和国环境保护法》第五十四条"),
        ),
        (
            Entry(
                "05.01",
                "空气质量",
                "Air quality",
                "monitoring",
                _basis("第二十条第（十三）项", "《中华人民共和国大气污染防治法》第二十三条"),
            ),
            Entry(
                "05.02",
                "水环境质量",
                "Water quality",
                "water",
                _basis("第二十条第（十三）项", "《中华人民共和国水污染防治法》第二十五条"),
            ),
            Entry(
                "05.03",
                "环境质量公报",
                "State of the environment bulletins",
                "monitoring",
                _basis("第二十条第（十三）项", "《中华人民共和国环境保护法》第五十四条"),
            ),
            Entry(
                "05.04",
                "声环境质量",
                "Noise levels",
                "monitoring",
                _basis("第二十条第（十三）项", "《中华人民共和国噪声污染防治法》"),
            ),
        ),
    ),
    (
        Entry(
            "06",
            "环评审批",
            "EIA approvals",
            "eia",
            _basis("第二十条第（五）项", "《环境影响评价公众参与办法》"),
        ),
        (
            Entry(
                "06.01",
                "受理公示",
                "Acceptance notices",
                "eia",
                _basis("第二十条第（五）项", "《建设项目环境影响评价政府信息公开指南（试行）》"),
            ),
            Entry(
                "06.02",
                "拟批准公示",
                "Proposed approval notices",
                "eia",
                _basis("第二十条第（五）项", "《建设项目环境影响评价政府信息公开指南（试行）》"),
            ),
            Entry(
                "06.03",
                "审批决定",
                "Approval decisions",
                "eia",
                _basis("第二十条第（五）项", DECISIONS_7),
                7,
            ),
            Entry(
                "06.04",
                "验收信息",
                "Completion acceptance",
                "eia",
                _basis("第二十条第（五）项", "《建设项目竣工环境保护验收暂行办法》"),
            ),
        ),
    ),
    (
        Entry(
            "07",
            "排污许可",
            "Pollutant discharge permits",
            "eia",
            _basis("第二十条第（五）项", "《排污许可管理条例》"),
        ),
        (
            Entry(
                "07.01",
                "办事指南",
                "Service guides",
                "eia",
                _basis("第二十条第（五）项", "《排污许可管理条例》第二十三条"),
            ),
            Entry(
                "07.02",
                "许可决定",
                "Permit decisions",
                "eia",
                _basis("第二十条第（五）项", DECISIONS_7),
                7,
            ),
            Entry(
                "07.03",
                "注销和撤销",
                "Cancellations and revocations",
                "eia",
                _basis("第二十条第（五）项", DECISIONS_7),
                7,
            ),
        ),
    ),
    (
        Entry(
            "08",
            "监督执法",
            "Supervision and inspection",
            "enforcement",
            _basis("第二十条第（十三）项"),
        ),
        (
            Entry(
                "08.01",
                "重点排污单位名录",
                "Key pollutant-discharging units",
                "enforcement",
                _basis("第二十条第（十三）项", "《环境监管重点单位名录管理办法》"),
            ),
            Entry(
                "08.02",
                "执法检查计划",
                "Inspection plans",
                "enforcement",
                _basis(
                    "第二十条第（十三）项",
                    "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》",
                ),
            ),
            Entry(
                "08.03",
                "信访投诉办理",
                "Complaints handled",
                "enforcement",
                _basis("第二十条第（十三）项"),
            ),
            Entry(
                "08.04", "典型案例", "Typical cases", "enforcement", _basis("第二十条第（十三）项")
            ),
            Entry(
                "08.05",
                "污染源监督性监测",
                "Supervisory monitoring of pollution sources",
                "monitoring",
                _basis(
                    "第二十条第（十三）项",
                    "《国家重点监控企业污染源监督性监测及信息公开办法（试行）》",
                ),
            ),
        ),
    ),
    (
        Entry(
            "09",
            "行政处罚",
            "Administrative penalties",
            "enforcement",
            _basis("第二十条第（六）项", "《中华人民共和国行政处罚法》第四十八条"),
        ),
        (
            Entry(
                "09.01",
                "处罚决定",
                "Penalty decisions",
                "enforcement",
                _basis("第二十条第（六）项", DECISIONS_7),
                7,
            ),
            Entry(
                "09.02",
                "双随机抽查结果",
                "Random inspection results",
                "enforcement",
                _basis("第二十条第（十三）项", DECISIONS_7),
            ),
            Entry(
                "09.03",
                "行政强制",
                "Compulsory measures",
                "enforcement",
                _basis("第二十条第（六）项", DECISIONS_7),
            ),
        ),
    ),
    (
        Entry(
            "10",
            "应急管理",
            "Emergency management",
            "office",
            _basis("第二十条第（十二）项", "《中华人民共和国突发事件应对法》"),
        ),
        (
            Entry("10.01", "应急预案", "Emergency plans", "office", _basis("第二十条第（十二）项")),
            Entry(
                "10.02",
                "突发环境事件",
                "Environmental emergencies",
                "enforcement",
                _basis("第二十条第（十二）项", "《突发环境事件信息报告办法》"),
            ),
            Entry(
                "10.03",
                "重污染天气预警",
                "Heavy pollution weather alerts",
                "air",
                _basis("第二十条第（十二）项", "《中华人民共和国大气污染防治法》第九十五条"),
            ),
        ),
    ),
    (
        Entry(
            "11",
            "财政资金",
            "Public finance",
            "office",
            _basis("第二十条第（七）项", "《中华人民共和国预算法》第十四条"),
        ),
        (
            Entry(
                "11.01",
                "部门预算",
                "Budgets",
                "office",
                _basis("第二十条第（七）项", "《中华人民共和国预算法》第十四条"),
            ),
            Entry(
                "11.02",
                "部门决算",
                "Final accounts",
                "office",
                _basis("第二十条第（七）项", "《中华人民共和国预算法》第十四条"),
            ),
            Entry(
                "11.03",
                "政府采购",
                "Government procurement",
                "office",
                _basis("第二十条第（九）项", "《中华人民共和国政府采购法》"),
            ),
            Entry("11.04", "专项资金", "Special funds", "office", _basis("第二十条第（七）项")),
        ),
    ),
    (
        Entry("12", "人事信息", "Personnel", "office", _basis("第二十条第（十五）项")),
        (
            Entry(
                "12.01",
                "人事任免",
                "Appointments and removals",
                "office",
                _basis("第二十条第（十五）项"),
            ),
            Entry("12.02", "招录招聘", "Recruitment", "office", _basis("第二十条第（十四）项")),
        ),
    ),
    (
        Entry(
            "13",
            "建议提案办理",
            "Replies to deputies and CPPCC members",
            "office",
            _basis(
                "第二十条",
                "《国务院办公厅关于做好全国人大代表建议和全国政协委员提案办理结果公开工作的通知》",
            ),
        ),
        (
            Entry(
                "13.01",
                "人大代表建议办理",
                "Replies to deputies' suggestions",
                "office",
                _basis("第二十条"),
            ),
            Entry(
                "13.02",
                "政协委员提案办理",
                "Replies to CPPCC proposals",
                "office",
                _basis("第二十条"),
            ),
        ),
    ),
    (Entry("14", "工作动态", "Work news", "office", _basis("第十九条")), ()),
    (Entry("15", "通知公告", "Notices", "office", _basis("第十九条")), ()),
    (
        Entry(
            "16",
            "新闻发布会",
            "Press conferences",
            "office",
            _basis("第十九条", "《国务院办公厅关于全面推进政务公开工作的意见》"),
        ),
        (),
    ),
    (
        # 条例 Art. 49: a bureau publishes last year's report by 31 January; Art. 50 lists
        # what it contains; the tables follow 国办公开办函〔2021〕30号.
        Entry(
            ANNUAL_REPORTS,
            "政府信息公开工作年度报告",
            "Annual reports on government information disclosure",
            "office",
            _basis(
                "第四十九条、第五十条",
                "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
            ),
        ),
        (),
    ),
)


def entries() -> list[tuple[Entry, str | None]]:
    """Every entry with its parent's code, parents first, in catalogue order."""
    flat: list[tuple[Entry, str | None]] = []
    for parent, children in CATALOGUE:
        flat.append((parent, None))
        flat.extend((child, parent.code) for child in children)
    return flat
