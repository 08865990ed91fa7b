"""Air API: stations and hourly data (public, cached, paginated) and authenticated
submission by station systems."""

from __future__ import annotations

import pytest
from django.test import Client

from lantian.air.models import IngestBatch, Observation
from lantian.air.services import ingest_payload, save_station
from lantian.core.apikeys import issue_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> None:
    save_station(
        actor=None,
        code="1001A",
        name="监测站",
        name_en="Monitoring Station",
        district="示范区",
        latitude=31.3,
        longitude=120.6,
    )
    rows = "".join(f"1001A,2026-03-02 {h:02d}:00,5,30,0.6,60,70,{40 + h}\n" for h in range(1, 6))
    csv = "station,time,so2,no2,co,o3,pm10,pm25\n" + rows
    ingest_payload(actor=None, content=csv.encode(), filename="h.csv")


def test_stations_are_public_and_cacheable(data) -> None:
    response = Client().get("/api/v1/air/stations")
    assert response.status_code == 200
    assert response.json()[0]["code"] == "1001A"
    assert "max-age=300" in response["Cache-Control"]


def test_hourly_is_paginated_and_filtered(data) -> None:
    body = Client().get("/api/v1/air/hourly", {"station": "1001A", "page_size": 2}).json()
    assert body["count"] == 5
    assert len(body["items"]) == 2
    first = body["items"][0]
    assert first["station"] == "1001A" and first["pm25"] == 41.0
    assert first["aqi"] is not None and first["primary"]
    window = (
        Client()
        .get(
            "/api/v1/air/hourly",
            {"start": "2026-03-02T02:00:00+08:00", "end": "2026-03-02T04:00:00+08:00"},
        )
        .json()
    )
    assert window["count"] == 2  # hours ending 03:00 and 04:00


def test_submission_needs_a_key_with_the_scope(data) -> None:
    payload = {"observations": [{"station": "1001A", "time": "2026-03-02 07:00", "pm25": 50}]}
    anonymous = Client().post("/api/v1/air/observations", payload, content_type="application/json")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthorized"
    _record, wrong = issue_key(actor=None, name="企业", scopes=["sources:report"])
    refused = Client().post(
        "/api/v1/air/observations",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {wrong}",
    )
    assert refused.status_code == 401
    assert not Observation.objects.filter(hour_end__hour=23).exists()


