"""No request body can reach a 500, and every status is documented.

Every POST endpoint of the OpenAPI document is driven with Hypothesis: its JSON body is
built from the operation's ``requestBody`` schema (hypothesis-jsonschema is not
installed, so the strategies below read the schema themselves). Each property is kept
from a body the endpoint accepts, left out, or replaced by an odd value of its kind:
extreme and invalid dates (0001-01-01, 9999-12-31, …), huge, negative and non-finite
numbers, empty, long, control-character and odd Unicode text, values of the wrong type;
rows of free-form objects get the same in each column. Now and then the body as a whole
is not JSON, or not an object. Endpoints behind a key are called without one, with a
bad one, with a key of another scope, and with each kind of valid key. No answer may be
a 5xx, every status must be one the operation documents, and an error is in the error
format.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantian.config.api import api
from lantian.core.apikeys import issue_key
from lantian.sources import services as sources_services
from tests.config import test_api_sweep as get_sweep  # a module: its tests are not collected again
from tests.config.air_data import STATION, a_station
from tests.foi.public import PERSON
from tests.sources.conftest import POWER_PLANT, WWTP, Plants, plants  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

SWEEP = settings(
    derandomize=True,  # a fixed seed: the same examples on every run
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
NOW = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday

# As clients read it: JSON, where the status codes of ``responses`` are strings.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema()))
POST_PATHS = sorted(path for path, methods in DOCUMENT["paths"].items() if "post" in methods)

# ---------------------------------------------------------------- bodies the endpoints accept

SOURCES_ROW = {
    "credit_code": POWER_PLANT,
    "outlet_code": "DA001",
    "pollutant": "a21026",
    "start": "2026-03-01T10:00:00+08:00",
    "end": "2026-03-01T11:00:00+08:00",
    "value": 50.0,
    "unit": "mg/m3",
    "o2": 6.0,
    "flag": "N",
}
VALID: dict[str, dict[str, Any]] = {
    "/api/v1/air/observations": {
        "units": {"co": "mg/m3"},
        "observations": [
            {"station": STATION, "time": "2026-03-02 07:00", "pm25": 50, "pm10": 60, "co": 0.6}
        ],
    },
    "/api/v1/complaints": {
        "channel": "online",
        "category": "air",
        "title": "化工厂夜间排放刺鼻气体",
        "description": "每天夜里十点以后，园区东侧化工厂排放刺鼻气体，附近居民无法开窗。",
        "address": "江苏省示范市东城区人民路100号",
        "latitude": 31.2989,
        "longitude": 120.5853,
        "attributes": {"pollution_time": "night", "odour": "chemical"},
        "name": "林晓梅",
        "phone": "13962158877",
        "email": "linxm@example.cn",
        "agrees_to_publication": True,
        "privacy_acknowledged": True,
    },
    "/api/v1/foi/applications": {**PERSON, "privacy_acknowledged": True},
    "/api/v1/sources/observations": {
        "observations": [SOURCES_ROW, {**SOURCES_ROW, "credit_code": WWTP, "outlet_code": "DW001"}]
    },
}

# ---------------------------------------------------------------- odd values

DATES = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-14:00",
    "1899-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z",
    "2026-03-01T10:00:00+23:59",
    "2026-02-30",
    "2026-13-01",
    "2026-01-01T24:00:00",
    "0000-00-00",
    "99999-01-01",
    "-2026-01-01",
    "today",
]
NUMBERS: list[Any] = [
    0,
    -1,
    -0.0,
    1e-320,
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    2**31,
    2**63,
    -(2**63) - 1,
    10**40,
    -(10**40),
    "9" * 40,
    "1e999",
    "abc",
    "",
]
TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\n",
    "\u202e",
    "\ud800",  # a lone surrogate: JSON may carry it, UTF-8 may not
    "\ufffd",
    "%",
    "../..",
    "<script>alert(1)</script>",
    "城市",
    "x" * 10_000,
    "Ω" * 300,
]
WRONG_TYPES: list[Any] = [None, True, [], {}, ["x"], {"a": 1}]
ODD_BODIES = [b"", b"{", b"null", b"[]", b'"x"', b"1", b"\xff\xfe", b'{"a":' * 200, b"{}"]

cells = st.one_of(
    st.sampled_from(DATES + NUMBERS + TEXTS + WRONG_TYPES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.text(max_size=50),
)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema behind a ``$ref``, without its ``anyOf [..., null]`` wrapping."""
    if "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return resolve({**{k: v for k, v in schema.items() if k != "anyOf"}, **option})
    return schema


