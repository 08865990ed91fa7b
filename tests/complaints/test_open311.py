"""Open311 GeoReport v2 under /open311/: discovery, services and their definitions,
posting a request with an API key, the public request list (90-day window, 1,000 cap,
filters), one request, tokens; every answer in JSON and in XML read with a real XML
parser; the spec's errors (400, 403, 404) in both formats; no personal data anywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from lantian.complaints import selectors, services
from lantian.complaints.models import Category, Complaint, RoutingRule
from lantian.core.apikeys import issue_key
from lantian.core.models import Department
from lantian.core.roles import Role
from tests.complaints.conftest import SHANGHAI, at

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
FORMATS = ["json", "xml"]
NOW = datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)

# What a complainant gives that must never come back from the public API.
PERSONAL = {
    "first_name": "晓梅",
    "last_name": "林",
    "phone": "13962158877",
    "email": "linxm@example.cn",
}
PERSONAL_VALUES = ("林晓梅", "13962158877", "linxm@example.cn", "人民路100号", "320502198803151234")

ODOUR_QUESTIONS = [
    {
        "code": "smell",
        "datatype": "singlevaluelist",
        "required": True,
        "description": "气味",
        "description_en": "What does it smell like?",
        "order": 1,
        "values": [
            {"key": "sour", "name": "酸味", "name_en": "Sour"},
            {"key": "burnt", "name": "焦糊味", "name_en": "Burnt"},
        ],
    },
    {
        "code": "hours",
        "datatype": "number",
        "required": False,
        "description": "持续小时数",
        "description_en": "For how many hours?",
        "datatype_description": "小时",
        "order": 2,
    },
    {
        "code": "days",
        "datatype": "multivaluelist",
        "required": False,
        "description": "哪几天",
        "order": 3,
        "values": [{"key": "mon", "name": "周一"}, {"key": "tue", "name": "周二"}],
    },
    {
        "code": "since",
        "datatype": "datetime",
        "required": False,
        "description": "从何时起",
        "order": 4,
    },
    {
        "code": "where",
        "datatype": "string",
        "required": False,
        "description": "具体位置",
        "order": 5,
    },
]


@pytest.fixture
def odour(demo: Any) -> Category:
    return Category.objects.create(
        code="odour",
        name="异味扰民",
        name_en="Odour nuisance",
        description="工业或餐饮异味",
        description_en="Odour from industry or restaurants",
        keywords="异味，臭味 气味",
        attributes=ODOUR_QUESTIONS,
        sort_order=99,
    )


@pytest.fixture
def api_key(demo: Any) -> str:
    _record, key = issue_key(actor=None, name="12345 市民热线平台", scopes=["open311"])
    return key


def parse(response: Any) -> ET.Element:
    """The body as XML, read by a real parser (raises on anything ill-formed)."""
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def get(path: str, fmt: str, client: Client | None = None, **params: Any) -> Any:
    return (client or Client()).get(f"{BASE}/{path}.{fmt}", params)


def errors_of(response: Any, fmt: str) -> list[dict[str, Any]]:
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return response.json()
    root = parse(response)
    assert root.tag == "errors"
    return [
        {"code": int(e.findtext("code")), "description": e.findtext("description")}
        for e in root.findall("error")
    ]


def assert_error(response: Any, fmt: str, status: int, *words: str) -> None:
    assert response.status_code == status, response.content
    errors = errors_of(response, fmt)
    assert errors and all(e["code"] == status and e["description"] for e in errors)
    text = " ".join(e["description"] for e in errors)
    for word in words:
        assert word in text, text


def requests_of(response: Any, fmt: str) -> list[dict[str, Any]]:
    """A service_requests answer as a list of dicts (XML texts; empty elements None)."""
    assert response.status_code == 200, response.content
    if fmt == "json":
        return response.json()
    root = parse(response)
    assert root.tag == "service_requests"
    return [{child.tag: child.text for child in item} for item in root.findall("request")]


def ids_of(response: Any, fmt: str) -> list[str]:
    return [r["service_request_id"] for r in requests_of(response, fmt)]


# ---------------------------------------------------------------- discovery, services


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_endpoint_and_formats(fmt: str) -> None:
    response = Client().get(f"/open311/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        endpoint = response.json()["endpoints"][0]
        formats = endpoint["formats"]
    else:
        root = parse(response)
        assert root.tag == "discovery"
        endpoint_el = root.find("endpoints/endpoint")
        endpoint = {child.tag: child.text for child in endpoint_el}
        formats = [f.text for f in endpoint_el.findall("formats/format")]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production"
    assert set(formats) == {"text/xml", "application/json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_services_are_the_active_categories(fmt: str, odour: Category) -> None:
    Category.objects.create(code="retired", name="已停用类别", is_active=False)
    response = get("services", fmt)
    assert response.status_code == 200
    if fmt == "json":
        services_ = {s["service_code"]: s for s in response.json()}
    else:
        root = parse(response)
        assert root.tag == "services"
        services_ = {
            s.findtext("service_code"): {c.tag: c.text for c in s} for s in root.findall("service")
        }
    assert "retired" not in services_
    assert set(Category.objects.filter(is_active=True).values_list("code", flat=True)) == set(
        services_
    )
    service = services_["odour"]
    assert service["service_name"] == "异味扰民"  # Chinese by default
    assert service["description"] == "工业或餐饮异味"
    assert service["keywords"] == "异味, 臭味, 气味"
    assert service["type"] == "realtime"
    assert service["group"]
    true, false = (True, False) if fmt == "json" else ("true", "false")
    assert service["metadata"] == true
    assert services_["water"]["metadata"] == false  # no extra questions


def test_service_names_in_english_when_chosen(odour: Category) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    names = {s["service_code"]: s["service_name"] for s in get("services", "json", client).json()}
    assert names["odour"] == "Odour nuisance"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_lists_the_questions(fmt: str, odour: Category) -> None:
    response = get("services/odour", fmt)
    assert response.status_code == 200
    if fmt == "json":
        body = response.json()
        assert body["service_code"] == "odour"
        attributes = body["attributes"]
        smell = attributes[0]
        values = smell["values"]
        assert smell["variable"] is True and smell["required"] is True and smell["order"] == 1
    else:
        root = parse(response)
        assert root.tag == "service_definition"
        assert root.findtext("service_code") == "odour"
        items = root.findall("attributes/attribute")
        attributes = [{c.tag: c.text for c in a} for a in items]
        smell = attributes[0]
        values = [{c.tag: c.text for c in v} for v in items[0].findall("values/value")]
        assert smell["variable"] == "true" and smell["required"] == "true"
        assert smell["order"] == "1"
    assert [a["code"] for a in attributes] == ["smell", "hours", "days", "since", "where"]
    assert [a["datatype"] for a in attributes] == [
        "singlevaluelist",
        "number",
        "multivaluelist",
        "datetime",
        "string",
    ]
    assert smell["description"] == "气味"
    assert values == [{"key": "sour", "name": "酸味"}, {"key": "burnt", "name": "焦糊味"}]
    assert attributes[1]["datatype_description"] == "小时"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_or_retired_service_is_404(fmt: str, demo: Any) -> None:
    Category.objects.create(code="retired", name="已停用类别", is_active=False)
    assert_error(get("services/nothing", fmt), fmt, 404, "nothing")
    assert_error(get("services/retired", fmt), fmt, 404, "retired")


def test_an_unknown_format_is_404_in_xml(demo: Any) -> None:
    response = Client().get(f"{BASE}/services.csv")
    assert_error(response, "xml", 404, "csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_jurisdiction(fmt: str, settings: Any, demo: Any) -> None:
    settings.OPEN311_JURISDICTION_ID = "sthjj.demo.gov.cn"
    assert get("services", fmt, jurisdiction_id="sthjj.demo.gov.cn").status_code == 200
    assert get("services", fmt, jurisdiction_id="").status_code == 200  # optional: one served
    assert_error(get("services", fmt, jurisdiction_id="sfgov.org"), fmt, 404, "sfgov.org")
    assert_error(get("requests", fmt, jurisdiction_id="sfgov.org"), fmt, 404, "jurisdiction_id")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_method_is_405(fmt: str, demo: Any) -> None:
    response = Client().delete(f"{BASE}/services.{fmt}")
    assert_error(response, fmt, 405)
    assert "GET" in response["Allow"]


# ---------------------------------------------------------------- posting a request


def post(fmt: str, data: dict[str, Any], client: Client | None = None) -> Any:
    # a real client posts a form (application/x-www-form-urlencoded), with no CSRF token
    client = client or Client(enforce_csrf_checks=True)
    return client.post(f"{BASE}/requests.{fmt}", data)


def odour_request(api_key: str, **changes: Any) -> dict[str, Any]:
    data = {
        "api_key": api_key,
        "service_code": "odour",
        "lat": "31.298765",
        "long": "120.585432",
        "address_string": "江苏省示范市东城区人民路100号",
        "attribute[smell]": "burnt",
        "attribute[hours]": "3.5",
        "attribute[days][]": ["mon", "tue"],
        "description": "人民路北侧烧烤店每晚排放焦糊味油烟，联系电话13962158877。",
        **PERSONAL,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def created_of(response: Any, fmt: str) -> dict[str, Any]:
    [created] = requests_of(response, fmt)
    return created


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_a_request_registers_an_online_case(
    fmt: str, odour: Category, api_key: str
) -> None:
    response = post(fmt, odour_request(api_key))
    created = created_of(response, fmt)
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    assert created["account_id"] is None
    complaint = Complaint.objects.get(case_no=created["service_request_id"])
    assert complaint.channel == "online" and complaint.category == odour
    assert complaint.attributes == {"smell": "burnt", "hours": 3.5, "days": ["mon", "tue"]}
    assert (complaint.latitude, complaint.longitude) == (31.298765, 120.585432)
    assert complaint.address == "江苏省示范市东城区人民路100号"
    assert complaint.name == "林晓梅" and complaint.phone == "13962158877"
    assert complaint.email == "linxm@example.cn" and not complaint.anonymous
    assert complaint.agrees_to_publication is False  # Open311 has no field for consent
    assert complaint.received_on == date(2026, 11, 2)
    # the verification code reaches the keyed client in the notice, and only there
    notice = created["service_notice"]
    code = notice.split("：" if "：" in notice else ": ")[1][:8]
    assert services.check_verification(complaint, code), notice
    # the intake decision is due 15 calendar days after receipt (信访条例 Art. 21)
    assert selectors.case_clock(complaint).intake_due == date(2026, 11, 17)
    assert "2026-11-17" in notice
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@time_machine.travel(NOW, tick=False)
def test_an_address_alone_and_no_contact_is_anonymous(odour: Category, api_key: str) -> None:
    data = odour_request(
        api_key, lat=None, long=None, first_name=None, last_name=None, phone=None, email=None
    )
    created = created_of(post("json", data), "json")
    complaint = Complaint.objects.get(case_no=created["service_request_id"])
    assert complaint.anonymous and complaint.latitude is None and not complaint.name


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_needs_a_key_of_scope_open311(fmt: str, odour: Category, api_key: str) -> None:
    _record, other = issue_key(actor=None, name="station", scopes=["air:ingest"])
    assert_error(post(fmt, odour_request(None)), fmt, 403, "api_key")
    assert_error(post(fmt, odour_request("lt_not-a-key")), fmt, 403, "api_key")
    assert_error(post(fmt, odour_request(other)), fmt, 403, "open311")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("changes", "status", "word"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "nothing"}, 404, "nothing"),
        ({"lat": None, "long": None, "address_string": None}, 400, "address_string"),
        ({"lat": None, "long": None, "address_string": None, "address_id": "7"}, 400, "address_id"),
        ({"long": None}, 400, "long"),
        ({"lat": "91"}, 400, "lat"),
        ({"long": "abc"}, 400, "long"),
        ({"lat": "nan"}, 400, "lat"),
        ({"media_url": "http://example.com/a.jpg"}, 400, "media_url"),
        ({"attribute[smell]": None}, 400, "attribute[smell]"),
        ({"attribute[smell]": "sweet"}, 400, "attribute[smell]"),
        ({"attribute[colour]": "black"}, 400, "attribute[colour]"),
        ({"attribute[hours]": "many"}, 400, "attribute[hours]"),
        ({"attribute[days][]": ["mon", "sun"]}, 400, "attribute[days]"),
        ({"attribute[since]": "yesterday"}, 400, "attribute[since]"),
        ({"attribute[where]": "a\nb"}, 400, "attribute[where]"),
        ({"description": None}, 400, "description"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"description": "a\x00b"}, 400, "description"),
        ({"jurisdiction_id": "sfgov.org"}, 404, "sfgov.org"),
        ({"first_name": None, "last_name": None}, 400, ""),  # a phone without a name
        ({"phone": "12345"}, 400, "phone"),
        ({"email": "nobody"}, 400, "email"),
    ],
)
def test_refused_requests_say_why(
    fmt: str, changes: dict[str, Any], status: int, word: str, odour: Category, api_key: str
) -> None:
    assert_error(post(fmt, odour_request(api_key, **changes)), fmt, status, word)
    assert not Complaint.objects.exists()


def test_several_problems_are_listed_together(odour: Category, api_key: str) -> None:
    data = odour_request(api_key, **{"attribute[smell]": None, "attribute[hours]": "x"})
    errors = errors_of(post("json", data), "json")
    assert len(errors) == 2 and all(e["code"] == 400 for e in errors)


# ---------------------------------------------------------------- the public request list


def make_case(category: Category, submitted: datetime, **fields: Any) -> Complaint:
    """A bare case row (no clock) for the list's filters."""
    number = Complaint.objects.count() + 1
    values: dict[str, Any] = {
        "case_no": f"TS{submitted.year}{90000 + number:05d}",
        "verification_hash": "-",
        "channel": "online",
        "category": category,
        "title": "异味",
        "description": "夜间异味",
        "submitted_at": submitted,
        "received_on": submitted.date(),
        "intake_limit": 15,
        "intake_unit": "calendar_days",
        "handling_limit": 60,
        "handling_unit": "calendar_days",
        "max_extension": 30,
    }
    values.update(fields)
    return Complaint.objects.create(**values)


