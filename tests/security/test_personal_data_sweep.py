"""Personal data never leaves the bureau (issue 16): one person's distinctive name, ID
number, phone, e-mail and street address are seeded into every kind of case that holds a
person — an FOI application, a complaint and a letter to the director's mailbox with
published replies, a published EIA comment, a penalty on an individual, an enterprise
account — and then every public page, feed, download and API response is fetched
anonymously and searched for them. Masked forms (隗**, 139****5678) are allowed; the full
value is not."""

from __future__ import annotations

import contextlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from lantian.complaints import batch_services, batches, watch
from lantian.complaints import services as complaints
from lantian.core import privacy
from lantian.core.roles import Role
from lantian.disclosure import services as disclosure
from lantian.disclosure.models import Attachment, DisclosureItem
from lantian.eia import comment_services
from lantian.eia import services as eia
from lantian.enforcement.models import Penalty
from lantian.foi import services as foi
from lantian.foi.models import Application
from lantian.sources import services as sources
from tests.complaints.batch_fixtures import enforcement_head, office_head, places
from tests.eia.conftest import project
from tests.enforcement.records import decision
from tests.sources.conftest import Plants, plants
from tests.water.test_report import pdf_streams

__all__ = ["enforcement_head", "office_head", "places", "plants"]

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, tzinfo=CST)

NAME = "隗霁川"
ID_NUMBER = "110101199003074514"
PHONE = "13912345678"
EMAIL = "jichuan.wei@example.org"
ADDRESS = "示范市东城区柳荫街17号3单元"
STREET = "柳荫街17号"  # the street address without its divisions
# An inspection batch's sheet carries no complainant field: a name in its free text is
# found only by core.text.person_names, which needs a surname it knows.
BATCH_NAME = NAME  # a rare surname (隗): found by core.text only since it knows the 百家姓
SECRETS = {
    "name": NAME,
    "ID number": ID_NUMBER,
    "phone": PHONE,
    "e-mail": EMAIL,
    "address": ADDRESS,
    "street address": STREET,
    "name in an inspection batch": BATCH_NAME,
}
MASKED = (privacy.mask_name(NAME), privacy.mask_phone(PHONE), privacy.mask_email(EMAIL))
# What a person writes in free text: every secret, the phone with separators.
FREE_TEXT = f"我是{NAME}，身份证{ID_NUMBER}，电话139-1234-5678，邮箱{EMAIL}，住{ADDRESS}。"

# Not public, or not a page: the back office, Wagtail's own views, the private downloads
# behind a tracking code or an account, the enterprise account pages, form posts.
SKIPPED_PREFIXES = (
    "admin/",
    "documents/",
    "i18n/",
    "_util/",
    "^media/",
    "api/v1/",  # swept from the OpenAPI document instead
    "sources/account/",
)
SKIPPED_NAMES = {"letter", "released_file", "wagtail_serve", "text_size", "leave"}


@dataclass
class Seeded:
    application: Application
    verification: str  # the applicant's code, shown once
    complaint: Any
    complaint_code: str
    letter: Any
    penalty: Penalty
    project: Any
    plants: Plants
    index_nos: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    typical_cases: list[int] = field(default_factory=list)


def _answered(admin: Any, **values: Any) -> tuple[Any, str]:
    """A complaint with the person's data, replied to and published (masked)."""
    received = date(2026, 10, 12)
    complaint, code = complaints.register_complaint(
        actor=None,
        category="air",
        title=f"{NAME}反映化工厂夜间排放刺鼻气体",
        description=f"每天夜里化工厂排放刺鼻气体。{FREE_TEXT}",
        submitted_at=datetime(2026, 10, 12, 9, tzinfo=CST),
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        id_number=ID_NUMBER,
        contact_address=ADDRESS,
        address=ADDRESS,
        agrees_to_publication=True,
        **values,
    )
    complaints.accept(actor=admin, complaint=complaint, on=received)
    complaints.reply(
        actor=admin,
        complaint=complaint,
        text=f"{NAME}您好：已责令企业整改。回电{PHONE}。",
        on=date(2026, 10, 30),
    )
    complaints.publish_reply(
        actor=admin,
        complaint=complaint,
        summary=f"{NAME}（电话{PHONE}，{EMAIL}）反映化工厂夜间排放刺鼻气体。",
        reply=f"{NAME}您好：经现场检查，已责令停产整改。",
        on=date(2026, 10, 30),
    )
    complaint.refresh_from_db()
    return complaint, code


