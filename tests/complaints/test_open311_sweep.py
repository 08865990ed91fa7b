"""No parameter of the Open311 GeoReport v2 endpoints (/open311/, outside the OpenAPI
document that tests/config/test_api_sweep.py drives) reaches a 500 (issue 15, item 4):
Hypothesis drives their dates, codes, lists and formats with a fixed seed and a bounded
number of examples."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantian.complaints.models import Category

pytestmark = pytest.mark.django_db

SWEEP = settings(
    derandomize=True,  # a fixed seed: the same examples on every run
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORMATS = st.sampled_from(["json", "xml", "JSON", "html", "x" * 10, "0"])
ODD_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "%",
            "../..",
            "城市",
            "\ufffd",
            "x" * 5000,
            ",,,",
            "open,closed",
        ]
    ),
    st.text(max_size=120),
    st.binary(max_size=20),  # percent-encoded raw bytes: invalid UTF-8, NUL, ...
)
TIMES = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "1899-12-31T23:59:59Z",
            "2101-01-01T00:00:00Z",
            "2026-01-01T00:00:00+23:59",
            "2026-01-01T24:00:00Z",
            "2026-02-30T00:00:00Z",
            "99999999999999999999",
            "0000-00-00",
            "yesterday",
        ]
    ),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        datetime.isoformat
    ),
    ODD_TEXT,
)
PARAMETERS = {
    "start_date": TIMES,
    "end_date": TIMES,
    "status": ODD_TEXT,
    "service_code": ODD_TEXT,
    "service_request_id": ODD_TEXT,
    "jurisdiction_id": ODD_TEXT,
}


def encoded(value: str | bytes) -> str:
    return quote(value, safe="")


@pytest.fixture
def services_exist(demo: Any) -> None:
    from lantian.complaints import services

    services.ensure_defaults()
    assert Category.objects.exists()


@SWEEP
@given(data=st.data())
def test_no_query_of_the_requests_list_reaches_a_500(
    data: st.DataObject, services_exist: None
) -> None:
    fmt = data.draw(FORMATS, label="format")
    query = [
        f"{name}={encoded(data.draw(strategy, label=name))}"
        for name, strategy in PARAMETERS.items()
        if data.draw(st.booleans(), label=f"send {name}")
    ]
    cache.clear()  # a rate limit is not what is swept
    response = Client().get(f"/open311/v2/requests.{encoded(fmt)}?" + "&".join(query))
    assert response.status_code < 500, response.content[:500]


@SWEEP
@given(data=st.data())
def test_no_path_of_a_single_record_reaches_a_500(
    data: st.DataObject, services_exist: None
) -> None:
    kind = data.draw(st.sampled_from(["services", "requests", "tokens"]), label="kind")
    key = data.draw(ODD_TEXT, label="key") or "x"
    fmt = data.draw(FORMATS, label="format")
    jurisdiction = data.draw(ODD_TEXT, label="jurisdiction_id")
    cache.clear()
    response = Client().get(
        f"/open311/v2/{kind}/{encoded(key)}.{encoded(fmt)}?jurisdiction_id={encoded(jurisdiction)}"
    )
    assert response.status_code < 500, response.content[:500]


@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/services/%00.json",
        "/open311/v2/requests/%00.json",
        "/open311/v2/requests.json?service_code=%00",
        "/open311/v2/requests.xml?start_date=2026-01-01%00",
    ],
)
def test_a_nul_in_a_path_or_query_is_a_400_naming_it(path: str) -> None:
    answer = Client().get(path)
    assert answer.status_code == 400
    assert b"control characters" in answer.content or "控制字符".encode() in answer.content