@pytest.fixture
def spread(categories: dict[str, Category]) -> dict[str, Complaint]:
    """Cases 1, 89 and 91 days before NOW, and an invalid one yesterday."""
    air, water = categories["air"], categories["water"]
    return {
        "new": make_case(air, NOW - timedelta(days=1)),
        "old": make_case(water, NOW - timedelta(days=89), state="replied"),
        "too_old": make_case(air, NOW - timedelta(days=91)),
        "spam": make_case(air, NOW - timedelta(hours=5), state="spam"),
    }


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_default_window_is_the_last_90_days(fmt: str, spread: dict[str, Complaint]) -> None:
    # newest first; the 91-day-old case and the invalid message are not listed
    assert ids_of(get("requests", fmt), fmt) == [spread["new"].case_no, spread["old"].case_no]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_choose_the_window(fmt: str, spread: dict[str, Complaint]) -> None:
    start = (NOW - timedelta(days=100)).isoformat()
    end = (NOW - timedelta(days=20)).isoformat()
    assert ids_of(get("requests", fmt, start_date=start, end_date=end), fmt) == [
        spread["old"].case_no,
        spread["too_old"].case_no,
    ]
    # one side given: 90 days from it
    assert ids_of(get("requests", fmt, start_date=start), fmt) == [
        spread["old"].case_no,
        spread["too_old"].case_no,
    ]
    # a date alone is the start of that day: 3 Aug 00:00 … 1 Nov 00:00
    assert ids_of(get("requests", fmt, start_date=(NOW - timedelta(days=91)).date()), fmt) == [
        spread["old"].case_no,
        spread["too_old"].case_no,
    ]
    end_only = (NOW - timedelta(days=90)).isoformat()  # after the 91-day-old, before the 89
    assert ids_of(get("requests", fmt, end_date=end_only), fmt) == [spread["too_old"].case_no]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90"),
        ({"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}, "end_date"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-02-30T00:00:00Z"}, "end_date"),
        ({"start_date": "0001-01-01T00:00:00Z"}, "start_date"),
        ({"start_date": "2026-01-01T00:00:00+23:00"}, "start_date"),
        ({"status": "pending"}, "status"),
        ({"service_request_id": ",".join(f"TS{n}" for n in range(101))}, "100"),
    ],
)
def test_bad_queries_are_400(fmt: str, params: dict[str, str], word: str, demo: Any) -> None:
    assert_error(get("requests", fmt, **params), fmt, 400, word)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
