# ruff: noqa: E501 — the guides' Chinese texts are kept whole, one condition a line
"""The demo bureau's 13 administrative approval items (行政审批事项) and their service
guides (办事指南): seven licences (EIA report book and report form approval, the EIA
document's re-examination, the pollutant discharge permit, the hazardous-waste
(collection) business licence, the radiation safety licence, the sewage outfall
review), four other administrative powers (EIA registration form filing, emergency plan
filing, the night-time construction certificate, credit repair) and two public services
(disclosure on application, the 12369 complaints line).

Twelve guides are complete and published; the credit-repair guide is a deliberately
incomplete draft (its materials lack their copies and form, its promised time limit,
the relief and the consultation contact are missing), so the completeness report has
something to show. Each application form has a blank template and a filled-in sample
(DOCX, made here). Written through :mod:`lantian.approvals.services`; loading again adds
nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from lantian.approvals import selectors, services

Progress = Callable[[str], None]
BUREAU = "示范市生态环境局"
INCOMPLETE_CODE = "SFS-QT-0004"

COMMON: dict[str, Any] = {
    "authority": BUREAU,
    "office_address": "示范市人民路100号示范市政务服务中心三楼生态环境窗口（C区12—15号）",
    "office_hours": "周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
    "phone": "0999-86601234",
    "online_url": "https://zwfw.sfs.demo.gov.cn/sthjj/",
    "consultation": "窗口咨询；电话 0999-86601234；示范市政务服务网“我要咨询”栏目",
    "complaint": "示范市生态环境局法规与标准处 0999-86602345；12345政务服务便民热线",
    "review_days": 60,
    "litigation_months": 6,
}
FREE = {"free": True, "fee_amount": "", "fee_basis": ""}
LICENCE_FORM = "申请表"


def _law(law: str, article: str) -> dict[str, str]:
    return {"law": law, "article": article}


EIA_LAW = "《中华人民共和国环境影响评价法》"
EIA_REGS = "《建设项目环境保护管理条例》"
ADMIN_LICENSING = "《中华人民共和国行政许可法》"

EIA_STEPS = [
    {"name": "申请", "description": "建设单位通过政务服务网或窗口提交申请材料"},
    {"name": "受理", "description": "材料齐全、符合法定形式的当场受理；不齐全的一次性告知补正"},
    {"name": "受理公示", "description": "在局门户网站公示环境影响评价文件全文，不少于10个工作日"},
    {"name": "技术评估", "description": "组织专家技术评估（不计入审批时限）"},
    {"name": "拟审批公示", "description": "公示拟作出的审批意见，不少于5个工作日"},
    {"name": "审查决定", "description": "作出批准或者不予批准的决定"},
    {"name": "送达与公开", "description": "送达批复文件，并在7个工作日内公开审批决定"},
]


def _material(name: str, **values: Any) -> dict[str, Any]:
    return {"name": name, "form": "both", "copies": 1, "original": "original", **values}


def _eia_materials(document: str) -> list[dict[str, Any]]:
    return [
        _material(f"建设项目环境影响{document}审批申请表", fill_in=True),
        _material(f"建设项目环境影响{document}（全本）", copies=2),
        _material(
            f"删除涉及国家秘密、商业秘密等内容的{document}公开版本及删除依据说明",
            form="electronic",
        ),
        _material("建设单位营业执照或统一社会信用代码证书", original="copy"),
        _material(
            "建设项目公众参与说明",
            required=False,
            condition="编制环境影响报告书的建设项目",
        ),
        _material(
            "项目所在地规划、国土等相关部门意见",
            original="copy",
            required=False,
            condition="法律法规规定需取得相关部门意见的",
        ),
    ]


ITEMS: list[dict[str, Any]] = [
    {
        "code": "SFS-XK-0001",
        "name": "建设项目环境影响报告书审批",
        "kind": "licensing",
        "legal_basis": [
            _law(EIA_LAW, "第二十二条"),
            _law(EIA_REGS, "第九条"),
            _law("《环境影响评价公众参与办法》", "第二十三条、第二十四条"),
        ],
        "conditions": (
            "1. 建设项目类型及其选址、布局、规模等符合环境保护法律法规和相关法定规划；\n"
            "2. 所在区域环境质量满足国家或者地方环境质量标准，或者采取的措施能满足区域环境质量改善目标管理要求；\n"
            "3. 采取的污染防治措施能够确保污染物排放达到国家和地方排放标准；\n"
            "4. 环境影响报告书的基础资料数据真实，内容不存在重大缺陷、遗漏，环境影响评价结论明确、合理。"
        ),
        "steps": EIA_STEPS,
        "statutory_days": 60,
        "promised_days": 20,
        **FREE,
        "result_name": "建设项目环境影响报告书的批复",
        "validity": "自批准之日起超过五年方决定开工建设的，应当报原审批部门重新审核",
        "materials": _eia_materials("报告书"),
    },
    {
        "code": "SFS-XK-0002",
        "name": "建设项目环境影响报告表审批",
        "kind": "licensing",
        "legal_basis": [_law(EIA_LAW, "第二十二条"), _law(EIA_REGS, "第九条")],
        "conditions": (
            "1. 建设项目符合环境保护法律法规和相关法定规划；\n"
            "2. 采取的污染防治措施能够确保污染物排放达到国家和地方排放标准；\n"
            "3. 环境影响报告表的基础资料数据真实，评价结论明确、合理。"
        ),
        "steps": [s for s in EIA_STEPS if s["name"] != "受理公示"],
        "statutory_days": 30,
        "promised_days": 10,
        **FREE,
        "result_name": "建设项目环境影响报告表的批复",
        "validity": "自批准之日起超过五年方决定开工建设的，应当报原审批部门重新审核",
        "materials": _eia_materials("报告表")[:4],
    },
    {
        "code": "SFS-XK-0003",
        "name": "建设项目环境影响评价文件重新审核",
        "kind": "licensing",
        "legal_basis": [_law(EIA_LAW, "第二十四条第二款")],
        "conditions": "建设项目的环境影响评价文件自批准之日起超过五年，方决定该项目开工建设的。",
        "steps": [
            {"name": "申请", "description": "建设单位提交重新审核申请"},
            {"name": "受理", "description": "材料齐全的当场受理"},
            {"name": "审核", "description": "核实项目及周边环境变化情况"},
            {"name": "决定", "description": "书面通知建设单位审核意见"},
        ],
        "statutory_days": 10,
        "promised_days": 5,
        **FREE,
        "result_name": "建设项目环境影响评价文件重新审核意见",
        "validity": "长期有效",
        "materials": [
            _material("建设项目环境影响评价文件重新审核申请表", fill_in=True),
            _material("原环境影响评价文件及批复文件", original="copy"),
            _material("项目及周边环境现状变化情况说明"),
        ],
    },
    {
        "code": "SFS-XK-0004",
        "name": "排污许可证核发",
        "kind": "licensing",
        "legal_basis": [
            _law("《中华人民共和国环境保护法》", "第四十五条"),
            _law("《排污许可管理条例》", "第十一条、第十五条"),
        ],
        "conditions": (
            "1. 依法取得建设项目环境影响报告书（表）批准文件，或者已经办理环境影响登记表备案手续；\n"
            "2. 污染物排放符合污染物排放标准要求，重点污染物排放符合排污许可证申请与核发技术规范、"
            "环境影响报告书（表）批准文件、重点污染物排放总量控制要求；\n"
            "3. 采用污染防治设施可以达到许可排放浓度要求或者符合污染防治可行技术；\n"
            "4. 自行监测方案的监测点位、指标、频次等符合国家自行监测规范。"
        ),
        "steps": [
            {"name": "网上申请", "description": "通过全国排污许可证管理信息平台填报并提交"},
            {"name": "受理", "description": "5个工作日内作出受理或不予受理决定"},
            {"name": "技术审查", "description": "审查申请材料，必要时现场核查"},
            {"name": "决定", "description": "作出准予许可或者不予许可的决定"},
            {"name": "发证公开", "description": "颁发排污许可证并在平台公开"},
        ],
        "statutory_days": 20,
        "promised_days": 15,
        **FREE,
        "result_name": "排污许可证",
        "validity": "5年（延续申请应在有效期届满60日前提出）",
        "materials": [
            _material("排污许可证申请表", form="electronic", fill_in=True),
            _material("自行监测方案", form="electronic"),
            _material("由排污单位法定代表人或者主要负责人签字或者盖章的承诺书"),
            _material("排污单位有关排污口规范化的情况说明"),
            _material(
                "重点污染物排放总量控制指标来源说明",
                required=False,
                condition="新建、改建、扩建项目排放重点污染物的",
            ),
        ],
    },
    {
        "code": "SFS-XK-0005",
        "name": "危险废物经营许可证核发（收集类）",
        "kind": "licensing",
        "legal_basis": [
            _law("《中华人民共和国固体废物污染环境防治法》", "第八十条"),
            _law("《危险废物经营许可证管理办法》", "第五条、第十三条"),
        ],
        "conditions": (
            "1. 有防雨、防渗的运输工具；\n"
            "2. 有符合国家或者地方环境保护标准和安全要求的包装工具，中转和临时存放设施、设备以及贮存设施、设备；\n"
            "3. 有保证危险废物经营安全的规章制度、污染防治措施和事故应急救援措施。"
        ),
        "steps": [
            {"name": "申请", "description": "提交申请材料"},
            {"name": "受理", "description": "材料齐全的当场受理"},
            {"name": "现场核查", "description": "组织专家对经营设施进行现场核查"},
            {"name": "公示", "description": "拟发证情况公示10日"},
            {"name": "决定", "description": "作出准予许可或者不予许可的决定"},
            {"name": "发证", "description": "颁发危险废物经营许可证"},
        ],
        "statutory_days": 20,
        "promised_days": 15,
        **FREE,
        "result_name": "危险废物经营许可证（收集）",
        "validity": "3年",
        "materials": [
            _material("危险废物经营许可证申请书", fill_in=True),
            _material("法人营业执照", original="copy"),
            _material("运输工具、包装工具及贮存设施情况说明"),
            _material("危险废物经营安全规章制度、污染防治措施和事故应急救援措施"),
            _material("环境影响评价文件批复及竣工环境保护验收材料", original="copy"),
        ],
    },
    {
        "code": "SFS-XK-0006",
        "name": "辐射安全许可证核发（使用Ⅲ类射线装置）",
        "kind": "licensing",
        "legal_basis": [
            _law("《中华人民共和国放射性污染防治法》", "第二十八条"),
            _law("《放射性同位素与射线装置安全和防护条例》", "第五条、第七条"),
            _law("《放射性同位素与射线装置安全许可管理办法》", "第四条、第十六条"),
        ],
        "conditions": (
            "1. 设有专门的辐射安全与环境保护管理机构，或者至少有1名具有本科以上学历的技术人员专职负责；\n"
            "2. 从事辐射工作的人员通过辐射安全和防护专业知识及相关法律法规的培训和考核；\n"
            "3. 射线装置的使用场所有防止误操作、防止工作人员和公众受到意外照射的安全措施；\n"
            "4. 有健全的操作规程、岗位职责、辐射防护和安全保卫制度、设备检修维护制度、人员培训计划、"
            "监测方案和辐射事故应急措施。"
        ),
        "steps": [
            {"name": "申请", "description": "通过全国核技术利用辐射安全申报系统提交"},
            {"name": "受理", "description": "材料齐全的当场受理"},
            {"name": "审查", "description": "审查材料，必要时现场核查"},
            {"name": "决定", "description": "作出准予许可或者不予许可的决定"},
            {"name": "发证", "description": "颁发辐射安全许可证"},
        ],
        "statutory_days": 20,
        "promised_days": 10,
        **FREE,
        "result_name": "辐射安全许可证",
        "validity": "5年",
        "materials": [
            _material("辐射安全许可证申请表", fill_in=True),
            _material("企业法人营业执照或事业单位法人证书", original="copy"),
            _material("辐射安全管理机构设置文件及辐射工作人员培训考核合格证明", original="copy"),
            _material("射线装置使用场所辐射防护设施及监测报告"),
            _material("辐射事故应急预案及各项管理制度"),
        ],
    },
    {
        "code": "SFS-XK-0007",
        "name": "入河排污口设置审核",
        "kind": "licensing",
        "legal_basis": [
            _law("《中华人民共和国水污染防治法》", "第十九条"),
            _law("《中华人民共和国长江保护法》", "第四十九条"),
            _law("《入河入海排污口监督管理办法》", "第十一条"),
        ],
        "conditions": (
            "1. 排污口设置符合水功能区划、水环境功能区划和相关规划；\n"
            "2. 不在饮用水水源保护区、自然保护区核心区等禁止设置排污口的区域；\n"
            "3. 污水排放符合国家和地方污染物排放标准及重点水污染物排放总量控制要求。"
        ),
        "steps": [
            {"name": "申请", "description": "提交排污口设置申请及论证报告"},
            {"name": "受理", "description": "材料齐全的当场受理"},
            {"name": "技术审查", "description": "组织专家审查论证报告（不计入审批时限）"},
            {"name": "决定", "description": "作出同意或者不同意设置的决定"},
        ],
        "statutory_days": 20,
        "promised_days": 15,
        **FREE,
        "result_name": "入河排污口设置审核意见",
        "validity": "与主体工程环境影响评价文件批复一致",
        "materials": [
            _material("入河排污口设置申请书", fill_in=True),
            _material("入河排污口设置论证报告", copies=2),
            _material("建设项目环境影响评价文件批复", original="copy"),
        ],
    },
    {
        "code": "SFS-QT-0001",
        "name": "建设项目环境影响登记表备案",
        "kind": "other_power",
        "legal_basis": [
            _law(EIA_LAW, "第二十二条第三款"),
            _law("《建设项目环境影响登记表备案管理办法》", "第三条、第七条"),
        ],
        "conditions": "属于《建设项目环境影响评价分类管理名录》规定应当填报环境影响登记表的建设项目。",
        "steps": [
            {"name": "网上填报", "description": "在建设项目环境影响登记表备案系统填报"},
            {"name": "承诺", "description": "建设单位对填报内容的真实性作出承诺"},
            {"name": "备案", "description": "系统自动生成备案编号，即时办结"},
        ],
        "statutory_days": 1,
        "promised_days": 1,
        **FREE,
        "result_name": "建设项目环境影响登记表备案回执",
        "validity": "长期有效",
        "materials": [
            _material("建设项目环境影响登记表", form="electronic", fill_in=True),
        ],
    },
    {
        "code": "SFS-QT-0002",
        "name": "企业事业单位突发环境事件应急预案备案",
        "kind": "other_power",
        "legal_basis": [
            _law("《中华人民共和国突发事件应对法》", "第二十六条"),
            _law("《突发环境事件应急管理办法》", "第十三条"),
            _law("《企业事业单位突发环境事件应急预案备案管理办法（试行）》", "第十四条、第十五条"),
        ],
        "conditions": "企业结合环境应急预案实施情况，在环境应急预案签署发布之日起20个工作日内备案。",
        "steps": [
            {"name": "提交", "description": "提交备案材料"},
            {"name": "核对", "description": "对材料齐全性进行核对"},
            {"name": "备案", "description": "出具备案表并在局门户网站公开"},
        ],
        "statutory_days": 5,
        "promised_days": 3,
        **FREE,
        "result_name": "企业事业单位突发环境事件应急预案备案表",
        "validity": "3年（应急预案每三年至少修订一次）",
        "materials": [
            _material("突发环境事件应急预案备案表", fill_in=True),
            _material("环境应急预案及编制说明"),
            _material("环境风险评估报告"),
            _material("环境应急资源调查报告"),
            _material("环境应急预案评审意见"),
        ],
    },
    {
        "code": "SFS-QT-0003",
        "name": "夜间建筑施工作业证明",
        "kind": "other_power",
        "legal_basis": [_law("《中华人民共和国噪声污染防治法》", "第四十三条")],
        "conditions": (
            "因生产工艺上要求必须连续施工作业，或者因特殊需要必须连续施工作业的，"
            "且已制定噪声污染防治措施。"
        ),
        "steps": [
            {"name": "申请", "description": "施工单位提交申请"},
            {"name": "受理", "description": "材料齐全的当场受理"},
            {"name": "审核", "description": "核实连续施工的必要性及防治措施"},
            {
                "name": "出具证明",
                "description": "出具夜间施工作业证明，施工单位在施工现场公告附近居民",
            },
        ],
        "statutory_days": 3,
        "promised_days": 2,
        **FREE,
        "result_name": "夜间建筑施工作业证明",
        "validity": "证明载明的作业期限内有效",
        "materials": [
            _material("夜间施工作业申请表", fill_in=True),
            _material("连续施工作业必要性说明及相关证明材料"),
            _material("夜间施工噪声污染防治措施及公告附近居民的方案"),
        ],
    },
    {
        "code": "SFS-GG-0001",
        "name": "政府信息公开申请受理",
        "kind": "public_service",
        "legal_basis": [
            _law("《中华人民共和国政府信息公开条例》", "第二十七条、第三十三条"),
        ],
        "conditions": "公民、法人或者其他组织向本局申请获取本局制作或者保存的政府信息。",
        "steps": [
            {"name": "提出申请", "description": "通过网上、信函、传真或当面提交申请"},
            {"name": "登记受理", "description": "登记申请并出具收件回执"},
            {"name": "办理", "description": "检索、审查、必要时征求第三方意见"},
            {"name": "答复", "description": "自收到申请之日起20个工作日内答复"},
        ],
        "statutory_days": 20,
        "promised_days": 15,
        "free": False,
        "fee_amount": "一般不收费；申请数量、频次明显超过合理范围的，按件或按量收取信息处理费",
        "fee_basis": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "result_name": "政府信息公开申请答复书",
        "validity": "长期有效",
        "materials": [
            _material("政府信息公开申请表", fill_in=True),
            _material("申请人身份证明", original="copy"),
        ],
    },
    {
        "code": "SFS-GG-0002",
        "name": "生态环境问题举报受理（12369）",
        "kind": "public_service",
        "legal_basis": [
            _law("《中华人民共和国环境保护法》", "第五十七条"),
            _law("《环保举报热线工作管理办法》", "第四条、第十三条"),
        ],
        "conditions": "公民、法人或者其他组织发现污染环境和破坏生态的行为。",
        "steps": [
            {"name": "举报", "description": "拨打12369、微信公众号或网上举报"},
            {"name": "受理", "description": "登记举报事项并告知查询编号"},
            {"name": "调查处理", "description": "转属地或执法支队现场调查"},
            {"name": "反馈", "description": "将办理结果反馈举报人并按规定公开"},
        ],
        "statutory_days": 60,
        "promised_days": 30,
        **FREE,
        "result_name": "举报办理结果告知",
        "validity": "长期有效",
        "materials": [
            _material("举报内容说明（时间、地点、污染情况）", form="electronic", fill_in=True),
            _material(
                "现场照片、视频等证据",
                form="electronic",
                required=False,
                condition="举报人掌握相关证据的",
            ),
        ],
    },
    {
        # the deliberately incomplete draft (see the module's docstring)
        "code": INCOMPLETE_CODE,
        "name": "企业环境信用修复",
        "kind": "other_power",
        "legal_basis": [_law("《企业环境信用评价办法（试行）》", "")],
        "conditions": "企业完成整改、在规定期限内未再发生环境违法行为，且被评为环保警示或不良企业已满一年。",
        "steps": [
            {"name": "申请", "description": "企业提交信用修复申请"},
            {"name": "核查", "description": "核查整改情况"},
            {"name": "决定", "description": "作出是否修复的决定并更新评价结果"},
        ],
        "statutory_days": 15,
        "promised_days": None,
        **FREE,
        "consultation": "",
        "review_days": None,
        "litigation_months": None,
        "result_name": "企业环境信用修复决定",
        "validity": "",
        "materials": [
            {"name": "企业环境信用修复申请书", "form": "", "copies": None, "original": "original"},
            {"name": "整改完成情况报告", "form": "paper", "copies": 1, "original": ""},
        ],
        "publish": False,
    },
]


def _docx(title: str, lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _files(code: str, order: int, name: str) -> dict[str, ContentFile]:
    fields = [
        "申请单位（盖章）：",
        "统一社会信用代码：",
        "法定代表人：",
        "联系人及电话：",
        "申请事项：",
    ]
    sample = [
        "申请单位（盖章）：示范市绿源化工有限公司",
        "统一社会信用代码：91000000MA00000001",
        "法定代表人：（签字）",
        "联系人及电话：（略）",
        f"申请事项：{name}",
    ]
    return {
        "template": ContentFile(_docx(name, fields), name=f"{code}-{order}-template.docx"),
        "sample": ContentFile(
            _docx(f"{name}（示范文本）", sample), name=f"{code}-{order}-sample.docx"
        ),
    }


def _load_item(spec: dict[str, Any]) -> bool:
    values = {**COMMON, **spec}
    code = values.pop("code")
    materials = values.pop("materials")
    publish = values.pop("publish", True)
    if selectors.items().filter(code=code).exists():
        return False
    item = services.create_item(actor=None, code=code, **values)
    for order, material in enumerate(materials, start=1):
        files = _files(code, order, material["name"]) if material.get("fill_in") else {}
        services.add_material(actor=None, item=item, order=order, **material, **files)
    if publish:
        services.publish_item(actor=None, item=item)
    return True


def load(*, progress: Progress | None = None) -> dict[str, int]:
    """Load the 13 approval items (idempotent: an item whose code exists is left alone)."""
    say = progress or (lambda _line: None)
    with transaction.atomic():
        added = sum(_load_item(spec) for spec in ITEMS)
    say(f"{added} approval items ({len(ITEMS)} in the demo)")
    return {"items": added}
