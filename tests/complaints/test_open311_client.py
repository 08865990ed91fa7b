"""A third-party Open311 client against our server: ``georeport`` (PyPI, "Python wrapper
for the Open311 GeoReport v2 API") lists the services, reads a service definition and
fetches requests, in JSON and in XML (which it parses with xmltodict). georeport cannot
post, so the request is posted as any GeoReport client does it (a form POST with
``requests``), then fetched back with georeport.

georeport speaks HTTP through ``requests``; a transport adapter hands its requests to
Django's test client, so the client's own code runs unchanged against the real views and
the test database (no server thread, no network).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.test import Client
from georeport import GeoReport
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from lantian.complaints.models import Category, Complaint
from lantian.core.apikeys import issue_key
from tests.complaints.conftest import SHANGHAI

pytestmark = pytest.mark.django_db

ROOT = "http://testserver/open311/v2"
NOW = datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)


class DjangoAdapter(BaseAdapter):
    """A ``requests`` transport that answers from Django's test client."""

    def __init__(self) -> None:
        super().__init__()
        self.client = Client()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        body = request.body or b""
        answer = self.client.generic(
            request.method,
            path,
            data=body.encode() if isinstance(body, str) else body,
            content_type=request.headers.get("Content-Type", ""),
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(dict(answer.items()))
        response._content = answer.content
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``requests`` call to http://testserver goes to the Django test client."""
    adapter = DjangoAdapter()
    original = requests.Session.get_adapter

    def get_adapter(self: requests.Session, url: str) -> BaseAdapter:
        return adapter if url.startswith("http://testserver/") else original(self, url)

    monkeypatch.setattr(requests.Session, "get_adapter", get_adapter)


@pytest.fixture
def api_key(demo: Any) -> str:
    return issue_key(actor=None, name="12345 市民热线平台", scopes=["open311"])[1]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_lists_services_and_reads_a_definition(
    fmt: str, transport: None, categories: dict[str, Category]
) -> None:
    client = GeoReport(ROOT, jurisdiction="lantian.demo", output_format=fmt)
    listed = {s["service_code"]: s for s in client.get_service_list()}
    assert set(listed) == {c.code for c in Category.objects.filter(is_active=True)}
    assert listed["air"]["service_name"] == "大气"
    assert str(listed["air"]["metadata"]).lower() == "true"

    definition = client.get_service_definition("air")
    assert definition["service_code"] == "air"
    attributes = definition["attributes"]
    if fmt == "xml":  # xmltodict: <attributes><attribute>… → {"attribute": [...]}
        attributes = attributes["attribute"]
    assert [a["code"] for a in attributes] == ["pollution_time", "odour"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_posted_request_is_fetched_back_by_the_client(
    fmt: str, transport: None, categories: dict[str, Category], api_key: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        posted = requests.post(
            f"{ROOT}/requests.{fmt}",
            data={
                "api_key": api_key,
                "jurisdiction_id": "lantian.demo",
                "service_code": "air",
                "lat": "31.2989",
                "long": "120.5853",
                "attribute[pollution_time]": "night",
                "first_name": "晓梅",
                "last_name": "林",
                "email": "linxm@example.cn",
                "description": "园区东侧化工厂夜间排放刺鼻气体。",
            },
            timeout=5,
        )
        assert posted.status_code == 200, posted.text
        client = GeoReport(ROOT, jurisdiction="lantian.demo", output_format=fmt)
        if fmt == "json":
            case_no = posted.json()[0]["service_request_id"]
        else:
            import xmltodict

            case_no = xmltodict.parse(posted.content)["service_requests"]["request"][
                "service_request_id"
            ]
        assert Complaint.objects.get(case_no=case_no).channel == "online"

        fetched = client.get_service_request(case_no)
        listed = client.get_service_requests(service_code="air", status="open")
    assert fetched["service_request_id"] == case_no
    assert fetched["status"] == "open" and fetched["service_code"] == "air"
    assert fetched["requested_datetime"] == "2026-11-02T10:00:00+08:00"
    # one request in the list: xmltodict gives a dict, JSON a list of one
    listed = listed if isinstance(listed, list) else [listed]
    assert [r["service_request_id"] for r in listed] == [case_no]
    assert "林晓梅" not in str(fetched) and "linxm@example.cn" not in str(listed)


def test_the_client_sees_the_errors(transport: None, categories: dict[str, Category]) -> None:
    client = GeoReport(ROOT, jurisdiction="elsewhere.example", output_format="json")
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_list()
    assert raised.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as raised:
        GeoReport(ROOT).get_service_definition("nothing")
    assert raised.value.response.status_code == 404
