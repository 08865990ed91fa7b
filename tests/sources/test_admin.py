"""The pollution-source back office per role: the enforcement brigade keeps the register
and reviews exceedances, its heads send the key-unit list to publication, data managers
upload data and send the supervisory report, administrators do all and bind API keys;
everyone else gets a 403 and anonymous visitors the login page. Every write goes through
the services and is in the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core import admin_access
from lantian.core.roles import Role
from lantian.sources import services
from lantian.sources.admin import access
from lantian.sources.models import (
    Enterprise,
    ExceedanceEvent,
    KeyUnitList,
    MonitoringBatch,
    Permit,
    SupervisoryReport,
)
from tests.complaints.conftest import member, signed_in
from tests.sources.conftest import HEADER, POWER_PLANT, Plants

pytestmark = pytest.mark.django_db

NEW_CODE = "91350100M000100Y43"  # a valid credit code not in the fixtures
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name: str, *args: Any) -> str:
    return reverse(f"sources_admin:{name}", args=args)


@pytest.fixture
def brigade(demo: Any) -> dict[str, Any]:
    return {
        "handler": member("enf-handler", "enforcement", Role.CASE_HANDLER, "吴", "刚"),
        "head": member("enf-head", "enforcement", Role.DEPARTMENT_HEAD, "郑", "华"),
    }


@pytest.fixture
def event(plants: Plants) -> ExceedanceEvent:
    return ExceedanceEvent.objects.create(
        outlet=plants.stack,
        pollutant="a21026",
        start=datetime(2026, 5, 3, 1, tzinfo=UTC),
        end=datetime(2026, 5, 3, 4, tzinfo=UTC),
        periods=3,
        maximum=180.0,
        mean=150.0,
        limit=100.0,
        multiple=1.8,
        limit_source="GB 13223-2011 表1",
    )


def test_credit_code_check_needs_a_valid_fixture_code() -> None:
    from lantian.sources import creditcode

    assert creditcode.validate(NEW_CODE) is None


def test_role_matrix(staff: dict[Role, Any], brigade: dict[str, Any]) -> None:
    handler, head = brigade["handler"], brigade["head"]
    admin, data = staff[Role.ADMINISTRATOR], staff[Role.DATA_MANAGER]
    capabilities = {
        "view": access.can_view,
        "edit": access.can_edit,
        "review": access.can_review,
        "upload": access.can_upload,
        "publish_list": access.can_publish_list,
        "publish_report": access.can_publish_report,
        "bind": access.can_bind,
    }
    expected = {
        "handler": (handler, {"view", "edit", "review"}),
        "head": (head, {"view", "edit", "review", "publish_list"}),
        "data manager": (data, {"view", "upload", "publish_report"}),
        "administrator": (admin, set(capabilities)),
        # the demo's handler (法规与标准处) and head (大气环境处) are not the brigade
        "other handler": (staff[Role.CASE_HANDLER], set()),
        "other head": (staff[Role.DEPARTMENT_HEAD], set()),
        "editor": (staff[Role.EDITOR], set()),
        "reviewer": (staff[Role.REVIEWER], set()),
    }
    for who, (user, allowed) in expected.items():
        held = {name for name, check in capabilities.items() if check(user)}
        assert held == allowed, who


def test_anonymous_visitors_are_sent_to_the_login(plants: Plants, event: ExceedanceEvent) -> None:
    for path in (
        url("index"),
        url("enterprise", plants.power.pk),
        url("enterprise_add"),
        url("exceedances"),
        url("exceedance", event.pk),
        url("batches"),
        url("upload", "self-monitoring"),
        url("publications"),
    ):
        response = Client().get(path)
        assert response.status_code == 302, path
        assert reverse("wagtailadmin_login") in response["Location"]


def test_roles_without_rights_are_refused(
    staff: dict[Role, Any], plants: Plants, event: ExceedanceEvent
) -> None:
    for role in (Role.EDITOR, Role.REVIEWER, Role.CASE_HANDLER, Role.DEPARTMENT_HEAD):
        client = signed_in(staff[role])
        for path in (
            url("index"),
            url("enterprise", plants.power.pk),
            url("exceedance", event.pk),
            url("batches"),
            url("publications"),
        ):
            assert client.get(path).status_code == 403, (role, path)
        response = client.post(url("exceedance", event.pk), {"review": "dismissed", "note": "x"})
        assert response.status_code == 403
    event.refresh_from_db()
    assert event.review == ExceedanceEvent.Review.UNREVIEWED


def test_the_data_manager_sees_but_does_not_edit_or_review(
    staff: dict[Role, Any], plants: Plants, event: ExceedanceEvent
) -> None:
    client = signed_in(staff[Role.DATA_MANAGER])
    assert client.get(url("index")).status_code == 200
    assert client.get(url("enterprise", plants.power.pk)).status_code == 200
    assert client.get(url("enterprise_edit", plants.power.pk)).status_code == 403
    assert client.get(url("outlet_add", plants.power.pk)).status_code == 403
    page = client.get(url("exceedance", event.pk))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url("exceedance", event.pk), {"review": "confirmed"}).status_code == 403
    assert client.post(url("publish_list"), {"year": 2026}).status_code == 403
    assert client.get(url("key_bind", plants.power.pk)).status_code == 403


def test_the_list_searches_and_filters(brigade: dict[str, Any], plants: Plants) -> None:
    client = signed_in(brigade["handler"])
    page = client.get(url("index"), {"q": "热电"}).content.decode()
    assert "示范热电有限公司" in page and "示范市城东污水处理厂" not in page
    page = client.get(url("index"), {"q": POWER_PLANT.lower()}).content.decode()
    assert "示范热电有限公司" in page
    services.list_key_unit(
        actor=None, enterprise=plants.wwtp, year=2026, medium="water", level="city"
    )
    page = client.get(url("index"), {"year": "2026"}).content.decode()
    assert "示范市城东污水处理厂" in page and "示范热电有限公司" not in page
    suspended = client.get(url("index"), {"status": "suspended"})
    assert suspended.context["page"].paginator.count == 0


def test_an_enterprise_is_added_and_edited_through_the_service(
    brigade: dict[str, Any], plants: Plants
) -> None:
    client = signed_in(brigade["handler"])
    bad = client.post(
        url("enterprise_add"),
        {"credit_code": NEW_CODE[:-1] + "0", "name": "新厂", "address": "示范路1号",
         "status": "operating"},
    )  # fmt: skip
    assert bad.status_code == 400
    assert bad.context["form"].errors["credit_code"]
    assert "check character (the 18th) is wrong" in bad.content.decode()
    response = client.post(
        url("enterprise_add"),
        {"credit_code": NEW_CODE.lower(), "name": "示范新材料有限公司", "address": "示范路1号",
         "status": "operating", "standards": ["GB 13271-2014"]},
    )  # fmt: skip
    created = Enterprise.objects.get(credit_code=NEW_CODE)
    assert response.status_code == 302 and response["Location"] == url("enterprise", created.pk)
    assert created.standards == ["GB 13271-2014"]
    entry = ModelLogEntry.objects.for_instance(created).get(action="wagtail.create")
    assert entry.user_id == brigade["handler"].pk
    # the credit code is the key: an edit cannot change it
    response = client.post(
        url("enterprise_edit", created.pk),
        {"credit_code": POWER_PLANT, "name": "示范新材料股份有限公司", "address": "示范路1号",
         "status": "suspended"},
    )  # fmt: skip
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.credit_code, created.name, created.status) == (
        NEW_CODE,
        "示范新材料股份有限公司",
        "suspended",
    )
    assert ModelLogEntry.objects.for_instance(created).filter(action="wagtail.edit").exists()


def test_an_outlet_with_pollutants_and_permit_limits(
    brigade: dict[str, Any], plants: Plants
) -> None:
    client = signed_in(brigade["handler"])
    form = {
        "code": "DA002",
        "name": "2号锅炉",
        "kind": "gas",
        "standard": "GB 13223-2011",
        "profile": '{"unit_type": "coal_boiler", "built_on": "2014-01-01"}',
        "automatic": "on",
        "pollutants": "a21026 35\nw01018",
    }
    refused = client.post(url("outlet_add", plants.power.pk), form)
    assert refused.status_code == 400
    assert "w01018" in str(refused.context["form"].errors["pollutants"])
    form["pollutants"] = "a21026 35\na34013"
    assert client.post(url("outlet_add", plants.power.pk), form).status_code == 302
    again = client.post(url("outlet_add", plants.power.pk), {**form, "code": "DA001"})
    assert again.status_code == 400 and again.context["form"].errors["code"]
    outlet = plants.power.outlets.get(code="DA002")
    assert {(p.pollutant, p.permit_limit) for p in outlet.pollutants.all()} == {
        ("a21026", 35.0),
        ("a34013", None),
    }
    page = client.get(url("enterprise", plants.power.pk)).content.decode()
    assert "DA002" in page and "Limit in force today" in page
    # a pollutant left out of the list is no longer monitored, and the removal is audited
    edited = client.post(url("outlet_edit", outlet.pk), {**form, "pollutants": "a21026 30"})
    assert edited.status_code == 302
    assert {(p.pollutant, p.permit_limit) for p in outlet.pollutants.all()} == {("a21026", 30.0)}
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", data__pollutant="a34013", data__outlet="DA002"
    ).exists()


def test_a_permit_copy_is_checked_by_its_content(brigade: dict[str, Any], plants: Plants) -> None:
    client = signed_in(brigade["head"])
    form = {
        "number": "91320500MA1XAB1265001P",
        "management_class": "key",
        "valid_from": "2024-01-01",
        "valid_to": "2028-12-31",
    }
    fake = SimpleUploadedFile("permit.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(url("permit_add", plants.power.pk), {**form, "copy": fake})
    assert refused.status_code == 400 and refused.context["form"].errors["copy"]
    assert not Permit.objects.exists()
    copy = SimpleUploadedFile("permit.pdf", PDF)
    assert (
        client.post(url("permit_add", plants.power.pk), {**form, "copy": copy}).status_code == 302
    )
    permit = Permit.objects.get()
    assert permit.copy.name.startswith("sources/permits/")
    assert ModelLogEntry.objects.for_instance(permit).exists()
    permit.copy.delete(save=False)


def test_the_upload_keeps_good_rows_and_lists_the_refused_ones(
    staff: dict[Role, Any], plants: Plants
) -> None:
    client = signed_in(staff[Role.DATA_MANAGER])
    content = (
        HEADER
        + f"{POWER_PLANT},DA001,a21026,2026-05-03 08:00,2026-05-03 09:00,40,mg/m3,6,N\n"
        + f"{POWER_PLANT},DA009,a21026,2026-05-03 08:00,2026-05-03 09:00,40,mg/m3,6,N\n"
    ).encode()
    response = client.post(
        url("upload", "self-monitoring"),
        {"file": SimpleUploadedFile("自行监测.csv", content, content_type="text/csv")},
        follow=True,
    )
    assert response.status_code == 200
    batch = MonitoringBatch.objects.get()
    assert (batch.accepted, batch.rejected, batch.submitted_by_id) == (
        1,
        1,
        staff[Role.DATA_MANAGER].pk,
    )
    page = response.content.decode()
    assert "1 row refused" in page and "DA009" in page
    assert response.context["refused"][0]["row"] == 2
    # a file that is not CSV or XLSX by its content is refused as a whole
    response = client.post(
        url("upload", "self-monitoring"),
        {"file": SimpleUploadedFile("data.csv", PDF)},
    )
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert MonitoringBatch.objects.count() == 1


def test_the_supervisory_sheet_upload(staff: dict[Role, Any], plants: Plants) -> None:
    client = signed_in(staff[Role.ADMINISTRATOR])
    sheet = (
        "credit_code,outlet_code,pollutant,sampled_on,sample_no,value,unit,o2,monitored_by\n"
        f"{POWER_PLANT},DA001,a21026,2026-02-10,JD-1,80,mg/m3,9,站\n"
        f"{POWER_PLANT},DA001,a21026,2026-13-10,JD-2,80,mg/m3,9,站\n"
    ).encode()
    response = client.post(
        url("upload", "supervisory"), {"file": SimpleUploadedFile("jd.csv", sheet)}, follow=True
    )
    assert response.status_code == 200
    assert "not a date" in response.content.decode()
    assert response.context["batch"].accepted == 1


def test_the_review_action(
    brigade: dict[str, Any], event: ExceedanceEvent, staff: dict[Role, Any]
) -> None:
    handler = brigade["handler"]
    # CSRF is enforced as for a browser
    strict = signed_in(handler, csrf=True)
    assert strict.post(url("exceedance", event.pk), {"review": "dismissed"}).status_code == 403
    client = signed_in(handler)
    page = client.get(url("exceedances")).content.decode()
    assert url("exceedance", event.pk) in page and "Not reviewed" in page
    missing_note = client.post(url("exceedance", event.pk), {"review": "dismissed"})
    assert missing_note.status_code == 400
    response = client.post(
        url("exceedance", event.pk), {"review": "dismissed", "note": "CEMS 校准期间数据无效。"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.review, event.review_note, event.reviewed_by_id) == (
        "dismissed",
        "CEMS 校准期间数据无效。",
        handler.pk,
    )
    entry = ModelLogEntry.objects.for_instance(event).get(action=services.EXCEEDANCE_REVIEWED)
    assert entry.user_id == handler.pk
    dismissed = client.get(url("exceedances"), {"review": "dismissed"}).content.decode()
    assert url("exceedance", event.pk) in dismissed


@time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=UTC), tick=False)
def test_publications(brigade: dict[str, Any], staff: dict[Role, Any], plants: Plants) -> None:
    services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="national"
    )
    head = signed_in(brigade["head"])
    page = head.get(url("publications")).content.decode()
    assert "Not published yet; due by 31 March" in page and "2026-03-31" in page
    assert head.post(url("publish_list"), {"year": "2026"}).status_code == 302
    record = KeyUnitList.objects.get(year=2026)
    assert record.sent_on == date(2026, 3, 20) and record.item.workflow_in_progress
    # the brigade's handler may not send it; nor the supervisory report
    handler = signed_in(brigade["handler"])
    assert handler.post(url("publish_list"), {"year": "2026"}).status_code == 403
    assert handler.post(url("publish_report"), {"year": "2026", "quarter": "1"}).status_code == 403
    # the data manager sends the quarter's report; nothing to send is said, not a 500
    data = signed_in(staff[Role.DATA_MANAGER])
    response = data.post(url("publish_report"), {"year": "2026", "quarter": "1"}, follow=True)
    assert response.status_code == 200 and "No supervisory-monitoring result" in (
        response.content.decode()
    )
    assert not SupervisoryReport.objects.exists()


def test_binding_an_api_key(staff: dict[Role, Any], plants: Plants) -> None:
    from lantian.core import apikeys

    key, _secret = apikeys.issue_key(actor=None, name="示范热电数据接口", scopes=["sources:submit"])
    client = signed_in(staff[Role.ADMINISTRATOR])
    assert client.get(url("key_bind", plants.power.pk)).status_code == 200
    response = client.post(url("key_bind", plants.power.pk), {"api_key": key.pk})
    assert response.status_code == 302
    assert plants.power.api_keys.get().api_key_id == key.pk
    page = client.get(url("enterprise", plants.power.pk)).content.decode()
    assert "示范热电数据接口" in page


def test_the_menu_and_the_doors_agree(staff: dict[Role, Any], brigade: dict[str, Any]) -> None:
    home = reverse("wagtailadmin_home")
    for user, shown in (
        (brigade["handler"], True),
        (staff[Role.DATA_MANAGER], True),
        (staff[Role.ADMINISTRATOR], True),
        (staff[Role.EDITOR], False),
        (staff[Role.CASE_HANDLER], False),
    ):
        html = signed_in(user).get(home).content.decode()
        for name in ("index", "exceedances", "batches", "publications"):
            assert (url(name) in html) is shown, (user, name)
            assert admin_access.allows(user, url(name)) is shown
            if shown:
                assert signed_in(user).get(url(name)).status_code == 200


def test_a_listing_is_removed_until_its_years_list_is_sent(
    brigade: dict[str, Any], staff: dict[Role, Any], plants: Plants
) -> None:
    listing = services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="city"
    )
    remove = url("listing_remove", listing.pk)
    assert signed_in(staff[Role.DATA_MANAGER]).post(remove).status_code == 403
    client = signed_in(brigade["handler"])
    assert client.get(remove).status_code == 405
    KeyUnitList.objects.create(year=2026, sent_on=date(2026, 3, 20))
    refused = client.post(remove, follow=True)
    assert "sent to publication" in refused.content.decode()
    assert plants.power.listings.filter(pk=listing.pk).exists()
    KeyUnitList.objects.filter(year=2026).delete()
    assert client.post(remove).status_code == 302
    assert not plants.power.listings.exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", data__year=2026, data__medium="air"
    ).exists()