def test_status_and_service_code_filter(fmt: str, spread: dict[str, Complaint]) -> None:
    assert ids_of(get("requests", fmt, status="open"), fmt) == [spread["new"].case_no]
    assert ids_of(get("requests", fmt, status="closed"), fmt) == [spread["old"].case_no]
    assert len(ids_of(get("requests", fmt, status="open,closed"), fmt)) == 2
    assert ids_of(get("requests", fmt, service_code="water"), fmt) == [spread["old"].case_no]
    assert len(ids_of(get("requests", fmt, service_code="water,air"), fmt)) == 2


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_override_every_other_filter(fmt: str, spread: dict[str, Complaint]) -> None:
    wanted = f"{spread['too_old'].case_no}, {spread['new'].case_no},TS000,{spread['spam'].case_no}"
    ids = ids_of(get("requests", fmt, service_request_id=wanted, service_code="water"), fmt)
    assert sorted(ids) == sorted([spread["too_old"].case_no, spread["new"].case_no])


@time_machine.travel(NOW, tick=False)
def test_at_most_1000_requests(categories: dict[str, Category]) -> None:
    air = categories["air"]
    Complaint.objects.bulk_create(
        Complaint(
            case_no=f"TS2026{n:05d}",
            verification_hash="-",
            channel="online",
            category=air,
            title="异味",
            description="夜间异味",
            submitted_at=NOW - timedelta(minutes=n + 1),
            received_on=NOW.date(),
            intake_limit=15,
            intake_unit="calendar_days",
            handling_limit=60,
            handling_unit="calendar_days",
            max_extension=30,
            state="replied",
        )
        for n in range(1001)
    )
    ids = ids_of(get("requests", "json"), "json")
    assert len(ids) == 1000
    assert ids[0] == "TS202600000" and "TS202601000" not in ids  # the newest 1,000


