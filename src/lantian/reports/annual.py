"""The complete annual report on government information disclosure of a year, in the
format of 国办公开办函〔2021〕30号: sections 一 to 六, table 二 from the catalogue's policy
items, the EIA decisions, the penalties and the FOI fees; tables 三 and 四 from
:mod:`lantian.reports.foi_annual`; the narrative of 一, 五 and 六 from
:class:`~lantian.reports.models.AnnualReportText`, or a default written from the figures.

Everything is one JSON-able document (:func:`build`) with stable keys, so the page, DOCX,
PDF and the command print the same thing, and a published report keeps the document it
was published with (``AnnualReportText.published_snapshot``).

Table 二, what each cell counts (docs: README "Annual disclosure report"):

* 规章 / 行政规范性文件: published disclosure items of the catalogue category named 规章
  (none in the standard catalogue: a municipal bureau makes no 规章) and of 02.01
  行政规范性文件 — 制发: formed in the year; 废止: repealed or expired in the year
  (``invalid_from``); 现行有效: formed by 31 December and valid then.
* 行政许可: EIA approval decisions (approved or not) made in the year. The approvals app
  catalogues the licensing items and their guides but records no decisions.
* 行政处罚: penalty decisions made in the year (revoked ones included: they were made).
* 行政强制: seal-up and seizure decisions (查封、扣押, 环境保护法 Art. 25) made in the year.
* 行政事业性收费: the 信息处理费 paid in the year, in 万元.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lantian.reports import foi_annual

SCHEMA = "lantian.reports.annual/1"
FORMAT = foi_annual.FORMAT
FEE_RULES = "国办函〔2020〕109号"

SECTION_TITLES: dict[str, str] = {
    "1": "一、总体情况",
    "2": "二、主动公开政府信息情况",
    "3": foi_annual.TABLE3_TITLE,
    "4": foi_annual.TABLE4_TITLE,
    "5": "五、存在的主要问题及改进情况",
    "6": "六、其他需要报告的事项",
}
# The sections staff write, and the AnnualReportText field of each.
TEXT_SECTIONS: dict[str, str] = {"1": "overview", "5": "problems", "6": "other_matters"}
TABLE_SECTIONS: dict[str, str] = {"2": "table_2", "3": "table_3", "4": "table_4"}

POLICY_ROWS = ("regulations", "normative_documents")
POLICY_COLUMNS = ("issued", "repealed", "in_force")
DECISION_ROWS = ("licensing", "penalty", "compulsory")

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+(?:\.[a-z0-9_]+)*)\}")


def title(bureau: str, year: int) -> str:
    return f"{bureau}{year}年政府信息公开工作年度报告"


def _amount_10k(yuan: Decimal) -> float:
    return float((Decimal(yuan) / 10000).quantize(Decimal("0.0001")))


def _table_2(year: int) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Table 二, where each cell comes from, and the problems of its data."""
    from lantian.disclosure import selectors as disclosure
    from lantian.eia import selectors as eia
    from lantian.enforcement import selectors as enforcement
    from lantian.foi import selectors as foi

    policies = disclosure.annual_report_policy_counts(year)
    previous = disclosure.annual_report_policy_counts(year - 1)
    fees = foi.annual_report_fees(year)
    table = {
        **{
            row: {column: policies[row][column] for column in POLICY_COLUMNS} for row in POLICY_ROWS
        },
        "licensing": {"decisions": eia.decisions_in_year(year)},
        "penalty": {"decisions": enforcement.penalties(year=year).count()},
        "compulsory": {"decisions": enforcement.compulsory_decisions(year)},
        "fees": {"amount_10k_yuan": _amount_10k(fees["amount_yuan"])},
    }
    sources = {
        "regulations": {
            "modelled": True,
            "source": "disclosure items of the catalogue category named 规章",
        },
        "normative_documents": {
            "modelled": True,
            "source": "disclosure items of catalogue category 02.01 and their validity",
        },
        "licensing": {"modelled": True, "source": "EIA approval decisions (eia)"},
        "penalty": {"modelled": True, "source": "penalty decisions (enforcement)"},
        "compulsory": {
            "modelled": True,
            "source": "seal-up and seizure decisions, 查封、扣押 (enforcement)",
        },
        "fees": {"modelled": True, "source": f"信息处理费 paid ({FEE_RULES}, foi)"},
    }
    problems = []
    for row in POLICY_ROWS:
        counts, before = policies[row], previous[row]
        if counts["undated"]:
            problems.append(
                {
                    "check": "validity_date",
                    "where": f"table_2.{row}",
                    "left": counts["undated"],
                    "right": 0,
                    "message": f"table 二 {row}: {counts['undated']} items are marked repealed "
                    "or expired without the date (invalid_from)",
                }
            )
        chained = before["in_force"] + counts["issued"] - counts["repealed"]
        if chained != counts["in_force"]:
            problems.append(
                {
                    "check": "in_force_chain",
                    "where": f"table_2.{row}",
                    "left": counts["in_force"],
                    "right": chained,
                    "message": f"table 二 {row}: 现行有效 {counts['in_force']} but last year's "
                    f"{before['in_force']} + 制发 {counts['issued']} − 废止 "
                    f"{counts['repealed']} = {chained}",
                }
            )
    fee_figures = {
        "notices": fees["notices"],
        "charged": fees["charged"],
        "amount_yuan": str(Decimal(fees["amount_yuan"]).quantize(Decimal("0.01"))),
    }
    return table, {"sources": sources, "fees": fee_figures}, problems


