"""Compulsory measures (查封、扣押, 《环境保护法》第二十五条 and 原环境保护部令第29号): a
period of at most 30 days, one extension of at most 30 more, no lifting before the
decision; every write audited; the back office open to the enforcement brigade only
(anonymous visitors to the login, other roles 403 with nothing changed); and the count
of a year's decisions the annual report uses."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.enforcement import selectors, services
from lantian.enforcement.models import COMPULSORY_LEGAL_BASIS, CompulsoryMeasure
from tests.complaints.conftest import member, signed_in
from tests.enforcement.conftest import Plants

pytestmark = pytest.mark.django_db
DECIDED = date(2026, 9, 10)
FACILITIES = "1号机组脱硝设施旁路烟道及配套引风机"


def url(name: str, *args: Any) -> str:
    return reverse(f"enforcement_admin:{name}", args=args)


def measure(
    plants: Plants, number: str = "示环查封〔2026〕1号", **values: Any
) -> CompulsoryMeasure:
    fields: dict[str, Any] = {
        "enterprise": plants.power,
        "kind": CompulsoryMeasure.Kind.SEAL,
        "decided_on": DECIDED,
        "facilities": FACILITIES,
        "period_ends_on": DECIDED + timedelta(days=30),
    }
    fields.update(values)
    return services.record_compulsory_measure(actor=None, decision_number=number, **fields)


def refused_field(plants: Plants, **values: Any) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        measure(plants, **values)
    return set(caught.value.message_dict)


# --------------------------------------------------------------------------- validation


def test_a_period_of_30_days_is_allowed_31_is_not(plants: Plants) -> None:
    found = measure(plants)
    assert found.period_ends_on == date(2026, 10, 10)
    assert found.legal_basis == COMPULSORY_LEGAL_BASIS
    assert "第二十五条" in found.legal_basis
    assert refused_field(plants, number="2", period_ends_on=DECIDED + timedelta(days=31)) == {
        "period_ends_on"
    }
    assert refused_field(plants, number="3", period_ends_on=DECIDED) == {"period_ends_on"}
    assert CompulsoryMeasure.objects.count() == 1


def test_one_extension_of_at_most_30_days_with_its_reason(plants: Plants) -> None:
    ends = DECIDED + timedelta(days=30)
    reason = "案情复杂，需委托检测机构对设施运行数据进行鉴定，经局负责人批准延长"
    found = measure(plants, extended_to=ends + timedelta(days=30), extension_reason=reason)
    assert found.ends_on == date(2026, 11, 9)
    longer = {"extended_to": ends + timedelta(days=31), "extension_reason": reason}
    assert refused_field(plants, number="2", **longer) == {"extended_to"}
    assert refused_field(plants, number="3", extended_to=ends, extension_reason=reason) == {
        "extended_to"
    }
    assert refused_field(plants, number="4", extended_to=ends + timedelta(days=10)) == {
        "extension_reason"
    }
    assert refused_field(plants, number="5", extension_reason=reason) == {"extension_reason"}


def test_no_lifting_before_the_decision_and_no_number_twice(plants: Plants) -> None:
    assert refused_field(plants, lifted_on=DECIDED - timedelta(days=1)) == {"lifted_on"}
    found = measure(plants, lifted_on=DECIDED)
    assert found.lifted_on == DECIDED
    assert refused_field(plants, number=" 示环查封〔2026〕1号 ") == {"decision_number"}


def test_the_related_penalty_is_about_the_same_enterprise(plants: Plants) -> None:
    penalty = services.record_penalty(
        actor=None,
        document_number="示环罚〔2026〕150号",
        enterprise=plants.wwtp,
        offender_kind="enterprise",
        facts="超标排放水污染物",
        legal_basis="《中华人民共和国水污染防治法》第八十三条第（二）项",
        penalty_types=["fine"],
        fine=Decimal("100000"),
        decided_on=DECIDED,
        decision_text="行政处罚决定书全文。",
    )
    assert refused_field(plants, penalty=penalty) == {"penalty"}
    found = measure(plants, enterprise=plants.wwtp, penalty=penalty)
    assert list(penalty.compulsory_measures.all()) == [found]


# --------------------------------------------------------------------------- audit


def test_every_write_is_audited(plants: Plants, demo: Any) -> None:
    handler = member("enf-handler", "enforcement", Role.CASE_HANDLER, "吴", "刚")
    found = services.record_compulsory_measure(
        actor=handler,
        decision_number="示环扣押〔2026〕3号",
        enterprise=plants.other,
        kind=CompulsoryMeasure.Kind.SEIZE,
        decided_on=DECIDED,
        facilities="用于偷排废水的暗管及潜水泵2台",
        period_ends_on=DECIDED + timedelta(days=20),
    )
    created = ModelLogEntry.objects.for_instance(found).get(action="wagtail.create")
    assert created.user_id == handler.pk
    lifted = DECIDED + timedelta(days=15)
    services.update_compulsory_measure(actor=handler, measure=found, lifted_on=lifted)
    edit = ModelLogEntry.objects.for_instance(found).get(action="wagtail.edit")
    assert edit.data["changes"] == {"lifted_on": [None, lifted.isoformat()]}
    # nothing changed, nothing logged
    services.update_compulsory_measure(actor=handler, measure=found, lifted_on=lifted)
    assert ModelLogEntry.objects.for_instance(found).count() == 2
    with pytest.raises(TypeError):
        services.update_compulsory_measure(actor=handler, measure=found, decision_number="x")


# --------------------------------------------------------------------------- the count


def test_the_year_counts_decisions_made_in_it(plants: Plants) -> None:
    for n, day in enumerate([date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1)], 1):
        measure(
            plants,
            number=f"示环查封〔测试〕{n}号",
            decided_on=day,
            period_ends_on=day + timedelta(days=30),
        )
    assert selectors.compulsory_decisions(2024) == 0
    assert selectors.compulsory_decisions(2025) == 2
    assert selectors.compulsory_decisions(2026) == 1


# --------------------------------------------------------------------------- back office


@pytest.fixture
def brigade(demo: Any) -> dict[str, Any]:
    return {
        "handler": member("enf-handler", "enforcement", Role.CASE_HANDLER, "吴", "刚"),
        "head": member("enf-head", "enforcement", Role.DEPARTMENT_HEAD, "郑", "华"),
    }


def form(plants: Plants, **values: Any) -> dict[str, Any]:
    data = {
        "decision_number": "示环查封〔2026〕9号",
        "enterprise": plants.power.pk,
        "kind": "seal",
        "decided_on": "2026-09-10",
        "facilities": FACILITIES,
        "legal_basis": COMPULSORY_LEGAL_BASIS,
        "period_ends_on": "2026-10-10",
        "extended_to": "",
        "extension_reason": "",
        "lifted_on": "",
        "penalty": "",
    }
    data.update(values)
    return data


def test_anonymous_visitors_are_sent_to_the_login(plants: Plants) -> None:
    found = measure(plants)
    for path in (url("compulsory"), url("compulsory_add"), url("compulsory_edit", found.pk)):
        response = Client().get(path)
        assert response.status_code == 302, path
        assert reverse("wagtailadmin_login") in response["Location"]
    response = Client().post(url("compulsory_edit", found.pk), form(plants, lifted_on="2026-09-20"))
    assert response.status_code == 302
    assert Client().post(url("compulsory_add"), form(plants)).status_code == 302
    found.refresh_from_db()
    assert found.lifted_on is None and CompulsoryMeasure.objects.count() == 1


def test_roles_without_rights_are_refused(staff: dict[Role, Any], plants: Plants) -> None:
    found = measure(plants)
    for role in (
        Role.EDITOR,
        Role.REVIEWER,
        Role.CASE_HANDLER,
        Role.DEPARTMENT_HEAD,
        Role.DATA_MANAGER,
    ):
        client = signed_in(staff[role])
        for path in (url("compulsory"), url("compulsory_add"), url("compulsory_edit", found.pk)):
            assert client.get(path).status_code == 403, (role, path)
        edit = form(plants, decision_number=found.decision_number, lifted_on="2026-09-20")
        assert client.post(url("compulsory_edit", found.pk), edit).status_code == 403
        assert client.post(url("compulsory_add"), form(plants)).status_code == 403
    found.refresh_from_db()
    assert found.lifted_on is None and CompulsoryMeasure.objects.count() == 1
    assert ModelLogEntry.objects.for_instance(found).count() == 1


def test_a_handler_records_extends_and_lifts(brigade: dict[str, Any], plants: Plants) -> None:
    handler = brigade["handler"]
    client = signed_in(handler)
    assert client.get(url("compulsory_add")).status_code == 200
    refused = client.post(url("compulsory_add"), form(plants, period_ends_on="2026-10-11"))
    assert refused.status_code == 400
    assert "at most 30 days" in refused.content.decode()
    assert not CompulsoryMeasure.objects.exists()
    response = client.post(url("compulsory_add"), form(plants))
    assert response.status_code == 302 and response["Location"] == url("compulsory")
    found = CompulsoryMeasure.objects.get(decision_number="示环查封〔2026〕9号")
    assert ModelLogEntry.objects.for_instance(found).get(action="wagtail.create").user_id == (
        handler.pk
    )
    extended = form(
        plants,
        decision_number="篡改",
        extended_to="2026-11-09",
        extension_reason="案情复杂，经批准延长",
        lifted_on="2026-11-01",
    )
    assert client.post(url("compulsory_edit", found.pk), extended).status_code == 302
    found.refresh_from_db()
    assert found.decision_number == "示环查封〔2026〕9号"
    assert (found.extended_to, found.lifted_on) == (date(2026, 11, 9), date(2026, 11, 1))
    listing = client.get(url("compulsory"), {"year": "2026"})
    assert listing.status_code == 200 and "示环查封〔2026〕9号" in listing.content.decode()
    assert client.get(url("compulsory"), {"year": "2025"}).context["rows"] == []
    # the head sees the list too
    assert signed_in(brigade["head"]).get(url("compulsory")).status_code == 200