def test_a_station_system_submits_observations(data) -> None:
    _record, key = issue_key(actor=None, name="自动站数据平台", scopes=["air:ingest"])
    payload = {
        "units": {"co": "mg/m3"},
        "observations": [
            {"station": "1001A", "time": "2026-03-02 07:00", "pm25": 50, "pm10": 60},
            {"station": "NOPE", "time": "2026-03-02 07:00", "pm25": 50},
        ],
    }
    response = Client().post(
        "/api/v1/air/observations",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 1
    assert body["rejected"][0]["row"] == 2
    assert "unknown station 'NOPE'" in body["rejected"][0]["reasons"][0]
    assert IngestBatch.objects.latest("received_at").source == "api"


def test_a_wrong_unit_is_a_400_in_the_error_format(data) -> None:
    _record, key = issue_key(actor=None, name="站点", scopes=["air:ingest"])
    payload = {
        "units": {"co": "ug/m3"},
        "observations": [{"station": "1001A", "time": "2026-03-02 08:00", "co": 600}],
    }
    response = Client().post(
        "/api/v1/air/observations",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400
    assert "column co: unit" in response.json()["error"]["message"]


def test_data_manager_edits_stations_editor_does_not(client_as) -> None:
    from django.urls import reverse

    from lantian.core.roles import Role

    url = reverse("wagtailsnippets_air_station:list")
    assert client_as(Role.DATA_MANAGER).get(url).status_code == 200
    assert client_as(Role.EDITOR).get(url).status_code in (302, 403)
    add = reverse("wagtailsnippets_air_station:add")
    assert client_as(Role.DATA_MANAGER).get(add).status_code == 200
    assert client_as(Role.REVIEWER).get(add).status_code in (302, 403)


def test_apikey_command_prints_a_working_key() -> None:
    import io

    from django.core.management import call_command

    from lantian.core.apikeys import check_key

    out = io.StringIO()
    call_command(
        "apikey", "create", "站点平台", "--scope", "air:ingest", stdout=out, stderr=io.StringIO()
    )
    key = out.getvalue().strip()
    assert check_key(key, "air:ingest") is not None
    assert check_key(key, "other") is None


def test_now_gives_the_city_hour_with_level_advice_and_stations(data) -> None:
    response = Client().get("/api/v1/air/now")
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    body = response.json()
    assert body["area"] == "city"
    assert body["hour_end"] == "2026-03-01T21:00:00Z"  # 05:00 in Asia/Shanghai
    # PM2.5 45 µg/m³ under HJ 633-2026 (35 → 50, 60 → 100): 50 + 50 × (45 − 35) / 25 = 70
    assert body["pm25"] == 45.0
    assert body["aqi"] == 70 and body["level"] == 2
    assert body["category"] == "良" and body["color"] == "#FFFF00"
    assert body["primary"] == ["pm25"]
    assert body["advice"]["measures"].startswith("极少数异常敏感人群")
    assert [d["area"] for d in body["districts"]] == ["示范区"]
    assert [s["station"] for s in body["station_values"]] == ["1001A"]


def test_now_before_any_data_is_a_clear_404(db) -> None:
    response = Client().get("/api/v1/air/now")
    assert response.status_code == 404
    assert response.json()["error"]["message"]


def test_daily_serves_the_city_a_district_or_a_station(data) -> None:
    city = Client().get("/api/v1/air/daily").json()
    assert city["count"] == 1
    day = city["items"][0]
    # 5 of 24 hours: too few for a daily mean (GB 3095 Table 4), so no daily AQI
    assert day["day"] == "2026-03-02" and day["area"] == "city"
    assert day["pm25"] is None and day["aqi"] is None
    station = Client().get("/api/v1/air/daily", {"station": "1001A"}).json()["items"][0]
    assert station["station"] == "1001A" and station["area"] is None
    assert Client().get("/api/v1/air/daily", {"area": "示范区"}).json()["count"] == 1
    none = Client().get("/api/v1/air/daily", {"start": "2026-03-03"}).json()
    assert none["count"] == 0


def test_forecast_endpoint_serves_the_days_to_come(db, staff) -> None:
    from datetime import date, datetime, timedelta

    from django.utils import timezone

    from lantian.air.services import issue_forecast
    from lantian.core.roles import Role

    today = timezone.localdate()
    issue_forecast(
        actor=staff[Role.DATA_MANAGER],
        issued_at=timezone.now(),
        days=[
            {
                "day": today + timedelta(days=i),
                "aqi_low": 40 + i * 30,
                "aqi_high": 70 + i * 30,
                "primary": "pm25",
                "advice": "适宜户外活动",
            }
            for i in range(1, 4)
        ],
    )
    assert Client().get("/api/v1/air/forecast").status_code == 200
    body = Client().get("/api/v1/air/forecast").json()
    assert [d["day"] for d in body["days"]] == [
        (today + timedelta(days=i)).isoformat() for i in range(1, 4)
    ]
    first, last = body["days"][0], body["days"][-1]
    assert (first["aqi_low"], first["aqi_high"], first["level_low"], first["level_high"]) == (
        70,
        100,
        2,
        2,
    )
    assert (last["level_low"], last["level_high"]) == (3, 4)  # 130 in 101–150, 160 in 151–200
    assert isinstance(date.fromisoformat(first["day"]), date)
    assert isinstance(datetime.fromisoformat(body["issued_at"]), datetime)


def test_no_current_forecast_is_a_404(db) -> None:
    assert Client().get("/api/v1/air/forecast").status_code == 404


def test_openapi_lists_the_air_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for endpoint in ("stations", "now", "hourly", "daily", "forecast", "observations"):
        assert f"/api/v1/air/{endpoint}" in paths
