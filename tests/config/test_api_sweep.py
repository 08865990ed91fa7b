"""No parameter can reach a 500, and every error status is documented.

Every GET endpoint of the OpenAPI document is driven with Hypothesis: each of its path
and query parameters gets extreme dates (0001-01-01, 9999-12-31, each bound and the day
past it), huge, negative and non-numeric numbers, and empty, long, control-character
and invalid-UTF-8 text. No answer may be a 5xx, every status must be one the endpoint
documents, and a 422 must name the parameters it refuses.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantian.config.api import api
from tests.config.air_data import a_few_hours, a_station

pytestmark = pytest.mark.django_db

SWEEP = settings(
    derandomize=True,  # a fixed seed: the same examples on every run
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# As clients read it: JSON, where the status codes of ``responses`` are strings.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema()))
GET_PATHS = sorted(path for path, methods in DOCUMENT["paths"].items() if "get" in methods)

# ---------------------------------------------------------------- strategies per schema

FAR_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "0000-00-00"]
BAD_DATES = ["", "2026-02-30", "2026-13-01", "99999-01-01", "-2026-01-01", "today", "1e9"]
MINUTES_A_DAY = 24 * 60
OFFSETS = st.integers(-MINUTES_A_DAY + 1, MINUTES_A_DAY - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
ODD_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\n",
    "%",
    "../..",
    "城市",
    "\ufffd",
    "x" * 10_000,
    "1001A",
    "city",
    # months, for a YYYY-MM parameter
    "0001-01",
    "9999-12",
    "1899-12",
    "1900-01",
    "2100-12",
    "2101-01",
    "2026-00",
    "2026-13",
]
ODD_NUMBERS = ["", "abc", "1.5", "1e3", "0x10", " 1", "１", "NaN", "-0", "9" * 40, "-" + "9" * 40]


def _day_around(bound: str) -> list[str]:
    day = date.fromisoformat(bound)
    return [(day + timedelta(days=n)).isoformat() for n in (-1, 0, 1)]


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its ``anyOf [..., null]`` wrapping."""
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return {**schema, **option}
    return schema


def _dates(schema: dict[str, Any]) -> st.SearchStrategy[str | bytes]:
    edges = [
        d
        for key in ("formatMinimum", "formatMaximum")
        if key in schema
        for d in _day_around(schema[key])
    ]
    return st.one_of(
        st.sampled_from(FAR_DATES + BAD_DATES + edges),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    )


def _datetimes(schema: dict[str, Any]) -> st.SearchStrategy[str | bytes]:
    times = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
    extremes = [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59-14:00",
        "1900-01-01T00:00:00+23:59",
        "2100-12-31T23:59:59-23:59",
        "2101-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "99999999999999999999",
        "2026-01-01T24:00:00",
    ]
    return st.one_of(
        st.sampled_from(extremes + FAR_DATES + BAD_DATES),
        times.map(datetime.isoformat),
        st.tuples(times, OFFSETS).map(lambda pair: pair[0].replace(tzinfo=pair[1]).isoformat()),
    )


def _integers(schema: dict[str, Any]) -> st.SearchStrategy[str | bytes]:
    edges = [
        str(schema[key] + step)
        for key in ("minimum", "maximum")
        if key in schema
        for step in (-1, 0, 1)
    ]
    return st.one_of(
        st.sampled_from(edges + ODD_NUMBERS + ["0", "-1", str(2**63), str(-(2**63) - 1)]),
        st.integers().map(str),
    )


def _texts(schema: dict[str, Any]) -> st.SearchStrategy[str | bytes]:
    longest = schema.get("maxLength", 100)
    return st.one_of(
        st.sampled_from([*ODD_TEXT, "x" * longest, "x" * (longest + 1)]),
        st.text(max_size=longest + 5),
        st.binary(max_size=20),  # raw bytes, percent-encoded: invalid UTF-8, NUL, ...
    )


def strategy(schema: dict[str, Any]) -> st.SearchStrategy[str | bytes]:
    schema = _plain(schema)
    if schema.get("type") == "integer":
        return _integers(schema)
    if schema.get("format") == "date":
        return _dates(schema)
    if schema.get("format") == "date-time":
        return _datetimes(schema)
    return _texts(schema)


def url_for(
    path: str, path_values: dict[str, str | bytes], query: list[tuple[str, str | bytes]]
) -> str:
    for name, value in path_values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    if query:
        path += "?" + "&".join(f"{name}={quote(value, safe='')}" for name, value in query)
    return path


# ---------------------------------------------------------------- data to find


@pytest.fixture
def air_hours(db: Any) -> None:
    """A station and a few hours, so the air endpoints have rows to read."""
    a_station()
    a_few_hours()


# ---------------------------------------------------------------- the sweep


@pytest.mark.parametrize("path", GET_PATHS)
@SWEEP
@given(data=st.data())
def test_no_get_parameter_reaches_a_500(path: str, data: st.DataObject, air_hours: None) -> None:
    operation = DOCUMENT["paths"][path]["get"]
    path_values: dict[str, str | bytes] = {}
    query: list[tuple[str, str | bytes]] = []
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if not parameter.get("required") and data.draw(st.booleans(), label=f"omit {name}"):
            continue
        value = data.draw(strategy(parameter["schema"]), label=name)
        if parameter["in"] == "path":
            path_values[name] = value
        else:
            query.append((name, value))
    cache.clear()  # the tracking endpoint's rate limit is not what is swept
    response = Client().get(url_for(path, path_values, query))

    assert response.status_code < 500, response.content
    assert str(response.status_code) in operation["responses"], (
        f"{path} answered {response.status_code}, not documented"
    )
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code
    if response.status_code == 422:
        sent = {*path_values, *(name for name, _value in query)}
        for detail in error["details"]:
            assert detail["loc"][-1] in sent, detail


def test_the_sweep_finds_the_get_endpoints_in_the_document() -> None:
    assert {
        "/api/v1/calendar/add-working-days",
        "/api/v1/calendar/day",
        "/api/v1/air/hourly",
        "/api/v1/air/daily",
        "/api/v1/air/forecast",
        "/api/v1/disclosures",
        "/api/v1/disclosures/{index_no}",
        "/api/v1/foi/applications/{tracking_code}",
    } <= set(GET_PATHS)


# ---------------------------------------------------------------- what the document says


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in DOCUMENT["paths"].items()
        for method, operation in methods.items()
    ]


@pytest.mark.parametrize(
    ("method", "path", "operation"), _operations(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_parameter_is_bounded_in_the_document(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    for parameter in operation.get("parameters", []):
        schema = _plain(parameter["schema"])
        if schema.get("type") == "integer":
            assert {"minimum", "maximum"} <= set(schema), parameter
        elif schema.get("format") in ("date", "date-time"):
            assert {"formatMinimum", "formatMaximum"} <= set(schema), parameter
        else:
            assert "maxLength" in schema, parameter


@pytest.mark.parametrize(
    ("method", "path", "operation"), _operations(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_refusal_is_documented_in_the_error_format(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    responses = operation["responses"]
    if operation.get("parameters") or operation.get("requestBody"):
        assert "422" in responses, f"{method} {path} can refuse a parameter"
    if operation.get("requestBody"):
        assert "400" in responses, f"{method} {path} can get an unreadable body"
    for status, response in responses.items():
        if 400 <= int(status) < 500:
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