def _inspection_batch(admin: Any, heads: dict[str, Any], staff: dict[Role, Any]) -> None:
    """A central inspection batch (中央环保督察) whose case names the person, investigated
    and its results published through the disclosure review (a page and an XLSX)."""
    row = {"case_no": "D3SF202611001", "district": "东城区", "category": "大气污染"}
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=CST), tick=False):
        result = batch_services.import_batch(
            actor=admin,
            filename="b.xlsx",
            content=batches.sample_batch_xlsx(
                rows=({**row, "description": FREE_TEXT.replace(NAME, BATCH_NAME)},)
            ),
        )
    assert len(result.imported) == 1, result
    case = result.imported[0]
    complaints.record_findings(
        actor=admin,
        complaint=case,
        findings=f"经核查，情况属实。举报人{BATCH_NAME}（{PHONE}）已获告知。",
        substantiated="yes",
        measures="责令立即整改。",
        on=date(2026, 11, 8),
    )
    complaints.reply(
        actor=admin, complaint=case, text=f"{NAME}您好：已查处。", on=date(2026, 11, 10)
    )
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=CST), tick=False):
        item = batch_services.publish_batch_results(actor=admin, batch=result.batch)
        disclosure.approve_step(actor=staff[Role.REVIEWER], item=item, comment="不涉密，可公开")
        disclosure.approve_step(actor=heads[item.department.code], item=item)


def seed(staff: dict[Role, Any], plants: Plants, heads: dict[str, Any]) -> Seeded:
    admin = staff[Role.ADMINISTRATOR]
    application, verification = foi.register_application(
        actor=admin,
        channel="in_person",
        submitted_at=datetime(2026, 11, 2, 10, tzinfo=CST),
        applicant_type=Application.ApplicantType.NATURAL_PERSON,
        name=NAME,
        id_type=Application.IdType.RESIDENT_ID,
        id_number=ID_NUMBER,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        description=f"请公开示范热电有限公司2026年排放监测数据。{FREE_TEXT}",
    )
    complaint, complaint_code = _answered(admin, channel="online")
    letter, _code = _answered(admin, channel="mailbox")

    penalty = decision(
        "示环罚〔2026〕31号",
        kind=Penalty.OffenderKind.INDIVIDUAL,
        name=NAME,
        decided_on=date(2026, 11, 2),
        published_on=date(2026, 11, 3),
    )
    sources.invite_account(actor=admin, enterprise=plants.power, email=EMAIL, name=NAME)

    book = project(plants, accepted_on=date(2026, 11, 2))
    notice = eia.add_notice(
        actor=None,
        project=book,
        kind="acceptance",
        starts_on=date(2026, 11, 3),
        ends_on=date(2026, 11, 16),
    )
    comment = comment_services.submit_comment(
        notice=notice,
        name=NAME,
        contact=f"{PHONE} {EMAIL}",
        text=f"建议加强脱硫设施监管。{FREE_TEXT}",
        today=date(2026, 11, 5),
    )
    comment_services.moderate_comment(actor=admin, comment=comment, publish=True)
    comment_services.reply_to_comment(
        actor=admin, comment=comment, reply=f"感谢{NAME}的意见，已转建设单位。"
    )
    _inspection_batch(admin, heads, staff)
    typical = watch.save_typical_case(
        actor=admin,
        title="化工园区夜间异味整治",
        summary="群众反映化工厂夜间排放刺鼻气体。",
        handling="执法人员夜间突击检查，责令停产整改。",
        category=complaint.category,
        complaint=complaint,
    )
    watch.publish_typical_case(actor=admin, case=typical, on=date(2026, 11, 12))
    live = DisclosureItem.objects.filter(live=True)
    index_nos = list(live.values_list("index_no", flat=True)[:5])
    attachments = [
        f"/disclosure/files/{a.pk}/{a.file.name.rsplit('/', 1)[-1]}"
        for a in Attachment.objects.filter(item__in=live)
    ]
    return Seeded(
        application,
        verification,
        complaint,
        complaint_code,
        letter,
        penalty,
        book,
        plants,
        index_nos,
        attachments,
        [typical.pk],
    )