def _publication(year: int, today: date) -> dict[str, int]:
    from lantian.disclosure import selectors as disclosure

    start, end = date(year, 1, 1), date(year, 12, 31)
    statistics = disclosure.publication_statistics(start, end)
    timeliness = disclosure.timeliness_report(start=start, end=end, today=today)
    channels = {code: count for code, _label, count in statistics.by_channel}
    return {
        "total": statistics.total,
        "website": channels.get("website", 0),
        "other_channels": sum(n for code, n in channels.items() if code != "website"),
        "late": timeliness.total.published_late,
        "pending_late": timeliness.total.pending_late,
    }


def figures(doc: dict[str, Any]) -> dict[str, str]:
    """Every figure a narrative may name as ``{dotted.key}``, flattened from the document
    (``table_2.penalty.decisions``, ``table_3.new.total``, ``fees.amount_yuan`` …)."""
    flat: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int | float | str) and prefix.count("."):
            flat[prefix] = display(value)

    walk("table_2", doc["table_2"])
    table_3 = doc["table_3"]
    for row in ("new", "carried_over", "results_total", "carried_forward"):
        walk(f"table_3.{row}", table_3[row])
    walk("table_3.results", table_3["results"])
    for kind in foi_annual.REMEDY_KINDS:
        walk(f"table_4.{kind}", doc["table_4"][kind])
    walk("fees", doc["fees"])
    walk("published", doc["published"])
    flat["year"] = str(doc["year"])
    return flat


