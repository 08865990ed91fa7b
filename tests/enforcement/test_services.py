"""Penalty decisions, inspections, credit ratings and enterprise disclosure reports
through the services, on China's 2026 calendar (National Day 10-01..07, make-up working
Saturday 10-10)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lantian.core.models import Department
from lantian.disclosure.models import DisclosureItem
from lantian.enforcement import rating, selectors, services
from lantian.enforcement.models import CreditRating, DisclosureReport, Inspection, Penalty
from tests.enforcement.conftest import Plants

pytestmark = pytest.mark.django_db

D = date.fromisoformat
DECIDED = date(2026, 9, 30)  # the Wednesday before National Day
FACTS = "2026年9月12日，我局执法人员现场检查发现该单位1号机组脱硝设施未正常运行，氮氧化物超标排放。"
DECISION = (
    "示范市生态环境局\n行政处罚决定书\n{number}\n当事人：{offender}\n"
    "违法事实：" + FACTS + "\n处罚依据：《中华人民共和国大气污染防治法》第九十九条第（二）项。\n"
    "联系电话：13812345678"
)


def penalty(
    *,
    number: str = "示环罚〔2026〕101号",
    enterprise: Any = None,
    kind: str = Penalty.OffenderKind.ENTERPRISE,
    name: str = "",
    decided_on: date = DECIDED,
    types: tuple[str, ...] = ("fine",),
    fine: str = "200000",
    received_on: date | None = None,
) -> Penalty:
    return services.record_penalty(
        actor=None,
        document_number=number,
        enterprise=enterprise,
        offender_kind=kind,
        offender_name=name,
        facts=FACTS,
        legal_basis="《中华人民共和国大气污染防治法》第九十九条第（二）项",
        penalty_types=list(types),
        fine=Decimal(fine),
        decided_on=decided_on,
        received_on=received_on,
        decision_text=DECISION.format(number=number, offender=name or "示范热电有限公司"),
    )


def individual(number: str = "示环罚〔2026〕102号", **kwargs: Any) -> Penalty:
    return penalty(
        number=number,
        kind=Penalty.OffenderKind.INDIVIDUAL,
        name="张建国",
        types=("fine", "detention_referral"),
        fine="5000",
        **kwargs,
    )


# --------------------------------------------------------------------------- penalties


def test_a_penalty_is_recorded_audited_and_checked_on_the_calendar(plants: Plants) -> None:
    found = penalty(enterprise=plants.power)
    assert ModelLogEntry.objects.filter(object_id=str(found.pk), action="wagtail.create").exists()
    check = selectors.publication_check(found, today=D("2026-10-15"))
    assert check.due == D("2026-10-15")  # 10-08 … 10-10 (make-up Saturday) … 10-15
    assert check.working_days_taken == 7 and not check.late and not check.published
    assert selectors.publication_check(found, today=D("2026-10-16")).late  # still unpublished


def test_publication_is_refused_before_the_decision_and_only_once(plants: Plants) -> None:
    found = penalty(enterprise=plants.power)
    with pytest.raises(ValidationError) as refused:
        services.publish_penalty(actor=None, penalty=found, on=D("2026-09-29"))
    assert "published_on" in refused.value.message_dict
    services.publish_penalty(actor=None, penalty=found, on=D("2026-10-16"), to_disclosure=False)
    found.refresh_from_db()
    assert found.published_on == D("2026-10-16")
    check = selectors.publication_check(found, today=D("2026-12-01"))
    assert (check.working_days_taken, check.late) == (8, True)
    with pytest.raises(ValidationError):
        services.publish_penalty(actor=None, penalty=found, on=D("2026-10-17"))
    assert ModelLogEntry.objects.filter(
        object_id=str(found.pk), action=services.PENALTY_PUBLISHED
    ).exists()


def test_publication_drafts_the_full_text_as_a_disclosure_item_masked(plants: Plants) -> None:
    found = individual()
    services.publish_penalty(actor=None, penalty=found, on=D("2026-10-09"))
    found.refresh_from_db()
    item = DisclosureItem.objects.get(pk=found.disclosure_item_id)
    assert item.category.code == "09.01" and not item.live
    assert item.doc_number == found.document_number and item.formed_on == found.decided_on
    text = f"{item.title} {item.summary} {item.body}"
    assert "张建国" not in text and "13812345678" not in text
    assert "张**" in text and "脱硝设施" in item.body


def test_an_individuals_id_number_and_house_number_are_redacted_in_the_item(
    plants: Plants,
) -> None:
    found = individual()
    services.update_penalty(
        actor=None,
        penalty=found,
        decision_text=found.decision_text.replace(
            "当事人：张建国\n",
            "当事人：张建国，公民身份号码：330106198503121234，"
            "住址：示范市西湖区文三路88号2幢301室\n",
        )
        + "\n张建国于收到本决定书之日起十五日内缴纳罚款。",
    )
    services.publish_penalty(actor=None, penalty=found, on=D("2026-10-09"))
    found.refresh_from_db()
    item = DisclosureItem.objects.get(pk=found.disclosure_item_id)
    text = f"{item.title} {item.summary} {item.body}"
    for personal in ("张建国", "330106198503121234", "88号", "2幢", "301室", "13812345678"):
        assert personal not in text
    assert "示范市西湖区文三路****" in item.body and "张**于收到本决定书" in item.body
    assert "张建国" in found.decision_text  # the record itself keeps the full text


def test_an_enterprises_address_is_not_redacted(plants: Plants) -> None:
    found = penalty(enterprise=plants.power)
    services.update_penalty(
        actor=None,
        penalty=found,
        decision_text=found.decision_text + "\n地址：示范市港区滨海路88号",
    )
    services.publish_penalty(actor=None, penalty=found, on=D("2026-10-09"))
    found.refresh_from_db()
    assert "示范市港区滨海路88号" in found.disclosure_item.body


def test_a_revocation_needs_its_reason(plants: Plants) -> None:
    found = penalty(enterprise=plants.power)
    with pytest.raises(ValidationError) as refused:
        services.change_penalty_status(actor=None, penalty=found, status="revoked")
    assert "status_reason" in refused.value.message_dict
    services.change_penalty_status(
        actor=None, penalty=found, status="revoked", reason="行政复议决定撤销（示环复〔2026〕3号）"
    )
    found.refresh_from_db()
    assert found.status == Penalty.Status.REVOKED
    entry = ModelLogEntry.objects.get(
        object_id=str(found.pk), action=services.PENALTY_STATUS_CHANGED
    )
    assert entry.data["changes"]["status"] == ["executed", "revoked"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "enterprise"}, "enterprise"),
        ({"types": ()}, "penalty_types"),
        ({"types": ("fine", "flogging")}, "penalty_types"),
        ({"types": ("fine",), "fine": "0"}, "fine"),
        ({"types": ("warning",), "fine": "100"}, "fine"),
        ({"received_on": D("2026-09-01")}, "received_on"),
    ],
)
def test_bad_decisions_are_refused_naming_the_field(
    plants: Plants, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        penalty(**values)
    assert field in refused.value.message_dict
    assert not Penalty.objects.exists()


def test_an_individual_needs_a_name_and_no_enterprise(plants: Plants) -> None:
    with pytest.raises(ValidationError) as refused:
        penalty(kind="individual", enterprise=plants.power)
    assert "enterprise" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        penalty(kind="individual")
    assert "offender_name" in refused.value.message_dict


def test_the_weekly_list_is_by_publication_week(plants: Plants) -> None:
    first = penalty(enterprise=plants.power)
    second = penalty(number="示环罚〔2026〕103号", enterprise=plants.wwtp)
    services.publish_penalty(actor=None, penalty=first, on=D("2026-10-12"), to_disclosure=False)
    services.publish_penalty(actor=None, penalty=second, on=D("2026-10-19"), to_disclosure=False)
    assert date(2026, 10, 12).isocalendar()[:2] == (2026, 42)
    assert list(selectors.weekly_penalties(2026, 42)) == [first]
    assert list(selectors.weekly_penalties(2026, 43)) == [second]


def test_inspections_link_their_penalty(plants: Plants, demo: Any) -> None:
    brigade = Department.objects.get(code="enforcement")
    found = penalty(enterprise=plants.power)
    inspection = services.record_inspection(
        actor=None,
        enterprise=plants.power,
        inspected_on=D("2026-09-12"),
        kind=Inspection.Kind.DOUBLE_RANDOM,
        department=brigade,
        findings="脱硝设施未正常运行",
        result=Inspection.Result.CASE_OPENED,
        penalty=found,
    )
    assert list(found.inspections.all()) == [inspection]
    with pytest.raises(ValidationError) as refused:
        services.record_inspection(
            actor=None,
            enterprise=plants.wwtp,
            inspected_on=D("2026-09-12"),
            kind=Inspection.Kind.ROUTINE,
            findings="",
            result=Inspection.Result.CASE_OPENED,
            penalty=found,
        )
    assert {"findings", "penalty"} <= set(refused.value.message_dict)


# --------------------------------------------------------------------------- reports


def test_a_penalty_opens_the_adhoc_report_due_in_5_working_days(plants: Plants) -> None:
    found = penalty(enterprise=plants.power)
    report = DisclosureReport.objects.get(penalty=found)
    assert report.kind == "adhoc" and report.enterprise == plants.power
    assert (report.trigger_document, report.received_on) == (
        found.document_number,
        found.decided_on,
    )
    # 09-30 received: 10-08 1, 10-09 2, 10-10 (make-up Saturday) 3, 10-12 4, 10-13 5
    status = selectors.report_status(report, today=D("2026-10-13"))
    assert (status.check.due, status.status) == (D("2026-10-13"), "pending")
    assert selectors.report_status(report, today=D("2026-10-14")).status == "missing"
    assert [s.report for s in selectors.late_and_missing_reports(D("2026-10-14"))] == [report]
    # a later receipt moves the due date while nothing is submitted
    services.update_penalty(actor=None, penalty=found, received_on=D("2026-10-09"))
    report.refresh_from_db()
    # 10-09 received: 10-10 (make-up Saturday) 1, 10-12 2 … 10-15 5
    assert selectors.report_status(report, today=D("2026-10-14")).check.due == D("2026-10-15")
    services.submit_report(
        actor=None,
        report=report,
        content={"violations": "已缴纳罚款并完成整改"},
        submitted_on=D("2026-10-19"),
    )
    report.refresh_from_db()
    assert selectors.report_status(report, today=D("2026-12-01")).status == "late"


def test_a_penalty_on_an_individual_opens_no_report(plants: Plants) -> None:
    individual()
    assert not DisclosureReport.objects.exists()


def test_the_annual_report_is_due_on_15_march(plants: Plants) -> None:
    on_time, late, missing = services.open_annual_reports(
        actor=None, year=2025, enterprises=[plants.power, plants.wwtp, plants.other]
    )
    content = {code: f"{name}……" for code, name in selectors.REPORT_CATEGORIES}
    services.submit_report(
        actor=None, report=on_time, content=content, submitted_on=D("2026-03-15")
    )
    services.submit_report(actor=None, report=late, content=content, submitted_on=D("2026-03-16"))
    statuses = {
        r.enterprise_id: selectors.report_status(r, today=D("2026-03-20")).status
        for r in DisclosureReport.objects.all()
    }
    assert statuses == {
        plants.power.pk: "on_time",
        plants.wwtp.pk: "late",
        plants.other.pk: "missing",
    }
    before = selectors.report_status(missing, today=D("2026-03-15"))
    assert before.status == "pending"
    listed = selectors.late_and_missing_reports(D("2026-03-20"))
    assert [s.report.enterprise_id for s in listed] == [plants.other.pk, plants.wwtp.pk]
    # opening again keeps what was submitted
    services.open_annual_reports(actor=None, year=2025, enterprises=[plants.power])
    assert DisclosureReport.objects.get(pk=on_time.pk).submitted_on == D("2026-03-15")


def test_report_content_is_keyed_by_the_eight_categories(plants: Plants) -> None:
    assert selectors.report_categories()[0] == {"code": "basic", "name": "企业基本信息"}
    assert len(selectors.report_categories()) == 8
    (report,) = services.open_annual_reports(actor=None, year=2025, enterprises=[plants.power])
    with pytest.raises(ValidationError) as refused:
        services.submit_report(actor=None, report=report, content={"finance": "…"})
    assert "content" in refused.value.message_dict


# --------------------------------------------------------------------------- ratings


def scores(scheme: str, value: int) -> dict[str, dict[str, int]]:
    return {i.code: {"score": value} for i in rating.load_scheme(scheme).indicators}


def test_the_rating_is_stored_from_the_engine(plants: Plants) -> None:
    inputs = scores("national", 90)
    inputs["compliant_discharge"] = {"measured": 92.5, "source": "2025年监督性监测"}
    stored = services.rate_enterprise(
        actor=None, enterprise=plants.power, year=2025, scheme="national", inputs=inputs
    )
    expected = rating.rate(
        rating.load_scheme("national"),
        {k: rating.IndicatorInput(**v) for k, v in inputs.items()},
    )
    assert stored.score == expected.score and stored.level == expected.level.code == "blue"
    assert stored.colour == "#1565C0" and stored.complete and not stored.veto
    assert stored.inputs["compliant_discharge"]["source"] == "2025年监督性监测"


@pytest.mark.parametrize(
    ("scheme", "level", "colour"), [("national", "red", "#C62828"), ("jiangsu", "black", "#212121")]
)
def test_a_veto_forces_the_level_whatever_the_score(
    plants: Plants, scheme: str, level: str, colour: str
) -> None:
    stored = services.rate_enterprise(
        actor=None,
        enterprise=plants.power,
        year=2025,
        scheme=scheme,
        inputs=scores(scheme, 100),
        vetoes=["major_incident"],
    )
    assert (stored.level, stored.colour, stored.veto) == (level, colour, "major_incident")
    assert stored.score == Decimal("100.0")


def test_both_presets_rate_a_score_alike_and_jiangsu_has_black(plants: Plants) -> None:
    for year, scheme in ((2024, "national"), (2025, "jiangsu")):
        stored = services.rate_enterprise(
            actor=None, enterprise=plants.wwtp, year=year, scheme=scheme, inputs=scores(scheme, 96)
        )
        assert stored.level == "green"
    assert CreditRating.objects.filter(enterprise=plants.wwtp).count() == 2


def test_a_rating_with_missing_inputs_has_no_level_and_cannot_be_published(plants: Plants) -> None:
    stored = services.rate_enterprise(
        actor=None,
        enterprise=plants.other,
        year=2025,
        scheme="national",
        inputs={"noise": {"score": 90}},
    )
    assert (stored.complete, stored.score, stored.level) == (False, None, "")
    with pytest.raises(ValidationError):
        services.publish_rating(actor=None, credit_rating=stored, on=D("2026-05-01"))


def test_unknown_indicators_and_vetoes_are_refused(plants: Plants) -> None:
    for inputs, vetoes in (({"bribery": {"score": 1}}, []), (scores("national", 90), ["meteor"])):
        with pytest.raises(ValidationError) as refused:
            services.rate_enterprise(
                actor=None,
                enterprise=plants.power,
                year=2025,
                scheme="national",
                inputs=inputs,
                vetoes=vetoes,
            )
        assert "inputs" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.rate_enterprise(
            actor=None, enterprise=plants.power, year=2025, scheme="hainan", inputs={}
        )
    assert not CreditRating.objects.exists()


def test_objections_and_credit_repair(plants: Plants) -> None:
    stored = services.rate_enterprise(
        actor=None,
        enterprise=plants.power,
        year=2025,
        scheme="national",
        inputs=scores("national", 70),
    )
    assert stored.level == "yellow"
    objection = services.record_objection(
        actor=None, credit_rating=stored, received_on=D("2026-04-10"), text="噪声监测点位有误"
    )
    services.decide_objection(
        actor=None,
        objection=objection,
        outcome="rejected",
        decided_on=D("2026-04-20"),
        note="复核后维持原评价",
    )
    with pytest.raises(ValidationError):
        services.record_repair(
            actor=None,
            credit_rating=stored,
            repaired_on=D("2026-06-01"),
            measures="…",
            new_level="red",
        )
    services.record_repair(
        actor=None,
        credit_rating=stored,
        repaired_on=D("2026-06-01"),
        measures="完成整改并通过复查",
        new_level="blue",
    )
    assert selectors.current_level(stored) == "blue"
    assert ModelLogEntry.objects.filter(
        object_id=str(stored.pk), action=services.CREDIT_REPAIRED
    ).exists()


def test_without_the_catalogue_category_nothing_is_published(plants: Plants, settings: Any) -> None:
    settings.ENFORCEMENT_PENALTY_CATEGORY = "99.99"
    found = penalty(enterprise=plants.power)
    with pytest.raises(ValidationError) as refused:
        services.publish_penalty(actor=None, penalty=found, on=D("2026-10-09"))
    assert "99.99" in str(refused.value)
    found.refresh_from_db()
    assert found.published_on is None and found.disclosure_item_id is None