# ------------------------------------------------------------------- the URLs


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern.name or ""))
    return found


def _values(seeded: Seeded) -> dict[str, list[str]]:
    """Path parameters by the route's prefix and name: the seeded cases' numbers."""
    power, complaint, letter = seeded.plants.power, seeded.complaint, seeded.letter
    return {
        "interaction/replies/<int:pk>/": [str(complaint.pk), str(letter.pk)],
        "interaction/typical-cases/<int:pk>/": [str(pk) for pk in seeded.typical_cases],
        "sources/penalties/<int:pk>/": [str(seeded.penalty.pk)],
        "sources/enterprises/<str:credit_code>/": [power.credit_code],
        "eia/projects/<int:pk>/": [str(seeded.project.pk)],
        "eia/projects/<int:pk>/comments/": [str(seeded.project.pk)],
        "eia/notices/feed/<str:kind>/rss.xml": ["acceptance"],
        "eia/notices/feed/<str:kind>/atom.xml": ["acceptance"],
        "disclosure/items/<path:index_no>/": seeded.index_nos,
        "disclosure/annual-reports/<int:year>/": ["2025"],
        "reports/bulletin/<int:year>/": ["2025"],
    }


def _fill(route: str, values: list[str]) -> list[str]:
    return ["/" + re.sub(r"<[^>]+>", value, route, count=1) for value in values]


# Downloads and queries that a plain route does not reach.
def _extra_urls(seeded: Seeded) -> list[str]:
    urls = [
        f"/interaction/replies/?year=2026&category=air&channel={c}" for c in ("online", "mailbox")
    ]
    for fmt in ("csv", "xlsx", "geojson"):
        urls += [f"/eia/projects/?format={fmt}", f"/sources/enterprises/?format={fmt}"]
    for fmt in ("csv", "xlsx"):
        urls += [
            f"/sources/penalties/?format={fmt}",
            f"/sources/credit-ratings/?year=2026&format={fmt}",
            f"/sources/disclosure-reports/?year=2026&format={fmt}",
        ]
    # A secret as the query is echoed on the page (allowed); the others must not show.
    for query in (NAME, PHONE, EMAIL, ID_NUMBER, "柳荫街", "化工厂", "脱硫", "jichuan"):
        urls.append(f"/search/?q={query}")
    urls += [
        "/open311/discovery.json",
        "/open311/v2/services.json",
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{seeded.complaint.case_no}.json",
        f"/open311/v2/requests/{seeded.letter.case_no}.xml",
        "/interaction/statistics/?year=2026",
        "/interaction/inspection/2026-D012/",
        *seeded.attachments,
    ]
    return urls


def _own_cases(client: Client, seeded: Seeded) -> list[str]:
    """Sign ``client`` in to the applicant's and the complainant's own tracking pages,
    which show the person's data masked; return those pages."""
    client.post(
        "/services/foi/track/",
        {
            "tracking_code": seeded.application.tracking_code,
            "verification_code": seeded.verification,
        },
    )
    client.post(
        "/interaction/track/",
        {"case_no": seeded.complaint.case_no, "verification_code": seeded.complaint_code},
    )
    return ["/services/foi/track/case/", "/interaction/track/case/"]


def _api_urls(client: Client, seeded: Seeded) -> list[str]:
    document = client.get("/api/v1/openapi.json").json()
    params = {
        # the applicant's and the complainant's own status, with their codes
        "tracking_code": [f"{seeded.application.tracking_code}?verification={seeded.verification}"],
        "case_no": [f"{seeded.complaint.case_no}?verification={seeded.complaint_code}"],
        "credit_code": [seeded.plants.power.credit_code],
        "project_id": [str(seeded.project.pk)],
        "index_no": seeded.index_nos[:2],
        "month": ["2026-10"],
    }
    urls: list[str] = []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        if not names:
            urls.append(path)
            continue
        for value in params.get(names[0], []):
            urls.append(path.replace(f"{{{names[0]}}}", value))
    urls += ["/api/v1/penalties?q=" + NAME, "/api/v1/disclosures?q=" + NAME]
    urls += ["/api/v1/complaints/stats?year=2026", "/api/v1/complaints/stats?year=2026&month=10"]
    return urls