def odd(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Odd values for a property of ``schema``: its edges and extremes, and wrong types."""
    schema = resolve(schema)
    kind = schema.get("type")
    wrong = st.sampled_from(WRONG_TYPES)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"] + TEXTS[:8]), wrong)
    if kind in ("number", "integer"):
        edges = [
            schema[key] + step
            for key in ("minimum", "maximum")
            if key in schema
            for step in (-1, -1e-9, 0, 1e-9, 1)
        ]
        return st.one_of(
            st.sampled_from(edges + NUMBERS),
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(),
            wrong,
        )
    if kind == "boolean":
        return st.sampled_from([True, False, "on", "true", "no", 1, 0, None, []])
    if kind == "array":
        items = schema.get("items", {})
        return st.one_of(st.lists(odd(items), max_size=4), st.sampled_from(TEXTS[:6]), wrong)
    if kind == "object" or "properties" in schema or "additionalProperties" in schema:
        keys = st.one_of(st.sampled_from(TEXTS[:8]), st.text(max_size=20))
        return st.one_of(st.dictionaries(keys, cells, max_size=5), wrong)
    longest = schema.get("maxLength", 200)
    return st.one_of(
        st.sampled_from([*TEXTS, *DATES[:6], "x" * longest, "x" * (longest + 1)]),
        st.text(max_size=longest + 5),
        st.sampled_from(NUMBERS[:6] + WRONG_TYPES),
    )


@st.composite
def mutated(draw: st.DrawFn, schema: dict[str, Any], example: Any) -> Any:
    """``example`` (accepted by the endpoint) with a few parts replaced by odd values, so
    that each odd value reaches the checks behind the others (or the service)."""
    schema = resolve(schema)
    if isinstance(example, dict):
        properties = schema.get("properties", {})
        free = schema.get("additionalProperties")
        names = sorted({*properties, *example})
        changed = draw(st.sets(st.sampled_from(names), max_size=3), label="changed")
        body = {name: value for name, value in example.items() if name not in changed}
        for name in sorted(changed):
            sub = properties.get(name) or (free if isinstance(free, dict) else {})
            how = draw(st.sampled_from(["odd", "odd", "deeper", "omitted"]), label=name)
            if how == "omitted":
                continue
            if how == "deeper" and isinstance(example.get(name), dict | list):
                body[name] = draw(mutated(sub, example[name]))
            else:
                body[name] = draw(odd(sub) if sub else cells)
        if draw(st.integers(0, 9)) == 0:  # an unknown key now and then
            body[draw(st.sampled_from(["extra", "", "\x00", "id", "pk"]))] = draw(cells)
        return body
    if isinstance(example, list) and example:
        items = schema.get("items", {})
        how = draw(st.sampled_from(["rows", "rows", "rows", "empty", "odd"]), label="list")
        if how == "empty":
            return []
        if how == "odd":
            return draw(odd(schema))
        count = draw(st.integers(1, 4))
        return [draw(mutated(items, draw(st.sampled_from(example)))) for _ in range(count)]
    return draw(odd(schema) if schema else cells)


PLAIN = {"string": "x", "integer": 1, "number": 0, "boolean": True, "array": [], "object": {}}


def example_of(path: str, schema: dict[str, Any]) -> Any:
    """A body the endpoint accepts (``VALID``), or for an endpoint new to the sweep one
    with a plain value for each required property."""
    if path in VALID:
        return VALID[path]
    schema = resolve(schema)
    return {
        name: PLAIN.get(resolve(schema["properties"][name]).get("type"), "x")
        for name in schema.get("required", [])
    }


def bodies(path: str) -> st.SearchStrategy[bytes]:
    operation = DOCUMENT["paths"][path]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    encoded = mutated(schema, example_of(path, schema)).map(
        lambda body: json.dumps(body, ensure_ascii=False, allow_nan=True).encode(
            "utf-8", "surrogatepass"
        )
    )
    return st.one_of(encoded, encoded, encoded, encoded, st.sampled_from(ODD_BODIES))


# ---------------------------------------------------------------- keys


def operation_of(path: str) -> dict[str, Any]:
    return DOCUMENT["paths"][path]["post"]


def keys_for(path: str, enterprises: Plants) -> dict[str, str | None]:
    """The Authorization headers to try: none and bad ones, and each kind of valid key."""
    _record, other_scope = issue_key(actor=None, name="别的用途", scopes=["reports:read"])
    headers: dict[str, str | None] = {
        "none": None,
        "not a key": "Bearer lt_not-a-key",
        "another scope": f"Bearer {other_scope}",
        "not bearer": f"Basic {other_scope}",
    }
    schemes = {
        name for requirement in operation_of(path).get("security", []) for name in requirement
    }
    if path == "/api/v1/air/observations":
        _record, key = issue_key(actor=None, name="自动站数据平台", scopes=["air:ingest"])
        headers["air:ingest"] = f"Bearer {key}"
    elif "SubmitterKey" in schemes:
        _record, key = issue_key(actor=None, name="监控平台", scopes=["sources:submit-any"])
        headers["sources:submit-any"] = f"Bearer {key}"
        bound, key = issue_key(actor=None, name="示范热电", scopes=["sources:submit"])
        sources_services.bind_key(actor=None, api_key=bound, enterprise=enterprises.power)
        headers["sources:submit, bound"] = f"Bearer {key}"
        _record, key = issue_key(actor=None, name="未绑定", scopes=["sources:submit"])
        headers["sources:submit, unbound"] = f"Bearer {key}"
    return headers


# ---------------------------------------------------------------- the sweep


@pytest.fixture
def endpoints_data(demo: Any, plants: Plants) -> Plants:  # noqa: F811
    """The demo bureau (complaint categories), a station and two enterprises with
    outlets, so that the bodies the sweep keeps reach the services."""
    a_station()
    return plants


@pytest.fixture
def keys(request: pytest.FixtureRequest, endpoints_data: Plants) -> dict[str, str | None]:
    """The headers for the test's ``path``, issued once for all its examples."""
    return keys_for(request.node.callspec.params["path"], endpoints_data)


@pytest.mark.parametrize("path", POST_PATHS)
@SWEEP
@given(data=st.data())
def test_no_post_body_reaches_a_500(
    path: str, data: st.DataObject, keys: dict[str, str | None]
) -> None:
    operation = DOCUMENT["paths"][path]["post"]
    headers: dict[str, str] = {}
    if operation.get("security"):
        valid = [name for name in keys if ":" in name]
        # mostly a valid key (three times in four), so that the bodies reach the endpoint
        among = valid if data.draw(st.integers(0, 3), label="valid key?") else list(keys)
        which = data.draw(st.sampled_from(among), label="key")
        if keys[which] is not None:
            headers["HTTP_AUTHORIZATION"] = keys[which]
    path_values: dict[str, str | bytes] = {}
    for parameter in operation.get("parameters", []):
        value = st.one_of(st.just("1"), get_sweep.strategy(parameter["schema"]))
        if parameter["in"] == "path":
            path_values[parameter["name"]] = data.draw(value, label=parameter["name"])
    body = data.draw(bodies(path), label="body")
    cache.clear()  # the submission rate limits are not what is swept
    with time_machine.travel(NOW, tick=False):
        response = Client().post(
            get_sweep.url_for(path, path_values, []),
            body,
            content_type="application/json",
            **headers,
        )

    assert response.status_code < 500, response.content[:2000]
    assert str(response.status_code) in operation["responses"], (
        f"{path} answered {response.status_code}, not documented: {response.content[:500]!r}"
    )
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code


def test_the_sweep_finds_the_post_endpoints_in_the_document() -> None:
    assert set(VALID) <= set(POST_PATHS)
    for path in POST_PATHS:
        assert "requestBody" in DOCUMENT["paths"][path]["post"], path


@pytest.mark.parametrize("path", sorted(VALID))
def test_the_kept_bodies_are_accepted(path: str, keys: dict[str, str | None]) -> None:
    """The sweep's starting points reach the service: a 2xx with a valid key."""
    operation = DOCUMENT["paths"][path]["post"]
    headers = {}
    if operation.get("security"):
        headers["HTTP_AUTHORIZATION"] = next(v for k, v in keys.items() if ":" in k and v)
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        response = Client().post(path, VALID[path], content_type="application/json", **headers)
    assert 200 <= response.status_code < 300, response.content
