"""The minimal back office: data managers and administrators edit sites (checked as
staff entry is, naming the field) and read samples and files; other roles are refused."""

from __future__ import annotations

import pytest

from lantian.core.roles import Role
from lantian.water.models import Site

SCREENS = (
    "/admin/water/sites/",
    "/admin/water/sites/add/",
    "/admin/water/samples/",
    "/admin/water/files/",
)


def form(**fields: str) -> dict[str, str]:
    base = {
        "code": "W09",
        "name": "白鹭湖湖心",
        "name_en": "",
        "kind": "lake_reservoir",
        "water_body": "",
        "target": "III",
        "district": "",
        "latitude": "31.25",
        "longitude": "120.55",
        "design_abstraction": "",
        "active": "on",
    }
    return base | fields


@pytest.mark.parametrize("role", [Role.DATA_MANAGER, Role.ADMINISTRATOR])
def test_data_managers_and_administrators_open_the_screens(client_as, role) -> None:
    client = client_as(role)
    for url in SCREENS:
        assert client.get(url).status_code == 200, url
    assert "/admin/water/upload/" in client.get("/admin/").content.decode()  # the menu


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REVIEWER, Role.CASE_HANDLER])
def test_other_roles_are_refused(client_as, role) -> None:
    client = client_as(role)
    for url in SCREENS:
        assert client.get(url).status_code in (302, 403), url
    assert client.post("/admin/water/sites/add/", form()).status_code in (302, 403)
    assert "/admin/water/" not in client.get("/admin/").content.decode()  # no menu
    assert not Site.objects.filter(code="W09").exists()


def test_a_site_added_in_the_back_office_derives_its_water_body(client_as) -> None:
    response = client_as(Role.DATA_MANAGER).post("/admin/water/sites/add/", form())
    assert response.status_code == 302, response.content.decode()[:2000]
    site = Site.objects.get(code="W09")
    assert site.water_body == "lake" and site.latitude == 31.25


def test_the_back_office_form_names_the_wrong_field(client_as) -> None:
    client = client_as(Role.DATA_MANAGER)
    response = client.post(
        "/admin/water/sites/add/",
        form(kind="river_section", water_body="lake", design_abstraction="20"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"water_body", "design_abstraction"}
    assert not Site.objects.filter(code="W09").exists()


def test_a_data_manager_uploads_a_file_and_reads_its_report(client_as, sites, staff) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lantian.water.models import Sample, SampleBatch

    client = client_as(Role.DATA_MANAGER)
    assert client.get("/admin/water/upload/").status_code == 200
    content = b"site_code,sampled_on,item,value\nW01,2025-06-03,nh3_n,0.5\nX1,2025-06-03,do,6\n"
    response = client.post(
        "/admin/water/upload/", {"file": SimpleUploadedFile("june.csv", content, "text/csv")}
    )
    batch = SampleBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/water/files/inspect/{batch.pk}/"
    assert batch.submitted_by == staff[Role.DATA_MANAGER]
    assert batch.report["rejected"][0]["column"] == "site_code"
    assert Sample.objects.get().values == {"nh3_n": 0.5}
    assert client.get(response["Location"]).status_code == 200


def test_an_unreadable_upload_is_refused_with_the_reason(client_as, sites) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lantian.water.models import SampleBatch

    response = client_as(Role.DATA_MANAGER).post(
        "/admin/water/upload/",
        {"file": SimpleUploadedFile("bad.csv", b"a,b\n1,2\n", "text/csv")},
    )
    assert response.status_code == 400
    assert "site_code" in str(response.context["form"].errors["file"])
    assert not SampleBatch.objects.exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CASE_HANDLER])
def test_other_roles_cannot_upload(client_as, role) -> None:
    assert client_as(role).get("/admin/water/upload/").status_code == 403


def test_samples_and_files_are_read_only_in_the_back_office(client_as) -> None:
    client = client_as(Role.DATA_MANAGER)
    for url in ("/admin/water/files/add/", "/admin/water/samples/add/"):
        assert client.get(url).status_code in (302, 403), url
