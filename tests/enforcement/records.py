"""A small enforcement record on the sources app's three enterprises, for the public
pages and the enterprise record: penalties (one on an individual, one late, one
unpublished, one revoked), inspections, ratings in both presets and disclosure reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from lantian.enforcement import rating, services
from lantian.enforcement.models import (
    REPORT_CATEGORY_CODES,
    CreditRating,
    DisclosureReport,
    Inspection,
    Penalty,
)

D = date.fromisoformat
INDIVIDUAL_NAME = "张建国"
INDIVIDUAL_PHONE = "13812345678"


def scores(scheme: str, score: float) -> dict[str, dict[str, float]]:
    return {i.code: {"score": score} for i in rating.load_scheme(scheme).indicators}


def decision(
    number: str,
    *,
    enterprise: Any = None,
    kind: str = Penalty.OffenderKind.ENTERPRISE,
    name: str = "",
    decided_on: date,
    published_on: date | None,
    types: tuple[str, ...] = ("fine",),
    fine: str = "100000",
) -> Penalty:
    offender = name or (enterprise.name if enterprise else "")
    found = services.record_penalty(
        actor=None,
        document_number=number,
        enterprise=enterprise,
        offender_kind=kind,
        offender_name=name,
        facts=f"{offender}未按规定运行污染防治设施，二氧化硫超标排放。",
        legal_basis="《中华人民共和国大气污染防治法》第九十九条第（二）项",
        penalty_types=list(types),
        fine=Decimal(fine),
        decided_on=decided_on,
        decision_text=(
            f"示范市生态环境局\n行政处罚决定书\n{number}\n当事人：{offender}\n"
            f"联系电话：{INDIVIDUAL_PHONE}\n违法事实：超标排放。"
        ),
    )
    if published_on:
        services.publish_penalty(actor=None, penalty=found, on=published_on, to_disclosure=False)
        found.refresh_from_db()
    return found


@dataclass
class Record:
    on_time: Penalty  # the power plant, published in 3 working days
    late: Penalty  # the waste-water plant, published after 10 working days
    person: Penalty  # an individual, masked
    unpublished: Penalty
    revoked: Penalty
    green: CreditRating
    black: CreditRating
    inspection: Inspection
    annual: DisclosureReport  # submitted on time


def make_record(plants: Any) -> Record:
    on_time = decision(
        "示环罚〔2026〕11号",
        enterprise=plants.power,
        decided_on=D("2026-03-02"),
        published_on=D("2026-03-05"),
        fine="200000",
    )
    late = decision(
        "示环罚〔2026〕12号",
        enterprise=plants.wwtp,
        decided_on=D("2026-03-02"),
        published_on=D("2026-03-16"),
        types=("fine", "production_restriction"),
    )
    person = decision(
        "示环罚〔2026〕13号",
        kind=Penalty.OffenderKind.INDIVIDUAL,
        name=INDIVIDUAL_NAME,
        decided_on=D("2026-03-09"),
        published_on=D("2026-03-10"),
        types=("fine", "detention_referral"),
        fine="5000",
    )
    unpublished = decision(
        "示环罚〔2026〕14号",
        enterprise=plants.other,
        decided_on=D("2026-03-20"),
        published_on=None,
        types=("warning",),
        fine="0",
    )
    revoked = decision(
        "示环罚〔2025〕90号",
        enterprise=plants.other,
        decided_on=D("2025-11-03"),
        published_on=D("2025-11-05"),
    )
    services.change_penalty_status(
        actor=None,
        penalty=revoked,
        status="revoked",
        reason="行政复议决定撤销（示环复〔2026〕1号）",
    )
    inspection = services.record_inspection(
        actor=None,
        enterprise=plants.power,
        inspected_on=D("2026-02-20"),
        kind=Inspection.Kind.DOUBLE_RANDOM,
        findings="1号机组脱硫设施未正常运行，二氧化硫超标。",
        result=Inspection.Result.CASE_OPENED,
        penalty=on_time,
    )
    services.record_inspection(  # more than five years ago: not on the enterprise page
        actor=None,
        enterprise=plants.power,
        inspected_on=D("2020-05-11"),
        kind=Inspection.Kind.ROUTINE,
        findings="",
        result=Inspection.Result.COMPLIANT,
    )
    green = services.rate_enterprise(
        actor=None, enterprise=plants.power, year=2025, scheme="national",
        inputs=scores("national", 98),
    )  # fmt: skip
    green = services.publish_rating(actor=None, credit_rating=green, on=D("2026-04-10"))
    black = services.rate_enterprise(
        actor=None, enterprise=plants.other, year=2025, scheme="jiangsu",
        inputs=scores("jiangsu", 70), vetoes=["evasive_discharge"],
    )  # fmt: skip
    black = services.publish_rating(actor=None, credit_rating=black, on=D("2026-04-10"))
    objection = services.record_objection(
        actor=None, credit_rating=black, received_on=D("2026-04-15"), text="对暗管认定有异议。"
    )
    services.decide_objection(
        actor=None, objection=objection, outcome="rejected", decided_on=D("2026-04-25"),
        note="现场勘验笔录证实暗管存在。",
    )  # fmt: skip
    services.record_repair(
        actor=None, credit_rating=black, repaired_on=D("2026-06-30"),
        measures="拆除暗管，完成整改并公开承诺。", new_level="red",
    )  # fmt: skip
    (annual, _wwtp_annual) = services.open_annual_reports(
        actor=None, year=2025, enterprises=[plants.power, plants.wwtp]
    )
    content = {code: f"{code} 2025年度内容" for code in REPORT_CATEGORY_CODES}
    content["basic"] = "示范热电有限公司，法定代表人：李四，联系电话：13900001111。"
    annual = services.submit_report(
        actor=None, report=annual, content=content, submitted_on=D("2026-03-10")
    )
    return Record(
        on_time, late, person, unpublished, revoked,
        CreditRating.objects.get(pk=green.pk), CreditRating.objects.get(pk=black.pk),
        inspection, annual,
    )  # fmt: skip