# ------------------------------------------------------------------- the search


def _texts(response: Any) -> list[str]:
    """The response's body in every form a secret could hide in."""
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(BytesIO(content), read_only=True)
        cells = [
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        ]
        return ["\n".join(v for v in cells if v != "None")]
    if "pdf" in kind:
        streams = pdf_streams(content)
        return [streams.decode("latin-1"), streams.hex()]
    text = content.decode("utf-8", errors="replace")
    texts = [text, html.unescape(text), unquote(text)]
    if "json" in kind:
        with contextlib.suppress(ValueError):
            texts.append(json.dumps(json.loads(text), ensure_ascii=False))
    # The phone with its separators removed (139-1234-5678, 139 1234 5678).
    texts.append(re.sub(r"(?<=\d)[\s\-–]+(?=\d)", "", texts[-1]))
    return texts


def _leaks(url: str, texts: list[str]) -> list[str]:
    """The secrets found, but the one a search page echoes because it was the query."""
    query = unquote(url.partition("q=")[2].partition("&")[0])
    found = []
    for label, secret in SECRETS.items():
        if secret == query:
            continue
        forms = {secret, secret.encode("utf-16-be").hex()}
        if any(form in text for text in texts for form in forms):
            found.append(label)
    return found


def test_no_public_response_carries_a_persons_data(
    staff: dict[Role, Any], plants: Plants, places: Any, office_head: Any, enforcement_head: Any
) -> None:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        seeded = seed(staff, plants, {"office": office_head, "enforcement": enforcement_head})
        client = Client()
        values = _values(seeded)
        urls: list[str] = []
        for route, name in _routes():
            if route.startswith(SKIPPED_PREFIXES) or name in SKIPPED_NAMES or "(?P" in route:
                continue
            if "<" not in route:
                urls.append("/" + route)
            elif route in values:
                urls += _fill(route, values[route])
        urls += [p.url for p in Page.objects.live().specific() if p.url]
        urls += _extra_urls(seeded)
        api = _api_urls(client, seeded)
        urls += _own_cases(client, seeded)
        checked: list[str] = []
        leaks: list[str] = []
        masked: set[str] = set()
        for language in ("zh-hans", "en"):  # the API speaks one language
            client.cookies["django_language"] = language
            for url in urls + (api if language == "en" else []):
                response = client.get(url)
                if response.status_code != 200:
                    continue
                checked.append(url)
                texts = _texts(response)
                leaks += [f"{url} ({language}): {label}" for label in _leaks(url, texts)]
                masked |= {m for m in MASKED if any(m in text for text in texts)}
    assert not leaks, "personal data in public responses:\n" + "\n".join(leaks)
    # The person's data did reach the public pages, masked: the sweep saw the cases.
    assert masked == set(MASKED), set(MASKED) - masked
    unique = set(checked)
    assert len(unique) >= 40, sorted(unique)
    assert any("rss.xml" in u for u in unique) and any("atom.xml" in u for u in unique)
    assert any("format=xlsx" in u for u in unique) and any("format=csv" in u for u in unique)
    assert sum(u.startswith("/api/v1/") for u in unique) >= 10, sorted(unique)
    assert f"/interaction/replies/{seeded.complaint.pk}/" in unique
    assert f"/sources/penalties/{seeded.penalty.pk}/" in unique
    assert f"/eia/projects/{seeded.project.pk}/" in unique
    assert "/interaction/inspection/2026-D012/" in unique and seeded.attachments
    assert f"/interaction/typical-cases/{seeded.typical_cases[0]}/" in unique
    assert set(seeded.attachments) <= unique and seeded.index_nos
    assert {"/services/foi/track/case/", "/interaction/track/case/"} <= unique, "not signed in"
    tracked = (seeded.application.tracking_code, seeded.complaint.case_no)
    assert all(any(code in u and u.startswith("/api/") for u in unique) for code in tracked)


def test_a_rare_surname_in_free_text_is_masked() -> None:
    assert NAME not in privacy.mask_text(f"经核查，情况属实。举报人{NAME}（{PHONE}）已获告知。")