@time_machine.travel(NOW, tick=False)
def test_the_cap_is_a_setting(settings: Any, spread: dict[str, Complaint]) -> None:
    settings.OPEN311_MAX_REQUESTS = 1
    assert ids_of(get("requests", "xml"), "xml") == [spread["new"].case_no]


# ---------------------------------------------------------------- one request, its states


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_and_its_expected_date(
    fmt: str, register: Callable[..., Complaint], staff: dict[Role, Any]
) -> None:
    air = Department.objects.get(code="air")
    RoutingRule.objects.get_or_create(category=Category.objects.get(code="air"), department=air)
    complaint = register()  # hotline, received 2026-09-30: intake due 15 days later
    [item] = requests_of(get(f"requests/{complaint.case_no}", fmt), fmt)
    assert item["service_request_id"] == complaint.case_no
    assert item["status"] == "open"
    with translation.override("zh-hans"):
        assert item["status_notes"] == str(Complaint.State.RECEIVED.label)
    assert item["service_code"] == "air" and item["service_name"] == "大气"
    assert item["requested_datetime"] == "2026-09-30T10:00:00+08:00"
    assert item["expected_datetime"] == "2026-10-15T23:59:59+08:00"
    assert item["agency_responsible"] == air.name == "大气环境处"
    services.accept(actor=staff[Role.ADMINISTRATOR], complaint=complaint, on=date(2026, 10, 10))
    [item] = requests_of(get(f"requests/{complaint.case_no}", fmt), fmt)
    # accepted: handling due 60 days after acceptance (信访条例 Art. 33)
    assert item["status"] == "open"
    assert item["expected_datetime"] == "2026-12-09T23:59:59+08:00"


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_and_invalid_requests_are_404(fmt: str, spread: dict[str, Complaint]) -> None:
    assert_error(get("requests/TS202699999", fmt), fmt, 404, "TS202699999")
    assert_error(get(f"requests/{spread['spam'].case_no}", fmt), fmt, 404)


