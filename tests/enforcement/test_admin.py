"""The enforcement back office per role: the enforcement brigade's case handlers record
penalties and inspections, enter rating inputs and objections; its heads (and
administrators) also publish, change a decision's status, decide objections and record
repair; everyone else gets a 403 and anonymous visitors the login page. Every write goes
through the services and is in the audit log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core import admin_access
from lantian.core.roles import Role
from lantian.enforcement import rating, services
from lantian.enforcement.admin import access
from lantian.enforcement.models import CreditObjection, CreditRating, Inspection, Penalty
from tests.complaints.conftest import member, signed_in
from tests.enforcement.conftest import Plants

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
FACTS = "2026年9月12日，我局执法人员现场检查发现该单位1号机组脱硝设施未正常运行，氮氧化物超标排放。"
BASIS = "《中华人民共和国大气污染防治法》第九十九条第（二）项"


def url(name: str, *args: Any) -> str:
    return reverse(f"enforcement_admin:{name}", args=args)


@pytest.fixture
def brigade(demo: Any) -> dict[str, Any]:
    return {
        "handler": member("enf-handler", "enforcement", Role.CASE_HANDLER, "吴", "刚"),
        "head": member("enf-head", "enforcement", Role.DEPARTMENT_HEAD, "郑", "华"),
    }


@pytest.fixture
def decision(plants: Plants) -> Penalty:
    return services.record_penalty(
        actor=None,
        document_number="示环罚〔2026〕101号",
        enterprise=plants.power,
        offender_kind="enterprise",
        facts=FACTS,
        legal_basis=BASIS,
        penalty_types=["fine"],
        fine=Decimal("200000"),
        decided_on=date(2026, 9, 30),
        decision_text="示范市生态环境局\n行政处罚决定书\n" + FACTS,
    )


def test_role_matrix(staff: dict[Role, Any], brigade: dict[str, Any]) -> None:
    capabilities = {"view": access.can_view, "work": access.can_work, "decide": access.can_decide}
    expected = {
        "handler": (brigade["handler"], {"view", "work"}),
        "head": (brigade["head"], {"view", "work", "decide"}),
        "administrator": (staff[Role.ADMINISTRATOR], {"view", "work", "decide"}),
        "other handler": (staff[Role.CASE_HANDLER], set()),
        "other head": (staff[Role.DEPARTMENT_HEAD], set()),
        "data manager": (staff[Role.DATA_MANAGER], set()),
        "editor": (staff[Role.EDITOR], set()),
        "reviewer": (staff[Role.REVIEWER], set()),
    }
    for who, (user, allowed) in expected.items():
        assert {n for n, check in capabilities.items() if check(user)} == allowed, who


def test_anonymous_visitors_are_sent_to_the_login(decision: Penalty) -> None:
    for path in (
        url("penalties"),
        url("penalty", decision.pk),
        url("penalty_add"),
        url("inspections"),
        url("ratings"),
        url("rate"),
        url("reports"),
        url("late_reports"),
    ):
        response = Client().get(path)
        assert response.status_code == 302, path
        assert reverse("wagtailadmin_login") in response["Location"]


def test_roles_without_rights_are_refused(staff: dict[Role, Any], decision: Penalty) -> None:
    for role in (
        Role.EDITOR,
        Role.REVIEWER,
        Role.CASE_HANDLER,
        Role.DEPARTMENT_HEAD,
        Role.DATA_MANAGER,
    ):
        client = signed_in(staff[role])
        for path in (
            url("penalties"),
            url("penalty", decision.pk),
            url("inspections"),
            url("ratings"),
            url("reports"),
            url("late_reports"),
        ):
            assert client.get(path).status_code == 403, (role, path)
        assert client.post(url("penalty_publish", decision.pk)).status_code == 403
    decision.refresh_from_db()
    assert decision.published_on is None


def test_a_missing_object_is_a_404(brigade: dict[str, Any]) -> None:
    client = signed_in(brigade["handler"])
    assert client.get(url("penalty", 999999)).status_code == 404
    assert client.get(url("rating", 999999)).status_code == 404


def test_a_handler_records_and_corrects_a_decision(brigade: dict[str, Any], plants: Plants) -> None:
    handler = brigade["handler"]
    client = signed_in(handler)
    form = {
        "document_number": "示环罚〔2026〕120号",
        "enterprise": plants.power.pk,
        "offender_kind": "enterprise",
        "facts": FACTS,
        "legal_basis": BASIS,
        "penalty_types": ["warning"],
        "fine": "50000",
        "decided_on": "2026-10-12",
        "decision_text": "行政处罚决定书全文。",
    }
    refused = client.post(url("penalty_add"), form)
    assert refused.status_code == 400
    assert "no fine is among the penalty types" in refused.content.decode()
    form["penalty_types"] = ["warning", "fine"]
    response = client.post(url("penalty_add"), form)
    found = Penalty.objects.get(document_number="示环罚〔2026〕120号")
    assert response.status_code == 302 and response["Location"] == url("penalty", found.pk)
    assert ModelLogEntry.objects.for_instance(found).get(action="wagtail.create").user_id == (
        handler.pk
    )
    assert found.adhoc_reports.count() == 1  # the enterprise's ad-hoc obligation opened
    form.update({"fine": "80000", "document_number": "篡改"})
    assert client.post(url("penalty_edit", found.pk), form).status_code == 302
    found.refresh_from_db()
    assert (found.fine, found.document_number) == (Decimal("80000"), "示环罚〔2026〕120号")
    # a handler does not publish or change the status
    assert client.post(url("penalty_publish", found.pk)).status_code == 403
    assert client.post(url("penalty_status", found.pk), {"status": "revoked"}).status_code == 403
    page = client.get(url("penalty", found.pk))
    assert page.context["publish_form"] is None and page.context["status_form"] is None


@time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_the_head_publishes_and_changes_the_status(
    brigade: dict[str, Any], decision: Penalty
) -> None:
    head = brigade["head"]
    client = signed_in(head)
    page = client.get(url("penalties")).content.decode()
    assert "示环罚〔2026〕101号" in page and "Late" in page  # due 2026-10-15, unpublished
    assert client.post(url("penalty_publish", decision.pk), {"on": "2026-10-16"}).status_code == 302
    decision.refresh_from_db()
    assert decision.published_on == date(2026, 10, 16)
    assert decision.disclosure_item is not None and not decision.disclosure_item.live
    entry = ModelLogEntry.objects.for_instance(decision).get(action=services.PENALTY_PUBLISHED)
    assert entry.user_id == head.pk
    # published twice: refused with the reason, nothing changes
    again = client.post(url("penalty_publish", decision.pk), follow=True)
    assert "This decision was published on 2026-10-16." in again.content.decode()
    # a revocation needs its reason
    refused = client.post(url("penalty_status", decision.pk), {"status": "revoked"}, follow=True)
    assert "needs the reason for its revocation" in refused.content.decode()
    decision.refresh_from_db()
    assert decision.status == "executed"
    client.post(
        url("penalty_status", decision.pk), {"status": "revoked", "reason": "复议机关撤销。"}
    )
    decision.refresh_from_db()
    assert (decision.status, decision.status_reason) == ("revoked", "复议机关撤销。")
    assert (
        ModelLogEntry.objects.for_instance(decision)
        .filter(action=services.PENALTY_STATUS_CHANGED, user_id=head.pk)
        .exists()
    )


def test_csrf_is_enforced(brigade: dict[str, Any], decision: Penalty) -> None:
    strict = signed_in(brigade["head"], csrf=True)
    assert strict.post(url("penalty_publish", decision.pk)).status_code == 403
    decision.refresh_from_db()
    assert decision.published_on is None


def test_inspections(brigade: dict[str, Any], plants: Plants, decision: Penalty) -> None:
    client = signed_in(brigade["handler"])
    form = {
        "enterprise": plants.power.pk,
        "inspected_on": "2026-09-12",
        "kind": "double_random",
        "result": "case_opened",
        "penalty": decision.pk,
    }
    refused = client.post(url("inspection_add"), form)
    assert refused.status_code == 400 and refused.context["form"].errors["findings"]
    form["findings"] = "脱硝设施未正常运行。"
    assert client.post(url("inspection_add"), form).status_code == 302
    inspection = Inspection.objects.get()
    assert ModelLogEntry.objects.for_instance(inspection).exists()
    page = client.get(url("inspections")).content.decode()
    assert "示范热电有限公司" in page and url("penalty", decision.pk) in page
    form["result"] = "problems"
    assert client.post(url("inspection_edit", inspection.pk), form).status_code == 302
    inspection.refresh_from_db()
    assert inspection.result == "problems"


def _rating_form(scheme: str, value: int, **extra: Any) -> dict[str, Any]:
    form = {f"{i.code}__score": str(value) for i in rating.load_scheme(scheme).indicators}
    return {"scheme": scheme, **form, **extra}


def test_rating_objection_and_repair(
    brigade: dict[str, Any], staff: dict[Role, Any], plants: Plants
) -> None:
    handler, head = signed_in(brigade["handler"]), signed_in(brigade["head"])
    assert handler.get(url("rate") + "?scheme=jiangsu").status_code == 200
    response = handler.post(
        url("rate"), _rating_form("national", 70, enterprise=plants.power.pk, year=2025)
    )
    assert response.status_code == 302
    rated = CreditRating.objects.get(enterprise=plants.power, year=2025)
    assert rated.level and rated.score == Decimal("70.0") and not rated.published
    page = handler.get(url("rating", rated.pk))
    assert page.status_code == 200 and page.context["contributions"]
    # a handler does not publish; the head does
    assert handler.post(url("rating_publish", rated.pk)).status_code == 403
    assert head.post(url("rating_publish", rated.pk)).status_code == 302
    rated.refresh_from_db()
    assert rated.published
    # an objection recorded by the handler, decided by the head
    handler.post(
        url("objection_add", rated.pk), {"received_on": "2026-04-02", "text": "评分有误。"}
    )
    objection = CreditObjection.objects.get()
    assert handler.post(url("objection_decide", objection.pk), {}).status_code == 403
    head.post(
        url("objection_decide", objection.pk),
        {f"o{objection.pk}-outcome": "rejected", f"o{objection.pk}-decided_on": "2026-04-20",
         f"o{objection.pk}-note": "经复核，评分无误。"},
    )  # fmt: skip
    objection.refresh_from_db()
    assert objection.outcome == "rejected"
    # repair to a better level (the scheme's best)
    best = rating.load_scheme("national").levels[0].code
    head.post(
        url("repair_add", rated.pk),
        {"repaired_on": "2026-06-01", "measures": "完成整改。", "new_level": best},
    )
    assert rated.repairs.get().new_level == best
    assert (
        ModelLogEntry.objects.for_instance(rated).filter(action=services.CREDIT_REPAIRED).exists()
    )
    # an incomplete rating has no level and cannot be published
    partial = {"scheme": "national", "enterprise": plants.wwtp.pk, "year": 2025}
    assert handler.post(url("rate"), partial).status_code == 302
    incomplete = CreditRating.objects.get(enterprise=plants.wwtp, year=2025)
    response = head.post(url("rating_publish", incomplete.pk), follow=True)
    assert "This rating has no level yet" in response.content.decode()


@time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_reports_and_the_late_list(
    brigade: dict[str, Any], plants: Plants, decision: Penalty
) -> None:
    services.open_annual_reports(actor=None, year=2025, enterprises=[plants.wwtp])
    client = signed_in(brigade["handler"])
    page = client.get(url("late_reports"))
    assert page.status_code == 200
    rows = page.context["rows"]
    # the annual 2025 report (due 2026-03-15) and the ad-hoc report on the decision
    # (received 2026-09-30, due 5 working days after, across National Day) are missing
    assert {r["report"].enterprise_id for r in rows} == {plants.wwtp.pk, plants.power.pk}
    assert all(r["check"].missing for r in rows)
    html = page.content.decode()
    assert "Missing: overdue" in html and url("penalty", decision.pk) in html
    assert client.get(url("reports"), {"kind": "annual"}).context["rows"][0]["report"].year == 2025


def test_the_menu_and_the_doors_agree(staff: dict[Role, Any], brigade: dict[str, Any]) -> None:
    home = reverse("wagtailadmin_home")
    for user, shown in (
        (brigade["handler"], True),
        (brigade["head"], True),
        (staff[Role.ADMINISTRATOR], True),
        (staff[Role.DATA_MANAGER], False),
        (staff[Role.CASE_HANDLER], False),
        (staff[Role.EDITOR], False),
    ):
        html = signed_in(user).get(home).content.decode()
        for name in ("penalties", "inspections", "ratings", "reports", "late_reports"):
            assert (url(name) in html) is shown, (user, name)
            assert admin_access.allows(user, url(name)) is shown
            if shown:
                assert signed_in(user).get(url(name)).status_code == 200
