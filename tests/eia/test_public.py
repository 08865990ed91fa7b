"""The public pages, the API and the enterprise page's EIA block: a report book across
the Spring Festival with a late decision notice, a report form in its acceptance notice,
and a registered project without a notice (not public)."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from lantian.config.api import api
from tests.eia.conftest import Plants, Record, english, get
from tests.sources.conftest import POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture(autouse=True)
def _today():
    cache.clear()
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        yield


def test_the_list_filters_by_year_category_stage_district_and_words(record: Record) -> None:
    page = get("/eia/projects/")
    assert "2 projects." in page and record.book.name in page and record.hidden.name not in page
    assert record.form.name not in get("/eia/projects/", year="2026")
    assert record.book.name not in get("/eia/projects/", category="report_form")
    decided = get("/eia/projects/", stage="decided")
    assert record.book.name in decided and record.form.name not in decided
    assert record.form.name in get("/eia/projects/", stage="acceptance")
    assert "2 projects." in get("/eia/projects/", district="示范区")
    assert record.form.name in get("/eia/projects/", q=WWTP)
    assert record.form.name in get("/eia/projects/", q="污水")
    empty = get("/eia/projects/", q="不存在的项目")
    assert "0 projects." in empty and "No EIA project matches" in empty


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"year": "1800"}, {"category": "x"}, {"stage": "\x00"}, {"page": "999"}],
)
def test_bad_filters_are_never_a_500(record: Record, params: dict[str, str]) -> None:
    assert english().get("/eia/projects/", params).status_code == 200


def test_a_project_shows_its_timeline_decision_and_builder(record: Record) -> None:
    page = get(f"/eia/projects/{record.book.pk}/")
    assert record.book.name in page and "示环审〔2026〕12号" in page
    assert "2026-02-28" in page and "at least 10" in page
    assert "mark-late" in page  # the decision notice: 04-20 is the 13th working day
    assert f'href="/sources/enterprises/{POWER_PLANT}/"' in page
    assert "Statutory decision period: 60 days" in page


def test_unknown_and_unpublished_projects_are_404(record: Record) -> None:
    assert english().get(f"/eia/projects/{record.hidden.pk}/").status_code == 404
    assert english().get("/eia/projects/999999/").status_code == 404


def test_the_enterprise_page_lists_its_projects(record: Record, plants: Plants) -> None:
    page = get(f"/sources/enterprises/{POWER_PLANT}/")
    assert "EIA projects" in page and f'href="/eia/projects/{record.book.pk}/"' in page
    assert "2026-03-31" in page
    other = get(f"/sources/enterprises/{plants.other.credit_code}/")
    assert "This enterprise has no EIA project on record." in other


def test_the_api_lists_projects_with_their_notices(record: Record) -> None:
    body = Client().get("/api/v1/eia/projects").json()
    assert body["count"] == 2
    book = next(row for row in body["items"] if row["id"] == record.book.pk)
    assert book["stage"] == "decided" and book["decided_on"] == "2026-03-31"
    # accepted 02-09, 60 days: due 04-10, decided 03-31 in time
    assert (book["decision_due"], book["decision_late"]) == ("2026-04-10", False)
    assert [n["kind"] for n in book["notices"]] == ["acceptance", "pre_approval", "decision"]
    assert book["notices"][0] == {
        "kind": "acceptance",
        "starts_on": "2026-02-10",
        "ends_on": "2026-02-28",
        "published_on": "2026-02-10",
        "working_days": 10,
        "late": False,
    }
    assert book["notices"][2]["late"] is True
    assert Client().get("/api/v1/eia/projects", {"year": 2025}).json()["count"] == 1
    assert Client().get("/api/v1/eia/projects", {"stage": "acceptance"}).json()["count"] == 1
    assert Client().get("/api/v1/eia/projects", {"q": "不存在"}).json()["count"] == 0
    one = Client().get(f"/api/v1/eia/projects/{record.form.pk}").json()
    assert one["category"] == "report_form" and one["decided_on"] is None
    # accepted 2025-10-20, 30 days: due 11-19, still undecided on 2026-11-02
    assert (one["decision_due"], one["decision_late"]) == ("2025-11-19", True)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"year": "1999"}, "year"), ({"category": "book"}, "category"), ({"stage": "x"}, "stage")],
)
def test_bad_api_parameters_are_a_422_naming_them(
    record: Record, params: dict[str, str], field: str
) -> None:
    response = Client().get("/api/v1/eia/projects", params)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"][-1] == field


def test_unknown_and_unpublished_projects_are_404_in_the_api(record: Record) -> None:
    for pk in (record.hidden.pk, 999999):
        response = Client().get(f"/api/v1/eia/projects/{pk}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_choice_fields_are_enums_in_the_document() -> None:
    document = json.loads(json.dumps(api.get_openapi_schema()))
    schemas = document["components"]["schemas"]
    notice = schemas["NoticeOut"]["properties"]
    assert notice["kind"]["enum"] == ["acceptance", "pre_approval", "decision", "completion"]
    project_schema = schemas["ProjectOut"]["properties"]
    assert set(project_schema["category"]["enum"]) == {
        "report_book",
        "report_form",
        "registration_form",
    }
    assert "completion" in project_schema["stage"]["enum"]


def test_projects_are_browsed_by_industry(record: Record) -> None:
    # the report book is 4412 热电联产, the report form also 4412 (the fixture's default)
    from lantian.eia import services as eia_services

    eia_services.save_project(
        actor=None, project=record.form, industry_code="4620", industry_name="污水处理及其再生利用"
    )
    page = get("/eia/projects/", industry="4620")
    assert record.form.name in page and record.book.name not in page
    assert "4620 污水处理及其再生利用" in get("/eia/projects/")  # offered as a choice
    api = Client().get("/api/v1/eia/projects", {"industry": "44"}).json()["items"]
    assert [p["name"] for p in api] == [record.book.name]
    assert Client().get("/api/v1/eia/projects", {"industry": "4x"}).status_code == 422
