"""Each bound of the public API at its edge: the last allowed value passes, the first
refused one is a 422 in the error format whose detail names the parameter and states the
range. Also the two URLs that answered 500, and the POST bodies' dates and texts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lantian.core.apikeys import issue_key
from tests.config.air_data import STATION, a_station
from tests.foi.public import PERSON, resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def refusal(response: Any, parameter: str) -> str:
    """The message of the 422 detail on ``parameter`` (it must be the only one)."""
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["status"] == 422 and error["code"] == "validation_error"
    [detail] = error["details"]
    assert detail["loc"][-1] == parameter, detail
    assert parameter in detail["message"]
    return detail["message"]


# ---------------------------------------------------------------- the reported URLs


def test_hourly_from_year_1_to_year_9999_is_a_422_naming_both_ends() -> None:
    response = Client().get("/api/v1/air/hourly?start=0001-01-01T00:00:00&end=9999-12-31T23:59:59")
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["loc"] for d in details] == [["query", "start"], ["query", "end"]]
    for detail in details:
        assert "1900-01-01" in detail["message"] and "2100-12-31" in detail["message"]


def test_working_days_after_9999_12_30_is_a_422_naming_the_date() -> None:
    response = Client().get("/api/v1/calendar/add-working-days?date=9999-12-30&days=1000")
    message = refusal(response, "date")
    assert "2004-01-01" in message and "2100-12-31" in message


# ---------------------------------------------------------------- edges of GET parameters

# (url, parameters, the parameter refused or None when allowed, what the message states)
EDGES = [
    # the working-day calendar: days of 2004 to 2100, 0 to 1000 working days
    ("/api/v1/calendar/day", {"date": "2004-01-01"}, None, ()),
    ("/api/v1/calendar/day", {"date": "2003-12-31"}, "date", ("2004-01-01", "2100-12-31")),
    ("/api/v1/calendar/day", {"date": "2100-12-31"}, None, ()),
    ("/api/v1/calendar/day", {"date": "2101-01-01"}, "date", ("2004-01-01", "2100-12-31")),
    ("/api/v1/calendar/add-working-days", {"date": "2100-12-31", "days": 1000}, None, ()),
    ("/api/v1/calendar/add-working-days", {"date": "2026-01-05", "days": 0}, None, ()),
    (
        "/api/v1/calendar/add-working-days",
        {"date": "2026-01-05", "days": -1},
        "days",
        ("0", "1000"),
    ),
    (
        "/api/v1/calendar/add-working-days",
        {"date": "2026-01-05", "days": 1001},
        "days",
        ("0", "1000"),
    ),
    # hourly: days of 1900 to 2100 in their own offset, end not before start, 366 days
    ("/api/v1/air/hourly", {"start": "1900-01-01T00:00:00"}, None, ()),
    (
        "/api/v1/air/hourly",
        {"start": "1899-12-31T23:59:59+14:00"},
        "start",
        ("1900-01-01", "2100-12-31"),
    ),
    ("/api/v1/air/hourly", {"end": "2100-12-31T23:59:59-14:00"}, None, ()),
    ("/api/v1/air/hourly", {"end": "2101-01-01T00:00:00Z"}, "end", ("1900-01-01", "2100-12-31")),
    (
        "/api/v1/air/hourly",
        {"start": "2026-03-02T00:00:00", "end": "2026-03-02T00:00:00"},
        None,
        (),
    ),
    (
        "/api/v1/air/hourly",
        {"start": "2026-03-02T00:00:00+08:00", "end": "2026-03-01T16:00:00Z"},
        None,
        (),
    ),
    (
        "/api/v1/air/hourly",
        {"start": "2026-03-02T00:00:00+08:00", "end": "2026-03-01T15:59:59Z"},
        "end",
        ("start",),
    ),
    (
        "/api/v1/air/hourly",
        {"start": "2025-03-02T00:00:00", "end": "2026-03-03T00:00:00"},
        None,
        (),
    ),
    (
        "/api/v1/air/hourly",
        {"start": "2025-03-02T00:00:00", "end": "2026-03-03T00:00:01"},
        "end",
        ("start", "366"),
    ),
    # … with an offset of a time zone, -14:00 to +14:00
    ("/api/v1/air/hourly", {"start": "2026-03-02T00:00:00+14:00"}, None, ()),
    ("/api/v1/air/hourly", {"end": "2026-03-02T00:00:00-14:00"}, None, ()),
    ("/api/v1/air/hourly", {"start": "2026-03-02T00:00:00+14:01"}, "start", ("-14:00", "+14:00")),
    ("/api/v1/air/hourly", {"end": "2100-12-31T23:59:59-23:59"}, "end", ("-14:00", "+14:00")),
    # daily: days of 1900 to 2100, end not before start
    ("/api/v1/air/daily", {"start": "1900-01-01", "end": "2100-12-31"}, None, ()),
    ("/api/v1/air/daily", {"start": "1899-12-31"}, "start", ("1900-01-01", "2100-12-31")),
    ("/api/v1/air/daily", {"end": "2101-01-01"}, "end", ("1900-01-01", "2100-12-31")),
    ("/api/v1/air/daily", {"start": "2026-03-02", "end": "2026-03-02"}, None, ()),
    ("/api/v1/air/daily", {"start": "2026-03-02", "end": "2026-03-01"}, "end", ("start",)),
    # pages: 1 to 100 000; page sizes 1 to 1000 (air), 1 to 100 (disclosures)
    ("/api/v1/air/hourly", {"page": 1, "page_size": 1}, None, ()),
    ("/api/v1/air/hourly", {"page": 0}, "page", ("1", "100000")),
    ("/api/v1/air/hourly", {"page": 100_000, "page_size": 1000}, None, ()),
    ("/api/v1/air/hourly", {"page": 100_001}, "page", ("1", "100000")),
    ("/api/v1/air/hourly", {"page": 10**30}, "page", ("1", "100000")),
    ("/api/v1/air/daily", {"page_size": 0}, "page_size", ("1", "1000")),
    ("/api/v1/air/daily", {"page_size": 1001}, "page_size", ("1", "1000")),
    ("/api/v1/disclosures", {"page": 100_000, "page_size": 100}, None, ()),
    ("/api/v1/disclosures", {"page_size": 101}, "page_size", ("1", "100")),
    # disclosures: year of publication 1949 to 2100
    ("/api/v1/disclosures", {"year": 1949}, None, ()),
    ("/api/v1/disclosures", {"year": 1948}, "year", ("1949", "2100")),
    ("/api/v1/disclosures", {"year": 2100}, None, ()),
    ("/api/v1/disclosures", {"year": 2101}, "year", ("1949", "2100")),
    # texts: as long as the column they are looked up in
    ("/api/v1/air/hourly", {"station": "x" * 20}, None, ()),
    ("/api/v1/air/hourly", {"station": "x" * 21}, "station", ("20",)),
    ("/api/v1/air/daily", {"area": "x" * 50}, None, ()),
    ("/api/v1/air/daily", {"area": "x" * 51}, "area", ("50",)),
    ("/api/v1/disclosures", {"q": "环评" * 50}, None, ()),
    ("/api/v1/disclosures", {"q": "环评" * 50 + "x"}, "q", ("100",)),
    ("/api/v1/disclosures", {"category": "x" * 20, "kind": "interpretation"}, None, ()),
    ("/api/v1/disclosures", {"kind": "x" * 20}, "kind", ("document", "interpretation")),
    ("/api/v1/disclosures", {"category": "x" * 21}, "category", ("20",)),
    ("/api/v1/disclosures", {"department": "x" * 41}, "department", ("40",)),
    ("/api/v1/disclosures", {"kind": "x" * 21}, "kind", ("20",)),
    ("/api/v1/foi/applications/ABC", {"verification": "x" * 41}, "verification", ("40",)),
]


@pytest.mark.parametrize(("url", "params", "refused", "states"), EDGES)
def test_a_bound_at_its_edge(
    url: str, params: dict[str, Any], refused: str | None, states: tuple[str, ...]
) -> None:
    response = Client().get(url, params)
    if refused is None:
        assert response.status_code == 200, response.content
        return
    message = refusal(response, refused)
    for text in states:
        assert text in message, message


@pytest.mark.parametrize(
    ("url", "parameter", "longest"),
    [
        ("/api/v1/disclosures/" + "x" * 60, None, 60),
        ("/api/v1/disclosures/" + "x" * 61, "index_no", 60),
        ("/api/v1/foi/applications/" + "X" * 30, None, 30),
        ("/api/v1/foi/applications/" + "X" * 31, "tracking_code", 30),
    ],
)
def test_path_codes_at_their_edge(url: str, parameter: str | None, longest: int) -> None:
    response = Client().get(url)
    if parameter is None:
        assert response.status_code == 404  # a well-formed code of nothing
    else:
        assert str(longest) in refusal(response, parameter)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/disclosures?q=%00", "q"),
        ("/api/v1/disclosures?kind=a%0Ab", "kind"),
        ("/api/v1/air/hourly?station=%00", "station"),
        ("/api/v1/air/forecast?area=%01", "area"),
        ("/api/v1/disclosures/%00", "index_no"),
        ("/api/v1/foi/applications/ABC%00?verification=x", "tracking_code"),
    ],
)
def test_control_characters_are_refused(url: str, parameter: str) -> None:
    assert "控制字符" in refusal(Client().get(url), parameter)  # the site speaks Chinese


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/disclosures?q=%FF%FE",
        "/api/v1/air/daily?area=%C3%28",
        "/api/v1/disclosures/%FF",
        "/api/v1/foi/applications/%FF%FF?verification=%FF",
    ],
)
def test_invalid_utf8_is_a_client_answer(url: str) -> None:
    # Django reads an invalid byte as U+FFFD: a search for it, or a code of nothing.
    assert Client().get(url).status_code in (200, 404)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/calendar/add-working-days?date=2026-01-05&days=ten", "days"),
        ("/api/v1/calendar/add-working-days?date=2026-01-05&days=1.5", "days"),
        ("/api/v1/disclosures?year=MMXXVI", "year"),
        ("/api/v1/air/hourly?page=1e3", "page"),
        ("/api/v1/air/hourly?start=yesterday", "start"),
        ("/api/v1/calendar/day?date=2026-02-30", "date"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_422(url: str, parameter: str) -> None:
    response = Client().get(url)
    assert response.status_code == 422
    assert [d["loc"][-1] for d in response.json()["error"]["details"]] == [parameter]


# ---------------------------------------------------------------- POST bodies


@pytest.fixture
def station_key(db: Any) -> str:
    a_station()
    _record, key = issue_key(actor=None, name="自动站数据平台", scopes=["air:ingest"])
    return key


def observe(key: str, **row: Any) -> Any:
    body = {"observations": [{"station": STATION, "pm25": 35, **row}]}
    return Client().post(
        "/api/v1/air/observations",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


@pytest.mark.parametrize(
    "time", ["1900-01-01 01:00", "2100-12-31 23:00", "2100-12-31T23:00:00-14:00"]
)
def test_observations_at_the_edges_of_the_dates_are_accepted(station_key: str, time: str) -> None:
    response = observe(station_key, time=time)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1


@pytest.mark.parametrize(
    "row",
    [
        {"time": "1899-12-31 23:00"},
        {"time": "2101-01-01 00:00"},
        {"time": "0001-01-01 00:00"},
        {"time": "0001-01-01T00:00:00+14:00"},
        {"time": "9999-12-31 23:00"},
        {"时间": "9999-12-31 23:00"},  # the column under another of its names
    ],
)
def test_observations_outside_the_dates_are_a_422(station_key: str, row: dict[str, str]) -> None:
    response = observe(station_key, **row)
    assert response.status_code == 422
    [detail] = response.json()["error"]["details"]
    assert detail["loc"] == ["body", "payload", "observations", 0]
    assert "time" in detail["message"] and "1900-01-01" in detail["message"]


@pytest.mark.parametrize(
    ("time", "status"),
    [
        ("2026-03-02T07:00:00-14:00", 200),
        ("2026-03-02T07:00:00+14:00", 200),
        ("2026-03-02T07:00:00-14:01", 422),
        ("2026-03-02T07:00:00+23:59", 422),
    ],
)
def test_observation_offsets_are_those_of_time_zones(
    station_key: str, time: str, status: int
) -> None:
    response = observe(station_key, time=time)
    assert response.status_code == status, response.content
    if status == 422:
        [detail] = response.json()["error"]["details"]
        assert "time" in detail["message"] and "+14:00" in detail["message"]


@pytest.mark.parametrize("row", [{"time": "2026-03-02 24:00"}, {"time": "never"}, {"time": 1e300}])
def test_a_time_that_is_no_time_is_refused_with_its_row(station_key: str, row: dict) -> None:
    response = observe(station_key, **row)
    assert response.status_code == 200
    [rejected] = response.json()["rejected"]
    assert rejected["reasons"] == [f"time: not a date and time: {row['time']!r}"]


@pytest.mark.parametrize("value", ["\x00", "\ud800", ["a", {"b": "\udfff"}]])
def test_observation_texts_a_database_cannot_store_are_a_422(station_key: str, value: Any) -> None:
    response = observe(station_key, time="2026-03-02 07:00", invalid=value)
    assert response.status_code == 422
    assert "控制字符" in response.json()["error"]["details"][0]["message"]


def test_a_body_over_the_upload_limit_is_a_400(station_key: str, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = observe(station_key, time="2026-03-02 07:00", station="x" * 2000)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def apply(**changes: Any) -> Any:
    body = {**PERSON, "privacy_acknowledged": True, **changes}
    return Client().post(
        "/api/v1/foi/applications", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("born", "status"),
    [
        ("19000101", 201),  # the earliest date of birth the form accepts
        ("18991231", 422),
        ("00010101", 422),
        ("99991231", 422),
        ("20260230", 422),
    ],
)
def test_the_date_of_birth_in_an_id_number(born: str, status: int) -> None:
    response = apply(id_number=resident_id("110101" + born + "123"))
    assert response.status_code == status, response.content
    if status == 422:
        assert [d["loc"][-1] for d in response.json()["error"]["details"]] == ["id_number"]


@pytest.mark.parametrize("name", ["林\x00晓梅", "林\ud800晓梅"])
def test_application_texts_a_database_cannot_store_are_a_422(name: str) -> None:
    response = apply(name=name)
    assert response.status_code == 422
    [detail] = response.json()["error"]["details"]
    assert detail["loc"] == ["body", "payload", "name"]


def test_application_text_keeps_its_lines_and_tabs() -> None:
    assert (
        apply(description="请公开：\n\t1. 自行监测数据；\r\n\t2. 排污许可证。").status_code == 201
    )


def test_an_application_over_the_upload_limit_is_a_400(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = apply(description="数据" * 1000)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
