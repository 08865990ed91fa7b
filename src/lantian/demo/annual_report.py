"""Demo: the last full year's annual report on government information disclosure — the
office's narrative of sections 一 and 五 (section 六 keeps the default written from the
fees) — published at once, as a system loader, in the 政府信息公开工作年度报告 category.

Loaded after the data the report counts (disclosure items, FOI cases, penalties, EIA
decisions). Kept apart from the bulletin's demo (demo/reports.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils import timezone

from lantian.reports import annual_services
from lantian.reports.models import AnnualReportText

# The bureau's own words (official prose, data): figures come from the placeholders.
OVERVIEW = "\n".join(
    [
        "{year}年，示范市生态环境局坚持以公开为常态、不公开为例外，围绕空气质量、水环境质量、"
        "建设项目环评审批、污染源监管和行政执法等重点领域，依法做好政府信息公开工作。",
        "（一）主动公开。全年通过门户网站主动公开政府信息{published.website}条，通过政务微博、"
        "微信公众号等渠道发布{published.other_channels}条，每小时发布全市空气质量指数和首要"
        "污染物。制发行政规范性文件{table_2.normative_documents.issued}件，现行有效"
        "{table_2.normative_documents.in_force}件；公开建设项目环境影响评价审批决定"
        "{table_2.licensing.decisions}件、行政处罚决定{table_2.penalty.decisions}件。",
        "（二）依申请公开。全年新收政府信息公开申请{table_3.new.total}件，上年结转"
        "{table_3.carried_over.total}件，办结{table_3.results_total.total}件，结转下年度继续办理"
        "{table_3.carried_forward.total}件。严格执行受理、登记、承办、审核、答复、归档流程，"
        "各承办处室在内部期限内完成答复。",
        "（三）政府信息管理。按照政府信息公开目录逐项编制索引号，涉及敏感内容的信息发布前"
        "进行保密审查，逾期和临期事项在后台集中提示、逐条督办。",
        "（四）平台建设。门户网站整合信息公开、网上办事和政民互动，空气质量、环评审批、"
        "污染源监管和行政处罚等栏目及时更新。",
    ]
)
PROBLEMS = "\n".join(
    [
        "{year}年，本局政府信息公开工作仍存在一些不足：一是部分公开内容以结论性信息为主，"
        "过程性信息和细节公开不够；二是个别处室信息发布不够及时，全年超过公开时限发布的"
        "信息{published.late}条；三是工作人员业务水平参差不齐。",
        "改进措施：一是严格按照政府信息公开目录和时限要求发布信息，敏感信息发布前进行审查，"
        "发布后跟踪舆情；二是明确各处室公开职责，重要政策文件与政策解读同步发布，及时回应"
        "社会关切；三是加强业务培训，提升公开质量。",
    ]
)


def load_annual_report(
    *, today: date | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write and publish the last full year's report unless it is published already."""
    today = today or timezone.localdate()
    year = today.year - 1
    text = AnnualReportText.objects.filter(year=year).first()
    if text is not None and text.published_item_id is not None:
        return {"reports": 0}
    annual_services.save_text(actor=None, year=year, overview=OVERVIEW, problems=PROBLEMS)
    text = annual_services.publish(actor=None, year=year, on=today, review=False)
    if progress:
        progress(f"annual disclosure report {year} published: {text.published_item.index_no}")
    return {"reports": 1}
