"""A complaint linked to the enterprise it is about (issue 13, item 8): staff set the link
by credit code with the findings (an unknown code is refused, naming the field; the
change is in the audit log), the case page shows it, and the enterprise's public page
counts the complaints about it per year and lists the published replies — masked texts
only, never the complainant or an unpublished reply."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.complaints import blocks, services
from lantian.complaints.models import Complaint
from lantian.core.roles import Role
from lantian.sources.models import Enterprise
from tests.complaints.conftest import signed_in
from tests.sources import conftest as sources_fixtures
from tests.sources.conftest import POWER_PLANT, Plants

pytestmark = pytest.mark.django_db
plants = sources_fixtures.plants  # the sources tests' three enterprises

CODE = POWER_PLANT
# a complainant no public page may ever show
NAME, PHONE = "欧阳振华", "13800001111"
ADDRESS, EMAIL = "幸福路88号3栋", "zhenhua.ouyang@example.cn"


@pytest.fixture
def plant(plants: Plants) -> Enterprise:
    return plants.power  # 示范热电有限公司


@pytest.fixture
def other_plant(plants: Plants) -> Enterprise:
    return plants.wwtp  # 示范市城东污水处理厂


def page(enterprise: Enterprise) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/sources/enterprises/{enterprise.credit_code}/")
    assert response.status_code == 200
    return response.content.decode()


def post_findings(client: Client, complaint: Complaint, **fields: str) -> Any:
    case_url = reverse("complaints_admin:case", args=[complaint.pk])
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(case_url).content.decode()
    )
    assert token, "the case page has no form with a CSRF token"
    data = {
        "findings": "锅炉除尘设施布袋破损，颗粒物超标排放。",
        "substantiated": "yes",
        "measures": "责令立即停炉检修。",
        **fields,
    }
    return client.post(
        reverse("complaints_admin:act", args=[complaint.pk, "record_findings"]),
        {"csrfmiddlewaretoken": token.group(1)}
        | {f"record_findings-{key}": value for key, value in data.items()},
    )


def test_the_findings_form_links_the_enterprise_refuses_an_unknown_code_and_audits(
    case: Complaint, plant: Enterprise, staff: dict[Role, Any]
) -> None:
    client = signed_in(staff[Role.ADMINISTRATOR], language="en", csrf=True)
    unknown = post_findings(client, case, linked_enterprise="91320500MA0000000X")
    assert unknown.status_code == 400
    text = unknown.content.decode()
    assert "No enterprise on the register has the credit code 91320500MA0000000X." in text
    case.refresh_from_db()
    assert case.linked_enterprise is None and case.findings == ""

    linked = post_findings(client, case, linked_enterprise=" 91320500ma1xab1265 ")
    assert linked.status_code == 302
    case.refresh_from_db()
    assert case.linked_enterprise == plant
    entry = ModelLogEntry.objects.filter(
        action=services.AUDIT_ACTION, object_id=str(case.pk), data__step="findings"
    ).latest("pk")
    assert entry.data["linked_enterprise"] == CODE
    assert entry.data["changes"]["linked_enterprise"] == [None, CODE]
    assert entry.user == staff[Role.ADMINISTRATOR]

    html = client.get(reverse("complaints_admin:case", args=[case.pk])).content.decode()
    assert "Enterprise on the register" in html
    assert f'href="/sources/enterprises/{CODE}/"' in html and "示范热电有限公司" in html

    cleared = post_findings(client, case, linked_enterprise="")
    assert cleared.status_code == 302
    case.refresh_from_db()
    assert case.linked_enterprise is None
    entry = ModelLogEntry.objects.filter(
        action=services.AUDIT_ACTION, object_id=str(case.pk), data__step="findings"
    ).latest("pk")
    assert entry.data["changes"]["linked_enterprise"] == [CODE, None]


def test_a_handler_outside_the_case_cannot_link_it(
    case: Complaint, plant: Enterprise, water_handler: Any
) -> None:
    client = signed_in(water_handler, language="en")
    refused = client.post(
        reverse("complaints_admin:act", args=[case.pk, "record_findings"]),
        {"record_findings-linked_enterprise": CODE},
    )
    assert refused.status_code in (403, 404)
    case.refresh_from_db()
    assert case.linked_enterprise is None


def _answered(
    register: Callable[..., Complaint],
    actor: Any,
    enterprise: Enterprise,
    *,
    received_on: date,
    substantiated: str,
    reply: str,
    **overrides: Any,
) -> Complaint:
    complaint = register(received_on=received_on, agrees_to_publication=True, **overrides)
    services.accept(actor=actor, complaint=complaint, on=received_on)
    services.record_findings(
        actor=actor,
        complaint=complaint,
        findings="经现场核查，锅炉脱硫设施循环泵故障停运。",
        substantiated=substantiated,
        measures="责令限期修复治理设施。" if substantiated != "no" else "",
        linked_enterprise=enterprise,
        on=received_on,
    )
    return services.reply(actor=actor, complaint=complaint, text=reply, on=received_on)


def test_the_enterprise_page_counts_its_complaints_and_shows_only_published_masked_replies(
    register: Callable[..., Complaint],
    staff: dict[Role, Any],
    plant: Enterprise,
    other_plant: Enterprise,
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    personal = {"name": NAME, "phone": PHONE, "email": EMAIL, "contact_address": ADDRESS}
    published = _answered(
        register,
        admin,
        plant,
        received_on=date(2026, 3, 2),
        substantiated="yes",
        reply=f"{NAME}您好：经查属实，已责令整改。",
        **personal,
    )
    services.publish_reply(
        actor=admin,
        complaint=published,
        summary="反映示范热电有限公司烟囱冒黑烟。",
        reply="经查属实，已责令该公司停炉检修，整改完成后经监测达标。",
        on=date(2026, 3, 20),
    )
    _answered(  # answered but not published
        register,
        admin,
        plant,
        received_on=date(2026, 5, 6),
        substantiated="no",
        reply="未公开的答复：在线监测数据达标排放。",
        **personal,
    )
    open_case = register(received_on=date(2025, 11, 3), **personal)
    services.accept(actor=admin, complaint=open_case, on=date(2025, 11, 4))
    services.record_findings(
        actor=admin,
        complaint=open_case,
        findings="夜间排放刺鼻气体属实。",
        substantiated="partly",
        measures="责令整改。",
        linked_enterprise=plant,
        on=date(2025, 11, 10),
    )
    elsewhere = _answered(  # about the other enterprise: not counted here
        register,
        admin,
        other_plant,
        received_on=date(2026, 4, 1),
        substantiated="yes",
        reply="污水处理厂的答复。",
    )
    services.publish_reply(
        actor=admin,
        complaint=elsewhere,
        summary="污水处理厂出水发黑。",
        reply="污水处理厂已整改。",
        on=date(2026, 4, 20),
    )

    html = page(plant)
    assert "Complaints and reports" in html
    rows = re.findall(r"<tr><th scope=\"row\">(\d{4})</th>((?:<td>\d+</td>)+)</tr>", html)
    counts = {year: re.findall(r"\d+", cells) for year, cells in rows}
    assert counts["2026"] == ["2", "2", "1"]  # received, replied or closed, substantiated
    assert counts["2025"] == ["1", "0", "1"]  # still open, partly substantiated
    assert "经查属实，已责令该公司停炉检修" in html and "反映示范热电有限公司烟囱冒黑烟" in html
    assert reverse("complaints:reply", args=[published.pk]) in html
    assert "Date of reply: 2026-03-02" in html
    for secret in (NAME, PHONE, EMAIL, ADDRESS, "未公开的答复", "污水处理厂出水发黑"):
        assert secret not in html, secret
    assert "锅炉脱硫设施循环泵故障停运" not in html  # findings are not public

    (block,) = blocks.enterprise_blocks(plant, date(2026, 7, 1))
    newest = Complaint.objects.filter(linked_enterprise=plant).aggregate(m=Max("updated_at"))
    assert block.updated == newest["m"]


def test_the_enterprise_page_says_when_no_complaint_or_no_published_reply(
    register: Callable[..., Complaint],
    staff: dict[Role, Any],
    plant: Enterprise,
    other_plant: Enterprise,
) -> None:
    html = page(plant)
    assert "No complaint about this enterprise has been recorded." in html
    (block,) = blocks.enterprise_blocks(plant, date(2026, 7, 1))
    assert block.updated is None and block.context["years"] == []

    _answered(
        register,
        staff[Role.ADMINISTRATOR],
        other_plant,
        received_on=date(2026, 6, 1),
        substantiated="no",
        reply="未公开的答复。",
        name=NAME,
    )
    html = page(other_plant)
    assert "No reply about this enterprise has been published." in html
    assert NAME not in html and "未公开的答复" not in html
