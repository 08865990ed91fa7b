"""The demo bureau: 示范市生态环境局, its departments, staff and portal pages.

Deterministic: running it twice changes nothing. Writes only through the apps'
services, so every record it creates is in the audit log like a staff change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import Site

from lantian.complaints.services import save_routing_rule
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.core.services import save_department, save_staff_member
from lantian.portal.models import HomePage, SectionPage
from lantian.portal.services import ensure_site_structure, save_content_page, update_bureau_settings

BUREAU_NAME = "示范市生态环境局"
BUREAU_NAME_EN = "Demo City Ecology and Environment Bureau"
DEFAULT_PASSWORD = "lantian-demo-2026"

# code, name, English name, office phone
DEPARTMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("office", "办公室", "General Office", "0599-8812 0001"),
    ("legal", "法规与标准处", "Division of Laws, Regulations and Standards", "0599-8812 0002"),
    ("air", "大气环境处", "Division of Atmospheric Environment", "0599-8812 0003"),
    ("water", "水生态环境处", "Division of Water Ecology and Environment", "0599-8812 0004"),
    (
        "eia",
        "环境影响评价与排放管理处",
        "Division of Environmental Impact Assessment and Emission Management",
        "0599-8812 0005",
    ),
    (
        "enforcement",
        "生态环境执法支队",
        "Ecology and Environment Enforcement Brigade",
        "0599-12369",
    ),
    ("monitoring", "监测站", "Environmental Monitoring Station", "0599-8812 0007"),
)

# district (the air demo's districts) -> its branch bureau (分局): code, name, English name,
# phone. 属地管理: a complaint of BRANCH_CATEGORIES from a district goes to its branch
# (complaints routing, load_complaint_routing with districts).
BRANCHES: dict[str, tuple[str, str, str, str]] = {
    "东城区": ("dongcheng", "东城分局", "Dongcheng Branch", "0599-8813 1001"),
    "西湖区": ("xihu", "西湖分局", "Xihu Branch", "0599-8813 2001"),
    "南湖区": ("nanhu", "南湖分局", "Nanhu Branch", "0599-8813 3001"),
    "北山区": ("beishan", "北山分局", "Beishan Branch", "0599-8813 4001"),
    "高新区": ("gaoxin", "高新区分局", "High-Tech Zone Branch", "0599-8813 5001"),
    "港区": ("gangqu", "港区分局", "Port District Branch", "0599-8813 6001"),
}

# the complaint categories a district's branch handles on the spot (属地管理): noise and
# solid waste; the city's departments keep the rest (air, water, radiation …)
BRANCH_CATEGORIES: tuple[str, ...] = ("noise", "solid_waste")

# complaint category code (None: any) -> the department that handles it where no
# district rule applies: the enforcement brigade answers 12369 (the demo's complaint
# stories, lantian.demo.complaints, give their cases to these departments' staff).
COMPLAINT_ROUTES: tuple[tuple[str | None, str], ...] = (
    (None, "enforcement"),
    ("radiation", "monitoring"),
    ("other", "office"),
)


@dataclass(frozen=True)
class DemoStaff:
    username: str
    family_name: str
    given_name: str
    department: str
    role: Role
    title: str
    superuser: bool = False


STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("admin", "赵", "敏", "office", Role.ADMINISTRATOR, "信息中心主任", superuser=True),
    DemoStaff("editor", "张", "晓燕", "office", Role.EDITOR, "政务公开专员"),
    DemoStaff("reviewer", "李", "建国", "office", Role.REVIEWER, "办公室副主任"),
    DemoStaff("handler", "王", "丽", "legal", Role.CASE_HANDLER, "依申请公开承办人"),
    DemoStaff("head", "陈", "志强", "air", Role.DEPARTMENT_HEAD, "大气环境处处长"),
    DemoStaff("data", "刘", "洋", "monitoring", Role.DATA_MANAGER, "自动监测室工程师"),
)

HOME_INTRO = (
    "示范市生态环境局负责全市生态环境保护的统一监督管理。本网站依法公开政府信息，"
    "每小时发布空气质量，受理政府信息公开申请和环境问题举报。"
)
HOME_INTRO_EN = (
    "The Demo City Ecology and Environment Bureau supervises environmental protection "
    "across the city. This site discloses government information, publishes air quality "
    "every hour, and receives information requests and environmental complaints."
)

HOTLINE_BODY = """
<p>发现环境污染或者生态破坏问题，可以拨打12369环保举报热线，或通过本网站“政民互动”栏目在线举报。
请尽量写明污染发生的地点、时间、现象和污染单位名称，可以上传照片、视频。</p>
<p>本局对举报人的个人信息严格保密。举报件受理后，您可以凭查询码查询办理进度和结果。</p>
"""

HOTLINE_BODY_EN = """
<p>To report pollution or ecological damage, call the 12369 environmental hotline or use the
online form under “Interaction” on this site. Please say where and when the pollution happens,
what you see, hear or smell, and which unit causes it; you may upload photos and videos.</p>
<p>The bureau keeps the reporter's personal information strictly confidential. Once your
report is accepted, you can follow its handling and result with your tracking code.</p>
"""

AIR_BODY = """
<p>本市共设国控、省控和市控空气质量自动监测站点，每小时发布各站点和全市的空气质量指数（AQI）及首要污染物。
空气质量指数按照《环境空气质量指数（AQI）技术规定》计算，自2026年3月1日起执行HJ 633—2026。</p>
<p>空气质量指数分为六级：优、良、轻度污染、中度污染、重度污染和严重污染，级别越高，对健康的影响越大。</p>
"""

AIR_BODY_EN = """
<p>The city runs national, provincial and city automatic air-quality monitoring stations and
publishes the Air Quality Index (AQI) and the primary pollutant of each station and of the
whole city every hour. The AQI is calculated under the Technical Regulation on Ambient Air
Quality Index (AQI); HJ 633—2026 applies from 1 March 2026.</p>
<p>The AQI has six levels: excellent, good, lightly polluted, moderately polluted, heavily
polluted and severely polluted. The higher the level, the greater the effect on health.</p>
"""

# The paths of the FOI application form and tracking page (lantian.foi.urls, "foi:apply"
# and "foi:track"); a test follows every link of the demo pages.
FOI_GUIDE_BODY = (  # no line break inside a paragraph: it would show as a space
    '<p>申请人可以通过本网站<a href="/services/foi/apply/">在线提交政府信息公开申请</a>，'
    "应当提供姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，"
    "以及获取信息的方式、途径。</p>\n"
    '<p>本局按照法定时限答复。提交申请后，可以凭查询码<a href="/services/foi/track/">'
    "在线查询办理进度</a>。</p>"
)

FOI_GUIDE_BODY_EN = """
<p>You can <a href="/services/foi/apply/">apply for government information online</a> on
this site. An applicant gives their name or the organisation's name, proof of identity and
contact details, the title, document number or another description of the government
information sought that helps find it, and how they wish to receive it.</p>
<p>The bureau replies within the statutory periods. Once you have applied, you can
<a href="/services/foi/track/">follow the progress of your application online</a> with your
tracking code.</p>
"""

# section slug -> pages (slug, title, title_en, intro, intro_en, body, body_en)
PAGES: dict[str, tuple[tuple[str, str, str, str, str, str, str], ...]] = {
    "disclosure": (
        (
            "functions",
            "机构职能",
            "Functions and Organisation",
            "本局主要职责、内设机构和联系方式。",
            "The bureau's main functions, its divisions and how to contact them.",
            "<p>示范市生态环境局是市政府工作部门，内设办公室、法规与标准处、大气环境处、水生态环境处、"
            "环境影响评价与排放管理处，下设生态环境执法支队和监测站。</p>",
            "<p>The Demo City Ecology and Environment Bureau is a department of the city "
            "government. Its divisions are the General Office, the Division of Laws, Regulations "
            "and Standards, the Division of Atmospheric Environment, the Division of Water Ecology "
            "and Environment and the Division of Environmental Impact Assessment and Emission "
            "Management; the Ecology and Environment Enforcement Brigade and the Environmental "
            "Monitoring Station report to it.</p>",
        ),
    ),
    "environment": (
        (
            "air-quality-explained",
            "空气质量指数说明",
            "About the Air Quality Index",
            "空气质量指数的计算方法、分级和健康提示。",
            "How the Air Quality Index is calculated, its levels and health advice.",
            AIR_BODY,
            AIR_BODY_EN,
        ),
    ),
    "interaction": (
        (
            "hotline-12369",
            "12369环保举报须知",
            "Reporting Pollution: the 12369 Hotline",
            "举报渠道、需要提供的信息和办理时限。",
            "How to report, what to tell us and how long handling takes.",
            HOTLINE_BODY,
            HOTLINE_BODY_EN,
        ),
    ),
    "services": (
        (
            "foi-application",
            "政府信息公开申请办理指南",
            "How to Request Government Information",
            "在线申请、补正、延期和答复的规定时限。",
            "Applying online, supplements, extensions and the statutory reply periods.",
            FOI_GUIDE_BODY,
            FOI_GUIDE_BODY_EN,
        ),
    ),
}


def load_complaint_routing(
    departments: dict[str, Department] | None = None, *, districts: bool = False
) -> int:
    """The complaint routing rules by category and, with ``districts``, a rule for each
    of :data:`BRANCH_CATEGORIES` in each district that exists and has a branch, to that
    branch (属地管理; category and district is the most specific rule, so it wins). The
    air or complaints demo creates the districts, and the branches need staff of their
    own before cases go there. Idempotent. Returns how many rules were created or
    changed."""
    from lantian.air.models import District
    from lantian.complaints.models import Category, RoutingRule

    departments = departments or {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in Category.objects.all()}
    wanted: list[tuple[Category | None, District | None, Department]] = [
        (categories[code] if code else None, None, departments[department])
        for code, department in COMPLAINT_ROUTES
        if code is None or code in categories
    ]
    for district in District.objects.filter(name__in=BRANCHES) if districts else ():
        branch = departments[BRANCHES[district.name][0]]
        wanted += [
            (categories[code], district, branch) for code in BRANCH_CATEGORIES if code in categories
        ]
    changed = 0
    for category, district, department in wanted:
        rule = RoutingRule.objects.filter(category=category, district=district).first()
        if rule is None or rule.department_id != department.pk:
            save_routing_rule(
                actor=None, category=category, district=district, department=department
            )
            changed += 1
    return changed


def _sign_in_details(home: HomePage, password: str) -> dict[str, object]:
    return {
        "home": HomePage.objects.get(pk=home.pk),
        "logins": [(m.username, m.role.label) for m in STAFF],
        "password": password,
    }


def already_loaded(password: str) -> dict[str, object] | None:
    """What :func:`load` returns, without loading again, when the demo bureau's home page
    and every demo staff member are there; else None. Two queries: a test that starts
    from the loaded demo needs no refresh of it."""
    home = HomePage.objects.first()
    usernames = [member.username for member in STAFF]
    if home is None or get_user_model().objects.filter(username__in=usernames).count() < len(
        usernames
    ):
        return None
    return _sign_in_details(home, password)


def load(password: str | None = None) -> dict[str, object]:
    """Load (or refresh) the demo bureau; returns what a person needs to sign in."""
    password = password or os.environ.get("LANTIAN_DEMO_PASSWORD") or DEFAULT_PASSWORD
    actor = None
    departments = {}
    for order, (code, name, name_en, phone) in enumerate(DEPARTMENTS):
        departments[code] = save_department(
            actor=actor, code=code, name=name, name_en=name_en, phone=phone, sort_order=order
        )
    for order, (code, name, name_en, phone) in enumerate(BRANCHES.values(), start=20):
        departments[code] = save_department(
            actor=actor, code=code, name=name, name_en=name_en, phone=phone, sort_order=order
        )
    load_complaint_routing(departments)
    User = get_user_model()
    for member in STAFF:
        user = save_staff_member(
            actor=actor,
            username=member.username,
            family_name=member.family_name,
            given_name=member.given_name,
            email=f"{member.username}@sthjj.demo.gov.cn",
            department=departments[member.department],
            roles=[member.role],
            title=member.title,
            password=password,
        )
        if member.superuser and not user.is_superuser:
            User.objects.filter(pk=user.pk).update(is_superuser=True)

    home = ensure_site_structure(actor=actor, home_title=BUREAU_NAME, home_title_en=BUREAU_NAME_EN)
    if home.intro != HOME_INTRO:
        home.intro, home.intro_en = HOME_INTRO, HOME_INTRO_EN
        home.save_revision().publish()
    update_bureau_settings(
        actor=actor,
        site=Site.objects.get(is_default_site=True),
        bureau_name=BUREAU_NAME,
        bureau_name_en=BUREAU_NAME_EN,
        address="示范市政务中心路88号",
        address_en="88 Zhengwu Zhongxin Road, Demo City",
        postcode="599000",
        phone="0599-8812 0001",
        fax="0599-8812 0009",
        email="zwgk@sthjj.demo.gov.cn",
        office_hours="工作日 8:30—12:00，13:30—17:30",
        office_hours_en="Working days 8:30–12:00 and 13:30–17:30",
        icp_record="示ICP备20190001号-1",
        public_security_record="示公网安备59900002000123号",
        site_identifier="5990000012",
    )
    for section_slug, pages in PAGES.items():
        section = SectionPage.objects.child_of(home).get(slug=section_slug)
        for slug, title, title_en, intro, intro_en, body, body_en in pages:
            save_content_page(
                actor=actor,
                parent=section,
                slug=slug,
                title=title,
                title_en=title_en,
                intro=intro,
                intro_en=intro_en,
                body=body,
                body_en=body_en,
            )
    return _sign_in_details(home, password)