def display(value: Any) -> str:
    """A figure as printed: 万元 without trailing zeros (0.03, not 0.0300)."""
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def expand(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The text with each ``{key}`` replaced by its figure; unknown keys stay as written
    and are returned, so the editor can say which."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in values:
            return values[key]
        unknown.append(key)
        return match.group(0)

    return PLACEHOLDER.sub(replace, text or ""), unknown


# ---- default narratives: official prose written from the figures (data, not UI text)


FEE_MARK = "信息处理费"  # a section 六 that never names the fees gets the sentence first


def fee_sentence(doc: dict[str, Any]) -> str:
    """What section 六 says of the fees charged under 国办函〔2020〕109号 (placeholders)."""
    law = (
        f"依据《政府信息公开信息处理费管理办法》（{FEE_RULES}），"
        "本年度共发出收费通知{fees.notices}件，"
    )
    if doc["fees"]["charged"]:
        return law + "实际收取信息处理费{fees.charged}件，共计{fees.amount_yuan}元。"
    return law + "未实际收取信息处理费。"


def default_texts(doc: dict[str, Any]) -> dict[str, str]:
    """The default narrative of sections 一, 五 and 六, with placeholders."""
    remedies = sum(doc["table_4"][kind]["total"] for kind in foi_annual.REMEDY_KINDS)
    overview = [
        "{year}年，{bureau}深入贯彻《中华人民共和国政府信息公开条例》，按照政府信息公开目录"
        "和时限要求主动公开政府信息，依法办理政府信息公开申请，政府信息公开工作有序开展。",
        "（一）主动公开。全年通过门户网站主动公开政府信息{published.website}条，"
        "通过其他渠道发布{published.other_channels}条。"
        "制发行政规范性文件{table_2.normative_documents.issued}件、废止"
        "{table_2.normative_documents.repealed}件，现行有效"
        "{table_2.normative_documents.in_force}件；公开行政许可决定"
        "{table_2.licensing.decisions}件、行政处罚决定{table_2.penalty.decisions}件。",
        "（二）依申请公开。全年新收政府信息公开申请{table_3.new.total}件，上年结转"
        "{table_3.carried_over.total}件，办结{table_3.results_total.total}件，结转下年度"
        "继续办理{table_3.carried_forward.total}件。",
    ]
    overview.append(
        "（三）行政复议和行政诉讼。全年因政府信息公开引起行政复议"
        "{table_4.reconsideration.total}件、行政诉讼"
        + (
            "{table_4.litigation_direct.total}件（未经复议直接起诉）和"
            "{table_4.litigation_after.total}件（复议后起诉）。"
        )
        if remedies
        else "（三）行政复议和行政诉讼。全年未发生因政府信息公开引起的行政复议和行政诉讼。"
    )
    problems = [
        "{year}年，本局政府信息公开工作仍存在一些不足：一是部分公开内容以结论性信息为主，"
        "过程性信息和细节公开不够；二是个别处室信息发布不够及时"
        + ("，全年超过公开时限发布的信息{published.late}条" if doc["published"]["late"] else "")
        + "；三是工作人员业务水平参差不齐。",
        "改进措施：严格按照政府信息公开目录和时限要求发布信息，对逾期和临期事项逐条督办；"
        "明确各处室公开职责，重要政策文件与政策解读同步发布；加强业务培训，提升公开质量。",
    ]
    other = [fee_sentence(doc), "本年度无其他需要报告的事项。"]
    texts = {"1": overview, "5": problems, "6": other}
    return {
        key: "\n".join(line.replace("{bureau}", doc["bureau"]) for line in lines)
        for key, lines in texts.items()
    }


# ---- the document


def build(year: int, *, text: Any = None, today: date | None = None) -> dict[str, Any]:
    """The whole report of ``year`` as a JSON-able document; ``text`` is the year's
    :class:`AnnualReportText` (looked up when None)."""
    from lantian.reports.models import AnnualReportText

    today = today or timezone.localdate()
    if text is None:
        text = AnnualReportText.objects.filter(year=year).first()
    foi = foi_annual.foi_annual(year)
    foi_json = foi_annual.to_json(foi)
    table_2, extra, table_2_problems = _table_2(year)
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "format": FORMAT,
        "year": year,
        "bureau": foi.bureau,
        "title": title(foi.bureau, year),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "table_2": table_2,
        "table_2_sources": extra["sources"],
        "table_3": foi_json["table3"],
        "table_4": foi_json["table4"],
        "fees": extra["fees"],
        "published": _publication(year, today),
        "problems": [*foi_json["problems"], *table_2_problems],
    }
    doc["consistent"] = not doc["problems"]
    doc["sections"] = sections(doc, text)
    return doc


def sections(doc: dict[str, Any], text: Any) -> dict[str, dict[str, Any]]:
    """Sections "1"…"6": the text ones with their written (or default) narrative, the
    placeholders filled; the table ones naming their table's key."""
    values = figures(doc)
    defaults = default_texts(doc)
    out: dict[str, dict[str, Any]] = {}
    for key, heading in SECTION_TITLES.items():
        if key in TABLE_SECTIONS:
            out[key] = {"title": heading, "table": TABLE_SECTIONS[key]}
            continue
        written = (getattr(text, TEXT_SECTIONS[key], "") or "").strip() if text else ""
        if key == "6" and written and FEE_MARK not in written:
            written = f"{fee_sentence(doc)}\n{written}"
        body, unknown = expand(written or defaults[key], values)
        out[key] = {
            "title": heading,
            "text": body,
            "default": not written,
            "unknown_placeholders": unknown,
        }
    return out


def paragraphs(section: dict[str, Any]) -> list[str]:
    return [line.strip() for line in section.get("text", "").splitlines() if line.strip()]


def foi_report(doc: dict[str, Any]) -> foi_annual.AnnualReport:
    """Tables 三 and 四 of the document as foi_annual's report, for its layouts."""
    from lantian.foi import selectors

    t3, t4 = doc["table_3"], doc["table_4"]
    return foi_annual.AnnualReport(
        year=doc["year"],
        reply_types=selectors.reply_types(),
        new=t3["new"],
        carried_over=t3["carried_over"],
        results=t3["results"],
        results_total=t3["results_total"],
        carried_forward=t3["carried_forward"],
        remedies={kind: t4[kind] for kind in foi_annual.REMEDY_KINDS},
        bureau=doc["bureau"],
    )
