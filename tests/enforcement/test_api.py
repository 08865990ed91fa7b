"""The enforcement API: published penalties with their 7-working-day check across the
2026 National Day holiday, individuals' names never public, published credit ratings,
enums in the OpenAPI document and 422 on a year out of range."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lantian.config.api import api
from lantian.disclosure.models import DisclosureItem
from lantian.enforcement import rating, services
from lantian.enforcement.models import Penalty
from tests.enforcement.conftest import Plants
from tests.sources.conftest import POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db

D = date.fromisoformat
NAME = "张建国"
PHONE = "13812345678"


@pytest.fixture(autouse=True)
def _no_cached_answers() -> None:
    cache.clear()


def decide(number: str, *, enterprise: Any = None, decided_on: date, name: str = "") -> Penalty:
    kind = Penalty.OffenderKind.ENTERPRISE if enterprise else Penalty.OffenderKind.INDIVIDUAL
    offender = enterprise.name if enterprise else name
    return services.record_penalty(
        actor=None,
        document_number=number,
        enterprise=enterprise,
        offender_kind=kind,
        offender_name=name,
        facts=f"{offender}未按规定运行大气污染防治设施。联系电话{PHONE}。",
        legal_basis="《中华人民共和国大气污染防治法》第九十九条",
        penalty_types=["warning", "fine"],
        fine=Decimal("12345.60"),
        decided_on=decided_on,
        decision_text=f"当事人：{offender}\n身份证号：320502198001011234\n联系电话：{PHONE}",
    )


@pytest.fixture
def published(plants: Plants) -> dict[str, Penalty]:
    # decided the Wednesday before National Day: the 7th working day is 10-15
    on_time = decide("示环罚〔2026〕201号", enterprise=plants.power, decided_on=D("2026-09-30"))
    late = decide("示环罚〔2026〕202号", enterprise=plants.wwtp, decided_on=D("2026-09-30"))
    person = decide("示环罚〔2026〕203号", name=NAME, decided_on=D("2026-09-30"))
    decide(
        "示环罚〔2026〕204号", enterprise=plants.other, decided_on=D("2026-09-30")
    )  # unpublished
    decide("示环罚〔2025〕9号", enterprise=plants.power, decided_on=D("2025-06-02"))
    on_time = services.publish_penalty(actor=None, penalty=on_time, on=D("2026-10-15"))
    late = services.publish_penalty(actor=None, penalty=late, on=D("2026-10-16"))
    person = services.publish_penalty(actor=None, penalty=person, on=D("2026-10-10"))
    return {"on_time": on_time, "late": late, "person": person}


def test_published_penalties_with_the_7_working_day_check(published: dict[str, Penalty]) -> None:
    body = Client().get("/api/v1/penalties", {"year": 2026}).json()
    assert body["count"] == 3  # the unpublished decision and 2025's are not listed
    rows = {row["document_number"]: row for row in body["items"]}
    on_time, late = rows["示环罚〔2026〕201号"], rows["示环罚〔2026〕202号"]
    assert (on_time["enterprise"], on_time["working_days"], on_time["late"]) == (
        POWER_PLANT,
        7,
        False,
    )
    assert (late["enterprise"], late["working_days"], late["late"]) == (WWTP, 8, True)
    assert on_time["due"] == late["due"] == "2026-10-15"
    assert on_time["decided_on"] == "2026-09-30" and late["published_on"] == "2026-10-16"
    assert on_time["penalty_types"] == ["warning", "fine"] and on_time["fine"] == 12345.6
    assert on_time["status"] == "executed" and on_time["provisional"] is False
    # 10-10, the make-up Saturday, is a working day: the third after 09-30
    assert rows["示环罚〔2026〕203号"]["working_days"] == 3


def test_filters_by_enterprise_and_year(published: dict[str, Penalty]) -> None:
    client = Client()
    mine = client.get("/api/v1/penalties", {"enterprise": WWTP}).json()
    assert [row["document_number"] for row in mine["items"]] == ["示环罚〔2026〕202号"]
    assert client.get("/api/v1/penalties", {"year": 2025}).json()["count"] == 0


def test_an_individual_is_never_named_in_public(published: dict[str, Penalty]) -> None:
    response = Client().get("/api/v1/penalties")
    row = next(r for r in response.json()["items"] if r["enterprise"] is None)
    assert row["offender"] == "张**" and row["offender_kind"] == "individual"
    text = response.content.decode()
    assert NAME not in text and PHONE not in text and "320502198001011234" not in text
    # nor in the disclosure item drafted for publication
    item = DisclosureItem.objects.get(pk=published["person"].disclosure_item_id)
    public = json.dumps([item.title, item.summary, item.body], ensure_ascii=False)
    assert NAME not in public and PHONE not in public and "320502198001011234" not in public


def test_a_revoked_decision_stays_listed_as_revoked(published: dict[str, Penalty]) -> None:
    services.change_penalty_status(
        actor=None, penalty=published["late"], status="revoked", reason="复议撤销"
    )
    rows = Client().get("/api/v1/penalties").json()["items"]
    assert {r["document_number"]: r["status"] for r in rows}["示环罚〔2026〕202号"] == "revoked"


def all_scores(scheme: str, value: int) -> dict[str, dict[str, int]]:
    return {i.code: {"score": value} for i in rating.load_scheme(scheme).indicators}


def test_published_credit_ratings(plants: Plants) -> None:
    green = services.rate_enterprise(
        actor=None,
        enterprise=plants.power,
        year=2025,
        scheme="national",
        inputs=all_scores("national", 96),
    )
    black = services.rate_enterprise(
        actor=None,
        enterprise=plants.wwtp,
        year=2025,
        scheme="jiangsu",
        inputs=all_scores("jiangsu", 90),
        vetoes=["environmental_crime"],
    )
    services.rate_enterprise(  # not published
        actor=None,
        enterprise=plants.other,
        year=2025,
        scheme="national",
        inputs=all_scores("national", 50),
    )
    for found in (green, black):
        services.publish_rating(actor=None, credit_rating=found, on=D("2026-05-20"))
    client = Client()
    rows = client.get("/api/v1/credit-ratings", {"year": 2025}).json()["items"]
    by_code = {row["credit_code"]: row for row in rows}
    assert set(by_code) == {POWER_PLANT, WWTP}
    assert (by_code[POWER_PLANT]["level"], by_code[POWER_PLANT]["colour"]) == ("green", "green")
    assert by_code[POWER_PLANT]["score"] == 96.0 and by_code[POWER_PLANT]["scheme"] == "national"
    assert (by_code[WWTP]["level"], by_code[WWTP]["colour"], by_code[WWTP]["scheme"]) == (
        "black",
        "black",
        "jiangsu",
    )
    assert by_code[WWTP]["enterprise"] == "示范市城东污水处理厂"
    assert client.get("/api/v1/credit-ratings", {"year": 2024}).json()["count"] == 0


@pytest.mark.parametrize("path", ["/api/v1/penalties", "/api/v1/credit-ratings"])
@pytest.mark.parametrize("year", ["1999", "2101", "abc", "-1"])
def test_a_year_out_of_range_is_a_422(plants: Plants, path: str, year: str) -> None:
    response = Client().get(path, {"year": year})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"][-1] == "year"


def test_choice_fields_are_enums_in_the_document() -> None:
    document = json.loads(json.dumps(api.get_openapi_schema()))
    schemas = document["components"]["schemas"]
    penalty = schemas["PenaltyOut"]["properties"]
    assert set(penalty["status"]["enum"]) == {
        "executed",
        "under_review",
        "in_litigation",
        "revoked",
    }
    assert "detention_referral" in penalty["penalty_types"]["items"]["enum"]
    assert set(penalty["offender_kind"]["enum"]) == {
        "enterprise",
        "individual_business",
        "individual",
    }
    ratings = schemas["RatingOut"]["properties"]
    assert set(ratings["scheme"]["enum"]) == {"national", "jiangsu"}
    assert set(ratings["colour"]["enum"]) == {"green", "blue", "yellow", "red", "black"}
    year = next(
        p
        for p in document["paths"]["/api/v1/penalties"]["get"]["parameters"]
        if p["name"] == "year"
    )
    assert json.dumps(year).count("2100") and json.dumps(year).count("2000")
