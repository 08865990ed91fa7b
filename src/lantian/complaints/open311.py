"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under ``/open311/``.

The same complaints as the web form, for other systems: service discovery, the services
(one per active :class:`~lantian.complaints.models.Category`; its extra questions are the
service definition's attributes), posting a request (a keyed client: an API key of scope
``open311``), and the public list of requests. Every answer comes in XML (required by the
spec) or JSON, as the path's suffix asks; errors are the spec's list of ``code`` and
``description`` with HTTP 400, 403 (api_key) or 404, in the same format.

What a request shows is public data only: the category, the public state in words, the
dates, the department, the location with its house number masked and its point rounded
to about 100 m, and a description only when the complainant agreed to publication
(masked), else the category's own text. Never a name, phone, e-mail, ID number or contact
address. Invalid messages (spam) are not listed.

Choices made where the spec leaves room (docs/api.md):

- the verification code a case needs on the tracking page reaches the submitter through
  the keyed client: it is in the POST answer's ``service_notice`` and nowhere else (a GET
  never shows it);
- ``media_url`` is refused (400): a remote file is neither fetched nor kept, photos come
  through the web form, where they are checked and their location data removed;
- ``address_id`` is refused without ``lat``/``long`` or ``address_string`` (the bureau
  has no address register);
- ``device_id`` and ``account_id`` are ignored (never stored); ``account_id`` answers null.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from lantian.complaints import selectors, services
from lantian.complaints.models import Category, Complaint
from lantian.complaints.rules import Channel
from lantian.core import apikeys
from lantian.core.forms import phone_error
from lantian.core.i18n import localized
from lantian.core.privacy import mask_address, mask_house_numbers, mask_text

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's interface last changed (discovery's ``changeset``).
CHANGESET = "2026-12-07T00:00:00+08:00"
SCOPE = "open311"
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
MEDIA_TYPES = {"xml": "text/xml", "json": "application/json"}

WINDOW_DAYS = 90  # the spec's default window and the longest a query may span
MAX_IDS = 100  # service_request_id values in one query
DESCRIPTION_MAX = 4000  # the spec's limit on description
ATTRIBUTE_MAX = 1000  # one attribute's text
COORDINATE_DECIMALS = 3  # about 100 m: a point, not a doorway
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

State = Complaint.State
OPEN_STATES = (State.RECEIVED, State.ACCEPTED)
CLOSED_STATES = (State.REPLIED, State.CLOSED, State.REFUSED, State.DUPLICATE)

# XML after the spec's "Spark convention": the children of a list are named by its
# singular.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry, even escaped (a text from another channel may hold one).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def max_requests() -> int:
    """The most requests one GET answers (the spec: the first 1,000)."""
    return int(getattr(settings, "OPEN311_MAX_REQUESTS", 1000))


def jurisdiction_id() -> str:
    return str(getattr(settings, "OPEN311_JURISDICTION_ID", "") or "lantian.demo")


# --- rendering ---------------------------------------------------------------------------


def _element(parent: ET.Element, tag: str, value: Any) -> None:
    node = ET.SubElement(parent, tag)
    if isinstance(value, list):
        for item in value:
            _element(node, ITEM[tag], item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _element(node, key, item)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = _NOT_XML.sub("", str(value))


def to_xml(root: str, data: list[Any] | dict[str, Any]) -> bytes:
    """``data`` as the spec's XML: a list under ``<root>`` as its singular items, a dict
    as ``<root>``'s children; true/false for booleans, an empty element for null."""
    tree = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _element(tree, ITEM[root], item)
    else:
        for key, value in data.items():
            _element(tree, key, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        tree, encoding="utf-8", xml_declaration=False
    )


def render(
    fmt: str, root: str, data: list[Any] | dict[str, Any], status: int = 200
) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False).encode() if fmt == "json" else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