def test_closed_states_say_where_and_why(
    register: Callable[..., Complaint], staff: dict[Role, Any]
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    refused = services.refuse(
        actor=admin,
        complaint=register(),
        on=date(2026, 10, 8),
        reason="属于住建部门职责",
        referred_to="示范市住房和城乡建设局",
    )
    master = register()
    duplicate = services.merge_duplicate(
        actor=admin, complaint=register(), master=master, on=date(2026, 10, 8)
    )
    body = (
        Client()
        .get(
            f"{BASE}/requests.json",
            {"service_request_id": f"{refused.case_no},{duplicate.case_no},{master.case_no}"},
        )
        .json()
    )
    by_id = {item["service_request_id"]: item for item in body}
    assert by_id[refused.case_no]["status"] == "closed"
    assert "示范市住房和城乡建设局" in by_id[refused.case_no]["status_notes"]
    assert by_id[duplicate.case_no]["status"] == "closed"
    assert master.case_no in by_id[duplicate.case_no]["status_notes"]
    assert by_id[master.case_no]["status"] == "open"
    assert by_id[refused.case_no]["expected_datetime"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_tokens_resolve_to_the_request(fmt: str, spread: dict[str, Complaint]) -> None:
    case = spread["new"]
    [item] = requests_of(get(f"tokens/{case.token}", fmt), fmt)
    assert item == {"service_request_id": case.case_no, "token": str(case.token)}
    assert_error(get("tokens/not-a-uuid", fmt), fmt, 404, "token")
    assert_error(get("tokens/00000000-0000-0000-0000-000000000000", fmt), fmt, 404)
    assert_error(get(f"tokens/{spread['spam'].token}", fmt), fmt, 404)


# ---------------------------------------------------------------- privacy


@time_machine.travel(NOW, tick=False)
def test_no_personal_data_in_any_answer(odour: Category, api_key: str) -> None:
    posted = created_of(post("json", odour_request(api_key)), "json")
    case_no = posted["service_request_id"]
    complaint = Complaint.objects.get(case_no=case_no)
    Complaint.objects.filter(pk=complaint.pk).update(
        id_number="320502198803151234", contact_address="江苏省示范市东城区人民路100号3幢"
    )
    bodies = []
    for fmt in FORMATS:
        for path in ("requests", f"requests/{case_no}", f"tokens/{complaint.token}"):
            response = get(path, fmt)
            assert response.status_code == 200
            bodies.append(response.content.decode())
    [item] = Client().get(f"{BASE}/requests/{case_no}.json").json()
    # not agreed to publication: the category's own text, not what was written
    assert item["description"] == "工业或餐饮异味"
    assert item["address"] == "江苏省示范市东城区****"  # no street, no number
    assert (item["lat"], item["long"]) == (31.299, 120.585)  # about 100 m
    assert item["service_notice"] is None  # the verification code is never shown again
    for body in bodies:
        for value in PERSONAL_VALUES:
            assert value not in body, (value, body[:300])
        assert "焦糊味油烟" not in body


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_agreed_description_is_shown_masked(fmt: str, categories: dict[str, Category]) -> None:
    case = make_case(
        categories["air"],
        NOW - timedelta(days=1),
        name="林晓梅",
        phone="13962158877",
        agrees_to_publication=True,
        title="烧烤油烟",
        description="林晓梅反映：人民路100号烧烤店油烟扰民，电话13962158877。\x01",
    )
    [item] = requests_of(get(f"requests/{case.case_no}", fmt), fmt)
    assert "烧烤店油烟扰民" in item["description"]
    assert "139****8877" in item["description"] and "人民路****" in item["description"]
    for value in PERSONAL_VALUES:
        assert value not in item["description"]


def test_published_replies_show_in_the_notes(accepted: Complaint, staff: dict[Role, Any]) -> None:
    admin = staff[Role.ADMINISTRATOR]
    services.reply(
        actor=admin, complaint=accepted, text="经查，该厂已停产整改。", on=date(2026, 10, 20)
    )
    item = Client().get(f"{BASE}/requests/{accepted.case_no}.json").json()[0]
    assert item["status"] == "closed" and item["expected_datetime"] is None
    assert "经查" not in item["status_notes"]  # a reply is public only once published
    Complaint.objects.filter(pk=accepted.pk).update(agrees_to_publication=True)
    accepted.refresh_from_db()
    services.publish_reply(
        actor=admin,
        complaint=accepted,
        summary="反映园区化工厂夜间排放异味。",
        reply="经查，该厂已停产整改。",
        on=date(2026, 10, 21),
    )
    item = Client().get(f"{BASE}/requests/{accepted.case_no}.json").json()[0]
    assert "该厂已停产整改" in item["status_notes"]
    assert item["description"] == "反映园区化工厂夜间排放异味。"
    assert "李小梅" not in str(item) and "13912345678" not in str(item)


def test_an_xml_answer_carries_no_invalid_characters(categories: dict[str, Category]) -> None:
    case = make_case(
        categories["air"],
        datetime(2026, 11, 1, 9, tzinfo=SHANGHAI),
        agrees_to_publication=True,
        description="异味\x01\x08\x1b严重",
    )
    with time_machine.travel(NOW, tick=False):
        root = parse(get(f"requests/{case.case_no}", "xml"))
    assert "异味严重" in root.findtext("request/description")


def test_the_times_are_shanghai_times(categories: dict[str, Category]) -> None:
    case = make_case(categories["air"], at(date(2026, 10, 30), 23))
    item = Client().get(f"{BASE}/requests/{case.case_no}.json").json()[0]
    assert item["requested_datetime"] == "2026-10-30T23:00:00+08:00"