class Open311Error(Exception):
    """One or more errors, answered as the spec's ``errors`` with ``status``."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)


def error_response(fmt: str, status: int, descriptions: Iterable[str]) -> HttpResponse:
    errors = [{"code": status, "description": str(text)} for text in descriptions]
    return render(fmt if fmt in CONTENT_TYPES else "xml", "errors", errors, status)


def endpoint(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A GeoReport endpoint: a known format (else 404 in XML), an allowed method (else
    405), the jurisdiction (an unknown one is 404), and :class:`Open311Error` answered
    in the request's format."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            fmt = fmt.lower()
            if fmt not in CONTENT_TYPES:
                return error_response(
                    "xml", 404, [_("Unknown format %(fmt)s: use xml or json.") % {"fmt": fmt}]
                )
            if request.method not in methods:
                response = error_response(
                    fmt, 405, [_("This method is not allowed on this endpoint.")]
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                check_storable(request, kwargs)
                check_jurisdiction(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return error_response(fmt, error.status, error.descriptions)

        return wrapper

    return decorate


# What no database column can hold (NUL; PostgreSQL refuses it) and lone surrogates; a
# path or query value (codes, ids, dates) takes no control character at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def check_storable(request: HttpRequest, path_values: dict[str, Any]) -> None:
    """A 400 naming the parameter for text a query could not carry to the database."""
    given = [(name, value, _NOT_ONE_LINE) for name, value in path_values.items()]
    given += [(name, v, _NOT_ONE_LINE) for name in request.GET for v in request.GET.getlist(name)]
    if request.method == "POST":
        given += [(n, v, _UNSTORABLE) for n in request.POST for v in request.POST.getlist(n)]
    for name, value, refused in given:
        if refused.search(str(name)) or (isinstance(value, str) and refused.search(value)):
            raise Open311Error(
                400,
                _("%(name)s must not contain control characters or invalid Unicode.")
                % {"name": str(name)[:40].encode("unicode_escape").decode()},
            )


def check_jurisdiction(request: HttpRequest) -> None:
    """One jurisdiction is served: ``jurisdiction_id`` may be left out; any other than
    ours is 404, as the spec says."""
    source = request.POST if request.method == "POST" else request.GET
    given = (source.get("jurisdiction_id") or request.GET.get("jurisdiction_id") or "").strip()
    if given and given.lower() != jurisdiction_id().lower():
        raise Open311Error(
            404, _("jurisdiction_id %(given)s was not found.") % {"given": given[:100]}
        )


# --- discovery and services ---------------------------------------------------------------


@endpoint("GET", "HEAD")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """The service discovery document: where GeoReport v2 is, in which formats."""
    services_url = reverse("open311:services", kwargs={"fmt": fmt})
    base = request.build_absolute_uri(services_url.rsplit("/", 1)[0] + "/")
    data = {
        "changeset": CHANGESET,
        "contact": getattr(settings, "OPEN311_CONTACT", "")
        or _("Demo City Ecology and Environment Bureau, 12369"),
        "key_service": _("API keys of scope open311 are issued by the bureau's administrators."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base.rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": [MEDIA_TYPES["xml"], MEDIA_TYPES["json"]],
            }
        ],
    }
    return _cached(render(fmt, "discovery", data))


def _cached(response: HttpResponse, seconds: int = 300) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _keywords(text: str) -> str:
    return ", ".join(word for word in re.split(r"[,，、;；\s]+", text or "") if word)


def service_entry(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": localized(category.description, category.description_en),
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": _keywords(category.keywords),
        "group": _("Environmental complaints"),
    }


@endpoint("GET", "HEAD")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    services_ = [service_entry(c) for c in Category.objects.filter(is_active=True)]
    return _cached(render(fmt, "services", services_))


def active_category(code: str) -> Category:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code[:100]})
    return category


def attribute_entries(category: Category) -> list[dict[str, Any]]:
    """The category's extra questions as the spec's attributes, in their order."""
    entries = []
    for index, question in enumerate(_questions(category), start=1):
        entries.append(
            {
                "variable": True,
                "code": question["code"],
                "datatype": question.get("datatype") or "string",
                "required": bool(question.get("required")),
                "datatype_description": localized(
                    question.get("datatype_description", ""),
                    question.get("datatype_description_en", ""),
                )
                or None,
                "order": int(question.get("order") or index),
                "description": localized(
                    question.get("description", ""), question.get("description_en", "")
                ),
                "values": [
                    {
                        "key": value["key"],
                        "name": localized(value.get("name", ""), value.get("name_en", "")),
                    }
                    for value in question.get("values") or []
                ],
            }
        )
    return entries


def _questions(category: Category) -> list[dict[str, Any]]:
    questions = [q for q in category.attributes or [] if isinstance(q, dict) and q.get("code")]
    return sorted(questions, key=lambda q: int(q.get("order") or 0))


@endpoint("GET", "HEAD")
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    category = active_category(service_code)
    data = {"service_code": category.code, "attributes": attribute_entries(category)}
    return _cached(render(fmt, "service_definition", data))


# --- a request, as the public sees it -----------------------------------------------------


def _local(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _end_of(day: date | None) -> str | None:
    """A due date as the spec's datetime: the end of that day, Shanghai time."""
    if day is None:
        return None
    return _local(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


def public_status(complaint: Complaint) -> str:
    return "open" if complaint.state in OPEN_STATES else "closed"


def status_notes(complaint: Complaint) -> str:
    """The public state in words: where a refused case went, the master case of a
    duplicate, the published reply of an answered one."""
    label = str(complaint.get_state_display())
    if complaint.state == State.REFUSED and complaint.referred_to:
        return _("%(state)s (%(where)s).") % {"state": label, "where": complaint.referred_to}
    if complaint.state == State.DUPLICATE and complaint.master_id:
        return _("%(state)s: case %(case_no)s.") % {
            "state": label,
            "case_no": complaint.master.case_no,
        }
    if complaint.state in (State.REPLIED, State.CLOSED) and complaint.published:
        return f"{label}: {complaint.public_reply}" if complaint.public_reply else label
    return label


def public_description(complaint: Complaint) -> str:
    """What the complainant wrote, only when they agreed to publication and masked (the
    staff's published question when there is one); else the category's own text."""
    if complaint.published and complaint.public_summary:
        return complaint.public_summary[:DESCRIPTION_MAX]
    if complaint.agrees_to_publication:
        text = "\n".join(part for part in (complaint.title, complaint.description) if part)
        masked = mask_house_numbers(mask_text(text, names=[complaint.name]))
        return masked[:DESCRIPTION_MAX]
    category = complaint.category
    return localized(category.description, category.description_en) or _(
        "A complaint about %(category)s."
    ) % {"category": category.display_name}


def _rounded(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, COORDINATE_DECIMALS)


def request_entry(complaint: Complaint, clock: Any) -> dict[str, Any]:
    """One case as a GeoReport request: public data only."""
    open_ = complaint.state in OPEN_STATES
    expected = None
    if open_ and clock is not None:
        expected = clock.handling_due if complaint.state == State.ACCEPTED else clock.intake_due
    department = complaint.department
    return {
        "service_request_id": complaint.case_no,
        "status": public_status(complaint),
        "status_notes": status_notes(complaint),
        "service_name": complaint.category.display_name,
        "service_code": complaint.category.code,
        "description": public_description(complaint),
        "agency_responsible": department.display_name if department is not None else None,
        "service_notice": None,
        "requested_datetime": _local(complaint.submitted_at),
        "updated_datetime": _local(complaint.updated_at),
        "expected_datetime": _end_of(expected),
        "address": mask_address(complaint.address) or None,
        "address_id": None,
        "zipcode": None,
        "lat": _rounded(complaint.latitude),
        "long": _rounded(complaint.longitude),
        "media_url": None,
    }


def public_cases() -> QuerySet[Complaint]:
    """Every case the public may see listed: all but invalid messages (spam)."""
    return Complaint.objects.exclude(state=State.SPAM).select_related(
        "category", "department", "master"
    )


def request_entries(cases: Iterable[Complaint]) -> list[dict[str, Any]]:
    cases = list(cases)
    clocks = selectors.case_clocks([c for c in cases if c.state in OPEN_STATES])
    return [request_entry(c, clocks.get(c.pk)) for c in cases]


# --- GET requests ---------------------------------------------------------------------------


def _datetime_param(request: HttpRequest, name: str) -> datetime | None:
    text = (request.GET.get(name) or "").strip()
    if not text:
        return None
    try:
        value = parse_datetime(text)
        day = None if value is not None else parse_date(text)
    except ValueError:
        value = day = None
    if value is None and day is not None:  # a date alone: from the start of that day
        value = datetime.combine(day, time.min)
    if value is None:
        raise Open311Error(
            400,
            _("%(name)s must be a date and time in W3C format, such as 2026-01-01T00:00:00+08:00.")
            % {"name": name},
        )
    if not EARLIEST <= value.date() <= LATEST:
        raise Open311Error(
            400,
            _("%(name)s must be from %(low)s to %(high)s.")
            % {"name": name, "low": EARLIEST, "high": LATEST},
        )
    offset = value.utcoffset()
    if offset is not None and abs(offset) > timedelta(hours=14):
        raise Open311Error(
            400, _("%(name)s must have a UTC offset from -14:00 to +14:00.") % {"name": name}
        )
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _list_param(request: HttpRequest, name: str) -> list[str]:
    values = []
    for given in request.GET.getlist(name):
        values.extend(part.strip() for part in given.split(",") if part.strip())
    return values


def query_requests(request: HttpRequest) -> list[Complaint]:
    """The cases a GET requests query selects, newest first, at most :func:`max_requests`.

    ``service_request_id`` (a comma list) overrides every other filter. Otherwise the
    window is ``start_date`` … ``end_date`` on the time of the request; a side left out
    is 90 days from the other, both left out the last 90 days; at most 90 days."""
    cases = public_cases()
    ids = _list_param(request, "service_request_id")
    if ids:
        if len(ids) > MAX_IDS:
            raise Open311Error(
                400,
                _("service_request_id may list at most %(count)s requests.") % {"count": MAX_IDS},
            )
        return list(cases.filter(case_no__in=[selectors.normalise_code(i) for i in ids]))
    start, end = _datetime_param(request, "start_date"), _datetime_param(request, "end_date")
    window = timedelta(days=WINDOW_DAYS)
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - window
    elif end is None:
        end = start + window
    if end < start:
        raise Open311Error(400, _("end_date must not be before start_date."))
    if end - start > window:
        raise Open311Error(
            400,
            _("start_date and end_date must be at most %(days)s days apart.")
            % {"days": WINDOW_DAYS},
        )
    cases = cases.filter(submitted_at__gte=start, submitted_at__lte=end)
    codes = _list_param(request, "service_code")
    if codes:
        cases = cases.filter(category__code__in=codes)
    statuses = {s.lower() for s in _list_param(request, "status")}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed (or both, comma separated)."))
    if statuses == {"open"}:
        cases = cases.filter(state__in=OPEN_STATES)
    elif statuses == {"closed"}:
        cases = cases.filter(state__in=CLOSED_STATES)
    return list(cases.order_by("-submitted_at", "-pk")[: max_requests()])


@csrf_exempt  # a keyed machine client, no cookie: the api_key is the authentication
@endpoint("GET", "HEAD", "POST")
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return post_request(request, fmt)
    response = render(fmt, "service_requests", request_entries(query_requests(request)))
    response["Cache-Control"] = "public, max-age=60"
    return response


@endpoint("GET", "HEAD")
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    complaint = public_cases().filter(case_no=selectors.normalise_code(service_request_id)).first()
    if complaint is None:
        raise Open311Error(
            404,
            _("service_request_id %(id)s was not found.") % {"id": service_request_id[:100]},
        )
    response = render(fmt, "service_requests", request_entries([complaint]))
    response["Cache-Control"] = "public, max-age=60"
    return response


@endpoint("GET", "HEAD")
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    complaint = None
    try:
        complaint = public_cases().filter(token=token).first()
    except DjangoValidationError:  # not a UUID
        complaint = None
    if complaint is None:
        raise Open311Error(404, _("token %(token)s was not found.") % {"token": token[:100]})
    data = [{"service_request_id": complaint.case_no, "token": str(complaint.token)}]
    return render(fmt, "service_requests", data)


# --- POST requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    latitude: float | None
    longitude: float | None
    address: str


def _number(text: str, name: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise Open311Error(
            400,
            _("%(name)s must be a number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def location_of(data: Any) -> Location:
    """``lat`` and ``long`` (both, WGS84) or ``address_string``: one is required."""
    lat, long_ = (data.get("lat") or "").strip(), (data.get("long") or "").strip()
    address = " ".join((data.get("address_string") or "").split())
    if bool(lat) != bool(long_):
        raise Open311Error(400, _("lat and long must be sent together."))
    if not lat and not address:
        if (data.get("address_id") or "").strip():
            raise Open311Error(
                400,
                _("address_id is not supported here: send lat and long, or address_string."),
            )
        raise Open311Error(400, _("A location is required: lat and long, or address_string."))
    if len(address) > 300:
        raise Open311Error(400, _("address_string must have at most 300 characters."))
    latitude = _number(lat, "lat", -90, 90) if lat else None
    longitude = _number(long_, "long", -180, 180) if long_ else None
    return Location(latitude, longitude, address)


_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def attribute_answers(category: Category, data: Any) -> dict[str, Any]:
    """``attribute[code]=value`` (``attribute[code][]=`` for several) checked against the
    category's questions: known codes, required answered, the datatype kept, list values
    among the keys."""
    given: dict[str, list[str]] = {}
    for key in data:
        match = _ATTRIBUTE.match(key)
        if match:
            values = [v.strip() for v in data.getlist(key) if v.strip()]
            given.setdefault(match.group(1), []).extend(values)
    questions = {q["code"]: q for q in _questions(category)}
    problems = [
        _("attribute[%(code)s] is not a question of service %(service)s.")
        % {"code": code[:50], "service": category.code}
        for code in given
        if code not in questions
    ]
    answers: dict[str, Any] = {}
    for code, question in questions.items():
        values = given.get(code, [])
        if not values:
            if question.get("required"):
                problems.append(_("attribute[%(code)s] is required.") % {"code": code})
            continue
        problem, answer = _answer(question, values)
        if problem:
            problems.append(f"attribute[{code}]: {problem}")
        else:
            answers[code] = answer
    if problems:
        raise Open311Error(400, *problems)
    return answers


def _answer(question: dict[str, Any], values: list[str]) -> tuple[str, Any]:
    datatype = question.get("datatype") or "string"
    keys = [str(v["key"]) for v in question.get("values") or []]
    if datatype == "multivaluelist":
        wrong = [v for v in values if v not in keys]
        return (
            (_("must be among %(keys)s.") % {"keys": ", ".join(keys)}, None)
            if wrong
            else ("", values)
        )
    if len(values) > 1:
        return _("takes one value."), None
    value = values[0]
    if len(value) > ATTRIBUTE_MAX or _NOT_XML.search(value) or "\x00" in value:
        return _("is too long or holds characters that cannot be stored."), None
    if datatype == "singlevaluelist":
        return (
            ("", value)
            if value in keys
            else (_("must be one of %(keys)s.") % {"keys": ", ".join(keys)}, None)
        )
    if datatype == "number":
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        return ("", number) if math.isfinite(number) else (_("must be a number."), None)
    if datatype == "datetime":
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None or not EARLIEST <= moment.date() <= LATEST:
            return _("must be a date and time such as 2026-01-01T08:00:00+08:00."), None
        return "", value
    if datatype == "string" and ("\n" in value or "\r" in value):
        return _("must be one line."), None
    return "", value


def _personal_name(first: str, last: str) -> str:
    """A Chinese name is written family name first, without a space."""
    first, last = first.strip(), last.strip()
    if re.search("[\u3400-\u9fff]", first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _text(data: Any, name: str, longest: int) -> str:
    value = (data.get(name) or "").strip()
    if len(value) > longest:
        raise Open311Error(
            400,
            _("%(name)s must have at most %(count)s characters.")
            % {"name": name, "count": longest},
        )
    if "\x00" in value or _NOT_XML.search(value):
        raise Open311Error(
            400, _("%(name)s holds characters that cannot be stored.") % {"name": name}
        )
    return value


def check_api_key(data: Any) -> None:
    key = (data.get("api_key") or "").strip()
    if not key:
        raise Open311Error(403, _("api_key is required to post a request."))
    if apikeys.check_key(key, SCOPE) is None:
        raise Open311Error(403, _("Invalid api_key: not a key of scope open311."))


@never_cache
def post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    """Register a complaint from a keyed client (channel ``online``)."""
    data = request.POST
    check_api_key(data)
    code = (data.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = active_category(code)
    if (data.get("media_url") or "").strip():
        raise Open311Error(
            400,
            _(
                "media_url is not accepted: photos are not fetched from other sites; "
                "send them through the bureau's complaint form."
            ),
        )
    location = location_of(data)
    answers = attribute_answers(category, data)
    description = _text(data, "description", DESCRIPTION_MAX)
    if not description:
        raise Open311Error(400, _("description is required: what is happening, and where."))
    name = _personal_name(_text(data, "first_name", 50), _text(data, "last_name", 50))
    phone = _text(data, "phone", 30)
    if phone and (problem := phone_error(phone)):  # the web form's rule
        raise Open311Error(400, f"phone: {problem}")
    email = _text(data, "email", 254)
    title = description.splitlines()[0][:60] if description else category.name
    try:
        complaint, verification = services.register_complaint(
            actor=None,
            channel=Channel.ONLINE,
            category=category,
            title=title,
            description=description,
            latitude=location.latitude,
            longitude=location.longitude,
            address=location.address,
            attributes=answers,
            name=name,
            phone=phone,
            email=email,
            anonymous=not (name or phone or email),
            agrees_to_publication=False,
        )
    except DjangoValidationError as error:
        raise Open311Error(400, *_messages(error)) from None
    notice = _(
        "Case %(case_no)s was registered. Verification code: %(code)s (give it to the "
        "complainant: with the case number it opens the case on the bureau's tracking page). "
        "The decision to accept it is due by %(due)s."
    ) % {
        "case_no": complaint.case_no,
        "code": verification,
        "due": selectors.case_clock(complaint).intake_due or "—",
    }
    data_out = [
        {"service_request_id": complaint.case_no, "service_notice": notice, "account_id": None}
    ]
    # 200, not 201: the spec shows none, and clients written against it expect 200
    return render(fmt, "service_requests", data_out)


def _messages(error: DjangoValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {' '.join(e.messages)}" if field != "__all__" else " ".join(e.messages)
            for field, errors in error.error_dict.items()
            for e in errors
        ]
    return list(error.messages)
